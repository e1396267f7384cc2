"""Prove a golden file is faithful to its source document.

The golden's values, rendered in order, must reproduce the source's characters in order, apart
from whitespace, layout noise (page headers, column headers, HTML tags, field labels) and the
separator punctuation between fields. Blocks that a page-break spill moves to another record are
tolerated only as *moves*: the characters the source has and the rendering lacks must be exactly
the characters the rendering has and the source lacks, and they must stay a small share.

This module deliberately shares no code with the extractor: it is an independent check.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path

from docnorm.schemas.document import GoldenDocument
from docnorm.schemas.form_a import FormADocument
from docnorm.schemas.form_b import FormBDocument
from docnorm.schemas.form_p import FUND_SHARES, FormPDocument

MAX_MOVED_SHARE = 0.05
SEPARATORS = "；;，,:：、。"
_TAG = re.compile(r"</?[a-zA-Z][^>\n]{0,40}>")
_WS = re.compile(r"\s+")
_CODE_DASH = re.compile(r"(?<=\d)-(?=\s*[\u4e00-\u9fff])")  # 1-产出指标: the code's hyphen
_HEADER_WORDS = (
    "项目名称（资金使用单位）",
    "总计",
    "财政拨款",
    "财政专户拨款",
    "财政",
    "专户",
    "拨款",
    "其他资金",
    "其他",
    "资金",
    "绩效目标",
    "绩效指标",
)
_NOISE_LINES = [
    re.compile(r"^\s*项目支出绩效目标表（含转移支付项目）\s*$"),
    re.compile(r"^\s*部门整体预算绩效目标申报表\s*$"),
    re.compile(r"^\s*部门名称[：:][^\t\n]*$"),
    re.compile(r"^\s*单位[：:]\s*万元\s*$"),
    re.compile(
        r"^\s*(?:"
        + "|".join(map(re.escape, _HEADER_WORDS))
        + r")(?:\s+(?:"
        + "|".join(map(re.escape, _HEADER_WORDS))
        + r"))*\s*$"
    ),
]
_LABELS = re.compile(
    r"实施周期指标值|年度指标值|合计|预算整体情况|预算金额（万元）|总体绩效目标|年度重点工作任务|"
    r"主要实施内容|拟投入的资金（万元）|期望达到的目标（概述）|其他需完成的任务（可选填）|"
    r"一级指标|二级指标|三级指标|部门名称|名称|绩效指标"
)


def squeeze(text: str) -> str:
    """Drop whitespace, then field labels (which may be wrapped), then separator punctuation."""
    return _LABELS.sub("", _WS.sub("", text)).translate({ord(c): None for c in SEPARATORS})


def clean_source(text: str) -> str:
    """The source without layout noise, as the golden should reproduce it."""
    lines = [ln for ln in text.splitlines() if not any(p.match(ln) for p in _NOISE_LINES)]
    body = _CODE_DASH.sub("", _TAG.sub("", "\n".join(lines)))
    return squeeze(body)


def _amounts(row: object) -> Iterator[str]:
    for field in ("total", "fiscal", "special", "other"):
        value = getattr(row, field)
        if value is not None:
            yield str(value)


def _render_form_a(doc: FormADocument) -> Iterator[str]:
    if doc.grand_total is not None:
        yield from _amounts(doc.grand_total)
    units = {u.name: u for u in doc.units}
    current_unit: str | None = None
    for project in doc.projects:
        if project.unit != current_unit and project.unit in units:
            unit = units[project.unit]
            yield unit.name
            yield from _amounts(unit)
        current_unit = project.unit
        yield project.name or ""
        yield from _amounts(project)
        yield project.goal or ""
        for ind in project.indicators:
            for part in (ind.printed_no, ind.level1_code, ind.level1, ind.level2_code, ind.level2, ind.name):
                yield "" if part is None else str(part)
            for target in (ind.period_target, ind.annual_target):
                yield target.raw if target else ""
    for unit in doc.units:  # units with no project still need rendering
        if not any(p.unit == unit.name for p in doc.projects):
            yield unit.name
            yield from _amounts(unit)
    yield from doc.unplaced


def _render_form_b(doc: FormBDocument) -> Iterator[str]:
    yield doc.department or ""
    section = None
    for line in doc.budget:
        if line.section != section:
            yield line.section
            section = line.section
        yield line.label
        yield "" if line.amount is None else str(line.amount)
    yield doc.overall_goal or ""
    for task in doc.key_tasks:
        yield from (task.name or "", task.content or "", "" if task.amount is None else str(task.amount))
        yield task.expected_result or ""
    yield doc.other_tasks or ""
    level1 = level2 = None
    for ind in doc.indicators:
        if ind.level1 != level1:
            yield ind.level1 or ""
            level1 = ind.level1
        if ind.level2 != level2:
            yield ind.level2 or ""
            level2 = ind.level2
        yield from (ind.name or "", ind.measure or "", ind.target.raw if ind.target else "")
    yield from doc.unplaced


def _render_form_p(doc: FormPDocument) -> Iterator[str]:
    for p in doc.projects:
        for name in (
            "name",
            "department",
            "unit",
            "attribute",
            "period",
            "total",
            "fiscal",
            *FUND_SHARES,
            "superior",
            "other",
        ):
            value = getattr(p, name)
            yield "" if value is None else str(value)
        yield from (p.period_goal or "", p.annual_goal or "", p.outcome or "")
        for row in p.execution:
            yield row.source
            yield from (
                str(v)
                for v in (row.planned, row.adjusted, row.executed, row.weight, row.rate, row.score)
                if v is not None
            )
        for ind in p.indicators:
            yield from (ind.level1 or "", ind.level2 or "", ind.name or "")
            yield from (t.raw for t in (ind.period_target, ind.annual_target, ind.actual) if t is not None)
            yield from (str(v) for v in (ind.weight, ind.score) if v is not None)
            yield ind.deviation or ""
        yield from (str(v) for v in (p.weight_total, p.score_total) if v is not None)
    yield from doc.unplaced


def render_golden(golden: GoldenDocument) -> str:
    content = golden.content
    if isinstance(content, FormADocument):
        parts = _render_form_a(content)
    elif isinstance(content, FormBDocument):
        parts = _render_form_b(content)
    else:
        parts = _render_form_p(content)
    return squeeze(_CODE_DASH.sub("", "".join(parts)))


@dataclass
class FidelityReport:
    source_chars: int
    moved_chars: int
    source_only: str
    golden_only: str

    @property
    def moves_balance(self) -> bool:
        return Counter(self.source_only) == Counter(self.golden_only)

    @property
    def faithful(self) -> bool:
        return self.moves_balance and self.moved_chars <= MAX_MOVED_SHARE * self.source_chars


def check(golden: GoldenDocument, source_text: str) -> FidelityReport:
    source = clean_source(source_text)
    rendered = render_golden(golden)
    matcher = SequenceMatcher(None, source, rendered, autojunk=False)
    source_only, golden_only = [], []
    for tag, a0, a1, b0, b1 in matcher.get_opcodes():
        if tag != "equal":
            source_only.append(source[a0:a1])
            golden_only.append(rendered[b0:b1])
    s_only, g_only = "".join(source_only), "".join(golden_only)
    return FidelityReport(len(source), max(len(s_only), len(g_only)), s_only, g_only)


def describe(golden: GoldenDocument, source_text: str, context: int = 25) -> str:
    """A readable diff for a labeller: each block the two sides disagree on."""
    source = clean_source(source_text)
    rendered = render_golden(golden)
    matcher = SequenceMatcher(None, source, rendered, autojunk=False)
    lines = []
    for tag, a0, a1, b0, b1 in matcher.get_opcodes():
        if tag == "equal":
            continue
        lines.append(
            f"{tag:8} source[{a0}:{a1}]={source[a0:a1]!r} golden={rendered[b0:b1]!r} "
            f"near …{source[max(0, a0 - context) : a0]}⟨here⟩"
        )
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    golden = GoldenDocument.model_validate_json(Path(argv[0]).read_text(encoding="utf-8"))
    source = Path(argv[1]).read_text(encoding="utf-8-sig")
    report = check(golden, source)
    print(describe(golden, source))
    print(
        f"source chars {report.source_chars}, moved {report.moved_chars}, "
        f"moves balance {report.moves_balance}, faithful {report.faithful}"
    )
    return 0 if report.faithful else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Render a golden's content back into text, in layouts the extractor has not seen.

Used for held-out testing: the same content as tab-separated rows or as layout text wrapped at
any width, with page headers at any position, random blank lines and either separator style.
Shares no code with the extractor, so a round trip through both is an honest check."""

from __future__ import annotations

import random
from dataclasses import dataclass

from docnorm.schemas.common import Amounts
from docnorm.schemas.form_a import FormADocument, Indicator

COLUMNS = "项目名称（资金使用单位） 总计 财政拨款 财政专户拨款 其他资金 绩效目标 绩效指标"


@dataclass(frozen=True)
class Layout:
    tabbed: bool = False
    width: int = 24  # characters per wrapped line (layout text)
    header_every: int = 0  # insert a page header after every N lines (0: never)
    blank_share: float = 0.0  # share of line breaks that get an extra blank line
    field_sep: str = "；"
    colon: str = ":"
    amounts_inline: bool = True  # amounts on the name's last line, or on a line of their own
    seed: int = 0


def _amounts(row: Amounts) -> list[str]:
    return ["" if v is None else f"{v:,}" for v in (row.total, row.fiscal, row.special, row.other)]


def indicator_text(ind: Indicator, layout: Layout) -> str:
    fields = []
    for code, name in ((ind.level1_code, ind.level1), (ind.level2_code, ind.level2)):
        if name:
            fields.append(f"{code}-{name}" if code else name)
    if ind.name:
        fields.append(ind.name)
    for label, target in (("实施周期指标值", ind.period_target), ("年度指标值", ind.annual_target)):
        if target is not None:
            fields.append(f"{label}{layout.colon}{target.raw}")
    head = f"{ind.printed_no}、" if ind.printed_no is not None else ""
    return head + layout.field_sep.join(fields) + "。"


def _wrap(text: str, width: int) -> list[str]:
    return [text[i : i + width] for i in range(0, len(text), width)] or [""]


def _header(doc: FormADocument) -> list[str]:
    return [
        doc.title or "项目支出绩效目标表（含转移支付项目）",
        f"部门名称：{doc.department} 单位：{doc.money_unit or '万元'}",
        COLUMNS,
    ]


def _layout_row(name: str, amounts: list[str], goal: str, indicators: str, layout: Layout, indent: str) -> list[str]:
    numbers = " ".join(a for a in amounts if a)
    lines = _wrap(name, layout.width)
    lines[0] = indent + lines[0]
    if layout.amounts_inline:
        lines[-1] += " " + numbers
    else:
        lines.append(numbers)
    if goal:
        lines += _wrap(goal, layout.width)
    if indicators:
        lines += _wrap(indicators, layout.width)
    return lines


def _rows(doc: FormADocument, layout: Layout) -> list[list[str]]:
    """Each table row as its printed lines (one line per row when tabbed)."""

    def row(name: str, amounts: list[str], goal: str = "", indicators: str = "", indent: str = "") -> list[str]:
        if layout.tabbed:
            return ["\t".join([name, *amounts, goal, indicators])]
        return _layout_row(name, amounts, goal, indicators, layout, indent)

    rows = []
    if doc.grand_total is not None:
        rows.append(row("合计", _amounts(doc.grand_total)))
    units = iter(doc.units)
    current = None
    for project in doc.projects:
        if project.unit is not None and project.unit != current:
            unit = next(u for u in units if u.name == project.unit)
            rows.append(row(unit.name, _amounts(unit)))
            current = project.unit
        text = "".join(indicator_text(i, layout) for i in project.indicators)
        rows.append(row(project.name or "", _amounts(project), project.goal or "", text, indent="    "))
    return rows


def render(doc: FormADocument, layout: Layout) -> str:
    rng = random.Random(layout.seed)
    lines = _header(doc)
    since_header = 0
    for row_lines in _rows(doc, layout):
        for line in row_lines:
            lines.append(line)
            since_header += 1
            if layout.header_every and since_header >= layout.header_every:
                lines += [""] + _header(doc) + [""]
                since_header = 0
            if rng.random() < layout.blank_share:
                lines.append("")
    return "\n".join(lines) + "\n"


def random_layout(rng: random.Random) -> Layout:
    """A layout drawn at random: tabbed or wrapped at 10-70, page headers anywhere, blank lines, either separators."""
    return Layout(
        tabbed=rng.random() < 0.3,
        width=rng.randint(10, 70),
        header_every=rng.choice([0, rng.randint(4, 80)]),
        blank_share=rng.choice([0.0, 0.05, 0.3]),
        field_sep=rng.choice(["；", ";"]),
        colon=rng.choice([":", "："]),
        amounts_inline=rng.random() < 0.5,
        seed=rng.randint(0, 10**6),
    )

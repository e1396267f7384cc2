"""Checks a per-project form allows, flagged and never fixed: fund sources add up to the total,
weights add up to 100, a level-2 sits under the level-1 it belongs to."""

from __future__ import annotations

from decimal import Decimal

from docnorm.extractor.forms.form_a.validate import Locator
from docnorm.extractor.forms.form_p.cells import squeeze
from docnorm.schemas.common import Finding
from docnorm.schemas.form_p import FormPDocument, PProject

# the level-1 a level-2 belongs to, by the words that mark each
_LEVEL2_OF = (
    ("产出", ("数量", "质量", "时效")),
    ("效益", ("经济效益", "社会效益", "生态效益", "生态环境效益", "可持续影响")),
    ("满意度", ("满意度",)),
    ("成本", ("经济成本", "社会成本", "生态环境成本", "生态成本")),
)


def _sources(p: PProject, loc: Locator, record: str) -> list[Finding]:
    parts = [v for v in (p.fiscal, p.superior, p.other) if v is not None]
    if p.total is None or len(parts) < 1 or sum(parts, Decimal(0)) == p.total:
        return []
    computed = sum(parts, Decimal(0))
    return [
        Finding(
            severity="warning",
            code="sum-mismatch",
            location=loc.locate(p.spans.get("total"), record),
            message=f"{record} {p.name}: fund sources add up to {computed}, the total printed is {p.total} "
            f"(difference {p.total - computed}; kept as printed)",
        )
    ]


def _weights(p: PProject, loc: Locator, record: str) -> list[Finding]:
    weights = [i.weight for i in p.indicators if i.weight is not None]
    if not weights or sum(weights, Decimal(0)) == 100:
        return []
    return [
        Finding(
            severity="warning",
            code="weight-sum",
            location=loc.locate(p.indicators[0].spans.get("name"), record),
            message=f"{record} {p.name}: indicator weights add up to {sum(weights, Decimal(0))}, not 100",
        )
    ]


def _belongs(level1: str, level2: str) -> bool:
    l1, l2 = squeeze(level1), squeeze(level2)
    for group, members in _LEVEL2_OF:
        if any(l2.startswith(m) for m in members):
            return group in l1 or (group == "满意度" and "效益" in l1)  # satisfaction under 效益 occurs
    return l2.startswith("成本") and ("产出" in l1 or "成本" in l1) or True


def _levels(p: PProject, loc: Locator, record: str) -> list[Finding]:
    out = []
    for i in p.indicators:
        if i.level1 and i.level2 and not _belongs(i.level1, i.level2):
            out.append(
                Finding(
                    severity="warning",
                    code="level-mismatch",
                    location=loc.locate(i.spans.get("name"), record),
                    message=f"{record} indicator {i.position}: level-2 {i.level2} does not belong to "
                    f"level-1 {i.level1} (kept as printed)",
                )
            )
    return out


def validate_form_p(doc: FormPDocument, text: str) -> list[Finding]:
    loc = Locator(text)
    findings: list[Finding] = []
    for p in doc.projects:
        record = f"project {p.position}"
        findings += _sources(p, loc, record) + _weights(p, loc, record) + _levels(p, loc, record)
        if not p.indicators:
            findings.append(
                Finding(
                    severity="warning",
                    code="no-indicators",
                    location=loc.locate(p.spans.get("name"), record),
                    message=f"{record} {p.name}: no indicator rows were read",
                )
            )
    return findings

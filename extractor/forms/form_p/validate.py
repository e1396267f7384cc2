"""Checks a per-project form allows, flagged and never fixed: fund sources add up to the total,
weights add up to 100, a level-2 sits under the level-1 it belongs to; in a self-evaluation table,
no score above its weight and the scores add up to the 总分 printed."""

from __future__ import annotations

from decimal import Decimal

from docnorm.extractor.forms.form_a.validate import Locator
from docnorm.extractor.forms.form_p.levels import canonical_level1, canonical_level2
from docnorm.extractor.normalize import normalize_period
from docnorm.schemas.common import Finding, Severity, Span
from docnorm.schemas.form_p import FUND_SHARES, FormPDocument, PProject

# the level-1 groups (canonical names) each known level-2 may sit under: satisfaction also occurs
# under 效益; cost level-2s sit under 成本指标, or under 产出指标 in templates older than the 2021 framework
_OUTPUT, _BENEFIT, _SATISFACTION, _COST = "产出指标", "效益指标", "满意度指标", "成本指标"
_GROUPS_OF: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(("数量指标", "质量指标", "时效指标"), (_OUTPUT,)),
    **dict.fromkeys(("经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"), (_BENEFIT,)),
    "服务对象满意度指标": (_SATISFACTION, _BENEFIT),
    **dict.fromkeys(("成本指标", "经济成本指标", "社会成本指标", "生态环境成本指标"), (_COST, _OUTPUT)),
}


def _finding(
    severity: Severity, code: str, loc: Locator, span: Span | tuple[int, int] | None, record: str, message: str
) -> Finding:
    return Finding(severity=severity, code=code, location=loc.locate(span, record), message=message)


def _sources(p: PProject, loc: Locator, record: str) -> list[Finding]:
    shares = [v for v in (getattr(p, name) for name in FUND_SHARES) if v is not None]
    shared = sum(shares, Decimal(0)) if shares else None  # what the shares of 财政资金 add up to
    findings = []
    if p.fiscal is not None and shared is not None and shared != p.fiscal:
        message = (
            f"{record} {p.name}: the shares of 财政资金 (中央/省级/市级/县级/本级) add up to {shared}, "
            f"财政资金 printed is {p.fiscal} (difference {p.fiscal - shared}; kept as printed)"
        )
        findings.append(_finding("warning", "sum-mismatch", loc, p.spans.get("fiscal"), record, message))
    fiscal = p.fiscal if p.fiscal is not None else shared
    parts = [v for v in (fiscal, p.superior, p.other) if v is not None]
    if p.total is None or len(parts) < 1 or sum(parts, Decimal(0)) == p.total:
        return findings
    computed = sum(parts, Decimal(0))
    message = (
        f"{record} {p.name}: fund sources add up to {computed}, the total printed is {p.total} "
        f"(difference {p.total - computed}; kept as printed)"
    )
    return [*findings, _finding("warning", "sum-mismatch", loc, p.spans.get("total"), record, message)]


def _weights(p: PProject, loc: Locator, record: str) -> list[Finding]:
    """Indicator weights (and a self-evaluation's budget execution weight) against the 总分 printed, else 100."""
    weights = [i.weight for i in p.indicators if i.weight is not None]
    budget = p.budget_row()
    if budget is not None and budget.weight is not None and weights:
        weights.append(budget.weight)
    expected = p.weight_total if p.weight_total is not None else Decimal(100)
    if not weights or sum(weights, Decimal(0)) == expected:
        return []
    message = f"{record} {p.name}: indicator weights add up to {sum(weights, Decimal(0))}, not {expected}"
    return [_finding("warning", "weight-sum", loc, p.indicators[0].spans.get("name"), record, message)]


def _scores(p: PProject, loc: Locator, record: str) -> list[Finding]:
    """A self-evaluation's scores: none above its 分值, and with the budget's they add up to the 总分 得分."""
    findings = [
        _finding("warning", "score-over-weight", loc, i.spans.get("score"), record,
                 f"{record} indicator {i.position}: 得分 {i.score} is above its 分值 {i.weight} (kept as printed)")
        for i in p.indicators
        if i.score is not None and i.weight is not None and i.score > i.weight
    ]  # fmt: skip
    scores = [i.score for i in p.indicators if i.score is not None]
    budget = p.budget_row()
    if budget is not None and budget.score is not None:
        scores.append(budget.score)
    if p.score_total is None or not scores or sum(scores, Decimal(0)) == p.score_total:
        return findings
    message = (
        f"{record} {p.name}: the scores add up to {sum(scores, Decimal(0))}, the 总分 printed is {p.score_total} "
        "(kept as printed)"
    )
    return [*findings, _finding("warning", "score-sum", loc, p.spans.get("score_total"), record, message)]


def _belongs(level1: str, level2: str) -> bool:
    """Whether a level-2 may sit under this level-1; a level we do not know cannot be judged (True)."""
    group, groups = canonical_level1(level1)[1], _GROUPS_OF.get(canonical_level2(level2)[1] or "")
    return group is None or groups is None or group in groups


def _levels(p: PProject, loc: Locator, record: str) -> list[Finding]:
    return [
        _finding(
            "warning",
            "level-mismatch",
            loc,
            i.spans.get("name"),
            record,
            f"{record} indicator {i.position}: level-2 {i.level2} does not belong to level-1 {i.level1} "
            "(kept as printed)",
        )
        for i in p.indicators
        if i.level1 and i.level2 and not _belongs(i.level1, i.level2)
    ]


def _period(p: PProject, loc: Locator, record: str) -> list[Finding]:
    if not p.period or not normalize_period(p.period).serials:
        return []
    message = (
        f"{record} {p.name}: 项目起止时间 {p.period!r} printed as Excel date serials, "
        f"read as {p.period_start} to {p.period_end} (the raw text is kept)"
    )
    return [_finding("info", "period-excel-serial", loc, p.spans.get("period"), record, message)]


def validate_form_p(doc: FormPDocument, text: str) -> list[Finding]:
    loc = Locator(text)
    findings: list[Finding] = []
    for p in doc.projects:
        record = f"project {p.position}"
        findings += (
            _sources(p, loc, record) + _weights(p, loc, record) + _scores(p, loc, record) + _levels(p, loc, record)
        )
        findings += _period(p, loc, record)
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

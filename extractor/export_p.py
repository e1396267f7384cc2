"""Rows of Form P (the per-project form) for projects.csv and indicators.csv: the same leading
columns as Form A (unit = 实施单位 else 主管部门; goal = the annual goal else the only goal;
total = this year's budget as printed), then what only Form P carries."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from docnorm.extractor.forms.form_p.levels import canonical_level1, canonical_level2
from docnorm.schemas.common import Target
from docnorm.schemas.document import DocumentResult
from docnorm.schemas.form_p import FUND_SHARES, FormPDocument, PIndicator, PProject

# appended after Form A's columns (Form A rows fill department from the document's 部门名称 and leave
# the other Form P ones empty; money_unit is a leading column, filled for every form)
PROJECT_EXTRA = [
    "form",
    "total_wan",
    "department",
    "attribute",
    "period",
    "project_total",
    "superior",
    *FUND_SHARES,
    "period_goal",
    "period_start",
    "period_end",
    "table_kind",
    "budget_adjusted",
    "budget_executed",
    "execution_rate",
    "budget_score",
    "outcome",
    "weight_total",
    "score_total",
]
INDICATOR_EXTRA = [
    "level1_canonical_code",
    "level1_canonical",
    "level2_canonical_code",
    "level2_canonical",
    "nature",
    "value",
    "measure_unit",
    "weight",
    "direction",
    "standard",
    "description",
    "actual",
    "actual_value",
    "actual_unit",
    "score",
    "deviation",
]


def in_wan(amount: Decimal | None, money_unit: str | None) -> Decimal | None:
    """An amount in 万元, from one printed in 元 or 万元 (None when the unit is not known)."""
    if amount is None or money_unit not in ("元", "万元"):
        return None
    return amount if money_unit == "万元" else amount / Decimal(10000)


def form_p_project_rows(result: DocumentResult) -> Iterable[list[object]]:
    if not isinstance(result.content, FormPDocument):
        return
    for p in result.content.projects:
        total = p.total if p.total is not None else p.project_total
        goal = p.annual_goal or p.period_goal
        yield [
            result.document,
            p.unit or p.department,
            p.position,
            p.name,
            total,
            p.fiscal,
            None,
            p.other,
            p.money_unit,
            goal,
            len(p.indicators),
            result.status,
            "P",
            in_wan(total, p.money_unit),
            p.department,
            p.attribute,
            p.period,
            p.project_total,
            p.superior,
            *(getattr(p, name) for name in FUND_SHARES),
            p.period_goal if p.annual_goal else None,
            p.period_start,
            p.period_end,
            *_evaluation_cells(result.content.kind, p),
        ]


def _evaluation_cells(kind: str, p: PProject) -> list[object]:
    """A self-evaluation table's columns: its kind, the budget row's execution, outcome and 总分."""
    budget = p.budget_row()
    execution = [budget.adjusted, budget.executed, budget.rate, budget.score] if budget else [None] * 4
    return [kind, *execution, p.outcome, p.weight_total, p.score_total]


def target_cells(period: Target | None, annual: Target | None, printed_no: int | None) -> list[object]:
    """The target columns every indicator row shares: both targets as printed, the printed number,
    then the annual target's normalized parts."""
    norm = annual.normalized if annual else None
    return [
        period.raw if period else None,
        annual.raw if annual else None,
        printed_no,
        norm and norm.comparator,
        norm and norm.value,
        norm and norm.unit,
        norm and norm.kind,
    ]


def _levels(i: PIndicator) -> list[object]:
    return [*canonical_level1(i.level1), *canonical_level2(i.level2)]


def form_p_indicator_rows(result: DocumentResult) -> Iterable[list[object]]:
    if not isinstance(result.content, FormPDocument):
        return
    for p in result.content.projects:
        for i in p.indicators:
            yield [
                result.document,
                p.position,
                i.position,
                None,
                i.level1,
                None,
                i.level2,
                i.name,
                *target_cells(i.period_target, i.annual_target, None),
                *_levels(i),
                i.nature,
                i.value,
                i.measure_unit,
                i.weight,
                i.direction,
                i.standard,
                i.description,
                i.actual.raw if i.actual else None,
                i.actual.normalized.value if i.actual and i.actual.normalized else None,
                i.actual.normalized.unit if i.actual and i.actual.normalized else None,
                i.score,
                i.deviation,
            ]

"""The few fields of a DocumentResult (or GoldenDocument) JSON that theme tagging reads, parsed
straight from the file's text: validating the whole result (findings, spans, noise, every
indicator's target) was most of `docnorm themes` on a large batch. Unknown fields are ignored."""

from __future__ import annotations

from decimal import Decimal

from pydantic import BaseModel, ConfigDict

from docnorm.themes.types import GoalItem


class _View(BaseModel):
    model_config = ConfigDict(extra="ignore")


class _IndicatorView(_View):
    name: str | None = None


class _ProjectView(_View):
    position: int
    name: str | None = None
    goal: str | None = None  # Form A
    annual_goal: str | None = None  # Form P
    period_goal: str | None = None
    total: Decimal | None = None
    money_unit: str | None = None  # Form P: per project
    department: str | None = None
    indicators: list[_IndicatorView] = []


class _TaskView(_View):
    position: int
    name: str | None = None
    content: str | None = None
    expected_result: str | None = None
    amount: Decimal | None = None


class _ContentView(_View):
    form: str
    money_unit: str | None = None
    department: str | None = None
    projects: list[_ProjectView] = []
    key_tasks: list[_TaskView] = []


class ResultView(_View):
    document: str  # every DocumentResult and GoldenDocument names its document
    content: _ContentView | None = None


def item_text(name: str | None, *parts: str | None) -> str:
    """Name and goal together: the name is often the clearest statement of the theme."""
    return "。".join(p for p in (name, *parts) if p)


def goal_items(document: str, content: _ContentView | None) -> list[GoalItem]:
    """Goal items of a Form A or Form P (projects) or Form B (key tasks) content."""
    if content is None:
        return []
    if content.form == "B":
        return [
            GoalItem(
                document,
                "key_task",
                t.position,
                t.name,
                item_text(t.name, t.content, t.expected_result),
                amount=_number(t.amount),
                money_unit=content.money_unit,
                department=content.department,
            )
            for t in content.key_tasks
        ]
    items = []
    for p in content.projects:
        per_project = content.form == "P"
        goal = (p.annual_goal or p.period_goal) if per_project else p.goal
        if not (goal or p.name):
            continue
        unit = p.money_unit if per_project else content.money_unit
        department = p.department if per_project else content.department
        indicators = tuple(i.name for i in p.indicators if i.name)
        items.append(
            GoalItem(
                document,
                "project",
                p.position,
                p.name,
                item_text(p.name, goal),
                indicators,
                amount=_number(p.total),
                money_unit=unit,
                department=department,
            )  # fmt: skip
        )
    return items


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)

"""Form B: 部门整体预算绩效目标申报表."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import Field

from docnorm.schemas.common import SPANS_DOC, Contract, SourceRange, Target


class BudgetLine(Contract):
    spans: dict[Literal["label", "amount"], SourceRange] = Field(default_factory=dict, description=SPANS_DOC)
    section: str = Field(description="the header above the line, e.g. 部门预算支出 or 收入来源")
    label: str
    amount: Decimal | None = None


class KeyTask(Contract):
    spans: dict[Literal["name", "content", "amount", "expected_result"], SourceRange] = Field(
        default_factory=dict, description=SPANS_DOC
    )
    position: int = Field(ge=1)
    name: str | None = None
    content: str | None = None
    amount: Decimal | None = None
    expected_result: str | None = None


class DepartmentIndicator(Contract):
    spans: dict[Literal["level1", "level2", "name", "measure", "target"], SourceRange] = Field(
        default_factory=dict, description=SPANS_DOC + " Level cells have a span only on the row that prints them."
    )
    position: int = Field(ge=1)
    level1: str | None = None
    level2: str | None = None
    name: str | None = None
    measure: str | None = Field(default=None, description="指标值=... or another measurement description")
    target: Target | None = None


class FormBDocument(Contract):
    spans: dict[Literal["department", "overall_goal", "other_tasks"], SourceRange] = Field(
        default_factory=dict, description=SPANS_DOC
    )
    form: Literal["B"] = "B"
    title: str | None = None
    department: str | None = None
    money_unit: str | None = None
    budget: list[BudgetLine] = Field(default_factory=list)
    overall_goal: str | None = None
    key_tasks: list[KeyTask] = Field(default_factory=list)
    other_tasks: str | None = None
    indicators: list[DepartmentIndicator] = Field(default_factory=list)
    unplaced: list[str] = Field(default_factory=list)

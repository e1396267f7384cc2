"""Form A: 项目支出绩效目标表（含转移支付项目）."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from docnorm.schemas.common import SPANS_DOC, AmountField, Amounts, Contract, SourceRange, Target

IndicatorField = Literal["level1_code", "level1", "level2_code", "level2", "name", "period_target", "annual_target"]
UnitField = Literal[AmountField, "name"]
ProjectField = Literal[AmountField, "name", "goal"]


class Indicator(Contract):
    spans: dict[IndicatorField, SourceRange] = Field(default_factory=dict, description=SPANS_DOC)
    position: int = Field(ge=1, description="1-based position in its project's list")
    printed_no: int | None = Field(default=None, description="item number as printed, if any")
    level1_code: str | None = None
    level1: str | None = None
    level2_code: str | None = None
    level2: str | None = None
    name: str | None = None
    period_target: Target | None = Field(default=None, description="实施周期指标值")
    annual_target: Target | None = Field(default=None, description="年度指标值")


class FundingUnit(Amounts):
    spans: dict[UnitField, SourceRange] = Field(default_factory=dict, description=SPANS_DOC)  # type: ignore[assignment]
    position: int = Field(ge=1)
    name: str


class Project(Amounts):
    spans: dict[ProjectField, SourceRange] = Field(default_factory=dict, description=SPANS_DOC)  # type: ignore[assignment]
    position: int = Field(ge=1, description="1-based position in the document: the project's identity")
    unit: str | None = Field(default=None, description="name of the funding unit row above it")
    name: str | None = None
    goal: str | None = None
    indicators: list[Indicator] = Field(default_factory=list)


class FormADocument(Contract):
    form: Literal["A"] = "A"
    title: str | None = None
    department: str | None = None
    money_unit: str | None = None
    grand_total: Amounts | None = Field(default=None, description="the 合计 row")
    units: list[FundingUnit] = Field(default_factory=list)
    projects: list[Project] = Field(default_factory=list)
    unplaced: list[str] = Field(
        default_factory=list, description="source text that belongs to no field (kept, never dropped)"
    )

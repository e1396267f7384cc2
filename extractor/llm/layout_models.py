"""The general project schema the model fills for a layout no offline form reads.

Flatter than `schemas.PProject`: positions and spans are the program's. Every value is copied as
printed, so each can be found again in the chunk (values that cannot are rejected)."""

from __future__ import annotations

from pydantic import Field

from docnorm.extractor.llm.models import AMOUNT_PATTERN, Answer


class LayoutIndicatorAnswer(Answer):
    level1: str | None = Field(default=None, description="一级指标 as printed (repeat it on every row of its group)")
    level2: str | None = Field(default=None, description="二级指标 as printed (repeat it on every row of its group)")
    name: str | None = Field(default=None, description="三级指标")
    period_target: str | None = Field(default=None, description="长期 / 中期 / 实施期 指标值, as printed")
    annual_target: str | None = Field(default=None, description="年度指标值 (or the only 指标值), as printed")


class LayoutProjectAnswer(Answer):
    continues: bool = Field(
        default=False, description="true: this is the project the previous chunk ended with, continued"
    )
    name: str | None = Field(default=None, description="项目名称")
    department: str | None = Field(default=None, description="主管部门 / 预算部门")
    unit: str | None = Field(default=None, description="实施单位 / 执行单位")
    attribute: str | None = Field(default=None, description="项目属性 / 类别")
    period: str | None = Field(default=None, description="项目起止时间 / 实施期")
    money_unit: str | None = Field(default=None, description="元 or 万元, as printed")
    total: str | None = Field(default=None, pattern=AMOUNT_PATTERN, description="资金总额 / 年度资金总额")
    fiscal: str | None = Field(default=None, pattern=AMOUNT_PATTERN, description="财政拨款")
    superior: str | None = Field(default=None, pattern=AMOUNT_PATTERN, description="上级资金")
    other: str | None = Field(default=None, pattern=AMOUNT_PATTERN, description="其他资金")
    period_goal: str | None = Field(default=None, description="总体 / 中期 / 长期 / 实施期目标")
    annual_goal: str | None = Field(default=None, description="年度目标")
    indicators: list[LayoutIndicatorAnswer] = Field(default_factory=list)


class LayoutChunkAnswer(Answer):
    """Every project (or part of one) the chunk holds, in reading order."""

    projects: list[LayoutProjectAnswer]


LAYOUT_MODELS: dict[str, type[Answer]] = {"any-layout": LayoutChunkAnswer}
TEXT_FIELDS = ("name", "department", "unit", "attribute", "period", "money_unit", "period_goal", "annual_goal")
AMOUNT_FIELDS = ("total", "fiscal", "superior", "other")
INDICATOR_FIELDS = ("level1", "level2", "name", "period_target", "annual_target")

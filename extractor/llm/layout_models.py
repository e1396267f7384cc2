"""The general project schema the model fills for a layout no offline form reads.

Flatter than `schemas.PProject`: positions and spans are the program's. Every value is copied as
printed, so each can be found again in the chunk (values that cannot are rejected)."""

from __future__ import annotations

from pydantic import Field

from docnorm.extractor.llm.models import AMOUNT_PATTERN, Answer
from docnorm.schemas.form_p import FUND_SHARES


class LayoutIndicatorAnswer(Answer):
    level1: str | None = Field(default=None, description="一级指标 as printed (repeat it on every row of its group)")
    level2: str | None = Field(default=None, description="二级指标 as printed (repeat it on every row of its group)")
    name: str | None = Field(default=None, description="三级指标")
    period_target: str | None = Field(default=None, description="长期 / 中期 / 实施期 指标值, as printed")
    annual_target: str | None = Field(default=None, description="年度指标值 (or the only 指标值), as printed")
    nature: str | None = Field(default=None, description="指标性质 cell of a target printed in parts: ≥ ≤ = or 定性")
    value: str | None = Field(default=None, description="指标值 cell of a target printed in parts")
    measure_unit: str | None = Field(default=None, description="度量单位 / 计量单位 cell of a target printed in parts")
    weight: str | None = Field(default=None, pattern=AMOUNT_PATTERN, description="权重 / 分值")
    direction: str | None = Field(default=None, description="指标方向: 正向 / 反向")
    standard: str | None = Field(default=None, description="绩效标准: 计划标准 / 行业标准 / 历史标准")
    description: str | None = Field(default=None, description="指标值内容 / 指标解释")
    actual: str | None = Field(default=None, description="实际完成值 (self-evaluation table), as printed")
    score: str | None = Field(default=None, pattern=AMOUNT_PATTERN, description="得分 (self-evaluation table)")
    deviation: str | None = Field(default=None, description="偏差原因分析及改进措施 (self-evaluation table)")


class LayoutExecutionAnswer(Answer):
    """One row of a self-evaluation table's budget execution block."""

    source: str = Field(description="the row's label as printed: 年度资金总额 / 当年财政拨款 / 上年结转资金 / 其他资金")
    planned: str | None = Field(default=None, pattern=AMOUNT_PATTERN, description="年初预算数")
    adjusted: str | None = Field(default=None, pattern=AMOUNT_PATTERN, description="全年预算数")
    executed: str | None = Field(default=None, pattern=AMOUNT_PATTERN, description="全年执行数")
    weight: str | None = Field(default=None, pattern=AMOUNT_PATTERN, description="分值")
    rate: str | None = Field(default=None, description="执行率, as printed (95% / 95.0%)")
    score: str | None = Field(default=None, pattern=AMOUNT_PATTERN, description="得分")


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
    total: str | None = Field(
        default=None,
        pattern=AMOUNT_PATTERN,
        description="资金总额 / 年度资金总额 (a self-evaluation table: 年初预算数)",
    )
    project_total: str | None = Field(
        default=None, pattern=AMOUNT_PATTERN, description="项目总预算, beside this year's"
    )
    fiscal: str | None = Field(default=None, pattern=AMOUNT_PATTERN, description="财政拨款 / 财政资金, when printed")
    fiscal_central: str | None = Field(default=None, pattern=AMOUNT_PATTERN, description="财政资金 of it 中央")
    fiscal_provincial: str | None = Field(default=None, pattern=AMOUNT_PATTERN, description="财政资金 of it 省级")
    fiscal_municipal: str | None = Field(default=None, pattern=AMOUNT_PATTERN, description="财政资金 of it 市级")
    fiscal_county: str | None = Field(default=None, pattern=AMOUNT_PATTERN, description="财政资金 of it 县级 / 区级")
    fiscal_own: str | None = Field(default=None, pattern=AMOUNT_PATTERN, description="财政资金 of it 本级")
    superior: str | None = Field(default=None, pattern=AMOUNT_PATTERN, description="上级资金")
    other: str | None = Field(default=None, pattern=AMOUNT_PATTERN, description="其他资金")
    period_goal: str | None = Field(default=None, description="总体 / 中期 / 长期 / 实施期目标")
    annual_goal: str | None = Field(default=None, description="年度目标 (a self-evaluation table: 预期目标)")
    outcome: str | None = Field(default=None, description="实际完成情况 (self-evaluation table)")
    weight_total: str | None = Field(default=None, pattern=AMOUNT_PATTERN, description="总分 row: its 分值")
    score_total: str | None = Field(default=None, pattern=AMOUNT_PATTERN, description="总分 row: its 得分")
    execution: list[LayoutExecutionAnswer] = Field(
        default_factory=list, description="self-evaluation table: the budget execution block, a row per fund source"
    )
    indicators: list[LayoutIndicatorAnswer] = Field(default_factory=list)


class LayoutChunkAnswer(Answer):
    """Every project (or part of one) the chunk holds, in reading order."""

    projects: list[LayoutProjectAnswer]


LAYOUT_MODELS: dict[str, type[Answer]] = {"any-layout": LayoutChunkAnswer}
TEXT_FIELDS = (
    "name", "department", "unit", "attribute", "period", "money_unit", "period_goal", "annual_goal", "outcome",
)  # fmt: skip
AMOUNT_FIELDS = ("total", "project_total", "fiscal", *FUND_SHARES, "superior", "other", "weight_total", "score_total")
INDICATOR_FIELDS = (
    "level1", "level2", "name", "period_target", "annual_target", "nature", "value", "measure_unit", "direction",
    "standard", "description", "actual", "deviation",
)  # fmt: skip
INDICATOR_AMOUNTS = ("weight", "score")
SCORE_TOTALS = ("weight_total", "score_total")
TARGET_FIELDS = ("period_target", "annual_target", "actual")
EXECUTION_AMOUNTS = ("planned", "adjusted", "executed", "weight", "score")  # in printed order, `rate` between

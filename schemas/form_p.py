"""Form P: the national per-project target form (项目支出绩效目标表, the 财预〔2015〕88号 family).

One table per project: a key–value header (项目名称, 主管部门, 实施单位, 项目属性, 项目起止时间,
资金总额 with 财政拨款 / 上级资金 / 其他资金, 总体目标 / 年度目标) and an indicator grid. A document
holding several tables yields several projects. Every value keeps its [start, end) span."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Literal

from pydantic import Field

from docnorm.schemas.common import SPANS_DOC, Contract, SourceRange, Target

PIndicatorField = Literal[
    "level1",
    "level2",
    "name",
    "period_target",
    "annual_target",
    "nature",
    "value",
    "measure_unit",
    "weight",
    "direction",
    "standard",
    "description",
    "actual",
    "score",
    "deviation",
]
ExecutionField = Literal["planned", "adjusted", "executed", "weight", "rate", "score"]
# the shares of 财政资金 a two-level fund header prints (中央 / 省级 / 市级 / 县级 / 本级)
FUND_SHARES = ("fiscal_central", "fiscal_provincial", "fiscal_municipal", "fiscal_county", "fiscal_own")
PProjectField = Literal[
    "name",
    "department",
    "unit",
    "attribute",
    "period",
    "money_unit",
    "total",
    "project_total",
    "fiscal",
    "fiscal_central",
    "fiscal_provincial",
    "fiscal_municipal",
    "fiscal_county",
    "fiscal_own",
    "superior",
    "other",
    "period_goal",
    "annual_goal",
    "outcome",
    "weight_total",
    "score_total",
]


class PIndicator(Contract):
    spans: dict[PIndicatorField, SourceRange] = Field(
        default_factory=dict,
        description=SPANS_DOC + " Level cells merged over their group have a span only on the row that prints them; "
        "a target joined from its parts spans the first part to the last.",
    )
    position: int = Field(ge=1, description="1-based position in its project's grid")
    level1: str | None = Field(default=None, description="一级指标 as printed (inherited from the merged cell above)")
    level2: str | None = Field(default=None, description="二级指标 as printed (inherited from the merged cell above)")
    name: str | None = Field(default=None, description="三级指标")
    period_target: Target | None = Field(default=None, description="长期 / 中期 / 实施期 指标值")
    annual_target: Target | None = Field(
        default=None,
        description="年度指标值 (the only 指标值 column); split targets joined as they read (≥ 95 % → ≥95%)",
    )
    nature: str | None = Field(default=None, description="指标性质 as printed: ≥ ≤ = or 定性")
    value: str | None = Field(default=None, description="指标值 cell of a split target")
    measure_unit: str | None = Field(default=None, description="度量单位 / 计量单位 cell of a split target")
    weight: Decimal | None = Field(default=None, description="权重 / 分值")
    direction: str | None = Field(default=None, description="指标方向 as printed: 正向 / 反向")
    standard: str | None = Field(
        default=None, description="绩效标准 as printed: 计划标准 / 行业标准 / 历史标准 / 其他标准"
    )
    description: str | None = Field(
        default=None, description="指标值内容 / 指标解释: the printed explanation of the value, as printed"
    )
    actual: Target | None = Field(default=None, description="实际完成值 of a self-evaluation table (自评表)")
    score: Decimal | None = Field(default=None, description="得分 of a self-evaluation table (the 分值 is `weight`)")
    deviation: str | None = Field(default=None, description="偏差原因分析及改进措施 of a self-evaluation table")


class PFundExecution(Contract):
    """One row of a self-evaluation table's budget execution block (项目资金: 年初预算数 | 全年预算数 |
    全年执行数 | 分值 | 执行率 | 得分)."""

    spans: dict[ExecutionField, SourceRange] = Field(default_factory=dict, description=SPANS_DOC)
    source: str = Field(description="the row's label as printed: 年度资金总额, 当年财政拨款, 上年结转资金, 其他资金")
    kind: Literal["total", "fiscal", "carryover", "other"] | None = Field(
        default=None, description="what the row is: the total, this year's fiscal money, last year's carry-over, other"
    )
    planned: Decimal | None = Field(default=None, description="年初预算数")
    adjusted: Decimal | None = Field(default=None, description="全年预算数 (the budget after adjustments)")
    executed: Decimal | None = Field(default=None, description="全年执行数")
    weight: Decimal | None = Field(default=None, description="分值")
    rate: str | None = Field(default=None, description="执行率 as printed")
    score: Decimal | None = Field(default=None, description="得分")


class PProject(Contract):
    spans: dict[PProjectField, SourceRange] = Field(default_factory=dict, description=SPANS_DOC)
    position: int = Field(ge=1, description="1-based position of the table in the document")
    name: str | None = Field(default=None, description="项目名称 / 项目支出名称")
    department: str | None = Field(default=None, description="主管部门 / 预算部门 (as printed, code included)")
    unit: str | None = Field(default=None, description="实施单位 / 执行单位")
    attribute: str | None = Field(default=None, description="项目属性 / 项目类别")
    period: str | None = Field(default=None, description="项目起止时间 / 项目支出实施期 as printed")
    period_start: date | None = Field(
        default=None,
        description="the period's first day, read from two full dates or two Excel date serials "
        "(`45292-45657`: the 1900 date system, 45292 = 2024-01-01); none when only months are printed",
    )
    period_end: date | None = Field(default=None, description="the period's last day, read as period_start")
    money_unit: str | None = Field(default=None, description="the amount unit as printed: 元 or 万元")
    total: Decimal | None = Field(
        default=None, description="this year's budget: 资金总额 / 年度资金总额 / 当年年度预算"
    )
    project_total: Decimal | None = Field(default=None, description="项目总预算, when printed beside this year's")
    fiscal: Decimal | None = Field(default=None, description="财政拨款 / 本级财政资金")
    fiscal_central: Decimal | None = Field(
        default=None, description="中央: the central share of 财政资金, in a two-level fund header"
    )
    fiscal_provincial: Decimal | None = Field(default=None, description="省级 share of 财政资金 (two-level header)")
    fiscal_municipal: Decimal | None = Field(
        default=None, description="市级 / 州级 share of 财政资金 (two-level header)"
    )
    fiscal_county: Decimal | None = Field(default=None, description="县级 / 区级 share of 财政资金 (two-level header)")
    fiscal_own: Decimal | None = Field(
        default=None, description="本级 share of 财政资金 (two-level header); a lone 本级 label is `fiscal`"
    )
    superior: Decimal | None = Field(default=None, description="上级资金 / 上级补助")
    other: Decimal | None = Field(default=None, description="其他资金")
    period_goal: str | None = Field(default=None, description="总体目标 / 中期目标 / 长期目标 / 实施期绩效目标")
    annual_goal: str | None = Field(
        default=None, description="年度目标 / 本年度绩效目标 (a self-evaluation table's 预期目标)"
    )
    outcome: str | None = Field(default=None, description="实际完成情况 of the annual goal (self-evaluation table)")
    execution: list[PFundExecution] = Field(
        default_factory=list,
        description="a self-evaluation table's budget execution rows; `total`, `fiscal` and `other` take their "
        "年初预算数 (the budget the target table was drawn up with)",
    )
    weight_total: Decimal | None = Field(default=None, description="总分 row: the 分值 printed (self-evaluation)")
    score_total: Decimal | None = Field(default=None, description="总分 row: the 得分 printed (self-evaluation)")
    indicators: list[PIndicator] = Field(default_factory=list)

    def budget_row(self) -> PFundExecution | None:
        """The execution block's 年度资金总额 row (a self-evaluation table), when printed."""
        return next((r for r in self.execution if r.kind == "total"), None)


class FormPDocument(Contract):
    form: Literal["P"] = "P"
    kind: Literal["targets", "self_evaluation"] = Field(
        default="targets",
        description="a target table (绩效目标表), or a self-evaluation table (绩效自评表: targets beside actual values and scores)",
    )
    title: str | None = None
    projects: list[PProject] = Field(default_factory=list)
    unplaced: list[str] = Field(
        default_factory=list, description="source text that belongs to no field (kept, never dropped)"
    )

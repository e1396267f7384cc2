"""Random self-evaluation tables (绩效自评表) and their text, for held-out scoring: a project drawn by
`layouts_p.random_form`, its budget execution block (年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 |
得分, a row per fund source), its goal beside what was achieved, and a grid of targets beside actual
values, weights, scores and — where a score falls short — the reason, closed by a 总分 row. The
content is the golden. Printed in the dialects with separators: run together, the rows of amounts
(`808581.6109.6`) cannot be split by anyone."""

from __future__ import annotations

import random
import re
from decimal import Decimal

from docnorm.eval.layouts_p import print_rows, random_form
from docnorm.schemas.common import Target
from docnorm.schemas.form_p import FormPDocument, PFundExecution, PIndicator, PProject

__all__ = ["EVALUATION_DIALECTS", "random_evaluation", "render_evaluation"]

EVALUATION_DIALECTS = ("pipe", "pipe_bare", "pipe_collapsed", "tab", "lines", "blank_lines", "bar_lines", "spaces")
_ACHIEVED = ("有所提高", "明显改善", "基本完成", "已完成", "逐步完善")
_REASONS = (
    "受天气影响部分工程推迟，已列入下年度计划",
    "资金拨付较晚，下一步加快执行进度",
    "部分对象信息未及时核实，今后加强入户核查",
    "由于项目招标延后导致进度滞后",
)
_EMPTY_MARKS = ("—", "-", "/")
_NUMBER = re.compile(r"^(\D*?)(\d+)(\D*)$")


def _actual(rng: random.Random, target: str) -> str:
    m = _NUMBER.match(target)
    if m is None:
        return rng.choice(_ACHIEVED)
    number, unit = int(m.group(2)), m.group(3)
    reached = min(100, number + rng.randint(-3, 3)) if unit == "%" else max(0, number + rng.randint(-number // 10, 50))
    return f"{reached}{unit}"


def _weights(rng: random.Random, count: int, total: int = 90) -> list[int]:
    cuts = sorted(rng.sample(range(1, total), count - 1))
    return [b - a for a, b in zip([0, *cuts], [*cuts, total], strict=True)]


def _indicators(rng: random.Random, drawn: list[PIndicator]) -> list[PIndicator]:
    out = []
    for ind, weight in zip(drawn, _weights(rng, len(drawn)), strict=True):
        raw = ind.annual_target.raw if ind.annual_target else ""
        score = weight if rng.random() < 0.7 else max(0, weight - rng.randint(1, 3))
        out.append(
            PIndicator(
                position=ind.position, level1=ind.level1, level2=ind.level2, name=ind.name,
                annual_target=Target(raw=raw), actual=Target(raw=_actual(rng, raw)),
                weight=Decimal(weight), score=Decimal(score),
                deviation=rng.choice(_REASONS) if score < weight and rng.random() < 0.8 else None,
            )
        )  # fmt: skip
    return out


def _execution(rng: random.Random, yuan: bool) -> list[PFundExecution]:
    scale = 10000 if yuan else 1
    planned = Decimal(rng.randint(10, 900) * scale)
    adjusted = planned + Decimal(rng.choice((0, 0, rng.randint(1, 50))) * scale)
    executed = adjusted - Decimal(rng.randint(0, 20) * scale // 2)
    rate = (executed * 100 / adjusted).quantize(Decimal("0.1"))
    score = (Decimal(10) * executed / adjusted).quantize(Decimal("0.1"))
    other = Decimal(rng.randint(0, 5) * scale) if rng.random() < 0.3 else Decimal(0)
    rows = [PFundExecution(source="年度资金总额", kind="total", planned=planned, adjusted=adjusted, executed=executed,
                           weight=Decimal(10), rate=f"{rate}%", score=score)]  # fmt: skip
    fiscal = [planned - other, adjusted - other, executed - other]
    rows.append(PFundExecution(source=rng.choice(("其中：当年财政拨款", "财政拨款")), kind="fiscal", planned=fiscal[0],
                               adjusted=fiscal[1], executed=fiscal[2]))  # fmt: skip
    if rng.random() < 0.5:
        rows.append(PFundExecution(source="上年结转资金", kind="carryover", planned=Decimal(0), adjusted=Decimal(0),
                                   executed=Decimal(0)))  # fmt: skip
    rows.append(PFundExecution(source="其他资金", kind="other", planned=other, adjusted=other, executed=other))
    return rows


def random_evaluation(rng: random.Random) -> FormPDocument:
    """A self-evaluation table of one project, its 总分 the budget's score and the indicators' scores."""
    form = random_form(rng)
    while form.grid != "single":
        form = random_form(rng)
    drawn = form.project
    p = PProject(position=1, name=drawn.name, department=drawn.department, unit=drawn.unit)
    p.money_unit = rng.choice(("万元", "万元", "元"))
    p.execution = _execution(rng, p.money_unit == "元")
    p.total, p.fiscal, p.other = (row.planned for row in p.execution if row.kind != "carryover")
    p.annual_goal = (drawn.annual_goal or "").replace(" ", "，")  # a goal beside the outcome: no blanks
    p.outcome = "全年" + p.annual_goal.removesuffix("。") + "，目标基本实现。"
    p.indicators = _indicators(rng, drawn.indicators)
    p.weight_total = Decimal(100)
    budget_score = p.execution[0].score or Decimal(0)
    p.score_total = sum((i.score or Decimal(0) for i in p.indicators), budget_score)
    title = rng.choice(("项目支出绩效自评表", "2023年度项目支出绩效自评表"))
    return FormPDocument(kind="self_evaluation", title=title, projects=[p])


def _amount(value: Decimal | str | None) -> str:
    return "" if value is None else str(value)


def _execution_rows(p: PProject, rng: random.Random) -> list[list[str]]:
    mark = rng.choice(_EMPTY_MARKS) if rng.random() < 0.7 else ""
    head = [f"项目资金（{p.money_unit}）", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"]
    rows = [head]
    for row in p.execution:
        amounts = [_amount(v) for v in (row.planned, row.adjusted, row.executed)]
        rest = [_amount(row.weight), row.rate or "", _amount(row.score)] if row.kind == "total" else [mark] * 3
        rows.append(["", row.source, *amounts, *rest])
    return rows


def _goal_rows(p: PProject, dialect: str, rng: random.Random) -> list[list[str]]:
    if dialect == "spaces" or rng.random() < 0.4:  # two free texts on one spaced row would run together
        return [["年度总体目标"], ["预期目标", p.annual_goal or ""], ["实际完成情况", p.outcome or ""]]
    return [["年度总体目标", "预期目标", "实际完成情况"], ["", p.annual_goal or "", p.outcome or ""]]


def _grid_rows(p: PProject, rng: random.Random) -> list[list[str]]:
    lead = ["绩效指标"] if rng.random() < 0.5 else []
    head = ["一级指标", "二级指标", "三级指标", "年度指标值", rng.choice(("实际完成值", "实际值")), "分值", "得分"]
    rows = [[*lead, *head, "偏差原因分析及改进措施"]]
    previous: tuple[str | None, str | None] = (None, None)
    for i in p.indicators:
        l1 = i.level1 if i.level1 != previous[0] else ""
        l2 = i.level2 if (i.level1, i.level2) != previous else ""
        previous = (i.level1, i.level2)
        cells = [l1 or "", l2 or "", i.name or "", i.annual_target.raw if i.annual_target else ""]
        cells += [i.actual.raw if i.actual else "", _amount(i.weight), _amount(i.score), i.deviation or ""]
        rows.append([""] * len(lead) + cells)
    rows.append(["总分", *[""] * (len(lead) + 4), _amount(p.weight_total), _amount(p.score_total), ""])
    return rows


def render_evaluation(doc: FormPDocument, dialect: str, rng: random.Random) -> str:
    p = doc.projects[0]
    rows = [[doc.title or ""], ["（2023年度）"]] if rng.random() < 0.5 else [[doc.title or ""]]
    rows += [["项目名称", p.name or ""], ["主管部门", p.department or "", *(["实施单位", p.unit] if p.unit else [])]]
    rows += _execution_rows(p, rng) + _goal_rows(p, dialect, rng) + _grid_rows(p, rng)
    return print_rows(rows, dialect, rng)

"""Random per-project forms (Form P) and their text in every dialect, for held-out scoring.

`random_form(rng)` draws a project from word pools (names, units, amounts in 元 or 万元, goals,
indicator rows with merged level cells, split or single targets, weights and directions);
`render(form, dialect, rng)` prints it as pipe tables (with a leading `|`, bare with `||` runs, or
with merged cells left out and empty cells collapsed), tab-separated rows, one cell per line,
blank-line or `|`-line separated cells, single spaces, or no separator at all — with page
furniture before and after, wrapped labels, stray spaces and half-width brackets. The content is the
golden: nothing is read back from the extractor."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from docnorm.schemas.common import Target
from docnorm.schemas.form_p import FormPDocument, PIndicator, PProject

DIALECTS = (
    "pipe",
    "pipe_bare",
    "pipe_collapsed",
    "tab",
    "lines",
    "blank_lines",
    "bar_lines",
    "spaces",
    "no_separator",
    "one_line",
)
_PLACES = ("某县", "某区", "某市", "某旗", "某州", "某镇")
_SUBJECTS = (
    "农村公路养护",
    "污水管网改造",
    "公共文化服务",
    "困难群众救助",
    "中小学校舍维修",
    "基层医疗设备购置",
    "城乡环卫一体化",
    "森林防火",
    "退役军人服务保障",
    "社区养老服务",
    "农田水利建设",
    "全民健身设施维护",
)
_BUREAUS = ("交通运输局", "住房和城乡建设局", "文化和旅游局", "民政局", "教育局", "卫生健康局", "林业局", "农业农村局")
_UNITS = ("事务中心", "服务站", "管理所", "人民政府", "第一中学", "中心卫生院", "综合执法大队")
_ATTRIBUTES = ("经常性项目", "一次性项目", "延续项目", "新增项目")
_GOAL_PARTS = (
    "完成年度建设任务",
    "保障项目按期实施",
    "提升群众获得感",
    "规范资金使用管理",
    "覆盖全部行政村",
    "改善基础设施条件",
    "消除安全隐患",
)
_NAMES = {
    "数量指标": (("完成改造数量", "个"), ("培训人次", "人次"), ("服务户数", "户"), ("建设里程", "公里")),
    "质量指标": (("验收合格率", "%"), ("资金使用合规率", "%"), ("设备完好率", "%")),
    "时效指标": (("完成时限", None), ("资金拨付及时率", "%")),
    "成本指标": (("单位建设成本", "万元"),),
    "经济效益指标": (("带动增收", "万元"),),
    "社会效益指标": (("受益人口", "人"), ("群众出行条件", None), ("公共服务水平", None)),
    "生态效益指标": (("垃圾无害化处理率", "%"), ("周边环境", None)),
    "可持续影响指标": (("设施使用年限", "年"),),
    "服务对象满意度指标": (("群众满意度", "%"), ("服务对象满意度", "%")),
}
_GROUPS = (
    ("产出指标", ("数量指标", "质量指标", "时效指标", "成本指标")),
    ("效益指标", ("经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标")),
    ("满意度指标", ("服务对象满意度指标",)),
)
_QUALITATIVE = ("明显改善", "有效提升", "持续提高", "逐步完善")
_COMPARATORS = ("≥", "≧", ">=", "＞", "≤", "=", "")
BEFORE = ("首页 > 政务公开 > 预算公开", "发布时间：2024-01-18", "浏览次数：316", "字号：【大 中 小】")
AFTER = ("填表人：周某", "联系电话：0791-8765432", "扫一扫在手机打开当前页", "【打印本页】 【关闭窗口】")


@dataclass
class Form:
    """A drawn project and how its grid is printed."""

    project: PProject
    grid: str  # single | double | split | weights | split_double
    title: str = "项目支出绩效目标表"
    unit_in_label: bool = False
    zero_other: bool = True
    notes: list[str] = field(default_factory=list)
    period_parts: list[tuple[str, str, str]] = field(default_factory=list)  # split_double: the 中期 group's cells

    def golden(self) -> FormPDocument:
        return FormPDocument(title=self.title, projects=[self.project])


_SHARE_LABELS = {
    "fiscal_central": ("中央", "中央资金"),
    "fiscal_provincial": ("省级", "省级资金"),
    "fiscal_municipal": ("市级", "州级"),
    "fiscal_county": ("县级", "区级", "旗级"),
    "fiscal_own": ("本级",),
}


def _amounts(rng: random.Random, p: PProject) -> None:
    yuan = rng.random() < 0.3
    p.money_unit = "元" if yuan else "万元"
    fiscal = Decimal(rng.randint(5, 900) * (10000 if yuan else 1)) + (0 if yuan else Decimal(rng.randint(0, 9)) / 10)
    if rng.random() < 0.25:  # a two-level fund header: 财政资金 split by the level of government
        _shares(rng, p, yuan)
        return
    p.fiscal = fiscal
    p.superior = Decimal(rng.randint(1, 300) * (10000 if yuan else 1)) if rng.random() < 0.5 else None
    p.other = Decimal(0) if rng.random() < 0.5 else None
    p.total = fiscal + (p.superior or 0) + (p.other or 0)


def _shares(rng: random.Random, p: PProject, yuan: bool) -> None:
    names = rng.sample(sorted(_SHARE_LABELS), k=rng.randint(2, 4))
    for name in sorted(names, key=list(_SHARE_LABELS).index):
        setattr(p, name, Decimal(rng.randint(1, 1600) * (10000 if yuan else 1)))
    p.other = Decimal(rng.randint(0, 50) * (10000 if yuan else 1)) if rng.random() < 0.6 else None
    p.total = sum((getattr(p, n) for n in names), Decimal(0)) + (p.other or 0)


def _fund_rows(
    p: PProject, total_label: str, amount: Callable[[Decimal | None], str], layout: str, rng: random.Random
) -> list[list[str]]:
    """The money rows of a two-level fund header: the shares' labels under 财政资金 and their amounts
    in a row below (`horizontal`), each share beside its amount on 财政资金's row (`inline`), or a
    share to a row under 财政资金 (`vertical`)."""
    parent = rng.choice(("财政资金", "财政拨款"))
    shares = [(rng.choice(labels), getattr(p, n)) for n, labels in _SHARE_LABELS.items() if getattr(p, n) is not None]
    other = [("其他资金", p.other)] if p.other is not None else []
    if layout == "horizontal":
        labels = [total_label, parent, *[""] * (len(shares) - 1), *(o[0] for o in other)]
        return [labels, ["", *(s[0] for s in shares)], [amount(p.total), *(amount(v) for _, v in shares + other)]]
    rows = [[total_label, amount(p.total)]]
    if layout == "inline":
        rows.append([parent, *(c for label, v in shares for c in (label, amount(v)))])
    else:
        rows += [[parent if k == 0 else "", label, amount(v)] for k, (label, v) in enumerate(shares)]
    return rows + [[label, amount(v)] for label, v in other]


def _target(rng: random.Random, unit: str | None, split: bool) -> dict[str, object]:
    if unit is None or rng.random() < 0.1:
        word = rng.choice(_QUALITATIVE) if unit is None or unit != "%" else "100%"
        return {"nature": "定性", "value": word, "unit": None, "raw": word}
    comparator = rng.choice(_COMPARATORS)
    number = str(rng.choice((90, 95, 98, 100))) if unit == "%" else str(rng.randint(2, 5000))
    nature = comparator or ("=" if split else "")
    return {"nature": nature, "value": number, "unit": unit, "raw": f"{nature}{number}{unit}"}


def _indicators(rng: random.Random, grid: str, period_parts: list[tuple[str, str, str]]) -> list[PIndicator]:
    out: list[PIndicator] = []
    split = grid in ("split", "split_double")
    weights = split and rng.random() < 0.5 or grid == "weights"
    for level1, level2s in _GROUPS:
        for level2 in rng.sample(level2s, k=rng.randint(1, len(level2s))):
            for name, unit in rng.sample(_NAMES[level2], k=rng.randint(1, len(_NAMES[level2]))):
                t = _target(rng, unit, split)
                ind = PIndicator(position=len(out) + 1, level1=level1, level2=level2, name=name)
                ind.annual_target = Target(raw=str(t["raw"]))
                if grid == "double":
                    ind.period_target = Target(raw=str(t["raw"]))
                if grid == "split_double":  # the 中期 group: a target of its own, in parts too
                    period = _target(rng, unit, split)
                    ind.period_target = Target(raw=str(period["raw"]))
                    period_parts.append((str(period["nature"]), str(period["value"]), str(period["unit"] or "")))
                if split:
                    ind.nature, ind.value, ind.measure_unit = str(t["nature"]), str(t["value"]), t["unit"]  # type: ignore[assignment]
                if weights:
                    ind.weight = Decimal(rng.choice((5, 10, 15, 20)))
                    ind.direction = rng.choice(("正向", "反向")) if rng.random() < 0.7 else None
                out.append(ind)
    return out


def random_form(rng: random.Random) -> Form:
    place = rng.choice(_PLACES)
    p = PProject(position=1, name=rng.choice(_PLACES[:3]).removeprefix("某") + rng.choice(_SUBJECTS))
    p.department = place + rng.choice(_BUREAUS)
    p.unit = place + rng.choice(_UNITS) if rng.random() < 0.85 else None
    p.attribute = rng.choice(_ATTRIBUTES)
    p.period = rng.choice(("2024年1月-2024年12月", "2024年", "2024-2026年", "2024.01-2024.12"))
    _amounts(rng, p)
    grid = rng.choice(("single", "double", "split", "weights", "split_double"))
    goal = (
        rng.choice(("，", " ", "; ")).join(rng.sample(_GOAL_PARTS, k=rng.randint(2, 4))) + "。"
    )  # goals have spaces too
    p.annual_goal = goal
    if grid == "double" or rng.random() < 0.3:
        p.period_goal = "三年内" + "，".join(rng.sample(_GOAL_PARTS, k=2)) + "。"
    period_parts: list[tuple[str, str, str]] = []
    p.indicators = _indicators(rng, grid, period_parts)
    return Form(p, grid, unit_in_label=rng.random() < 0.5, period_parts=period_parts)


def _amount(value: Decimal | None, halfwidth: bool) -> str:
    """An amount as printed: thousands separated by a half-width comma in the half-width variant."""
    if value is None:
        return ""
    return f"{value:,}" if halfwidth else str(value)


def _header_rows(
    form: Form, rng: random.Random, halfwidth: bool = False, fund_layout: str = "inline"
) -> list[list[str]]:
    p = form.project
    bracket = "({})" if halfwidth else rng.choice(("（{}）", "({})"))
    colon = ":" if halfwidth else "："
    # the half-width variant: `资金总额(万元):`, `(金额单位:万元)`, labels ending in `:` now and then
    label = (lambda t: t + ":" if rng.random() < 0.5 else t) if halfwidth else (lambda t: t)
    rows = [[form.title]]
    if not form.unit_in_label:
        rows.append(
            [(bracket.format(f"金额单位{colon}{p.money_unit}") if halfwidth else f"金额单位{colon}{p.money_unit}")]
        )
    rows.append([label("项目名称"), p.name or ""])
    rows.append([label("主管部门"), p.department or "", label("实施单位"), p.unit or ""])
    rows.append([label("项目属性"), p.attribute or "", label("项目起止时间"), p.period or ""])
    total_label = label("资金总额" + (bracket.format(p.money_unit) if form.unit_in_label else ""))
    if p.fiscal is None:
        rows += _fund_rows(p, total_label, lambda v: _amount(v, halfwidth), fund_layout, rng)
    else:
        rows.append([total_label, _amount(p.total, halfwidth), label("财政拨款"), _amount(p.fiscal, halfwidth)])
        rows.append([label("上级资金"), _amount(p.superior, halfwidth), label("其他资金"), _amount(p.other, halfwidth)])
    if p.period_goal:
        rows.append([label("中期目标"), p.period_goal])
    rows.append([label("年度目标"), p.annual_goal or ""])
    return rows


_PARTS_HEAD = ["指标性质", "指标值", "度量单位"]


def grid_rows(form: Form) -> list[list[str]]:
    head = {
        "single": ["指标值"],
        "double": ["中期指标值", "年度指标值"],
        "split": _PARTS_HEAD,
        "weights": ["指标值", "权重", "指标方向"],
        "split_double": ["中期指标值", "", "", "年度指标值", "", ""],
    }[form.grid]
    inds = form.project.indicators
    split = form.grid in ("split", "split_double")
    extra = split and any(i.weight is not None for i in inds)
    rows = [["一级指标", "二级指标", "三级指标", *head, *(["权重", "指标方向"] if extra else [])]]
    if form.grid == "split_double":  # a two-row header: each group's parts under its name
        rows.append(["", "", "", *_PARTS_HEAD, *_PARTS_HEAD, *(["", ""] if extra else [])])
    previous: tuple[str | None, str | None] = (None, None)
    for i in inds:
        l1 = i.level1 if i.level1 != previous[0] else ""
        l2 = i.level2 if (i.level1, i.level2) != previous else ""
        previous = (i.level1, i.level2)
        if split:
            cells = [i.nature or "", i.value or "", i.measure_unit or ""]
            if form.grid == "split_double":
                cells = [*form.period_parts[i.position - 1], *cells]
            if extra:
                cells += ["" if i.weight is None else str(i.weight), i.direction or ""]
        elif form.grid == "double":
            cells = [i.period_target.raw if i.period_target else "", i.annual_target.raw if i.annual_target else ""]
        elif form.grid == "weights":
            cells = [i.annual_target.raw if i.annual_target else "", str(i.weight), i.direction or ""]
        else:
            cells = [i.annual_target.raw if i.annual_target else ""]
        rows.append([l1 or "", l2 or "", i.name or "", *cells])
    return rows


def _stray(cell: str, rng: random.Random) -> str:
    """A stray space inside a level word now and then (`产出 指标`)."""
    if cell.endswith("指标") and len(cell) >= 4 and rng.random() < 0.2:
        cut = rng.randint(1, len(cell) - 1)
        return cell[:cut] + " " + cell[cut:]
    return cell


def line(cells: list[str], dialect: str, width: int) -> list[str]:
    if dialect == "pipe":
        return ["| " + " | ".join(cells + [""] * (width - len(cells))) + " |"]
    if dialect == "pipe_bare":
        return ["|".join(cells) + "|" * (width - len(cells) + 1)]
    full = [c for c in cells if c]
    if dialect == "pipe_collapsed":
        return ["| " + " | ".join(full + [""] * (width - len(full))) + " |"]
    if dialect == "tab":
        return ["\t".join(cells)]
    if dialect == "spaces":
        return [" ".join(full)]
    if dialect in ("no_separator", "one_line"):
        return ["".join(full)]
    return full  # one cell per line; the caller adds separators


def _wrap_label(cell: str, rng: random.Random) -> str:
    if cell in ("项目起止时间", "项目属性", "一级指标") and rng.random() < 0.5:
        cut = rng.randint(1, len(cell) - 1)
        return cell[:cut] + "\n" + cell[cut:]
    return cell


def render(form: Form, dialect: str, rng: random.Random, halfwidth: bool = False) -> str:
    """The form's text in a dialect; `halfwidth` prints half-width `( ) : ,` in labels and amounts."""
    # without separators a row of amounts under a row of labels runs together (`1868050`): unreadable
    # by anyone, so those dialects print each share beside its amount
    layouts = ("inline",) if dialect in ("no_separator", "one_line") else ("horizontal", "inline", "vertical")
    return print_rows(_header_rows(form, rng, halfwidth, rng.choice(layouts)) + grid_rows(form), dialect, rng)


def print_rows(rows: list[list[str]], dialect: str, rng: random.Random) -> str:
    """Rows of cells in a dialect, with page furniture before and after, stray spaces in level words
    and (one cell per line) wrapped labels."""
    width = max(len(r) for r in rows)
    lines = list(rng.sample(BEFORE, k=rng.randint(0, 3)))
    per_line = dialect in ("lines", "blank_lines", "bar_lines")
    body: list[str] = []
    for row in rows:
        cells = [_stray(c, rng) for c in row]
        if per_line:
            cells = [_wrap_label(c, rng) for c in cells]
        body += line(cells, dialect, width)
    if dialect == "blank_lines":
        body = [x for c in body for x in (c, "")]
    elif dialect == "bar_lines":
        body = [x for c in body for x in (c, "|")]
    elif dialect == "one_line":  # the whole form, title to last row, run together on one line
        body = ["".join(body)]
    lines += body + list(rng.sample(AFTER, k=rng.randint(0, 3)))
    return "\n".join(lines) + "\n"

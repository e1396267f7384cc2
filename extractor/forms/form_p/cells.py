"""Cells of a per-project form's text, whatever the dialect, and the closed vocabulary that names them.

Pipe tables (with or without the leading `|`, `||||` runs), tab-separated rows and one cell per line
all become the same stream of cells: each line is cut at `|` and tabs, empty pieces dropped. A cell
remembers its line and whether that line held several cells (a row), so the grid can use row ends
where the dialect prints them and fall back on the shape of values where it does not."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

_SPLIT = re.compile(r"[|\t｜]")
_BLANK = re.compile(r"\s+")
_PAREN = re.compile(r"^(?P<base>.*?)\((?P<inner>[^()]*)\)$")


@dataclass
class Cell:
    text: str
    start: int
    end: int
    line: int
    in_row: bool  # its line holds more than one cell

    @property
    def key(self) -> str:
        return squeeze(self.text)


def squeeze(text: str) -> str:
    """NFKC (half/full width), no blanks, no trailing colon, no leading 其中: the form of a label."""
    key = _BLANK.sub("", unicodedata.normalize("NFKC", text)).rstrip(":")
    return key.removeprefix("其中:").removeprefix("其中")


def amount_of(key: str) -> Decimal | None:
    """The amount a cell's key prints (thousands separators dropped), or None."""
    try:
        return Decimal(key.replace(",", ""))
    except InvalidOperation:
        return None


def split_cells(
    text: str, run_on: Callable[[str, int, int], list[Cell] | None] | None = None
) -> tuple[list[Cell], list[tuple[int, int]]]:
    """Cells of every line, and the separators between them (`|` glue, counted as labels).
    `run_on(line, offset, number)`: the cells of a line without separators (runon.py), or None."""
    cells: list[Cell] = []
    glue: list[tuple[int, int]] = []
    offset = 0
    in_grid = False
    for number, line in enumerate(text.split("\n")):
        pieces: list[Cell] = []
        cursor = 0
        if run_on is not None and (found := run_on(line, offset, number)) is not None:
            cells.extend(found)
            offset += len(line) + 1
            continue
        if _SPLIT.search(line) is None and " " in line.strip():
            pieces = _spaced(line, offset, number, in_grid)
            in_grid = in_grid or any(grid_field(c.key) == "level1" for c in pieces)
            cells.extend(pieces)
            offset += len(line) + 1
            continue
        for m in _SPLIT.finditer(line + "\t"):
            piece = line[cursor : m.start()]
            stripped = piece.strip()
            if stripped:
                lead = len(piece) - len(piece.lstrip())
                start = offset + cursor + lead
                pieces.append(Cell(stripped, start, start + len(stripped), number, False))
            if m.start() < len(line) and line[m.start()] != "\t":
                glue.append((offset + m.start(), offset + m.end()))
            cursor = m.end()
        for cell in pieces:
            cell.in_row = len(pieces) > 1
        in_grid = in_grid or any(grid_field(c.key) == "level1" for c in pieces)
        cells.extend(pieces)
        offset += len(line) + 1
    return join_wrapped(cells), glue


_TOKEN = re.compile(r"\S+")
EMPTY_MARK = r"[—–\-－/／]+"  # printed in a cell that holds no value
_AMOUNT = re.compile(rf"^(?:\d[\d,]*(?:\.\d+)?%?|{EMPTY_MARK})$")  # an amount, a rate, an empty mark


def _structural(key: str) -> bool:
    if key in EXECUTION_COLUMNS or key in EXECUTION_ROWS:
        return True
    return is_label(key) or key in FUND_PARTS or bool(LEVEL1.match(key) or LEVEL2.match(key) or MONEY_LINE.match(key))


def _spaced(line: str, offset: int, number: int, in_grid: bool) -> list[Cell]:
    """Cells of a line separated by single spaces. Text between labels is one cell in the header
    (goal text has spaces of its own); in the grid each token is a cell, but tokens that spell a
    label or level word together (`产出 指标`) are one."""
    out: list[Cell] = []
    for m in _TOKEN.finditer(line):
        cell = Cell(m.group(), offset + m.start(), offset + m.end(), number, False)
        if out and _joins(out[-1], cell, in_grid):
            prev = out.pop()
            cell = Cell(line[prev.start - offset : cell.end - offset], prev.start, cell.end, number, False)
        out.append(cell)
    for cell in out:
        cell.in_row = len(out) > 1
    return out


def _joins(prev: Cell, cell: Cell, in_grid: bool) -> bool:
    if _structural(prev.key + cell.key) and not _structural(prev.key):
        return True
    if _AMOUNT.match(prev.key) and _AMOUNT.match(cell.key):
        return False  # `186 80 50`: a row of amounts under a row of labels
    if in_grid or FURNITURE.search(prev.text) or FURNITURE.search(cell.text):
        return False
    return not _structural(prev.key) and not _structural(cell.key)


def join_wrapped(cells: list[Cell]) -> list[Cell]:
    """A label cell wrapped over two lines (`项目起` / `止时间`) becomes one cell again."""
    out: list[Cell] = []
    for cell in cells:
        if out and not is_label(out[-1].key) and is_label(out[-1].key + cell.key):
            prev = out.pop()
            cell = Cell(prev.text + cell.text, prev.start, cell.end, prev.line, prev.in_row or cell.in_row)
        out.append(cell)
    return out


HEADER_LABELS: dict[str, str] = {
    **dict.fromkeys(("项目名称", "项目支出名称", "项目全称"), "name"),
    **dict.fromkeys(
        ("主管部门", "预算部门", "归口科室", "主管部门及代码", "预算部门及代码", "主管单位", "部门名称"), "department"
    ),
    **dict.fromkeys(("实施单位", "执行单位", "项目实施单位", "单位名称", "预算单位"), "unit"),
    **dict.fromkeys(("项目属性", "项目类别", "项目类型"), "attribute"),
    **dict.fromkeys(("项目起止时间", "项目支出实施期", "项目实施期", "实施期限", "项目期限", "起止时间"), "period"),
    **dict.fromkeys(
        ("资金总额", "年度资金总额", "年度本级预算金额", "当年年度预算", "年度预算金额", "项目资金总额", "本年预算")
        + ("预算金额", "项目金额"),
        "total",
    ),
    **dict.fromkeys(("项目总预算", "项目总金额", "总预算"), "project_total"),
    **dict.fromkeys(
        ("财政拨款", "财政资金", "本级财政资金", "本级资金", "财政拨款资金", "本级", "财政性资金", "一般公共预算资金"),
        "fiscal",
    ),
    **dict.fromkeys(("上级资金", "上级补助", "上级财政资金", "上级补助资金"), "superior"),
    **dict.fromkeys(("其他资金", "其他", "其他来源资金"), "other"),
    **dict.fromkeys(
        ("总体目标", "中期目标", "长期目标", "实施期绩效目标", "实施期目标", "中长期目标", "总目标"), "period_goal"
    ),
    **dict.fromkeys(
        ("年度目标", "本年度绩效目标", "年度绩效目标", "本年度目标", "年度总体目标", "预期目标"), "annual_goal"
    ),
    **dict.fromkeys(("实际完成情况", "目标实际完成情况", "年度目标完成情况"), "outcome"),
    **dict.fromkeys(("项目资金", "项目资金情况", "资金情况", "资金来源", "绩效目标", "绩效指标", "年度绩效指标"), ""),
}
GRID_LABELS: dict[str, str] = {
    **dict.fromkeys(("一级指标",), "level1"),
    **dict.fromkeys(("二级指标",), "level2"),
    **dict.fromkeys(("三级指标", "指标名称", "指标内容"), "name"),
    **dict.fromkeys(("中期指标值", "长期指标值", "实施期指标值", "中长期指标值", "实施期指标", "中期指标"), "period"),
    **dict.fromkeys(("指标值", "年度指标值", "本年度指标值", "年度指标", "目标值"), "annual"),
    **dict.fromkeys(("指标性质",), "nature"),
    **dict.fromkeys(("度量单位", "计量单位", "单位"), "unit"),
    **dict.fromkeys(("权重", "分值", "权重(%)", "权重分值"), "weight"),
    **dict.fromkeys(("指标方向",), "direction"),
    **dict.fromkeys(("绩效标准", "评价标准", "指标标准"), "standard"),
    **dict.fromkeys(("指标值内容", "指标解释", "指标说明", "指标值说明"), "description"),
    # a self-evaluation table (自评表): the actual value, the score, the reason for a shortfall
    **dict.fromkeys(("实际完成值", "实际值", "完成值", "实际完成指标值", "全年实际值"), "actual"),
    **dict.fromkeys(("得分", "自评得分"), "score"),
    **dict.fromkeys(
        (
            "偏差原因分析及改进措施",
            "偏差原因分析及改进",
            "偏差原因分析",
            "偏差原因",
            "未完成原因分析",
            "未完成原因及改进措施",
        ),
        "deviation",
    ),
}
# the second level of a two-level fund header: 财政资金 split by the level of government that pays
# (`财政资金 | 中央 | 省级 | 市级 | 本级`), read only under a fiscal label whose own cell holds no amount
FUND_PARTS: dict[str, str] = {
    **dict.fromkeys(("中央", "中央资金", "中央财政", "中央财政资金", "中央补助"), "fiscal_central"),
    **dict.fromkeys(
        ("省级", "省级资金", "省级财政", "省级财政资金", "省财政", "省级补助", "自治区级", "自治区级资金"),
        "fiscal_provincial",
    ),
    **dict.fromkeys(
        ("市级", "市级资金", "市级财政", "市级财政资金", "州级", "市州级", "市(州)级", "盟级"), "fiscal_municipal"
    ),
    **dict.fromkeys(
        ("县级", "县级资金", "县级财政", "县级财政资金", "区级", "县区级", "县(区)级", "县(市、区)级", "旗级"),
        "fiscal_county",
    ),
    **dict.fromkeys(("本级", "本级资金", "本级财政"), "fiscal_own"),
    **dict.fromkeys(("上级", "上级资金", "上级补助"), "superior"),
}
# the fiscal labels that can head a two-level fund header
FUND_PARENTS = ("财政资金", "财政拨款", "财政拨款资金", "财政性资金", "一般公共预算资金")
# the budget execution block of a self-evaluation table (execution.py): its columns and its rows
EXECUTION_COLUMNS: dict[str, str] = {
    **dict.fromkeys(("年初预算数", "年初预算", "年初预算金额"), "planned"),
    **dict.fromkeys(("全年预算数", "全年预算", "调整后预算数", "全年预算金额"), "adjusted"),
    **dict.fromkeys(("全年执行数", "全年执行", "实际执行数", "执行数", "全年实际支出"), "executed"),
    **dict.fromkeys(("分值",), "weight"),
    **dict.fromkeys(("执行率", "预算执行率"), "rate"),
    **dict.fromkeys(("得分",), "score"),
}
EXECUTION_ROWS: dict[str, str] = {
    **dict.fromkeys(("年度资金总额", "资金总额", "年度资金总计", "合计"), "total"),
    **dict.fromkeys(("当年财政拨款", "财政拨款", "本年财政拨款", "财政资金", "当年财政资金"), "fiscal"),
    **dict.fromkeys(("上年结转资金", "上年结转", "结转资金"), "carryover"),
    **dict.fromkeys(("其他资金", "其他"), "other"),
}
MONEY_UNITS = ("万元", "元")


def label_parts(key: str) -> tuple[str, str | None]:
    """`资金总额(万元)` -> (`资金总额`, `万元`); `中期目标(2024-2026年)` -> (`中期目标`, None)."""
    m = _PAREN.match(key)
    if m is None:
        return key, None
    inner = m.group("inner")
    return m.group("base"), inner if inner in MONEY_UNITS else None


def header_field(key: str) -> str | None:
    return HEADER_LABELS.get(label_parts(key)[0])


def grid_field(key: str) -> str | None:
    return GRID_LABELS.get(key) or GRID_LABELS.get(label_parts(key)[0])


def is_label(key: str) -> bool:
    return header_field(key) is not None or grid_field(key) is not None


_SCORE = r"(?:\(?\d+(?:[-~－—至]\d+)?分?\)?分?)?"
LEVEL1 = re.compile(rf"^(?:预期)?(?:产出|效益|满意度|成本|影响)指标{_SCORE}$")
LEVEL2 = re.compile(
    rf"^(?:数量|质量|时效|成本|经济效益|社会效益|生态效益|生态环境效益|可持续影响|服务对象满意度|满意度"
    rf"|社会公众或服务对象满意度|经济成本|社会成本|生态环境成本|生态成本){_SCORE}指标{_SCORE}$"
)
COST_LEVEL2 = re.compile(r"^(?:经济|社会|生态环境|生态)成本指标")
NATURE = re.compile(r"^(?:≥|≧|>=|=>|≥=|＞|>|≤|≦|<=|=<|≤=|＜|<|=|＝|═|定性|定量)$")
UNIT = re.compile(
    r"^(?:%|‰|[个人次家天日月年万元分项件户所台套册场批篇期座辆亩吨条名份处间张本部支棵株米公里平方千克度小时周季/]{1,5})$"
)
NUMBER = re.compile(r"^\d+(?:\.\d+)?$")
TOTAL_SCORE = re.compile(r"^(?:总分|合计|总计|自评总分|总得分|合计得分)$")
# what a 偏差原因 cell says (a shortfall's cause or the fix), told apart from the next indicator's name
REASON = re.compile(r"[，。；,;]|原因|由于|因为|受.{1,12}影响|导致|未能|改进|加强|下一步|下年度|今后")
DIRECTION = re.compile(r"^(?:正向|反向)(?:指标)?$")
STANDARD = re.compile(r"^(?:计划|行业|历史|其他|国家|地方|省级|部门)标准$")
TITLE = re.compile(r"绩效(?:目标(?:申报|汇总)?|自评)表")
SELF_EVALUATION_TITLE = re.compile(r"自评表")
YEAR_LINE = re.compile(r"^\(?\d{4}年度?\)?$")
MONEY_LINE = re.compile(r"^\(?(?:金额)?单位[:：]\s*(万元|元)\)?$")
# a page number between the pages of a printed form (第 2 页, 第2页/共3页, - 2 -): noise that does not end the table
PAGE_NUMBER = re.compile(r"^(?:第\s*\d{1,4}\s*页(?:\s*[，,/／]?\s*共\s*\d{1,4}\s*页)?|[-—–－]\s*\d{1,4}\s*[-—–－])$")
FURNITURE = re.compile(
    r"填表人|填报日期|填报单位|联系电话|联系人|审核人|负责人[:：]|扫一扫|打印|关闭|发布时间|发布日期|浏览次数|阅读次数|字号|当前位置|首页\s*[>＞›]"
    r"|分享到|来源[:：]|^\d{4}[-年/.]\d{1,2}[-月/.]\d{1,2}日?$|^[【\[]\s*[大中小]\s*[】\]]"
)

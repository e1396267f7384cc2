"""Render a golden per-project form (Form P) as PDF tables with reportlab.

Every printed cell comes from the golden's fields: for each project a key–value header (labels
of the national template, values from the golden; a label whose value the golden lacks is printed
with an empty cell, as the published forms do; a row whose values are all missing is left out;
a two-level fund header as 财政资金 followed by its shares, 中央 … 本级, two to a row) and the indicator grid, a level cell printed only
on the row where it changes. The grid's columns follow what the golden holds: 指标性质 / 指标值 /
度量单位 when the target is printed in parts (after a whole 中期指标值 column when there is a period
target too), 中期 and 年度 columns when there is a period target, 实际完成值 / 分值 / 得分 / 偏差原因 and a
总分 row for a self-evaluation table (its budget execution block a table of its own under the header), 指标值内容, 绩效标准, 权重 and 指标方向 when any indicator has one. Each project starts on a page of its own."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.pdf_render import _build, _styles, _table, page_width

KEY_FRACTIONS = [0.17, 0.33, 0.17, 0.33]


def _drop(room: float) -> Any:
    """White space down to `room` points above the frame's foot (a Spacer cannot know where it lands)."""
    from reportlab.platypus import Flowable

    class Drop(Flowable):  # type: ignore[misc]
        def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
            self.height = max(0.0, available_height - room)
            return available_width, self.height

        def draw(self) -> None:
            pass

    return Drop()


SHARE_LABELS = {
    "fiscal_central": "中央",
    "fiscal_provincial": "省级",
    "fiscal_municipal": "市级",
    "fiscal_county": "县级",
    "fiscal_own": "本级",
}


def _share_rows(p: dict[str, Any], unit: str) -> list[list[str]]:
    """A two-level fund header: 财政资金 (its own cell empty) followed by its shares, two to a row."""
    cells = ["财政资金", p.get("fiscal") or ""]
    cells += [c for k, label in SHARE_LABELS.items() if p.get(k) for c in (label, p[k])]
    cells += ["上级资金", p["superior"]] if p.get("superior") else []
    cells += [""] * (len(cells) % 4)
    rows = [[f"资金总额{unit}", p.get("total") or "", "其他资金", p.get("other") or ""]]
    return rows + [cells[k : k + 4] for k in range(0, len(cells), 4)]


def _key_rows(p: dict[str, Any]) -> list[list[str]]:
    unit = f"（{p['money_unit']}）" if p.get("money_unit") else ""
    rows = [["项目名称", p.get("name") or "", "", ""]]
    rows.append(["主管部门", p.get("department") or "", "实施单位", p.get("unit") or ""])
    rows.append(["项目属性", p.get("attribute") or "", "项目起止时间", p.get("period") or ""])
    if p.get("execution"):
        pass  # a self-evaluation table: the amounts are in its budget execution table
    elif p.get("project_total"):
        rows.append([f"项目总预算{unit}", p["project_total"], f"当年年度预算{unit}", p.get("total") or ""])
        rows.append(["财政拨款", p.get("fiscal") or "", "上级资金", p.get("superior") or ""])
        rows.append(["其他资金", p.get("other") or "", "", ""])
    elif any(p.get(k) for k in SHARE_LABELS):
        rows += _share_rows(p, unit)
    else:
        rows.append([f"资金总额{unit}", p.get("total") or "", "其中：财政拨款", p.get("fiscal") or ""])
        rows.append(["上级资金", p.get("superior") or "", "其他资金", p.get("other") or ""])
    if p.get("period_goal"):
        rows.append(["中期目标", p["period_goal"], "", ""])
    rows.append(["预期目标" if p.get("outcome") else "年度目标", p.get("annual_goal") or "", "", ""])
    if p.get("outcome"):
        rows.append(["实际完成情况", p["outcome"], "", ""])
    return [row for row in rows if row[1] or row[3]]  # a pair of labels with no value at all is not printed


def _grid_columns(indicators: list[dict[str, Any]]) -> list[tuple[str, Any]]:
    """(header, how a row's cell is read from the indicator) for the columns after 三级指标."""

    def field(name: str) -> Any:
        return lambda i: i.get(name) or ""

    def target(name: str) -> Any:
        return lambda i: (i.get(name) or {}).get("raw") or ""

    columns: list[tuple[str, Any]]
    if any(i.get("nature") for i in indicators):
        columns = [("指标性质", field("nature")), ("指标值", field("value")), ("度量单位", field("measure_unit"))]
        if any(i.get("period_target") for i in indicators):  # the period target whole before the annual parts
            columns.insert(0, ("中期指标值", target("period_target")))
    elif any(i.get("period_target") for i in indicators):
        columns = [("中期指标值", target("period_target")), ("年度指标值", target("annual_target"))]
    else:
        columns = [("指标值", target("annual_target"))]
    evaluation = any(i.get("actual") for i in indicators)
    if evaluation:  # a self-evaluation table: the value reached beside the target
        columns.append(("实际完成值", target("actual")))
    for head, name in (
        ("指标值内容", "description"),
        ("绩效标准", "standard"),
        ("分值" if evaluation else "权重", "weight"),
        ("指标方向", "direction"),
        ("得分", "score"),
        ("偏差原因分析及改进措施", "deviation"),
    ):
        if any(i.get(name) for i in indicators):
            columns.append((head, field(name)))
    return columns


EXECUTION_HEAD = ["年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"]
EXECUTION_FIELDS = ["planned", "adjusted", "executed", "weight", "rate", "score"]


def execution_rows(project: dict[str, Any]) -> list[list[str]]:
    """A self-evaluation table's budget execution block: a row per fund source, `—` for an empty cell."""
    unit = f"（{project['money_unit']}）" if project.get("money_unit") else ""
    rows = [[f"项目资金{unit}", *EXECUTION_HEAD]]
    for row in project["execution"]:
        rows.append([row["source"], *(str(row.get(k) or "—") for k in EXECUTION_FIELDS)])
    return rows


def total_row(project: dict[str, Any], head: list[str]) -> list[str] | None:
    """The 总分 row under a self-evaluation grid: the 分值 and 得分 printed, in their columns."""
    if not project.get("score_total"):
        return None
    row = ["总分", *[""] * (len(head) - 1)]
    row[head.index("分值")] = str(project.get("weight_total") or "")
    row[head.index("得分")] = str(project["score_total"])
    return row


def form_p_grid(indicators: list[dict[str, Any]]) -> list[list[str]]:
    """The indicator grid as printed: a level cell only where it changes (a merged cell)."""
    columns = _grid_columns(indicators)
    rows = [["一级指标", "二级指标", "三级指标", *(head for head, _ in columns)]]
    level1 = level2 = None
    for i in indicators:
        row = ["", "", i.get("name") or "", *(cell(i) for _, cell in columns)]
        if i.get("level1") != level1:
            level1, level2 = i.get("level1"), None
            row[0] = level1 or ""
        if i.get("level2") != level2:
            level2 = i.get("level2")
            row[1] = level2 or ""
        rows.append(row)
    return rows


MULTI_HEAD = ["单位名称", "项目名称", "资金总额", "年度目标"]  # the total's label carries the money unit


def is_multi_project_grid(content: dict[str, Any]) -> bool:
    """A golden of many projects in one grid: several projects, none with the per-project header's
    department, attribute or period (a multi-project grid prints none of them)."""
    projects = content["projects"]
    keys = ("department", "attribute", "period", "period_goal", "fiscal")
    return len(projects) > 1 and not any(p.get(k) for p in projects for k in keys)


def multi_project_rows(content: dict[str, Any]) -> list[list[str]]:
    """One grid, one row per indicator: a project's cells on its first row only, and the unit
    cell only where it changes (merged over the unit's projects)."""
    rows: list[list[str]] = []
    unit = None
    for project in content["projects"]:
        grid = form_p_grid(project.get("indicators") or [])
        if not rows:
            money = f"（{project['money_unit']}）" if project.get("money_unit") else ""
            rows.append([MULTI_HEAD[0], MULTI_HEAD[1], MULTI_HEAD[2] + money, MULTI_HEAD[3], *grid[0]])
        first = [project.get("unit") if project.get("unit") != unit else "", project.get("name"), project.get("total"),
                 project.get("annual_goal")]  # fmt: skip
        unit = project.get("unit")
        for k, row in enumerate(grid[1:]):
            rows.append([*((c or "") for c in (first if k == 0 else ["", "", "", ""])), *row])
    return rows


def _execution_table(project: dict[str, Any], width: float, ruled: bool) -> list[Any]:
    if not project.get("execution"):
        return []
    from reportlab.platypus import Paragraph

    st = _styles()
    rows = [[Paragraph(c, st["cell"]) for c in row] for row in execution_rows(project)]
    return [_table(rows, [0.22, *[0.13] * 6], width, ruled=ruled)]


def render_form_p(
    content: dict[str, Any], out: Path, *, ruled: bool = True, landscape: bool = False, furniture: bool = False,
    grid_room: float | None = None,
) -> Path:  # fmt: skip
    """Write the golden's per-project tables to `out`, one project a page (or more); `grid_room`
    pushes each grid down until only that many points are left on the page, so the grid runs over
    the page break, its column header repeated on the next page."""
    from reportlab.platypus import PageBreak, Paragraph, Spacer

    st = _styles()
    width = page_width(landscape)
    title = content.get("title") or "项目支出绩效目标表"
    if is_multi_project_grid(content):
        rows = multi_project_rows(content)
        rest = len(rows[0]) - 7  # the columns after 三级指标 share what the first seven leave
        fractions = [0.09, 0.11, 0.06, 0.16, 0.09, 0.11, 0.15, *([0.23 / rest] * rest)]
        table = _table(
            [[Paragraph(c, st["cell"]) for c in row] for row in rows], fractions, width, ruled=ruled, repeatRows=1
        )
        drop = [_drop(grid_room + 60)] if grid_room else []  # its first row holds the wrapped goal: room for it
        story = [Paragraph(title, st["title"]), Spacer(1, 6), *drop, table]
        return _build(story, out, title, landscape=landscape, furniture=furniture)
    story: list[Any] = []
    for k, project in enumerate(content["projects"]):
        if k:
            story.append(PageBreak())
        keys = [[Paragraph(c, st["cell"]) for c in row] for row in _key_rows(project)]
        spans = [("SPAN", (1, r), (3, r)) for r, row in enumerate(_key_rows(project)) if not row[2] and not row[3]]
        grid_rows = form_p_grid(project.get("indicators") or [])
        if (total := total_row(project, grid_rows[0])) is not None:
            grid_rows.append(total)
        grid = [[Paragraph(c, st["cell"]) for c in row] for row in grid_rows]
        rest = len(grid_rows[0]) - 3
        fractions = [0.14, 0.16, 0.26, *([0.44 / rest] * rest)]
        story += [
            Paragraph(title, st["title"]),
            Spacer(1, 6),
            _table(keys, KEY_FRACTIONS, width, ruled=ruled, extra=spans),
            *_execution_table(project, width, ruled),
            # a self-evaluation grid's header wraps over more lines: room for it and a row
            *([_drop(grid_room * (3 if project.get("execution") else 1))] if grid_room else []),
            _table(grid, fractions, width, ruled=ruled, repeatRows=1),
        ]
    return _build(story, out, title, landscape=landscape, furniture=furniture)

"""Random multi-project grids (many projects in one indicator grid) for held-out scoring.

`random_grid(rng)` draws two to five projects (word pools of `layouts_p`), each with a unit, a name,
an amount and an annual goal printed on its first row only; consecutive projects of one unit print
the unit once (a merged cell). `render_grid(doc, dialect, rng)` prints the grid in any dialect of
`layouts_p` (pipe tables, tab-separated rows, one cell per line, blank-line or `|`-line separated
cells, single spaces, no separator), with a varied header (column order, the unit and amount labels,
the amount unit in the label or on its own line), stray spaces in level words and page furniture
before and after. The drawn content is the golden."""

from __future__ import annotations

import random
from dataclasses import dataclass

from docnorm.eval.layouts_p import DIALECTS, grid_rows, print_rows, random_form
from docnorm.schemas.form_p import FormPDocument, PProject

__all__ = ["GRID_DIALECTS", "Grid", "random_grid", "render_grid"]

GRID_DIALECTS = DIALECTS
_UNIT_LABELS = ("单位名称", "实施单位", "预算单位")
_TOTAL_LABELS = ("资金总额", "预算金额", "项目金额")
_GOAL_LABELS = ("年度目标", "年度绩效目标")


@dataclass
class Grid:
    doc: FormPDocument
    indicator_head: list[str]
    rows: list[list[str]]  # the indicator cells of every row, project by project


def random_grid(rng: random.Random) -> Grid:
    """Two to five projects in one grid, with the single-target or weighted indicator columns."""
    projects: list[PProject] = []
    rows: list[list[str]] = []
    head: list[str] = []
    kind = rng.choice(("single", "weights"))
    unit = None
    for position in range(1, rng.randint(2, 5) + 1):
        form = random_form(rng)
        while form.grid != kind:
            form = random_form(rng)
        drawn = form.project
        if unit is None or rng.random() < 0.6:
            unit = drawn.unit or drawn.department
        project = PProject(position=position, name=drawn.name, unit=unit, money_unit="万元", total=drawn.total)
        project.annual_goal, project.indicators = drawn.annual_goal, drawn.indicators
        projects.append(project)
        head, *body = grid_rows(form)
        rows += body
    title = rng.choice(("项目支出绩效目标表", "2024年项目支出绩效目标汇总表"))
    return Grid(FormPDocument(title=title, projects=projects), head, rows)


def render_grid(grid: Grid, dialect: str, rng: random.Random) -> str:
    """The grid's text in a dialect."""
    unit_first = rng.random() < 0.6
    in_label = rng.random() < 0.5
    total = rng.choice(_TOTAL_LABELS) + ("（万元）" if in_label else "")
    columns = [rng.choice(_UNIT_LABELS), "项目名称"] if unit_first else ["项目名称", rng.choice(_UNIT_LABELS)]
    header = [*columns, total, rng.choice(_GOAL_LABELS), *grid.indicator_head]
    table = [[grid.doc.title or ""]] + ([] if in_label else [["金额单位：万元"]]) + [header]
    k = 0
    previous_unit = None
    for project in grid.doc.projects:
        unit = project.unit if project.unit != previous_unit else ""
        previous_unit = project.unit
        named = [unit or "", project.name or ""] if unit_first else [project.name or "", unit or ""]
        first = [*named, str(project.total), project.annual_goal or ""]
        for n in range(len(project.indicators)):
            table.append([*(first if n == 0 else ["", "", "", ""]), *grid.rows[k]])
            k += 1
    return print_rows(table, dialect, rng)

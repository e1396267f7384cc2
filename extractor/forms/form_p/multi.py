"""Many projects in one grid: a header row that prints project columns (单位名称 | 项目名称 | 资金总额 |
年度目标) before the indicator columns (一级指标 | 二级指标 | 三级指标 | 指标值), and under it one row
per indicator, the project's cells printed only on its first row (merged over the rest).

A row starts a project when cells stand before a level-1 name on its line. Those cells are matched
to the project columns around the amount (the one cell that reads as a number): cells left of it
fill the columns left of the amount column, cells right of it the columns right of it. When fewer
cells are printed than there are columns, the unit's column is the one left empty (merged over the
unit's projects): it inherits the previous project's unit cell.

When the cells do not keep rows on lines (one cell per line), a project starts where the cells up to
the next level-1 name are as many as the project columns (one fewer: the unit merged) with the one
amount in the total column's place, and the first of them is not a cell the open indicator row takes."""

from __future__ import annotations

import re
from dataclasses import dataclass

from docnorm.extractor.forms.form_p.cells import DIRECTION, NATURE, STANDARD, UNIT, Cell, amount_of, is_label
from docnorm.extractor.forms.form_p.grid import level_of

__all__ = ["ProjectColumns", "next_level1", "project_cells"]

INHERITED = ("unit", "department")  # columns merged over several projects
_GOAL_COLUMNS = ("annual_goal", "period_goal")  # free text: the one column a split cell continues
_COMPARED = re.compile(r"^(?:[≥≧>＞≤≦<＜=＝═]|\d+(?:\.\d+)?\D{1,5}$)")  # `≥95%`, `=570个`, `12公里`


def _target_part(cell: Cell) -> bool:
    """A cell shaped like an indicator's target or one of its parts: no project column holds it."""
    key = cell.key
    return any(p.match(key) for p in (NATURE, UNIT, DIRECTION, STANDARD, _COMPARED))


def _is_amount(cell: Cell) -> bool:
    return amount_of(cell.key) is not None


def _fewer(names: list[str], printed: int) -> list[str]:
    """The columns `printed` cells fill: merged columns (the unit) are the ones left empty."""
    names = list(names)
    for merged in INHERITED:
        if len(names) > printed and merged in names:
            names.remove(merged)
    return names


def project_cells(line: list[Cell]) -> list[Cell]:
    """The cells before the line's level-1 name, when the line starts a project (none otherwise)."""
    for i, cell in enumerate(line):
        if level_of(cell, line[i + 1] if i + 1 < len(line) else None) is not None:
            first_level = i
            break
    else:
        return []
    if level_of(line[first_level], line[first_level + 1] if first_level + 1 < len(line) else None) != "level1":
        return []
    before = line[:first_level]
    return before if before and not any(is_label(c.key) for c in before) else []


def next_level1(cells: list[Cell]) -> list[int | None]:
    """For every cell, the index of the first level-1 name at or after it (None: no more)."""
    out: list[int | None] = [None] * len(cells)
    upcoming: int | None = None
    for i in range(len(cells) - 1, -1, -1):
        if level_of(cells[i], cells[i + 1] if i + 1 < len(cells) else None) == "level1":
            upcoming = i
        out[i] = upcoming
    return out


def _by_line(cells: list[Cell]) -> list[Cell]:
    """Cells of one line split at its blanks joined into one (the text between them kept)."""
    out: list[Cell] = []
    for cell in cells:
        if out and out[-1].line == cell.line and cell.in_row:
            first = out.pop()
            cell = Cell(
                first.text + " " * (cell.start - first.end) + cell.text, first.start, cell.end, cell.line, False
            )
        out.append(cell)
    return out


@dataclass
class ProjectColumns:
    """The project columns of a multi-project grid header, in printed order."""

    names: list[str]
    header: tuple[str, ...] = ()  # the header row's cells (squeezed), to know it when a page repeats it
    previous: dict[str, list[Cell]] | None = None

    def run_at(self, cells: list[Cell], at: int, level1_at: int | None, row_takes_it: bool) -> list[Cell]:
        """A project's first cells from `at` in a grid read cell by cell (none: no project starts here);
        a line split at spaces (a goal) is one cell."""
        if level1_at is None or at > 0 and cells[at].in_row and cells[at - 1].line == cells[at].line:
            return []  # a project's cells start a line (or stand each on its own: a form on one line)
        run = _by_line(cells[at:level1_at])
        if len(run) == len(self.names) and row_takes_it:
            return []  # the open row's cell: a run with the unit merged may start at the next one
        names = _fewer(self.names, len(run))
        anchor = next((i for i, n in enumerate(names) if n in ("total", "project_total")), None)
        amounts = [i for i, c in enumerate(run) if _is_amount(c)]
        if len(run) < len(self.names) - 1 or len(names) != len(run) or anchor is None or amounts != [anchor]:
            return []
        return [] if any(is_label(c.key) or level_of(c, None) or _target_part(c) for c in run) else run

    def values(self, cells: list[Cell]) -> tuple[dict[str, list[Cell]], list[Cell]]:
        """The project's values from its first row's cells, and the cells no column takes."""
        split = next((i for i, c in enumerate(cells) if _is_amount(c)), None)
        anchor = next((i for i, n in enumerate(self.names) if n in ("total", "project_total")), None)
        if split is None or anchor is None:
            k = min(len(cells), len(self.names))
            pairs = list(zip(self.names[len(self.names) - k :], cells[len(cells) - k :], strict=True))
            spare = cells[: len(cells) - k]
        else:
            left, right = cells[:split], cells[split + 1 :]
            left_names, right_names = _fewer(self.names[:anchor], len(left)), self.names[anchor + 1 :]
            k = min(len(left), len(left_names))
            pairs = list(zip(left_names[len(left_names) - k :], left[len(left) - k :], strict=True))
            pairs += [(self.names[anchor], cells[split])]
            pairs += list(zip(right_names, right, strict=False))
            spare = left[: len(left) - k] + right[len(right_names) :]
        values = {name: [cell] for name, cell in pairs}
        if spare and pairs[-1][0] in _GOAL_COLUMNS and spare[0].start > pairs[-1][1].start:
            values[pairs[-1][0]] += spare  # a goal split at its spaces: the cells after the last column
            spare = []
        for name in INHERITED:
            if name in self.names and name not in values and self.previous and name in self.previous:
                values[name] = self.previous[name]
        self.previous = values
        return values, spare

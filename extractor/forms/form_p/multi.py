"""Many projects in one grid: a header row that prints project columns (单位名称 | 项目名称 | 资金总额 |
年度目标) before the indicator columns (一级指标 | 二级指标 | 三级指标 | 指标值), and under it one row
per indicator, the project's cells printed only on its first row (merged over the rest).

A row starts a project when cells stand before a level-1 name on its line. Those cells are matched
to the project columns around the amount (the one cell that reads as a number): cells left of it
fill the columns left of the amount column, cells right of it the columns right of it. When fewer
cells are printed than there are columns, the unit's column is the one left empty (merged over the
unit's projects): it inherits the previous project's unit cell."""

from __future__ import annotations

from dataclasses import dataclass

from docnorm.extractor.forms.form_p.cells import Cell, amount_of, is_label
from docnorm.extractor.forms.form_p.grid import level_of

__all__ = ["ProjectColumns", "project_cells"]

INHERITED = ("unit", "department")  # columns merged over several projects


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


@dataclass
class ProjectColumns:
    """The project columns of a multi-project grid header, in printed order."""

    names: list[str]
    header: tuple[str, ...] = ()  # the header row's cells (squeezed), to know it when a page repeats it
    previous: dict[str, list[Cell]] | None = None

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
        for name in INHERITED:
            if name in self.names and name not in values and self.previous and name in self.previous:
                values[name] = self.previous[name]
        self.previous = values
        return values, spare

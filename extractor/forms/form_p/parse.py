"""Read a per-project form from its cells: the key–value header by its labels, the grid by its
header row, page furniture before and after as noise. Labels queue up and take the values that
follow in order, so `label | value | label | value` and a header row over a value row read alike."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from docnorm.extractor.forms.form_p.cells import (
    FUND_PARENTS,
    FUND_PARTS,
    FURNITURE,
    MONEY_LINE,
    PAGE_NUMBER,
    TITLE,
    YEAR_LINE,
    Cell,
    amount_of,
    grid_field,
    header_field,
    is_label,
    label_parts,
    split_cells,
)
from docnorm.extractor.forms.form_p.execution import EXECUTION_OPENERS, ExecutionBlock
from docnorm.extractor.forms.form_p.grid import Columns, GridReader
from docnorm.extractor.forms.form_p.multi import ProjectColumns, next_level1, project_cells
from docnorm.extractor.forms.form_p.oneline import WholeForm
from docnorm.extractor.forms.form_p.runon import is_run_on
from docnorm.schemas.form_p import FUND_SHARES

Range = tuple[int, int]
AMOUNTS = ("total", "project_total", "fiscal", *FUND_SHARES, "superior", "other")
GOALS = ("period_goal", "annual_goal", "outcome")
KEY_VALUE = ("name", "department", "unit", "attribute", "period")


SELF_EVALUATION_RUN_ON = (
    "unsupported document: a self-evaluation table (绩效自评表) run together without separators: its rows of "
    "amounts and scores (`808581.6109.6`) cannot be split, so it is not read offline"
)
_SELF_EVALUATION_WORDS = re.compile(r"自评表|年初预算数|全年执行数|实际完成值|偏差原因")


def _labelled(key: str) -> bool:
    """A label cell: a header or grid label, or a fund share's label (中央, 省级 …)."""
    return is_label(key) or key in FUND_PARTS


def _value_follows(cell: Cell, following: Cell | None) -> bool:
    return following is not None and following.line == cell.line and not _labelled(following.key)


@dataclass
class Table:
    """One project's table being read."""

    values: dict[str, list[Cell]] = field(default_factory=dict)
    money_unit: Cell | tuple[str, Range] | None = None
    grid: GridReader | None = None
    columns: Columns | None = None  # a grid header being read
    execution: ExecutionBlock | None = None  # a self-evaluation table's budget execution block
    fund_parent: bool = False  # a fiscal label that can head a two-level fund header was read
    share_at: int | None = None  # where in the pending labels the next fund share goes

    def empty(self) -> bool:
        return not self.values and self.grid is None


@dataclass
class Reader:
    text: str
    tables: list[Table] = field(default_factory=lambda: [Table()])
    pending: list[str] = field(default_factory=list)
    pending_line: int | None = None
    value_lines: set[int] = field(default_factory=set)  # lines holding a cell that is not a label
    run: int = 0  # how many value cells follow in a row from the cell being read (itself included)
    last: str | None = None
    labels: list[Range] = field(default_factory=list)
    noise: list[Range] = field(default_factory=list)
    page_numbers: list[Range] = field(default_factory=list)
    unplaced: list[Cell] = field(default_factory=list)
    title: Cell | None = None
    started: bool = False
    ended: bool = False
    after_title: bool = False
    continuing: bool = False  # a title came inside a table: a new project, or the table's next page
    repeat_at: int | None = None  # how far a repeated grid header (on the grid's next page) has been read
    lines: dict[int, list[Cell]] = field(default_factory=dict)  # every line's cells
    multi: ProjectColumns | None = None  # the project columns of a multi-project grid
    by_cells: list[int | None] | None = None  # a multi-project grid read cell by cell: next level-1 per cell
    cells: list[Cell] = field(default_factory=list)
    at: int = 0  # the index of the cell being read
    line_seen: int | None = None
    consumed: set[int] = field(default_factory=set)  # starts of cells read as a project's columns
    header_labels: list[tuple[int, str]] = field(default_factory=list)  # (line, field) of each header label
    unvalued: list[str] = field(default_factory=list)  # header labels since the last value cell
    unreadable: str | None = None  # why the document cannot be read offline

    @property
    def table(self) -> Table:
        return self.tables[-1]

    def feed(self, cell: Cell, following: Cell | None) -> None:
        key = cell.key
        if self.multi is not None and cell.line != self.line_seen:
            self.line_seen = cell.line
            self._multi_row(cell.line)
        if cell.start in self.consumed:
            return
        if self.by_cells is not None and self._stream_project(cell, following):
            return
        if PAGE_NUMBER.match(cell.text.strip()):
            self.page_numbers.append((cell.start, cell.end))
            return
        if FURNITURE.search(cell.text) or (self.ended and not self._opens(cell)):
            self.ended = self.ended or self.started and bool(self.table.grid and self.table.grid.rows)
            self.noise.append((cell.start, cell.end))  # page furniture, and what follows it after the grid
            return
        self.ended = False
        if TITLE.search(key) and len(key) <= 40:
            if not self.table.empty():
                self.continuing = True  # a new project, or this one on its next page: what follows decides
            else:
                self._new_table()
            self.title = self.title or cell
            self.after_title = True
            self.started = True
            self.labels.append((cell.start, cell.end))
            return
        after_title, self.after_title = self.after_title, False
        if after_title and YEAR_LINE.match(key):
            self.labels.append((cell.start, cell.end))  # (2024年度) under the title
            return
        if (m := MONEY_LINE.match(key)) is not None:
            self._end_continuation()
            at = cell.start + cell.text.rfind(m.group(1))
            self.table.money_unit = (m.group(1), (at, at + len(m.group(1))))
            self.labels.append((cell.start, cell.end))
            self.started = True
            return
        if self._execution(cell) or self._fund_share(cell, following):
            self.started = True
            return
        if self._header_label(cell, following) or self._grid_label(cell):
            self.started = True
            return
        if not self.started:
            self.noise.append((cell.start, cell.end))
        elif self.table.grid is not None:
            self.table.grid.feed(cell, following)
        else:
            self._value(cell)

    def _opens(self, cell: Cell) -> bool:
        return header_field(cell.key) == "name" or bool(TITLE.search(cell.key))

    def _new_table(self) -> None:
        if not self.table.empty():
            self.tables.append(Table())
        self.pending, self.last = [], None

    def _execution(self, cell: Cell) -> bool:
        """A cell of a self-evaluation table's budget execution block (opened by 年初预算数 / 全年预算数)."""
        table = self.table
        if table.execution is None:
            if table.grid is not None or label_parts(cell.key)[0] not in EXECUTION_OPENERS:
                return False
            table.execution = ExecutionBlock()
        return not table.execution.closed and table.execution.feed(cell)

    def _fund_share(self, cell: Cell, following: Cell | None) -> bool:
        """A label of a two-level fund header's second level (中央 / 省级 / 市级 / 本级 under 财政资金):
        it takes the parent's place among the labels waiting for values (the parent's own cell is
        empty), or the place after the share before it. A label that is also a header label of its
        own (本级, 上级资金) is a share only once the header is known to have two levels."""
        table = self.table
        name = FUND_PARTS.get(label_parts(cell.key)[0])
        if name is None or not table.fund_parent or table.grid is not None or name in table.values:
            return False
        two_level = "fiscal" in self.pending or table.share_at is not None
        if header_field(cell.key) is not None and not two_level:
            return False
        self.labels.append((cell.start, cell.end))
        self.header_labels.append((cell.line, name))
        empty = cell.in_row and cell.line in self.value_lines and not _value_follows(cell, following)
        self._place_share(name, empty)
        self.pending_line = cell.line if cell.in_row else None
        self.unvalued.append(name)
        self.last = None
        return True

    def _place_share(self, name: str, empty: bool) -> None:
        table, pending = self.table, self.pending
        if "fiscal" in pending:
            at = pending.index("fiscal")
            del pending[at]
        elif table.share_at is None or table.share_at > len(pending):
            at = len(pending)
        else:
            at = table.share_at
        if not empty:  # `中央 | | 省级 | 30`: an empty share takes no value
            pending.insert(at, name)
            at += 1
        table.share_at = at

    def _header_label(self, cell: Cell, following: Cell | None) -> bool:
        name = header_field(cell.key)
        if name is None:
            return False
        if name == "fiscal" and label_parts(cell.key)[0] in FUND_PARENTS:
            self.table.fund_parent = True
        self._end_continuation()
        if name == "name" and ("name" in self.table.values or self.table.grid is not None):
            self._new_table()
        self.table.grid = None
        self.labels.append((cell.start, cell.end))
        unit = label_parts(cell.key)[1]
        if unit is not None and self.table.money_unit is None:
            at = cell.text.rfind(unit)
            self.table.money_unit = (unit, (cell.start + at, cell.start + at + len(unit)))
        if name:
            self.last = None  # a value after another label never continues the one before it
            self.header_labels.append((cell.line, name))
            self.unvalued.append(name)
            if self.pending and cell.in_row and self.pending_line not in (None, cell.line):
                self.pending = []  # labels of an earlier row whose value cells were empty
            self.pending_line = cell.line if cell.in_row else None
            self.pending = [n for n in self.pending if n not in KEY_VALUE]  # a new label: their value was empty
            if cell.in_row and cell.line in self.value_lines and not _value_follows(cell, following):
                return True  # `上级资金 | | 其他资金 | 0`: this label's cell is empty
            if self.pending and self.pending[-1] == name:
                self.pending.pop()  # the earlier one was a section label (总体目标 over 中期目标)
            self.pending.append(name)
        return True

    def _end_continuation(self) -> None:
        """A header label or money unit after a title that came inside a table: it opened a new project."""
        if self.continuing:
            self.continuing = False
            self._new_table()

    def _grid_label(self, cell: Cell) -> bool:
        name = grid_field(cell.key)
        if name is not None and self.table.grid is not None and self.table.grid.rows:
            return self._repeated_header(cell, name)
        if name is None:
            return False
        self.continuing = False  # the title was this table's page title: its grid starts here
        row_labels = [n for line, n in self.header_labels if line == cell.line]
        if name == "level1" and "name" in self.unvalued and not cell.in_row:
            self.multi = ProjectColumns(list(self.unvalued))  # 项目名称 … 一级指标, a cell to a line
            self.by_cells = next_level1(self.cells)
        if name == "level1" and "name" in row_labels and cell.in_row:
            header = tuple(c.key for c in self.lines.get(cell.line, []))
            self.multi = ProjectColumns(row_labels, header)  # 项目名称 … 一级指标 on one header row
            self.line_seen = cell.line  # the rest of this header row is read as grid labels
        if self.table.columns is None or self.table.grid is not None and name == "level1":
            self.table.columns = Columns()
        self.table.columns.names.append(name)
        self.table.grid = GridReader(self.table.columns)
        self.pending, self.last = [], None
        self.labels.append((cell.start, cell.end))
        return True

    def _multi_row(self, line: int) -> None:
        """A row of a multi-project grid that starts a project: its project cells open a new table."""
        assert self.multi is not None
        printed = self.lines.get(line, [])
        if tuple(c.key for c in printed) == self.multi.header:  # the header repeated on the next page
            self.labels += [(c.start, c.end) for c in printed]
            self.consumed |= {c.start for c in printed}
            self.continuing = False
            return
        cells = project_cells(printed)
        if cells:
            self._open_project(cells)

    def _stream_project(self, cell: Cell, following: Cell | None) -> bool:
        """A multi-project grid read cell by cell: the cells from here that start a project, if they do."""
        assert self.multi is not None and self.by_cells is not None
        grid, level1_at = self.table.grid, self.by_cells[self.at]
        run = self.multi.run_at(self.cells, self.at, level1_at, grid is not None and grid.takes(cell, following))
        if run:
            self._open_project(run)
            self.consumed |= {c.start for c in self.cells[self.at : level1_at]}
        return bool(run)

    def _open_project(self, cells: list[Cell]) -> None:
        """A project's first cells in a multi-project grid: they open a new table."""
        assert self.multi is not None
        values, spare = self.multi.values(cells)
        columns, money_unit = self.table.columns, self.table.money_unit
        if self.table.values or (self.table.grid is not None and self.table.grid.rows):
            self.tables.append(Table())
        self.table.values, self.table.columns, self.table.money_unit = values, columns, money_unit
        self.table.grid = GridReader(columns) if columns is not None else None
        self.consumed |= {c.start for c in cells}
        self.unplaced += spare

    def _repeated_header(self, cell: Cell, name: str) -> bool:
        """The grid's column header printed again (the grid runs on over a page): labels, the grid goes on."""
        names = self.table.columns.names if self.table.columns else []
        at = self.repeat_at if self.repeat_at is not None else 0
        if at >= len(names) or names[at] != name:
            return False
        self.repeat_at = at + 1 if at + 1 < len(names) else None
        self.continuing = False
        self.labels.append((cell.start, cell.end))
        return True

    def _value(self, cell: Cell) -> None:
        self.unvalued = []
        if not cell.in_row and len(self.pending) > self.run:
            del self.pending[: len(self.pending) - self.run]  # fewer values than labels: the first were empty
        while self.pending and self.pending[0] in AMOUNTS and amount_of(cell.key) is None:
            self.pending.pop(0)  # an amount label whose cell was empty
        if self.pending:
            name = self.pending.pop(0)
            self.table.values[name] = [cell]
            self.last = name
        elif self.last in GOALS or self.last in ("name", "department", "unit") and not cell.in_row:
            self.table.values[self.last].append(cell)  # a value wrapped over several cells
        else:
            self.unplaced.append(cell)


def _value_runs(cells: list[Cell]) -> list[int]:
    runs = [0] * (len(cells) + 1)
    for i in range(len(cells) - 1, -1, -1):
        runs[i] = 0 if _labelled(cells[i].key) or FURNITURE.search(cells[i].text) else runs[i + 1] + 1
    return runs[:-1]


def read_cells(text: str) -> Reader:
    run_on = is_run_on(text)
    cells, glue = split_cells(text, WholeForm().cells if run_on else None)
    reader = Reader(text, cells=cells)
    if run_on and _SELF_EVALUATION_WORDS.search(text):
        reader.unreadable = SELF_EVALUATION_RUN_ON
    reader.value_lines = {c.line for c in cells if c.in_row and not _labelled(c.key)}
    reader.labels += glue
    for cell in cells:
        reader.lines.setdefault(cell.line, []).append(cell)
    runs = _value_runs(cells)
    for i, cell in enumerate(cells):
        reader.run, reader.at = runs[i], i
        reader.feed(cell, cells[i + 1] if i + 1 < len(cells) else None)
    return reader

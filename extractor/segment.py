"""Stage 3 — segment: cut the cleaned Form A text into table rows (合计, unit, project, orphan).

Two layouts reach us: tab-separated dumps (one row per line) and layout text (indented project
rows, wrapped names, amounts on their own line). Both become the same `Row` records, whose
cells are `SpanText` (joined text that remembers its source offsets)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from docnorm.extractor.textspan import SpanText

RowKind = Literal["total", "unit", "project", "orphan"]
AMOUNT = r"-?\d{1,3}(?:,\d{3})+(?:\.\d+)?|-?\d+\.\d+"
_AMOUNTS_ONLY = re.compile(rf"^[ \t]*((?:{AMOUNT})(?:[ \t]+(?:{AMOUNT})){{0,3}})[ \t]*$")
_NAMED_AMOUNTS = re.compile(
    rf"^(?P<name>[ \t]*\S.*?)[ \t]+(?P<amounts>(?:{AMOUNT})(?:[ \t]+(?:{AMOUNT})){{0,3}})[ \t]*$"
)
_INDENT = re.compile(r"^[ \t]{2,}\S")
_LINE_SHAPE = re.compile(r"(?P<item>[ \t]*\d{1,2}[ \t]*、)|(?P<total>[ \t]*合计)|(?P<indented>[ \t]{2,}\S)")
_INDICATOR_HINT = re.compile(r"指标值|[；;。，,]|\d-\S*指标")
TABBED_SHARE = 0.3


@dataclass
class Row:
    kind: RowKind
    name: SpanText = field(default_factory=SpanText)
    amounts: list[SpanText] = field(default_factory=list)
    goal: SpanText = field(default_factory=SpanText)
    indicators: SpanText = field(default_factory=SpanText)

    @property
    def has_amounts(self) -> bool:
        return any(a for a in self.amounts)


_CONTENT_LINE = re.compile(r"[^\n]*\S[^\n]*")


def content_lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of every non-blank line; blank lines cost nothing."""
    return [match.span() for match in _CONTENT_LINE.finditer(text)]


def is_tabbed(masked: str) -> bool:
    rows = [ln for ln in masked.split("\n") if ln.strip()]
    return bool(rows) and sum(ln.count("\t") >= 2 for ln in rows) >= TABBED_SHARE * len(rows)


def segment(masked: str) -> tuple[list[Row], list[tuple[int, int]]]:
    """Rows of the table, plus source ranges of text that is in no row."""
    return _segment_tabbed(masked) if is_tabbed(masked) else _segment_layout(masked)


# --- tab-separated -------------------------------------------------------------------------


def split_cells(masked: str, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) of each tab-separated cell of ``masked[start:end]``."""
    cells, cell_start = [], start
    while (tab := masked.find("\t", cell_start, end)) != -1:
        cells.append((cell_start, tab))
        cell_start = tab + 1
    cells.append((cell_start, end))
    return cells


def _tabbed_row(masked: str, start: int, end: int) -> Row:
    cells = [SpanText.from_source(masked, a, b) for a, b in split_cells(masked, start, end)]
    name = cells[0]
    if len(cells) >= 7:
        amounts, goal, indicators = cells[1:5], cells[5], _join(cells[6:])
    else:  # a missing cell: read from the right (goal, indicators) and keep numeric cells as amounts
        amounts, goal, indicators = cells[1:-2], cells[-2] if len(cells) > 2 else SpanText(), cells[-1]
    row = Row("project", name, list(amounts), goal, indicators)
    row.kind = _row_kind(row)
    return row


def _join(cells: list[SpanText]) -> SpanText:
    joined = SpanText()
    for cell in cells:
        joined.extend(cell)
    return joined


def _row_kind(row: Row) -> RowKind:
    if row.name.text == "合计":
        return "total"
    if not row.name and not row.has_amounts:
        return "orphan"
    if row.has_amounts and not row.goal and not row.indicators:
        return "unit"
    return "project"


def _segment_tabbed(masked: str) -> tuple[list[Row], list[tuple[int, int]]]:
    rows, loose = [], []
    for start, end in content_lines(masked):
        if masked.count("\t", start, end) >= 2:
            rows.append(_tabbed_row(masked, start, end))
        else:
            loose.append((start, end))
    return rows, loose


# --- layout text -----------------------------------------------------------------------------


@dataclass
class _Line:
    start: int
    end: int
    text: str


class _LayoutSegmenter:
    """Walks the lines once. A project starts at an indented line; a unit at an unindented name
    followed by an amounts line; goal text runs until the first indicator item (`1、`)."""

    def __init__(self, masked: str) -> None:
        self.masked = masked
        self.lines = [_Line(a, b, masked[a:b]) for a, b in content_lines(masked)]
        self.rows: list[Row] = []
        self.loose: list[tuple[int, int]] = []
        self.row: Row | None = None
        self.state = "start"  # start | name | goal | indicators

    def run(self) -> tuple[list[Row], list[tuple[int, int]]]:
        for index, line in enumerate(self.lines):
            self._feed(line, index)
        self._close()
        return self.rows, self.loose

    def _feed(self, line: _Line, index: int) -> None:
        shape = _LINE_SHAPE.match(line.text)  # one match tells total / item start / indented
        kind = shape.lastgroup if shape is not None else None
        if kind == "total" and _NAMED_AMOUNTS.match(line.text):
            self._start("total", line)
        elif kind == "indented":
            self._start("project", line)
        elif kind != "item" and self._starts_unit(line, index):
            self._start("unit", line)
        elif self.row is None:
            self.loose.append((line.start, line.end))
        elif self.state == "name":
            self._add_name_or_amounts(line)
        elif self.state == "goal" and kind == "item":
            self.state = "indicators"
            self.row.indicators.add_source(self.masked, line.start, line.end)
        elif self.state == "goal":
            self.row.goal.add_source(self.masked, line.start, line.end)
        else:
            self.row.indicators.add_source(self.masked, line.start, line.end)

    def _starts_unit(self, line: _Line, index: int) -> bool:
        """An unindented, indicator-free name whose amounts follow within a few lines, where the
        current record is complete (a unit row never interrupts a sentence)."""
        if self.state == "name":
            return False
        if self.row is not None and self.state in ("goal", "indicators"):  # cheapest test first
            tail = (self.row.indicators or self.row.goal).text
            if tail and tail[-1] not in "。；;）)":
                return False
        named = _NAMED_AMOUNTS.match(line.text)
        name = named.group("name") if named else line.text
        if _INDICATOR_HINT.search(name):
            return False
        if named:
            return True
        for nxt in self.lines[index + 1 : index + 4]:
            if _AMOUNTS_ONLY.match(nxt.text):
                return True
            if _INDENT.match(nxt.text):
                return False
            named = _NAMED_AMOUNTS.match(nxt.text)
            if _INDICATOR_HINT.search(named.group("name") if named else nxt.text):
                return False
            if named:
                return True
        return False

    def _start(self, kind: RowKind, line: _Line) -> None:
        self._close()
        self.row = Row(kind)
        self.state = "name"
        self._add_name_or_amounts(line)

    def _add_name_or_amounts(self, line: _Line) -> None:
        assert self.row is not None
        if (m := _AMOUNTS_ONLY.match(line.text)) is not None:
            self._set_amounts(line, m.start(1), m.end(1))
        elif (m := _NAMED_AMOUNTS.match(line.text)) is not None:
            self.row.name.add_source(self.masked, line.start + m.start("name"), line.start + m.end("name"))
            self._set_amounts(line, m.start("amounts"), m.end("amounts"))
        else:
            self.row.name.add_source(self.masked, line.start, line.end)

    def _set_amounts(self, line: _Line, start: int, end: int) -> None:
        assert self.row is not None
        for match in re.finditer(r"\S+", line.text[start:end]):
            a = line.start + start + match.start()
            self.row.amounts.append(SpanText.from_source(self.masked, a, a + len(match.group())))
        self.state = "goal"

    def _close(self) -> None:
        if self.row is None:
            return
        if self.row.name.text == "合计":
            self.row.kind = "total"
        elif self.row.kind == "project" and not self.row.has_amounts and not self.row.goal:
            self.row.kind = "orphan"
        self.rows.append(self.row)
        self.row = None


def _segment_layout(masked: str) -> tuple[list[Row], list[tuple[int, int]]]:
    return _LayoutSegmenter(masked).run()

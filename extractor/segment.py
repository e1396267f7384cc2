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
_AMOUNT_CELL = re.compile(rf"^\s*(?:{AMOUNT})?\s*$")
_AMOUNTS_ONLY = re.compile(rf"^[ \t]*((?:{AMOUNT})(?:[ \t]+(?:{AMOUNT})){{0,3}})[ \t]*$")
_NAMED_AMOUNTS = re.compile(
    rf"^(?P<name>[ \t]*\S.*?)[ \t]+(?P<amounts>(?:{AMOUNT})(?:[ \t]+(?:{AMOUNT})){{0,3}})[ \t]*$"
)
_INDENT = re.compile(r"^[ \t]{2,}\S")
_LINE_SHAPE = re.compile(r"(?P<item>[ \t]*\d{1,2}[ \t]*、)|(?P<total>[ \t]*合计)|(?P<indented>[ \t]{2,}\S)")
_INDICATOR_HINT = re.compile(r"指标值|[；;。，,]|\d-\S*指标")
TABBED_SHARE = 0.3
NAME_LINES = 8  # a row name wraps over at most this many lines before its amounts
_CLOSERS = "。；;）)"
# an indicator list whose last part reads as a target (`90%以上`, `≥5次`, `优良`) is complete even
# without a closing `。`; one that stops at a name (`31-服务对象满意`) is cut mid-item
_TARGET_TAIL = re.compile(r"(?:\d|%|以上|以下|以内|优|良|合格|达标)[^；;，,。:：]{0,8}$")


def _open_record(row: Row) -> bool:
    """The record above is mid-sentence or mid-item, so the next line continues it."""
    tail = (row.indicators or row.goal).text
    if not tail or tail[-1] in _CLOSERS:
        return False
    return not (row.indicators and _TARGET_TAIL.search(tail[-24:]))


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


def segment(masked: str, tabbed: bool | None = None) -> tuple[list[Row], list[tuple[int, int]]]:
    """Rows of the table, plus source ranges of text that is in no row. `tabbed`: the layout,
    when the caller decided it already (a long document read in pieces decides once)."""
    tabbed = is_tabbed(masked) if tabbed is None else tabbed
    return _segment_tabbed(masked) if tabbed else _segment_layout(masked)


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
    else:  # a short row: amounts are the leading numeric (or empty) cells, then goal and indicators
        count = 0
        while count < 4 and 1 + count < len(cells) and _AMOUNT_CELL.match(cells[1 + count].text):
            count += 1
        amounts, rest = cells[1 : 1 + count], cells[1 + count :]
        goal, indicators = (rest[0], _join(rest[1:])) if rest else (SpanText(), SpanText())
    row = Row("project", name, list(amounts), goal, indicators)
    row.kind = _row_kind(row)
    if row.kind == "unit" and masked.startswith("  ", start):
        row.kind = "project"  # printed indented under its unit: a project with no goal and no items
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
        elif kind == "indented" and self._starts_row(line, index):
            self._start("project", line)
        elif kind != "item" and self._starts_unit(line, index):
            self._start("unit", line)
        elif self._nameless_unit(line):
            self._start("unit", line)  # a unit whose name line is missing: its amounts still count
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

    def _nameless_unit(self, line: _Line) -> bool:
        """Amounts alone where no row is open (before the first row, after 合计 or a complete record):
        a unit whose name line is missing. Its amounts still count; validation reports the name."""
        if not _AMOUNTS_ONLY.match(line.text):
            return False
        if self.row is None or self.row.kind == "total":
            return True
        return self.state == "indicators" and not _open_record(self.row)

    def _starts_row(self, line: _Line, index: int) -> bool:
        """An indented line starts a project only as a name whose amounts follow: indentation alone
        is layout (a wrapped goal or item line can be indented too)."""
        if self.row is None:
            return True
        if self.state == "name" or _AMOUNTS_ONLY.match(line.text):  # a wrapped name, or its amounts
            return False
        # after a complete record, an indented next line can be the name's own second line
        return self._name_before_amounts(line, index, indented_wrap=not _open_record(self.row))

    def _starts_unit(self, line: _Line, index: int) -> bool:
        """An unindented, indicator-free name whose amounts follow within a few lines, where the
        current record is complete (a unit row never interrupts a sentence)."""
        if self.state == "name":
            return False
        if self.row is not None and self.state in ("goal", "indicators") and _open_record(self.row):
            return False
        return self._name_before_amounts(line, index)

    def _name_before_amounts(self, line: _Line, index: int, indented_wrap: bool = False) -> bool:
        """The line reads as a row name (no indicator text) and its amounts follow within NAME_LINES.
        An indented line on the way ends the name (it starts the next row) unless `indented_wrap`."""
        named = _NAMED_AMOUNTS.match(line.text)
        name = named.group("name") if named else line.text
        if _INDICATOR_HINT.search(name):
            return False
        if named:
            return True
        for nxt in self.lines[index + 1 : index + 1 + NAME_LINES]:
            if _AMOUNTS_ONLY.match(nxt.text):
                return True
            if _INDENT.match(nxt.text) and not indented_wrap:
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
        elif self.row.kind == "unit" and (self.row.goal or self.row.indicators):
            self.row.kind = "project"  # a project row that lost its indentation: it has a goal and items
        elif self.row.kind == "project" and not self.row.has_amounts and not self.row.goal:
            self.row.kind = "orphan"
        self.rows.append(self.row)
        self.row = None


def _segment_layout(masked: str) -> tuple[list[Row], list[tuple[int, int]]]:
    return _LayoutSegmenter(masked).run()

"""Stage 4a — assemble: turn Form A rows into units and projects.

Tabbed dumps split a record across rows at page breaks. A row continues the record above only
while that record is *open* (its indicator list is cut mid-item, or its goal mid-sentence); text
that continues a closed record, and nameless rows that never get a name, are reported as
unplaced — never silently attached or dropped. (eval/golden/CONVENTIONS.md states the same rules.)"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from docnorm.extractor.forms.form_a.indicators import ANNUAL, ParsedIndicator, first_item_one, parse_items
from docnorm.extractor.segment import Row
from docnorm.extractor.textspan import SpanText

GOAL_CLOSERS = "。！？”）"
_FIRST_ITEM = re.compile(r"^1、")


@dataclass
class Draft:
    """A project (or nameless orphan) being assembled from one or more rows."""

    row: Row
    name: SpanText
    amounts: list[SpanText]
    goal: SpanText
    indicator_text: SpanText
    _items: tuple[str, tuple[int, list[ParsedIndicator]]] | None = field(default=None, repr=False, compare=False)

    def items(self) -> tuple[int, list[ParsedIndicator]]:
        """Where the first item starts and the parsed items of the indicator text, parsed once for
        a text (assembling, building and the truncation check all ask; a long cell took seconds)."""
        text = self.indicator_text.text
        if self._items is None or self._items[0] is not text:
            self._items = (text, parse_items(text))
        return self._items[1]

    @property
    def nameless(self) -> bool:
        return not self.name and not any(self.amounts)

    def indicators_open(self) -> bool:
        """Cut inside an item: the last item has no target, or lacks its annual target while the
        text stops without a closing separator (`实施周期指标值:10` at a page break)."""
        text = self.indicator_text.text
        if not text:
            return False
        _, items = self.items()
        if not items:
            return True
        last = items[-1]
        return not last.complete or (ANNUAL not in last.targets and not text.endswith(("。", ";", "；")))

    def goal_open(self) -> bool:
        return bool(self.goal) and self.goal.text[-1] not in GOAL_CLOSERS


@dataclass
class Unplaced:
    text: SpanText
    reason: str


@dataclass
class Assembly:
    total_seen: bool = False  # a 合计 row came before these rows (an earlier piece of the document)
    total: Row | None = None
    units: list[Row] = field(default_factory=list)
    projects: list[tuple[str | None, Draft]] = field(default_factory=list)  # (unit name, draft)
    unplaced: list[Unplaced] = field(default_factory=list)


def _draft(row: Row) -> Draft:
    return Draft(row, row.name, list(row.amounts), row.goal, row.indicators)


def continuation(cell: SpanText) -> tuple[SpanText, SpanText]:
    """Split an indicator cell into (text continuing the record above, the row's own list)."""
    if not cell or _FIRST_ITEM.match(cell.text):
        return SpanText(), cell
    offset = first_item_one(cell.text)
    if offset is None:
        return cell, SpanText()
    return cell.slice(0, offset), cell.slice(offset, len(cell.text))


def _continue(prev: Draft, row: Row, carried: SpanText, own: SpanText, out: Assembly) -> Draft | None:
    """Attach a continuation row's cells to the open record above; return the row's own draft."""
    prev.indicator_text.extend(carried)
    if row.goal and prev.goal_open():
        prev.goal.extend(row.goal)
    elif row.goal:
        out.unplaced.append(Unplaced(row.goal, "goal cell of a continuation row; the goal above is complete"))
    if prev.nameless and not own and (row.name or any(row.amounts)):
        prev.name, prev.amounts, prev.row = row.name, list(row.amounts), row
        return None
    return _rest_of_row(row, own)


def _closed_continuation(row: Row, carried: SpanText, own: SpanText, out: Assembly) -> Draft | None:
    """A row that starts mid-list while the record above is complete: its continuation cells
    belong nowhere (their items are nobody's indicators); a named row stays a project."""
    for cell in (row.goal, carried):
        if cell:
            out.unplaced.append(Unplaced(cell, "continues a record that is already complete"))
    return _rest_of_row(row, own)


def _rest_of_row(row: Row, own: SpanText) -> Draft | None:
    if row.kind == "orphan" and not own:
        return None
    return Draft(row, row.name, list(row.amounts), SpanText(), own)


def _total(row: Row, out: Assembly) -> None:
    """The first 合计 row is the grand total; another one (two tables in one file) is reported."""
    if out.total is None and not out.total_seen:
        out.total = row
        for cell in (row.goal, row.indicators):  # a row joined onto 合计 (lost line break)
            if cell:
                out.unplaced.append(Unplaced(cell, "text after the 合计 amounts"))
        return
    cells = SpanText()
    for cell in (row.name, *row.amounts, row.goal, row.indicators):
        cells.extend(cell)
    out.unplaced.append(Unplaced(cells, "another 合计 row: the first one is the grand total"))


def _first_amount(row: Row) -> Decimal | None:
    try:
        return Decimal(row.amounts[0].text.replace(",", "")) if row.amounts else None
    except InvalidOperation:
        return None


def unit_by_sum_candidate(row: Row) -> bool:
    """A project row with amounts but no goal or indicators: a unit, perhaps (see _units_by_sum)."""
    return row.kind == "project" and not row.goal and not row.indicators and _first_amount(row) is not None


def _units_by_sum(rows: list[Row]) -> None:
    """A project row with amounts but no goal or indicators, whose total equals the sum of the
    project rows below it (to the next unit or 合计), is a unit whose name lost its layout (an
    indented unit name): decided from the amounts, not from indentation alone."""
    for i, row in enumerate(rows):
        if not unit_by_sum_candidate(row) or (total := _first_amount(row)) is None:
            continue
        below = []
        for nxt in rows[i + 1 :]:
            if nxt.kind in ("unit", "total"):
                break
            if nxt.kind == "project":
                below.append(_first_amount(nxt))
        if below and None not in below and sum(b for b in below if b is not None) == total:
            row.kind = "unit"


def assemble(rows: list[Row], unit: str | None = None, total_seen: bool = False) -> Assembly:
    """Units and projects of the rows; `unit` (the unit row above) and `total_seen` (a 合计 row
    above) carry what came before the rows when a long document is read in pieces."""
    _units_by_sum(rows)
    out = Assembly(total_seen)
    drafts: list[tuple[str | None, Draft]] = []
    for row in rows:
        if row.kind == "total":
            _total(row, out)
            continue
        if row.kind == "unit":
            out.units.append(row)
            unit = row.name.text or None
            continue
        carried, own = continuation(row.indicators)
        prev = drafts[-1][1] if drafts else None
        if carried and prev is not None and prev.indicators_open():
            draft = _continue(prev, row, carried, own, out)
        elif carried:
            draft = _closed_continuation(row, carried, own, out)
        else:
            draft = _draft(row)
        if draft is not None:
            drafts.append((unit, draft))
    for unit_name, draft in drafts:
        if draft.nameless:
            for cell in (draft.goal, draft.indicator_text):
                if cell:
                    out.unplaced.append(Unplaced(cell, "nameless row that no later row names"))
        else:
            out.projects.append((unit_name, draft))
    return out


def indicators_of(draft: Draft) -> tuple[int, list[ParsedIndicator]]:
    return draft.items()

"""Rows of cells from pages (a PDF's text layer or OCR) → the tab dialect the form parsers read,
one row per line, with a map from every text offset to its page, box and OCR confidence.

A table row cut by a page break is joined back: under a repeated column header, a first row
whose left half is empty continues the last row of the page before when one of that row's cells
stops mid-sentence (its cells are appended cell by cell; each piece keeps its page and box)."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from docnorm.extractor.readers.base import LineMap, Origin
from docnorm.extractor.readers.pdf_layout import Box, Row

__all__ = ["PageBox", "PageMap", "Placed", "PlacedRow", "join_page_breaks", "placed_rows", "write_rows"]

PageBox = tuple[int, Box]
INDENT = "  "  # written before an indented row, as text dumps of these tables show it


@dataclass(frozen=True)
class Placed:
    text: str
    page: int
    box: Box
    confidence: float | None = None  # OCR only


@dataclass
class PlacedRow:
    cells: list[list[Placed]]
    indented: bool = False
    table: bool = True  # False for a line outside any table (title, page number)

    def cell_texts(self) -> tuple[str, ...]:
        return tuple("".join(p.text for p in cell) for cell in self.cells)


def union(boxes: list[Box]) -> Box:
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


class PageMap:
    """Offsets to line/column (from the text) plus the page, box and confidence of their piece."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lines = LineMap(text)
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.places: list[PageBox] = []
        self.confidences: list[float | None] = []

    def add(self, start: int, end: int, page: int, box: Box, confidence: float | None = None) -> None:
        self.starts.append(start)
        self.ends.append(end)
        self.places.append((page, box))
        self.confidences.append(confidence)

    def _at(self, offset: int) -> int | None:
        i = bisect_right(self.starts, offset) - 1
        return None if i < 0 or offset >= self.ends[i] else i

    def origin(self, offset: int) -> Origin:
        base = self.lines.origin(offset)
        i = self._at(offset)
        if i is None:
            return base
        page, box = self.places[i]
        return Origin(base.line, base.column, page=page, bbox=box, confidence=self.confidences[i])

    def _overlapping(self, start: int, end: int) -> list[int]:
        lo = max(bisect_right(self.starts, start) - 1, 0)
        hi = bisect_left(self.starts, end)
        return [i for i in range(lo, hi) if self.ends[i] > start and self.starts[i] < end]

    def boxes(self, start: int, end: int) -> list[PageBox]:
        """The pieces overlapping [start, end), one box per page (the union of its pieces)."""
        by_page: dict[int, list[Box]] = {}
        for i in self._overlapping(start, end):
            by_page.setdefault(self.places[i][0], []).append(self.places[i][1])
        return [(page, union(boxes)) for page, boxes in sorted(by_page.items())]

    def confidence(self, start: int, end: int) -> float | None:
        """The lowest OCR confidence of the pieces in [start, end); None for a text layer."""
        found = [c for i in self._overlapping(start, end) if (c := self.confidences[i]) is not None]
        return min(found) if found else None


def placed_rows(rows: list[Row], page: int, ocr: dict[Box, tuple[Box, float]] | None = None) -> list[PlacedRow]:
    """One page's rows with every piece placed on the page; for OCR rows the layout box of a
    piece maps to its box on the page and its confidence."""
    found = ocr or {}

    def place(text: str, box: Box) -> Placed:
        page_box, confidence = found.get(box, (box, None))
        return Placed(text, page, page_box, confidence)

    return [PlacedRow([[place(t, b) for t, b in cell] for cell in row.cells], row.indented, len(row.cells) > 1)
            for row in rows]  # fmt: skip


_LEVEL1 = re.compile(r"(?:预期)?(?:产出|效益|满意度|成本)指标(?:[(（]?[\d\-~－—至]+分?[)）]?分?)?")
CLOSERS = ("。", "；", ";", "！", "？", "!", "?")


def _is_continuation(last: PlacedRow, row: PlacedRow) -> bool:
    """The left half empty, and some cell of the row above stops mid-sentence where this row's
    cell goes on (a nameless row under complete cells is a row of its own; so is a row whose first
    cell is a level-1 name: the next group of a multi-project grid, its project cells merged)."""
    filled = [i for i, cell in enumerate(row.cells) if cell]
    if not (row.table and filled and filled[0] >= (len(row.cells) + 1) // 2):
        return False
    if _LEVEL1.fullmatch(row.cell_texts()[filled[0]].strip()):
        return False
    above = last.cell_texts()
    return any(above[i] and not above[i].rstrip().endswith(CLOSERS) for i in filled)


def _join_at(out: list[PlacedRow], rows: list[PlacedRow], header: tuple[str, ...]) -> list[PlacedRow]:
    """This page's rows, its first row under the repeated header moved into the row it continues."""
    at = next((k for k, r in enumerate(rows) if r.table and r.cell_texts() == header), None)
    if at is None:
        return rows
    k = next((k for k in range(at + 1, len(rows)) if rows[k].table), None)
    last = next((r for r in reversed(out) if r.table), None)
    if k is None or last is None or len(last.cells) != len(rows[k].cells) or not _is_continuation(last, rows[k]):
        return rows
    for mine, more in zip(last.cells, rows[k].cells, strict=True):
        mine.extend(more)
    return rows[:k] + rows[k + 1 :]


def join_page_breaks(pages: list[list[PlacedRow]]) -> list[PlacedRow]:
    """All pages' rows in order, a row cut by a page break joined (see the module docstring)."""
    out: list[PlacedRow] = []
    header: tuple[str, ...] | None = None
    for rows in pages:
        if header is not None:
            rows = _join_at(out, rows, header)
        else:
            header = next((t for r in rows if sum(map(bool, t := r.cell_texts())) >= 3), None)
        out.extend(rows)
    return out


def write_rows(rows: list[PlacedRow]) -> tuple[str, PageMap]:
    """The rows as text (cells separated by tabs, a row a line) and the offsets' page map."""
    parts: list[str] = []
    spans: list[tuple[int, Placed]] = []
    pos = 0
    for row in rows:
        if row.indented and row.cells[0]:
            first = row.cells[0][0]
            spans.append((pos, Placed(INDENT, first.page, first.box)))
            parts.append(INDENT)
            pos += len(INDENT)
        for i, cell in enumerate(row.cells):
            if i:
                parts.append("\t")
                pos += 1
            for piece in cell:
                spans.append((pos, piece))
                parts.append(piece.text)
                pos += len(piece.text)
        parts.append("\n")
        pos += 1
    text = "".join(parts)
    source_map = PageMap(text)
    for start, piece in spans:
        source_map.add(start, start + len(piece.text), piece.page, piece.box, piece.confidence)
    return text, source_map

"""One PDF page → its rows of cells, each cell a list of (text, box) pieces.

Ruled tables come from pdfplumber's line-based table finder: a cell's wrapped lines are joined
inside the cell. Text outside ruled tables (titles, 部门名称, page numbers) and unruled tables come
from words grouped into lines; an unruled table's columns are the x-ranges of its header row
(the first line with several cells) and its rows are cut where the vertical gap between lines is
larger than the gap inside a wrapped cell. The form parsers then read the tab dialect: one row per
line, cells separated by tabs."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Box", "Cell", "Piece", "Row", "Word", "lines_of", "page_rows", "unruled_rows"]

Box = tuple[float, float, float, float]  # x0, top, x1, bottom in PDF points
Piece = tuple[str, Box]
Cell = list[Piece]
Word = dict[str, Any]

Wall = tuple[float, float, float]  # a vertical rule of a scan, in points: x, top, bottom
CELL_GAP = 5.0  # points of white space between two words of one line that separate two cells
INDENT = 10.0  # points from the cell's or column's left edge to its text that mark an indented row
ROW_GAP_FACTOR = 2.0  # a vertical gap this many times the in-cell line gap starts a new row


@dataclass
class Row:
    top: float
    cells: list[Cell] = field(default_factory=list)
    indented: bool = False  # the first cell starts right of its column: a project under its unit


def _indent(cell: Cell, bbox: Box | None) -> bool:
    """Whether the cell's first word starts further right than a cell's padding (INDENT points)."""
    return bool(cell) and bbox is not None and cell[0][1][0] - bbox[0] > INDENT


def _box(words: list[Word]) -> Box:
    return (
        min(w["x0"] for w in words),
        min(w["top"] for w in words),
        max(w["x1"] for w in words),
        max(w["bottom"] for w in words),
    )


def lines_of(words: list[Word]) -> list[list[Word]]:
    """Words grouped into lines by vertical overlap, each line left to right."""
    lines: list[list[Word]] = []
    for w in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        if lines and w["top"] < lines[-1][0]["bottom"] - 1:
            lines[-1].append(w)
        else:
            lines.append([w])
    return [sorted(line, key=lambda w: w["x0"]) for line in lines]


def _glue(left: str, right: str) -> str:
    """What joins two pieces of one cell: a space only between Latin letters or digits."""
    return " " if left[-1:].isascii() and left[-1:].isalnum() and right[:1].isascii() and right[:1].isalnum() else ""


def cell_of(lines: list[list[Word]]) -> Cell:
    """The lines of one cell as pieces, a word each, with the glue between them."""
    cell: Cell = []
    for line in lines:
        for k, w in enumerate(line):
            if k:  # a line break inside a cell is wrapping, never a space (PDFs cut numbers too)
                glue = _glue(cell[-1][0], w["text"])
                if glue:
                    cell.append((glue, cell[-1][1]))
            cell.append((w["text"], _box([w])))
    return cell


def _split_cells(line: list[Word]) -> list[list[Word]]:
    groups: list[list[Word]] = []
    for w in line:
        if groups and w["x0"] - groups[-1][-1]["x1"] <= CELL_GAP:
            groups[-1].append(w)
        else:
            groups.append([w])
    return groups


def _locate(table: Any, x: float, y: float) -> tuple[int, int] | None:
    """The (row, column) of the ruled cell that holds the point, if any."""
    for r, row in enumerate(table.rows):
        if row.bbox[1] <= y <= row.bbox[3]:
            for c, bbox in enumerate(row.cells):
                if bbox is not None and bbox[0] <= x <= bbox[2]:
                    return r, c
    return None


def _ruled_rows(table: Any, chars: list[Word], taken: set[int]) -> list[Row]:
    """Cells of a ruled table, every character assigned to the cell its left edge is in (reportlab
    and other typesetters let closing punctuation hang past the cell's right border)."""
    from pdfplumber.utils import extract_words

    held: dict[tuple[int, int], list[Word]] = {}
    for ch in chars:
        place = _locate(table, ch["x0"] + 0.5, (ch["top"] + ch["bottom"]) / 2)
        if place is not None:
            held.setdefault(place, []).append(ch)
            taken.add(id(ch))
    rows = []
    for r, row in enumerate(table.rows):
        cells = [cell_of(lines_of(extract_words(held.get((r, c), [])))) for c in range(len(row.cells))]
        if any(cells):
            rows.append(Row(row.bbox[1], cells, _indent(cells[0], row.cells[0])))
    return rows


def _columns(header: list[list[Word]]) -> list[float]:
    """Left edges of the columns: the x-ranges the header's words cover, merged where they touch."""
    spans = sorted((w["x0"], w["x1"]) for line in header for w in line)
    edges = [spans[0]]
    for x0, x1 in spans[1:]:
        if x0 - edges[-1][1] <= CELL_GAP:
            edges[-1] = (edges[-1][0], max(edges[-1][1], x1))
        else:
            edges.append((x0, x1))
    return [x0 for x0, _ in edges]


def _walled(edges: list[float], header: list[list[Word]], walls: list[Wall]) -> list[float]:
    """The header's column edges, and an edge at each vertical rule that crosses the whole header
    row and has no edge between it and the next such rule: an empty header cell (on a scan, a
    label the recognizer did not box — 总计 lost at 150 dpi shifted every amount a column left)."""
    top, bottom = header[0][0]["top"], header[-1][0]["bottom"]
    xs = sorted(x for x, y0, y1 in walls if y0 <= top + CELL_GAP and y1 >= bottom - CELL_GAP)
    added = [
        a
        for a, b in zip(xs, xs[1:], strict=False)
        if b - a > 2 * CELL_GAP and edges[0] < a and not any(a - CELL_GAP <= e < b for e in edges)
    ]
    return sorted(edges + added)


def _centre(line: list[Word]) -> float:
    return statistics.median((w["top"] + w["bottom"]) / 2 for w in line)


def _gap(above: list[Word], below: list[Word]) -> float | None:
    """The white space between two lines where their words share an x-range, if they share one (a
    scan's leftover skew tilts a line by a few points across the page: a wrapped cell's last line,
    far right, sits as far below its row's first word as the next row does)."""
    shared = [b["top"] - a["bottom"] for a in above for b in below if a["x0"] < b["x1"] and b["x0"] < a["x1"]]
    return min(shared, default=None)


def _blocks(lines: list[list[Word]], borders: list[float] | None = None) -> list[list[list[Word]]]:
    """Consecutive lines cut into blocks (table rows) where the gap exceeds the in-cell gap: the
    smallest gap on the page, but at most half a line's height, so that a table in which no cell
    wraps still splits into its rows. A gap is measured where the two lines share an x-range (see
    _gap), else between their first words, which then says nothing about the in-cell gap. With
    `borders` (a scan's horizontal rules), lines between the first and the last border are cut
    where a border runs between them, and only there."""
    shared = [_gap(a, b) for a, b in zip(lines, lines[1:], strict=False)]
    gaps = [b[0]["top"] - a[0]["bottom"] if g is None else g for a, b, g in zip(lines, lines[1:], shared, strict=False)]
    small = min((g for g in shared if g is not None), default=0.0)
    small = min(small, statistics.median(w["bottom"] - w["top"] for line in lines for w in line) / 2)
    unit = max(small, 1.0)
    blocks = [[lines[0]]]
    for previous, line, gap in zip(lines[:-1], lines[1:], gaps, strict=True):
        above, below = _centre(previous), _centre(line)
        if borders and borders[0] < below and above < borders[-1]:  # inside the ruled part of the page
            cut = any(above < y < below for y in borders)
        else:
            cut = gap > unit * ROW_GAP_FACTOR
        if cut:
            blocks.append([line])
        else:
            blocks[-1].append(line)
    return blocks


def _column_row(block: list[list[Word]], edges: list[float]) -> Row:
    per_column: list[list[list[Word]]] = [[] for _ in edges]
    for line in block:
        parts: list[list[Word]] = [[] for _ in edges]
        for w in line:
            index = max((i for i, x in enumerate(edges) if w["x0"] >= x - CELL_GAP / 2), default=0)
            parts[index].append(w)
        for i, part in enumerate(parts):
            if part:
                per_column[i].append(part)
    cells = [cell_of(lines) for lines in per_column]
    return Row(block[0][0]["top"], cells, _indent(cells[0], (edges[0], 0.0, edges[0], 0.0)))


def _misaligned(line: list[Word], edges: list[float]) -> int:
    """How many of the line's cells start at none of the column edges."""
    return sum(all(abs(g[0]["x0"] - x) > CELL_GAP for x in edges) for g in _split_cells(line))


def _table_start(lines: list[list[Word]], edges: list[float] | None) -> int:
    """The first table line: a header (three cells or more) or, on a page that continues the
    previous page's table, the first line starting at one of its columns."""
    for i, line in enumerate(lines):
        if len(_split_cells(line)) >= 3 or (edges and not _misaligned(line, edges)):
            return i
    return len(lines)


def unruled_rows(
    lines: list[list[Word]],
    edges: list[float] | None,
    borders: list[float] | None = None,
    walls: list[Wall] | None = None,
) -> tuple[list[Row], list[float] | None]:
    """Lines before the table stay lines; from there on, a column table whose columns are a
    header's x-ranges (carried over from the previous page when this page has no new header),
    its rows cut at `borders` where a scan has them (see _blocks), and a ruled header cell the
    recognizer read nothing in still a column of its own (see _walled)."""
    start = _table_start(lines, edges)
    rows = [Row(line[0]["top"], [cell_of([g]) for g in _split_cells(line)]) for line in lines[:start]]
    if start == len(lines):
        return rows, edges
    blocks = _blocks(lines[start:], borders)
    for block in blocks:
        first = block[0]
        if edges is None or (len(_split_cells(first)) >= 3 and _misaligned(first, edges) >= 2):
            edges = _walled(_columns(block), block, walls or [])  # a new table: its header sets the columns
        if len(block) == 1 and len(_split_cells(first)) == 1 and (block is blocks[-1] or _misaligned(first, edges)):
            rows.append(Row(first[0]["top"], [cell_of(block)]))  # page furniture (a footer) off the columns
        else:
            rows.append(_column_row(block, edges))
    return rows, edges


@dataclass
class Header:
    """A ruled table's header row as first printed: its height and its text without blanks."""

    height: float
    text: str


def _squeezed(page: Any, box: Box) -> str:
    # strict=False: a table drawn past the page's edge (some generators do) is cropped to the page
    return "".join((page.crop(box, strict=False).extract_text() or "").split())


def _open_cut(page: Any, table: Any) -> float | None:
    """The end of the vertical rules that run on below the table's last border: a row cut by the
    page break, whose bottom border the typesetter did not draw."""
    x0, _, x1, bottom = table.bbox
    ends = [e["bottom"] for e in page.edges if e["orientation"] == "v" and x0 - 1 <= e["x0"] <= x1 + 1]
    low = max(ends, default=bottom)
    return low if low > bottom + 2 else None


def _under_header(page: Any, table: Any, header: Header | None) -> float | None:
    """Below a repeated header that shares its first cell row with the rest of a cut row (no
    border drawn between them): where the header ends."""
    if header is None or not table.rows:
        return None
    x0, top, x1, bottom = table.rows[0].bbox
    if bottom - top <= header.height + 2 or _squeezed(page, (x0, top, x1, top + header.height)) != header.text:
        return None
    return top + header.height


def ruled_tables(page: Any, header: Header | None) -> tuple[list[Any], Header | None]:
    """pdfplumber's ruled tables with the borders a page break leaves undrawn put back, and the
    header row the next page's tables are checked against (the first table's first row)."""
    tables = page.find_tables()
    cuts = [y for t in tables for y in (_open_cut(page, t), _under_header(page, t, header)) if y is not None]
    if cuts:
        tables = page.find_tables({"explicit_horizontal_lines": cuts})
    if header is None and tables and tables[0].rows:
        x0, top, x1, bottom = tables[0].rows[0].bbox
        header = Header(bottom - top, _squeezed(page, (x0, top, x1, bottom)))
    return tables, header


def page_rows(
    page: Any, edges: list[float] | None = None, header: Header | None = None
) -> tuple[list[Row], list[float] | None, Header | None]:
    """The page's rows top to bottom (ruled tables cell by cell, everything else from its words),
    the unruled table's column edges and the ruled table's header, both for the next page."""
    tables, header = ruled_tables(page, header)
    taken: set[int] = set()
    rows = [r for t in tables for r in _ruled_rows(t, page.chars, taken)]
    rest = page.filter(lambda obj: id(obj) not in taken) if taken else page
    lines = lines_of(rest.extract_words())
    if tables:
        rows += [Row(line[0]["top"], [cell_of([g]) for g in _split_cells(line)]) for line in lines]
    elif lines:
        more, edges = unruled_rows(lines, edges)
        rows += more
    return sorted(rows, key=lambda r: r.top), edges, header

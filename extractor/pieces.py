"""A long Form A document read in pieces of whole records, so that memory follows the piece, not
the document (a 4 MB document's records alone were 150 MB in memory).

A piece ends just before a row that starts a record of its own, found by cleaning and segmenting
a window of text (cheap next to building records); the piece is then read by the same stages as
a whole document, in the context of the pieces before it (layout, unit above, 合计 seen, record
numbers), and its offsets are moved to the document's. A cut is taken only where nothing before
it can change with what follows: the row starts fresh (no continuation of the record above), at
least NAME_LINES lines follow it in the window (the layout segmenter looks that far ahead), and
no row above it still waits to be told by the rows below whether it is a unit (_units_by_sum).
The document's own checks (unit and 合计 sums, lost text, control characters) run once at the end
over what the pieces kept."""

from __future__ import annotations

import logging
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass, replace

from docnorm.extractor.clean import Header, clean
from docnorm.extractor.forms import form_a
from docnorm.extractor.forms.form_a import PieceContext
from docnorm.extractor.forms.form_a.assemble import continuation, unit_by_sum_candidate
from docnorm.extractor.forms.form_a.validate import Locator, validate_form_a
from docnorm.extractor.ledger import span_maps
from docnorm.extractor.pipeline import Reading, read_parsed
from docnorm.extractor.readers.stored import StoredText
from docnorm.extractor.segment import NAME_LINES, Row, content_lines, is_tabbed, segment
from docnorm.schemas.common import Finding, Span
from docnorm.schemas.document import NoiseSummary, UnplacedText
from docnorm.schemas.form_a import FormADocument

__all__ = ["PIECE_CHARS", "Piece", "Text", "locator_of", "read_in_pieces"]

log = logging.getLogger(__name__)

PIECE_CHARS = 100_000  # characters a piece aims at (it ends at the next record start)


@dataclass(frozen=True)
class Piece:
    """One piece of a document, read, with every offset in the document's text."""

    header: Header
    reading: Reading

    @property
    def content(self) -> FormADocument:
        assert isinstance(self.reading.content, FormADocument)
        return self.reading.content


Text = str | StoredText  # a long document's text: held, or in a temporary file


def locator_of(text: Text) -> Locator:
    return Locator(text) if isinstance(text, str) else Locator.from_line_starts(text.line_starts)


def _newline(text: Text, start: int) -> int:
    return text.find("\n", start) if isinstance(text, str) else text.find_newline(start)


def read_in_pieces(text: Text, piece_chars: int = PIECE_CHARS) -> Iterator[Piece]:
    """The pieces of a Form A text, in order; together they cover the text. The layout (tabs or
    not) is decided on the first piece's worth of text."""
    context = PieceContext(tabbed=is_tabbed(clean(text[:piece_chars], form="A").masked))
    start, document = 0, locator_of(text)
    while start < len(text):
        end = _cut(text, start, piece_chars, context.tabbed)
        piece = _read_piece(text, start, end, replace(context, final=end == len(text)), document)
        yield piece
        context = _after(context, piece)
        start = end


def _cut(text: Text, start: int, piece_chars: int, tabbed: bool) -> int:
    """Where the piece from `start` ends: before the last safe record start of a window of about
    `piece_chars` (the window doubles until it holds one, or reaches the end of the text)."""
    size = piece_chars
    while True:
        newline = _newline(text, start + size)
        if newline == -1:
            return len(text)
        cut = last_safe_start(text[start : newline + 1], tabbed)
        if cut is not None:
            return start + cut
        size *= 2


def _row_start(row: Row) -> int | None:
    cells = (row.name, *row.amounts, row.goal, row.indicators)
    starts = [cell.source_starts[0] for cell in cells if cell.source_starts]
    return min(starts) if starts else None


def last_safe_start(window: str, tabbed: bool) -> int | None:
    """The line start of the last row of `window` the piece may end before (see the module
    docstring), or None: not the window's first row, and NAME_LINES lines after it."""
    masked = clean(window, form="A").masked
    rows, _ = segment(masked, tabbed)
    lines = [a for a, _ in content_lines(masked)]
    safe, waiting = None, False  # waiting: a possible unit row above, its rows below not all seen
    for index, row in enumerate(rows):
        boundary = row.kind in ("unit", "total")
        start = _row_start(row)
        fresh = row.kind != "orphan" and not continuation(row.indicators)[0]
        if index and start is not None and fresh and (boundary or not waiting):
            line_start = window.rfind("\n", 0, start) + 1
            if line_start > 0 and len(lines) - bisect_left(lines, line_start) > NAME_LINES:
                safe = line_start
        waiting = unit_by_sum_candidate(row) or (waiting and not boundary)
    return safe


def _read_piece(text: Text, start: int, end: int, context: PieceContext, document: Locator) -> Piece:
    piece = text[start:end]
    parsed = form_a.parse_piece(piece, context)
    assert isinstance(parsed.content, FormADocument)
    locator = Locator(piece)
    checks = validate_form_a(parsed.content, piece, locator, document_sums=False)
    reading = read_parsed(parsed, piece, locator, checks)
    log.debug("piece [%d, %d): %d projects", start, end, len(parsed.content.projects))
    return Piece(parsed.cleaned.header, _moved(reading, start, document))


def _after(context: PieceContext, piece: Piece) -> PieceContext:
    content = piece.content
    return replace(
        context,
        first_project=context.first_project + len(content.projects),
        first_unit=context.first_unit + len(content.units),
        unit=(content.units[-1].name or None) if content.units else context.unit,  # as assemble walks on
        total_seen=context.total_seen or content.grand_total is not None,
    )


def _moved(reading: Reading, by: int, document: Locator) -> Reading:
    """The piece's reading with every offset moved by `by` and every location in document lines."""
    for spans in span_maps(reading.content):
        for key, (a, b) in spans.items():
            spans[key] = (a + by, b + by)
    noise = [
        NoiseSummary(kind=n.kind, count=n.count, chars=n.chars, spans=[(a + by, b + by) for a, b in n.spans])
        for n in reading.noise
    ]
    unplaced = [
        UnplacedText(text=u.text, span=Span(start=u.span.start + by, end=u.span.end + by), reason=u.reason)
        for u in reading.unplaced
    ]
    labels = [(a + by, b + by) for a, b in reading.labels]
    ledger = replace(reading.ledger, lost=[(a + by, b + by) for a, b in reading.ledger.lost])
    findings = [_moved_finding(f, by, document) for f in reading.findings]
    return Reading(reading.content, findings, noise, unplaced, labels, ledger)


def _moved_finding(finding: Finding, by: int, document: Locator) -> Finding:
    loc = finding.location
    if loc is None or loc.start is None:
        return finding
    end = loc.start if loc.end is None else loc.end
    moved = document.locate((loc.start + by, end + by), loc.record)
    if loc.end is None:
        moved = moved.model_copy(update={"end": None})
    return finding.model_copy(update={"location": moved})

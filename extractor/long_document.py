"""A long Form A text document, decoded into a temporary file (readers.stored), read in pieces
(extractor.pieces) and written as it is read (extractor.spool): what the batch does instead of
holding the whole result, so that a 50 MB document is not gigabytes in memory. The result is
the one a whole reading gives, its lists in piece order; the document's own checks run once
over what the pieces kept."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from docnorm.extractor.forms import choose_form
from docnorm.extractor.ledger import lost_findings
from docnorm.extractor.pieces import PIECE_CHARS, Text, locator_of, read_in_pieces
from docnorm.extractor.pipeline import collector_paused, control_findings, no_table_finding, truncated_input
from docnorm.extractor.readers import reader_for
from docnorm.extractor.readers.stored import store_text
from docnorm.extractor.readers.text import TextReader
from docnorm.extractor.spool import ResultSpool, SpooledRows, temporary
from docnorm.schemas.document import Status

__all__ = ["LONG_DOCUMENT_BYTES", "LongResult", "extract_long", "extract_long_file", "is_long"]

LONG_DOCUMENT_BYTES = 1 << 20  # a text file bigger than this is read in pieces (if Form A reads it)
FORM_SAMPLE_CHARS = 1 << 20  # the form of a long document is recognised from its first million characters


@dataclass(frozen=True)
class LongResult:
    json_file: Path  # the finished result JSON, a temporary file in the output folder
    rows: SpooledRows
    status: Status
    document_row: list[object]  # the documents.csv row
    codes: Counter[tuple[str, str]]  # (severity, code) of the findings, counted
    failure: str | None
    unplaced: int  # characters unplaced or lost


def is_long(path: Path, size: int) -> bool:
    """A text file of `size` bytes over LONG_DOCUMENT_BYTES."""
    return size > LONG_DOCUMENT_BYTES and isinstance(reader_for(path), TextReader)


def extract_long_file(path: Path, document: str, folder: Path) -> LongResult | None:
    """A long text file's result written to `folder`; None when it is not for this path (not
    Form A, or an encoding only the holding reader detects). InputError when it is not text."""
    stored = store_text(path, temporary(folder), document)
    if stored is None:
        return None
    with stored:
        form = choose_form(stored[:FORM_SAMPLE_CHARS])
        if form is None or form.NAME != "A":
            return None
        return extract_long(stored, document, stored.encoding, folder, PIECE_CHARS, stored.dropped_tail)


def extract_long(
    text: Text,
    document: str,
    encoding: str | None,
    folder: Path,
    piece_chars: int = PIECE_CHARS,
    dropped_tail: bytes = b"",
) -> LongResult:
    locator = locator_of(text)
    with collector_paused(), ResultSpool(folder, document, encoding) as spool:
        for piece in read_in_pieces(text, piece_chars):
            spool.add(piece)
        totals, coverage = spool.totals, spool.coverage()
        findings = totals.sums.findings(totals.grand_total, locator)
        findings += lost_findings(text, totals.lost, locator.locate) + control_findings(spool.noise(), locator)
        failed = not (totals.projects or totals.sums.units or totals.grand_total)  # no table: nothing extracted
        cut = None if failed else truncated_input(dropped_tail, len(text), locator)
        spool.add_findings([*findings, *([cut] if cut else [])])
        partial = totals.unplaced or bool(totals.lost) or totals.truncated or cut is not None
        status: Status = "failed" if failed else "partial" if partial else "ok"
        lead = no_table_finding(document, coverage.input_chars, coverage.unplaced_chars) if failed else None
        json_file, rows, row = spool.finish(status, lead)
    return LongResult(
        json_file=json_file,
        rows=rows,
        status=status,
        document_row=row,
        codes=totals.codes,
        failure=lead.message if lead is not None else None,
        unplaced=coverage.unplaced_chars + coverage.lost_chars,
    )

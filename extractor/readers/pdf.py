"""Text-layer PDFs: each page's rows of cells (see pdf_layout) written in the tab dialect the form
parsers read, one row per line, with a map from every text offset to its page and box.

pdfplumber is imported lazily so `docnorm --help` stays fast; without it the reader says which
extra to install."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from pathlib import Path
from typing import Any

from docnorm.errors import InputError
from docnorm.extractor.readers.base import LineMap, Origin, SourceText
from docnorm.extractor.readers.pdf_layout import Box, Row, page_rows

__all__ = ["PageBox", "PageMap", "PdfReader"]

PageBox = tuple[int, Box]
INDENT = "  "  # written before an indented row, as text dumps of these tables show it


def union(boxes: list[Box]) -> Box:
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


class PageMap:
    """Offsets to line/column (from the text) plus the page and box of the piece they fall in."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lines = LineMap(text)
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.places: list[PageBox] = []

    def add(self, start: int, end: int, page: int, box: Box) -> None:
        self.starts.append(start)
        self.ends.append(end)
        self.places.append((page, box))

    def origin(self, offset: int) -> Origin:
        base = self.lines.origin(offset)
        i = bisect_right(self.starts, offset) - 1
        if i < 0 or offset >= self.ends[i]:
            return base
        page, box = self.places[i]
        return Origin(base.line, base.column, page=page, bbox=box)

    def boxes(self, start: int, end: int) -> list[PageBox]:
        """The pieces overlapping [start, end), one box per page (the union of its pieces)."""
        lo = max(bisect_right(self.starts, start) - 1, 0)
        hi = bisect_left(self.starts, end)
        by_page: dict[int, list[Box]] = {}
        for i in range(lo, hi):
            if self.ends[i] > start and self.starts[i] < end:
                by_page.setdefault(self.places[i][0], []).append(self.places[i][1])
        return [(page, union(boxes)) for page, boxes in sorted(by_page.items())]


def _open(path: Path) -> Any:
    try:
        import pdfplumber
    except ImportError:
        raise InputError("reading PDFs needs the pdf extra: pip install 'docnorm[pdf]'", document=path.name) from None
    try:
        return pdfplumber.open(path)
    except Exception as exc:  # pdfminer raises many types for broken or encrypted files
        kind = type(exc).__name__
        raise InputError(f"cannot open the PDF (corrupt or encrypted): {kind}: {exc}", document=path.name) from None


def _pages(path: Path) -> list[list[Row]]:
    """Every page's rows of cells of pieces; errors inside pdfminer become InputError."""
    with _open(path) as pdf:
        try:
            if not pdf.pages:
                raise InputError("the PDF has no pages", document=path.name)
            pages, edges = [], None
            for page in pdf.pages:
                rows, edges = page_rows(page, edges)
                pages.append(rows)
            return pages
        except InputError:
            raise
        except Exception as exc:  # a damaged page stream
            raise InputError(f"cannot read the PDF: {type(exc).__name__}: {exc}", document=path.name) from None


class PdfReader:
    """PDFs with a text layer; pages without one yield no text (OCR is a separate reader)."""

    name = "pdf"
    suffixes: tuple[str, ...] = (".pdf",)

    def read(self, path: Path) -> SourceText:
        parts: list[str] = []
        spans: list[tuple[int, int, int, Box]] = []
        pos = 0
        for number, rows in enumerate(_pages(path), start=1):
            for row in rows:
                if row.indented and row.cells[0]:
                    spans.append((pos, pos + len(INDENT), number, row.cells[0][0][1]))
                    parts.append(INDENT)
                    pos += len(INDENT)
                for i, cell in enumerate(row.cells):
                    if i:
                        parts.append("\t")
                        pos += 1
                    for text, box in cell:
                        spans.append((pos, pos + len(text), number, box))
                        parts.append(text)
                        pos += len(text)
                parts.append("\n")
                pos += 1
        text = "".join(parts)
        if not text.strip():
            raise InputError("the PDF has no text layer (a scan: OCR is not available yet)", document=path.name)
        source_map = PageMap(text)
        for start, end, page, box in spans:
            source_map.add(start, end, page, box)
        return SourceText(text, None, source_map, self.name)

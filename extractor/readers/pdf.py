"""Text-layer PDFs: each page's words regrouped into lines, cells joined by tabs (the tab dialect
the form parsers read), with a map from every text offset to its page and word box.

pdfplumber is imported lazily so `docnorm --help` stays fast; without it the reader says which
extra to install."""

from __future__ import annotations

import logging
from bisect import bisect_right
from pathlib import Path
from typing import Any

from docnorm.errors import InputError
from docnorm.extractor.readers.base import LineMap, Origin, SourceText

__all__ = ["PageMap", "PdfReader"]

log = logging.getLogger(__name__)

Box = tuple[float, float, float, float]
_CELL_GAP = 6.0  # points between words that separate two cells


class PageMap:
    """Offsets to line/column (from the text) plus the page and box of the word they fall in."""

    def __init__(self, text: str, starts: list[int], pages: list[int], boxes: list[Box]) -> None:
        self.lines = LineMap(text)
        self.starts, self.pages, self.boxes = starts, pages, boxes

    def origin(self, offset: int) -> Origin:
        base = self.lines.origin(offset)
        i = bisect_right(self.starts, offset) - 1
        if i < 0:
            return base
        return Origin(base.line, base.column, page=self.pages[i], bbox=self.boxes[i])


def _open(path: Path) -> Any:
    try:
        import pdfplumber
    except ImportError:
        raise InputError("reading PDFs needs the pdf extra: pip install 'docnorm[pdf]'", document=path.name) from None
    try:
        return pdfplumber.open(path)
    except Exception as exc:  # pdfminer raises many types for broken or encrypted files
        raise InputError(f"cannot open the PDF (corrupt or encrypted): {exc}", document=path.name) from None


def _rows(words: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Words grouped into rows by vertical overlap, each row left to right."""
    rows: list[list[dict[str, Any]]] = []
    for w in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        if rows and w["top"] < rows[-1][0]["bottom"] - 1:
            rows[-1].append(w)
        else:
            rows.append([w])
    return [sorted(r, key=lambda w: w["x0"]) for r in rows]


class PdfReader:
    """PDFs with a text layer; pages without one yield no text (OCR is a separate reader)."""

    name = "pdf"
    suffixes: tuple[str, ...] = (".pdf",)

    def read(self, path: Path) -> SourceText:
        parts: list[str] = []
        starts: list[int] = []
        pages: list[int] = []
        boxes: list[Box] = []
        pos = 0
        with _open(path) as pdf:
            if not pdf.pages:
                raise InputError("the PDF has no pages", document=path.name)
            for number, page in enumerate(pdf.pages, start=1):
                for row in _rows(page.extract_words(keep_blank_chars=False, use_text_flow=False)):
                    prev: dict[str, Any] | None = None
                    for w in row:
                        if prev is not None:
                            sep = "\t" if w["x0"] - prev["x1"] > _CELL_GAP else ""
                            parts.append(sep)
                            pos += len(sep)
                        starts.append(pos)
                        pages.append(number)
                        boxes.append((w["x0"], w["top"], w["x1"], w["bottom"]))
                        parts.append(w["text"])
                        pos += len(w["text"])
                        prev = w
                    parts.append("\n")
                    pos += 1
        text = "".join(parts)
        if not text.strip():
            raise InputError("the PDF has no text layer (a scan: OCR is not available yet)", document=path.name)
        return SourceText(text, None, PageMap(text, starts, pages, boxes), self.name)

"""Text-layer PDFs: each page's rows of cells (see pdf_layout) written in the tab dialect the form
parsers read, one row per line, with a map from every text offset to its page and box.

pdfplumber is imported lazily so `docnorm --help` stays fast; without it the reader says which
extra to install."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docnorm.errors import InputError
from docnorm.extractor.readers.base import SourceText
from docnorm.extractor.readers.pages import PageBox, PageMap, PlacedRow, join_page_breaks, placed_rows, write_rows
from docnorm.extractor.readers.pdf_layout import page_rows

__all__ = ["PageBox", "PageMap", "PdfReader"]

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


def _pages(path: Path) -> list[list[PlacedRow]]:
    """Every page's rows of cells of pieces; errors inside pdfminer become InputError."""
    with _open(path) as pdf:
        try:
            if not pdf.pages:
                raise InputError("the PDF has no pages", document=path.name)
            pages, edges = [], None
            for number, page in enumerate(pdf.pages, start=1):
                rows, edges = page_rows(page, edges)
                pages.append(placed_rows(rows, number))
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
        text, source_map = write_rows(join_page_breaks(_pages(path)))
        if not text.strip():
            raise InputError("the PDF has no text layer (a scan: OCR is not available yet)", document=path.name)
        return SourceText(text, None, source_map, self.name)

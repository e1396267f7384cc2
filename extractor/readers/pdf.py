"""Text-layer PDFs: each page's rows of cells (see pdf_layout) written in the tab dialect the form
parsers read, one row per line, with a map from every text offset to its page and box.

pdfplumber is imported lazily so `docnorm --help` stays fast; without it the reader says which
extra to install."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docnorm.errors import InputError
from docnorm.extractor.readers.base import ReadOptions, SourceText
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


MIN_CHARS = 10  # a page with fewer printed characters has no usable text layer (a scan)


def _usable(page: Any) -> bool:
    return sum(not ch["text"].isspace() for ch in page.chars) >= MIN_CHARS


def _read_page(page: Any, number: int, path: Path, options: ReadOptions, state: dict[str, Any]) -> list[PlacedRow]:
    """One page from its text layer, or by OCR when it has none (auto) or always."""
    edges = state.get("edges")
    if options.ocr == "always" or (options.ocr == "auto" and not _usable(page)):
        from docnorm.extractor.readers.scan import ocr_pdf_page

        found = ocr_pdf_page(path, number - 1, options.dpi, edges, options.ocr_threads)
        state["edges"], state["ocr"] = found.edges, state.get("ocr", 0) + 1
        return placed_rows(found.rows, number, found.confidences)
    rows, state["edges"], state["header"] = page_rows(page, edges, state.get("header"))
    return placed_rows(rows, number)


def _pages(path: Path, options: ReadOptions, state: dict[str, Any]) -> list[list[PlacedRow]]:
    """Every page's rows of cells of pieces; errors inside pdfminer become InputError."""
    with _open(path) as pdf:
        try:
            if not pdf.pages:
                raise InputError("the PDF has no pages", document=path.name)
            return [_read_page(page, n, path, options, state) for n, page in enumerate(pdf.pages, start=1)]
        except InputError:
            raise
        except Exception as exc:  # a damaged page stream
            raise InputError(f"cannot read the PDF: {type(exc).__name__}: {exc}", document=path.name) from None


class PdfReader:
    """PDFs: text-layer pages from their words and ruling lines, scanned pages by OCR."""

    name = "pdf"
    suffixes: tuple[str, ...] = (".pdf",)

    def read(self, path: Path, options: ReadOptions | None = None) -> SourceText:
        state: dict[str, Any] = {}
        text, source_map = write_rows(join_page_breaks(_pages(path, options or ReadOptions(), state)))
        if not text.strip():
            hint = (
                "use --ocr auto to read scanned pages"
                if (options and options.ocr == "never")
                else "nothing was recognized"
            )
            raise InputError(f"the PDF has no text layer ({hint})", document=path.name)
        return SourceText(text, None, source_map, "pdf+ocr" if state.get("ocr") else self.name)

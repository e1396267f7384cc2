"""Scanned input: PDF pages rasterized with pypdfium2, and image files (.png, .jpg, .tif, a
multi-page TIFF a page per frame), read by OCR (see ocr.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docnorm.errors import InputError
from docnorm.extractor.readers.base import ReadOptions, SourceText
from docnorm.extractor.readers.ocr import EXTRA, OcrPage, ocr_page
from docnorm.extractor.readers.pages import PlacedRow, join_page_breaks, placed_rows, write_rows

__all__ = ["ImageReader", "ocr_pdf_page"]

DEFAULT_DPI = 300.0  # an image that does not say its resolution is taken as a 300 dpi scan


def ocr_pdf_page(path: Path, index: int, dpi: int, edges: list[float] | None, threads: int | None = None) -> OcrPage:
    """Page `index` (0-based) of the PDF rasterized at `dpi` and read by OCR."""
    try:
        import pypdfium2
    except ImportError:
        raise InputError(EXTRA, document=path.name) from None
    doc = pypdfium2.PdfDocument(str(path))
    try:
        image = doc[index].render(scale=dpi / 72).to_pil()
    finally:
        doc.close()
    return ocr_page(image, dpi, path.name, edges, threads)


def _frames(path: Path) -> list[Any]:
    try:
        from PIL import Image, ImageSequence
    except ImportError:
        raise InputError(EXTRA, document=path.name) from None
    try:
        with Image.open(path) as img:
            frames = [frame.convert("RGB") for frame in ImageSequence.Iterator(img)]
            dpi = img.info.get("dpi")
    except Exception as exc:  # Pillow raises several types for unreadable or truncated images
        raise InputError(f"cannot open the image: {type(exc).__name__}: {exc}", document=path.name) from None
    for frame in frames:
        frame.info["dpi"] = dpi
    return frames


class ImageReader:
    """Images of table pages, read by OCR whatever --ocr says (they have no text layer)."""

    name = "ocr"
    suffixes: tuple[str, ...] = (".png", ".jpg", ".jpeg", ".tif", ".tiff")

    def read(self, path: Path, options: ReadOptions | None = None) -> SourceText:
        pages: list[list[PlacedRow]] = []
        edges, threads = None, options.ocr_threads if options else None
        for number, frame in enumerate(_frames(path), start=1):
            dpi = frame.info.get("dpi")
            resolution = float(dpi[0]) if dpi and dpi[0] > 1 else DEFAULT_DPI
            found = ocr_page(frame, resolution, path.name, edges, threads)
            edges = found.edges
            pages.append(placed_rows(found.rows, number, found.confidences))
        text, source_map = write_rows(join_page_breaks(pages))
        if not text.strip():
            raise InputError("no text was recognized in the image", document=path.name)
        return SourceText(text, None, source_map, self.name)

"""What every reader returns: the document text, and for each text offset where it came from.

Today's reader decodes text files (offsets map to line/column). A PDF reader maps offsets to a
page and a box on it, an OCR reader adds the recognizer's confidence; the forms read the text the
same way whichever reader made it."""

from __future__ import annotations

import re
from array import array
from bisect import bisect_right
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, Protocol

__all__ = ["LineMap", "line_starts", "OcrMode", "Origin", "ReadOptions", "Reader", "SourceMap", "SourceText"]

OcrMode = Literal["auto", "always", "never"]


@dataclass(frozen=True)
class Origin:
    """Where one text offset came from: 1-based line and column, and for pages their place."""

    line: int
    column: int
    page: int | None = None
    bbox: tuple[float, float, float, float] | None = None  # x0, top, x1, bottom in PDF points
    confidence: float | None = None  # OCR only


class SourceMap(Protocol):
    def origin(self, offset: int) -> Origin: ...


def line_starts(text: str) -> array[int]:
    """The offset of every line's start, 8 bytes a line (a list of ints took 36: a 50 MB document
    of a million lines held 36 MB for it)."""
    starts = array("q", [0])
    starts.extend(m.end() for m in re.finditer("\n", text))
    return starts


class LineMap:
    """Offsets of decoded text to line/column, by bisection over the line starts."""

    def __init__(self, text: str) -> None:
        self.line_starts = line_starts(text)

    def origin(self, offset: int) -> Origin:
        line = bisect_right(self.line_starts, offset)
        return Origin(line=line, column=offset - self.line_starts[line - 1] + 1)


@dataclass(frozen=True)
class SourceText:
    text: str
    encoding: str | None
    source_map: SourceMap
    reader: str  # "text", "pdf", "pdf+ocr" or "ocr"
    dropped_tail: bytes = b""  # bytes at the end that could not be decoded (a cut multibyte character)


@dataclass(frozen=True)
class ReadOptions:
    """How to read inputs. ocr: auto reads by OCR only the PDF pages without a usable text layer
    (and every image), always OCRs every page, never reads text layers only."""

    ocr: OcrMode = "auto"
    dpi: int = 300  # PDF pages are rasterized at this resolution for OCR
    ocr_threads: int | None = None  # onnxruntime threads per process (None: all cores; a pool shares them)


class Reader(Protocol):
    """Turns one input file into its text with provenance, or raises InputError naming the file."""

    name: str
    suffixes: tuple[str, ...]

    def read(self, path: Path, options: ReadOptions | None = None) -> SourceText: ...

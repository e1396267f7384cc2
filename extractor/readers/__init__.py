"""Readers: an input file → its text plus a map from text offsets to where they came from.

`read_source(path)` picks the reader by file suffix; `READABLE_SUFFIXES` are the suffixes a folder
given on the command line is searched for."""

from __future__ import annotations

from pathlib import Path

from docnorm.extractor.readers.base import LineMap, Origin, Reader, ReadOptions, SourceMap, SourceText
from docnorm.extractor.readers.pdf import PdfReader
from docnorm.extractor.readers.scan import ImageReader
from docnorm.extractor.readers.text import TextReader

__all__ = [
    "READABLE_SUFFIXES",
    "LineMap",
    "Origin",
    "ReadOptions",
    "Reader",
    "SourceMap",
    "SourceText",
    "read_source",
    "reader_for",
]

READERS: tuple[Reader, ...] = (TextReader(), PdfReader(), ImageReader())  # the first reads any other suffix
READABLE_SUFFIXES: tuple[str, ...] = tuple(s for r in READERS for s in r.suffixes)


def reader_for(path: Path) -> Reader:
    """The reader for this file's suffix; anything else is read as text (and rejected if it is not)."""
    suffix = path.suffix.lower()
    return next((r for r in READERS if suffix in r.suffixes), READERS[0])


def read_source(path: Path, options: ReadOptions | None = None) -> SourceText:
    return reader_for(path).read(path, options)

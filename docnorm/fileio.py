"""The shared file writing of every layer: atomic writes and CSV text.

A file is written to a temporary file in its own folder and renamed over the target, so a reader
never sees half a file and a crash leaves the old one in place."""

from __future__ import annotations

import codecs
import csv
import io
import logging
import os
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Protocol, TextIO

from docnorm.errors import InputError

__all__ = ["CsvWriter", "atomic_target", "csv_encoding", "csv_text", "csv_writer", "open_csv", "write_atomic"]
log = logging.getLogger(__name__)


@contextmanager
def atomic_target(path: Path) -> Iterator[Path]:
    """A temporary file in the folder of `path` to write to; on success it is renamed over `path`, so
    readers never see half a file. The file keeps the mode of the one it replaces, else 0644 (mkstemp
    would leave it 0600). On any error the temporary file is removed and `path` is untouched."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        yield Path(tmp)
        os.chmod(tmp, path.stat().st_mode & 0o777 if path.exists() else 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_atomic(path: Path, data: str) -> None:
    """Write UTF-8 text atomically (see atomic_target)."""
    with atomic_target(path) as tmp, tmp.open("w", encoding="utf-8", newline="") as handle:
        handle.write(data)


class CsvWriter(Protocol):
    def writerow(self, row: Iterable[object], /) -> object: ...
    def writerows(self, rows: Iterable[Iterable[object]], /) -> None: ...


def csv_writer(handle: TextIO) -> CsvWriter:
    """The one CSV dialect of every table: \\n line ends; None is written as an empty cell."""
    return csv.writer(handle, lineterminator="\n")


def csv_text(columns: Iterable[str], rows: Iterable[Iterable[object]], bom: bool = False) -> str:
    """A whole table as CSV text (see csv_writer); `bom`: start with U+FEFF, the byte-order mark
    Excel needs to read a CSV as UTF-8."""
    buffer = io.StringIO()
    if bom:
        buffer.write("\ufeff")
    writer = csv_writer(buffer)
    writer.writerow(list(columns))
    writer.writerows(rows)
    return buffer.getvalue()


def _decodes(path: Path, encoding: str) -> UnicodeDecodeError | None:
    """The first decoding error of the whole file (read in 1 MB pieces), or None."""
    decoder = codecs.getincrementaldecoder(encoding)()
    offset = 0
    with path.open("rb") as handle:
        try:
            for piece in iter(lambda: handle.read(1 << 20), b""):
                decoder.decode(piece)
                offset += len(piece)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError as exc:
            exc.start += offset
            return exc
    return None


def csv_encoding(path: Path) -> str:
    """How to read a table: docnorm writes UTF-8 (with or without BOM); Excel on a Chinese
    Windows re-saves a CSV in the ANSI code page, GBK, which GB18030 reads (a superset). Anything
    else is an InputError naming the file and the byte offset."""
    utf8 = _decodes(path, "utf-8")
    if utf8 is None:
        return "utf-8-sig"
    if _decodes(path, "gb18030") is None:
        log.warning("%s is not UTF-8: read as GB18030/GBK (re-saved by Excel?)", path)
        return "gb18030"
    raise InputError(f"not UTF-8 or GBK text (byte {utf8.start})", document=str(path))


def open_csv(path: Path) -> TextIO:
    """A CSV opened for csv.reader in the encoding it was saved in (see csv_encoding)."""
    return path.open(encoding=csv_encoding(path), newline="")

"""The shared file writing of every layer: atomic writes and CSV text.

A file is written to a temporary file in its own folder and renamed over the target, so a reader
never sees half a file and a crash leaves the old one in place.

Every CSV cell is made safe to open in a spreadsheet (`csv_cell`): control characters become
visible escapes and a cell a spreadsheet would run as a formula gets OWASP's single-quote
prefix; `csv_value` undoes the prefix for programs that read the tables back."""

from __future__ import annotations

import codecs
import csv
import io
import logging
import os
import re
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Protocol, TextIO

from docnorm.errors import InputError

__all__ = [
    "CsvWriter",
    "atomic_target",
    "csv_cell",
    "csv_encoding",
    "csv_lines",
    "csv_text",
    "csv_value",
    "csv_writer",
    "open_csv",
    "visible_controls",
    "write_atomic",
]

# C0 controls but tab and line feed, DEL and C1 controls (ESC starts every ANSI escape sequence)
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# a cell that needs a closer look: it starts with a formula character, or whitespace or quotes
# (which may come before one), or it holds a control character
_CAREFUL_RE = re.compile(r"[\s'=+\-@]|[^\x00-\x08\x0b-\x1f\x7f-\x9f]*[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# a formula character (OWASP: = + - @ tab CR) after any leading whitespace; after quotes too, so a
# text that itself starts with ' and a formula character keeps its own quote through `csv_value`
_FORMULA_RE = re.compile(r"'*\s*[=+\-@\t\r]")
_FORMULA_FIRST = frozenset("'=+-@")  # or whitespace: the first characters _FORMULA_RE can match
_PREFIXED_RE = re.compile(r"'+\s*[=+\-@\t\r]")
_PLAIN_NUMBER_RE = re.compile(r"-?[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?")  # -5, -0.5, -1e-05: a number, not a formula
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


def visible_controls(text: str) -> str:
    """`text` with every control character but tab and line feed (C0, DEL, C1) written as a
    visible escape of four characters, ESC as `\\x1b`: an ANSI escape sequence is shown, not run."""
    return _CONTROL_RE.sub(lambda m: f"\\x{ord(m[0]):02x}", text)


def csv_cell(value: object) -> object:
    """A cell as it is written: None stays None (an empty cell), any other value becomes its text
    with control characters made visible (`visible_controls`) and, when a spreadsheet would read
    it as a formula (=, +, -, @, tab or CR first, also after leading whitespace), prefixed with a
    single quote as OWASP recommends against CSV injection. A plain number (-5, -0.5) is not a
    formula and is written as it is, whether it arrives as a number or as text."""
    if value is None:
        return None
    text = value if isinstance(value, str) else str(value)  # what csv.writer would write
    if _CONTROL_RE.search(text):
        text = visible_controls(text)
    if (
        text
        and (text[0] in _FORMULA_FIRST or text[0].isspace())
        and _FORMULA_RE.match(text)
        and not _PLAIN_NUMBER_RE.fullmatch(text)
    ):
        return "'" + text
    return text


def csv_value(text: str) -> str:
    """A cell read back from a table docnorm wrote, with the quote `csv_cell` put before a formula
    removed (a text starting with ' and a formula character got a second quote, so this is exact)."""
    return text[1:] if text.startswith("'") and _PREFIXED_RE.match(text) else text


class _SafeWriter:
    """csv.writer over cells made safe by `csv_cell`."""

    def __init__(self, handle: TextIO) -> None:
        self._writer = csv.writer(handle, lineterminator="\n")

    def writerow(self, row: Iterable[object], /) -> object:
        careful = _CAREFUL_RE.match  # the common cells skip csv_cell (a few µs a row, not a few tens)
        return self._writer.writerow(
            [v if v is None or type(v) is int or (type(v) is str and not careful(v)) else csv_cell(v) for v in row]
        )

    def writerows(self, rows: Iterable[Iterable[object]], /) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(handle: TextIO) -> CsvWriter:
    """The one CSV dialect of every table: \\n line ends; None is written as an empty cell; every
    cell safe to open in a spreadsheet (`csv_cell`)."""
    return _SafeWriter(handle)


def csv_lines(rows: Iterable[Iterable[object]]) -> str:
    """Rows as CSV lines (see csv_writer), to append to a table that has its header: a batch's
    workers make their documents' lines, so the writer only writes them."""
    buffer = io.StringIO()
    csv_writer(buffer).writerows(rows)
    return buffer.getvalue()


def csv_text(columns: Iterable[str], rows: Iterable[Iterable[object]], bom: bool = False) -> str:
    """A whole table as CSV text (see csv_writer); `bom`: start with U+FEFF, the byte-order mark
    Excel needs to read a CSV as UTF-8."""
    return ("\ufeff" if bom else "") + csv_lines([list(columns)]) + csv_lines(rows)


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

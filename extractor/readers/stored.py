"""A long text file decoded into a temporary file instead of memory: UTF-32, four bytes a
character, so any slice of the text is one seek and one read. A 50 MB document held as one
string (with its bytes while decoding) was 90 MB of a 150 MB budget.

Decoding streams the file in blocks with the same rules as `decode_bytes`: UTF-8 (with or
without BOM), else GB18030; CRLF and CR become LF; a UTF-8 file cut inside a character keeps the
cut bytes as its dropped tail. Anything else (UTF-16, a charset only detection finds) is left to
the reader that holds the text: `store_text` returns None."""

from __future__ import annotations

import codecs
import logging
import re
from array import array
from bisect import bisect_right
from pathlib import Path
from typing import BinaryIO

from docnorm.errors import InputError
from docnorm.extractor.readers.text import check_head, check_printable

__all__ = ["StoredText", "store_text"]

log = logging.getLogger(__name__)

_BLOCK = 2 << 20  # bytes decoded at a time
_WIDTH = 4  # bytes a character in the store (UTF-32)
_UTF8_BOM = b"\xef\xbb\xbf"
_NEWLINE = re.compile("\n")


class StoredText:
    """Decoded text in a temporary file, read back by slices; its line starts are in memory
    (8 bytes a line). Close it to remove the file."""

    def __init__(self, path: Path, length: int, line_starts: array[int], encoding: str, dropped_tail: bytes) -> None:
        self.path, self.length, self.line_starts = path, length, line_starts
        self.encoding, self.dropped_tail = encoding, dropped_tail
        self._handle: BinaryIO = path.open("rb")

    def __len__(self) -> int:
        return self.length

    def __getitem__(self, key: slice) -> str:
        start, stop, _ = key.indices(self.length)
        if stop <= start:
            return ""
        self._handle.seek(start * _WIDTH)
        return self._handle.read((stop - start) * _WIDTH).decode("utf-32-le")

    def find_newline(self, start: int) -> int:
        """The offset of the first line feed at or after `start`, or -1 (from the line starts)."""
        index = bisect_right(self.line_starts, start)
        return self.line_starts[index] - 1 if index < len(self.line_starts) else -1

    def close(self) -> None:
        self._handle.close()
        self.path.unlink(missing_ok=True)

    def __enter__(self) -> StoredText:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def store_text(path: Path, store: Path, document: str) -> StoredText | None:
    """The decoded text of `path` in the file `store`, or None when only a holding reader can
    decode it. InputError for what is not text (as `decode_bytes` says)."""
    try:
        source = path.open("rb")
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", document=document) from None
    with source:
        head = source.read(4096)
        check_head(head, document)
        if head.startswith((b"\xff\xfe", b"\xfe\xff")):
            return None  # UTF-16: the holding reader's detection decodes it
        for encoding in ("utf-8-sig",) if head.startswith(_UTF8_BOM) else ("utf-8", "gb18030"):
            source.seek(0)
            stored = _decoded(source, encoding, store, document)
            if stored is not None:
                return stored
    return None


def _decoded(source: BinaryIO, encoding: str, store: Path, document: str) -> StoredText | None:
    try:
        return _decode_into(source, encoding, store, document)
    except UnicodeDecodeError:  # not this encoding (or invalid UTF-8 after a BOM): the holding reader says why
        store.unlink(missing_ok=True)
        return None
    except BaseException:
        store.unlink(missing_ok=True)
        raise


def _decode_into(source: BinaryIO, encoding: str, store: Path, document: str) -> StoredText:
    decoder = codecs.getincrementaldecoder(encoding)()
    starts, length, carry = array("q", [0]), 0, ""
    with store.open("wb") as out:
        for block in iter(lambda: source.read(_BLOCK), b""):
            text = carry + decoder.decode(block)
            carry = "\r" if text.endswith("\r") else ""  # a CRLF may be cut between two blocks
            text = (text[:-1] if carry else text).replace("\r\n", "\n").replace("\r", "\n")
            if not length:
                check_printable(text, document)
            starts.extend(length + m.end() for m in _NEWLINE.finditer(text))
            out.write(text.encode("utf-32-le"))
            length += len(text)
        if encoding == "gb18030":
            decoder.decode(b"", final=True)  # raises on a cut character
            tail = b""
        else:
            tail = bytes(decoder.getstate()[0])  # an incomplete UTF-8 character at the end
        if carry:
            out.write("\n".encode("utf-32-le"))
            length += 1
            starts.append(length)
    if tail:
        log.warning("%s: the file ends inside a UTF-8 character; %d byte(s) not decoded", document, len(tail))
    return StoredText(store, length, starts, encoding, tail)

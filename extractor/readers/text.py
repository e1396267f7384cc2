"""Stage 1 — decode: bytes to text. UTF-8 (with or without BOM), GB18030/GBK, and whatever
charset-normalizer recognises; CRLF and CR become LF. Offsets everywhere downstream index the
text this stage returns."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from docnorm.errors import InputError
from docnorm.extractor.readers.base import LineMap, ReadOptions, SourceText

log = logging.getLogger(__name__)

_BINARY_SIGNATURES = {
    b"%PDF": "a PDF file",
    b"PK\x03\x04": "a ZIP/Office file",
    b"\xd0\xcf\x11\xe0": "an OLE/Office file",
}
_MIN_PRINTABLE_SHARE = 0.9
# a stray NUL or two in text is removed as a control character; many in the first 4 KB is binary
_MAX_STRAY_NULS = 2


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    dropped_tail: bytes = b""  # an incomplete multibyte character the file was cut in (not decoded)


def decode_bytes(data: bytes, document: str) -> Decoded:
    """Decode a document's bytes, or raise `InputError` naming the document and the reason."""
    if not data.strip():
        raise InputError("the file is empty (no text to extract)", document=document)
    check_head(data[:4096], document)
    data, tail = _split_truncated_tail(data)
    text, encoding = _decode(data, document)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    check_printable(text, document)
    if tail:
        log.warning("%s: the file ends inside a UTF-8 character; %d byte(s) not decoded", document, len(tail))
    return Decoded(text, encoding, tail)


def check_head(head: bytes, document: str) -> None:
    """InputError when the file's first 4 KB show it is not text (a PDF, an Office file, NULs)."""
    for signature, what in _BINARY_SIGNATURES.items():
        if head.startswith(signature):
            raise InputError(f"this is {what}, not extracted text; extract its text first", document=document)
    if head.count(b"\x00") > _MAX_STRAY_NULS and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        offset = head.index(b"\x00")
        raise InputError(f"binary content (NUL byte at byte offset {offset}), not text", document=document)


def _split_truncated_tail(data: bytes) -> tuple[bytes, bytes]:
    """A UTF-8 file cut in the middle of a character: the decodable part and the cut bytes.

    Only a tail that is the start of a UTF-8 sequence (a lead byte and fewer continuation bytes
    than it announces) after text that is otherwise valid UTF-8 counts; anything else is left for
    the normal decoding (and its errors)."""
    for cut in range(1, 4):
        if len(data) <= cut:
            break
        lead = data[-cut]
        if lead < 0xC0:
            continue  # a continuation byte: look one further back
        needed = 2 if lead < 0xE0 else 3 if lead < 0xF0 else 4
        if needed <= cut:
            return data, b""
        head = data[:-cut]
        try:
            head.decode("utf-8")
        except UnicodeDecodeError:
            return data, b""
        return head, data[-cut:]
    return data, b""


def _decode(data: bytes, document: str) -> tuple[str, str]:
    if data.startswith(b"\xef\xbb\xbf"):
        return _strict(data, 3, "utf-8", document), "utf-8-sig"
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise InputError(
            "cannot determine the text encoding (not UTF-8, GB18030 or a known charset)", document=document
        )
    log.info("%s: decoded as %s by detection", document, best.encoding)
    return str(best), best.encoding


def _strict(data: bytes, skip: int, encoding: str, document: str) -> str:
    """Decode ``data[skip:]``; an error names the offset in the whole file."""
    try:
        return data[skip:].decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(f"invalid {encoding} at byte offset {skip + exc.start}", document=document) from None


def check_printable(text: str, document: str) -> None:
    sample = text[:20000]
    printable = sum(1 for ch in sample if ch.isprintable() or ch in "\n\t")
    if printable < _MIN_PRINTABLE_SHARE * len(sample):
        raise InputError("the content does not look like text (too many control characters)", document=document)


def read_document(path: Path) -> Decoded:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", document=str(path)) from None
    return decode_bytes(data, path.name)


def source_from_bytes(data: bytes, document: str) -> SourceText:
    """A text document's bytes as reader output (decoded text, encoding, line map, cut tail)."""
    decoded = decode_bytes(data, document)
    return SourceText(decoded.text, decoded.encoding, LineMap(decoded.text), TextReader.name, decoded.dropped_tail)


class TextReader:
    """Text files: UTF-8 (with or without BOM), GB18030/GBK or a detected charset."""

    name = "text"
    suffixes: tuple[str, ...] = (".txt", ".text", ".tsv")

    def read(self, path: Path, options: ReadOptions | None = None) -> SourceText:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise InputError(f"cannot read: {exc.strerror}", document=str(path)) from None
        return source_from_bytes(data, path.name)

"""Text assembled from scattered pieces of the source that still knows where each character came
from. Wrapped cells are joined without the line breaks, so offsets must be mapped, not assumed."""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from schemas.common import Span

_RUN = re.compile(r"\S+")


def _is_ascii_word(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


@dataclass
class SpanText:
    """``text`` plus, for each piece, where it starts in the joined text and in the source."""

    text: str = ""
    joined_starts: list[int] = field(default_factory=list)
    source_starts: list[int] = field(default_factory=list)

    @classmethod
    def from_source(cls, source: str, start: int, end: int) -> "SpanText":
        """The non-whitespace runs of ``source[start:end]``, joined (CJK-aware)."""
        result = cls()
        for match in _RUN.finditer(source, start, end):
            result.append_piece(match.group(), match.start())
        return result

    def append_piece(self, piece: str, source_start: int) -> None:
        if not piece:
            return
        if self.text and _is_ascii_word(self.text[-1]) and _is_ascii_word(piece[0]):
            self.text += " "
        self.joined_starts.append(len(self.text))
        self.source_starts.append(source_start)
        self.text += piece

    def extend(self, other: "SpanText") -> None:
        for i, start in enumerate(other.joined_starts):
            end = other.joined_starts[i + 1] if i + 1 < len(other.joined_starts) else len(other.text)
            self.append_piece(other.text[start:end].strip(" "), other.source_starts[i])

    def source_offset(self, index: int) -> int:
        k = max(bisect_right(self.joined_starts, index) - 1, 0)
        return self.source_starts[k] + (index - self.joined_starts[k])

    def span(self, start: int = 0, end: int | None = None) -> Span | None:
        end = len(self.text) if end is None else end
        if not self.joined_starts or end <= start:
            return None
        return Span(start=self.source_offset(start), end=self.source_offset(end - 1) + 1)

    def slice(self, start: int, end: int) -> "SpanText":
        """The sub-text ``[start, end)`` keeping its source mapping."""
        result = SpanText()
        for i, piece_start in enumerate(self.joined_starts):
            piece_end = self.joined_starts[i + 1] if i + 1 < len(self.joined_starts) else len(self.text)
            lo, hi = max(start, piece_start), min(end, piece_end)
            if lo < hi:
                chunk = self.text[lo:hi]
                stripped = chunk.lstrip(" ")
                result.append_piece(stripped.rstrip(" "), self.source_starts[i] + (lo - piece_start)
                                    + len(chunk) - len(stripped))
        return result

    def strip(self, chars: str) -> "SpanText":
        left = len(self.text) - len(self.text.lstrip(chars))
        right = len(self.text.rstrip(chars))
        return self.slice(left, right) if (left, right) != (0, len(self.text)) else self

    def __bool__(self) -> bool:
        return bool(self.text)

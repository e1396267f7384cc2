"""Text assembled from scattered pieces of the source that still knows where each character came
from. Wrapped cells are joined without the line breaks, so offsets must be mapped, not assumed."""

from __future__ import annotations

import re
from bisect import bisect_right

from docnorm.schemas.common import Span

_RUN = re.compile(r"\S+")
_INNER_SPACE = re.compile(r"\s")


def _is_ascii_word(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


class SpanText:
    """``text`` plus, for each piece, where it starts in the joined text and in the source.

    Pieces are collected in a list and joined when the text is read: growing one string by `+=`
    copies it each time, which made a long line quadratic."""

    __slots__ = ("_last", "_length", "_parts", "_text", "joined_starts", "source_starts")

    def __init__(self) -> None:
        self.joined_starts: list[int] = []
        self.source_starts: list[int] = []
        self._parts: list[str] = []
        self._text: str | None = ""
        self._length = 0
        self._last = ""  # the last character, for the spacing rule without joining

    @property
    def text(self) -> str:
        if self._text is None:
            self._text = "".join(self._parts)
            self._parts = [self._text]
        return self._text

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, SpanText):
            return NotImplemented
        return (self.text, self.joined_starts, self.source_starts) == (
            other.text,
            other.joined_starts,
            other.source_starts,
        )

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return (
            f"SpanText(text={self.text!r}, joined_starts={self.joined_starts!r}, source_starts={self.source_starts!r})"
        )

    @classmethod
    def from_source(cls, source: str, start: int, end: int) -> SpanText:
        """The non-whitespace runs of ``source[start:end]``, joined. A space survives only between
        two ASCII words on the same line: a line break inside a cell is layout (PDF wrapping cuts
        words and numbers: `≥5\n000间次` is `≥5000间次`)."""
        result = cls()
        result.add_source(source, start, end)
        return result

    def add_source(self, source: str, start: int, end: int) -> None:
        """Append the non-whitespace runs of ``source[start:end]`` (a new line: no space at the seam)."""
        segment = source[start:end]
        stripped = segment.strip()
        if stripped and _INNER_SPACE.search(stripped) is None:  # the common case: one run, no regex walk
            self.append_piece(stripped, start + len(segment) - len(segment.lstrip()))
            return
        previous_end = None
        for match in _RUN.finditer(source, start, end):
            same_line = previous_end is not None and "\n" not in source[previous_end : match.start()]
            self.append_piece(match.group(), match.start(), spaced=same_line)
            previous_end = match.end()

    def append_piece(self, piece: str, source_start: int, *, spaced: bool = False) -> None:
        if not piece:
            return
        self._text = None
        if spaced and self._last and _is_ascii_word(self._last) and _is_ascii_word(piece[0]):
            self._parts.append(" ")
            self._length += 1
        self.joined_starts.append(self._length)
        self.source_starts.append(source_start)
        self._parts.append(piece)
        self._length += len(piece)
        self._last = piece[-1]

    def __len__(self) -> int:
        return self._length

    def extend(self, other: SpanText) -> None:
        """Append another text (the next line or cell): no space at the seam, its own kept."""
        for i, start in enumerate(other.joined_starts):
            end = other.joined_starts[i + 1] if i + 1 < len(other.joined_starts) else len(other.text)
            spaced = i > 0 and other.text[start - 1] == " "
            self.append_piece(other.text[start:end].strip(" "), other.source_starts[i], spaced=spaced)

    def source_offset(self, index: int) -> int:
        """Source offset of the joined character ``index`` (a joining space maps to the character
        after it): a bisect over the pieces, so no per-character table is ever built."""
        return self._offset_in(max(bisect_right(self.joined_starts, index) - 1, 0), index)

    def source_offsets(self, indices: list[int]) -> list[int]:
        """`source_offset` of many joined indices, in one sweep over the pieces when they ascend
        (a bisect when one goes back): a long cell's records need a million of them."""
        starts, count, k, out = self.joined_starts, len(self.joined_starts), 0, []
        for index in indices:
            if index < starts[k]:
                k = max(bisect_right(starts, index) - 1, 0)
            while k + 1 < count and starts[k + 1] <= index:
                k += 1
            out.append(self._offset_in(k, index))
        return out

    def _offset_in(self, k: int, index: int) -> int:
        """The source offset of ``index``, which lies in piece ``k`` or is the joining space after it."""
        starts = self.joined_starts
        if k + 1 < len(starts) and index == starts[k + 1] - 1 and self.text[index] == " ":
            return self.source_starts[k + 1]  # a joining space: the character after it
        return self.source_starts[k] + index - starts[k]

    def source_runs(self, ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """Source ranges of the joined ranges (sorted, not overlapping), one per source-contiguous
        run: one sweep over the pieces, as a long cell has hundreds of thousands of both."""
        runs: list[tuple[int, int]] = []
        starts, sources, text = self.joined_starts, self.source_starts, self.text
        count, size, k = len(starts), len(text), 0
        for start, end in ranges:
            while k + 1 < count and starts[k + 1] <= start:
                k += 1
            j = k
            while j < count and starts[j] < end:
                stop = size if j + 1 == count else starts[j + 1]
                if j + 1 < count and text[stop - 1] == " ":  # a joining space is no source character
                    stop -= 1
                lo = start if start > starts[j] else starts[j]
                hi = end if end < stop else stop
                if lo < hi:
                    at = sources[j] + lo - starts[j]
                    if runs and runs[-1][1] == at:
                        runs[-1] = (runs[-1][0], at + hi - lo)
                    else:
                        runs.append((at, at + hi - lo))
                j += 1
        return runs

    def source_range(self, start: int = 0, end: int | None = None) -> tuple[int, int] | None:
        """Source ``(start, end)`` of the joined text ``[start, end)``; None when empty."""
        end = len(self.text) if end is None else end
        if not self.joined_starts or end <= start:
            return None
        return self.source_offset(start), self.source_offset(end - 1) + 1

    def span(self, start: int = 0, end: int | None = None) -> Span | None:
        where = self.source_range(start, end)
        return None if where is None else Span(start=where[0], end=where[1])

    def slice(self, start: int, end: int) -> SpanText:
        """The sub-text ``[start, end)`` keeping its source mapping."""
        result = SpanText()
        first = max(bisect_right(self.joined_starts, start) - 1, 0)
        last = bisect_right(self.joined_starts, end)
        for i in range(first, last):
            piece_start = self.joined_starts[i]
            piece_end = self.joined_starts[i + 1] if i + 1 < len(self.joined_starts) else len(self.text)
            lo, hi = max(start, piece_start), min(end, piece_end)
            if lo < hi:
                chunk = self.text[lo:hi]
                stripped = chunk.lstrip(" ")
                spaced = lo > 0 and self.text[lo - 1] == " "
                result.append_piece(
                    stripped.rstrip(" "),
                    self.source_starts[i] + (lo - piece_start) + len(chunk) - len(stripped),
                    spaced=spaced,
                )
        return result

    def strip(self, chars: str) -> SpanText:
        left = len(self.text) - len(self.text.lstrip(chars))
        right = len(self.text.rstrip(chars))
        return self.slice(left, right) if (left, right) != (0, len(self.text)) else self

    def __bool__(self) -> bool:
        return self._length > 0

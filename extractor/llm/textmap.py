"""A whitespace- and tag-free, width-folded view of source text that maps back to offsets.

Grounding and by-reference slicing both search in this view: values are written without the
line wraps, spaces and ``<p>`` tags of the layout, and models mix full- and half-width forms.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_TAG = re.compile(r"</?p\s*/?>", re.IGNORECASE)


def fold(text: str) -> str:
    """Width-fold (NFKC) and drop whitespace and tags: the comparison form of a value."""
    text = _TAG.sub("", text)
    return "".join(ch for ch in unicodedata.normalize("NFKC", text) if not ch.isspace())


def compact(text: str) -> str:
    """Drop whitespace and tags only (the golden convention for text values)."""
    return "".join(ch for ch in _TAG.sub("", text) if not ch.isspace())


@dataclass(frozen=True)
class TextView:
    """``text`` is the view; ``index[i]`` is the source offset of view character ``i``."""

    text: str
    index: tuple[int, ...]

    @classmethod
    def build(cls, source: str, *, folded: bool, base: int = 0) -> TextView:
        tag_spans = {m.start(): m.end() for m in _TAG.finditer(source)}
        chars: list[str] = []
        index: list[int] = []
        i = 0
        while i < len(source):
            if i in tag_spans:
                i = tag_spans[i]
                continue
            ch = source[i]
            if not ch.isspace():
                out = unicodedata.normalize("NFKC", ch) if folded else ch
                for o in out:
                    if not o.isspace():
                        chars.append(o)
                        index.append(base + i)
            i += 1
        return cls("".join(chars), tuple(index))

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Source ``[start, end)`` covering view characters ``[start, end)``."""
        return self.index[start], self.index[end - 1] + 1

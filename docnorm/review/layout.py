"""The source text as HTML: field values, unplaced and lost text as marked blocks; noise and form
labels as inner spans; findings as empty markers at their offset. Everything is HTML-escaped, and
a block's text content is exactly the source slice at its offsets (markers carry no text)."""

from __future__ import annotations

import bisect
import heapq
import html
import logging
from collections.abc import Iterable
from dataclasses import dataclass

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Block:
    """A top-level marked range: a field value, unplaced text or lost text."""

    start: int
    end: int
    css: str
    attrs: dict[str, str]


@dataclass(frozen=True)
class Marker:
    offset: int
    attrs: dict[str, str]


def _attrs(attrs: dict[str, str]) -> str:
    return "".join(f' {k}="{html.escape(v, quote=True)}"' for k, v in attrs.items())


def disjoint(ranges: Iterable[tuple[int, int, str]], what: str) -> list[tuple[int, int, str]]:
    """Sorted ranges without overlaps (a range overlapping an earlier one is dropped, logged)."""
    kept: list[tuple[int, int, str]] = []
    for start, end, css in sorted(r for r in ranges if r[1] > r[0]):
        if kept and start < kept[-1][1]:
            log.warning("%s range [%d, %d) overlaps [%d, %d); not shown", what, start, end, *kept[-1][:2])
            continue
        kept.append((start, end, css))
    return kept


def lost_ranges(text: str, covered: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Runs of non-whitespace characters in none of the covered ranges."""
    mask = bytearray(len(text))
    for low, high in covered:
        mask[low:high] = b"\x01" * (min(high, len(text)) - min(low, len(text)))
    runs: list[tuple[int, int]] = []
    start: int | None = None
    for i, ch in enumerate(text):
        loose = not mask[i] and not ch.isspace()
        if loose and start is None:
            start = i
        elif not loose and start is not None and not ch.isspace():
            runs.append((start, i))
            start = None
    if start is not None:
        runs.append((start, len(text)))
    return [(a, _rstrip(text, a, b)) for a, b in runs]


def _rstrip(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


Tree = list[tuple[Block, "Tree"]]


def nest(blocks: list[Block]) -> Tree:
    """Blocks as a tree by containment. A block crossing the end of an enclosing one is cut there:
    its first part nests inside, the rest (`data-part="cont"`, no id) goes on after it, so every
    element's text content is the source slice [data-start, data-end)."""
    queue = [(b.start, -b.end, i, b) for i, b in enumerate(blocks)]
    heapq.heapify(queue)
    root: Tree = []
    stack: list[tuple[Block, Tree]] = []
    count = len(queue)
    while queue:
        _, _, _, block = heapq.heappop(queue)
        while stack and block.start >= stack[-1][0].end:
            stack.pop()
        if stack and block.end > stack[-1][0].end:
            cut = stack[-1][0].end
            rest = {k: v for k, v in block.attrs.items() if k != "id"} | {"data-part": "cont"}
            heapq.heappush(queue, (cut, -block.end, count, Block(cut, block.end, block.css, rest)))
            count += 1
            block = Block(block.start, cut, block.css, block.attrs)
        node: tuple[Block, Tree] = (block, [])
        (stack[-1][1] if stack else root).append(node)
        stack.append(node)
    return root


class SourceRenderer:
    def __init__(self, text: str, inner: list[tuple[int, int, str]], markers: list[Marker]) -> None:
        self.text = text
        self.inner = inner
        self.starts = [r[0] for r in inner]
        self.markers = sorted(markers, key=lambda m: m.offset)
        self.offsets = [m.offset for m in self.markers]

    def render(self, blocks: list[Block]) -> str:
        """The whole text; a block inside another is nested in it, one crossing another's end is
        dropped (logged), so every block's text content is its source slice."""
        return self._range(0, len(self.text) + 1, nest(blocks))

    def _range(self, a: int, b: int, children: Tree) -> str:
        out: list[str] = []
        pos = a
        for block, inner in children:
            out.append(self._plain(pos, block.start))
            where = {"data-start": str(block.start), "data-end": str(block.end)}
            out.append(f'<span class="{block.css}"{_attrs(block.attrs | where)}>')
            out.append(self._range(block.start, block.end, inner))
            out.append("</span>")
            pos = block.end
        out.append(self._plain(pos, b))
        return "".join(out)

    def _plain(self, a: int, b: int) -> str:
        """Text [a, b) with inner spans (clipped) and the markers at offsets in [a, b)."""
        cuts = {a, min(b, len(self.text))}
        first = max(bisect.bisect_right(self.starts, a) - 1, 0)
        spans = [r for r in self.inner[first : bisect.bisect_left(self.starts, b)] if r[1] > a]
        for start, end, _ in spans:
            cuts.update(c for c in (start, end) if a < c < b)
        lo, hi = bisect.bisect_left(self.offsets, a), bisect.bisect_left(self.offsets, b)
        markers = self.markers[lo:hi]
        cuts.update(m.offset for m in markers if a < m.offset < b)
        points = sorted(c for c in cuts if c <= len(self.text))
        out: list[str] = []
        for i, point in enumerate(points):
            out.extend(f'<span class="marker"{_attrs(m.attrs)}></span>' for m in markers if m.offset == point)
            if i + 1 < len(points):
                out.append(self._piece(point, points[i + 1], spans))
        return "".join(out)

    def _piece(self, a: int, b: int, spans: list[tuple[int, int, str]]) -> str:
        piece = html.escape(self.text[a:b], quote=False)
        for start, end, css in spans:
            if start <= a and b <= end:
                return f'<span class="{css}">{piece}</span>'
        return piece

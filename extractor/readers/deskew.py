"""A scanned page's geometry in PDF points: its rotation undone, and each recognized box narrowed
to the ink inside it.

The rotation is measured on the page's horizontal rules when it has them (long and straight: a
ruled 150 dpi scan turned by 1.2° measured 1.2°, where the text boxes' median slope said 1.6° and
left the rules sloping by 3 points across the page), else on the long text boxes. The detector pads
its boxes unevenly — the box of a long line at 150 dpi began 8 points left of its first glyph, left
of the column it sits in — so a box's left and right are where its ink is, measured on the middle
of its height (clear of the lines above and below), a sliver of rule apart at either end left out."""

from __future__ import annotations

import math
import statistics
from typing import Any

__all__ = ["Turn", "ink_extent", "page_angle"]

Quad = list[list[float]]


def page_angle(quads: list[Quad], rules: list[tuple[float, float, float, float]]) -> float:
    """The page's rotation in radians: the median slope of its horizontal rules, or of the text
    boxes at least four times as wide as high when it has none."""
    if rules:
        return statistics.median(math.atan2(y1 - y0, x1 - x0) for x0, y0, x1, y1 in rules)
    slopes = []
    for q in quads:
        (x0, y0), (x1, y1) = q[0], q[1]
        height = math.dist(q[0], q[3])
        if math.dist(q[0], q[1]) > 4 * max(height, 1.0):
            slopes.append(math.atan2(y1 - y0, x1 - x0))
    return statistics.median(slopes) if slopes else 0.0


class Turn:
    """The deskewing rotation about the page's centre, and pixels to points."""

    def __init__(self, angle: float, width: int, height: int, dpi: float) -> None:
        self.cx, self.cy, self.scale = width / 2, height / 2, 72.0 / dpi
        self.cos, self.sin = math.cos(-angle), math.sin(-angle)

    def __call__(self, x: Any, y: Any) -> tuple[Any, Any]:
        """(x, y) in pixels → deskewed points; numpy arrays turn element-wise."""
        dx, dy = x - self.cx, y - self.cy
        x, y = self.cx + dx * self.cos - dy * self.sin, self.cy + dx * self.sin + dy * self.cos
        return x * self.scale, y * self.scale


def ink_extent(ink: Any, quad: Quad, turn: Turn) -> tuple[float, float] | None:
    """The deskewed x-range (points) of the ink in the middle half of the box's height, or None."""
    import cv2
    import numpy as np

    corners = np.asarray(quad, dtype=float)  # top-left, top-right, bottom-right, bottom-left
    top, bottom = corners[[0, 1]], corners[[3, 2]]
    band = np.concatenate([top + 0.25 * (bottom - top), (bottom + 0.25 * (top - bottom))[::-1]])
    x0, y0 = np.floor(band.min(axis=0)).astype(int).clip(0)
    x1, y1 = np.ceil(band.max(axis=0)).astype(int) + 1
    window = ink[y0:y1, x0:x1]
    if not window.size:
        return None
    mask = np.zeros(window.shape, dtype=np.uint8)
    cv2.fillPoly(mask, [np.round(band - (x0, y0)).astype(np.int32)], 1)
    ys, xs = np.nonzero(window & mask.astype(bool))
    if not len(xs):
        return None
    turned, _ = turn(xs + x0 + 0.5, ys + y0 + 0.5)
    return _trimmed(np.sort(turned), math.dist(quad[0], quad[3]) * turn.scale)


def _trimmed(xs: Any, height: float) -> tuple[float, float]:
    """The ink's x-range without a thin sliver apart at either end (what is left of a ruling line
    where two rules cross: narrower than a fifth of the box's height, a third of it away)."""
    import numpy as np

    cuts = np.flatnonzero(np.diff(xs) > height / 3)  # gaps: xs[k] | xs[k + 1]
    first, last = 0, len(xs) - 1
    if len(cuts) and xs[cuts[0]] - xs[0] < height / 5:
        first = int(cuts[0]) + 1
    if len(cuts) and xs[-1] - xs[cuts[-1] + 1] < height / 5 and cuts[-1] + 1 > first:
        last = int(cuts[-1])
    return float(xs[first]), float(xs[last])

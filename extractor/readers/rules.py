"""The ruling lines of a scanned page: painted over before recognition, and the horizontal ones
kept as the row borders of its tables.

A line crossing a glyph (punctuation hanging past a cell border) costs the recognizer that glyph,
so the page is recognized with its rules in the paper's tone. The same rules then say where a
table row ends: a cell wrapped over four lines in a narrow column leaves gaps between its lines
as wide as the gaps between rows, which the box geometry alone cannot tell apart. Rules are the
long thin dark runs a morphological opening keeps (OpenCV, a dependency of rapidocr). A scan turned
by a degree or two breaks a thin rule into short steps no opening keeps, so the ink is first
thickened across the rule's direction by the rise the tilt gives over the opening's length."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["RuledPage", "Segment", "rule_free"]

Segment = tuple[float, float, float, float]  # x0, y0, x1, y1 in pixels
MIN_RULE = 0.2  # of the page's width: a horizontal rule shorter than this is not a table border
MAX_TILT = 0.05  # the steepest rule still found: tan(about 2.9°), a scan fed in askew


@dataclass
class RuledPage:
    image: Any  # the page, RGB (numpy), its rules painted over
    ink: Any  # its ink without the rules (boolean, numpy)
    horizontal: list[Segment]  # each horizontal rule: x0, y0, x1, y1 in pixels


def rule_free(image: Any) -> RuledPage:
    """The page without its rules, and where its horizontal rules ran."""
    import cv2
    import numpy as np

    grey = np.asarray(image.convert("L"))
    ink = cv2.threshold(grey, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)[1]
    height, width = grey.shape
    rules = np.zeros(ink.shape, dtype=bool)
    lines = []
    for size in ((max(width // 25, 20), 1), (1, max(height // 40, 20))):
        opened = _rules_along(ink, size)
        rules = rules | (cv2.dilate(opened, np.ones((3, 3), np.uint8)) > 0)
        lines.append(opened)
    paper = int(np.median(grey[ink == 0])) if (ink == 0).any() else 255
    out = np.where(rules, paper, grey).astype(np.uint8)
    return RuledPage(cv2.cvtColor(out, cv2.COLOR_GRAY2RGB), (ink > 0) & ~rules, _segments(lines[0], MIN_RULE * width))


def _rules_along(ink: Any, size: tuple[int, int]) -> Any:
    """The ink of the rules running along `size` (cv2's (width, height) of a one-pixel-thin line):
    the ink thickened across by the tilt's rise, opened, and the ends the opening trims off a tilted
    rule (up to half the line's length) grown back along it."""
    import cv2
    import numpy as np

    rise = int(max(size) * MAX_TILT) + 1
    horizontal = size[1] == 1
    across = cv2.dilate(ink, np.ones((rise, 1) if horizontal else (1, rise), np.uint8))
    opened = cv2.morphologyEx(across, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, size)) & ink
    band = (rise, size[0]) if horizontal else (size[1], rise)  # rows, columns
    return cv2.dilate(opened, np.ones(band, np.uint8)) & ink


def _segments(horizontal: Any, shortest: float) -> list[Segment]:
    """The horizontal rules as segments from their leftmost to their rightmost ink (a rotated scan's
    rule is a slanted run), the ends' heights on the straight line fitted through its ink."""
    import cv2
    import numpy as np

    count, labels, stats, _ = cv2.connectedComponentsWithStats(horizontal, connectivity=8)
    out = []
    for k in range(1, count):
        x, y, w, h = (int(v) for v in stats[k, :4])
        if w < shortest:
            continue
        rows, columns = np.nonzero(labels[y : y + h, x : x + w] == k)
        slope, offset = np.polyfit(columns, rows, 1) if h > 1 else (0.0, 0.0)
        out.append((float(x), y + float(offset), float(x + w - 1), y + float(offset + slope * (w - 1))))
    return out

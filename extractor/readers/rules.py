"""The ruling lines of a scanned page: painted over before recognition, and the horizontal ones
kept as the row borders of its tables.

A line crossing a glyph (punctuation hanging past a cell border) costs the recognizer that glyph,
so the page is recognized with its rules in the paper's tone. The same rules then say where a
table row ends: a cell wrapped over four lines in a narrow column leaves gaps between its lines
as wide as the gaps between rows, which the box geometry alone cannot tell apart.

A scan turned by a degree or two breaks a thin rule into steps: a 2-pixel rule at 1.8° runs
straight for only about 60 pixels at a time. So the steps are found with a short opening
(OpenCV, a dependency of rapidocr), and a rule is a chain of steps joined into one long straight
component; a glyph's strokes stay short ones and are kept.
(Thickening the ink across before a long opening, tried first, also joined the strokes of a
blurred 150 dpi text line into "rules" and painted the text out.)"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["RuledPage", "Segment", "rule_free"]

Segment = tuple[float, float, float, float]  # x0, y0, x1, y1 in pixels
MIN_RULE = 0.2  # of the page's width: a horizontal rule shorter than this is not a table border
STEP_DIVISOR = 120  # a step is the page's shorter side / 120 long: 20 px at 300 dpi (a 1-px rule at 2.5°: 23 px)
MAX_TILT = 0.05  # a rule's rise over its length, at most: tan(2.9°)


@dataclass
class RuledPage:
    image: Any  # the page, RGB (numpy), its rules painted over
    ink: Any  # its ink without the rules (boolean, numpy)
    horizontal: list[Segment]  # each horizontal rule: x0, y0, x1, y1 in pixels
    vertical: list[Segment]  # each vertical rule: top x, y, bottom x, y in pixels


def rule_free(image: Any) -> RuledPage:
    """The page without its rules, and where its horizontal rules ran."""
    import cv2
    import numpy as np

    grey = np.asarray(image.convert("L"))
    ink = cv2.threshold(grey, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)[1]
    height, width = grey.shape
    step = max(min(width, height) // STEP_DIVISOR, 8)
    horizontal = _rules_along(ink, (step, 1), max(width // 25, 20))
    vertical = _rules_along(ink, (1, step), max(height // 40, 20))
    rules = cv2.dilate(horizontal | vertical, np.ones((3, 3), np.uint8)) > 0
    paper = int(np.median(grey[ink == 0])) if (ink == 0).any() else 255
    out = np.where(rules, paper, grey).astype(np.uint8)
    walls = [(y0, x0, y1, x1) for x0, y0, x1, y1 in _segments(np.ascontiguousarray(vertical.T), height // 40)]
    image_out = cv2.cvtColor(out, cv2.COLOR_GRAY2RGB)
    return RuledPage(image_out, (ink > 0) & ~rules, _segments(horizontal, MIN_RULE * width), walls)


def _rules_along(ink: Any, size: tuple[int, int], shortest: int) -> Any:
    """The ink of the rules running along `size` (cv2's (width, height) of a one-pixel-thin step):
    the steps an opening keeps, chained into components at least `shortest` long, straight and thin (no
    taller than a turned rule: a blob of blurred text merged into one is not a rule), and the ends
    the opening trims off a turned rule grown back along it."""
    import cv2
    import numpy as np

    steps = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, size))
    count, labels, stats, _ = cv2.connectedComponentsWithStats(steps, connectivity=8)
    along, across = (stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT])[:: 1 if size[1] == 1 else -1]
    thin = stats[:, cv2.CC_STAT_AREA] <= along * max(size) / 2  # mean thickness: 10 px at 300 dpi
    long_ones = np.flatnonzero((along >= shortest) & (across <= along * MAX_TILT + max(size)) & thin)
    chains = np.isin(labels, long_ones[long_ones > 0]).astype(np.uint8) * 255
    grow = (3, 2 * size[0] + 1) if size[1] == 1 else (2 * size[1] + 1, 3)  # rows, columns
    return cv2.dilate(chains, np.ones(grow, np.uint8)) & ink


def _segments(horizontal: Any, shortest: float) -> list[Segment]:
    """The horizontal rules as segments from their leftmost to their rightmost ink (a rotated scan's
    rule is a slanted run), the ends' heights on the straight line fitted through its ink; the
    vertical ones the same way on the page turned over its diagonal (`.T`)."""
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

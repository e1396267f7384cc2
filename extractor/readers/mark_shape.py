"""A comparator mark (≥ ≤ = > < ≧ ≦) told from its shape, for the glyphs the recognizer cannot read.

PP-OCRv4 reads the ≥ of `≥30人`, but a ≥ alone in a 指标性质 cell comes back as N, M or S, and
re-recognizing the crop does not help (padded, tightened or beside a value the model still answers
= or N). The closed set is small and drawn with straight strokes: a chevron (< or >) over zero, one
or two horizontal bars, or two bars alone. The glyph is read row by row — a bar row is inked
across the glyph, a gap row has no stroke, a chevron row one — and the chevron is fitted against
one drawn corner to vertex to corner, and against its mirror image; this holds at 150 dpi, where
the chevron and its bar touch. Anything else (letters, digits, CJK, a font's missing-glyph box,
specks) is not a mark: tests/test_marks.py draws both from five fonts.

The recognizer also reads ‰ as % (a value ten times too large). The two differ in their counters,
the holes of their circles: % has two, ‰ three — one high on the left, two low side by side."""

from __future__ import annotations

import re
from typing import Any

__all__ = ["classify_mark", "is_per_mille"]

FIT_HEIGHT = 32  # pixels: a glyph is scaled to this height before it is fitted
CHEVRON_FIT = 0.8  # how well ink must fit a drawn chevron (see _overlap) to be one
_BAR, _EDGE = 0.7, 0.5  # ink across the glyph: a bar row holds more than the first, its blurred edge the second


def _runs(row: Any) -> list[int]:
    """The lengths of a row's runs of ink. In a glyph eight or more pixels wide a one-pixel hole
    is noise (a blurred stroke breaking up) and a one-pixel run a speck, not a stroke."""
    import numpy as np

    edges = np.flatnonzero(np.diff(np.concatenate(([0], row.astype(np.int8), [0]))))
    spans = [[int(a), int(b)] for a, b in zip(edges[::2], edges[1::2], strict=True)]
    if len(row) < 8:
        return [b - a for a, b in spans]
    merged: list[list[int]] = []
    for a, b in spans:
        if merged and a - merged[-1][1] <= 1:
            merged[-1][1] = b
        else:
            merged.append([a, b])
    return [b - a for a, b in merged if b - a > 1]


def _row_kinds(ink: Any) -> str:
    """Each row of a tight glyph crop as B (bar: inked across), G (gap: no stroke), C (one stroke)
    or X (more); against a bar, a half-inked row is the bar's blurred edge and broken specks a gap."""
    width = ink.shape[1]
    runs = [_runs(row) for row in ink]
    kinds = ["B" if sum(r) >= _BAR * width else "G" if not r else "C" if len(r) == 1 else "X" for r in runs]
    for k, row in enumerate(ink):
        beside_bar = any(0 <= j < len(kinds) and kinds[j] == "B" for j in (k - 1, k + 1))
        if kinds[k] != "B" and beside_bar and row.sum() >= _EDGE * width:
            kinds[k] = "b"
        elif kinds[k] == "X" and beside_bar:  # specks along a bar's blurred edge
            kinds[k] = "G"
    # specks on a bar's outer edge; at the top less, where a chevron's first row may touch a wide one
    for k, inner, speck in ((0, 1, 0.3), (len(kinds) - 1, len(kinds) - 2, _EDGE)):
        if len(kinds) > 2 and kinds[k] not in "Bb" and kinds[inner] in "Bb" and ink[k].mean() < speck:
            kinds[k] = "G"
    for k in range(1, len(kinds) - 1):  # a speck in the gap between two bars (of = or ≧)
        above, below = "".join(kinds[:k]), "".join(kinds[k + 1 :])
        if (
            kinds[k] == "C"
            and ink[k].mean() < _EDGE
            and above.rstrip("G")[-1:] in ("B", "b")
            and below.lstrip("G")[:1] in ("B", "b")
        ):
            kinds[k] = "G"
    return "".join(kinds).replace("b", "B")


def _chevron(ink: Any) -> str | None:
    """`>` or `<` if these rows are one chevron: the middle rows' ink on the vertex side of the
    first and last rows' (by a fifth of the width), the two ends level, and the ink fitting a
    chevron drawn corner to vertex to corner (CHEVRON_FIT) far better than its mirror image. A
    curve (c, ε, the bowl of 5), a 7 or a 2 fails one or the other."""
    import numpy as np

    centres = [float(np.flatnonzero(r).mean()) for r in ink if r.any()]
    if len(centres) < 3:
        return None
    n, width = len(centres), ink.shape[1]
    end = max(1, n // 4)
    top, bottom = float(np.mean(centres[:end])), float(np.mean(centres[-end:]))
    middle = float(np.mean(centres[n // 3 : n - n // 3] or centres[n // 2 : n // 2 + 1]))
    lean = (middle - (top + bottom) / 2) / width
    if abs(top - bottom) > 0.25 * width or abs(lean) < 0.2:
        return None
    turn, mirror = (">", "<") if lean > 0 else ("<", ">")
    fit, other = _overlap(ink, turn), _overlap(ink, mirror)
    return turn if fit >= CHEVRON_FIT and fit - other >= 0.25 else None


def _overlap(ink: Any, turn: str) -> float:
    """How well the ink and a chevron pointing `turn` cover each other, a pixel's slack allowed:
    the harmonic mean of the ink's share near the chevron and the chevron's share near ink. The
    chevron is stroked as thick as the ink's area over its length."""
    import cv2
    import numpy as np

    scale = FIT_HEIGHT / ink.shape[0]  # at one size, so that a pixel's slack means the same on any glyph
    size = (max(3, round(ink.shape[1] * scale)), FIT_HEIGHT)
    ink = cv2.resize(ink.astype(np.uint8), size, interpolation=cv2.INTER_NEAREST).astype(bool)
    height, width = ink.shape
    tip, back = (width - 1, 0) if turn == ">" else (0, width - 1)
    points = np.array([[back, 0], [tip, (height - 1) / 2], [back, height - 1]], dtype=np.float64)
    stroke = max(1, round(float(ink.sum()) / (2 * float(np.hypot(width, height / 2)))))
    drawn = np.zeros((height, width), dtype=np.uint8)
    cv2.polylines(drawn, [np.round(points * 16).astype(np.int32)], False, 1, stroke, cv2.LINE_8, 4)
    slack = np.ones((3, 3), np.uint8)
    near_shape = cv2.dilate(drawn, slack).astype(bool)
    near_ink = cv2.dilate(ink.astype(np.uint8), slack).astype(bool)
    precision = float((ink & near_shape).sum() / max(1, ink.sum()))
    recall = float((drawn.astype(bool) & near_ink).sum() / max(1, drawn.sum()))
    return 2 * precision * recall / max(1e-9, precision + recall)


def classify_mark(ink: Any) -> str | None:
    """The comparator a tight crop of one glyph's ink (a boolean array) shows, or None."""
    import numpy as np

    ink = np.asarray(ink, dtype=bool)
    kinds = _row_kinds(ink)
    first, last = len(kinds) - len(kinds.lstrip("G")), len(kinds.rstrip("G"))
    ink, kinds = ink[first:last], kinds[first:last]
    height, width = ink.shape
    if height < 3 or width < 3 or not 0.25 <= height / width <= 2.0 or "X" in kinds:
        return None
    if ink[:, :2].any(axis=1).mean() >= 0.8 and ink[:, -2:].any(axis=1).mean() >= 0.8:
        return None  # both sides inked top to bottom: a box (a font's missing glyph), not a mark
    two = re.fullmatch(r"(B+)([GC]*G[GC]*)B+", kinds)
    if two and two[2].count("C") <= 1 and ink[two.start(2) : two.end(2)].mean() < 0.15:
        return "=" if _level_bars(ink, kinds.replace("C", "G")) else None  # two bars, a speck between at most
    m = re.fullmatch(r"([CB][CBG]*?[CB])(?:G*(B+)(G+B+)?)?", kinds)  # a chevron (its wide rows may read as B), bars
    if m is None or m[1].count("C") < 2 or len(m[1].replace("G", "")) < 3 or len(m[1]) < height * 0.4:
        return None
    turn = _chevron(ink[: len(m[1])])
    if turn is None or not m[2]:
        return turn
    if m[3]:
        return "≧" if turn == ">" else "≦"
    return "≥" if turn == ">" else "≤"


def _level_bars(ink: Any, kinds: str) -> bool:
    """Two bars of one length over each other (= and not 二, whose upper stroke is shorter)."""
    import numpy as np

    m = re.fullmatch(r"(B+)G+(B+)", kinds)
    assert m is not None
    spans = []
    for group in (1, 2):
        cols = np.flatnonzero(ink[m.start(group) : m.end(group)].any(axis=0))
        spans.append((int(cols.min()), int(cols.max())))
    (a0, a1), (b0, b1) = spans
    shorter, longer = sorted((a1 - a0, b1 - b0))
    return shorter >= 0.8 * longer and abs(a0 - b0) <= 0.2 * longer


def is_per_mille(glyph: Any, line: float) -> bool:
    """Whether a glyph read as % is ‰: three counters of about one size (a speck's hole is not one),
    one above and left of two that sit level and match in height (a full stop after a %, taken in
    by the recognizer's box, adds a third counter lower and smaller)."""
    import cv2
    import numpy as np

    contours, hierarchy = cv2.findContours(glyph.astype(np.uint8), cv2.RETR_CCOMP, cv2.CHAIN_APPROX_SIMPLE)
    if hierarchy is None:
        return False
    holes = [cv2.boundingRect(c) for c, h in zip(contours, hierarchy[0], strict=True) if h[3] != -1]
    biggest = max((w * h for _, _, w, h in holes), default=0)
    holes = [b for b in holes if b[2] * b[3] >= max(0.4 * biggest, (0.04 * line) ** 2)]
    if len(holes) != 3:
        return False
    top, low_a, low_b = sorted(holes, key=lambda b: b[1] + b[3] / 2)
    centre = [(x + w / 2, y + h / 2) for x, y, w, h in (top, low_a, low_b)]
    level = abs(centre[1][1] - centre[2][1]) <= 0.06 * line and min(low_a[3], low_b[3]) >= 0.75 * max(
        low_a[3], low_b[3]
    )
    above_left = centre[0][1] < min(centre[1][1], centre[2][1]) - 0.2 * line and centre[0][0] < min(
        centre[1][0], centre[2][0]
    )
    return level and above_left

"""Lone comparator marks (≥ ≤ = > < ≧ ≦) that the recognizer cannot read on their own.

PP-OCRv4 reads the ≥ of `≥30人`, but a ≥ alone in a 指标性质 cell comes back as N, M or S under its
confidence threshold, and a lone = is too faint for the detector to box at all. Re-recognizing the
crop does not help (padded, tightened or beside a value the model still answers = or N), so the
closed set is told apart by its shape: a comparator is a chevron (< or >) over zero, one or two
horizontal bars, or two bars alone. The glyph is read row by row — a bar row is inked across the
glyph, a gap row hardly at all, a chevron row has one run of ink whose centre moves to the
vertex side and back — which holds at 150 dpi, where the chevron and its bar touch. Anything
else (letters, digits, CJK, specks) is not a mark and stays as the recognizer left it.

Marks are looked for where the recognizer was unsure (a short non-CJK reading under
`SUSPECT_SCORE`) and in ink no detector box covers; each one found gets `MARK_CONFIDENCE`, under
the review threshold, so every value read this way is an `ocr-low-confidence` finding."""

from __future__ import annotations

import re
from typing import Any

__all__ = ["MARK_CONFIDENCE", "TEXT_SCORE", "classify_mark", "with_marks"]

TEXT_SCORE = 0.5  # rapidocr's own threshold: a reading under it is not text
SUSPECT_SCORE = 0.9  # a one- or two-character reading with no CJK or digit under this may be a mark
MARK_CONFIDENCE = 0.6  # a mark read from its shape: under LOW_CONFIDENCE, so it is always reviewed
_BAR, _EDGE = 0.7, 0.5  # ink across the glyph: a bar row holds more than the first, its blurred edge the second
_PLAIN = re.compile(r"[\u4e00-\u9fff0-9]")

Quad = list[list[float]]
Found = list[tuple[Quad, str, float]]


def _runs(row: Any) -> list[int]:
    """The lengths of a row's runs of ink; in a glyph eight or more pixels wide a one-pixel run is
    a speck of noise or blur, not a stroke."""
    import numpy as np

    edges = np.flatnonzero(np.diff(np.concatenate(([0], row.astype(np.int8), [0]))))
    lengths = [int(b - a) for a, b in zip(edges[::2], edges[1::2], strict=True)]
    return [n for n in lengths if n > 1 or len(row) < 8]


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
    for k, inner in ((0, 1), (len(kinds) - 1, len(kinds) - 2)):  # a speck on a bar's outer edge
        if len(kinds) > 2 and kinds[k] not in "Bb" and kinds[inner] in "Bb":
            kinds[k] = "G"
    return "".join(kinds).replace("b", "B")


def _chevron(ink: Any) -> str | None:
    """`>` or `<` if these rows are one chevron: the middle rows' ink centred on the vertex side
    of the first and last rows' (by a fifth of the width at least), the two ends level."""
    import numpy as np

    rows = [np.flatnonzero(r) for r in ink]
    centres = [float(r.mean()) for r in rows if r.size]
    if len(centres) < 3:
        return None
    n, width = len(centres), ink.shape[1]
    end = max(1, n // 4)
    top, bottom = float(np.mean(centres[:end])), float(np.mean(centres[-end:]))
    middle = float(np.mean(centres[n // 3 : n - n // 3] or centres[n // 2 : n // 2 + 1]))
    lean = (middle - (top + bottom) / 2) / width
    if abs(top - bottom) > 0.3 * width or abs(lean) < 0.2:
        return None
    return ">" if lean > 0 else "<"


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
    if ink.mean(axis=0).max() >= 0.8:  # a column inked top to bottom: a box or a stem, no mark has one
        return None
    two = re.fullmatch(r"(B+)([GC]*G[GC]*)B+", kinds)
    if two and two[2].count("C") <= 1 and all(ink[k].mean() < 0.3 for k in range(*two.span(2)) if kinds[k] == "C"):
        return "=" if _level_bars(ink, kinds.replace("C", "G")) else None  # two bars, a speck between at most
    m = re.fullmatch(r"(C[CG]*C)(?:G*(B+)(G+B+)?)?", kinds)
    if m is None or m[1].count("C") < 3 or len(m[1]) < height * 0.4:
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


def _suspect(text: str, score: float) -> bool:
    """A reading that may be a mark misread: short, and under the recognizer's threshold or, with
    no CJK or digit in it, not sure."""
    short = len(text.strip()) <= 2
    return short and (score < TEXT_SCORE or (score < SUSPECT_SCORE and not _PLAIN.search(text)))


def _bounds(quad: Quad) -> tuple[int, int, int, int]:
    xs, ys = [p[0] for p in quad], [p[1] for p in quad]
    return int(min(xs)), int(min(ys)), int(max(xs)) + 1, int(max(ys)) + 1


def _glyphs(free: Any, line: float) -> list[tuple[int, int, int, int]]:
    """Glyph-sized clusters of the ink no sure reading covers: specks dropped, the strokes of one
    glyph (a chevron and its bar, the two bars of =) merged by a small dilation."""
    import cv2
    import numpy as np

    count, labels, stats, _ = cv2.connectedComponentsWithStats(free.astype(np.uint8), connectivity=8)
    speck = max(3.0, (0.1 * line) ** 2)
    kept = np.isin(labels, [k for k in range(1, count) if stats[k, cv2.CC_STAT_AREA] >= speck]) & free
    reach = max(3, round(0.15 * line))
    merged = cv2.dilate(kept.astype(np.uint8), np.ones((reach, reach), np.uint8))
    count, groups, stats, _ = cv2.connectedComponentsWithStats(merged, connectivity=8)
    boxes = []
    for k in range(1, count):
        ys, xs = np.nonzero((groups == k) & kept)
        if not len(xs):
            continue
        x0, y0, x1, y1 = int(xs.min()), int(ys.min()), int(xs.max()) + 1, int(ys.max()) + 1
        if 0.15 * line <= y1 - y0 <= 0.8 * line and 0.25 * line <= x1 - x0 <= line:
            boxes.append((x0, y0, x1, y1))
    return boxes


def _overlaps(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def with_marks(page: Any, found: Found) -> Found:
    """The readings over TEXT_SCORE, with lone marks read from their shape: in the ink of an
    unsure short reading (which the mark replaces) or in ink no reading covers. `page`: the RGB
    page (numpy) the recognizer read; `found`: all its readings, whatever their score."""
    import cv2
    import numpy as np

    grey = cv2.cvtColor(np.asarray(page), cv2.COLOR_RGB2GRAY)
    free = cv2.threshold(grey, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)[1] > 0
    sure = [f for f in found if not _suspect(f[1], f[2])]
    heights = [b[3] - b[1] for b in (_bounds(q) for q, _, s in sure if s >= TEXT_SCORE)]
    if not heights:
        return [f for f in found if f[2] >= TEXT_SCORE]
    line = float(np.median(heights))
    margin = round(0.3 * line)
    for quad, _, _ in sure:
        x0, y0, x1, y1 = _bounds(quad)
        free[max(0, y0 - margin) : y1 + margin, max(0, x0 - margin) : x1 + margin] = False
    marks: Found = []
    for x0, y0, x1, y1 in _glyphs(free, line):
        mark = classify_mark(free[y0:y1, x0:x1])
        if mark:
            marks.append(([[x0, y0], [x1, y0], [x1, y1], [x0, y1]], mark, MARK_CONFIDENCE))
    taken = [_bounds(q) for q, _, _ in marks]
    unsure = [f for f in found if f not in sure and f[2] >= TEXT_SCORE]
    kept = [f for f in sure if f[2] >= TEXT_SCORE]
    return kept + [f for f in unsure if not any(_overlaps(_bounds(f[0]), t) for t in taken)] + marks

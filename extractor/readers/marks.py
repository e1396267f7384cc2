"""Comparator marks put back where the recognizer lost them, read from their shape (mark_shape.py).

Three places: a lone mark in a cell that the recognizer read as N, M or S under its threshold (a
short reading with no CJK or digit, under `SUSPECT_SCORE`), which the mark replaces; a mark in ink no
detector box covers (a lone = is too faint to be boxed); and the mark a value begins with in print,
dropped by the recognizer (`4500人` for ≧4500人), read as a digit (`29000人次` for ≧9000人次) or with one
bar (≥ for ≧). And a ‰ the recognizer read as % (mark_shape.is_per_mille), on pages sharp enough to
show its counters (`PER_MILLE_LINE`). Every mark read this way gets `MARK_CONFIDENCE`, under the review
threshold, so each is an `ocr-low-confidence` finding."""

from __future__ import annotations

import re
from typing import Any

from docnorm.extractor.readers.mark_shape import classify_mark, is_per_mille

__all__ = ["MARK_CONFIDENCE", "TEXT_SCORE", "with_marks"]

TEXT_SCORE = 0.5  # rapidocr's own threshold: a reading under it is not text
SUSPECT_SCORE = 0.9  # a one- or two-character reading with no CJK or digit under this may be a mark
MARK_CONFIDENCE = 0.6  # a mark read from its shape: under LOW_CONFIDENCE, so it is always reviewed
PER_MILLE_LINE = 30  # pixels of line height (10 pt at 220 dpi): below it a ‰'s counters blur shut
_PLAIN = re.compile(r"[\u4e00-\u9fff0-9]")
_MARK_MISREADINGS = frozenset("NMS")  # what PP-OCRv4 answers for a ≥, ≤ or = alone in a cell

Quad = list[list[float]]
Found = list[tuple[Quad, str, float]]
Reading = tuple[Quad, str, float, list[Quad] | None]  # a reading with its characters' boxes


def _suspect(text: str, score: float) -> bool:
    """A reading that may be a mark misread: short, and under the recognizer's threshold or, with
    no CJK or digit in it, not sure; or one of the letters a lone mark is read as, however sure
    (an unruled scan's ≥ came back `M` at 0.9 and over). Its ink decides (classify_mark)."""
    short = len(text.strip()) <= 2
    unsure = score < TEXT_SCORE or (score < SUSPECT_SCORE and not _PLAIN.search(text))
    return short and (unsure or text.strip() in _MARK_MISREADINGS)


def _bounds(quad: Quad) -> tuple[int, int, int, int]:
    xs, ys = [p[0] for p in quad], [p[1] for p in quad]
    return int(min(xs)), int(min(ys)), int(max(xs)) + 1, int(max(ys)) + 1


def _strokes(ink: Any, line: float) -> Any:
    """The ink without specks (components smaller than a tenth of a line's height squared)."""
    import cv2
    import numpy as np

    count, labels, stats, _ = cv2.connectedComponentsWithStats(ink.astype(np.uint8), connectivity=8)
    speck = max(3.0, (0.1 * line) ** 2)
    return np.isin(labels, [k for k in range(1, count) if stats[k, cv2.CC_STAT_AREA] >= speck]) & ink


def _groups(strokes: Any, line: float, sideways: bool) -> tuple[int, Any, Any]:
    """Strokes within 0.15 of a line's height of each other joined (only above and below each
    other unless `sideways`): the connected components' count, labels and stats."""
    import cv2
    import numpy as np

    reach = max(3, round(0.15 * line))
    size = (reach, reach if sideways else 1)
    count, groups, stats, _ = cv2.connectedComponentsWithStats(
        cv2.dilate(strokes.astype(np.uint8), np.ones(size, np.uint8)), connectivity=8
    )
    return count, groups, stats


def _glyphs(free: Any, line: float) -> list[tuple[int, int, int, int]]:
    """Glyph-sized clusters of the ink no sure reading covers: specks dropped, the strokes of one
    glyph (a chevron and its bar, the two bars of =) merged by a small dilation."""
    import numpy as np

    kept = _strokes(free, line)
    count, groups, _ = _groups(kept, line, sideways=True)
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


def _leading_mark(ink: Any, quad: Quad, line: float) -> tuple[str, int, int] | None:
    """The comparator a reading's box begins with in print, if its first glyph is one: (mark, x0,
    x1 in pixels). Strokes are joined only vertically here (a chevron and its bars), so that the
    mark stays apart from the digit after it."""
    import cv2
    import numpy as np

    x0, y0, x1, y1 = _bounds(quad)
    window = np.ascontiguousarray(ink[max(0, y0) : y1, max(0, x0) : x1])
    if not window.any():
        return None
    kept = _strokes(window, line)
    count, groups, stats = _groups(kept, line, sideways=False)
    tall = [k for k in range(1, count) if stats[k, cv2.CC_STAT_HEIGHT] >= 0.15 * line]
    if not tall:
        return None
    first = min(tall, key=lambda k: stats[k, cv2.CC_STAT_LEFT])
    ys, xs = np.nonzero((groups == first) & kept)
    mark = classify_mark(kept[ys.min() : ys.max() + 1, xs.min() : xs.max() + 1])
    return (mark, max(0, x0) + int(xs.min()), max(0, x0) + int(xs.max()) + 1) if mark else None


def _with_leading_mark(ink: Any, reading: Reading, line: float) -> Reading:
    """A value's reading with the comparator printed before it put back: dropped by the
    recognizer (`4500人` for ≧4500人), read as a digit (`29000人次`) or with one bar (≥ for ≧)."""
    quad, text, score, chars = reading
    if not text[:1].isdigit() and text[:1] not in "≥≤":
        return reading
    lead = _leading_mark(ink, quad, line)
    if lead is None:
        return reading
    mark, left, right = lead
    centres = [(_bounds(c)[0] + _bounds(c)[2]) / 2 for c in chars or []]
    if sum(left <= c <= right for c in centres) > 1:
        return reading  # the "mark" spans two characters read: digits run together, not a mark
    if text[0] in "≥≤":  # only the second bar is news: ≥ → ≧, ≤ → ≦
        new = mark + text[1:] if text[0] + mark in ("≥≧", "≤≦") else text
    elif centres and left <= centres[0] <= right:
        new = mark + text[1:]  # the first character read is the mark's own box
    else:
        new = mark + text
    return reading if new == text else (quad, new, min(score, MARK_CONFIDENCE), chars)


def _with_per_mille(ink: Any, reading: Reading, line: float) -> Reading:
    """A reading with each % whose glyph is a ‰ put right. The glyph is the ink from the emptiest
    column between the centre of the character before and the %'s box (the digit before may touch
    it) to the next character's box (the recognizer's box of a ‰ is too narrow)."""
    import numpy as np

    quad, text, score, chars = reading
    if "%" not in text or not chars or len(chars) != len(text) or line < PER_MILLE_LINE:
        return reading
    x0, y0, x1, y1 = (max(0, v) for v in _bounds(quad))
    out = list(text)
    for i in (k for k, ch in enumerate(text) if ch == "%"):
        left = round(sum(_bounds(chars[i - 1])[0::2]) / 2) if i else x0
        right = _bounds(chars[i + 1])[0] if i + 1 < len(chars) else x1
        window = _strokes(np.ascontiguousarray(ink[y0:y1, left:right]), line)
        reach = max(1, _bounds(chars[i])[0] - left + 2)
        columns = window[:, :reach].sum(axis=0)
        cut = int(np.flatnonzero(columns == columns.min())[-1])
        glyph = window[:, cut + 1 :]
        ys, xs = np.nonzero(glyph)
        if len(xs) and is_per_mille(glyph[ys.min() : ys.max() + 1, xs.min() : xs.max() + 1], line):
            out[i] = "‰"
    new = "".join(out)
    return reading if new == text else (quad, new, min(score, MARK_CONFIDENCE), chars)


def with_marks(ink: Any, readings: list[Reading]) -> Found:
    """The readings over TEXT_SCORE, with comparator marks read from their shape: in the ink of an
    unsure short reading (which the mark replaces), in ink no reading covers, and before a value.
    `ink`: the page's ink (a boolean numpy array, rules removed); `readings`: all the recognizer's,
    whatever their score, each with its characters' boxes (or None)."""
    import numpy as np

    suspect = [_suspect(r[1], r[2]) for r in readings]
    sure = [r for r, doubt in zip(readings, suspect, strict=True) if not doubt]
    unsure = [r[:3] for r, doubt in zip(readings, suspect, strict=True) if doubt and r[2] >= TEXT_SCORE]
    heights = [b[3] - b[1] for b in (_bounds(r[0]) for r in sure if r[2] >= TEXT_SCORE)]
    if not heights:
        return [r[:3] for r in readings if r[2] >= TEXT_SCORE]
    line = float(np.median(heights))
    free = np.array(ink, dtype=bool)
    margin = round(0.3 * line)
    for quad, *_ in sure:
        x0, y0, x1, y1 = _bounds(quad)
        free[max(0, y0 - margin) : y1 + margin, max(0, x0 - margin) : x1 + margin] = False
    marks: Found = []
    for x0, y0, x1, y1 in _glyphs(free, line):
        mark = classify_mark(free[y0:y1, x0:x1])
        if mark:
            marks.append(([[x0, y0], [x1, y0], [x1, y1], [x0, y1]], mark, MARK_CONFIDENCE))
    taken = [_bounds(q) for q, _, _ in marks]
    kept = [_with_per_mille(ink, _with_leading_mark(ink, r, line), line)[:3] for r in sure if r[2] >= TEXT_SCORE]
    return kept + [f for f in unsure if not any(_overlaps(_bounds(f[0]), t) for t in taken)] + marks

"""Optimal one-to-one alignment of golden and predicted records.

Records are matched by the Hungarian algorithm (``scipy.optimize.linear_sum_assignment``) on a
similarity in [0, 1], never by position or name alone: project names repeat, and an extractor
that drops or adds one record must not shift every later comparison.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import TypeVar

import numpy as np
from rapidfuzz import fuzz
from scipy.optimize import linear_sum_assignment

from docnorm.eval.normalize import Value

G = TypeVar("G")
P = TypeVar("P")

MIN_SIMILARITY = 0.35  # below this a pair is not the same record: missing + spurious instead


def value_similarity(a: Value, b: Value) -> float:
    """1 for equal values, fuzzy ratio for texts, 0 for different numbers; ``None`` pairs are 1."""
    if a is None and b is None:
        return 1.0
    if a is None or b is None:
        return 0.0
    if isinstance(a, Decimal) or isinstance(b, Decimal):
        return 1.0 if a == b else 0.0
    return fuzz.ratio(a, b) / 100.0


def weighted_similarity(pairs: Sequence[tuple[float, Value, Value]]) -> float:
    """Weighted mean of value similarities; pairs where both sides are empty carry no weight."""
    num = den = 0.0
    for weight, a, b in pairs:
        if a is None and b is None:
            continue
        num += weight * value_similarity(a, b)
        den += weight
    return num / den if den else 1.0


def align(
    golden: Sequence[G],
    predicted: Sequence[P],
    similarity: Callable[[G, P], float],
    min_similarity: float = MIN_SIMILARITY,
) -> tuple[list[tuple[int, int]], list[int], list[int]]:
    """Return matched index pairs, unmatched golden indices and unmatched predicted indices.

    A small bonus for equal relative position breaks ties between identical records (same name,
    same amounts) so that their order decides, deterministically.
    """
    if not golden or not predicted:
        return [], list(range(len(golden))), list(range(len(predicted)))
    sim = np.zeros((len(golden), len(predicted)))
    for i, g in enumerate(golden):
        for j, p in enumerate(predicted):
            sim[i, j] = similarity(g, p)
    gpos = np.arange(len(golden))[:, None] / max(len(golden), 1)
    ppos = np.arange(len(predicted))[None, :] / max(len(predicted), 1)
    tie_break = 0.01 * (1.0 - np.abs(gpos - ppos))
    rows, cols = linear_sum_assignment(-(sim + tie_break))
    pairs = [(int(i), int(j)) for i, j in zip(rows, cols) if sim[i, j] >= min_similarity]
    matched_g = {i for i, _ in pairs}
    matched_p = {j for _, j in pairs}
    return (
        sorted(pairs),
        [i for i in range(len(golden)) if i not in matched_g],
        [j for j in range(len(predicted)) if j not in matched_p],
    )

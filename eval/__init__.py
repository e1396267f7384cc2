"""Evaluation: golden files, their fidelity check, scorers and benchmark runs."""

from __future__ import annotations

from docnorm.lazy import lazy_attributes

_PUBLIC = {
    "load_goldens": "docnorm.eval.score",
    "load_results": "docnorm.eval.score",
    "score_folder": "docnorm.eval.score",
    "score_results": "docnorm.eval.score",
    "BenchRunner": "docnorm.eval.bench",
    "load_matrix": "docnorm.eval.matrix",
    "check": "docnorm.eval.fidelity",
}
__all__ = sorted(_PUBLIC)

__getattr__ = lazy_attributes(__name__, _PUBLIC)

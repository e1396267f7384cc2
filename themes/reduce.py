"""Reducers: turn embeddings into dense, L2-normalised vectors of modest width."""

from __future__ import annotations

import logging
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.decomposition import TruncatedSVD
from sklearn.preprocessing import normalize

log = logging.getLogger(__name__)

EXACT_SVD_ROWS = 20_000


def _dense(matrix: Any) -> np.ndarray:
    return np.asarray(matrix.toarray() if sparse.issparse(matrix) else matrix, dtype=np.float32)


class SVDReducer:
    """TruncatedSVD (latent semantic analysis) for sparse TF-IDF: merges n-grams that co-occur,
    so 党组织/党员/党建 land close together. Dense input with few columns passes through."""

    def __init__(self, n_components: int = 100, seed: int = 0) -> None:
        self.n_components, self.seed = n_components, seed

    def reduce(self, matrix: Any) -> np.ndarray:
        n_rows, n_cols = matrix.shape
        dims = min(self.n_components, n_cols - 1, n_rows - 1)
        if dims < 2 or (not sparse.issparse(matrix) and n_cols <= self.n_components):
            return normalize(_dense(matrix))
        # exact (ARPACK) SVD up to 20k rows: seed-independent, so themes are stable across seeds.
        # In float64, and rows projected one by one (X·V, not U·Σ): ARPACK in float32 drifted by
        # ~1e-5 between calls in one process, so identical goals got slightly different vectors,
        # the clusterer's de-duplication missed them at random and k changed from run to run.
        algorithm = "arpack" if n_rows <= EXACT_SVD_ROWS else "randomized"
        svd = TruncatedSVD(n_components=dims, random_state=self.seed, algorithm=algorithm)
        data = matrix.astype(np.float64)
        reduced = svd.fit(data).transform(data)
        log.debug(
            "SVD %s -> %d dims, explained variance %.2f", matrix.shape, dims, float(svd.explained_variance_ratio_.sum())
        )
        return normalize(reduced).astype(np.float32)


class CentredReducer:
    """For sentence embeddings: subtract the mean vector, then L2-normalise. Sentence models give
    every text a large shared component (anisotropy), so all cosines sit high and close together;
    average linkage then chains and the silhouette is flat. Centring removes the shared part
    (measured on the development documents with m3e-small: AMI 0.008 -> 0.248 at the silhouette-knee k,
    0.565 with the stability k; eval/themes/README.md)."""

    def reduce(self, matrix: Any) -> np.ndarray:
        dense = _dense(matrix)
        mean = dense.mean(axis=0, keepdims=True) if len(dense) > 1 else np.zeros_like(dense[:1])
        return normalize(dense - mean).astype(np.float32)

"""Clusterers. Every vector gets its nearest theme centre: there is no outlier class; weak
assignments are flagged instead (see weak_flags).

Default (`AverageLinkClusterer`): average-linkage agglomerative clustering (cosine) of the
distinct vectors of a seeded sample of at most `sample_size` goals, then every goal (sampled or
not) goes to the nearest cluster centre. Memory is O(sample²) for the linkage plus O(n·d).

Number of themes, when not given (--k): by default the half-of-best silhouette knee — the
smallest k in [2, min(40, m // 4)] (m = distinct sampled goals) whose silhouette reaches half of
the best in that range, then one k further while that gains more than 0.05 (silhouette alone
keeps rising with k on these goals, so its maximum would always be the top of the range).

`k_criterion="stability"` (the default for sentence-model embeddings, opt-in for TF-IDF): the k
whose cut is best reproduced on random 80 % subsamples (mean ARI, over 10 seeded subsamples,
between the full tree's k-cut and the subsample tree's k-cut on the shared goals); cuts whose
largest cluster holds more than half the goals are not candidates. On TF-IDF vectors it picked k
within 0.03 AMI of the best k on the development documents, but on all 171 labelled goals it ran
to the top of its range (40 themes) without a held-out gain. Sentence-model vectors have a flat
silhouette curve (the knee stops at k=2), and there stability picked k=14 on the development
documents with m3e-small (see eval/themes/README.md).
"""

from __future__ import annotations

import logging
from typing import Any

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import pdist, squareform
from sklearn.cluster import KMeans, MiniBatchKMeans
from sklearn.metrics import adjusted_rand_score, silhouette_score
from sklearn.preprocessing import normalize

log = logging.getLogger(__name__)

FULL_KMEANS_LIMIT = 20_000
ASSIGN_BATCH = 20_000


def nearest_centre(vectors: np.ndarray, centres: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Label and cosine similarity of each vector's nearest centre, in batches (bounded memory)."""
    unit = normalize(centres)
    labels, scores = np.empty(len(vectors), dtype=int), np.empty(len(vectors), dtype=np.float32)
    for start in range(0, len(vectors), ASSIGN_BATCH):
        sim = vectors[start : start + ASSIGN_BATCH] @ unit.T
        labels[start : start + len(sim)] = sim.argmax(axis=1)
        scores[start : start + len(sim)] = sim.max(axis=1)
    return labels, scores


def _k_range(m: int, k_min: int, k_max: int | None) -> range:
    top = max(2, min(k_max or min(40, m // 4), m - 1))
    return range(min(max(2, k_min), top), top + 1)


def _cosine_tree(vectors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Condensed cosine distances and their average-linkage tree. A goal with no content words
    embeds as a zero vector: distance 1 (unrelated) to all."""
    distances = np.nan_to_num(pdist(vectors, metric="cosine"), nan=1.0)
    return distances, linkage(distances, method="average")


def stability_scores(
    vectors: np.ndarray, tree: np.ndarray, ks: range, resamples: int = 10, fraction: float = 0.8, seed: int = 0
) -> dict[int, float]:
    """Mean ARI per k between the full tree's cut and seeded subsample trees' cuts (shared rows)."""
    rng = np.random.default_rng(seed)
    full = {k: fcluster(tree, k, criterion="maxclust") for k in ks}
    # a cut that leaves most goals in one cluster is not a set of themes, yet it is trivially
    # stable (an outlier split off reproduces everywhere): such k are not candidates
    full = {k: cut for k, cut in full.items() if np.bincount(cut).max() <= len(cut) / 2} or full
    sums = dict.fromkeys(full, 0.0)
    size = max(3, int(round(fraction * len(vectors))))
    for _ in range(resamples):
        rows = np.sort(rng.choice(len(vectors), size, replace=False))
        _, sub_tree = _cosine_tree(vectors[rows])
        for k in full:
            sums[k] += adjusted_rand_score(full[k][rows], fcluster(sub_tree, k, criterion="maxclust"))
    return {k: total / max(resamples, 1) for k, total in sums.items()}


def silhouette_scores(distances: np.ndarray, tree: np.ndarray, ks: range) -> dict[int, float]:
    square = squareform(distances)
    scores = {}
    for k in ks:
        cut = fcluster(tree, k, criterion="maxclust")
        if 1 < len(set(cut)) < len(square):
            scores[k] = float(silhouette_score(square, cut, metric="precomputed"))
    return scores


def silhouette_knee(scores: dict[int, float], knee: float = 0.5, climb: float = 0.05) -> int | None:
    """The earlier criterion: smallest k reaching `knee` × best silhouette, then one k further
    at a time while that raises the silhouette by more than `climb`."""
    if not scores:
        return None
    best = max(scores.values())
    chosen = min(k for k, s in scores.items() if s >= knee * best)
    while chosen + 1 in scores and scores[chosen + 1] - scores[chosen] > climb:
        chosen += 1
    return chosen


class AverageLinkClusterer:
    def __init__(
        self,
        k: int | None = None,
        k_min: int = 2,
        k_max: int | None = None,
        sample_size: int = 4000,
        k_criterion: str = "silhouette_knee",
        resamples: int = 10,
        fraction: float = 0.8,
        knee: float = 0.5,
        climb: float = 0.05,
        seed: int = 0,
    ) -> None:
        self.k, self.k_min, self.k_max, self.knee, self.climb = k, k_min, k_max, knee, climb
        self.k_criterion, self.resamples, self.fraction = k_criterion, resamples, fraction
        self.sample_size, self.seed = sample_size, seed
        self.scores: dict[int, float] = {}
        self.chosen_k: int | None = None

    def _sample(self, vectors: np.ndarray) -> np.ndarray:
        rng = np.random.default_rng(self.seed)
        sample = (
            vectors
            if len(vectors) <= self.sample_size
            else vectors[np.sort(rng.choice(len(vectors), self.sample_size, replace=False))]
        )
        return np.unique(np.round(sample, 5), axis=0)  # duplicates would dominate silhouette

    def choose_k(self, distinct: np.ndarray, distances: np.ndarray, tree: np.ndarray) -> int:
        """`distances`: condensed cosine distances of the `distinct` sampled vectors."""
        ks = _k_range(len(distinct), self.k_min, self.k_max)
        if self.k_criterion == "silhouette_knee":
            self.scores = silhouette_scores(distances, tree, ks)
            chosen = silhouette_knee(self.scores, self.knee, self.climb)
        else:
            self.scores = stability_scores(distinct, tree, ks, self.resamples, self.fraction, self.seed)
            chosen = max(self.scores, key=lambda kk: self.scores[kk], default=None)
        if chosen is None:
            return min(2, len(distinct))
        log.info(
            "themes: k=%d (%s %.3f) over k=%d..%d",
            chosen,
            self.k_criterion,
            self.scores[chosen],
            min(self.scores),
            max(self.scores),
        )
        return chosen

    def cluster(self, vectors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        distinct = self._sample(vectors)
        if len(distinct) < 3:
            centre = vectors.mean(axis=0, keepdims=True)
            return np.zeros(len(vectors), dtype=int), centre
        distances, tree = _cosine_tree(distinct)
        k = min(self.k, len(distinct)) if self.k else self.choose_k(distinct, distances, tree)
        self.chosen_k = k
        cut = fcluster(tree, k, criterion="maxclust") - 1
        centres = np.stack([distinct[cut == c].mean(axis=0) for c in np.unique(cut)])
        labels, _ = nearest_centre(vectors, centres)
        return labels, centres.astype(np.float32)


class AutoKMeans:
    """Seeded k-means; k = silhouette maximum over the k range on a sample (measured alternative)."""

    def __init__(
        self, k: int | None = None, k_min: int = 2, k_max: int | None = None, sample_size: int = 2000, seed: int = 0
    ) -> None:
        self.k, self.k_min, self.k_max = k, k_min, k_max
        self.sample_size, self.seed = sample_size, seed
        self.scores: dict[int, float] = {}
        self.chosen_k: int | None = None

    def cluster(self, vectors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        n = len(vectors)
        rng = np.random.default_rng(self.seed)
        sample = vectors if n <= self.sample_size else vectors[rng.choice(n, self.sample_size, replace=False)]
        k = self.k
        if not k:
            for kk in _k_range(len(sample), self.k_min, self.k_max):
                lab = KMeans(kk, random_state=self.seed, n_init=4).fit_predict(sample)
                self.scores[kk] = float(silhouette_score(sample, lab, metric="cosine"))
            k = max(self.scores, key=lambda kk: self.scores[kk])
        self.chosen_k = k = min(k, n)
        model = (
            MiniBatchKMeans(k, random_state=self.seed, n_init=3, batch_size=4096)
            if n > FULL_KMEANS_LIMIT
            else KMeans(k, random_state=self.seed, n_init=4)
        ).fit(vectors)
        return model.predict(vectors), model.cluster_centers_.astype(np.float32)


def make_clusterer(method: str = "average", **kwargs: Any) -> AverageLinkClusterer | AutoKMeans:
    return AutoKMeans(**kwargs) if method == "kmeans" else AverageLinkClusterer(**kwargs)


def centre_scores(vectors: np.ndarray, labels: np.ndarray, centres: np.ndarray) -> np.ndarray:
    """Cosine similarity of each (normalised) vector to its own centre."""
    return np.einsum("ij,ij->i", vectors, normalize(centres)[labels])


def weak_flags(scores: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """Weak = below its theme's lower Tukey fence (Q1 − 1.5·IQR of the members' similarities) and
    at least 0.1 below the theme's median (tight themes have IQR ≈ 0): the goal still gets that
    theme (its nearest), but it is an outlier within it."""
    weak = np.zeros(len(scores), dtype=bool)
    for cid in np.unique(labels):
        members = labels == cid
        q1, median, q3 = np.percentile(scores[members], [25, 50, 75])
        weak[members] = scores[members] < min(q1 - 1.5 * (q3 - q1), median - 0.1)
    return weak

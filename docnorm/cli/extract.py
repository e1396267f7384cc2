"""`docnorm extract PATH... -o OUT`: the main job. The CLI owns progress bars and colour."""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

from docnorm.cli.llm_options import add_llm_arguments, settings_from_args
from docnorm.cli.xlsx import refresh_workbook
from docnorm.errors import InputError
from docnorm.extractor.backends import build_backend
from docnorm.extractor.batch import BatchSummary, expand_inputs, run_batch
from docnorm.fileio import write_atomic

if TYPE_CHECKING:
    from docnorm.extractor.readers import ReadOptions
    from docnorm.themes.pipeline import ThemeOptions


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "extract",
        help="extract documents to JSON and flat CSV tables",
        description="Extract budget performance-target tables from text files, PDFs and scans (files, folders or globs).",
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="files, folders or glob patterns")
    p.add_argument("-o", "--out", required=True, type=Path, help="output folder")
    p.add_argument(
        "--backend",
        choices=("offline", "llm", "hybrid"),
        default=None,
        help="offline (default without --base-url), llm, or hybrid (default with --base-url)",
    )
    add_llm_arguments(p)
    p.add_argument("--concurrency", type=int, default=4)
    p.add_argument("--themes", action="store_true", help="also tag project goals with themes (see docnorm themes)")
    p.add_argument(
        "--taxonomy",
        metavar="FILE",
        default=None,
        help="with --themes: assign goals to this YAML taxonomy's themes or 'other' (implies --themes)",
    )
    p.add_argument(
        "--theme-embedder",
        metavar="SPEC",
        default=None,
        help="with --themes: the embedder (default char12; see docnorm themes --help)",
    )
    p.add_argument("--ocr", choices=("auto", "always", "never"), default="auto",
                   help="PDF pages read by OCR: auto (pages without a text layer), always or never; images always")  # fmt: skip
    p.add_argument("--xlsx", action="store_true", help="also write OUT/tables.xlsx, the tables as one Excel workbook")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.set_defaults(handler=run)


def _print_summary(summary: BatchSummary, out: Path) -> None:
    from rich.console import Console
    from rich.markup import escape

    console = Console(stderr=True)
    statuses = Counter(r.status for r in summary.results)
    codes = Counter((f.severity, f.code) for r in summary.results for f in r.findings)
    console.print(
        f"[bold]{len(summary.results)} documents[/]: "
        + ", ".join(f"{n} {s}" for s, n in sorted(statuses.items()))
        + f" → {out}"
    )
    for (severity, code), n in sorted(codes.items(), key=lambda kv: (-kv[1], kv[0])):
        colour = {"error": "red", "warning": "yellow"}.get(severity, "dim")
        console.print(f"  [{colour}]{severity:7}[/] {code:26} {n}")
    for result in summary.failed:
        console.print(f"[red]failed[/] {result.findings[0].message}")
    for result in (r for r in summary.results if r.status == "partial"):
        lost = result.coverage.unplaced_chars + result.coverage.lost_chars if result.coverage else 0
        console.print(f"[yellow]partial[/] {escape(result.document)} ({lost} characters unplaced or lost)")


def _theme_options(args: argparse.Namespace) -> ThemeOptions | None:
    """Theme options for --themes/--taxonomy, the taxonomy read now: a bad file stops the command
    before the batch runs, not after it."""
    if not (args.themes or args.taxonomy):
        return None
    from docnorm.themes.guided import load_taxonomy
    from docnorm.themes.pipeline import ThemeOptions

    taxonomy = load_taxonomy(args.taxonomy) if args.taxonomy else None
    return ThemeOptions(embedder=args.theme_embedder, taxonomy=taxonomy)


def _tag_themes(out: Path, options: ThemeOptions) -> None:
    from rich.console import Console

    from docnorm.themes.pipeline import tag_output_folder

    try:
        result = tag_output_folder(out, options)
    except InputError as exc:  # e.g. every document failed: nothing to tag, the extraction stands
        Console(stderr=True).print(f"[yellow]themes skipped[/]: {exc}")
        return
    print(
        f"themes: {len(result.assignments)} goals, {sum(t.size > 0 for t in result.themes)} themes "
        f"({result.mode}) → {out / 'themes.csv'}"
    )


def _read_options(args: argparse.Namespace) -> ReadOptions:
    from docnorm.extractor.readers import ReadOptions

    return ReadOptions(ocr=args.ocr)


def run(args: argparse.Namespace) -> int:
    paths = expand_inputs(args.paths)
    theme_options = _theme_options(args)
    kind = args.backend or ("hybrid" if args.base_url else "offline")
    backend = build_backend(kind, settings_from_args(args, kind, args.out) if kind != "offline" else None)
    show = not args.no_progress and sys.stderr.isatty()
    if show:
        from rich.progress import Progress

        with Progress(transient=True) as progress:
            task = progress.add_task("extracting", total=len(paths))
            summary = run_batch(backend, paths, args.out, lambda _: progress.advance(task), _read_options(args))
    else:
        summary = run_batch(backend, paths, args.out, read_options=_read_options(args))
    if (summary_of := getattr(backend, "summary", None)) is not None:
        # in a subfolder: OUT/*.json are the documents' results, and tools read them as such
        write_atomic(args.out / "llm" / "usage.json", json.dumps(summary_of(), ensure_ascii=False, indent=2) + "\n")
    _print_summary(summary, args.out)
    if theme_options is not None:
        _tag_themes(args.out, theme_options)
    refresh_workbook(args.out, create=args.xlsx)
    return 1 if summary.failed else 0

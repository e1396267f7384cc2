"""`docnorm extract PATH... -o OUT`: the main job. The CLI owns progress bars and colour."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from docnorm.cli import terminal
from docnorm.cli.llm_options import add_llm_arguments, refuse_unused_llm_flags, settings_from_args
from docnorm.cli.signals import raise_if_terminated, terminate_as_interrupt
from docnorm.cli.xlsx import refresh_workbook
from docnorm.errors import InputError
from docnorm.extractor.backends import build_backend
from docnorm.extractor.batch import BatchOptions, BatchSummary, run_batch
from docnorm.extractor.inputs import Inputs, available_cores, expand_inputs
from docnorm.fileio import write_atomic

if TYPE_CHECKING:
    from docnorm.extractor.backends import Backend
    from docnorm.extractor.readers import ReadOptions
    from docnorm.llm.settings import Settings
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
    p.add_argument("--concurrency", type=int, default=4, help="LLM requests in flight (llm, hybrid)")
    p.add_argument(
        "--workers",
        type=_positive_int,
        default=None,
        metavar="N",
        help="documents extracted in parallel processes (default: the machine's cores; offline backend)",
    )
    p.add_argument("--indent", type=int, default=None, metavar="N", help="indent the JSON results (default: compact)")
    p.add_argument(
        "--force", action="store_true", help="re-extract every document (default: reuse the unchanged ones of OUT)"
    )
    p.add_argument("--strict", action="store_true", help="exit status 1 when a document is partial, not only failed")
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
    p.add_argument(
        "--csv-bom",
        action="store_true",
        help="start every CSV with a UTF-8 byte-order mark: Excel then opens it as UTF-8 instead of "
        "showing mojibake (other programs read it as well; off by default for scripts that compare bytes)",
    )
    p.add_argument(
        "--headers",
        choices=("en", "zh"),
        default="en",
        help="language of the CSV and workbook header rows: en (column keys, default) or zh (中文表头)",
    )
    p.add_argument("--ocr", choices=("auto", "always", "never"), default="auto",
                   help="PDF pages read by OCR: auto (pages without a text layer), always or never; images always")  # fmt: skip
    p.add_argument("--xlsx", action="store_true", help="also write OUT/tables.xlsx, the tables as one Excel workbook")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.set_defaults(handler=run)


def _positive_int(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return number


def _print_summary(summary: BatchSummary, out: Path) -> None:
    from rich.markup import escape

    console = terminal.console()
    reused = f" ({summary.reused} unchanged, reused)" if summary.reused else ""
    console.print(
        f"[bold]{summary.documents} documents[/]: "
        + ", ".join(f"{n} {s}" for s, n in sorted(summary.statuses.items()))
        + f"{reused} → {escape(str(out))}"
    )
    for (severity, code), n in sorted(summary.codes.items(), key=lambda kv: (-kv[1], kv[0])):
        colour = {"error": "red", "warning": "yellow"}.get(severity, "dim")
        console.print(f"  [{colour}]{severity:7}[/] {code:26} {n}")
    for skipped in summary.skipped:
        console.print(f"[yellow]skipped[/] {escape(skipped.path)}: {skipped.reason}")
    for message in summary.failures:
        console.print(f"[red]failed[/] {escape(message)}")
    for document, lost in summary.partial:
        why = "coverage not computed" if lost is None else f"{lost} characters unplaced or lost"
        console.print(f"[yellow]partial[/] {escape(document)} ({why})")
    if summary.stale_moved:
        console.print(
            f"[yellow]moved[/] {summary.stale_moved} result(s) of an earlier batch to {escape(str(out))}/stale/"
        )
    if summary.foreign_json:
        console.print(
            f"[yellow]note[/] {summary.foreign_json} other .json file(s) in {escape(str(out))} are not from this "
            "batch and are ignored (batch.json lists this batch)"
        )


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
    from rich.markup import escape

    from docnorm.themes.pipeline import tag_output_folder

    try:
        result = tag_output_folder(out, options)
    except InputError as exc:  # e.g. every document failed: nothing to tag, the extraction stands
        terminal.console().print(f"[yellow]themes skipped[/]: {escape(str(exc))}")
        return
    print(
        f"themes: {len(result.assignments)} goals, {sum(t.size > 0 for t in result.themes)} themes "
        f"({result.mode}) → {out / 'themes.csv'}"
    )


def _batch_options(args: argparse.Namespace, kind: str, settings: Settings | None) -> BatchOptions:
    fingerprint = {"backend": kind, "ocr": args.ocr, **(settings.fingerprint() if settings else {})}
    from docnorm.extractor.export import TableFormat

    workers = args.workers or available_cores()
    return BatchOptions(
        workers=workers,
        indent=args.indent,
        force=args.force,
        fingerprint=fingerprint,
        tables=TableFormat(headers=args.headers, bom=args.csv_bom),
        read_options=_read_options(args, workers),
        worker_setup=terminal.guard_worker,
    )


def _run_batch(args: argparse.Namespace, backend: Backend, inputs: Inputs, options: BatchOptions) -> BatchSummary:
    if args.no_progress or not sys.stderr.isatty():
        return run_batch(
            backend,
            inputs.files,
            args.out,
            options,
            on_document=lambda _: raise_if_terminated(),
            skipped=inputs.skipped,
        )
    from rich.progress import Progress

    with Progress(console=terminal.console(), transient=True) as progress:
        task = progress.add_task("extracting", total=len(inputs.files))

        def advance(_: object) -> None:
            raise_if_terminated()
            progress.advance(task)

        return run_batch(backend, inputs.files, args.out, options, on_document=advance, skipped=inputs.skipped)


def _read_options(args: argparse.Namespace, workers: int) -> ReadOptions:
    """Reading options; with several workers each OCR model gets its share of the cores."""
    from docnorm.extractor.readers import ReadOptions

    threads = max(1, available_cores() // workers) if workers > 1 else None
    return ReadOptions(ocr=args.ocr, ocr_threads=threads)


def run(args: argparse.Namespace) -> int:
    inputs = expand_inputs(args.paths)
    theme_options = _theme_options(args)
    kind = args.backend or ("hybrid" if args.base_url else "offline")
    if kind == "offline":
        refuse_unused_llm_flags(args, "--backend llm or hybrid, or --base-url")
    settings = settings_from_args(args, kind, args.out) if kind != "offline" else None
    backend = build_backend(kind, settings)
    if (check := getattr(backend, "check", None)) is not None:
        check()  # a dead endpoint or a refused key stops the run before any document
    options = _batch_options(args, kind, settings)
    with terminate_as_interrupt():
        summary = _run_batch(args, backend, inputs, options)
    if (summary_of := getattr(backend, "summary", None)) is not None:
        # in a subfolder: OUT/*.json are the documents' results, and tools read them as such
        write_atomic(args.out / "llm" / "usage.json", json.dumps(summary_of(), ensure_ascii=False, indent=2) + "\n")
    _print_summary(summary, args.out)
    if theme_options is not None:
        _tag_themes(args.out, theme_options)
    refresh_workbook(args.out, create=args.xlsx)
    return 1 if summary.statuses["failed"] or (args.strict and summary.statuses["partial"]) else 0

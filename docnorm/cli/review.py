"""`docnorm review OUT [SOURCE...]`: HTML review pages of an output folder of `docnorm extract`."""

from __future__ import annotations

import argparse
import logging
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)


def register(subparsers: argparse._SubParsersAction) -> None:
    r = subparsers.add_parser(
        "review",
        help="HTML pages showing each document's source with the extracted values highlighted",
        description="Write OUT/review/index.html and one self-contained page per document result in OUT. "
        "SOURCE: the inputs given to `docnorm extract` (files, folders, globs); a result's source is found "
        "by its file name. Without SOURCE the pages show the records only.",
    )
    r.add_argument("out", type=Path, metavar="OUT", help="output folder of `docnorm extract`")
    r.add_argument("sources", nargs="*", metavar="SOURCE", help="the input documents (files, folders or globs)")
    r.add_argument(
        "--compare",
        type=Path,
        metavar="OTHER",
        help="another output folder of the same documents (e.g. the LLM run beside the offline one): "
        "each page lists the fields on which the two results differ",
    )
    r.set_defaults(handler=run_review)


def read_sources(specs: list[str]) -> dict[str, str]:
    """Document name -> decoded text, decoded as extract decodes it (so offsets agree)."""
    from docnorm.errors import InputError
    from docnorm.extractor.inputs import expand_inputs
    from docnorm.extractor.readers.text import read_document

    texts: dict[str, str] = {}
    for item in expand_inputs(specs).files if specs else []:
        try:
            texts[item.key] = read_document(item.path).text
        except InputError as exc:
            log.warning("%s", exc)
    return texts


def differences(out: Path, other: Path) -> dict[str, list[dict[str, Any]]]:
    """Document name -> the fields on which OUT's and OTHER's results differ (eval's aligner)."""
    from docnorm.eval.agreement import compare_folders

    return {
        score.document: [
            {"path": d.path, "field": d.field, "here": d.golden, "there": d.predicted, "outcome": d.outcome}
            for d in score.diffs
            if d.outcome != "correct"
        ]
        for score in compare_folders(out, other).documents
    }


def run_review(args: argparse.Namespace) -> int:
    from docnorm.review import write_review

    diffs = differences(args.out, args.compare) if args.compare else None
    written = write_review(args.out, read_sources(args.sources), diffs, str(args.compare or ""))
    print(f"{written[0]} ({len(written) - 1} document pages)")
    return 0

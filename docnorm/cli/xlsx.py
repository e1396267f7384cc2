"""`docnorm xlsx OUT`: (re)build OUT/tables.xlsx from the CSV tables of an output folder."""

from __future__ import annotations

import argparse
from pathlib import Path


def register(subparsers: argparse._SubParsersAction) -> None:
    x = subparsers.add_parser(
        "xlsx",
        help="(re)build OUT/tables.xlsx from the CSV tables of an output folder",
        description="Write OUT/tables.xlsx, one sheet per CSV table in OUT (e.g. after `docnorm themes OUT`).",
    )
    x.add_argument("out", type=Path, metavar="OUT", help="output folder of `docnorm extract`")
    x.set_defaults(handler=run_xlsx)


def refresh_workbook(out_dir: Path, create: bool = False) -> Path | None:
    """Rebuild OUT/tables.xlsx after its CSVs changed: when `create`, or when one is already there
    (a workbook never lags behind its CSVs). Returns its path, or None when there is none."""
    from docnorm.extractor.workbook import WORKBOOK_NAME, write_workbook  # lazy: openpyxl

    if not (create or (out_dir / WORKBOOK_NAME).exists()):
        return None
    return write_workbook(out_dir)


def run_xlsx(args: argparse.Namespace) -> int:
    from docnorm.extractor.workbook import write_workbook

    print(write_workbook(args.out))
    return 0

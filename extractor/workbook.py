"""`OUT/tables.xlsx`: the CSV tables of an output folder as one Excel workbook.

The workbook is built from the CSV files themselves, so it always matches them (theme columns
included once `docnorm themes` ran). Declared numeric columns become numbers shown as printed
(20.00 stays 20.00); every other cell is text exactly as in the CSV, without the quote the CSV
puts before a formula-like text (docnorm.fileio.csv_value): a string cell is never a formula."""

from __future__ import annotations

import csv
import logging
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from docnorm.errors import DocnormError, InputError
from docnorm.fileio import atomic_target, csv_value, open_csv
from docnorm.schemas.form_p import FUND_SHARES
from docnorm.schemas.headers import column_keys

if TYPE_CHECKING:
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

log = logging.getLogger(__name__)

WORKBOOK_NAME = "tables.xlsx"
SHEETS = ("projects", "indicators", "department_indicators", "findings", "themes")  # OUT/<sheet>.csv, in order
# amounts, positions, finding locations, normalized target values, theme scores and sizes
NUMERIC_COLUMNS = frozenset(
    {
        "total",
        "fiscal",
        "special",
        "other",
        "total_wan",
        "project_total",
        "superior",
        *FUND_SHARES,
        "budget_adjusted",
        "budget_executed",
        "budget_score",
        "weight_total",
        "score_total",
        "actual_value",
        "score",
        "weight",
        "project_no",
        "indicator_no",
        "indicator_count",
        "line",
        "column",
        "annual_value",
        "target_value",
        "theme_score",
        "size",
    }
)
MAX_ROWS = 1_048_576  # Excel's limit per sheet, header included
MAX_CELL_CHARS = 32_767  # Excel's limit per cell
MAX_DIGITS = 15  # a double keeps 15 significant digits; longer numbers stay text
_NUMBER_RE = re.compile(r"[+-]?(?P<int>\d+)(?:\.(?P<frac>\d+))?(?P<exp>[eE][+-]?\d+)?")
_BOLD = Font(bold=True)
_WRAP = Alignment(wrap_text=True, vertical="top")
MIN_WIDTH, MAX_WIDTH = 6, 60  # column widths in Excel's units (about one Latin character; CJK counts 2)


def write_workbook(out_dir: Path) -> Path:
    """Write OUT/tables.xlsx with one sheet per table CSV present in `out_dir`; return its path."""
    out_dir = Path(out_dir)
    sources = [(name, out_dir / f"{name}.csv") for name in SHEETS if (out_dir / f"{name}.csv").is_file()]
    if not sources:
        problem = (
            "no such folder"
            if not out_dir.is_dir()
            else "no output tables ("
            + ", ".join(f"{name}.csv" for name in SHEETS)
            + ") in this folder; run `docnorm extract` first"
        )
        raise InputError(problem, document=str(out_dir))
    widths = {csv_path: _survey(csv_path) for _, csv_path in sources}
    stats: Counter[str] = Counter()
    wb = Workbook(write_only=True)
    for name, csv_path in sources:
        _write_sheet(wb.create_sheet(title=name), csv_path, widths[csv_path], stats)
    path = out_dir / WORKBOOK_NAME
    with atomic_target(path) as tmp:
        wb.save(tmp)
    if stats["illegal"]:
        log.warning("%s: removed %d control characters Excel does not accept", path, stats["illegal"])
    if stats["truncated"]:
        log.warning("%s: cut %d cells to Excel's %d characters", path, stats["truncated"], MAX_CELL_CHARS)
    log.info("wrote %s (%s)", path, ", ".join(name for name, _ in sources))
    return path


def _write_sheet(ws: WriteOnlyWorksheet, csv_path: Path, widths: list[int], stats: Counter[str]) -> None:
    """Stream one CSV into a sheet: bold frozen header, autofilter over the table, each column as
    wide as its longest line up to MAX_WIDTH, text wrapped in the columns that reach it."""
    ws.freeze_panes = "A2"  # sheet views and column widths are written before the first row
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    wrap = [w >= MAX_WIDTH for w in widths]
    with open_csv(csv_path) as handle:  # quoted line breaks stay in their cell
        rows = csv.reader(handle)
        header = next(rows, None)
        if header is None:
            log.warning("%s: empty file; its sheet is empty", csv_path)
            return
        ws.append([_header_cell(ws, _text(ws, h, stats)) for h in header])
        numeric = [k in NUMERIC_COLUMNS for k in column_keys(header)]  # the header may be Chinese
        count = 1
        for row in rows:
            ws.append(list(_cells(ws, row, numeric, wrap, stats)))
            count += 1
    if header:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(header))}{count}"


def display_width(text: str) -> int:
    """Width of the longest line, wide (CJK) characters counted twice."""
    return max(
        (sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line) for line in text.split("\n")), default=0
    )


def _survey(csv_path: Path) -> list[int]:
    """A first, cheap pass before anything is written: refuse a table longer than a sheet, and
    measure each column's width (header and values, MIN_WIDTH to MAX_WIDTH)."""
    widths: list[int] = []
    count = 0
    with open_csv(csv_path) as handle:
        for row in csv.reader(handle):
            count += 1
            widths += [0] * (len(row) - len(widths))
            for i, value in enumerate(row):
                if widths[i] < MAX_WIDTH:
                    widths[i] = max(widths[i], display_width(value) + 2)
    if count > MAX_ROWS:
        raise DocnormError(
            f"{count - 1:,} rows, more than the {MAX_ROWS - 1:,} of an Excel sheet "
            "(the CSV is complete; split the batch for a workbook)",
            document=str(csv_path),
        )
    return [min(max(w, MIN_WIDTH), MAX_WIDTH) for w in widths]


def _header_cell(ws: WriteOnlyWorksheet, value: str | Cell) -> Cell:
    cell = WriteOnlyCell(ws, value) if isinstance(value, str) else value
    cell.font = _BOLD
    return cell


def _cells(
    ws: WriteOnlyWorksheet, row: list[str], numeric: list[bool], wrap: list[bool], stats: Counter[str]
) -> Iterator[object]:
    for i, cell in enumerate(row):
        value = csv_value(cell)  # the text itself, without the quote the CSV puts before a formula
        if value == "":
            yield None
        elif i < len(numeric) and numeric[i] and (number := _number(value)) is not None:
            yield _number_cell(ws, *number)
        elif i < len(wrap) and wrap[i]:
            yield _wrapped(ws, _text(ws, value, stats))
        else:
            yield _text(ws, value, stats)


def _wrapped(ws: WriteOnlyWorksheet, value: str | Cell) -> Cell:
    cell = WriteOnlyCell(ws, value) if isinstance(value, str) else value
    cell.alignment = _WRAP
    return cell


def _number(text: str) -> tuple[int | float, str | None] | None:
    """(value, number format showing it as printed) when `text` is a plain finite number, else None."""
    match = _NUMBER_RE.fullmatch(text)
    if match is None or len((match["int"] + (match["frac"] or "")).lstrip("0")) > MAX_DIGITS:
        return None
    if match["frac"] is None and match["exp"] is None:
        return int(text), None
    value = float(text)
    if not math.isfinite(value):
        return None
    return value, ("0." + "0" * len(match["frac"]) if match["frac"] and not match["exp"] else None)


def _number_cell(ws: WriteOnlyWorksheet, value: int | float, number_format: str | None) -> int | float | Cell:
    if number_format is None:
        return value
    cell = WriteOnlyCell(ws, value)
    cell.number_format = number_format
    return cell


def _text(ws: WriteOnlyWorksheet, value: str, stats: Counter[str]) -> str | Cell:
    """The text as a string cell: never a formula or an error code, without characters Excel rejects."""
    value, removed = ILLEGAL_CHARACTERS_RE.subn("", value)
    stats["illegal"] += removed
    if len(value) > MAX_CELL_CHARS:
        value = value[:MAX_CELL_CHARS]
        stats["truncated"] += 1
    if not (value.startswith("=") or value in ERROR_CODES):
        return value
    cell = WriteOnlyCell(ws, value)
    cell.data_type = "s"  # openpyxl would make "=…" a formula and "#N/A" an error
    return cell

"""Stage 7 — export: per-document JSON and batch-wide flat CSV tables, written atomically."""
from __future__ import annotations

import csv
import io
import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterable, Iterator, Sequence

from schemas.document import DocumentResult
from schemas.form_a import FormADocument
from schemas.form_b import FormBDocument

PROJECT_COLUMNS = ["document", "unit", "project_no", "project", "total", "fiscal", "special", "other", "goal",
                   "indicator_count", "status"]
INDICATOR_COLUMNS = ["document", "project_no", "indicator_no", "level1_code", "level1", "level2_code", "level2",
                     "indicator", "period_target", "annual_target", "printed_no", "annual_comparator",
                     "annual_value", "annual_unit", "annual_kind"]
DEPARTMENT_COLUMNS = ["document", "department", "indicator_no", "level1", "level2", "indicator", "measure", "target",
                      "target_comparator", "target_value", "target_unit", "target_kind"]
FINDING_COLUMNS = ["document", "severity", "code", "line", "column", "record", "message"]
WORKBOOK_NAME = "tables.xlsx"  # extractor.workbook: the tables as one Excel workbook


@contextmanager
def atomic_target(path: Path) -> Iterator[Path]:
    """A temporary file in the folder of `path` to write to; on success it is renamed over `path`, so
    readers never see half a file. The file keeps the mode of the one it replaces, else 0644 (mkstemp
    would leave it 0600). On any error the temporary file is removed and `path` is untouched."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        yield Path(tmp)
        os.chmod(tmp, path.stat().st_mode & 0o777 if path.exists() else 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_atomic(path: Path, data: str) -> None:
    """Write UTF-8 text atomically (see atomic_target)."""
    with atomic_target(path) as tmp, tmp.open("w", encoding="utf-8", newline="") as handle:
        handle.write(data)


def refresh_workbook(out_dir: Path, create: bool = False) -> Path | None:
    """Rebuild OUT/tables.xlsx after its CSVs changed: when `create`, or when one is already there
    (a workbook never lags behind its CSVs). Returns its path, or None when there is none."""
    if not (create or (out_dir / WORKBOOK_NAME).exists()):
        return None
    from extractor.workbook import write_workbook  # lazy: openpyxl only when a workbook is wanted

    return write_workbook(out_dir)


def csv_text(columns: Iterable[str], rows: Iterable[Iterable[object]]) -> str:
    """CSV with \\n line ends; None is written as an empty cell (the csv module's own rule)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(list(columns))
    writer.writerows(rows)
    return buffer.getvalue()


def json_name(result: DocumentResult) -> str:
    return Path(result.document).stem + ".json"


def write_document(result: DocumentResult, out_dir: Path) -> Path:
    path = out_dir / json_name(result)
    write_atomic(path, result.model_dump_json(indent=2, exclude_none=False) + "\n")
    return path


def project_rows(result: DocumentResult) -> Iterable[list[object]]:
    if not isinstance(result.content, FormADocument):
        return
    for p in result.content.projects:
        yield [result.document, p.unit, p.position, p.name, p.total, p.fiscal, p.special, p.other, p.goal,
               len(p.indicators), result.status]


def indicator_rows(result: DocumentResult) -> Iterable[list[object]]:
    if not isinstance(result.content, FormADocument):
        return
    for p in result.content.projects:
        for i in p.indicators:
            norm = i.annual_target.normalized if i.annual_target else None
            yield [result.document, p.position, i.position, i.level1_code, i.level1, i.level2_code, i.level2, i.name,
                   i.period_target.raw if i.period_target else None, i.annual_target.raw if i.annual_target else None,
                   i.printed_no, norm and norm.comparator, norm and norm.value, norm and norm.unit, norm and norm.kind]


def department_rows(result: DocumentResult) -> Iterable[list[object]]:
    if not isinstance(result.content, FormBDocument):
        return
    for i in result.content.indicators:
        norm = i.target.normalized if i.target else None
        yield [result.document, result.content.department, i.position, i.level1, i.level2, i.name, i.measure,
               i.target.raw if i.target else None, norm and norm.comparator, norm and norm.value,
               norm and norm.unit, norm and norm.kind]


def finding_rows(result: DocumentResult) -> Iterable[list[object]]:
    for f in result.findings:
        loc = f.location
        yield [result.document, f.severity, f.code, loc and loc.line, loc and loc.column, loc and loc.record, f.message]


def write_tables(results: Sequence[DocumentResult], out_dir: Path) -> list[Path]:
    tables = {
        "projects.csv": (PROJECT_COLUMNS, project_rows),
        "indicators.csv": (INDICATOR_COLUMNS, indicator_rows),
        "department_indicators.csv": (DEPARTMENT_COLUMNS, department_rows),
        "findings.csv": (FINDING_COLUMNS, finding_rows),
    }
    written = []
    for name, (columns, rows_of) in tables.items():
        path = out_dir / name
        write_atomic(path, csv_text(columns, (row for r in results for row in rows_of(r))))
        written.append(path)
    return written

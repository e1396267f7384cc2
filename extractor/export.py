"""Stage 7 — export: per-document JSON and batch-wide flat CSV tables, written atomically."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, TextIO

from docnorm.extractor.export_p import (
    INDICATOR_EXTRA,
    PROJECT_EXTRA,
    form_p_indicator_rows,
    form_p_project_rows,
    in_wan,
    target_cells,
)
from docnorm.fileio import CsvWriter, atomic_target, csv_lines, csv_writer
from docnorm.schemas.document import DocumentResult
from docnorm.schemas.form_a import FormADocument
from docnorm.schemas.form_b import FormBDocument
from docnorm.schemas.headers import header_names
from docnorm.schemas.overview import COUNTED_PARTS, DOCUMENT_COLUMNS, document_counts

PROJECT_COLUMNS = [
    "document",
    "unit",
    "project_no",
    "project",
    "total",
    "fiscal",
    "special",
    "other",
    "money_unit",  # the unit the document prints its amounts in (万元 on the Guangzhou forms)
    "goal",
    "indicator_count",
    "status",
    *PROJECT_EXTRA,
]
INDICATOR_COLUMNS = [
    "document",
    "project_no",
    "indicator_no",
    "level1_code",
    "level1",
    "level2_code",
    "level2",
    "indicator",
    "period_target",
    "annual_target",
    "printed_no",
    "annual_comparator",
    "annual_value",
    "annual_unit",
    "annual_kind",
    *INDICATOR_EXTRA,
]
DEPARTMENT_COLUMNS = [
    "document",
    "department",
    "indicator_no",
    "level1",
    "level2",
    "indicator",
    "measure",
    "target",
    "target_comparator",
    "target_value",
    "target_unit",
    "target_kind",
]
FINDING_COLUMNS = ["document", "severity", "code", "line", "column", "record", "message", "page"]


def project_rows(result: DocumentResult) -> Iterable[list[object]]:
    yield from form_p_project_rows(result)
    if not isinstance(result.content, FormADocument):
        return
    money_unit, department = result.content.money_unit, result.content.department
    tail = [None] * (len(PROJECT_EXTRA) - 3)  # Form A prints no attribute, period, ... per project
    for p in result.content.projects:
        yield [
            result.document,
            p.unit,
            p.position,
            p.name,
            p.total,
            p.fiscal,
            p.special,
            p.other,
            money_unit,
            p.goal,
            len(p.indicators),
            result.status,
            "A",
            in_wan(p.total, money_unit),
            department,  # the document's 部门名称, the same for each of its projects
            *tail,
        ]


def indicator_rows(result: DocumentResult) -> Iterable[list[object]]:
    yield from form_p_indicator_rows(result)
    if not isinstance(result.content, FormADocument):
        return
    tail = [None] * len(INDICATOR_EXTRA)
    for p in result.content.projects:
        for i in p.indicators:
            yield [
                result.document,
                p.position,
                i.position,
                i.level1_code,
                i.level1,
                i.level2_code,
                i.level2,
                i.name,
                *target_cells(i.period_target, i.annual_target, i.printed_no),
                *tail,
            ]


def department_rows(result: DocumentResult) -> Iterable[list[object]]:
    if not isinstance(result.content, FormBDocument):
        return
    for i in result.content.indicators:
        norm = i.target.normalized if i.target else None
        yield [
            result.document,
            result.content.department,
            i.position,
            i.level1,
            i.level2,
            i.name,
            i.measure,
            i.target.raw if i.target else None,
            norm and norm.comparator,
            norm and norm.value,
            norm and norm.unit,
            norm and norm.kind,
        ]


def finding_rows(result: DocumentResult) -> Iterable[list[object]]:
    for f in result.findings:
        loc = f.location
        yield [
            result.document,
            f.severity,
            f.code,
            loc and loc.line,
            loc and loc.column,
            loc and loc.record,
            f.message,
            loc and loc.page,
        ]


def document_rows(result: DocumentResult) -> Iterable[list[object]]:
    counts = document_counts(result.model_dump(mode="json", include=COUNTED_PARTS))
    yield [counts[c] for c in DOCUMENT_COLUMNS]


TABLES: dict[str, tuple[Sequence[str], Callable[[DocumentResult], Iterable[list[object]]]]] = {
    "projects.csv": (PROJECT_COLUMNS, project_rows),
    "indicators.csv": (INDICATOR_COLUMNS, indicator_rows),
    "department_indicators.csv": (DEPARTMENT_COLUMNS, department_rows),
    "findings.csv": (FINDING_COLUMNS, finding_rows),
    "documents.csv": (DOCUMENT_COLUMNS, document_rows),
}
TableRows = dict[str, list[list[object]]]


TableText = dict[str, str]  # one document's CSV lines per table, made where it was extracted


class RowBatches(Protocol):
    """Rows by table: a document's `TableRows`, or a long document's spooled batches."""

    def items(self) -> Iterable[tuple[str, list[list[object]]]]: ...


def table_text(rows: TableRows) -> TableText:
    """A document's rows as the CSV lines the tables get (made safe: `csv_lines`)."""
    return {name: csv_lines(table) for name, table in rows.items() if table}


def table_rows(result: DocumentResult) -> TableRows:
    """One document's rows of every batch table (computed where the document was extracted)."""
    return {name: list(rows_of(result)) for name, (_, rows_of) in TABLES.items()}


def result_json(result: DocumentResult, indent: int | None = None) -> str:
    """The JSON result: compact by default (a large document's indented JSON is several times its size)."""
    return result.model_dump_json(indent=indent, exclude_none=False) + "\n"


@dataclass(frozen=True)
class TableFormat:
    """How the CSV tables are written for the people who open them: the header row's language
    (docnorm.schemas.headers) and a UTF-8 byte-order mark, which Excel needs to read UTF-8."""

    headers: str = "en"
    bom: bool = False


class TableWriter:
    """The batch's CSV tables, appended document by document to temporary files that replace the
    old tables only when the whole batch is done (`commit`); an interrupted batch leaves the old
    tables as they were and no temporary file behind."""

    def __init__(self, out_dir: Path, table_format: TableFormat | None = None) -> None:
        self.format = table_format or TableFormat()
        self.paths = [out_dir / name for name in TABLES]
        self._stack = ExitStack()
        self._writers: dict[str, CsvWriter] = {}
        self._handles: dict[str, TextIO] = {}

    def __enter__(self) -> TableWriter:
        try:
            for path, (columns, _) in zip(self.paths, TABLES.values(), strict=True):
                tmp = self._stack.enter_context(atomic_target(path))
                encoding = "utf-8-sig" if self.format.bom else "utf-8"
                handle = self._stack.enter_context(tmp.open("w", encoding=encoding, newline=""))
                self._handles[path.name] = handle
                self._writers[path.name] = csv_writer(handle)
                self._writers[path.name].writerow(header_names(columns, self.format.headers))
        except BaseException:
            self._stack.__exit__(*sys.exc_info())
            raise
        return self

    def add(self, rows: RowBatches | TableText) -> None:
        for name, table in rows.items():
            if isinstance(table, str):
                self._handles[name].write(table)
            else:
                self._writers[name].writerows(table)

    def __exit__(self, *exc: object) -> None:
        self._stack.__exit__(*exc)  # type: ignore[arg-type]

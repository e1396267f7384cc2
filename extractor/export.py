"""Stage 7 — export: per-document JSON and batch-wide flat CSV tables, written atomically."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from docnorm.extractor.export_p import (
    INDICATOR_EXTRA,
    PROJECT_EXTRA,
    form_p_indicator_rows,
    form_p_project_rows,
    in_wan,
)
from docnorm.fileio import csv_text, write_atomic
from docnorm.schemas.document import DocumentResult
from docnorm.schemas.form_a import FormADocument
from docnorm.schemas.form_b import FormBDocument
from docnorm.schemas.overview import DOCUMENT_COLUMNS, document_counts

PROJECT_COLUMNS = [
    "document",
    "unit",
    "project_no",
    "project",
    "total",
    "fiscal",
    "special",
    "other",
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


def json_name(result: DocumentResult) -> str:
    return Path(result.document).stem + ".json"


def write_document(result: DocumentResult, out_dir: Path) -> Path:
    path = out_dir / json_name(result)
    write_atomic(path, result.model_dump_json(indent=2, exclude_none=False) + "\n")
    return path


def project_rows(result: DocumentResult) -> Iterable[list[object]]:
    yield from form_p_project_rows(result)
    if not isinstance(result.content, FormADocument):
        return
    money_unit = result.content.money_unit
    tail = [None] * (len(PROJECT_EXTRA) - 3)
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
            p.goal,
            len(p.indicators),
            result.status,
            "A",
            money_unit,
            in_wan(p.total, money_unit),
            *tail,
        ]


def indicator_rows(result: DocumentResult) -> Iterable[list[object]]:
    yield from form_p_indicator_rows(result)
    if not isinstance(result.content, FormADocument):
        return
    tail = [None] * len(INDICATOR_EXTRA)
    for p in result.content.projects:
        for i in p.indicators:
            norm = i.annual_target.normalized if i.annual_target else None
            yield [
                result.document,
                p.position,
                i.position,
                i.level1_code,
                i.level1,
                i.level2_code,
                i.level2,
                i.name,
                i.period_target.raw if i.period_target else None,
                i.annual_target.raw if i.annual_target else None,
                i.printed_no,
                norm and norm.comparator,
                norm and norm.value,
                norm and norm.unit,
                norm and norm.kind,
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
    counts = document_counts(result.model_dump(mode="json"))
    yield [counts[c] for c in DOCUMENT_COLUMNS]


def write_tables(results: Sequence[DocumentResult], out_dir: Path) -> list[Path]:
    tables = {
        "projects.csv": (PROJECT_COLUMNS, project_rows),
        "indicators.csv": (INDICATOR_COLUMNS, indicator_rows),
        "department_indicators.csv": (DEPARTMENT_COLUMNS, department_rows),
        "findings.csv": (FINDING_COLUMNS, finding_rows),
        "documents.csv": (DOCUMENT_COLUMNS, document_rows),
    }
    written = []
    for name, (columns, rows_of) in tables.items():
        path = out_dir / name
        write_atomic(path, csv_text(columns, (row for r in results for row in rows_of(r))))
        written.append(path)
    return written

"""Stage 4c — build Form A records from assembled rows, with source spans.

Records are built as plain dicts and validated against the schema once, at the end: one
pydantic-core pass over the document instead of thousands of small model constructions."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from docnorm.extractor.clean import Header
from docnorm.extractor.forms.form_a.assemble import Assembly, Draft, Unplaced, indicators_of
from docnorm.extractor.forms.form_a.glue import INDICATOR_TEXT_FIELDS, Labels, item_glue
from docnorm.extractor.forms.form_a.indicators import ANNUAL, PERIOD, ParsedIndicator
from docnorm.extractor.normalize import normalize_target
from docnorm.extractor.segment import Row
from docnorm.extractor.textspan import SpanText
from docnorm.schemas.form_a import FormADocument

AMOUNT_FIELDS = ("total", "fiscal", "special", "other")
Record = dict[str, Any]


def parse_amount(text: str) -> Decimal | None:
    try:
        return Decimal(text.replace(",", "").replace("，", "")) if text.strip() else None
    except InvalidOperation:
        return None


def _span_dict(cell: SpanText, start: int = 0, end: int | None = None) -> tuple[int, int] | None:
    return cell.source_range(start, end)


def _amounts(cells: list[SpanText], unplaced: list[Unplaced]) -> Record:
    """The money columns; a cell that is not a number is reported, not silently emptied."""
    record: Record = {"spans": {}}
    for field, cell in zip(AMOUNT_FIELDS, cells):
        record[field] = parse_amount(cell.text)
        if record[field] is not None and (span := _span_dict(cell)) is not None:
            record["spans"][field] = span
        elif cell:
            unplaced.append(Unplaced(cell, f"{field} cell is not a number"))
    return record


def _put_text(record: Record, field: str, cell: SpanText) -> None:
    record[field] = cell.text or None
    if cell and (span := _span_dict(cell)) is not None:
        record["spans"][field] = span


def indicator_records(cell: SpanText, items: list[ParsedIndicator]) -> list[Record]:
    """The indicators of a cell as schema-ready dicts, numbered from 1; their spans, built as
    ranges of the cell's text, mapped to the source in one sweep (`SpanText.source_offsets`).
    Shared by the offline extractor and the LLM's by-reference items."""
    records = [indicator_record(i, cell.text, item) for i, item in enumerate(items, 1)]
    spans = [record["spans"] for record in records]
    offsets = iter(cell.source_offsets([i for s in spans for start, end in s.values() for i in (start, end - 1)]))
    for s in spans:
        for field in s:
            s[field] = (next(offsets), next(offsets) + 1)
    return records


def indicator_record(position: int, text: str, parsed: ParsedIndicator) -> Record:
    """One indicator as a schema-ready dict, its spans still ranges of the cell's ``text``."""
    spans: dict[str, tuple[int, int]] = {}
    record: Record = {"position": position, "printed_no": parsed.printed_no, "spans": spans}
    for field in INDICATOR_TEXT_FIELDS:
        where = getattr(parsed, field)
        if where is None:
            record[field] = None
        else:
            record[field] = text[where[0] : where[1]]
            spans[field] = where
    for field, label in (("period_target", PERIOD), ("annual_target", ANNUAL)):
        where = parsed.targets.get(label)
        if where is None or where[0] == where[1]:
            record[field] = None if where is None else {"raw": "", "normalized": normalize_target("")}
            continue
        raw = text[where[0] : where[1]]
        record[field] = {"raw": raw, "normalized": normalize_target(raw, record["name"])}
        spans[field] = where
    return record


def _project(position: int, unit: str | None, draft: Draft, out: Labels) -> Record:
    record = _amounts(draft.amounts, out.unplaced)
    record.update(position=position, unit=unit)
    _put_text(record, "name", draft.name)
    _put_text(record, "goal", draft.goal)
    cell = draft.indicator_text
    first, items = indicators_of(draft)
    if first > 0 and (lead := cell.slice(0, first)):
        out.unplaced.append(Unplaced(lead, f"indicator text before the first item of project {position}"))
    record["indicators"] = indicator_records(cell, items)
    item_glue(cell, items, first, out)
    return record


def _unit(position: int, row: Row, unplaced: list[Unplaced]) -> Record:
    record = _amounts(row.amounts, unplaced)
    record["position"] = position
    _put_text(record, "name", row.name)
    record["name"] = record["name"] or ""
    return record


def _total(row: Row, out: Labels) -> Record:
    """The 合计 row: its word is the form's label, its amounts are the grand total."""
    if (where := row.name.source_range()) is not None:
        out.labels.append(where)
    return _amounts(row.amounts, out.unplaced)


def build_form_a(
    header: Header, assembly: Assembly, first_project: int = 1, first_unit: int = 1
) -> tuple[FormADocument, Labels]:
    """The records; positions count from `first_project` and `first_unit` (a piece of a document
    numbers on from the pieces before it)."""
    out = Labels(list(assembly.unplaced))
    projects = [_project(i, unit, draft, out) for i, (unit, draft) in enumerate(assembly.projects, first_project)]
    document = FormADocument.model_validate(
        {
            "title": header.title,
            "department": header.department,
            "money_unit": header.money_unit,
            "grand_total": _total(assembly.total, out) if assembly.total else None,
            "units": [_unit(i, row, out.unplaced) for i, row in enumerate(assembly.units, first_unit)],
            "projects": projects,  # `unplaced` is filled by the pipeline, which also has the loose lines
        }
    )
    return document, out

"""Stage 4c — build Form A records (schemas) from assembled rows, with source spans."""
from __future__ import annotations

from decimal import Decimal, InvalidOperation

from extractor.assemble import Assembly, Draft, Unplaced, indicators_of
from extractor.clean import Header
from extractor.indicators import ANNUAL, PERIOD, ParsedIndicator
from extractor.normalize import normalize_target
from extractor.segment import Row
from extractor.textspan import SpanText
from schemas.common import Amounts, Span, Target
from schemas.form_a import FormADocument, FundingUnit, Indicator, Project

AMOUNT_FIELDS = ("total", "fiscal", "special", "other")


def parse_amount(text: str) -> Decimal | None:
    try:
        return Decimal(text.replace(",", "").replace("，", "")) if text.strip() else None
    except InvalidOperation:
        return None


def _amounts(cells: list[SpanText]) -> tuple[dict[str, Decimal | None], dict[str, Span]]:
    values: dict[str, Decimal | None] = {}
    spans: dict[str, Span] = {}
    for field, cell in zip(AMOUNT_FIELDS, cells):
        values[field] = parse_amount(cell.text)
        if values[field] is not None and (span := cell.span()) is not None:
            spans[field] = span
    return values, spans


def _text(value: SpanText | None, spans: dict[str, Span], field: str) -> str | None:
    if not value:
        return None
    if (span := value.span()) is not None:
        spans[field] = span
    return value.text


def _indicator(position: int, parsed: ParsedIndicator) -> Indicator:
    spans: dict[str, Span] = {}
    values = {field: _text(getattr(parsed, field), spans, field)
              for field in ("level1_code", "level1", "level2_code", "level2", "name")}
    targets: dict[str, Target | None] = {}
    for field, label in (("period_target", PERIOD), ("annual_target", ANNUAL)):
        raw = parsed.targets.get(label)
        targets[field] = None if raw is None else Target(
            raw=raw.text, normalized=normalize_target(raw.text, values["name"]))
        if raw is not None and (span := raw.span()) is not None:
            spans[field] = span
    return Indicator(position=position, printed_no=parsed.printed_no, spans=spans, **values, **targets)


def _project(position: int, unit: str | None, draft: Draft, unplaced: list[Unplaced]) -> Project:
    amounts, spans = _amounts(draft.amounts)
    name = _text(draft.name, spans, "name")
    goal = _text(draft.goal, spans, "goal")
    lead, items = indicators_of(draft)
    if lead:
        unplaced.append(Unplaced(lead, f"indicator text before the first item of project {position}", draft.row.line))
    indicators = [_indicator(i, item) for i, item in enumerate(items, 1)]
    return Project(position=position, unit=unit, name=name, goal=goal, indicators=indicators, spans=spans, **amounts)


def _unit(position: int, row: Row) -> FundingUnit:
    amounts, spans = _amounts(row.amounts)
    name = _text(row.name, spans, "name") or ""
    return FundingUnit(position=position, name=name, spans=spans, **amounts)


def _total(row: Row | None) -> Amounts | None:
    if row is None:
        return None
    amounts, spans = _amounts(row.amounts)
    return Amounts(spans=spans, **amounts)


def build_form_a(header: Header, assembly: Assembly) -> tuple[FormADocument, list[Unplaced]]:
    unplaced = list(assembly.unplaced)
    projects = [_project(i, unit, draft, unplaced) for i, (unit, draft) in enumerate(assembly.projects, 1)]
    document = FormADocument(
        title=header.title, department=header.department, money_unit=header.money_unit,
        grand_total=_total(assembly.total),
        units=[_unit(i, row) for i, row in enumerate(assembly.units, 1)],
        projects=projects, unplaced=[u.text.text for u in unplaced],
    )
    return document, unplaced

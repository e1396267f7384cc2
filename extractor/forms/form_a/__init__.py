"""Form A — 项目支出绩效目标表（含转移支付项目）: funding units, projects, goals, indicator items.

Parsing runs the layout stages (clean → segment → assemble) and builds the records; validation
checks sums, level codes and indicator sets."""

from __future__ import annotations

import re
from dataclasses import dataclass

from docnorm.extractor.clean import TITLE_A, clean
from docnorm.extractor.forms.base import PER_PROJECT_LABELS, Parsed
from docnorm.extractor.forms.form_a.assemble import Assembly, assemble
from docnorm.extractor.forms.form_a.build import build_form_a
from docnorm.extractor.forms.form_a.validate import Locator, validate_form_a
from docnorm.extractor.segment import segment
from docnorm.extractor.textspan import SpanText
from docnorm.schemas.common import Finding
from docnorm.schemas.document import UnplacedText
from docnorm.schemas.form_a import FormADocument

__all__ = ["NAME", "TITLE", "PieceContext", "detect", "parse", "parse_piece", "validate"]

NAME = "A"
TITLE = TITLE_A
_HINT = re.compile(r"项目名称（资金使用单位）|\d、\s*\d-\s*(?:产出|效益|满意度)指标")


def detect(text: str) -> float:
    if PER_PROJECT_LABELS.search(text):
        return 0.0
    if TITLE_A in text:
        return 0.9
    return 0.8 if _HINT.search(text) else 0.0


@dataclass(frozen=True)
class PieceContext:
    """What a piece of a long document takes from the pieces before it (extractor.pieces)."""

    tabbed: bool  # the document's layout, decided once
    first_project: int = 1
    first_unit: int = 1
    unit: str | None = None  # the unit row above the piece
    total_seen: bool = False  # a 合计 row above the piece
    final: bool = False  # the document's last piece: only there can it end inside a record


def parse(text: str, document: str) -> Parsed:
    return _parse(text, None)


def parse_piece(text: str, context: PieceContext) -> Parsed:
    """One piece of a long document (cut before a row that starts a record), read in context."""
    return _parse(text, context)


def _parse(text: str, context: PieceContext | None) -> Parsed:
    cleaned = clean(text, form="A")
    rows, loose = segment(cleaned.masked, context.tabbed if context else None)
    context = context or PieceContext(tabbed=False, final=True)
    assembly = assemble(rows, context.unit, context.total_seen)
    content, built = build_form_a(cleaned.header, assembly, context.first_project, context.first_unit)
    pieces = [(u.text, u.reason) for u in built.unplaced]
    pieces += [(SpanText.from_source(cleaned.masked, a, b), "text outside any table row") for a, b in loose]
    content.unplaced = [t.text for t, _ in pieces]
    entries = [UnplacedText(text=t.text, span=span, reason=reason) for t, reason in pieces if (span := t.span())]
    truncation = _truncation(content, assembly, Locator(text)) if context.final else []
    return Parsed(content, cleaned, entries, truncation, built.labels)


def validate(parsed: Parsed, text: str) -> list[Finding]:
    assert isinstance(parsed.content, FormADocument)
    return validate_form_a(parsed.content, text)


def _truncation(doc: FormADocument, assembly: Assembly, loc: Locator) -> list[Finding]:
    """A document cut mid-record: the last project's list ends inside an item."""
    if not assembly.projects:
        return []
    draft = assembly.projects[-1][1]
    if not draft.indicators_open():
        return []
    project = doc.projects[-1]
    return [
        Finding(
            severity="warning",
            code="truncated-record",
            location=loc.locate(draft.indicator_text.span(), f"project {project.position}"),
            message=f"project {project.position} {project.name}: the text ends inside an indicator item "
            f"(document cut mid-record?); what was there is kept",
        )
    ]

"""Locate every extracted value in the source: exact, normalized (whitespace/tags/width),
fuzzy (rapidfuzz), or ungrounded. Numbers must be found as numbers."""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Literal

from rapidfuzz import fuzz

from docnorm.extractor.llm.textmap import TextView, fold
from docnorm.schemas import Finding, Location, Project, Span
from docnorm.schemas.common import Severity

GroundKind = Literal["exact", "normalized", "fuzzy", "ungrounded"]
_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
FUZZY_CUTOFF = 88.0


@dataclass(frozen=True)
class Grounding:
    field: str  # e.g. "goal", "indicators.2.name"
    value: str
    kind: GroundKind
    span: Span | None


def _numbers(text: str) -> set[Decimal]:
    found = set()
    for token in _NUMBER.findall(text):
        try:
            found.add(Decimal(token.replace(",", "")))
        except InvalidOperation:
            continue
    return found


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


def _fold_char(ch: str) -> str:
    folded = unicodedata.normalize("NFKC", ch)
    return folded if len(folded) == 1 else ch


class Grounder:
    """Grounds values against one record's source slice (``base`` = its offset in the document)."""

    def __init__(self, source: str, base: int = 0) -> None:
        self.source, self.base = source, base
        self.compact = TextView.build(source, folded=False, base=base)
        self.folded = TextView.build(source, folded=True, base=base)
        self.digits = "".join(_fold_char(ch) for ch in source)  # same length as source
        self.source_numbers = _numbers(self.digits)

    def text(self, field: str, value: str, after: int = 0) -> Grounding:
        """`after`: the value is printed at or after this offset of the source slice (a grid row's
        cells after its name), so a value printed twice is found where it belongs."""
        idx = self.source.find(value, after)
        if idx >= 0:
            return Grounding(field, value, "exact", Span(start=self.base + idx, end=self.base + idx + len(value)))
        for view, probe in ((self.compact, "".join(value.split())), (self.folded, fold(value))):
            idx = view.text.find(probe, bisect_left(view.index, self.base + after)) if probe else -1
            if idx >= 0:
                start, end = view.span(idx, idx + len(probe))
                return Grounding(field, value, "normalized", Span(start=start, end=end))
        found = self._fuzzy(field, value)
        if found.span is not None and found.span.start < self.base + after:
            return Grounding(field, value, "ungrounded", None)
        return found

    def _fuzzy(self, field: str, value: str) -> Grounding:
        """A near match (OCR slips, a wrong character) is accepted only when the matched span has
        the value's digits in the same order and most of its characters: a value whose number or
        words were made up is ungrounded, whatever numbers the rest of the record holds."""
        probe = fold(value)
        if len(probe) >= 4 and _numbers(probe) <= self.source_numbers:
            hit = fuzz.partial_ratio_alignment(probe, self.folded.text, score_cutoff=FUZZY_CUTOFF)
            if hit is not None and hit.dest_end > hit.dest_start:
                matched = self.folded.text[hit.dest_start : hit.dest_end]
                if _digits(matched) == _digits(probe) and fuzz.ratio(probe, matched) >= FUZZY_CUTOFF:
                    start, end = self.folded.span(hit.dest_start, hit.dest_end)
                    return Grounding(field, value, "fuzzy", Span(start=start, end=end))
        return Grounding(field, value, "ungrounded", None)

    def number(self, field: str, value: Decimal, after: int = 0) -> Grounding:
        """The first number equal to `value` at or after `after` (a whole run of digits, never part of one)."""
        for match in _NUMBER.finditer(self.digits):
            if match.start() < after:
                continue
            try:
                if Decimal(match.group().replace(",", "")) == value:
                    span = Span(start=self.base + match.start(), end=self.base + match.end())
                    return Grounding(field, str(value), "exact", span)
            except InvalidOperation:
                continue
        return Grounding(field, str(value), "ungrounded", None)


def ground_project(project: Project, grounder: Grounder) -> list[Grounding]:
    """Ground every value of a project and set its ``spans`` (and its indicators')."""
    out: list[Grounding] = []
    for name in ("name", "goal"):
        value = getattr(project, name)
        if value:
            out.append(grounder.text(name, value))
    for name in ("total", "fiscal", "special", "other"):
        value = getattr(project, name)
        if value is not None:
            out.append(grounder.number(name, value))
    project.spans = {g.field: (g.span.start, g.span.end) for g in out if g.span is not None}  # type: ignore[misc]
    for ind in project.indicators:
        local = []
        for name in ("level1", "level2", "name"):
            value = getattr(ind, name)
            if value:
                local.append(grounder.text(name, value))
        for name in ("period_target", "annual_target"):
            target = getattr(ind, name)
            if target is not None and target.raw:
                local.append(grounder.text(name, target.raw))
        ind.spans = {g.field: (g.span.start, g.span.end) for g in local if g.span is not None}  # type: ignore[misc]
        out.extend(Grounding(f"indicators.{ind.position}.{g.field}", g.value, g.kind, g.span) for g in local)
    return out


def grounding_findings(groundings: list[Grounding], record: str) -> list[Finding]:
    """Ungrounded values are warnings (the record is then re-asked or falls back); fuzzy ones are info."""
    findings = []
    for g in groundings:
        if g.kind not in ("ungrounded", "fuzzy"):
            continue
        severity: Severity = "warning" if g.kind == "ungrounded" else "info"
        loc = Location(record=record, start=g.span.start if g.span else None, end=g.span.end if g.span else None)
        findings.append(
            Finding(
                severity=severity,
                code=f"llm-{g.kind}",
                location=loc,
                message=f"{g.field} {g.value!r} is {g.kind} in the source",
            )
        )
    return findings

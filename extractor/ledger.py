"""Stage 6b — the character ledger: every input character classified by the spans a result carries.

Each non-blank character is *field* (inside the span of an extracted value), *label* (a form's
own words and glue: item numbers, `实施周期指标值`, separators, row labels), *noise* (masked by the
cleaner), *unplaced* (reported as text that fits no field) — or, in none of them, *lost*. Every
class is counted from its own spans, so a defect that drops text shows up as lost characters
instead of vanishing into a difference; lost runs become findings with their offsets.

Where spans overlap, the first class in that order wins. Counting runs over a bytearray of class
codes with C-speed slice assignment and `count`, so a 50 MB document costs one byte per character."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Protocol, get_args

from pydantic import BaseModel

from docnorm.schemas.common import Finding, Location
from docnorm.schemas.document import Coverage, NoiseSummary, UnplacedText

__all__ = ["Ledger", "count_ledger", "field_ranges", "lost_findings", "merge_ranges", "models_in", "span_maps"]

Range = tuple[int, int]
LOST, FIELD, LABEL, NOISE, UNPLACED, BLANK = 0, 1, 2, 3, 4, 255
_BLANK_RUN = re.compile(r"\s+")
_LOST_RUN = re.compile(rb"\x00[\x00\xff]*")
_MAX_LOST_FINDINGS = 50


@dataclass(frozen=True)
class Ledger:
    coverage: Coverage
    lost: list[Range]  # runs of lost characters (blanks inside a run included)


def field_ranges(model: BaseModel) -> list[Range]:
    """Every ``spans`` value of a content model and of the records inside it."""
    return [r for spans in span_maps(model) for r in spans.values()]


def span_maps(model: BaseModel) -> list[dict[str, Range]]:
    """The ``spans`` map of a content model and of every record inside it (a loop over a stack
    of models: nested generators cost a long line's 80,000 records a second)."""
    maps: list[dict[str, Range]] = []
    stack = [model]
    while stack:
        current = stack.pop()
        spans = getattr(current, "spans", None)
        if isinstance(spans, dict):
            maps.append(spans)
        for name in _nested_fields(type(current)):
            value = getattr(current, name)
            if isinstance(value, BaseModel):
                stack.append(value)
            elif isinstance(value, list) and value and isinstance(value[0], BaseModel):
                stack.extend(reversed(value))
    return maps


@cache
def _nested_fields(model: type[BaseModel]) -> tuple[str, ...]:
    """The fields of a model class that can hold a model (or a list of them) with spans somewhere
    inside: the others (text, numbers, span maps, targets) need no walk, which was most of a long
    line's ledger."""
    return tuple(name for name, info in model.model_fields.items() if _holds_spans(info.annotation))


def _holds_spans(annotation: object) -> bool:
    return any(_has_spans(model) for model in models_in(annotation))


def models_in(annotation: object) -> Iterator[type[BaseModel]]:
    """The model classes a field's annotation names (`X | None`, `list[X]`, ... taken apart)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
        return
    for arg in get_args(annotation):
        yield from models_in(arg)


@cache
def _has_spans(model: type[BaseModel]) -> bool:
    """A model class with a `spans` field, or a field holding such a model (schemas have no cycles)."""
    return "spans" in model.model_fields or bool(_nested_fields(model))


def merge_ranges(ranges: Iterable[Range]) -> list[Range]:
    """Sorted, non-overlapping, with touching ranges joined (a compact list for the JSON)."""
    merged: list[list[int]] = []
    for start, end in sorted(r for r in ranges if r[1] > r[0]):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(a, b) for a, b in merged]


def _paint(classes: bytearray, ranges: Iterable[Range], code: int) -> None:
    fill = bytes([code])
    size = len(classes)
    short = [fill * n for n in range(64)]  # most ranges are a few characters: no bytes made for them
    for start, end in ranges:
        start, end = max(start, 0), min(end, size)
        if end > start:
            classes[start:end] = short[end - start] if end - start < 64 else fill * (end - start)


def count_ledger(
    text: str,
    content: BaseModel | None,
    labels: Iterable[Range],
    noise: list[NoiseSummary],
    unplaced: list[UnplacedText],
) -> Ledger:
    """Classify every character of ``text``; lowest priority is painted first, blanks last."""
    classes = bytearray(len(text))  # all LOST until a span claims them
    _paint(classes, ((u.span.start, u.span.end) for u in unplaced), UNPLACED)
    _paint(classes, ((r[0], r[1]) for n in noise for r in n.spans), NOISE)
    _paint(classes, labels, LABEL)
    if content is not None:
        _paint(classes, field_ranges(content), FIELD)
    _paint(classes, (m.span() for m in _BLANK_RUN.finditer(text)), BLANK)
    lost = [(m.start(), m.start() + len(m.group().rstrip(b"\xff"))) for m in _LOST_RUN.finditer(classes)]
    coverage = Coverage(
        input_chars=len(classes) - classes.count(BLANK),
        field_chars=classes.count(FIELD),
        label_chars=classes.count(LABEL),
        noise_chars=classes.count(NOISE),
        unplaced_chars=classes.count(UNPLACED),
        lost_chars=classes.count(LOST),
    )
    return Ledger(coverage, lost)


class TextSlices(Protocol):
    """Text read by slices: a str, or a long document's text in a temporary file."""

    def __getitem__(self, key: slice, /) -> str: ...


def lost_findings(text: TextSlices, lost: list[Range], locate: Callable[[Range], Location]) -> list[Finding]:
    """One warning per lost run (the first few dozen; the count says how many in all)."""
    findings = []
    for start, end in lost[:_MAX_LOST_FINDINGS]:
        findings.append(
            Finding(
                severity="warning",
                code="lost-text",
                location=locate((start, end)),
                message=f"text in no field, label, noise or unplaced span (an extractor defect): {text[start:end][:40]!r}",
            )
        )
    if len(lost) > _MAX_LOST_FINDINGS:
        findings.append(
            Finding(
                severity="warning",
                code="lost-text",
                message=f"{len(lost) - _MAX_LOST_FINDINGS} more runs of lost text not listed",
            )
        )
    return findings

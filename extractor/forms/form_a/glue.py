"""The glue between the fields of a Form A indicator cell: item numbers, `实施周期指标值`/`年度指标值`
and separators are the form's labels (counted by the ledger); anything else between two fields is
text no field took, reported as unplaced rather than passed over."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from docnorm.extractor.forms.form_a.assemble import Unplaced
from docnorm.extractor.forms.form_a.indicators import ParsedIndicator
from docnorm.extractor.textspan import SpanText

INDICATOR_TEXT_FIELDS = ("level1_code", "level1", "level2_code", "level2", "name")


@dataclass
class Labels:
    """What building found besides the records: the form's glue, and text no field took."""

    unplaced: list[Unplaced] = field(default_factory=list)
    labels: list[tuple[int, int]] = field(default_factory=list)


_LABEL_WORDS, _LABEL_MARKS = r"\d{1,2}、|实施周期指标值|年度指标值", r"[；;，,。:：、\-\s]"
_LABEL_TOKEN = re.compile(f"{_LABEL_WORDS}|{_LABEL_MARKS}+")
# a gap that is glue only, in one match (one mark per step: no nested repeats to backtrack)
_ALL_LABELS = re.compile(f"(?:{_LABEL_WORDS}|{_LABEL_MARKS})+")


def _field_ranges(item: ParsedIndicator) -> Iterator[tuple[int, int]]:
    for name in INDICATOR_TEXT_FIELDS:
        if (where := getattr(item, name)) is not None:
            yield where
    yield from item.targets.values()


def item_glue(cell: SpanText, items: list[ParsedIndicator], first: int, out: Labels) -> None:
    """Between the fields of an indicator cell: item numbers, labels and separators are the form's
    glue (labels for the ledger); anything else is text no field took, reported as unplaced."""
    taken = sorted(where for item in items for where in _field_ranges(item))
    glue: list[tuple[int, int]] = []  # in the cell's text, mapped to the source in one sweep
    cursor = first
    for start, end in [*taken, (len(cell.text), len(cell.text))]:
        if start > cursor:
            _glue_or_unplaced(cell, cursor, start, glue, out)
        cursor = max(cursor, end)
    out.labels.extend(cell.source_runs(glue))


def _glue_or_unplaced(cell: SpanText, start: int, end: int, glue: list[tuple[int, int]], out: Labels) -> None:
    text, cursor = cell.text, start
    if _ALL_LABELS.fullmatch(text, start, end):  # the common case: the gap is glue only
        glue.append((start, end))
        return
    for m in _LABEL_TOKEN.finditer(text, start, end):
        if m.start() > cursor:
            out.unplaced.append(Unplaced(cell.slice(cursor, m.start()), "indicator text in no field"))
        glue.append(m.span())
        cursor = m.end()
    if cursor < end:
        out.unplaced.append(Unplaced(cell.slice(cursor, end), "indicator text in no field"))

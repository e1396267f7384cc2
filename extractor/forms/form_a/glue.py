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


_LABEL_TOKEN = re.compile(r"\d{1,2}、|实施周期指标值|年度指标值|[；;，,。:：、\-\s]+")


def source_runs(offsets: list[int], start: int, end: int) -> list[tuple[int, int]]:
    """Source ranges of the joined characters ``[start, end)``: one per source-contiguous run."""
    runs: list[tuple[int, int]] = []
    for k in range(start, end):
        at = offsets[k]
        if runs and runs[-1][1] == at:
            runs[-1] = (runs[-1][0], at + 1)
        else:
            runs.append((at, at + 1))
    return runs


def _field_ranges(item: ParsedIndicator) -> Iterator[tuple[int, int]]:
    for name in INDICATOR_TEXT_FIELDS:
        if (where := getattr(item, name)) is not None:
            yield where
    yield from item.targets.values()


def item_glue(cell: SpanText, offsets: list[int], items: list[ParsedIndicator], first: int, out: Labels) -> None:
    """Between the fields of an indicator cell: item numbers, labels and separators are the form's
    glue (labels for the ledger); anything else is text no field took, reported as unplaced."""
    taken = sorted(where for item in items for where in _field_ranges(item))
    cursor = first
    for start, end in [*taken, (len(cell.text), len(cell.text))]:
        if start > cursor:
            _glue_or_unplaced(cell, offsets, cursor, start, out)
        cursor = max(cursor, end)


def _glue_or_unplaced(cell: SpanText, offsets: list[int], start: int, end: int, out: Labels) -> None:
    text, cursor = cell.text, start
    for m in _LABEL_TOKEN.finditer(text, start, end):
        if m.start() > cursor:
            out.unplaced.append(Unplaced(cell.slice(cursor, m.start()), "indicator text in no field"))
        out.labels.extend(source_runs(offsets, m.start(), m.end()))
        cursor = m.end()
    if cursor < end:
        out.unplaced.append(Unplaced(cell.slice(cursor, end), "indicator text in no field"))

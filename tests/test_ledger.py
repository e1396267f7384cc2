"""The character ledger and the independent count used to check it: both can fail."""

from __future__ import annotations

import re

from docnorm.extractor.ledger import count_ledger
from docnorm.extractor.pipeline import extract_path
from tests.conftest import DOCS, source_text
from tests.ledger_oracle import label_violations, lost_runs

SEED = "000_487862950e7e3971.txt"


def test_the_independent_count_finds_text_that_no_span_accounts_for():
    text = source_text(SEED)
    result = extract_path(DOCS / SEED).model_dump(mode="json")
    start, end = result["content"]["projects"][0]["spans"].pop("goal")
    runs = lost_runs(text, result)
    assert runs and all(start <= a < b <= end for a, b, _ in runs)
    # the goal's words are lost; its punctuation reads as separators, which the vocabulary allows
    assert "".join(run for _, _, run in runs) == re.sub("[，。、；]", "", text[start:end])


def test_the_ledger_counts_a_dropped_field_as_lost_not_as_a_difference():
    text = source_text(SEED)
    result = extract_path(DOCS / SEED)
    project = result.content.projects[0]
    start, end = project.spans.pop("goal")
    ledger = count_ledger(text, result.content, result.labels, result.noise, result.unplaced)
    assert ledger.lost == [(start, end)]
    assert ledger.coverage.lost_chars == end - start
    assert ledger.coverage.field_chars == result.coverage.field_chars - (end - start)


def test_a_label_range_over_data_is_caught():
    text = source_text(SEED)
    result = extract_path(DOCS / SEED)
    start, end = result.content.projects[0].spans["name"]
    assert label_violations(text, [*result.labels, (start, end)]) == [text[start:end]]

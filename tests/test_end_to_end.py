"""All five seeds through the offline pipeline, compared field by field with the goldens."""

from __future__ import annotations

import pytest

from docnorm.extractor.pipeline import extract_path
from tests.comparison import _raw, diff_form_a
from tests.conftest import DOCS, FORM_A_SEEDS, SEED_NAMES, golden, source_text
from tests.ledger_oracle import label_violations, lost_runs


@pytest.mark.parametrize("name", FORM_A_SEEDS)
def test_form_a_seed_matches_golden_field_by_field(name):
    result = extract_path(DOCS / name)
    assert result.status in ("ok", "partial")
    diffs = diff_form_a(result.content, golden(name).content)
    assert diffs == [], "\n".join(diffs[:30])


def test_form_b_seed_matches_golden_field_by_field():
    name = "002_ccf7430d55d37228.txt"
    got, want = extract_path(DOCS / name).content, golden(name).content
    assert got.form == want.form == "B"
    for field in ("title", "department", "money_unit", "overall_goal", "other_tasks", "unplaced"):
        assert getattr(got, field) == getattr(want, field), field
    assert [b.model_dump(exclude={"spans"}) for b in got.budget] == [
        b.model_dump(exclude={"spans"}) for b in want.budget
    ]
    assert [t.model_dump(exclude={"spans"}) for t in got.key_tasks] == [
        t.model_dump(exclude={"spans"}) for t in want.key_tasks
    ]
    assert len(got.indicators) == len(want.indicators)
    for i, j in zip(got.indicators, want.indicators):
        assert (i.level1, i.level2, i.name, i.measure, _raw(i.target)) == (
            j.level1,
            j.level2,
            j.name,
            j.measure,
            _raw(j.target),
        )


def _is_subsequence(needle: str, haystack: str) -> bool:
    chars = iter(haystack)
    return all(ch in chars for ch in needle)


@pytest.mark.parametrize("name", SEED_NAMES)
def test_every_span_points_at_its_value(name):
    """Spans index the decoded text; the text there, minus whitespace and tags, is the value. A
    value joined from cells on several rows (a page-break spill) spans from its first to its last
    character, with the other rows' text in between."""
    import re

    text = (DOCS / name).read_text(encoding="utf-8")
    content = extract_path(DOCS / name).content
    records = list(getattr(content, "projects", [])) + list(getattr(content, "units", []))
    records += [i for p in getattr(content, "projects", []) for i in p.indicators]
    records += list(getattr(content, "indicators", [])) + list(getattr(content, "key_tasks", []))
    checked = 0
    for record in records:
        for field, (start, end) in record.spans.items():
            assert start < end, (field, start, end)
            value = getattr(record, field)
            value = value.raw if hasattr(value, "raw") else str(value)
            source = re.sub(r"\s+|</?p>", "", text[start:end]).replace(",", "")
            value = re.sub(r"\s+", "", value).replace(",", "")
            if source != value:
                assert "\n" in text[start:end] and name.startswith("003"), (field, start, end, value)
                assert source[0] == value[0] and source[-1] == value[-1] and _is_subsequence(value, source)
            checked += 1
    assert checked > 50


def test_the_seed_inconsistencies_are_reported_not_fixed():
    r001 = extract_path(DOCS / "001_8507f48a672429e9.txt")
    unit = next(f for f in r001.findings if f.code == "sum-unit")
    assert "280.28" in unit.message and "280.29" in unit.message and unit.location.line
    assert any(f.code == "sum-grand-total" and "4125.05" in f.message for f in r001.findings)
    mismatches = [f for f in r001.findings if f.code == "level-code-mismatch"]
    assert len(mismatches) == 3
    r003 = extract_path(DOCS / "003_00b04d726a13fa98.txt")
    assert any(f.code == "sum-unit" and "2362.44" in f.message and "-17.93" in f.message for f in r003.findings)
    assert r003.status == "partial" and len(r003.unplaced) == 6
    assert all(f.location and f.location.line for f in r003.findings if f.code == "unplaced-text")


@pytest.mark.parametrize("name", SEED_NAMES)
def test_every_character_is_accounted_for(name):
    result = extract_path(DOCS / name)
    text = source_text(name)
    cov = result.coverage
    assert lost_runs(text, result.model_dump(mode="json")) == []  # the independent count
    assert cov.lost_chars == 0 and not any(f.code == "lost-text" for f in result.findings)
    assert label_violations(text, result.labels) == []  # no data is hidden as a label
    assert cov.field_chars + cov.label_chars + cov.noise_chars + cov.unplaced_chars == cov.input_chars
    assert cov.input_chars == sum(not ch.isspace() for ch in text)
    assert cov.unplaced_chars == sum(len(u.text) for u in result.unplaced)
    assert cov.noise_chars > 0 and cov.label_chars > 0


def test_form_b_budget_imbalance_is_reported_not_fixed():
    result = extract_path(DOCS / "002_ccf7430d55d37228.txt")
    finding = next(f for f in result.findings if f.code == "budget-unbalanced")
    assert "15009.12" in finding.message and "17075.54" in finding.message and "+2066.42" in finding.message
    assert result.content.budget[0].amount is not None and result.status == "ok"

"""The scorer moves exactly as it should on hand-built cases (53 golden values)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from evalcase_builders import golden, golden_content, project, source_text

from docnorm.eval.metrics import DocumentScore
from docnorm.eval.scorers import score_content
from docnorm.schemas.common import Target
from docnorm.schemas.form_b import FormBDocument

N = 53


def score(pred, with_source: bool = True) -> DocumentScore:
    g = golden()
    return score_content("doc.txt", g.content, pred, source_text(g.content) if with_source else None)


def test_perfect_copy_scores_one() -> None:
    s = score(golden_content())
    assert (s.total.correct, s.total.golden, s.total.predicted) == (N, N, N)
    assert s.field_f1 == 1.0 and s.omission_rate == 0.0 and s.unsupported_rate == 0.0
    assert s.records["projects"].exact == 3 and s.records["projects.indicators"].f1 == 1.0
    assert s.checked_values == N


def test_missing_record() -> None:
    pred = golden_content()
    pred.projects = pred.projects[:2]  # drop project 3: 5 fields + 1 indicator x 8
    s = score(pred)
    assert (s.total.correct, s.total.wrong, s.total.missing, s.total.spurious) == (40, 0, 13, 0)
    assert s.total.precision == 1.0 and s.total.recall == pytest.approx(40 / 53)
    assert s.omission_rate == pytest.approx(13 / 53)
    assert s.fields["projects.name"].missing == 1 and s.fields["projects.name"].correct == 2
    rec = s.records["projects"]
    assert (rec.golden, rec.predicted, rec.matched, rec.exact, rec.omitted) == (3, 2, 2, 2, 1)
    assert s.records["projects.indicators"].recall == pytest.approx(3 / 4)


def test_invented_record() -> None:
    pred = golden_content()
    pred.projects.append(project(4, "虚构项目", "7.00", "虚构目标。", []))
    s = score(pred)
    assert (s.total.correct, s.total.wrong, s.total.missing, s.total.spurious) == (N, 0, 0, 5)
    assert s.total.precision == pytest.approx(53 / 58) and s.total.recall == 1.0
    assert s.records["projects"].precision == pytest.approx(3 / 4)
    # unit 单位甲 is in the source; name, total, fiscal and goal are not
    assert (s.checked_values, s.unsupported_values) == (58, 4)
    assert s.unsupported_rate == pytest.approx(4 / 58)


def test_shuffled_order_changes_nothing() -> None:
    pred = golden_content()
    pred.projects = list(reversed(pred.projects))
    for p in pred.projects:
        p.indicators = list(reversed(p.indicators))
    s = score(pred)
    assert s.field_f1 == 1.0 and s.records["projects"].exact == 3
    assert s.records["projects.indicators"].exact == 4


def test_wrong_amount() -> None:
    pred = golden_content()
    pred.projects[1].total = Decimal("21.00")
    s = score(pred)
    assert (s.total.correct, s.total.wrong, s.total.missing, s.total.spurious) == (52, 1, 0, 0)
    assert s.fields["projects.total"].wrong == 1 and s.fields["projects.fiscal"].f1 == 1.0
    assert s.field_f1 == pytest.approx(52 / 53)
    assert s.records["projects"].exact == 2 and s.records["projects.indicators"].exact == 4
    assert (s.checked_values, s.unsupported_values) == (N, 1)


def test_wrong_target_value() -> None:
    pred = golden_content()
    pred.projects[0].indicators[0].annual_target = Target(raw="≥3次")
    s = score(pred)
    assert s.fields["projects.indicators.annual_target"].wrong == 1
    assert s.fields["projects.indicators.period_target"].f1 == 1.0
    assert s.records["projects.indicators"].f1 == pytest.approx(3 / 4)
    assert s.records["projects"].exact == 2  # a project is exact only with all its indicators
    assert s.field_f1 == pytest.approx(52 / 53)


def test_duplicate_project_name_aligned_by_amount_and_goal() -> None:
    pred = golden_content()
    pred.projects = pred.projects[1:]  # drop the FIRST of the two same-name projects
    s = score(pred)
    # by position or name, golden 1 would pair with predicted 1 (= golden 2): wrong amounts
    assert (s.total.correct, s.total.wrong, s.total.missing, s.total.spurious) == (32, 0, 21, 0)
    assert s.fields["projects.total"].missing == 1 and s.fields["projects.total"].wrong == 0
    missing = [d.path for d in s.diffs if d.outcome == "missing" and d.field == "projects.total"]
    assert missing == ["projects[1→∅]"]


def test_duplicate_names_swapped_still_correct() -> None:
    pred = golden_content()
    pred.projects[0], pred.projects[1] = pred.projects[1], pred.projects[0]
    assert score(pred).field_f1 == 1.0


def test_normalization_width_whitespace_thousands() -> None:
    pred = golden_content()
    pred.title = "项目支出绩效目标表(含转移支付项目)"  # half-width brackets
    pred.projects[0].goal = "开展 党建\n活动。"
    pred.projects[1].indicators[0].annual_target = Target(raw="≥ 500 人次")
    pred.projects[1].total = Decimal("20.0")
    assert score(pred).field_f1 == 1.0
    pred.projects[1].indicators[0].annual_target = Target(raw="≥5,000人次")
    assert score(pred).fields["projects.indicators.annual_target"].wrong == 1


def test_corrupted_output_scores_lower() -> None:
    clean = score(golden_content()).field_f1
    pred = golden_content()
    pred.department = None
    pred.projects[2].name = "环境卫生"
    pred.projects[0].indicators.pop()
    pred.units[0].total = Decimal("36")
    corrupted = score(pred)
    assert corrupted.field_f1 < clean
    assert (corrupted.total.wrong, corrupted.total.missing) == (2, 9)


def test_no_content_and_form_mismatch() -> None:
    s = score(None)
    assert s.status == "no_content" and (s.total.missing, s.total.predicted) == (N, 0)
    other = FormBDocument(department="某街道办事处", overall_goal="x")
    s = score(other)
    assert s.status == "form_mismatch"
    assert (s.total.correct, s.total.missing, s.total.spurious) == (0, N, 2)


def test_no_source_skips_invented_check() -> None:
    s = score(golden_content(), with_source=False)
    assert s.checked_values == 0 and s.unsupported_rate == 0.0

"""Each golden is hand-labelled; these tests prove it is faithful to its source document."""

import pytest

from docnorm.eval.fidelity import MAX_MOVED_SHARE, check, clean_source, describe, render_golden
from docnorm.schemas.form_a import FormADocument
from tests.conftest import SEED_NAMES, golden, source_text


@pytest.mark.parametrize("name", SEED_NAMES)
def test_golden_reproduces_its_source(name):
    report = check(golden(name), source_text(name))
    assert report.moves_balance, describe(golden(name), source_text(name))
    assert report.moved_chars <= MAX_MOVED_SHARE * report.source_chars, describe(golden(name), source_text(name))


@pytest.mark.parametrize("name", SEED_NAMES)
def test_golden_names_its_document_and_labeller(name):
    g = golden(name)
    assert g.document == name
    assert g.labelled_by.strip()
    content = g.content
    assert content.department and content.department in source_text(name)
    if isinstance(content, FormADocument):
        assert all(not p.spans for p in content.projects), "goldens are labels, not offsets"
        assert all(
            i.annual_target is None or i.annual_target.normalized is None
            for p in content.projects
            for i in p.indicators
        ), "normalized readings are not labelled"


def test_fidelity_check_catches_a_changed_value():
    name = "000_487862950e7e3971.txt"
    g = golden(name)
    g.content.projects[3].goal = g.content.projects[3].goal.replace("党", "当", 1)
    assert not check(g, source_text(name)).faithful


def test_fidelity_check_catches_a_dropped_indicator():
    name = "001_8507f48a672429e9.txt"
    g = golden(name)
    del g.content.projects[10].indicators[1]
    assert not check(g, source_text(name)).faithful


def test_fidelity_check_catches_an_invented_project():
    name = "003_00b04d726a13fa98.txt"
    g = golden(name)
    g.content.projects.append(g.content.projects[0].model_copy(update={"name": "虚构项目经费", "position": 99}))
    assert not check(g, source_text(name)).faithful


def test_noise_is_removed_from_the_source_side_only():
    cleaned = clean_source(source_text("004_c4302184a6673dbb.txt"))
    assert "项目支出绩效目标表" not in cleaned and "实施周期指标值" not in cleaned
    assert render_golden(golden("004_c4302184a6673dbb.txt"))[:20] == cleaned[:20]

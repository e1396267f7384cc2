"""Hybrid mode on per-project forms, record by record (issue #13): two tables read offline, the
second's indicators printed in a row no offline reader knows (`绩效指标 | 名称：值；…`), so it has no
indicator rows. Only that project's stretch goes to the model; the first stays as offline read it.
The scripted answers and expected values were written for this test by reading the fixture."""

from __future__ import annotations

from decimal import Decimal

from conftest import ROOT

from docnorm.extractor import pipeline
from docnorm.schemas import FormPDocument

DOC = ROOT / "tests" / "fixtures" / "layout" / "hybrid_two_tables.txt"


def _ind(name, target):
    return {"name": name, "annual_target": target}


SECOND = {
    "name": "乡镇卫生院设备更新", "department": "某县卫生健康局", "unit": "某县卫生健康局", "total": "80",
    "annual_goal": "为8所乡镇卫生院更新检验设备，提升基层诊疗能力。",
    "indicators": [_ind("更新设备台数", "≥16台"), _ind("设备完好率", "≥95%"), _ind("患者满意度", "≥90%")],
}  # fmt: skip
# were the first table sent, this answer (not what it prints) would replace it: the test would see it
DECOY = {"projects": [{"name": "农村饮用水水质检测", "total": "99", "indicators": [_ind("检测水样数量", "≥1份")]}]}
SCRIPT = [{"when": "更新设备台数", "answer": {"projects": [SECOND]}}, {"when": "检测水样数量", "answer": DECOY}]


def test_offline_reads_both_tables_but_not_the_second_ones_indicators():
    result = pipeline.extract_text(DOC.read_text(encoding="utf-8"), DOC.name)
    assert isinstance(result.content, FormPDocument)
    assert [len(p.indicators) for p in result.content.projects] == [2, 0]
    assert ("no-indicators", "project 2") in {(f.code, f.location.record) for f in result.findings if f.location}


def test_hybrid_sends_only_the_project_it_could_not_place(make_backend, scripted):
    text = DOC.read_text(encoding="utf-8")
    offline = pipeline.extract_text(text, DOC.name)
    result = make_backend(offline=pipeline, mode="hybrid", batch_tokens=2000).extract(text, DOC.name)
    assert scripted.requests == 1, "one request: the second table's stretch"
    content = result.content
    assert isinstance(content, FormPDocument) and result.status == "ok", result.findings
    first, second = content.projects
    assert first == offline.content.projects[0], "the first table stays as read offline"
    assert (second.position, second.name, second.total, second.money_unit) == (
        2,
        "乡镇卫生院设备更新",
        Decimal(80),
        None,
    )
    assert second.annual_goal == "为8所乡镇卫生院更新检验设备，提升基层诊疗能力。"
    assert [(i.name, i.annual_target.raw) for i in second.indicators] == [
        ("更新设备台数", "≥16台"),
        ("设备完好率", "≥95%"),
        ("患者满意度", "≥90%"),
    ]
    for ind in second.indicators:  # grounded in the whole document's offsets
        start, end = ind.spans["name"]
        assert text[start:end] == ind.name
    codes = [f.code for f in result.findings]
    assert "no-indicators" not in codes and codes.count("llm-replaced") == 1


def test_a_failing_model_keeps_the_offline_reading_and_says_so(make_backend, fake):
    fake.faults.extend(["500"] * 40)
    text = DOC.read_text(encoding="utf-8")
    result = make_backend(offline=pipeline, mode="hybrid", batch_tokens=2000).extract(text, DOC.name)
    assert isinstance(result.content, FormPDocument)
    assert [len(p.indicators) for p in result.content.projects] == [2, 0]
    codes = [f.code for f in result.findings]
    assert "no-indicators" in codes and "llm-failed" in codes and "llm-replaced" not in codes


def test_a_chunk_the_model_cannot_read_stays_unplaced_when_the_rest_of_the_stretch_is_read(make_backend, fake):
    """The second table's stretch in two chunks (80 tokens): the first chunk's requests all fail, the
    second (its indicators) is answered; the failed chunk's text is reported unplaced, never dropped."""
    fake.script = [
        {"when": "更新设备台数", "answer": {"projects": [{"continues": True, "indicators": SECOND["indicators"]}]}}
    ]
    fake.faults.extend(["500"] * 4)  # every attempt of the first request
    text = DOC.read_text(encoding="utf-8")
    backend = make_backend(offline=pipeline, mode="hybrid", batch_tokens=80, concurrency=1)
    result = backend.extract(text, DOC.name)
    assert result.status == "partial"
    unplaced = "".join(u.text for u in result.unplaced)
    assert "乡镇卫生院设备更新" in unplaced and "资金总额 | 80" in unplaced
    assert "llm-failed" in [f.code for f in result.findings]
    second = result.content.projects[1]  # the values of the unread chunk as the offline pass read them
    assert (second.name, second.total) == ("乡镇卫生院设备更新", Decimal(80))
    assert [i.name for i in second.indicators] == ["更新设备台数", "设备完好率", "患者满意度"]

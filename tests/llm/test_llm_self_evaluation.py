"""A self-evaluation table run together on one line — refused offline, its rows of amounts cannot be
split — read by the model through the any-layout path, with the v2 schema's fields: the shares of a
two-level fund header, actual values, weights, scores, reasons, the outcome and the 总分 row.

The scripted answer was written for this test by reading the fixture; its first version invents an
actual value (97% for a rate printed as 96%), which grounding rejects and the re-ask corrects."""

from __future__ import annotations

from decimal import Decimal

import pytest
from conftest import ROOT

from docnorm.errors import UnsupportedDocumentError
from docnorm.extractor import pipeline
from docnorm.schemas import FormPDocument

DOC = ROOT / "tests" / "fixtures" / "layout" / "oneline_self_evaluation_streetlights.txt"


def _ind(level1, level2, name, target, actual, weight, score, deviation=None):
    row = {"level1": level1, "level2": level2, "name": name, "annual_target": target, "actual": actual,
           "weight": weight, "score": score}  # fmt: skip
    return {**row, "deviation": deviation} if deviation else row


REASON = "照明故障报修响应仍偏慢，下一步建立巡检制度"
GRID = [
    _ind("产出指标", "数量指标", "改造小区数量", "8个", "8个", "30", "30"),
    _ind("产出指标", "质量指标", "路灯亮灯率", "≥95%", "96%", "30", "30"),
    _ind("效益指标", "社会效益指标", "居民夜间出行安全", "明显改善", "有所改善", "20", "15", REASON),
    _ind("满意度指标", "服务对象满意度指标", "居民满意度", "≥90%", "92%", "20", "20"),
]
PROJECT = {
    "name": "老旧小区路灯改造", "department": "某区城市管理局", "unit": "某区市政设施维护中心", "money_unit": "万元",
    "total": "60", "fiscal_central": "20", "fiscal_own": "40",
    "annual_goal": "完成8个小区路灯改造，夜间照明覆盖率达到95%。", "outcome": "完成8个小区路灯改造，夜间照明覆盖率96%。",
    "weight_total": "100", "score_total": "95",
}  # fmt: skip
INVENTED = [GRID[0], {**GRID[1], "actual": "97%"}, *GRID[2:]]
SCRIPT = [{"when": "路灯亮灯率", "answer": {"projects": [{**PROJECT, "indicators": INVENTED}]},
           "reask": {"projects": [{**PROJECT, "indicators": GRID}]}}]  # fmt: skip


def test_offline_refuses_it_with_the_reason():
    with pytest.raises(UnsupportedDocumentError, match="self-evaluation table"):
        pipeline.extract_text(DOC.read_text(encoding="utf-8"), DOC.name)


def test_amounts_run_together_are_rejected_the_rest_is_kept(make_backend, scripted):
    """Hybrid: offline refuses the one-line table, the model reads it. Amounts printed inside a run of
    digits (`6060.557.2`, `3030`) cannot be found one by one and are rejected, never guessed; the
    shares (`中央20本级40`), the texts and the actual values stand."""
    text = DOC.read_text(encoding="utf-8")
    result = make_backend(offline=pipeline, mode="hybrid", batch_tokens=2000).extract(text, DOC.name)
    content = result.content
    assert isinstance(content, FormPDocument) and content.kind == "self_evaluation"
    (project,) = content.projects
    assert project.total is None and (project.fiscal_central, project.fiscal_own) == (Decimal(20), Decimal(40))
    assert project.outcome == "完成8个小区路灯改造，夜间照明覆盖率96%。"
    assert [i.actual.raw for i in project.indicators if i.actual] == ["8个", "96%", "有所改善", "92%"]
    assert project.indicators[1].actual.normalized.value == Decimal(96), "the re-ask replaced the invented 97%"
    assert all(i.weight is None and i.score is None for i in project.indicators)
    assert project.indicators[2].deviation == REASON
    rejected = " ".join(f.message for f in result.findings if f.code == "llm-ungrounded")
    assert "total" in rejected and "weight" in rejected and "score_total" in rejected
    assert scripted.requests == 2, "one chunk, one re-ask"


TAB = ROOT / "tests" / "fixtures" / "layout" / "tab_self_evaluation_library.txt"
TAB_GRID = [
    _ind("产出指标", "数量指标", "免费开放文化站数量", "12个", "12个", "30", "30"),
    _ind("产出指标", "质量指标", "活动开展场次", "≥120场", "136场", "20", "20"),
    _ind("效益指标", "社会效益指标", "群众文化参与度", "逐步提高", "有所提高", "20", "16",
         "偏远村群众参与较少，下一步送活动进村"),
    _ind("满意度指标", "服务对象满意度指标", "群众满意度", "≥90%", "93%", "20", "20"),
]  # fmt: skip
TAB_PROJECT = {
    "name": "乡镇综合文化站免费开放", "department": "某县文化和旅游局", "unit": "某县文化馆", "money_unit": "万元",
    "total": "24", "fiscal_central": "12", "fiscal_provincial": "6", "fiscal_county": "6",
    "annual_goal": "全县12个乡镇综合文化站全年免费开放，开展群众文化活动。",
    "outcome": "12个文化站全部免费开放，全年开展活动136场。", "weight_total": "100", "score_total": "95.5",
    "execution": [{"source": "年度资金总额", "planned": "24", "adjusted": "24", "executed": "22.8", "weight": "10",
                   "rate": "95%", "score": "9.5"}],
    "indicators": TAB_GRID,
}  # fmt: skip


def test_the_model_reads_a_self_evaluation_table_grounded_value_by_value(make_backend, fake):
    """`--backend llm` on a tab-separated table: every v2 field, each pointing at its printed characters."""
    fake.script = [{"when": "乡镇综合文化站免费开放", "answer": {"projects": [TAB_PROJECT]}}]
    text = TAB.read_text(encoding="utf-8")
    result = make_backend(offline=pipeline, mode="llm", batch_tokens=2000).extract(text, TAB.name)
    (project,) = result.content.projects
    assert result.content.kind == "self_evaluation" and result.backend == "llm"
    assert (project.total, project.fiscal_central, project.fiscal_provincial, project.fiscal_county) == (24, 12, 6, 6)
    assert (project.weight_total, project.score_total) == (Decimal(100), Decimal("95.5"))
    participation = project.indicators[2]
    assert (participation.weight, participation.score) == (Decimal(20), Decimal(16))
    assert participation.actual.raw == "有所提高" and participation.deviation.startswith("偏远村")
    assert not [f for f in result.findings if f.code == "llm-ungrounded"]
    for record in (project, *project.indicators):  # every value points at its printed characters
        for name, (start, end) in record.spans.items():
            value = getattr(record, name)
            printed = value.raw if hasattr(value, "raw") else value
            assert (Decimal(text[start:end]) if isinstance(printed, Decimal) else text[start:end]) == printed, name
    assert {"actual", "weight", "score", "deviation"} <= participation.spans.keys()
    (budget,) = project.execution  # each number found after the one before: 24 twice, two places
    assert (budget.kind, budget.planned, budget.adjusted, budget.executed) == ("total", 24, 24, Decimal("22.8"))
    assert (budget.weight, budget.rate, budget.score) == (Decimal(10), "95%", Decimal("9.5"))
    assert budget.spans["planned"] != budget.spans["adjusted"]
    for name, (start, end) in budget.spans.items():
        value = getattr(budget, name)
        assert (Decimal(text[start:end]) if isinstance(value, Decimal) else text[start:end]) == value, name
    # the checks ran on the model's reading: 30 + 20 + 16 + 20 and the budget's 9.5 make the 总分 printed, 95.5
    assert not any(f.code in ("score-sum", "weight-sum") for f in result.findings)

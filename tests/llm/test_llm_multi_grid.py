"""A multi-project grid printed one cell per line (its rows lost) is read offline, and with
`--backend llm` it goes to the model through the any-layout path (issue #13). The scripted answers
and the expected values were written for this test by reading the fixture chunk by chunk; nothing
comes from a golden."""

from __future__ import annotations

from decimal import Decimal

from conftest import ROOT

from docnorm.extractor import pipeline
from docnorm.extractor.llm.layout_chunks import layout_chunks
from docnorm.schemas import FormPDocument

DOC = ROOT / "tests" / "fixtures" / "layout" / "multi_grid_lines.txt"
BUDGET = 100  # tokens per chunk: three chunks
HEADER = "单位名称\n项目名称\n资金总额\n年度目标\n一级指标\n二级指标\n三级指标\n指标值"


def _ind(level1, level2, name, target):
    return {"level1": level1, "level2": level2, "name": name, "annual_target": target}


SCRIPT = [
    {  # chunk 1: the title, the unit line, the header and the first project's cells
        "when": "群众文化活动经费",
        "answer": {"projects": [{
            "unit": "某县文化馆", "name": "群众文化活动经费", "money_unit": "万元", "total": "18.5",
            "annual_goal": "全年组织群众文化活动不少于40场。",
        }]},
    },
    {  # chunk 2: the first project's indicator rows, then the second project and its first row
        "when": "组织文化活动场次",
        "answer": {"projects": [
            {"continues": True, "indicators": [
                _ind("产出指标", "数量指标", "组织文化活动场次", "≥40场"),
                _ind("满意度指标", "服务对象满意度指标", "群众满意度", "≥90%"),
            ]},
            {"unit": "某县图书馆", "name": "公共阅读推广", "total": "9.6",
             "annual_goal": "开展全民阅读推广活动，服务读者5万人次。",
             "indicators": [_ind("产出指标", "数量指标", "阅读推广活动场次", "≥24场")]},
        ]},
    },
    {  # chunk 3: the second project's last row
        "when": "服务读者人次",
        "answer": {"projects": [{"continues": True, "indicators": [
            _ind("效益指标", "社会效益指标", "服务读者人次", "≥5万人次"),
        ]}]},
    },
]  # fmt: skip


def _assert_the_two_projects(content: object) -> None:
    assert isinstance(content, FormPDocument)
    first, second = content.projects
    assert (first.unit, first.name, first.total) == ("某县文化馆", "群众文化活动经费", Decimal("18.5"))
    assert [i.name for i in first.indicators] == ["组织文化活动场次", "群众满意度"]
    assert (second.unit, second.name, second.total) == ("某县图书馆", "公共阅读推广", Decimal("9.6"))
    assert [i.name for i in second.indicators] == ["阅读推广活动场次", "服务读者人次"]
    assert second.annual_goal == "开展全民阅读推广活动，服务读者5万人次。"


def test_offline_reads_a_multi_project_grid_whose_rows_are_lost():
    result = pipeline.extract_text(DOC.read_text(encoding="utf-8"), DOC.name)
    assert result.status == "ok" and not result.unplaced
    _assert_the_two_projects(result.content)
    assert result.content.projects[1].indicators[1].annual_target.raw == "≥5万人次"


def test_chunks_carry_the_whole_grid_header_and_never_cut_it():
    chunks = layout_chunks(DOC.read_text(encoding="utf-8"), "d", BUDGET)
    assert len(chunks) == 3
    assert HEADER in chunks[0].text and [c.header for c in chunks[1:]] == [HEADER, HEADER]
    assert [c.text.split("\n")[0] for c in chunks[1:]] == ["产出指标", "效益指标"], (
        "a level-2 line stays with its level-1"
    )


def test_a_multi_project_grid_is_read_by_the_model_and_joined(make_backend, scripted):
    text = DOC.read_text(encoding="utf-8")
    result = make_backend(offline=pipeline, mode="llm", batch_tokens=BUDGET).extract(text, DOC.name)
    assert isinstance(result.content, FormPDocument) and result.status == "ok", result.findings
    _assert_the_two_projects(result.content)
    first, second = result.content.projects
    assert second.money_unit == "万元" and second.spans["money_unit"] == first.spans["money_unit"]
    for project in result.content.projects:  # every value points at itself in the source
        for name, (start, end) in project.spans.items():
            value = getattr(project, name)
            assert (Decimal(text[start:end]) if isinstance(value, Decimal) else text[start:end]) == value
    assert scripted.requests == 3, "one request per chunk, nothing re-asked"

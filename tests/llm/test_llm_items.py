"""By-reference items (prompt by-reference-v3): the indicator list as one reference, parsed by the
offline item parser; wrong references and miscounts are re-asked, then fall back flagged."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from docnorm.extractor.llm.chunking import Job
from docnorm.extractor.llm.engine import Engine
from docnorm.extractor.llm.items import indicators_from_ref
from docnorm.extractor.llm.models import ANSWER_MODELS, ItemsChunkAnswer, TextRef
from docnorm.extractor.llm.refs import ref_span
from docnorm.llm.client import ModelClient
from docnorm.llm.settings import Settings
from docnorm.llm.transport import Reply

TEXT = (
    "社区办公经费 26.08 26.08\n"
    "发挥基层党组织凝聚服务群众职责，提升社\n"
    "区治理水平。\n"
    "1、1-产出指标；12-质量指标；居委会活动经费；实施周期指标值:100%；\n"
    "年度指标值:100%。2、3-满意度指标；31-服务对象满意度；群众满意度；\n"
    "实施周期指标值:≥90%；年度指标值:≥90%。"
)
JOB = Job(1, "示例街道办事处", "示例街道办事处", 0, len(TEXT), TEXT)
GOAL = {"line": 2, "starts_with": "发挥基层", "end_line": 3, "ends_with": "治理水平。"}
ITEMS = {"line": 4, "starts_with": "1、1-产出", "end_line": 6, "ends_with": "%。"}
ON_GOAL = {"line": 2, "starts_with": "发挥基层", "end_line": 6, "ends_with": "%。"}  # goal lines too


def _answer(items: dict, count: int = 2) -> ItemsChunkAnswer:
    return ItemsChunkAnswer.model_validate(
        {
            "projects": [
                {
                    "name": "社区办公经费",
                    "total": "26.08",
                    "fiscal": "26.08",
                    "goal": GOAL,
                    "indicators": items,
                    "indicator_count": count,
                }
            ]
        }
    )


@dataclass
class Scripted:
    """A transport that replays answers and records the messages it was sent."""

    answers: list[ItemsChunkAnswer]
    sent: list[list[dict]] = field(default_factory=list)

    def ask(self, messages: list[dict], model: type) -> Reply:
        self.sent.append(messages)
        return Reply(self.answers[min(len(self.sent), len(self.answers)) - 1], 100, 10, 1)


def _run(*answers: ItemsChunkAnswer):
    transport = Scripted(list(answers))
    settings = Settings(mode="llm", base_url="http://unused/v1", model="m", prompt="by-reference-v3")
    client = ModelClient(settings, transport=transport)  # type: ignore[arg-type]
    engine = Engine(client, client.prompt("by-reference-v3", ANSWER_MODELS))
    [result] = engine.run([JOB])
    return result, transport


def test_last_tail_reads_the_whole_list_although_its_ending_repeats():
    flat = TEXT.replace("\n", "\t")  # a tabbed layout: the record is one line
    job, ref = Job(1, None, None, 0, len(flat), flat), TextRef(**{**ITEMS, "line": 1, "end_line": 1})
    first, last = ref_span(job, ref), ref_span(job, ref, last_tail=True)
    assert flat[first[0] : first[1]].endswith("\t年度指标值:100%。")  # the first `%。` after the start
    assert flat[last[0] : last[1]].endswith("；年度指标值:≥90%。")


def test_items_are_parsed_from_the_referenced_text():
    indicators, issues = indicators_from_ref(JOB, TextRef(**ITEMS), 2)
    assert issues == []
    assert [
        (i.printed_no, i.level1_code, i.level2, i.name, i.period_target.raw, i.annual_target.raw) for i in indicators
    ] == [
        (1, "1", "质量指标", "居委会活动经费", "100%", "100%"),
        (2, "3", "服务对象满意度", "群众满意度", "≥90%", "≥90%"),
    ]


@pytest.mark.parametrize(
    "ref, count, code",
    [
        (ON_GOAL, 2, "llm-bad-reference"),  # starts on the goal's lines: text before the first item
        ({**ITEMS, "starts_with": "不存在"}, 2, "llm-bad-reference"),  # does not resolve
        (ITEMS, 3, "llm-item-count"),  # the model saw another number of items
        (None, 2, "llm-bad-reference"),
    ],
)
def test_wrong_references_and_counts_are_issues(ref, count, code):
    _, issues = indicators_from_ref(JOB, TextRef(**ref) if ref else None, count)
    assert [i.code for i in issues] == [code]


def test_reference_to_the_wrong_lines_is_reasked_and_then_accepted():
    result, transport = _run(_answer(ON_GOAL), _answer(ITEMS))
    assert result.outcome == "llm" and len(transport.sent) == 2
    reask = transport.sent[1][-1]["content"]
    assert "does not start with an indicator item" in reask and "### 记录 1\n001| 社区办公经费" in reask
    assert [i.name for i in result.project.indicators] == ["居委会活动经费", "群众满意度"]
    assert result.project.goal == "发挥基层党组织凝聚服务群众职责，提升社区治理水平。"
    start, end = result.project.indicators[1].spans["name"]
    assert TEXT[start:end] == "群众满意度"  # grounded in the source like the other strategies


def test_a_persistent_count_mismatch_is_flagged_and_falls_back():
    result, transport = _run(_answer(ITEMS, count=3))
    assert len(transport.sent) == 3  # the answer and two targeted re-asks
    assert result.outcome == "fallback" and result.project is None
    codes = [f.code for f in result.findings]
    assert "llm-item-count" in codes and "llm-fallback" in codes

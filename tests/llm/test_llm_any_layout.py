"""A document no offline form reads goes to the model in any layout (issue #13, Deliver 4).

The fixture is a hand-written pair of per-project tables run together on one line, no separator
and no line break. The offline reader reads it too (tests/test_form_p.py); here `--backend llm`
sends it to the model in any layout, and the hybrid batch below takes a document offline refuses.
The scripted answers below were written for this test by reading the fixture, chunk by chunk; they
include invented values, so the test checks chunking, grounding, rejection, re-asks, validation
and the joining of projects cut by a chunk boundary — not a copy of a golden."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from decimal import Decimal

import pytest
from conftest import DOC000, ROOT
from test_llm_self_evaluation import DOC as REFUSED_DOC
from test_llm_self_evaluation import SCRIPT as REFUSED_SCRIPT

from docnorm.extractor import pipeline
from docnorm.extractor.llm.layout_chunks import layout_chunks
from docnorm.schemas import FormPDocument

DOC = ROOT / "tests" / "fixtures" / "layout" / "runon_county_water.txt"
BUDGET = 150  # tokens per chunk: cuts the fixture into four chunks


def _ind(level1, level2, name, target):
    return {"level1": level1, "level2": level2, "name": name, "annual_target": target}


P1_GRID = [
    _ind("产出指标", "数量指标", "维修供水工程处数", "≥25处"),
    _ind("产出指标", "质量指标", "水质检测合格率", "≥95%"),
    _ind("产出指标", "时效指标", "维修完成时限", "2026年11月底前"),
    _ind("效益指标", "社会效益指标", "受益人口", "≥1.2万人"),
    _ind("满意度指标", "服务对象满意度指标", "群众满意度", "≥90%"),
]
SCRIPT = [
    # chunk 1 is page furniture and the title: no entry matches, the model finds no project in it
    {  # chunk 2: the first project's header and its first two indicator rows; the first answer
        # invents a target, the re-ask fixes it
        "when": "农村饮水安全维修养护",
        "answer": {"projects": [{
            "name": "农村饮水安全维修养护", "department": "某县水利局", "unit": "某县农村供水服务站",
            "attribute": "经常性项目", "period": "2026年1月-2026年12月", "money_unit": "万元",
            "total": "36.4", "fiscal": "30", "superior": "6.4", "other": "0",
            "annual_goal": "完成全县农村供水工程维修养护，保障群众饮水安全。",
            "indicators": [P1_GRID[0], _ind("产出指标", "质量指标", "水质检测合格率", "≥99%")],
        }]},
        "reask": {"projects": [{
            "name": "农村饮水安全维修养护", "department": "某县水利局", "unit": "某县农村供水服务站",
            "attribute": "经常性项目", "period": "2026年1月-2026年12月", "money_unit": "万元",
            "total": "36.4", "fiscal": "30", "superior": "6.4", "other": "0",
            "annual_goal": "完成全县农村供水工程维修养护，保障群众饮水安全。",
            "indicators": P1_GRID[:2],
        }]},
    },
    {  # chunk 3: the first project continued, then the second project cut before its last two rows
        "when": "维修完成时限",
        "answer": {"projects": [
            {"continues": True, "indicators": P1_GRID[2:]},
            {
                "name": "山洪灾害防治设施运行维护", "department": "某县水利局", "unit": "某县防汛抗旱服务中心",
                "money_unit": "万元", "total": "12", "fiscal": "10", "annual_goal": "保障监测预警设施正常运行。",
                "indicators": [_ind("产出指标", "数量指标", "维护监测站点个数", "18个")],
            },
        ]},
    },
    {  # chunk 4: the last rows, plus a department that is printed nowhere (rejected, even re-asked)
        "when": "预警信息发布及时率",
        "answer": {"projects": [{
            "continues": True, "department": "某县水务局",
            "indicators": [
                _ind("效益指标", "社会效益指标", "预警信息发布及时率", "100%"),
                _ind("满意度指标", "服务对象满意度指标", "群众满意度", "≥90%"),
            ],
        }]},
    },
]  # fmt: skip


def test_chunks_cover_the_text_and_cut_only_between_rows():
    text = DOC.read_text(encoding="utf-8")
    chunks = layout_chunks(text, "d", BUDGET)
    assert len(chunks) == 4
    assert "".join(c.text for c in chunks) == text
    # on a line holding the whole table, cuts fall before a project or a level name, never inside a row
    assert [c.text[:4] for c in chunks[1:]] == ["项目名称", "时效指标", "效益指标"]
    # the grid header travels alone, never with the rest of the line it is printed on
    assert [c.header for c in chunks] == ["", "", "一级指标二级指标三级指标指标值", "一级指标二级指标三级指标指标值"]
    assert all(c.tokens <= 2 * BUDGET for c in chunks)


def test_a_form_run_together_on_one_line_is_cut_before_level_names():
    one_line = DOC.read_text(encoding="utf-8").replace("\n", "")
    chunks = layout_chunks(one_line, "d", BUDGET)
    assert len(chunks) > 2 and "".join(c.text for c in chunks) == one_line
    starts = (
        "产出指标",
        "效益指标",
        "满意度指标",
        "数量指标",
        "质量指标",
        "时效指标",
        "社会效益指标",
        "项目名称",
        "一级指标",
    )
    assert all(c.text.startswith(starts) for c in chunks[1:]), [c.text[:8] for c in chunks]


def test_a_document_is_read_by_the_model_in_any_layout_grounded_and_joined(make_backend, scripted):
    text = DOC.read_text(encoding="utf-8")
    backend = make_backend(offline=pipeline, mode="llm", batch_tokens=BUDGET)
    result = backend.extract(text, DOC.name)
    content = result.content
    assert isinstance(content, FormPDocument) and result.backend == "llm"
    first, second = content.projects
    assert (first.name, first.total, first.unit) == ("农村饮水安全维修养护", Decimal("36.4"), "某县农村供水服务站")
    assert first.annual_goal.startswith("完成全县") and len(first.indicators) == 5
    assert first.indicators[1].annual_target.raw == "≥95%", "the re-ask replaced the invented target"
    assert [i.name for i in second.indicators] == ["维护监测站点个数", "预警信息发布及时率", "群众满意度"]
    assert second.department == "某县水利局", "the invented department of chunk 4 was rejected"
    rejected = [f for f in result.findings if f.code == "llm-ungrounded"]
    assert len(rejected) == 1 and "某县水务局" in rejected[0].message
    assert result.status == "partial"
    assert any(f.code == "sum-mismatch" and "project 2" in f.message for f in result.findings), "validators ran"
    for project in content.projects:
        for name, (start, end) in project.spans.items():  # every value points at itself in the source
            value = getattr(project, name)
            assert (Decimal(text[start:end]) if isinstance(value, Decimal) else text[start:end]) == value
        for ind in project.indicators:
            assert ind.spans.keys() == {"level1", "level2", "name", "annual_target"}
            assert [text[s:e] for s, e in ind.spans.values()] == [
                ind.level1,
                ind.level2,
                ind.name,
                ind.annual_target.raw,
            ]
    assert scripted.requests == 4 + 2, "one request per chunk and a re-ask for chunks 2 and 4"
    assert set(result.usage.records) == {f"chunk {n}" for n in range(1, 5)}


def test_a_chunk_the_model_cannot_answer_is_kept_as_unplaced_text(make_backend, scripted):
    text = DOC.read_text(encoding="utf-8")
    scripted.faults.extend(["500"] * 40)
    backend = make_backend(offline=pipeline, mode="llm", batch_tokens=BUDGET, transport_attempts=1)
    result = backend.extract(text, DOC.name)
    assert result.status == "failed"
    assert "".join(u.text for u in result.unplaced) == text, "nothing is dropped"
    assert [f.code for f in result.findings].count("llm-failed") == 4


def test_cli_hybrid_batch_sends_only_the_document_no_offline_form_reads(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    for doc in (REFUSED_DOC, DOC, DOC000):  # refused offline; read offline (one line); Form A
        (docs / doc.name).write_bytes(doc.read_bytes())
    script = tmp_path / "script.json"
    script.write_text(json.dumps(REFUSED_SCRIPT, ensure_ascii=False), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DOCNORM_LAYOUT_KEY": "sk-test"}
    serve = [sys.executable, "-m", "docnorm", "fake-llm", "--port", "0", "--script", str(script)]
    proc = subprocess.Popen(serve, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
    try:
        url = proc.stdout.readline().split()[2]
        out = tmp_path / "out"
        cmd = [sys.executable, "-m", "docnorm", "extract", str(docs), "-o", str(out), "--backend", "hybrid",
               "--base-url", url, "--model", "fake-golden", "--api-key-env", "DOCNORM_LAYOUT_KEY",
               "--llm-option", "batch_tokens=2000", "--no-progress"]  # fmt: skip
        run = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    assert run.returncode == 0, run.stderr[-2000:]
    assert "Traceback" not in run.stderr
    projects = (out / "projects.csv").read_text(encoding="utf-8-sig")
    assert "老旧小区路灯改造" in projects and "某区市政设施维护中心" in projects, "the model's reading"
    assert "农村饮水安全维修养护" in projects and "山洪灾害防治设施运行维护" in projects, "the offline reading"
    manifest = json.loads((out / "batch.json").read_text(encoding="utf-8"))
    statuses = {e["document"]: e["status"] for e in manifest["documents"]}
    # partial: amounts printed inside a run of digits are rejected (test_llm_self_evaluation)
    assert statuses == {REFUSED_DOC.name: "partial", DOC.name: "ok", DOC000.name: "ok"}
    results = {e["document"]: (out / e["result"]).read_text(encoding="utf-8") for e in manifest["documents"]}
    assert '"llm-layout"' in results[REFUSED_DOC.name]
    assert '"llm-layout"' not in results[DOC.name], "a document read offline makes no request in hybrid"
    assert '"llm-replaced"' not in results[DOC000.name], "a clean Form A document makes no request in hybrid"
    assert json.loads(results[REFUSED_DOC.name])["coverage"] is None, "the model's reading has no character ledger"


def test_layout_prompts_load_and_their_examples_fit_the_schema():
    from docnorm.extractor.llm.layout_models import LAYOUT_MODELS
    from docnorm.llm.prompts import available, load_prompt, prompt_folder

    ids = available(prompt_folder("layout"))
    assert {"any-layout-v1", "any-layout-v2", "any-layout-v3"} <= set(ids)
    for prompt_id in ids:
        prompt = load_prompt(prompt_id, LAYOUT_MODELS, prompt_folder("layout"))
        assert prompt.examples and prompt.variables == {"header", "position", "chunk", "issues"}


def test_every_value_of_the_layout_prompts_examples_is_printed_in_its_input():
    """A few-shot example that shows a value its input does not print would teach the model to invent."""
    from docnorm.extractor.llm.layout_build import build_part
    from docnorm.extractor.llm.layout_chunks import LayoutChunk
    from docnorm.extractor.llm.layout_models import LAYOUT_MODELS, LayoutChunkAnswer
    from docnorm.llm.prompts import available, load_prompt, prompt_folder

    for prompt_id in available(prompt_folder("layout")):
        prompt = load_prompt(prompt_id, LAYOUT_MODELS, prompt_folder("layout"))
        for user, assistant in prompt.examples:
            chunk_text = user.split("块：\n", 1)[1]
            chunk = LayoutChunk(1, 0, len(chunk_text), chunk_text, "")
            for project in LayoutChunkAnswer.model_validate_json(assistant).projects:
                missing = [g.field for g in build_part(chunk, project).groundings if g.span is None]
                assert not missing, (prompt_id, missing)


def _layout_prompts() -> list[str]:
    from docnorm.llm.prompts import available, prompt_folder

    return sorted(available(prompt_folder("layout")))


@pytest.mark.parametrize("prompt_id", _layout_prompts())
def test_an_invented_value_is_rejected_under_every_layout_prompt(make_backend, scripted, prompt_id):
    """The scripted answers invent a target (fixed by the re-ask) and a department printed nowhere:
    under every layout prompt neither reaches the result."""
    text = DOC.read_text(encoding="utf-8")
    backend = make_backend(offline=pipeline, mode="llm", batch_tokens=BUDGET, layout_prompt=prompt_id)
    result = backend.extract(text, DOC.name)
    assert isinstance(result.content, FormPDocument)
    values = result.content.model_dump_json()
    assert "≥99%" not in values and "某县水务局" not in values
    assert [f.code for f in result.findings].count("llm-ungrounded") == 1

"""Unit tests of the LLM package: prompts, grounding, references, chunking, limiter, settings, CLI."""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from docnorm.errors import ConfigError, PromptError
from docnorm.extractor.llm.chunking import Job, batch_jobs, render_records
from docnorm.extractor.llm.engine import resolve_ref
from docnorm.extractor.llm.grounding import Grounder
from docnorm.extractor.llm.models import ANSWER_MODELS, TextRef
from docnorm.llm.prompts import available, load_prompt
from docnorm.llm.ratelimit import RateLimiter
from docnorm.llm.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
PROMPT = """id: t
strategy: verbatim
variables: [department, records]
system: s $department
user: u $records
reask: r $records
"""


def test_shipped_prompts_load_with_valid_examples():
    ids = available()
    assert {"verbatim-v1", "verbatim-v2", "by-reference-v1", "by-reference-v2", "by-reference-v3"} <= set(ids)
    for prompt_id in ids:
        prompt = load_prompt(prompt_id, ANSWER_MODELS)
        assert prompt.digest and prompt.strategy in (
            "verbatim",
            "by-reference",
            "by-reference-goal",
            "by-reference-items",
        )


def test_missing_variable_is_a_prompt_error(tmp_path):
    (tmp_path / "t.yaml").write_text(PROMPT, encoding="utf-8")
    prompt = load_prompt("t", ANSWER_MODELS, tmp_path)
    assert prompt.render("user", records="R") == "u R"
    with pytest.raises(PromptError, match="needs variable 'records'"):
        prompt.render("user", department="D")


@pytest.mark.parametrize(
    "change, message",
    [
        (("u $records", "u $records $nope"), "undeclared"),
        (
            (
                "reask: r $records\n",
                "reask: r $records\nexamples:\n  - input: x\n    answer: {projects: [{name: 5}]}\n",
            ),
            "few-shot example 1",
        ),
        (("strategy: verbatim", "strategy: guess"), "strategy"),
    ],
)
def test_malformed_prompt_files_are_rejected(tmp_path, change, message):
    (tmp_path / "t.yaml").write_text(PROMPT.replace(*change), encoding="utf-8")
    with pytest.raises(PromptError, match=message):
        load_prompt("t", ANSWER_MODELS, tmp_path)


def test_unknown_prompt_lists_the_available_ones():
    with pytest.raises(PromptError, match="verbatim-v1"):
        load_prompt("nope-v9", ANSWER_MODELS)


SOURCE = "    街消毒站病媒生物防治专职\n人员补贴\n\n1,016.56 16.56\n<p>实施周期指标\n值:100%</p>；年度指标值：≥95%。"


@pytest.mark.parametrize(
    "value, kind",
    [
        ("人员补贴", "exact"),
        ("街消毒站病媒生物防治专职人员补贴", "normalized"),  # across a line wrap
        ("实施周期指标值：100%", "normalized"),  # across a wrap, a tag and full/half width
        ("街消毒站病媒生物防治专职人员补助", "fuzzy"),
        ("社区志愿服务活动经费", "ungrounded"),
    ],
)
def test_grounding_kinds(value, kind):
    g = Grounder(SOURCE, base=100).text("name", value)
    assert g.kind == kind
    if kind != "ungrounded":
        assert 100 <= g.span.start < g.span.end <= 100 + len(SOURCE)


def test_numbers_are_grounded_as_numbers():
    grounder = Grounder(SOURCE, base=10)
    hit = grounder.number("total", Decimal("1016.56"))
    assert hit.kind == "exact" and SOURCE[hit.span.start - 10 : hit.span.end - 10] == "1,016.56"
    assert grounder.number("fiscal", Decimal("16.5")).kind == "ungrounded"


def test_fuzzy_never_accepts_an_invented_number():
    assert Grounder(SOURCE).text("name", "年度指标值：≥96%").kind == "ungrounded"


def test_fuzzy_needs_the_spans_own_digits_not_the_records():
    """The record holds 12 elsewhere; the span the value resembles says 21: a changed number."""
    source = "项目编号12。发挥基层党组织凝聚服务群众职责，覆盖社区21个，服务居民满意。"
    grounder = Grounder(source)
    assert grounder.text("goal", "发挥基层党组织凝聚服务群众职责，覆盖社区12个，服务居民满意。").kind == "ungrounded"
    near = grounder.text("goal", "发挥基层党组织凝聚服務群众职责，覆盖社区21个，服务居民满意。")  # one variant form
    assert near.kind in ("normalized", "fuzzy") and near.span is not None
    slipped = grounder.text("goal", "发挥基层党组织凝聚服务群从职责，覆盖社区21个，服务居民满意。")  # a wrong character
    assert slipped.kind == "fuzzy" and source[slipped.span.start : slipped.span.end].startswith("发挥基层")


def _job(text: str, position: int = 1, unit: str = "u") -> Job:
    return Job(position, unit, "d", 0, len(text), text)


def test_resolve_reference_across_wrapped_lines():
    job = _job("\n社区办公经费 26.08\n发挥基层党组织凝聚服务\n群众职责。发挥基层党组织战斗堡垒\n作用。")
    rendered = render_records([job], numbered=True)
    assert "002| 发挥基层党组织凝聚服务" in rendered
    ref = TextRef(line=2, starts_with="发挥基层", end_line=3, ends_with="职责。")
    assert resolve_ref(job, ref) == "发挥基层党组织凝聚服务群众职责。"
    assert (
        resolve_ref(job, TextRef(line=3, starts_with="发挥基层", end_line=4, ends_with="作用。"))
        == "发挥基层党组织战斗堡垒作用。"
    )
    assert resolve_ref(job, TextRef(line=2, starts_with="不存在", end_line=2, ends_with="职责。")) is None
    assert resolve_ref(job, TextRef(line=9, starts_with="发挥", end_line=9, ends_with="。")) is None


def test_batches_respect_budget_and_context_and_never_split_records():
    jobs = [_job("字" * 100, i, "u1" if i < 6 else "u2") for i in range(1, 9)]
    batches = batch_jobs(jobs, budget_tokens=250)
    assert [[j.position for j in b] for b in batches] == [[1, 2], [3, 4], [5], [6, 7], [8]]
    assert batch_jobs([_job("字" * 900)], budget_tokens=250)[0][0].tokens > 250  # alone, whole


def test_rate_limiter_waits_for_the_window():
    now = [0.0]
    slept: list[float] = []

    def sleep(s: float) -> None:
        slept.append(s)
        now[0] += s

    limiter = RateLimiter(rpm=2, tpm=1000, clock=lambda: now[0], sleep=sleep, window=60)
    limiter.acquire(100)
    limiter.acquire(100)
    limiter.acquire(100)  # third request in the minute
    assert slept == [60.0]
    limiter.acquire(950)  # tokens: 100 + 950 > 1000 within the window
    assert len(slept) == 2


def test_settings_from_command_line_strings():
    settings = Settings.build(
        {"json_mode": "true", "rpm": "30", "wait_max": "2.5"},
        base_url="http://x/v1",
        model="m",
        prompt="verbatim-v1",
        max_cost=None,
    )
    assert settings.json_mode is True and settings.rpm == 30 and settings.wait_max == 2.5
    assert settings.mode == "hybrid" and settings.prompt == "verbatim-v1" and settings.max_cost is None


@pytest.mark.parametrize(
    "options, message",
    [
        ({"nope": "1"}, "unknown llm option 'nope'"),
        ({"rpm": "many"}, "rpm='many'"),
        ({"json_mode": "maybe"}, "json_mode='maybe'"),  # never silently false
        ({"rpm": "-1"}, "rpm='-1'"),
        ({"sleep": "1"}, "unknown llm option 'sleep'"),  # for tests only, not a command-line knob
        ({"cache_dir": "/etc"}, "unknown llm option 'cache_dir'"),  # the cache goes where --cache-dir says
        ({"preflight": "perhaps"}, "preflight='perhaps'"),
    ],
)
def test_bad_llm_options_are_config_errors_naming_the_option(options, message):
    with pytest.raises(ConfigError, match=message):
        Settings.build(options)


def test_build_backend_without_endpoint_is_a_config_error():
    from docnorm.extractor.backends import build_backend

    with pytest.raises(ConfigError, match="endpoint"):
        build_backend("llm")


def test_help_does_not_import_openai():
    code = (
        "import sys\nfrom docnorm.cli.main import build_parser\nbuild_parser().format_help()\n"
        "assert not [m for m in sys.modules if m.split('.')[0] in ('openai', 'instructor', 'httpx')]\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT, env={"PYTHONPATH": str(ROOT)})


def test_fake_llm_cli_parses_faults():
    from docnorm.cli.fake_llm import _faults
    from docnorm.cli.main import build_parser

    args = build_parser().parse_args(["fake-llm", "--port", "0", "--fault", "429:2", "--fault", "drop"])
    assert args.handler and _faults(args.fault) == ["429", "429", "drop"]
    with pytest.raises(ConfigError):
        _faults(["explode"])


def test_theme_prompts_load_apart_from_the_extraction_prompts():
    from docnorm.llm.prompts import prompt_folder
    from docnorm.themes.llm_namer import THEME_ANSWERS, THEME_PROMPT_FOLDER, ThemeNameAnswer

    assert "theme-name-v1" not in available()
    prompt = load_prompt("theme-name-v1", THEME_ANSWERS, prompt_folder(THEME_PROMPT_FOLDER))
    assert prompt.answer_model is ThemeNameAnswer and prompt.examples
    assert "关键词：党员" in prompt.render("user", keywords="党员", texts="- t")

"""End to end through the real openai client and instructor against fake-llm on 127.0.0.1."""

from __future__ import annotations

import time

import pytest
from conftest import ROOT
from llm_helpers import assert_matches_golden, codes

PROMPTS = ["verbatim-v1", "verbatim-v2", "by-reference-v1", "by-reference-v2", "by-reference-v3"]


@pytest.mark.parametrize("json_mode", [False, True], ids=["tools", "json"])
@pytest.mark.parametrize("prompt", PROMPTS)
def test_llm_mode_reproduces_golden(make_backend, fake, doc000, golden000, prompt, json_mode):
    backend = make_backend(prompt=prompt, json_mode=json_mode)
    result = backend.extract(doc000, "000.txt")
    assert_matches_golden(result, golden000)
    assert result.backend == "llm" and result.status == "ok"
    assert codes(result).count("llm-replaced") == len(golden000.content.projects)
    assert not {"llm-ungrounded", "llm-fallback"} & set(codes(result))
    first = result.content.projects[0]
    start, end = first.spans["goal"]
    assert doc000[start:end] == first.goal
    assert set(first.indicators[0].spans) >= {"name", "annual_target"}
    usage = backend.summary()["total"]
    assert usage["requests"] == fake.requests and usage["tokens_in"] > 0 and usage["tokens_out"] > 0
    assert sum(len(s) for s in fake.seen) == 24 and fake.requests < 24  # records batched, none split
    ledger = result.usage
    assert len(ledger.records) == 24 and ledger.total.tokens_in == pytest.approx(usage["tokens_in"], abs=24)
    assert ledger.model == "fake-golden" or ledger.model
    assert backend.usage_for("000.txt")["project 1"]["attempts"] >= 1


def test_hybrid_clean_document_costs_nothing(make_backend, fake, doc000):
    result = make_backend(mode="hybrid").extract(doc000, "000.txt")
    assert fake.requests == 0 and result.backend == "hybrid" and len(result.content.projects) == 24


def test_hybrid_sends_only_flagged_records(make_backend, fake):
    """Integration with the real offline pipeline (`extractor.pipeline`) on a document it flags."""
    from conftest import ROOT

    from docnorm.extractor import pipeline

    text = (ROOT / "examples/docs/003_00b04d726a13fa98.txt").read_text(encoding="utf-8")
    offline = pipeline.extract_text(text, "003.txt")
    result = make_backend(mode="hybrid", offline=pipeline).extract(text, "003.txt")
    sent = sorted(p for s in fake.seen for p in s)
    assert 0 < len(set(sent)) < len(offline.content.projects) / 2
    assert [p.position for p in result.content.projects] == [p.position for p in offline.content.projects]
    done = [f for f in result.findings if f.code in ("llm-replaced", "llm-fallback")]
    assert {f.location.record for f in done} == {f"project {p}" for p in set(sent)}


@pytest.mark.parametrize("fault", ["429", "500", "timeout", "malformed", "invalid"])
def test_transient_and_schema_faults_recover(make_backend, fake, sleeps, doc000, golden000, fault):
    fake.faults.append(fault)
    fake.retry_after, fake.hang = 0.02, 1.0
    # the short timeout only where the fault is a hang: under load it also cut a slow healthy answer
    # (a sixth request, seen once in a fresh-clone CI run of the `malformed` case)
    result = make_backend(**({"timeout": 0.3} if fault == "timeout" else {})).extract(doc000, "000.txt")
    assert_matches_golden(result, golden000)
    assert "llm-fallback" not in codes(result) and "llm-failed" not in codes(result)
    assert fake.requests == 5  # the four batches + one retry or re-ask
    if fault == "429":
        assert sleeps == [0.02]  # Retry-After honoured
    elif fault in ("500", "timeout"):
        assert len(sleeps) == 1 and 0 < sleeps[0] <= 0.05  # exponential backoff with jitter


def test_truncated_answer_splits_the_batch(make_backend, fake, doc000, golden000):
    fake.faults.append("truncated")
    result = make_backend(concurrency=1).extract(doc000, "000.txt")
    assert_matches_golden(result, golden000)
    first, second, third = fake.seen[:3]
    assert len(first) == 8 and sorted(second + third) == first  # split in halves, not retried whole


@pytest.mark.parametrize("fault", ["invent", "drop"])
def test_domain_failures_reask_only_that_record(make_backend, fake, doc000, golden000, fault):
    fake.faults.append(fault)
    result = make_backend(concurrency=1).extract(doc000, "000.txt")
    assert_matches_golden(result, golden000)
    assert fake.requests == 5 and [1] in fake.seen[1:]  # one targeted re-ask for record 1
    assert "llm-fallback" not in codes(result)


def test_persistent_invention_falls_back_flagged(make_backend, fake, doc000, golden000):
    fake.faults.extend(["invent"] * 3)  # the batch answer and both re-asks invent a value
    result = make_backend(concurrency=1).extract(doc000, "000.txt")
    assert_matches_golden(result, golden000)  # the offline record is kept (it is right here)
    flagged = [f for f in result.findings if f.code == "llm-fallback"]
    assert [f.location.record for f in flagged] == ["project 1"]
    assert "llm-ungrounded" in codes(result)


PROMPTS = sorted(p.stem for p in (ROOT / "prompts").glob("*.yaml"))


@pytest.mark.parametrize("prompt", PROMPTS)
def test_an_invented_value_is_rejected_under_every_prompt(make_backend, fake, doc000, golden000, prompt):
    fake.faults.extend(["invent"] * 3)  # the answer and both re-asks append words to a name
    result = make_backend(concurrency=1, prompt=prompt).extract(doc000, "000.txt")
    names = [p.name or "" for p in result.content.projects]
    assert not any("专项资金补贴扩展" in n for n in names)  # the words the fake made up
    assert names == [p.name for p in golden000.content.projects]
    assert "llm-ungrounded" in codes(result) and "llm-fallback" in codes(result)


def test_outage_keeps_every_record_with_a_clear_flag(make_backend, fake, doc000, golden000):
    fake.faults.extend(["500"] * 100)
    result = make_backend(transport_attempts=2).extract(doc000, "000.txt")
    assert_matches_golden(result, golden000)
    failed = [f for f in result.findings if f.code == "llm-failed"]
    assert len(failed) == 24 and "InternalServerError (HTTP 500)" in failed[0].message


def test_cache_makes_a_rerun_free(make_backend, fake, doc000, tmp_path):
    first = make_backend(cache_dir=str(tmp_path)).extract(doc000, "000.txt")
    used = fake.requests
    again = make_backend(cache_dir=str(tmp_path))
    second = again.extract(doc000, "000.txt")
    assert used > 0 and fake.requests == used
    assert second.content == first.content
    assert again.summary()["total"]["cached"] == used and again.summary()["total"]["tokens_in"] == 0
    changed = make_backend(cache_dir=str(tmp_path), prompt="verbatim-v1")
    changed.extract(doc000, "000.txt")
    assert fake.requests > used  # another prompt version is another key


@pytest.mark.parametrize("budget", [{"max_tokens": 4000}, {"max_cost": 0.002}], ids=["tokens", "cost"])
def test_budget_stops_cleanly_and_marks_partial(make_backend, fake, doc000, golden000, budget):
    backend = make_backend(concurrency=1, **budget)
    result = backend.extract(doc000, "000.txt")
    assert result.status == "partial"
    assert_matches_golden(result, golden000)  # unfinished records keep their offline values
    assert 0 < fake.requests < 4 and "llm-budget" in codes(result)
    done = codes(result).count("llm-replaced") + codes(result).count("llm-budget")
    assert done == 24


def test_concurrency_is_bounded_and_overlaps(make_backend, fake, doc000):
    """Four requests were in flight at once (they overlap) and never more (the bound). Wall-time
    figures belong to bench/bench_llm.py, not to a test."""
    fake.latency = 0.15
    make_backend(concurrency=4, batch_tokens=1).extract(doc000, "000.txt")
    assert fake.max_in_flight == 4 and fake.requests == 24


def test_rate_limiter_spaces_requests(make_backend, fake, doc000):
    from docnorm.llm.ratelimit import RateLimiter

    backend = make_backend(concurrency=4)
    waits: list[float] = []
    backend.client.limiter = RateLimiter(rpm=2, tpm=None, sleep=lambda s: (waits.append(s), time.sleep(s)), window=0.4)
    started = time.perf_counter()
    backend.extract(doc000, "000.txt")
    assert fake.requests == 4 and waits  # the 3rd and 4th requests had to wait for the window
    assert time.perf_counter() - started >= 0.4


def test_fake_llm_without_goldens_answers_from_the_offline_extractor(make_backend, fake, doc000, golden000):
    from docnorm.fakellm.server import GoldenIndex

    fake.golden = GoldenIndex(None)
    result = make_backend(concurrency=1).extract(doc000, "000.txt")
    assert codes(result).count("llm-replaced") == 24
    assert [p.name for p in result.content.projects] == [p.name for p in golden000.content.projects]


def test_run_cell_for_the_eval_matrix(fake, golden000):
    from conftest import DOC000
    from llm_standin import GoldenOffline

    from docnorm.extractor.llm import run_cell

    cell = run_cell(
        [DOC000, ("copy.txt", DOC000.read_text(encoding="utf-8"))],
        base_url=fake.url,
        model="fake-golden",
        prompt="by-reference-v1",
        mode="llm",
        concurrency=2,
        offline=GoldenOffline(golden000),
        json_mode=True,
    )
    assert [r.document for r in cell.results] == [DOC000.name, "copy.txt"]
    assert cell.usage["total"]["requests"] == fake.requests == 8 and cell.wall_seconds > 0
    assert cell.settings["prompt"] == "by-reference-v1"
    for result in cell.results:
        assert_matches_golden(result, golden000)

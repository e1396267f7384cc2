"""The API key never reaches logs, caches, outputs or error messages."""

from __future__ import annotations

import logging

from llm_helpers import codes

SENTINEL = "sk-SENTINEL-7f3a9c1e-do-not-leak"


def test_key_is_sent_but_never_written(make_backend, fake, doc000, tmp_path, monkeypatch, caplog):
    monkeypatch.setenv("DOCNORM_TEST_KEY", SENTINEL)
    caplog.set_level(logging.DEBUG)  # openai, httpx, instructor and ours, at their chattiest
    cache = tmp_path / "cache"
    backend = make_backend(cache_dir=str(cache), concurrency=1, transport_attempts=2)
    fake.faults.extend(["500", "500", "429", "invent", "malformed"])
    result = backend.extract(doc000, "000.txt")
    out = tmp_path / "result.json"
    out.write_text(result.model_dump_json(), encoding="utf-8")
    (tmp_path / "summary.json").write_text(str(backend.summary()), encoding="utf-8")
    assert fake.authorized == fake.requests > 0  # the key was really used
    assert "llm-failed" in codes(result)  # error messages were produced too
    files = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert any(p.parent.parent == cache for p in files)  # cache entries exist
    for path in files:
        assert SENTINEL not in path.read_text(encoding="utf-8"), path
    assert SENTINEL not in caplog.text
    assert all(SENTINEL not in f.message for f in result.findings)
    assert SENTINEL not in repr(backend.client.transport.__dict__.get("settings"))

"""Faults under the LLM answer cache (issue #12): an invalid entry is asked again and overwritten;
a cache that cannot be written (disk full) loses only the saving, never the answer or the
document's result; a cache folder that cannot exist is one line and exit 2."""

from __future__ import annotations

import errno
import json
import logging
from pathlib import Path

import pytest
from conftest import DOC000

from docnorm.cli.main import main

KEY_VAR = "DOCNORM_CACHE_FAULT_KEY"


def _entries(cache: Path) -> list[Path]:
    return sorted(cache.glob("*/*.json"))


@pytest.mark.parametrize(
    "damage",
    ["{not json", "[1, 2]", '{"answer": {"projects": "not a list"}}', '{"other": 1}'],
    ids=["not-json", "a-list", "wrong-shape", "no-answer"],
)
def test_an_invalid_cache_entry_is_asked_again(make_backend, fake, doc000, tmp_path, caplog, damage):
    cache = tmp_path / "cache"
    first = make_backend(cache_dir=str(cache)).extract(doc000, "000.txt")
    entries, asked = _entries(cache), fake.requests
    assert entries and asked == len(entries)
    entries[0].write_text(damage, encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        again = make_backend(cache_dir=str(cache)).extract(doc000, "000.txt")
    assert again.content == first.content
    assert fake.requests == asked + 1  # only the damaged entry was asked again
    assert "cache entry" in caplog.text
    json.loads(entries[0].read_text(encoding="utf-8"))["answer"]  # rewritten whole
    make_backend(cache_dir=str(cache)).extract(doc000, "000.txt")
    assert fake.requests == asked + 1  # and used from then on


def _disk_full(path: Path, data: str) -> None:
    raise OSError(errno.ENOSPC, "No space left on device")


def test_a_full_disk_under_the_cache_keeps_the_answers(make_backend, fake, doc000, golden000, tmp_path, monkeypatch):
    monkeypatch.setattr("docnorm.llm.cache.write_atomic", _disk_full)
    result = make_backend(cache_dir=str(tmp_path / "cache")).extract(doc000, "000.txt")
    codes = [f.code for f in result.findings]
    assert "llm-failed" not in codes and codes.count("llm-replaced") == 24
    assert [p.name for p in result.content.projects] == [p.name for p in golden000.content.projects]
    assert fake.requests > 0 and not _entries(tmp_path / "cache")


def test_a_full_disk_under_the_cache_through_the_cli(fake, tmp_path, monkeypatch, capsys, caplog):
    monkeypatch.setattr("docnorm.llm.cache.write_atomic", _disk_full)
    monkeypatch.setenv(KEY_VAR, "not-a-secret")
    out = tmp_path / "out"
    args = ["extract", str(DOC000), "-o", str(out), "--backend", "llm", "--base-url", fake.url]
    args += ["--model", "fake-golden", "--api-key-env", KEY_VAR, "--no-progress", "--concurrency", "1"]
    with caplog.at_level(logging.WARNING):
        assert main(args) == 0
    assert "Traceback" not in capsys.readouterr().err
    said = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(said) == 1 and "No space left on device" in said[0]  # once, not per request
    result = json.loads((out / "000_487862950e7e3971.json").read_text(encoding="utf-8"))
    assert result["status"] == "ok" and len(result["content"]["projects"]) == 24


def test_a_cache_folder_that_cannot_exist_is_one_line(fake, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv(KEY_VAR, "not-a-secret")
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    args = ["extract", str(DOC000), "-o", str(tmp_path / "out"), "--backend", "llm", "--base-url", fake.url]
    args += ["--model", "fake-golden", "--api-key-env", KEY_VAR, "--cache-dir", str(blocker / "cache")]
    assert main([*args, "--no-progress"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "LLM cache folder" in err[0] and str(blocker / "cache") in err[0]
    assert fake.requests == 0

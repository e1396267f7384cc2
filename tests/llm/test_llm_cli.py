"""`docnorm fake-llm` and `docnorm extract --backend llm` as a user runs them (subprocesses)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from conftest import DOC000, ROOT

SENTINEL = "sk-SENTINEL-cli-4c1d-do-not-leak"


@pytest.fixture
def fake_cli():
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "docnorm", "fake-llm", "--port", "0", "--fault", "500"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        line = proc.stdout.readline()
        assert line.startswith("fake-llm serving "), line
        yield line.split()[2]
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_extract_through_cli_against_fake_llm(fake_cli, tmp_path):
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DOCNORM_CLI_KEY": SENTINEL}
    cmd = [
        sys.executable,
        "-m",
        "docnorm",
        "-vv",
        "extract",
        str(DOC000),
        "-o",
        str(out),
        "--backend",
        "llm",
        "--base-url",
        fake_cli,
        "--model",
        "fake-golden",
        "--api-key-env",
        "DOCNORM_CLI_KEY",
        "--no-progress",
    ]
    run = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr[-2000:]
    written = [p for p in out.rglob("*") if p.is_file()]
    assert any(p.suffix == ".json" and '"llm-replaced"' in p.read_text(encoding="utf-8") for p in written)
    assert any(".cache" in p.parts for p in written)
    for path in written:
        assert SENTINEL not in path.read_text(encoding="utf-8", errors="replace"), path
    assert SENTINEL not in run.stderr + run.stdout
    usage = json.loads((out / "llm" / "usage.json").read_text(encoding="utf-8"))
    assert usage["total"]["requests"] > 0


def test_llm_extraction_of_every_example_scores_like_the_goldens_and_reruns_from_cache(fake_cli, tmp_path):
    """The issue's acceptance run: extract all examples through fake-llm, score with `docnorm eval`,
    run again and make no request."""
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DOCNORM_CLI_KEY": SENTINEL}
    cmd = [
        sys.executable,
        "-m",
        "docnorm",
        "extract",
        str(ROOT / "examples" / "docs"),
        "-o",
        str(out),
        "--backend",
        "llm",
        "--base-url",
        fake_cli,
        "--model",
        "fake-golden",
        "--api-key-env",
        "DOCNORM_CLI_KEY",
        "--no-progress",
    ]
    for attempt in (1, 2, 3):  # 2: --force re-extracts, from the cache; 3: unchanged inputs are reused
        run = subprocess.run(
            cmd + (["--force"] if attempt == 2 else []), cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
        )
        assert run.returncode == 0, run.stderr[-2000:]
        usage = json.loads((out / "llm" / "usage.json").read_text(encoding="utf-8"))
        if attempt == 2:
            assert usage["total"]["requests"] == 0 and usage["total"]["cached"] > 0
        if attempt == 3:
            assert usage["total"]["requests"] == 0 and usage["total"]["cached"] == 0
            assert "(5 unchanged, reused)" in run.stderr
    scored = subprocess.run(
        [sys.executable, "-m", "docnorm", "eval", str(out), "--json"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert scored.returncode == 0, scored.stderr[-2000:]
    scores = json.loads(scored.stdout)
    assert scores["field_f1"] == 1.0 and scores["invented_value_rate"] == 0.0

"""The LLM configuration is checked before the batch (issue #12): a dead endpoint, a bad URL, an
unset key variable, a refused key or a model the endpoint does not serve stops `docnorm extract`
(and `themes --namer llm`) with one line and exit 2, before any document is sent; model flags on a
run that asks no model are errors too."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from conftest import DOC000, GOLDEN

from docnorm.cli.main import main
from docnorm.fakellm.server import FakeLLM

SENTINEL = "sk-SENTINEL-preflight-77aa-do-not-leak"
KEY_VAR = "DOCNORM_PREFLIGHT_KEY"


@pytest.fixture
def guarded() -> Iterator[FakeLLM]:
    """A fake endpoint that takes only SENTINEL as its key."""
    server = FakeLLM(GOLDEN, api_key=SENTINEL)
    server.url = server.start()  # type: ignore[attr-defined]
    yield server
    server.stop()


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _extract(out: Path, url: str, *extra: str) -> int:
    args = ["extract", str(DOC000), "-o", str(out), "--backend", "llm", "--base-url", url, "--no-progress"]
    return main([*args, "--api-key-env", KEY_VAR, *extra])


def _one_line(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err
    assert "Traceback" not in err and SENTINEL not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    return lines[0]


def _nothing_written(out: Path) -> bool:
    return not list(out.rglob("*.json"))


def test_a_dead_endpoint_stops_before_any_document(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv(KEY_VAR, SENTINEL)
    url = f"http://127.0.0.1:{_closed_port()}/v1"
    assert _extract(tmp_path / "out", url, "--model", "fake-golden") == 2
    line = _one_line(capsys)
    assert "cannot reach the LLM endpoint" in line and url in line
    assert _nothing_written(tmp_path / "out")


def test_a_host_that_does_not_resolve_is_named(tmp_path, capsys, monkeypatch):
    """No network in tests: the resolver's answer for an unknown name is played by a stand-in."""

    def unknown(*args: object, **kwargs: object) -> None:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setenv(KEY_VAR, SENTINEL)
    monkeypatch.setattr(socket, "getaddrinfo", unknown)
    url = "http://llm.example.invalid/v1"
    assert _extract(tmp_path / "out", url, "--model", "fake-golden") == 2
    line = _one_line(capsys)
    assert "cannot reach the LLM endpoint" in line and url in line and "Name or service not known" in line


@pytest.mark.parametrize("url", ["not a url", "ftp://example.org/v1", "http://"])
def test_a_bad_url_is_a_usage_error(tmp_path, capsys, monkeypatch, url):
    monkeypatch.setenv(KEY_VAR, SENTINEL)
    assert _extract(tmp_path / "out", url, "--model", "fake-golden") == 2
    assert "--base-url" in _one_line(capsys)


def test_credentials_in_a_bad_url_are_not_echoed(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv(KEY_VAR, SENTINEL)
    assert _extract(tmp_path / "out", f"ftp://user:{SENTINEL}@example.org/v1") == 2
    _one_line(capsys)  # asserts the secret is absent


def test_an_unset_key_variable_is_named(guarded, tmp_path, capsys, monkeypatch):
    monkeypatch.delenv(KEY_VAR, raising=False)
    assert _extract(tmp_path / "out", guarded.url, "--model", "fake-golden") == 2
    assert f"${KEY_VAR} is not set" in _one_line(capsys)
    assert guarded.requests == 0 and _nothing_written(tmp_path / "out")


def test_a_refused_key_stops_the_run(guarded, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv(KEY_VAR, "sk-wrong-key")
    assert _extract(tmp_path / "out", guarded.url, "--model", "fake-golden") == 2
    line = _one_line(capsys)
    assert "HTTP 401" in line and KEY_VAR in line and "sk-wrong-key" not in line
    assert guarded.requests == 0 and _nothing_written(tmp_path / "out")


def test_a_model_the_endpoint_does_not_serve(guarded, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv(KEY_VAR, SENTINEL)
    assert _extract(tmp_path / "out", guarded.url, "--model", "gpt-nonexistent") == 2
    line = _one_line(capsys)
    assert "'gpt-nonexistent' is not served" in line and "fake-golden" in line
    assert guarded.requests == 0


def test_the_right_key_and_model_run_the_batch(guarded, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv(KEY_VAR, SENTINEL)
    assert _extract(tmp_path / "out", guarded.url, "--model", "fake-golden", "--concurrency", "1") == 0
    assert guarded.requests > 0 and guarded.authorized == guarded.requests
    assert (tmp_path / "out" / "000_487862950e7e3971.json").exists()


def test_preflight_can_be_turned_off(guarded, tmp_path, monkeypatch):
    """A server that takes any model name but lists others: the user may skip the check."""
    monkeypatch.setenv(KEY_VAR, SENTINEL)
    off = ("--model", "any-name", "--llm-option", "preflight=false", "--concurrency", "1")
    assert _extract(tmp_path / "out", guarded.url, *off) == 0
    assert guarded.requests > 0


class _NotFound(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(404)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        return


def test_an_endpoint_without_the_api_paths_is_refused(tmp_path, capsys, monkeypatch):
    """A web server that is not the API (the URL lacks /v1, or names the wrong host)."""
    monkeypatch.setenv(KEY_VAR, SENTINEL)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _NotFound)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/"
        assert _extract(tmp_path / "out", url, "--model", "fake-golden") == 2
    finally:
        server.shutdown()
        server.server_close()
    assert "HTTP 404" in _one_line(capsys)


def test_the_theme_namer_checks_its_endpoint_too(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv(KEY_VAR, SENTINEL)
    out = tmp_path / "out"
    assert main(["extract", str(DOC000), "-o", str(out), "--no-progress"]) == 0
    capsys.readouterr()
    url = f"http://127.0.0.1:{_closed_port()}/v1"
    args = ["themes", str(out), "--namer", "llm", "--base-url", url, "--model", "m", "--api-key-env", KEY_VAR]
    assert main(args) == 2
    assert "cannot reach the LLM endpoint" in _one_line(capsys)


@pytest.mark.parametrize(
    "flags",
    [("--llm-option", "reasks=3"), ("--llm-option", "foo=1"), ("--model", "m"), ("--max-cost", "1")],
)
def test_model_flags_on_an_offline_run_are_refused(tmp_path, capsys, flags):
    assert main(["extract", str(DOC000), "-o", str(tmp_path / "out"), "--no-progress", *flags]) == 2
    line = _one_line(capsys)
    assert flags[0] in line and "only used when a model runs" in line

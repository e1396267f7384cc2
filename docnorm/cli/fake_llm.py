"""CLI subcommands of the LLM part: ``docnorm fake-llm``."""

from __future__ import annotations

import argparse
import time
from importlib.resources import files
from pathlib import Path


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "fake-llm",
        help="serve a local OpenAI-compatible fake model for tests and benches",
        description="Answers chat completions (tools and JSON modes) from the golden files "
        "or the offline extractor, with optional latency and injected faults.",
    )
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8765, help="0 picks a free port")
    p.add_argument("--golden-dir", type=Path, default=None, help="default: the bundled golden files")
    p.add_argument("--latency", type=float, default=0.0, help="seconds added to every answer")
    p.add_argument(
        "--fault",
        action="append",
        default=[],
        metavar="NAME[:COUNT]",
        help="inject a fault into the next COUNT requests, in order; names: "
        "429, 500, timeout, malformed, invalid, truncated, invent, drop",
    )
    p.add_argument("--retry-after", type=float, default=1.0, help="Retry-After seconds sent with 429")
    p.add_argument(
        "--api-key-env",
        metavar="VAR",
        help="refuse (401) requests whose bearer key is not the value of this environment variable",
    )
    p.add_argument(
        "--script",
        type=Path,
        metavar="FILE",
        help="JSON list of {when, answer[, reask]}: answers for documents read in any layout, "
        "chosen by the first `when` text found in the request",
    )
    p.set_defaults(handler=_serve)


def _faults(specs: list[str]) -> list[str]:
    from docnorm.errors import ConfigError
    from docnorm.fakellm.server import FAULTS

    out: list[str] = []
    for spec in specs:
        name, _, count = spec.partition(":")
        if name not in FAULTS or (count and not count.isdigit()):
            raise ConfigError(f"bad --fault {spec!r}; names: {', '.join(FAULTS)}")
        out += [name] * int(count or 1)
    return out


def _required_key(env: str | None) -> str | None:
    import os

    from docnorm.errors import ConfigError

    if env is None:
        return None
    if not os.environ.get(env):
        raise ConfigError(f"--api-key-env {env}: the variable is not set")
    return os.environ[env]


def _script(path: Path | None) -> list[dict]:
    import json

    from docnorm.errors import ConfigError

    if path is None:
        return []
    try:
        entries = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise ConfigError(f"--script {path}: cannot read it as JSON: {exc}") from None
    if not isinstance(entries, list) or not all(
        isinstance(e, dict) and {"when", "answer"} <= e.keys() for e in entries
    ):
        raise ConfigError(f"--script {path}: expected a JSON list of {{when, answer}} objects")
    return entries


def _serve(args: argparse.Namespace) -> int:
    from docnorm.fakellm.server import FakeLLM

    golden_dir = args.golden_dir or Path(str(files("docnorm.eval") / "golden"))
    key = _required_key(args.api_key_env)
    fake = FakeLLM(
        golden_dir, latency=args.latency, faults=_faults(args.fault), retry_after=args.retry_after, api_key=key,
        script=_script(args.script),
    )  # fmt: skip
    url = fake.start(args.host, args.port)
    print(f"fake-llm serving {url} (Ctrl-C to stop)", flush=True)
    try:
        while True:
            time.sleep(3600)
    finally:
        fake.stop()

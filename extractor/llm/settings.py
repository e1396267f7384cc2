"""Resolved LLM settings: `LLMOptions` from the CLI plus tuning knobs from ``options.extra``."""
from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Callable

from extractor.backends import LLMOptions
from extractor.errors import ConfigError


@dataclass(frozen=True)
class Settings:
    mode: str = "hybrid"  # 'llm' | 'hybrid'
    base_url: str | None = None
    model: str = "gpt-4o-mini"
    api_key_env: str = "OPENAI_API_KEY"
    prompt: str = "verbatim-v2"
    json_mode: bool = False  # JSON mode instead of tools (servers without tool calling)
    concurrency: int = 4
    rpm: int | None = None  # client-side requests per minute
    tpm: int | None = None  # client-side tokens per minute
    max_cost: float | None = None
    max_tokens: int | None = None  # run budget (in + out)
    doc_reask_tokens: int = 20_000  # per-document budget for targeted re-asks
    reasks: int = 2
    schema_attempts: int = 2  # instructor validation re-asks within one request
    transport_attempts: int = 4
    wait_initial: float = 0.5
    wait_max: float = 20.0
    batch_tokens: int = 1_500  # record text per request
    max_output_tokens: int = 4_096
    timeout: float = 60.0
    cache_dir: str | None = None
    sleep: Callable[[float], None] | None = None  # injectable for tests


_EXTRA_TYPES = {f.name: f.type for f in fields(Settings)}


def _coerce(name: str, raw: str) -> object:
    kind = str(_EXTRA_TYPES[name])
    try:
        if kind.startswith("bool"):
            return raw.lower() in ("1", "true", "yes", "on")
        if kind.startswith("int"):
            return int(raw)
        if kind.startswith("float"):
            return float(raw)
    except ValueError:
        raise ConfigError(f"llm option {name}={raw!r} is not a {kind}") from None
    return raw


def from_options(options: LLMOptions, **overrides: object) -> Settings:
    """Map `LLMOptions` (and its ``extra`` strings, e.g. json_mode=true, rpm=60) to Settings."""
    values: dict[str, object] = {
        "mode": options.mode, "base_url": options.base_url, "api_key_env": options.api_key_env,
        "concurrency": options.concurrency, "max_cost": options.max_cost,
        "max_tokens": options.max_tokens, "cache_dir": options.cache_dir, "timeout": options.timeout,
    }
    if options.model:
        values["model"] = options.model
    if options.prompt:
        values["prompt"] = options.prompt
    for name, raw in options.extra.items():
        if name not in _EXTRA_TYPES or name == "sleep":
            raise ConfigError(f"unknown llm option {name!r}")
        values[name] = _coerce(name, raw)
    values.update(overrides)
    if values["mode"] not in ("llm", "hybrid"):
        raise ConfigError(f"llm mode must be 'llm' or 'hybrid', not {values['mode']!r}")
    if int(values["concurrency"]) < 1:  # type: ignore[arg-type]
        raise ConfigError("concurrency must be at least 1")
    return Settings(**values)  # type: ignore[arg-type]

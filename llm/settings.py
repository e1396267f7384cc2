"""`Settings`: the one options object from the command line to the model client and the engine.

The CLI builds it from its flags and the ``--llm-option KEY=VALUE`` strings; pydantic checks every
value (an unknown key, ``json_mode=maybe`` or ``rpm=-1`` is a `ConfigError` naming the option)."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from docnorm.errors import ConfigError

__all__ = ["TUNING_OPTIONS", "Settings", "without_credentials"]


class Settings(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", arbitrary_types_allowed=True)

    mode: Literal["llm", "hybrid"] = "hybrid"
    base_url: str | None = None
    model: str = "gpt-4o-mini"
    api_key_env: str = "OPENAI_API_KEY"  # the *name* of the variable holding the key, never the key
    prompt: str = "verbatim-v2"
    layout_prompt: str = "any-layout-v3"  # for documents no offline form reads (prompts/layout/)
    json_mode: bool = False  # JSON mode instead of tools (servers without tool calling)
    concurrency: int = Field(4, ge=1)
    rpm: int | None = Field(None, ge=1)  # client-side requests per minute
    tpm: int | None = Field(None, ge=1)  # client-side tokens per minute
    max_cost: float | None = Field(None, ge=0)
    max_tokens: int | None = Field(None, ge=1)  # run budget (in + out)
    doc_reask_tokens: int = Field(20_000, ge=0)  # per-document budget for targeted re-asks
    reasks: int = Field(2, ge=0)
    schema_attempts: int = Field(2, ge=1)  # instructor validation re-asks within one request
    transport_attempts: int = Field(4, ge=1)
    wait_initial: float = Field(0.5, ge=0)
    wait_max: float = Field(20.0, ge=0)
    batch_tokens: int = Field(1_500, ge=1)  # record text per request
    max_output_tokens: int = Field(4_096, ge=1)
    timeout: float = Field(60.0, gt=0)
    preflight: bool = True  # one models-list request checks endpoint, key and model before the batch
    cache_dir: str | None = None
    sleep: Callable[[float], None] | None = Field(None, exclude=True)  # injectable for tests

    @field_validator("base_url")
    @classmethod
    def _http_url(cls, url: str | None) -> str | None:
        if url is None:
            return url
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError("not an http(s) URL with a host, e.g. http://127.0.0.1:8000/v1")
        return url

    @classmethod
    def build(cls, options: Mapping[str, str] | None = None, **values: object) -> Settings:
        """Settings from typed values plus ``--llm-option`` strings; any bad value is a ConfigError."""
        pairs = dict(options or {})
        unknown = sorted(set(pairs) - set(TUNING_OPTIONS))
        if unknown:
            raise ConfigError(f"unknown llm option {unknown[0]!r}; known: {', '.join(TUNING_OPTIONS)}")
        given = {k: v for k, v in values.items() if v is not None}
        try:
            return cls.model_validate({**given, **pairs}, strict=False)
        except ValidationError as exc:
            first = exc.errors()[0]
            name = ".".join(str(p) for p in first["loc"])
            value, why = first.get("input"), first["msg"].removeprefix("Value error, ")
            if name in TUNING_OPTIONS:
                raise ConfigError(f"llm option {name}={value!r}: {why}") from None
            shown = without_credentials(value) if isinstance(value, str) else value
            raise ConfigError(f"--{name.replace('_', '-')} {shown!r}: {why}") from None

    def fingerprint(self) -> dict[str, str]:
        """What decides an extraction's results besides the input (for resuming a batch): no key,
        no credentials in the URL."""
        fields = (
            "mode",
            "model",
            "prompt",
            "json_mode",
            "batch_tokens",
            "reasks",
            "schema_attempts",
            "max_output_tokens",
        )
        values = {name: str(getattr(self, name)) for name in fields}
        values["base_url"] = without_credentials(self.base_url or "")
        return values


def without_credentials(url: str) -> str:
    """`url` without a user:password@ part, for messages and fingerprints."""
    return re.sub(r"//[^/@]*@", "//", url)


# what `--llm-option KEY=VALUE` may set (the rest has flags of its own, or is for tests)
TUNING_OPTIONS: tuple[str, ...] = (
    "json_mode",
    "rpm",
    "tpm",
    "doc_reask_tokens",
    "reasks",
    "schema_attempts",
    "transport_attempts",
    "wait_initial",
    "wait_max",
    "batch_tokens",
    "max_output_tokens",
    "timeout",
    "preflight",
)

"""The LLM flags shared by `extract`, `themes --namer llm` and `bench`, turned into `Settings` once."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from docnorm.errors import ConfigError

if TYPE_CHECKING:
    from docnorm.llm.settings import Settings


def add_llm_arguments(p: argparse.ArgumentParser) -> None:
    """Endpoint, model, key, prompt, budget, cache and tuning options."""
    p.add_argument("--base-url", help="OpenAI-compatible endpoint, e.g. http://127.0.0.1:8000/v1")
    p.add_argument("--model", help="model name for the LLM backend")
    p.add_argument("--api-key-env", default="OPENAI_API_KEY", help="environment variable holding the API key")
    p.add_argument("--prompt", help="prompt version (see prompts/)")
    p.add_argument("--max-cost", type=float, help="stop LLM calls once this cost (USD) is reached")
    p.add_argument("--max-tokens", type=int, help="stop LLM calls once this many tokens were used")
    p.add_argument("--cache-dir", help="LLM response cache (default: OUT/.cache)")
    p.add_argument(
        "--llm-option",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="LLM tuning, repeatable: json_mode=true, rpm=60, tpm=100000, batch_tokens=1500, reasks=2",
    )


# the flags that only mean something when a model is asked (api-key-env has a default: not listed)
_LLM_ONLY = ("model", "prompt", "max_cost", "max_tokens", "cache_dir", "llm_option")


def refuse_unused_llm_flags(args: argparse.Namespace, why: str) -> None:
    """A model flag given to a run that asks no model is a mistake the user should hear of
    (`--llm-option foo` with the offline backend was silently accepted)."""
    given = [name for name in _LLM_ONLY if getattr(args, name, None)]
    if given:
        flag = "--" + given[0].replace("_", "-")
        raise ConfigError(f"{flag} is only used when a model runs ({why})")


def key_values(options: list[str]) -> dict[str, str]:
    pairs = {}
    for option in options:
        key, sep, value = option.partition("=")
        if not sep or not key.strip():
            raise ConfigError(f"--llm-option {option!r}: expected KEY=VALUE")
        pairs[key.strip()] = value.strip()
    return pairs


def settings_from_args(args: argparse.Namespace, mode: str, out: Path) -> Settings:
    """The one options object for the model client, from the command line."""
    from docnorm.llm.settings import Settings

    return Settings.build(
        key_values(args.llm_option),
        mode=mode,
        base_url=args.base_url,
        model=args.model,
        api_key_env=args.api_key_env,
        prompt=args.prompt,
        concurrency=getattr(args, "concurrency", None),
        max_cost=args.max_cost,
        max_tokens=args.max_tokens,
        cache_dir=args.cache_dir or str(out / ".cache"),
    )

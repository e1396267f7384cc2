"""The narrow seam between the pipeline and whatever fills the schemas.

`OfflineBackend` is the deterministic extractor; the LLM and hybrid backends live in
`extractor.llm` and are imported only when asked for, so the offline path never loads openai.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from schemas.document import DocumentResult


class Backend(Protocol):
    name: str

    def extract(self, text: str, document: str, encoding: str | None = None) -> DocumentResult:
        """Fill the schemas from decoded text. Must not raise for content problems: report them."""
        ...


@dataclass(frozen=True)
class LLMOptions:
    """What `docnorm extract` passes to `extractor.llm.build_backend`. Holds the *name* of the
    environment variable with the key, never the key itself."""

    mode: str = "hybrid"  # "llm" or "hybrid"
    base_url: str | None = None
    model: str | None = None
    api_key_env: str = "OPENAI_API_KEY"
    prompt: str | None = None  # prompt version id, e.g. "verbatim-v1"
    concurrency: int = 4
    max_cost: float | None = None
    max_tokens: int | None = None
    cache_dir: str | None = None
    timeout: float = 60.0
    extra: dict[str, str] = field(default_factory=dict)


class OfflineBackend:
    name = "offline"

    def extract(self, text: str, document: str, encoding: str | None = None) -> DocumentResult:
        from extractor.pipeline import extract_text

        return extract_text(text, document, encoding=encoding)


def build_backend(kind: str, llm: LLMOptions | None = None) -> Backend:
    """Make the backend named on the command line (offline, llm, hybrid)."""
    if kind == "offline":
        return OfflineBackend()
    from extractor.llm import build_backend as build_llm_backend  # lazy: imports openai

    return build_llm_backend(llm or LLMOptions(mode=kind))

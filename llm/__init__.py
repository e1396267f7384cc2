"""The shared model client: the one seam to an OpenAI-compatible endpoint.

`ModelClient` owns transport (instructor over openai, tenacity), the answer cache, the usage ledger,
the rate limit and prompt loading; the extraction engine and the theme namer both take one.
`LLMSettings` is the one options object from the command line to the engine."""

from __future__ import annotations

from docnorm.lazy import lazy_attributes

_PUBLIC = {
    "ModelClient": "docnorm.llm.client",
    "Settings": "docnorm.llm.settings",
    "Prompt": "docnorm.llm.prompts",
    "load_prompt": "docnorm.llm.prompts",
    "Ledger": "docnorm.llm.ledger",
    "DiskCache": "docnorm.llm.cache",
}
__all__ = sorted(_PUBLIC)

__getattr__ = lazy_attributes(__name__, _PUBLIC)

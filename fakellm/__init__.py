"""A local OpenAI-compatible stand-in model (`docnorm fake-llm`) for tests and benchmarks."""

from __future__ import annotations

from docnorm.lazy import lazy_attributes

_PUBLIC = {
    "FakeLLM": "docnorm.fakellm.server",
    "FAULTS": "docnorm.fakellm.server",
}
__all__ = sorted(_PUBLIC)

__getattr__ = lazy_attributes(__name__, _PUBLIC)

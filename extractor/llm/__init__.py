"""LLM extraction: instructor over any OpenAI-compatible endpoint (see backend.py).

Public entry points (everything heavy is imported lazily):
- `LLMBackend` (backend.py) — what `docnorm extract --backend llm|hybrid` builds;
- `run_cell(...)` — one cell of the eval matrix (prompt x model x mode) over some documents.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

__all__ = ["CellResult", "run_cell"]

if TYPE_CHECKING:
    from docnorm.schemas import DocumentResult


@dataclass
class CellResult:
    """Outcome of one matrix cell: per-document results, the usage ledger, wall time."""

    results: list[DocumentResult]
    usage: dict[str, Any]
    wall_seconds: float
    settings: dict[str, Any] = field(default_factory=dict)


def run_cell(
    documents: Sequence[Path | tuple[str, str]],
    *,
    base_url: str,
    model: str,
    prompt: str,
    mode: str = "llm",
    api_key_env: str = "OPENAI_API_KEY",
    concurrency: int = 4,
    cache_dir: str | None = None,
    offline: Any = None,
    **extra: Any,
) -> CellResult:
    """Run one (prompt, model, mode) cell over documents given as paths or (name, text) pairs.

    ``extra`` takes any `Settings` field (json_mode, rpm, max_tokens, batch_tokens, sleep...).
    ``offline`` replaces `extractor.pipeline` (an object with extract_text and record_chunks).
    """
    from docnorm.extractor.llm.backend import LLMBackend
    from docnorm.llm.settings import Settings

    settings = Settings.build(
        None,
        mode=mode,
        base_url=base_url,
        model=model,
        prompt=prompt,
        api_key_env=api_key_env,
        concurrency=concurrency,
        cache_dir=cache_dir,
        **extra,
    )
    backend = LLMBackend(settings, offline=offline)
    started = time.perf_counter()
    results = []
    for doc in documents:
        name, text = (doc.name, doc.read_text(encoding="utf-8")) if isinstance(doc, Path) else doc
        results.append(backend.extract(text, name))
    return CellResult(
        results,
        backend.summary(),
        time.perf_counter() - started,
        {"prompt": prompt, "model": model, "mode": mode, "concurrency": concurrency},
    )

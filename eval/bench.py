"""Run a benchmark matrix: every cell x repeat x document, cached by content hash, then scored.

Each backend call is cached (``docnorm.llm.cache.DiskCache``) under a hash of the document
text, backend, prompt version and prompt text, model, parameters, LLM options (endpoint, not keys) and schema version
(and, for the offline backend, the extractor's source code): re-scoring needs no new calls and an interrupted run resumes where it
stopped. Failed calls are not cached. Usage (requests, tokens) is read from the backend when it
exposes it (``backend.ledger.total`` or ``backend.usage``: objects or dicts with ``requests``,
``tokens_in``, ``tokens_out``); cost comes from ``llm/prices.yaml`` so cells stay comparable.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from docnorm.eval.cellstats import summarize_cell
from docnorm.eval.matrix import Cell, Matrix
from docnorm.eval.runstore import write_json_atomic
from docnorm.eval.score import load_goldens, read_source
from docnorm.llm.cache import DiskCache  # the LLM answer cache's layout (imports no LLM client)
from docnorm.llm.ledger import price_of  # the one price table (imports no LLM client)
from docnorm.schemas import SCHEMA_VERSION
from docnorm.schemas.document import DocumentResult

log = logging.getLogger(__name__)


class Backend(Protocol):
    """What a bench cell runs: anything that extracts a document (the CLI passes the real backends)."""

    name: str

    def extract(self, text: str, document: str, encoding: str | None = None) -> DocumentResult: ...


BackendFactory = Callable[[Cell, Matrix], Backend]
_USAGE_KEYS = ("requests", "tokens_in", "tokens_out")


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _code_digest() -> str:
    """Hash of the offline extractor's code: its outputs change when the code does."""
    root = Path(__file__).resolve().parent.parent / "extractor"
    files = sorted(root.rglob("*.py"))
    return _digest("".join(str(p.relative_to(root)) + p.read_text(encoding="utf-8") for p in files))


def cache_key(cell: Cell, matrix: Matrix, text: str, repeat: int, code: str | None) -> str:
    material = {
        "text": _digest(text),
        "backend": cell.backend,
        "prompt": cell.prompt,
        "prompt_text": matrix.prompt_text(cell.prompt),
        "model": cell.model,
        "params": matrix.params,
        "llm": None if code else matrix.llm,
        "schema": SCHEMA_VERSION,
        "repeat": repeat,
        "code": code,
    }
    return _digest(json.dumps(material, sort_keys=True, ensure_ascii=False, default=str))


def _usage(backend: Backend) -> dict[str, int]:
    source: Any = getattr(getattr(backend, "ledger", None), "total", None) or getattr(backend, "usage", None)
    if source is None:
        return {k: 0 for k in _USAGE_KEYS}
    get = source.get if isinstance(source, dict) else (lambda k, d=0: getattr(source, k, d))
    return {k: int(get(k, 0) or 0) for k in _USAGE_KEYS}


def call_backend(backend: Backend, text: str, document: str) -> dict[str, Any]:
    """One timed call; the cache entry it makes (usage as the difference of the backend's totals)."""
    before = _usage(backend)
    start = time.perf_counter()
    result = backend.extract(text, document)
    latency = time.perf_counter() - start
    after = _usage(backend)
    usage = {k: after[k] - before[k] for k in _USAGE_KEYS}
    return {"result": json.loads(result.model_dump_json()), "latency_s": latency, **usage}


class BenchRunner:
    """Runs the cells of a matrix; ``call=False`` scores the cache only (no backend calls)."""

    def __init__(self, matrix: Matrix, factory: BackendFactory, call: bool = True) -> None:
        self.matrix, self.factory, self.call = matrix, factory, call
        self.cache = DiskCache(matrix.cache_dir)
        self.goldens = load_goldens(matrix.golden)
        self.texts = {p.stem: p.read_text(encoding="utf-8-sig") for p in matrix.documents}
        self.sources = {s: read_source(matrix.sources, g.document) for s, g in self.goldens.items()}
        self.code = _code_digest()
        self.errors: dict[str, str] = {}  # cell id -> why its backend could not be built
        self.call_errors: list[str] = []

    def entries(self, cell: Cell) -> tuple[list[dict[str, dict[str, Any] | None]], int]:
        """Per repeat, the cache entry of each document (``None`` when unavailable); fresh calls."""
        backend: Backend | None = None
        fresh = 0
        repeats: list[dict[str, dict[str, Any] | None]] = []
        for repeat in range(self.matrix.repeats):
            got: dict[str, dict[str, Any] | None] = {}
            for stem, text in self.texts.items():
                key = cache_key(cell, self.matrix, text, repeat, self.code if cell.backend == "offline" else None)
                entry = self.cache.get(key)
                if entry is None and self.call and cell.id not in self.errors:
                    backend = backend or self._backend(cell)
                    entry = self._call(backend, text, f"{stem}.txt", key) if backend else None
                    fresh += entry is not None
                got[stem] = entry
            repeats.append(got)
        return repeats, fresh

    def _backend(self, cell: Cell) -> Backend | None:
        """The cell's backend, or ``None`` (error recorded) when it cannot be built, e.g. no API key."""
        try:
            return self.factory(cell, self.matrix)
        except Exception as exc:
            log.error("cannot build backend for %s: %s", cell.id, exc)
            self.errors[cell.id] = str(exc)
            return None

    def _call(self, backend: Backend, text: str, document: str, key: str) -> dict[str, Any] | None:
        try:
            entry = call_backend(backend, text, document)
        except Exception as exc:
            log.error("%s failed on %s: %s", getattr(backend, "name", "backend"), document, exc)
            self.call_errors.append(f"{document}: {exc}")
            return None
        self.cache.put(key, entry)
        return entry

    def run_cell(self, cell: Cell) -> dict[str, Any]:
        repeats, fresh = self.entries(cell)
        results = [
            {s: (DocumentResult.model_validate(e["result"]) if e else None) for s, e in r.items()} for r in repeats
        ]
        price = price_of(cell.model or cell.backend)
        summary = summarize_cell(cell, repeats, results, self.goldens, self.sources, price)
        summary["fresh_calls"] = fresh
        summary["error"] = self.errors.get(cell.id)
        return summary

    def run(self, run_id: str | None = None) -> tuple[Path, dict[str, Any]]:
        """Run every cell and write ``runs_dir/<run-id>.json`` atomically."""
        created = datetime.now(UTC)
        run_id = run_id or f"{self.matrix.name}-{created:%Y%m%dT%H%M%SZ}"
        cells = []
        for cell in self.matrix.cells():
            log.info("bench cell %s", cell.id)
            cells.append(self.run_cell(cell))
        run = {
            "run_id": run_id,
            "created": created.isoformat(),
            "schema_version": SCHEMA_VERSION,
            "matrix": {
                "name": self.matrix.name,
                "repeats": self.matrix.repeats,
                "documents": [p.name for p in self.matrix.documents],
                "params": self.matrix.params,
            },
            "cells": cells,
        }
        path = self.matrix.runs_dir / f"{run_id}.json"
        write_json_atomic(path, run)
        return path, run

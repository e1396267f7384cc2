"""Usage accounting per record and per run, prices, and the run's token/cost budget."""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

PRICES_FILE = Path(__file__).resolve().parent / "prices.yaml"


@lru_cache(maxsize=1)
def _prices() -> dict[str, dict[str, float]]:
    return yaml.safe_load(PRICES_FILE.read_text(encoding="utf-8")) if PRICES_FILE.is_file() else {}


def price_of(model: str) -> dict[str, float]:
    """The model's row of the illustrative price table (USD per 1M tokens), else its default row."""
    table = _prices()
    return table.get(model) or table.get("default") or {"input": 0.0, "output": 0.0}


def priced(price: Mapping[str, float], tokens_in: int, tokens_out: int) -> float:
    return (tokens_in * price.get("input", 0.0) + tokens_out * price.get("output", 0.0)) / 1_000_000


def cost_of(model: str, tokens_in: int, tokens_out: int) -> float:
    """USD for the given usage, from the illustrative price table."""
    return priced(price_of(model), tokens_in, tokens_out)


@dataclass
class Usage:
    tokens_in: int = 0
    tokens_out: int = 0
    requests: int = 0
    attempts: int = 0
    cached: int = 0
    cost: float = 0.0

    def add(self, other: Usage) -> None:
        for name in ("tokens_in", "tokens_out", "requests", "attempts", "cached", "cost"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class Ledger:
    """Thread-safe: per-record usage (a batch's usage is shared out by record size) and totals,
    checked against ``max_tokens`` / ``max_cost`` before each request."""

    model: str
    max_tokens: int | None = None
    max_cost: float | None = None
    total: Usage = field(default_factory=Usage)
    records: dict[str, Usage] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def charge(
        self,
        labels: list[str],
        weights: list[int],
        tokens_in: int,
        tokens_out: int,
        *,
        attempts: int = 1,
        requests: int = 1,
        cached: bool = False,
    ) -> Usage:
        usage = Usage(
            tokens_in,
            tokens_out,
            requests,
            attempts,
            int(cached),
            0.0 if cached else cost_of(self.model, tokens_in, tokens_out),
        )
        with self._lock:
            if not cached:
                self.total.add(usage)
            else:
                self.total.cached += 1
            whole = sum(weights) or 1
            for label, weight in zip(labels, weights):
                share = weight / whole
                part = Usage(
                    round(tokens_in * share),
                    round(tokens_out * share),
                    requests,
                    attempts,
                    int(cached),
                    usage.cost * share,
                )
                self.records.setdefault(label, Usage()).add(part)
        return usage

    def exhausted(self, upcoming_tokens: int = 0) -> bool:
        with self._lock:
            spent = self.total.tokens_in + self.total.tokens_out
            if self.max_tokens is not None and spent + upcoming_tokens > self.max_tokens:
                return True
            return self.max_cost is not None and self.total.cost >= self.max_cost

    def summary(self) -> dict:
        with self._lock:
            return {
                "model": self.model,
                "total": asdict(self.total),
                "records": {k: asdict(v) for k, v in self.records.items()},
            }

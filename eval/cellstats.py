"""Summaries of one benchmark cell: scores pooled over repeats, usage, cost, latency, agreement."""

from __future__ import annotations

from collections.abc import Mapping
from itertools import combinations
from statistics import fmean
from typing import Any

import numpy as np

from docnorm.eval.matrix import Cell
from docnorm.eval.metrics import Scores, Tally
from docnorm.eval.score import score_results
from docnorm.eval.scorers import score_content
from docnorm.llm.ledger import priced
from docnorm.schemas.document import DocumentResult, GoldenDocument

Entries = list[dict[str, dict[str, Any] | None]]
Results = list[dict[str, DocumentResult | None]]


def agreement(results: Results) -> float | None:
    """Mean field F1 of each repeat scored against each other repeat (``None`` for one repeat)."""
    if len(results) < 2:
        return None
    values: list[float] = []
    for stem in results[0]:
        for a, b in combinations([r.get(stem) for r in results], 2):
            ca = a.content if a else None
            cb = b.content if b else None
            if ca is None or cb is None:
                values.append(1.0 if ca is cb else 0.0)
                continue
            s = score_content(stem, ca, cb)
            values.append(1.0 if s.total.golden == s.total.predicted == 0 else s.field_f1)
    return fmean(values) if values else None


def usage(entries: Entries, price: Mapping[str, float]) -> dict[str, Any]:
    done = [e for r in entries for e in r.values() if e is not None]
    tin = sum(int(e.get("tokens_in", 0)) for e in done)
    tout = sum(int(e.get("tokens_out", 0)) for e in done)
    lat = [float(e.get("latency_s", 0.0)) for e in done]
    p50, p95 = np.percentile(lat, [50, 95]).tolist() if lat else [None, None]
    return {
        "calls": len(done),
        "failed_calls": sum(e is None for r in entries for e in r.values()),
        "requests": sum(int(e.get("requests", 0)) for e in done),
        "tokens_in": tin,
        "tokens_out": tout,
        "cost_usd": priced(price, tin, tout),
        "latency_p50_s": p50,
        "latency_p95_s": p95,
    }


def summarize_cell(
    cell: Cell,
    entries: Entries,
    results: Results,
    goldens: Mapping[str, GoldenDocument],
    sources: Mapping[str, str | None],
    price: Mapping[str, float],
) -> dict[str, Any]:
    per_repeat: list[Scores] = [score_results(r, goldens, sources) for r in results]
    pooled = Tally()
    for scores in per_repeat:
        pooled.merge(scores.tally)
    first = per_repeat[0]
    first_docs = first.to_dict("errors")["documents"]
    docs = []
    for i, doc in enumerate(first.documents):
        docs.append(
            {
                "document": doc.document,
                "status": doc.status,
                "field_f1": fmean(s.documents[i].field_f1 for s in per_repeat),
                "diffs": first_docs[i]["diffs"],
            }
        )
    return {
        "cell": cell.id,
        "backend": cell.backend,
        "prompt": cell.prompt,
        "model": cell.model,
        **pooled.summary(),
        "field_f1": fmean(s.field_f1 for s in per_repeat),
        "field_f1_repeats": [s.field_f1 for s in per_repeat],
        "agreement": agreement(results),
        "fields": {k: v.to_dict() for k, v in sorted(pooled.fields.items())},
        "records": {k: v.to_dict() for k, v in sorted(pooled.records.items())},
        **usage(entries, price),
        "documents": docs,
    }

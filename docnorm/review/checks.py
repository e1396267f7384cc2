"""What an LLM result's values rest on, and how a result differs from another run of the same
document. Grounding is read from the result itself: a value with a span is `exact` when the source
slice is the value, `normalized` when it differs only as the grounder allows (whitespace, tags,
width), `fuzzy` when an `llm-fuzzy` finding names that span; a value the grounder could not place
was `rejected` (an `llm-ungrounded` finding; it has no span), and a record whose values stayed
rejected after the re-asks keeps the offline values (`llm-fallback`): its fields are `offline`. Differences are computed by the
caller (the CLI has eval's aligner) and handed over as rows."""

from __future__ import annotations

from collections import Counter
from html import escape as esc
from typing import Any

from docnorm.htmltable import char_diff
from docnorm.review.fields import FieldValue

__all__ = ["GROUNDING_KINDS", "differences_html", "grounding_html", "groundings", "is_llm"]

GROUNDING_KINDS = ("exact", "normalized", "fuzzy", "rejected", "offline")
OUTCOME_WORDS = {"wrong": "differ", "missing": "only here", "spurious": "only in the other run", "correct": "agree"}


def is_llm(result: dict[str, Any]) -> bool:
    return result.get("backend", "offline") != "offline"


def groundings(result: dict[str, Any], fields: list[FieldValue], text: str | None) -> list[str]:
    """The grounding kind of each field (same order); "" where it cannot be told (no source)."""
    fuzzy = {
        (loc.get("start"), loc.get("end"))
        for f in result.get("findings", [])
        if f.get("code") == "llm-fuzzy" and (loc := f.get("location") or {})
    }
    fallback = [
        (f.get("location") or {}).get("record") or ""
        for f in result.get("findings", [])
        if f.get("code") == "llm-fallback"
    ]
    kinds = []
    for f in fields:
        if any(label and (f.record == label or f.record.startswith(label + " ")) for label in fallback):
            kinds.append("offline")
        elif (f.start, f.end) in fuzzy:
            kinds.append("fuzzy")
        elif text is None:
            kinds.append("")
        else:
            kinds.append("exact" if text[f.start : f.end] == f.value else "normalized")
    return kinds


def _rejected(result: dict[str, Any]) -> list[dict[str, Any]]:
    return [f for f in result.get("findings", []) if f.get("code") == "llm-ungrounded"]


def grounding_html(result: dict[str, Any], kinds: list[str]) -> str:
    """The counts per grounding kind and the rejected values (they have no place in the source)."""
    counts = Counter(k for k in kinds if k)
    counts["rejected"] = len(_rejected(result))
    summary = " · ".join(f'<span class="g-{k}">{k} {counts[k]}</span>' for k in GROUNDING_KINDS)
    rejected = "".join(f"<li>{esc(f.get('message', ''))}</li>" for f in _rejected(result))
    listed = f'<ul id="rejected">{rejected}</ul>' if rejected else ""
    return f'<h2>Grounding of the LLM values</h2><p id="grounding">{summary}</p>{listed}'


def differences_html(rows: list[dict[str, Any]], other: str) -> str:
    """The fields on which this result and `other`'s result of the same document differ; each row
    has path, field, here, there and outcome (wrong / missing / spurious)."""
    if not rows:
        return f"<h2>Differences from {esc(other)}</h2><p>none: every field agrees</p>"
    body = []
    for r in rows:
        here, there = char_diff(r["here"], r["there"]) if r["outcome"] == "wrong" else (esc(r["here"]), esc(r["there"]))
        body.append(
            f'<tr class="d-{esc(r["outcome"])}"><td>{esc(r["path"])}</td><td>{esc(r["field"])}</td>'
            f"<td>{here}</td><td>{there}</td><td>{OUTCOME_WORDS.get(r['outcome'], esc(r['outcome']))}</td></tr>"
        )
    head = "<thead><tr><th>record</th><th>field</th><th>this result</th><th>other</th><th></th></tr></thead>"
    return (
        f"<h2>Differences from {esc(other)} ({len(rows)} fields)</h2>"
        f'<table class="sortable" id="differences">{head}<tbody>{"".join(body)}</tbody></table>'
    )

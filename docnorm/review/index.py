"""The batch overview: one row per document with its counts, sortable, linking each page."""

from __future__ import annotations

import html
from collections import Counter
from typing import Any

from docnorm.review.assets import CSS, SORT_JS

COLUMNS: tuple[str, ...] = (
    "document",
    "form",
    "status",
    "projects",
    "indicators",
    "money_unit",
    "input_chars",
    "field_chars",
    "label_chars",
    "noise_chars",
    "unplaced_chars",
    "lost_chars",
    "errors",
    "warnings",
    "infos",
)


def document_counts(result: dict[str, Any]) -> dict[str, object]:
    """The overview row of one result (also the columns of documents.csv)."""
    content = result.get("content") or {}
    form = content.get("form")
    projects = content.get("projects", []) if form == "A" else content.get("key_tasks", [])
    if form == "A":
        indicators = sum(len(p.get("indicators", [])) for p in projects)
    else:
        indicators = len(content.get("indicators", []))
    coverage = result.get("coverage") or {}
    severities = Counter(f["severity"] for f in result.get("findings", []))
    row: dict[str, object] = {
        "document": result.get("document", ""),
        "form": form or "",
        "status": result.get("status", ""),
        "projects": len(projects),
        "indicators": indicators,
        "money_unit": content.get("money_unit") or "",
    }
    for key in COLUMNS[6:12]:
        row[key] = coverage.get(key, "")
    row.update(errors=severities["error"], warnings=severities["warning"], infos=severities["info"])
    return row


def page_name(document: str) -> str:
    """The file name of a document's page (its name with a safe suffix)."""
    safe = "".join(ch if ch.isalnum() or ch in "._-" else "_" for ch in document)
    return f"{safe}.html"


def index_page(results: list[dict[str, Any]]) -> str:
    head = "".join(f"<th>{c}</th>" for c in COLUMNS)
    rows = []
    for result in results:
        counts = document_counts(result)
        name = html.escape(str(counts["document"]))
        cells = [f'<td><a href="{html.escape(page_name(str(counts["document"])))}">{name}</a></td>']
        cells += [f"<td>{html.escape(str(counts[c]))}</td>" for c in COLUMNS[1:]]
        rows.append(f"<tr>{''.join(cells)}</tr>")
    return (
        '<!DOCTYPE html><html lang="zh"><head><meta charset="utf-8"><title>docnorm review</title>'
        f"<style>{CSS}</style></head><body><header><h1>docnorm review: {len(results)} documents</h1>"
        "<div>click a column to sort; a document's name opens its page</div></header>"
        f'<table class="sortable" id="documents"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'
        f"<script>{SORT_JS}</script></body></html>"
    )

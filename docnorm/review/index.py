"""The batch overview: one row per document with its counts, sortable, linking each page."""

from __future__ import annotations

import html
from typing import Any

from docnorm.htmltable import SORT_JS
from docnorm.review.assets import CSS
from docnorm.schemas.overview import DOCUMENT_COLUMNS, document_counts

COLUMNS = DOCUMENT_COLUMNS


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

"""One self-contained HTML file (no server, no external assets): leaderboard, per-field scores and
a per-document, per-field diff view (golden vs predicted, errors highlighted). CSS only, no JS."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from typing import Any

from docnorm.eval.report import DOC_HEADER, FIELD_HEADER, LEADER_COLUMNS, _doc_rows, _field_rows, _leader_rows, fmt

CSS = """
body{font-family:system-ui,'Noto Sans CJK SC',sans-serif;margin:1.5em;color:#222}
table{border-collapse:collapse;margin:.5em 0 1.5em}td,th{border:1px solid #ccc;padding:2px 6px;
vertical-align:top}th{background:#f3f3f3}td.num{text-align:right}
tr.wrong td{background:#fde2e2}tr.missing td{background:#fff1d6}tr.spurious td{background:#ece3fb}
tr.correct td{background:#e9f7ea}td.val{max-width:38em;word-break:break-all}
#errs:checked ~ main tr.correct{display:none}details{margin:.3em 0}summary{cursor:pointer}
.legend span{padding:0 .5em;margin-right:.5em}
"""
LEGEND = (
    '<p class="legend"><span style="background:#fde2e2">wrong</span>'
    '<span style="background:#fff1d6">missing</span><span style="background:#ece3fb">spurious '
    '(predicted, not in golden)</span><span style="background:#e9f7ea">correct</span></p>'
)


def _table(header: Iterable[str], rows: Iterable[Iterable[str]]) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in header)
    body = "".join(
        "<tr>" + "".join(f'<td class="num">{escape(c.replace("**", ""))}</td>' for c in r) + "</tr>" for r in rows
    )
    return f"<table><tr>{head}</tr>{body}</table>"


def _diff_table(diffs: list[dict[str, Any]]) -> str:
    rows = "".join(
        f'<tr class="{d["outcome"]}"><td>{escape(d["path"])}</td><td>{escape(d["field"])}</td>'
        f'<td class="val">{escape(d["golden"])}</td><td class="val">{escape(d["predicted"])}</td>'
        f"<td>{d['outcome']}</td></tr>"
        for d in diffs
    )
    return (
        "<table><tr><th>record (golden→predicted index)</th><th>field</th><th>golden</th>"
        f"<th>predicted</th><th>outcome</th></tr>{rows}</table>"
    )


def _documents(docs: list[dict[str, Any]]) -> str:
    out = []
    for d in docs:
        diffs = d.get("diffs", [])
        errors = sum(x["outcome"] != "correct" for x in diffs)
        opened = " open" if errors else ""  # a document with errors shows them without a click
        out.append(
            f"<details{opened}><summary>{escape(d['document'])} — field F1 {fmt(d['field_f1'])}, "
            f"{errors} errors ({escape(d['status'])})</summary>{_diff_table(diffs)}</details>"
        )
    return "".join(out)


def _page(title: str, body: str) -> str:
    return (
        f'<!DOCTYPE html><html lang="zh"><head><meta charset="utf-8"><title>{escape(title)}</title>'
        f"<style>{CSS}</style></head><body><h1>{escape(title)}</h1>"
        '<input type="checkbox" id="errs" checked><label for="errs"> show errors only</label>'
        f"<main>{LEGEND}{body}</main></body></html>\n"
    )


def scores_html(scores: dict[str, Any], title: str = "docnorm eval") -> str:
    """HTML for one scored folder; ``scores`` from ``Scores.to_dict("all")`` for the full diff view."""
    body = (
        "<h2>Per document</h2>"
        + _table(DOC_HEADER, _doc_rows(scores))
        + "<h2>Per field</h2>"
        + _table(FIELD_HEADER, _field_rows(scores))
        + "<h2>Diff view</h2>"
        + _documents(scores["documents"])
    )
    return _page(title, body)


def run_html(run: dict[str, Any]) -> str:
    """HTML for a bench run: leaderboard, per-field F1 by cell, each cell's diff view (errors)."""
    fields = sorted({f for c in run["cells"] for f in c["fields"]})
    field_rows = [[f, *(fmt(c["fields"].get(f, {}).get("f1")) for c in run["cells"])] for f in fields]
    body = (
        "<h2>Leaderboard</h2>"
        + _table(LEADER_COLUMNS, _leader_rows(run))
        + "<h2>Per field F1</h2>"
        + _table(["field", *(c["cell"] for c in run["cells"])], field_rows)
    )
    for c in run["cells"]:
        body += f"<h2>Diff view: {escape(c['cell'])} (repeat 1)</h2>" + _documents(c["documents"])
    return _page(f"docnorm bench {run['run_id']}", body)

"""One self-contained HTML file (no server, no external assets): leaderboard, per-field scores and
a per-document, per-field diff view (golden vs predicted, the characters that differ highlighted).
Tables sort on a header click and filter by text (small inline scripts, docnorm.htmltable) and
wrap to fit a 1,400 px page."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from itertools import count
from typing import Any

from docnorm.eval.agreement import AGREEMENT_HEADER, OUTCOME_WORDS, agreement_rows
from docnorm.eval.report import DOC_HEADER, FIELD_HEADER, LEADER_COLUMNS, _doc_rows, _field_rows, _leader_rows, fmt
from docnorm.htmltable import FILTER_JS, SORT_JS, char_diff

CSS = """
body{font-family:system-ui,'Noto Sans CJK SC',sans-serif;margin:1.5em;color:#222;max-width:1400px}
table{border-collapse:collapse;margin:.2em 0 1.5em;max-width:100%}td,th{border:1px solid #ccc;
padding:2px 6px;vertical-align:top;overflow-wrap:anywhere}th{background:#f3f3f3;cursor:pointer}
td.num{text-align:right}table.sortable th:after{content:" \\2195";color:#999}
tr.filtered{display:none}input.filter{margin:.2em 0}tr.total td{font-weight:bold}
del{background:#f7b4b4;text-decoration:none}ins{background:#a6e3a9;text-decoration:none}
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


_IDS = count(1)


def _sortable(header: Iterable[str], body: str) -> str:
    """A filter box and a sortable table (unique ids within the page)."""
    table_id = f"t{next(_IDS)}"
    head = "".join(f"<th>{escape(h)}</th>" for h in header)
    return (
        f'<input class="filter" data-table="{table_id}" placeholder="filter rows">'
        f'<table class="sortable" id="{table_id}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'
    )


def _table(header: Iterable[str], rows: Iterable[Iterable[str]]) -> str:
    body = "".join(
        ('<tr class="total">' if any("**" in c for c in r) else "<tr>")
        + "".join(f'<td class="num">{escape(c.replace("**", ""))}</td>' for c in r)
        + "</tr>"
        for r in map(list, rows)
    )
    return _sortable(header, body)


def _values(d: dict[str, Any]) -> tuple[str, str]:
    if d["outcome"] == "wrong":
        return char_diff(d["golden"], d["predicted"])
    return escape(d["golden"]), escape(d["predicted"])


def _diff_table(diffs: list[dict[str, Any]], sides: tuple[str, str] = ("golden", "predicted")) -> str:
    words = OUTCOME_WORDS if sides == ("A", "B") else {}
    rows = []
    for d in diffs:
        left, right = _values(d)
        rows.append(
            f'<tr class="{d["outcome"]}"><td>{escape(d["path"])}</td><td>{escape(d["field"])}</td>'
            f'<td class="val">{left}</td><td class="val">{right}</td><td>{words.get(d["outcome"], d["outcome"])}</td></tr>'
        )
    header = [f"record ({sides[0]}→{sides[1]} index)", "field", sides[0], sides[1], "outcome"]
    return _sortable(header, "".join(rows))


def _documents(docs: list[dict[str, Any]], sides: tuple[str, str] = ("golden", "predicted")) -> str:
    out = []
    for d in docs:
        diffs = d.get("diffs", [])
        errors = sum(x["outcome"] != "correct" for x in diffs)
        opened = " open" if errors else ""  # a document with errors shows them without a click
        out.append(
            f"<details{opened}><summary>{escape(d['document'])} — field F1 {fmt(d['field_f1'])}, "
            f"{errors} errors ({escape(d['status'])})</summary>{_diff_table(diffs, sides)}</details>"
        )
    return "".join(out)


def _page(title: str, body: str, legend: str = LEGEND) -> str:
    return (
        f'<!DOCTYPE html><html lang="zh"><head><meta charset="utf-8"><title>{escape(title)}</title>'
        f"<style>{CSS}</style></head><body><h1>{escape(title)}</h1>"
        '<input type="checkbox" id="errs" checked><label for="errs"> show errors only</label>'
        f"<main>{legend}{body}</main><script>{SORT_JS}{FILTER_JS}</script></body></html>\n"
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


AGREEMENT_LEGEND = (
    '<p class="legend"><span style="background:#fde2e2">differ</span>'
    '<span style="background:#fff1d6">only in A</span><span style="background:#ece3fb">only in B</span>'
    '<span style="background:#e9f7ea">agree</span> — in a differing value, <del>A only</del> '
    "and <ins>B only</ins> mark the characters that differ</p>"
)


def agreement_html(scores: dict[str, Any], run_a: str, run_b: str) -> str:
    """Two output folders compared (``Scores.to_dict("all")`` of eval.agreement.compare_folders)."""
    rows = [
        [
            f"**{r.field}**" if r.field == "all" else r.field,
            *map(str, (r.agree, r.differ, r.only_a, r.only_b)),
            f"{r.agreement:.4f}",
        ]
        for r in agreement_rows(scores)
    ]
    docs = [dict(d, field_f1=agreement_rows(d)[-1].agreement) for d in scores["documents"]]
    body = (
        f"<p>A = {escape(run_a)}<br>B = {escape(run_b)}</p><h2>Agreement per field</h2>"
        + _table(AGREEMENT_HEADER, rows)
        + "<h2>Differences per document</h2>"
        + _documents(docs, ("A", "B")).replace("field F1", "agreement")
    )
    return _page("docnorm eval compare", body, AGREEMENT_LEGEND)

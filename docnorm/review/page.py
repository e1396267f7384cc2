"""One self-contained review page per document: the source text with every value highlighted at
its span, and the records as a table beside it (a click on a value flashes its span)."""

from __future__ import annotations

import html
from typing import Any

from docnorm.htmltable import SORT_JS
from docnorm.review.assets import CSS, PAGE_JS
from docnorm.review.checks import differences_html, grounding_html, groundings, is_llm
from docnorm.review.fields import KINDS, FieldValue, field_values
from docnorm.review.layout import Block, Marker, SourceRenderer, disjoint, lost_ranges

esc = html.escape


def field_id(index: int) -> str:
    return f"f{index}"


def _finding_offset(location: dict[str, Any] | None, line_starts: list[int]) -> int | None:
    if not location:
        return None
    if location.get("start") is not None:
        return int(location["start"])
    line = location.get("line")
    if line is None or not 1 <= line <= len(line_starts):
        return None
    return line_starts[line - 1] + max(int(location.get("column") or 1) - 1, 0)


def _markers(result: dict[str, Any], text: str) -> list[Marker]:
    line_starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]
    markers = []
    for index, finding in enumerate(result.get("findings", [])):
        offset = _finding_offset(finding.get("location"), line_starts)
        if offset is not None:
            attrs = {"id": f"m{index}", "data-severity": finding["severity"], "data-code": finding["code"]}
            attrs["title"] = f"{finding['severity']} {finding['code']}: {finding['message']}"
            markers.append(Marker(min(offset, len(text)), attrs))
    return markers


def _blocks(result: dict[str, Any], fields: list[FieldValue], text: str) -> list[Block]:
    blocks = [
        Block(
            f.start,
            f.end,
            f"f k-{f.kind}",
            {"id": field_id(i), "data-field": field_id(i), "data-record": f.record, "title": f.key},
        )
        for i, f in enumerate(fields)
    ]
    for item in result.get("unplaced", []):
        span = item["span"]
        blocks.append(Block(span["start"], span["end"], "unplaced", {"title": f"unplaced: {item['reason']}"}))
    covered = [(b.start, b.end) for b in blocks] + [(a, b) for a, b in result.get("labels", [])]
    covered += [(a, b) for n in result.get("noise", []) for a, b in n.get("spans", [])]
    lost = {"title": "lost: in no field, label, noise or unplaced text"}
    blocks += [Block(a, b, "lost", lost) for a, b in lost_ranges(text, covered)]
    return blocks


def _inner(result: dict[str, Any]) -> list[tuple[int, int, str]]:
    noise = [(a, b, "noise") for n in result.get("noise", []) for a, b in n.get("spans", [])]
    labels = [(a, b, "label") for a, b in result.get("labels", [])]
    return disjoint(noise + labels, "noise/label")


def source_html(result: dict[str, Any], fields: list[FieldValue], text: str) -> str:
    renderer = SourceRenderer(text, _inner(result), _markers(result, text))
    return renderer.render(_blocks(result, fields, text))


def records_html(fields: list[FieldValue], grounding: list[str] | None = None) -> str:
    """The records table; `grounding` (LLM results): each value's grounding kind, as a column."""
    rows = []
    for i, f in enumerate(fields):
        kind = grounding[i] if grounding else None
        cell = "" if kind is None else f'<td class="g-{kind}">{kind}</td>'
        rows.append(
            f'<tr data-record="{esc(f.record)}"><td>{esc(f.record)}</td><td>{esc(f.field)}</td>'
            f'<td><span class="v k-{f.kind}" data-target="{field_id(i)}">{esc(f.value) or "∅"}</span></td>{cell}</tr>'
        )
    extra = "<th>grounding</th>" if grounding else ""
    head = f"<thead><tr><th>record</th><th>field</th><th>value</th>{extra}</tr></thead>"
    return f'<table class="sortable">{head}<tbody>{"".join(rows)}</tbody></table>'


def findings_html(result: dict[str, Any], placed: set[str]) -> str:
    """The findings list (a click on a placed one scrolls to its marker) and the filters."""
    findings = result.get("findings", [])
    if not findings:
        return "<h2>No findings</h2>"
    items = []
    for index, f in enumerate(findings):
        target = f' data-target="m{index}"' if f"m{index}" in placed else ""
        items.append(
            f'<li data-severity="{esc(f["severity"])}" data-code="{esc(f["code"])}"><span class="v"{target}>'
            f"{esc(f['severity'])} <b>{esc(f['code'])}</b> {esc(f['message'])}</span></li>"
        )
    codes = sorted({f["code"] for f in findings})
    severity = "".join(f"<option>{s}</option>" for s in ("error", "warning", "info"))
    code = "".join(f"<option>{esc(c)}</option>" for c in codes)
    filters = (
        f'<select id="severity"><option value="">every severity</option>{severity}</select> '
        f'<select id="code"><option value="">every code</option>{code}</select> '
        "<small>keys n / p: next / previous finding</small>"
    )
    return f'<h2>Findings ({len(items)})</h2>{filters}<ul id="findings">{"".join(items)}</ul>'


def document_page(
    result: dict[str, Any], text: str | None, differences: list[dict[str, Any]] | None = None, other: str = ""
) -> str:
    """The page of one document; `text` is its decoded source (None: the source was not given);
    `differences`: the fields on which another run (`other`) of this document differs (None: no
    other run given)."""
    fields = field_values(result.get("content"))
    name = esc(result.get("document", "?"))
    placed: set[str] = set()
    if text is None:
        source = '<p class="missing">source text not given: run docnorm review OUT SOURCE… with the inputs</p>'
    else:
        fields = [f for f in fields if 0 <= f.start <= f.end <= len(text)]
        source = source_html(result, fields, text)
        placed = {m.attrs["id"] for m in _markers(result, text)}
    legend = "".join(f'<span class="k-{k}">{k}</span>' for k in KINDS)
    legend += '<span class="noise">noise</span><span class="unplaced">unplaced / lost</span>'
    status = esc(result.get("status", "?"))
    grounding = groundings(result, fields, text) if is_llm(result) else None
    checks = grounding_html(result, grounding) if grounding is not None else ""
    if differences is not None:
        checks += differences_html(differences, other)
    return (
        f'<!DOCTYPE html><html lang="zh"><head><meta charset="utf-8"><title>{name} · docnorm review</title>'
        f"<style>{CSS}</style></head><body><header><h1>{name} — {status}</h1>"
        f'<div class="legend">{legend} · <a href="index.html">all documents</a></div></header>'
        f'<main><div id="source">{source}</div><div id="records">{findings_html(result, placed)}'
        f"{checks}<h2>Records</h2>{records_html(fields, grounding)}</div></main>"
        f"<script>{PAGE_JS}{SORT_JS}</script></body></html>"
    )

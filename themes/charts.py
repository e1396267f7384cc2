"""OUT/themes/themes.html: plotly charts of the themes in one self-contained page (plotly.js inlined
once, no network): goals and money per theme, themes per department, each theme's keywords, and a
2-D map of goals coloured by theme. Imported only when the page is written (plotly is heavy)."""

from __future__ import annotations

import html
from collections import Counter, defaultdict
from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go
import plotly.io as pio

from docnorm.themes.types import Assignment, GoalItem, Theme

__all__ = ["TO_WANYUAN", "themes_html"]

TO_WANYUAN = {"万元": 1.0, "元": 1e-4, "亿元": 1e4}  # amounts are summed in 万元; other units are left out
TOP_GROUPS = 30  # departments/documents drawn in the stacked bars (the largest by goals)
PALETTE = (
    "#1f77b4 #ff7f0e #2ca02c #d62728 #9467bd #8c564b #e377c2 #7f7f7f #bcbd22 #17becf "
    "#393b79 #637939 #8c6d31 #843c39 #7b4173 #3182bd #e6550d #31a354 #756bb1 #636363"
).split()


def _esc(text: str | None) -> str:
    """Plotly reads labels as a small HTML subset: escape, so a name like <b>… shows as typed."""
    return html.escape(text or "", quote=False)


def _short(text: str, size: int = 18) -> str:
    return text if len(text) <= size else text[: size - 1] + "…"


def _colours(themes: Sequence[Theme]) -> dict[str, str]:
    return {t.theme_id: PALETTE[i % len(PALETTE)] for i, t in enumerate(themes)}


def _names(themes: Sequence[Theme]) -> dict[str, str]:
    return {t.theme_id: f"{t.theme_id} {_esc(_short(t.label))}" for t in themes}


def money_by_theme(items: Sequence[GoalItem], assignments: Sequence[Assignment]) -> tuple[dict[str, float], int]:
    """Sum of amounts per theme in 万元, and how many amounts were left out (no amount, or a unit
    not in TO_WANYUAN)."""
    money: dict[str, float] = defaultdict(float)
    left_out = 0
    for item, a in zip(items, assignments):
        factor = TO_WANYUAN.get(item.money_unit or "")
        if item.amount is None or factor is None:
            left_out += 1
            continue
        money[a.theme_id] += item.amount * factor
    return dict(money), left_out


def _bars(themes: Sequence[Theme], values: dict[str, float], title: str, axis: str) -> go.Figure:
    shown = [t for t in themes if t.size]
    names = _names(shown)
    colours = _colours(themes)
    figure = go.Figure(
        go.Bar(
            x=[values.get(t.theme_id, 0) for t in shown],
            y=[names[t.theme_id] for t in shown],
            orientation="h",
            marker_color=[colours[t.theme_id] for t in shown],
            hovertext=[f"{_esc(t.label)}<br>{_esc(' '.join(t.keywords[:6]))}" for t in shown],
        )
    )
    figure.update_layout(title=title, xaxis_title=axis, yaxis={"autorange": "reversed"})
    return figure


def _by_group(themes: Sequence[Theme], items: Sequence[GoalItem], assignments: Sequence[Assignment]) -> go.Figure:
    counts: Counter[tuple[str, str]] = Counter()
    for item, a in zip(items, assignments):
        counts[(item.department or item.document, a.theme_id)] += 1
    totals: Counter[str] = Counter()
    for (group, _), n in counts.items():
        totals[group] += n
    groups = [g for g, _ in totals.most_common(TOP_GROUPS)]
    colours, names = _colours(themes), _names(themes)
    figure = go.Figure(
        [
            go.Bar(
                name=names[t.theme_id],
                x=[_esc(_short(g, 24)) for g in groups],
                y=[counts.get((g, t.theme_id), 0) for g in groups],
                marker_color=colours[t.theme_id],
            )
            for t in themes
            if t.size
        ]
    )
    more = f" (the {TOP_GROUPS} largest of {len(totals)})" if len(totals) > TOP_GROUPS else ""
    figure.update_layout(barmode="stack", title=f"Goals per theme in each department or document{more}")
    return figure


def _keywords(themes: Sequence[Theme]) -> go.Figure:
    shown = [t for t in themes if t.size]
    cells = [
        [t.theme_id for t in shown],
        [_esc(t.label) for t in shown],
        [t.size for t in shown],
        [_esc(" ".join(t.keywords)) for t in shown],
    ]
    figure = go.Figure(
        go.Table(
            columnwidth=[60, 160, 60, 500],
            header={"values": ["theme", "label", "goals", "keywords"], "align": "left"},
            cells={"values": cells, "align": "left"},
        )
    )
    figure.update_layout(title="Keywords of each theme (c-TF-IDF)", height=120 + 28 * len(shown))
    return figure


def _map(
    themes: Sequence[Theme],
    items: Sequence[GoalItem],
    assignments: Sequence[Assignment],
    rows: np.ndarray,
    xy: np.ndarray,
) -> go.Figure:
    colours, names = _colours(themes), _names(themes)
    figure = go.Figure()
    for theme in themes:
        picked = [k for k, i in enumerate(rows) if assignments[int(i)].theme_id == theme.theme_id]
        if not picked:
            continue
        hover = [
            f"{_esc(items[int(rows[k])].document)} #{items[int(rows[k])].position}<br>"
            f"{_esc(_short(items[int(rows[k])].text, 60))}"
            for k in picked
        ]
        figure.add_trace(
            go.Scatter(
                x=xy[picked, 0],
                y=xy[picked, 1],
                mode="markers",
                name=names[theme.theme_id],
                marker={"color": colours[theme.theme_id], "size": 7, "opacity": 0.8},
                hovertext=hover,
                hoverinfo="text+name",
            )
        )
    sample = f", a sample of {len(rows)} of {len(items)}" if len(rows) < len(items) else ""
    figure.update_layout(
        title=f"Map of goals (first two principal components of the reduced vectors{sample})",
        height=700,
        xaxis={"showticklabels": False},
        yaxis={"showticklabels": False},
    )
    return figure


def themes_html(
    themes: Sequence[Theme],
    items: Sequence[GoalItem],
    assignments: Sequence[Assignment],
    rows: np.ndarray,
    xy: np.ndarray,
) -> str:
    """The page: `rows` are the item indices drawn on the map at coordinates `xy` (one per row)."""
    money, left_out = money_by_theme(items, assignments)
    counts = Counter(a.theme_id for a in assignments)
    note = f"; {left_out} goals without an amount in a known unit left out" if left_out else ""
    figures = [
        _bars(themes, {k: float(v) for k, v in counts.items()}, "Goals per theme", "goals"),
        _bars(themes, money, f"Money per theme (万元{note})", "万元"),
        _by_group(themes, items, assignments),
        _keywords(themes),
        _map(themes, items, assignments, rows, xy),
    ]
    parts = [
        pio.to_html(f, include_plotlyjs=(i == 0), full_html=False, config={"displaylogo": False})
        for i, f in enumerate(figures)
    ]
    body = "\n".join(f'<section class="chart">{p}</section>' for p in parts)
    return (
        '<!DOCTYPE html>\n<html lang="zh"><head><meta charset="utf-8"><title>docnorm themes</title>'
        "<style>body{font-family:sans-serif;margin:1em 2em;max-width:1400px}"
        ".chart{margin-bottom:1.5em}</style></head><body>"
        f"<h1>Themes: {len(items)} goals, {sum(t.size > 0 for t in themes)} themes</h1>\n{body}\n</body></html>\n"
    )

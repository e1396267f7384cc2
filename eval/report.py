"""Terminal (rich) and Markdown reports of eval scores and bench runs.

Both work on plain dicts (``Scores.to_dict()`` or a run file) so stored runs render the same as
fresh ones.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rich.console import Console
from rich.table import Table

LEADER_COLUMNS = (
    "cell",
    "field_f1",
    "field_precision",
    "field_recall",
    "omission_rate",
    "invented_value_rate",
    "agreement",
    "requests",
    "tokens_in",
    "tokens_out",
    "cost_usd",
    "latency_p50_s",
    "latency_p95_s",
)


def fmt(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.3f}" if abs(value) < 10 else f"{value:,.1f}"
    return str(value)


def _doc_rows(scores: dict[str, Any]) -> Iterable[list[str]]:
    def row(name: str, form: str, d: dict[str, Any]) -> list[str]:
        ind = d.get("projects.indicators_exact_f1", d.get("indicators_exact_f1"))
        return [
            name,
            form,
            fmt(d["field_precision"]),
            fmt(d["field_recall"]),
            fmt(d["field_f1"]),
            fmt(ind),
            fmt(d.get("projects_exact_f1")),
            fmt(d["omission_rate"]),
            fmt(d["invented_value_rate"]),
        ]

    for d in scores["documents"]:
        name = d["document"] + ("" if d["status"] == "scored" else f" ({d['status']})")
        yield row(name, d["form"] or "?", d)
    yield row("**all (micro)**", "", scores)


DOC_HEADER = [
    "document",
    "form",
    "field P",
    "field R",
    "field F1",
    "indicator-row F1",
    "project exact F1",
    "omission",
    "invented",
]
FIELD_HEADER = ["field", "correct", "wrong", "missing", "spurious", "P", "R", "F1"]


def _field_rows(scores: dict[str, Any]) -> Iterable[list[str]]:
    for name, c in scores["fields"].items():
        yield [
            name,
            *(str(c[k]) for k in ("correct", "wrong", "missing", "spurious")),
            fmt(c["precision"]),
            fmt(c["recall"]),
            fmt(c["f1"]),
        ]


def _md_table(header: list[str], rows: Iterable[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines)


def scores_markdown(scores: dict[str, Any], fields: bool = True) -> str:
    """Markdown summary of one scored folder: per document, then per field."""
    parts = ["### Scores against the goldens", "", _md_table(DOC_HEADER, _doc_rows(scores))]
    if fields:
        parts += ["", "### Per field", "", _md_table(FIELD_HEADER, _field_rows(scores))]
    parts += [
        "",
        "P/R/F1 micro-averaged over field values after normalization (NFKC, whitespace, "
        "thousands separators; amounts as Decimals). *invented* = share of predicted values "
        "found nowhere in the source text.",
    ]
    return "\n".join(parts) + "\n"


def _console() -> Console:
    """Wide enough for the tables when the output is a pipe or a file."""
    console = Console()
    return console if console.is_terminal else Console(width=200)


def _rich_table(title: str, header: list[str], rows: Iterable[list[str]]) -> Table:
    table = Table(title=title)
    for i, name in enumerate(header):
        table.add_column(name, justify="left" if i == 0 else "right", no_wrap=i == 0)
    for r in rows:
        table.add_row(*(c.replace("**", "") for c in r))
    return table


def print_scores(scores: dict[str, Any], console: Console | None = None, fields: bool = True) -> None:
    console = console or _console()
    if fields:
        console.print(_rich_table("Per field", FIELD_HEADER, _field_rows(scores)))
    console.print(_rich_table("Per document", DOC_HEADER, _doc_rows(scores)))
    console.print(f"field_f1 (micro) = {scores['field_f1']:.4f}")


def _leader_rows(run: dict[str, Any]) -> list[list[str]]:
    cells = sorted(run["cells"], key=lambda c: -c["field_f1"])
    return [[fmt(c.get(k)) for k in LEADER_COLUMNS] for c in cells]


def run_markdown(run: dict[str, Any]) -> str:
    """Markdown leaderboard of a bench run, then the per-document F1 of each cell."""
    header = list(LEADER_COLUMNS)
    parts = [f"## Bench run `{run['run_id']}`", "", _md_table(header, _leader_rows(run)), ""]
    docs = run["matrix"]["documents"]
    rows = []
    for c in run["cells"]:
        by_doc = {d["document"]: d["field_f1"] for d in c["documents"]}
        rows.append([c["cell"], *(fmt(by_doc.get(d)) for d in docs)])
    parts += ["Per document field F1:", "", _md_table(["cell", *docs], rows)]
    return "\n".join(parts) + "\n"


def print_run(run: dict[str, Any], console: Console | None = None) -> None:
    console = console or _console()
    console.print(_rich_table(f"bench {run['run_id']}", list(LEADER_COLUMNS), _leader_rows(run)))

"""The per-document overview row (OUT/documents.csv and the review index): counts read from a
result as JSON, so the extractor (which writes the CSV) and the review pages share one definition."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from typing import Any

DOCUMENT_COLUMNS: tuple[str, ...] = (
    "document",
    "form",
    "status",
    "projects",
    "indicators",
    "total",
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
_COVERAGE = ("input_chars", "field_chars", "label_chars", "noise_chars", "unplaced_chars", "lost_chars")


def _total(content: dict[str, Any]) -> object:
    """Form A: the printed 合计; Form B: 部门预算支出 added up; Form P: this year's budgets of its
    projects added up (empty when nothing was printed)."""
    if content.get("form") == "P":
        totals = [p.get("total") or p.get("project_total") for p in content.get("projects", [])]
        return str(sum((Decimal(t) for t in totals if t), Decimal(0))) if any(totals) else ""
    if content.get("form") == "A":
        return (content.get("grand_total") or {}).get("total") or ""
    spent = [b["amount"] for b in content.get("budget", []) if b.get("section") == "部门预算支出" and b.get("amount")]
    return str(sum((Decimal(a) for a in spent), Decimal(0))) if spent else ""


# the parts of a result document_counts reads: dumping only these keeps a large document cheap
COUNTED_PARTS: dict[str, Any] = {
    "document": True,
    "status": True,
    "coverage": True,
    "findings": {"__all__": {"severity"}},
    "content": {
        "form": True,
        "money_unit": True,
        "grand_total": True,
        "budget": True,
        "projects": {
            "__all__": {
                "money_unit": True,
                "total": True,
                "project_total": True,
                "indicators": {"__all__": {"position"}},
            }
        },
        "key_tasks": {"__all__": {"position"}},
        "indicators": {"__all__": {"position"}},
    },
}


def _project_units(content: dict[str, Any]) -> str:
    """Form P prints the unit per table: the one unit, or all of them joined when tables differ."""
    units = dict.fromkeys(p.get("money_unit") for p in content.get("projects", []) if p.get("money_unit"))
    return "/".join(u for u in units if u)


def document_counts(result: dict[str, Any]) -> dict[str, object]:
    """The overview row of one result (`DocumentResult.model_dump(mode="json")`)."""
    content = result.get("content") or {}
    form = content.get("form")
    projects = content.get("projects", []) if form in ("A", "P") else content.get("key_tasks", [])
    if form in ("A", "P"):
        indicators = sum(len(p.get("indicators", [])) for p in projects)
    else:
        indicators = len(content.get("indicators", []))
    return overview_row(
        document=result.get("document", ""),
        form=form or "",
        status=result.get("status", ""),
        projects=len(projects),
        indicators=indicators,
        total=_total(content) if content else "",
        money_unit=content.get("money_unit") or _project_units(content),
        coverage=result.get("coverage") or {},
        severities=Counter(f["severity"] for f in result.get("findings", [])),
    )


def overview_row(
    *,
    document: str,
    form: str,
    status: str,
    projects: int,
    indicators: int,
    total: object,
    money_unit: str,
    coverage: dict[str, Any],
    severities: Counter[str],
) -> dict[str, object]:
    """The row from its parts (a long document read in pieces counts them as it goes)."""
    row: dict[str, object] = {
        "document": document,
        "form": form,
        "status": status,
        "projects": projects,
        "indicators": indicators,
        "total": total,
        "money_unit": money_unit,
    }
    row.update({key: coverage.get(key, "") for key in _COVERAGE})
    row.update(errors=severities["error"], warnings=severities["warning"], infos=severities["info"])
    return row

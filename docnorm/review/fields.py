"""The spanned values of a result: every field value with its kind, record and [start, end)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

KINDS: tuple[str, ...] = ("project", "unit", "amount", "goal", "indicator", "level", "target", "other")

_BY_FIELD = {
    **dict.fromkeys(("total", "fiscal", "special", "other", "amount"), "amount"),
    **dict.fromkeys(("goal", "overall_goal", "content", "expected_result", "other_tasks"), "goal"),
    **dict.fromkeys(("period_target", "annual_target", "target", "measure"), "target"),
    **dict.fromkeys(("level1", "level2", "level1_code", "level2_code"), "level"),
    "department": "unit",
}
# what a record's `name` field is, by the list the record is in
_NAME_KIND = {"units": "unit", "projects": "project", "indicators": "indicator", "key_tasks": "project"}
_RECORD_WORD = {
    "units": "unit",
    "projects": "project",
    "indicators": "indicator",
    "key_tasks": "task",
    "budget": "budget",
    "grand_total": "合计",
}


@dataclass(frozen=True)
class FieldValue:
    """One extracted value and the source span it came from."""

    record: str  # e.g. "project 3 · indicator 2", "合计", "document"
    field: str
    kind: str
    value: str
    start: int
    end: int

    @property
    def key(self) -> str:
        return f"{self.record} · {self.field}"


def kind_of(field: str, container: str | None) -> str:
    if field == "name":
        return _NAME_KIND.get(container or "", "other")
    return _BY_FIELD.get(field, "other")


def display(value: Any) -> str:
    """The printed text of a field value: a target's raw text, a number as printed."""
    if isinstance(value, dict):
        return str(value.get("raw", ""))
    return "" if value is None else str(value)


def field_values(content: dict[str, Any] | None) -> list[FieldValue]:
    """Every value of a result's content (as JSON) that carries a span, in source order."""
    if not content:
        return []
    found = list(_walk(content, "document", None))
    return sorted(found, key=lambda f: (f.start, f.end))


def _walk(node: dict[str, Any], record: str, container: str | None) -> Iterator[FieldValue]:
    for field, (start, end) in (node.get("spans") or {}).items():
        yield FieldValue(record, field, kind_of(field, container), display(node.get(field)), start, end)
    for key, child in node.items():
        if key == "spans":
            continue
        if isinstance(child, dict) and key in _RECORD_WORD:
            yield from _walk(child, _RECORD_WORD[key], key)
        elif isinstance(child, list):
            for index, item in enumerate(child, 1):
                if isinstance(item, dict):
                    position = item.get("position", index)
                    label = f"{_RECORD_WORD.get(key, key)} {position}"
                    inner = label if record == "document" else f"{record} · {label}"
                    yield from _walk(item, inner, key)

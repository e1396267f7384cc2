"""Findings for what a reading guessed (a leading `2` read as `≥` by OCR): every target of any form
whose normalized reading records a guess is reported where it is printed, raw text kept."""

from __future__ import annotations

from functools import cache
from typing import get_origin

from pydantic import BaseModel

from docnorm.extractor.forms.form_a.validate import Locator
from docnorm.extractor.ledger import models_in
from docnorm.schemas.common import Finding, Target


def _label(model: BaseModel, index: int) -> str:
    kind = "project" if hasattr(model, "indicators") else "indicator" if "Indicator" in type(model).__name__ else "row"
    return f"{kind} {getattr(model, 'position', None) or index}"


def _walk(model: BaseModel, record: str, loc: Locator, out: list[Finding]) -> None:
    targets, lists = _fields(type(model))
    for name in targets:
        value = getattr(model, name)
        if value is not None and value.normalized is not None and value.normalized.guess:
            out.append(
                Finding(
                    severity="warning",
                    code="comparator-guessed",
                    location=loc.locate(getattr(model, "spans", {}).get(name), record or None),
                    message=f"{record or 'target'} {name} {value.raw!r}: {value.normalized.guess}; "
                    "the raw text is kept as printed",
                )
            )
    for name in lists:
        for index, child in enumerate(getattr(model, name), 1):
            if isinstance(child, BaseModel):
                _walk(child, f"{record} {_label(child, index)}".strip(), loc, out)


@cache
def _fields(model: type[BaseModel]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A model class's fields that can hold a target, and those that can hold a list of records
    (looked up once a class: a long document has tens of thousands of indicators)."""
    targets = tuple(
        name
        for name, info in model.model_fields.items()
        if any(issubclass(m, Target) for m in models_in(info.annotation))
    )
    lists = tuple(
        name
        for name, info in model.model_fields.items()
        if get_origin(info.annotation) is list and any(models_in(info.annotation))
    )
    return targets, lists


def guess_findings(content: BaseModel, loc: Locator) -> list[Finding]:
    """One `comparator-guessed` warning per target whose reading was guessed."""
    out: list[Finding] = []
    _walk(content, "", loc, out)
    return out

"""Findings for what a reading guessed (a leading `2` read as `≥` by OCR): every target of any form
whose normalized reading records a guess is reported where it is printed, raw text kept."""

from __future__ import annotations

from pydantic import BaseModel

from docnorm.extractor.forms.form_a.validate import Locator
from docnorm.schemas.common import Finding, Target


def _label(model: BaseModel, index: int) -> str:
    kind = "project" if hasattr(model, "indicators") else "indicator" if "Indicator" in type(model).__name__ else "row"
    return f"{kind} {getattr(model, 'position', None) or index}"


def _walk(model: BaseModel, record: str, loc: Locator, out: list[Finding]) -> None:
    spans = getattr(model, "spans", {})
    for name, value in model:
        if isinstance(value, Target) and value.normalized is not None and value.normalized.guess:
            out.append(
                Finding(
                    severity="warning",
                    code="comparator-guessed",
                    location=loc.locate(spans.get(name), record or None),
                    message=f"{record or 'target'} {name} {value.raw!r}: {value.normalized.guess}; "
                    "the raw text is kept as printed",
                )
            )
        elif isinstance(value, list):
            for index, child in enumerate(value, 1):
                if isinstance(child, BaseModel):
                    _walk(child, f"{record} {_label(child, index)}".strip(), loc, out)


def guess_findings(content: BaseModel, loc: Locator) -> list[Finding]:
    """One `comparator-guessed` warning per target whose reading was guessed."""
    out: list[Finding] = []
    _walk(content, "", loc, out)
    return out

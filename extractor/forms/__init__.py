"""The forms docnorm reads offline, each one module with detect / parse / validate.

`choose_form(text)` scores the document with every form and returns the best one that accepts it,
or None: no form accepting a document is an outcome, not an exception deep in a parser."""

from __future__ import annotations

from typing import cast

from docnorm.extractor.forms import form_a, form_b, form_p
from docnorm.extractor.forms.base import ACCEPT, Form, Parsed

__all__ = ["ACCEPT", "FORMS", "Form", "Parsed", "choose_form", "form_scores"]

FORMS: tuple[Form, ...] = tuple(cast(Form, m) for m in (form_b, form_p, form_a))  # ties go to the earlier one


def form_scores(text: str) -> dict[str, float]:
    return {form.NAME: form.detect(text) for form in FORMS}


def choose_form(text: str) -> Form | None:
    best = max(FORMS, key=lambda form: form.detect(text))
    return best if best.detect(text) >= ACCEPT else None

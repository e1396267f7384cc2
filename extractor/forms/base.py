"""The contract every form meets: `detect(text) -> score`, `parse(text, document)`, `validate`.

A form is a module (or small package) with a `NAME`, and the three functions below. The pipeline
asks every form to score a document and reads it with the best one; when none accepts it, that is
an explicit outcome (`choose_form` returns None), which the LLM path can take over."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Protocol

from docnorm.extractor.clean import Cleaned
from docnorm.schemas.common import Finding
from docnorm.schemas.document import UnplacedText
from docnorm.schemas.form_a import FormADocument
from docnorm.schemas.form_b import FormBDocument
from docnorm.schemas.form_p import FormPDocument

__all__ = ["ACCEPT", "PER_PROJECT_LABELS", "Form", "Parsed"]

ACCEPT = 0.5  # a form that scores a document below this does not accept it
# key cells of the national per-project form (项目名称 | … , 实施单位 | …): neither Form A nor Form B
# prints them, so a document that does is never forced into either (even under their titles)
PER_PROJECT_LABELS = re.compile(r"^[ \t|]*(?:项目名称|实施单位|主管部门|项目属性|资金总额)[ \t]*(?:[\t|:：]|$)", re.M)


@dataclass
class Parsed:
    """What a form's parser read from one document."""

    content: FormADocument | FormBDocument | FormPDocument
    cleaned: Cleaned  # the text with its layout noise masked, and the noise counted
    unplaced: list[UnplacedText] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)  # what parsing itself noticed (e.g. truncation)
    labels: list[tuple[int, int]] = field(default_factory=list)  # the form's own words and glue, for the ledger


class Form(Protocol):
    NAME: str
    TITLE: str

    def detect(self, text: str) -> float:
        """0 (not this form) to 1 (certainly this form)."""
        ...

    def parse(self, text: str, document: str) -> Parsed: ...

    def validate(self, parsed: Parsed, text: str) -> list[Finding]:
        """The checks the form allows (sums, level codes, ...): flagged, never fixed."""
        ...

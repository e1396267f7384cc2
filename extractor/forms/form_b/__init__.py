"""Form B — 部门整体预算绩效目标申报表: budget summary, overall goal, key tasks, indicator grid."""

from __future__ import annotations

import re

from docnorm.extractor.clean import TITLE_B, clean
from docnorm.extractor.forms.base import PER_PROJECT_LABELS, Parsed
from docnorm.extractor.forms.form_b.parse import check_budget_balance, parse_form_b
from docnorm.schemas.common import Finding
from docnorm.schemas.document import UnplacedText
from docnorm.schemas.form_b import FormBDocument

__all__ = ["NAME", "TITLE", "detect", "parse", "validate"]

NAME = "B"
TITLE = TITLE_B
_HINT = re.compile(r"^总体绩效目标\t|年度重点工作任务|^一级指标\t二级指标", re.M)


def detect(text: str) -> float:
    if TITLE_B in text:
        return 1.0
    if PER_PROJECT_LABELS.search(text):
        return 0.0  # a per-project form's grid has the same header row
    return 0.95 if _HINT.search(text) else 0.0


def parse(text: str, document: str) -> Parsed:
    cleaned = clean(text, form="B")
    content, cells, labels = parse_form_b(cleaned)
    reason = "cell that fits no field of Form B"
    unplaced = [UnplacedText(text=c.text, span=span, reason=reason) for c in cells if (span := c.span())]
    return Parsed(content, cleaned, unplaced, labels=labels)


def validate(parsed: Parsed, text: str) -> list[Finding]:
    assert isinstance(parsed.content, FormBDocument)
    return check_budget_balance(parsed.content)

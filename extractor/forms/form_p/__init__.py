"""Form P — the national per-project target form (项目支出绩效目标表, 财预〔2015〕88号 family and its
provincial variants), read offline from pipe tables, tab-separated rows or one cell per line."""

from __future__ import annotations

import re

from docnorm.errors import UnsupportedDocumentError
from docnorm.extractor.clean import Cleaned, Header
from docnorm.extractor.forms.base import Parsed
from docnorm.extractor.forms.form_p.cells import HEADER_LABELS
from docnorm.extractor.forms.form_p.parse import read_cells
from docnorm.extractor.forms.form_p.project import build
from docnorm.extractor.forms.form_p.runon import is_run_on
from docnorm.extractor.forms.form_p.validate import validate_form_p
from docnorm.schemas.common import Finding, Span
from docnorm.schemas.document import UnplacedText
from docnorm.schemas.form_p import FormPDocument

__all__ = ["NAME", "TITLE", "detect", "parse", "validate"]

NAME = "P"
TITLE = "项目支出绩效目标表"
_KEY_FIELDS = ("name", "unit", "department", "attribute", "total")
_KEYS = "|".join(
    sorted((k for k, v in HEADER_LABELS.items() if v in _KEY_FIELDS and k != "部门名称"), key=len, reverse=True)
)
# a key cell: the label alone in its cell (a money unit in brackets allowed), e.g. `| 实施单位 |`
_KEY_CELL = re.compile(rf"(?:^|[|\t ])[ \t]*(?:{_KEYS})[ \t]*(?:[(（](?:万元|元)[)）])?(?:[\t|:： ]|$)", re.M)


def detect(text: str) -> float:
    """Two different key cells of the header (项目名称, 实施单位, 主管部门, 项目属性, 资金总额 ...), or
    header rows run together without separators (`主管部门某局实施单位某中心`)."""
    found = {m.group().strip(" \t|:：") for m in _KEY_CELL.finditer(text[:200_000])}
    fields = {HEADER_LABELS.get(re.sub(r"[(（].*", "", k).strip()) for k in found}
    return 0.97 if len(fields - {None}) >= 2 or is_run_on(text) else 0.0


def parse(text: str, document: str) -> Parsed:
    reader = read_cells(text)
    if reader.unreadable:  # better no reading than a wrong one: offline it is unsupported, the LLM may read it
        raise UnsupportedDocumentError(reader.unreadable, document=document)
    content = build(reader)
    cleaned = Cleaned(text, text, Header(title=content.title))
    for kind, ranges in (("page furniture", reader.noise), ("page footer", reader.page_numbers)):
        if ranges:
            chars = sum(len("".join(text[a:b].split())) for a, b in ranges)
            cleaned.noise[kind] = [len(ranges), chars]
            cleaned.ranges[kind] = ranges
    reason = "cell that fits no field of the per-project form"
    unplaced = [UnplacedText(text=c.text, span=Span(start=c.start, end=c.end), reason=reason) for c in reader.unplaced]
    return Parsed(content, cleaned, unplaced, labels=reader.labels)


def validate(parsed: Parsed, text: str) -> list[Finding]:
    assert isinstance(parsed.content, FormPDocument)
    return validate_form_p(parsed.content, text)

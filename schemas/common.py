"""Shared building blocks of the data contracts: spans, targets, findings."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, NonNegativeInt

SCHEMA_VERSION = "1.0"


class Contract(BaseModel):
    """Base of every schema model: unknown keys are an error, values are validated on assignment."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class Span(Contract):
    """Half-open character range ``[start, end)`` into the decoded input text (for unplaced text;
    record fields carry compact ``SourceRange`` pairs)."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)


SourceRange = Annotated[
    tuple[NonNegativeInt, NonNegativeInt],
    Field(description="[start, end): half-open character offsets into the decoded input text"),
]
SPANS_DOC = (
    "where each extracted value came from: field name -> [start, end) character offsets into the "
    "decoded input (a value joined from several rows spans its first to its last character). "
    "Keys are the record's own field names; hand-labelled golden files leave it empty."
)
BBox = Annotated[
    tuple[float, float, float, float],
    Field(description="x0, top, x1, bottom in PDF points, from the page's top-left corner"),
]


class SpanPlace(Contract):
    """Where a field's [start, end) span lies in a PDF: one entry per page it touches, its box the
    union of the boxes of the words (or cell lines) the span's characters come from."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    page: int = Field(ge=1, description="1-based page number")
    bbox: BBox
    confidence: float | None = Field(
        default=None, ge=0, le=1, description="OCR input only: the lowest recognizer confidence of the span's text"
    )


AmountField = Literal["total", "fiscal", "special", "other"]


Comparator = Literal[">=", ">", "<=", "<", "=", "range"]
TargetKind = Literal[
    "quantitative",  # a number with a comparator and maybe a unit
    "qualitative",  # 提升, 及时, 达标, 合规 ...
    "grade",  # 优, 良, 优良, 良好, 合格 (optionally with 以上)
    "zero",  # 零事故, 零发生
    "boolean",  # 是 / 否
    "reference",  # 按规定支付, 按实际整改数
    "period",  # 全年: a period label, not a target
    "formula",  # 指标值=...
    "composite",  # several numbers or clauses
    "empty",
]
Direction = Literal["increase", "decrease", "maintain", "achieve"]
UnitSource = Literal["value", "indicator_name", "none"]


class NormalizedTarget(Contract):
    """A machine reading of a raw target; the raw text is always kept beside it."""

    kind: TargetKind
    comparator: Comparator | None = None
    value: Decimal | None = None
    upper: Decimal | None = Field(default=None, description="upper bound when comparator is 'range'")
    unit: str | None = None
    unit_source: UnitSource = "none"
    subject: str | None = None
    implicit: bool = Field(default=False, description="no comparator was printed; '=' was assumed")
    direction: Direction | None = None
    grade: str | None = None
    guess: str | None = Field(
        default=None, description="what was guessed from damaged text (a leading 2 read as ≥ by OCR); reported"
    )


class Target(Contract):
    raw: str
    normalized: NormalizedTarget | None = None


Severity = Literal["error", "warning", "info"]


class Location(Contract):
    """Where a finding points: line/column are 1-based, offsets index the decoded text."""

    line: int | None = None
    column: int | None = None
    page: int | None = Field(default=None, ge=1, description="1-based PDF page (PDF input only)")
    start: int | None = None
    end: int | None = None
    record: str | None = Field(default=None, description="e.g. 'project 12' or 'unit 2'")


class Finding(Contract):
    severity: Severity
    code: str
    message: str
    location: Location | None = None


class Amounts(Contract):
    """The four money columns of Form A, in the table's unit (usually 万元)."""

    spans: dict[AmountField, SourceRange] = Field(default_factory=dict, description=SPANS_DOC)
    total: Decimal | None = None
    fiscal: Decimal | None = Field(default=None, description="财政拨款")
    special: Decimal | None = Field(default=None, description="财政专户拨款")
    other: Decimal | None = Field(default=None, description="其他资金")

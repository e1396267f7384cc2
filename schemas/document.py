"""The per-document output envelope and the golden-file contract."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from docnorm.schemas.common import SCHEMA_VERSION, Contract, Finding, SourceRange, Span, SpanPlace
from docnorm.schemas.form_a import FormADocument
from docnorm.schemas.form_b import FormBDocument
from docnorm.schemas.form_p import FormPDocument

Content = Annotated[FormADocument | FormBDocument | FormPDocument, Field(discriminator="form")]
Status = Literal["ok", "partial", "failed"]


class NoiseSummary(Contract):
    """Layout noise removed from the input, by kind (page headers, column headers, tags)."""

    kind: str
    count: int
    chars: int
    spans: list[SourceRange] = Field(default_factory=list, description="the masked [start, end) ranges")


class UnplacedText(Contract):
    text: str
    span: Span
    reason: str


class Coverage(Contract):
    """Accounting of every non-blank character of the input, each class counted on its own.

    Every count comes from the spans the result carries (field spans, form labels, noise masks,
    unplaced spans); a character in none of them is *lost*. No count is derived from the others,
    so `input_chars == field + label + noise + unplaced + lost` is a check that can fail."""

    input_chars: int = Field(description="non-whitespace characters in the decoded input")
    field_chars: int = Field(description="of those, inside the span of an extracted field value")
    label_chars: int = Field(
        default=0,
        description="form labels and glue: item numbers, level codes, 实施周期指标值, separators, column words",
    )
    noise_chars: int = Field(description="layout noise the cleaner masked: page titles, headers, footers, tags")
    unplaced_chars: int = Field(description="inside reported unplaced text")
    lost_chars: int = Field(default=0, description="in none of the above: text the extractor dropped (a defect)")


class LLMUsage(Contract):
    tokens_in: int = 0
    tokens_out: int = 0
    requests: int = 0
    attempts: int = 0
    cached: int = 0
    cost: float = Field(default=0.0, description="USD from the illustrative price table")


class UsageLedger(Contract):
    """What the LLM backend spent on this document, in total and per record ('project 3')."""

    model: str | None = None
    total: LLMUsage = Field(default_factory=LLMUsage)
    records: dict[str, LLMUsage] = Field(default_factory=dict)


class DocumentResult(Contract):
    schema_version: str = SCHEMA_VERSION
    document: str = Field(description="input file name")
    status: Status
    encoding: str | None = None
    backend: str = "offline"
    content: Content | None = None
    findings: list[Finding] = Field(default_factory=list)
    noise: list[NoiseSummary] = Field(default_factory=list)
    unplaced: list[UnplacedText] = Field(default_factory=list)
    labels: list[SourceRange] = Field(
        default_factory=list,
        description="[start, end) ranges of the form's own words and glue (item numbers, 实施周期指标值, "
        "separators, row labels): neither data nor noise, counted as label_chars",
    )
    coverage: Coverage | None = None
    places: list[SpanPlace] = Field(
        default_factory=list,
        description="PDF input: the page and box of every field span the records carry (match a "
        "record's spans by [start, end)); empty for text input",
    )
    usage: UsageLedger | None = Field(default=None, description="LLM usage; absent for offline extraction")


class GoldenDocument(Contract):
    """A hand-labelled golden file: what a careful reader records from the source."""

    schema_version: str = SCHEMA_VERSION
    document: str
    labelled_by: str = Field(description="who labelled it and how")
    draft: bool = Field(
        default=False,
        description="true: written by `docnorm golden init` from an extraction and not yet checked; "
        "eval refuses it until a person has checked every value against the source and set it to false",
    )
    notes: list[str] = Field(default_factory=list)
    content: Content

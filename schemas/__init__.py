"""Pydantic data contracts of docnorm (Form A, Form B, findings, output envelope)."""
from schemas.common import (
    SCHEMA_VERSION,
    Amounts,
    Finding,
    Location,
    NormalizedTarget,
    Span,
    Target,
)
from schemas.document import Coverage, DocumentResult, GoldenDocument, NoiseSummary, UnplacedText
from schemas.form_a import FormADocument, FundingUnit, Indicator, Project
from schemas.form_b import BudgetLine, DepartmentIndicator, FormBDocument, KeyTask

__all__ = [
    "SCHEMA_VERSION", "Amounts", "BudgetLine", "Coverage", "DepartmentIndicator", "DocumentResult",
    "Finding", "FormADocument", "FormBDocument", "FundingUnit", "GoldenDocument", "Indicator",
    "KeyTask", "Location", "NoiseSummary", "NormalizedTarget", "Project", "Span", "Target",
    "UnplacedText",
]

"""Pydantic data contracts of docnorm (Form A, Form B, Form P, findings, output envelope)."""

from docnorm.schemas.common import (
    SCHEMA_VERSION,
    Amounts,
    Finding,
    Location,
    NormalizedTarget,
    Span,
    Target,
)
from docnorm.schemas.document import Coverage, DocumentResult, GoldenDocument, NoiseSummary, UnplacedText
from docnorm.schemas.form_a import FormADocument, FundingUnit, Indicator, Project
from docnorm.schemas.form_b import BudgetLine, DepartmentIndicator, FormBDocument, KeyTask
from docnorm.schemas.form_p import FormPDocument, PIndicator, PProject

__all__ = [
    "SCHEMA_VERSION",
    "Amounts",
    "BudgetLine",
    "Coverage",
    "DepartmentIndicator",
    "DocumentResult",
    "Finding",
    "FormADocument",
    "FormBDocument",
    "FormPDocument",
    "FundingUnit",
    "GoldenDocument",
    "Indicator",
    "KeyTask",
    "Location",
    "NoiseSummary",
    "NormalizedTarget",
    "PIndicator",
    "PProject",
    "Project",
    "Span",
    "Target",
    "UnplacedText",
]

"""Review pages: a document's source text with every extracted value highlighted at its span,
beside its records; an index of the batch. Pure HTML building from the JSON results and the
decoded source texts the CLI hands over (this package reads no input document itself)."""

from __future__ import annotations

from docnorm.review.build import load_results, write_review
from docnorm.review.index import document_counts, page_name

__all__ = ["document_counts", "load_results", "page_name", "write_review"]

"""Page provenance for PDF input: every field span of a result gets its page(s) and box(es), and
every finding that points at text gets its page, from the reader's map of text offsets."""

from __future__ import annotations

from typing import Any

from docnorm.extractor.readers import SourceText
from docnorm.extractor.readers.pdf import PageMap
from docnorm.schemas.common import SpanPlace
from docnorm.schemas.document import DocumentResult

__all__ = ["field_spans", "with_places"]


def field_spans(node: Any) -> set[tuple[int, int]]:
    """Every [start, end) pair in the ``spans`` maps of a dumped result's content, at any depth."""
    found: set[tuple[int, int]] = set()
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "spans" and isinstance(value, dict):
                found.update((int(a), int(b)) for a, b in value.values())
            else:
                found |= field_spans(value)
    elif isinstance(node, list):
        for item in node:
            found |= field_spans(item)
    return found


def with_places(result: DocumentResult, source: SourceText) -> DocumentResult:
    """The result with ``places`` and finding pages filled in; unchanged for non-PDF sources."""
    pages = source.source_map
    if not isinstance(pages, PageMap) or result.content is None:
        return result
    spans = sorted(field_spans(result.content.model_dump(mode="json")))
    places = [
        SpanPlace(start=a, end=b, page=page, bbox=box) for a, b in spans if b > a for page, box in pages.boxes(a, b)
    ]
    findings = []
    for f in result.findings:
        loc = f.location
        if loc is not None and loc.start is not None and loc.page is None:
            page = pages.origin(loc.start).page
            f = f.model_copy(update={"location": loc.model_copy(update={"page": page})})
        findings.append(f)
    return result.model_copy(update={"places": places, "findings": findings})

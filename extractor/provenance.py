"""Page provenance for PDF input: every field span of a result gets its page(s) and box(es), and
every finding that points at text gets its page, from the reader's map of text offsets."""

from __future__ import annotations

from typing import Any

from docnorm.extractor.readers import SourceText
from docnorm.extractor.readers.ocr import LOW_CONFIDENCE
from docnorm.extractor.readers.pages import PageMap
from docnorm.schemas.common import Finding, Location, SpanPlace
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
        SpanPlace(start=a, end=b, page=page, bbox=box, confidence=pages.confidence(a, b))
        for a, b in spans
        if b > a
        for page, box in pages.boxes(a, b)
    ]
    findings = []
    for f in result.findings:
        loc = f.location
        if loc is not None and loc.start is not None and loc.page is None:
            page = pages.origin(loc.start).page
            f = f.model_copy(update={"location": loc.model_copy(update={"page": page})})
        findings.append(f)
    findings += _low_confidence(spans, pages)
    return result.model_copy(update={"places": places, "findings": findings})


def _low_confidence(spans: list[tuple[int, int]], pages: PageMap) -> list[Finding]:
    """A finding for every value the recognizer read with less than LOW_CONFIDENCE: to review."""
    out = []
    for a, b in spans:
        confidence = pages.confidence(a, b)
        if b > a and confidence is not None and confidence < LOW_CONFIDENCE:
            origin = pages.origin(a)
            out.append(
                Finding(
                    severity="warning",
                    code="ocr-low-confidence",
                    location=Location(line=origin.line, column=origin.column, page=origin.page, start=a, end=b),
                    message=f"OCR read {pages.text[a:b][:40]!r} with confidence {confidence:.2f} "
                    f"(below {LOW_CONFIDENCE}): check it against the page",
                )
            )
    return out

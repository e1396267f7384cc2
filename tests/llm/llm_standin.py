"""A stand-in for the offline pipeline in the LLM tests, so they test the LLM layer and not the
lead's extractor of the day: golden content, and line-based record chunks of a tabbed document."""

from __future__ import annotations

from docnorm.extractor.pipeline import RecordChunk
from docnorm.schemas import DocumentResult, GoldenDocument


class GoldenOffline:
    def __init__(self, golden: GoldenDocument) -> None:
        self.golden = golden

    def extract_text(self, text: str, document: str, encoding: str | None = None) -> DocumentResult:
        return DocumentResult(
            document=document, status="ok", encoding=encoding, content=self.golden.content.model_copy(deep=True)
        )

    def record_chunks(self, text: str) -> list[RecordChunk]:
        content = self.golden.content
        units = {u.name for u in content.units}
        chunks, unit, position, offset = [], None, 0, 0
        for line in text.split("\n"):
            start, offset = offset, offset + len(line) + 1
            name = line.split("\t")[0].strip()
            if "\t" not in line or name.startswith("项目名称"):
                continue
            kind = "total" if name == "合计" else "unit" if name in units else "project"
            unit = name if kind == "unit" else unit
            position += kind == "project"
            chunks.append(
                RecordChunk(
                    kind,
                    position if kind == "project" else None,
                    unit,
                    content.department,
                    start,
                    start + len(line),
                    line,
                )
            )
        return chunks

"""The LLM reads a document no offline form accepts: chunk, ask, ground, join, validate.

Each chunk (`layout_chunks`) is one request in the general project schema (`layout_models`).
A chunk whose answer holds values not found in its text is re-asked once (bounded by the run
budget); values still not found are rejected and reported. A chunk the model cannot answer is
kept as unplaced text and the document is partial: nothing is dropped."""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from docnorm.errors import BackendError
from docnorm.extractor.forms.form_a.validate import Locator
from docnorm.extractor.forms.form_p.validate import validate_form_p
from docnorm.extractor.llm.grounding import grounding_findings
from docnorm.extractor.llm.layout_build import Part, build_part, join_parts
from docnorm.extractor.llm.layout_chunks import LayoutChunk, layout_chunks
from docnorm.extractor.llm.layout_models import LayoutChunkAnswer
from docnorm.llm.client import ModelClient
from docnorm.llm.prompts import Prompt
from docnorm.schemas.common import Finding
from docnorm.schemas.document import DocumentResult, Status, UnplacedText
from docnorm.schemas.form_p import FormPDocument

log = logging.getLogger(__name__)


@dataclass
class ChunkResult:
    chunk: LayoutChunk
    parts: list[Part] = field(default_factory=list)
    failure: str | None = None  # why the model gave no usable answer


def _rejected(parts: list[Part]) -> list[str]:
    return [
        f"{g.field} = {g.value!r} does not occur in the chunk" for p in parts for g in p.groundings if g.span is None
    ]


class LayoutReader:
    def __init__(self, client: ModelClient, prompt: Prompt) -> None:
        self.client, self.prompt, self.settings = client, prompt, client.settings

    def read(
        self, text: str, document: str, backend: str, reason: str, region: tuple[int, int] | None = None
    ) -> DocumentResult:
        """The document (or the projects in text[region]) as Form P projects read by the model;
        ``reason`` says why offline did not."""
        chunks = layout_chunks(text, document, self.settings.batch_tokens, region)
        log.info("%s: %d chunk(s) to the model (%s)", document, len(chunks), reason)
        with ThreadPoolExecutor(max_workers=self.settings.concurrency) as pool:
            results = list(pool.map(self._chunk, chunks))
        return _result(text, document, backend, reason, results)

    def _chunk(self, chunk: LayoutChunk) -> ChunkResult:
        if self.client.exhausted(chunk.tokens):
            return ChunkResult(chunk, failure="run budget exhausted before this chunk was sent")
        try:
            parts = self._parts(chunk, self._ask(chunk, "user", []))
            issues = _rejected(parts)
            if issues and self.settings.reasks and not self.client.exhausted(2 * chunk.tokens):
                again = self._parts(chunk, self._ask(chunk, "reask", issues))
                parts = again if len(_rejected(again)) < len(issues) else parts
        except BackendError as exc:
            return ChunkResult(chunk, failure=str(exc))
        return ChunkResult(chunk, parts)

    def _parts(self, chunk: LayoutChunk, answer: LayoutChunkAnswer) -> list[Part]:
        return [build_part(chunk, project) for project in answer.projects]

    def _ask(self, chunk: LayoutChunk, template: str, issues: list[str]) -> LayoutChunkAnswer:
        values = dict(
            header=chunk.header or "（无）",
            position=chunk.position,
            chunk=chunk.text.strip("\n"),
            issues="\n".join(f"- {issue}" for issue in issues),
        )
        messages = self.prompt.conversation(template, **values)
        params = {"max_output": self.settings.max_output_tokens, "temperature": 0}
        answer = self.client.ask(messages, self.prompt, params=params, labels=[chunk.key], weights=[chunk.tokens])
        assert isinstance(answer, LayoutChunkAnswer)
        return answer


def _finding(severity: str, code: str, loc: Locator, chunk: LayoutChunk, message: str) -> Finding:
    return Finding(
        severity=severity,  # type: ignore[arg-type]
        code=code,
        location=loc.locate((chunk.start, chunk.end), chunk.label),
        message=message,
    )


def _result(text: str, document: str, backend: str, reason: str, results: list[ChunkResult]) -> DocumentResult:
    loc = Locator(text)
    findings = [
        _finding("info", "llm-layout", loc, results[0].chunk, f"read by the model in {len(results)} chunk(s): {reason}")
    ] if results else []  # fmt: skip
    unplaced: list[UnplacedText] = []
    parts: list[Part] = []
    for r in results:
        if r.failure is not None:
            findings.append(_finding("warning", "llm-failed", loc, r.chunk, f"{r.chunk.label}: {r.failure}"))
            span = {"start": r.chunk.start, "end": r.chunk.end}
            unplaced.append(UnplacedText(text=r.chunk.text, span=span, reason="chunk the model could not read"))  # type: ignore[arg-type]
        for part in r.parts:
            findings += grounding_findings(part.groundings, r.chunk.label)
        parts += r.parts
    content = FormPDocument(projects=join_parts(parts))
    if any(i.actual or i.score is not None for p in content.projects for i in p.indicators):
        content.kind = "self_evaluation"  # targets beside actual values and scores
    findings += validate_form_p(content, text)
    rejected = any(f.code == "llm-ungrounded" for f in findings)
    status: Status = "partial" if unplaced or rejected else "ok"
    if not content.projects:
        status = "failed"
        findings.insert(
            0, Finding(severity="error", code="no-table", message=f"{document}: the model found no project ({reason})")
        )
    return DocumentResult(
        document=document, status=status, backend=backend, content=content, findings=findings, unplaced=unplaced
    )  # fmt: skip

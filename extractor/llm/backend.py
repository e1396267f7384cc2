"""The LLM and hybrid backends: offline pass first, then the model for selected records.

``llm`` mode sends every project record; ``hybrid`` only those the offline pass flagged with an
error or could not place text around, so a clean document makes no request (per-project forms:
`hybrid_p`). Units, the 合计 row
and Form B stay with the offline extractor. Answers replace offline projects by position.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from types import ModuleType
from typing import Any, Protocol

from docnorm.errors import UnsupportedDocumentError
from docnorm.extractor.llm.chunking import Job, jobs_from_chunks
from docnorm.extractor.llm.engine import Engine, RecordResult
from docnorm.extractor.llm.hybrid_p import reread_projects
from docnorm.extractor.llm.layout import LayoutReader
from docnorm.extractor.llm.layout_models import LAYOUT_MODELS
from docnorm.extractor.llm.models import ANSWER_MODELS
from docnorm.extractor.pipeline import RecordChunk
from docnorm.llm.client import ModelClient
from docnorm.llm.settings import Settings
from docnorm.llm.transport import Transport
from docnorm.schemas import DocumentResult, Finding, FormADocument, FormPDocument, Location
from docnorm.schemas.document import LLMUsage, UsageLedger

log = logging.getLogger(__name__)


class Offline(Protocol):
    """What the backend needs from the offline pipeline (`extractor.pipeline`)."""

    def extract_text(self, text: str, document: str, encoding: str | None = None) -> DocumentResult: ...

    def record_chunks(self, text: str) -> Sequence[RecordChunk]: ...


def _pipeline() -> Any:
    import docnorm.extractor.pipeline as pipeline  # the lead's offline extractor

    return pipeline


# offline warnings that mean "could not place" rather than "the source says so"
HYBRID_CODES = frozenset({"missing-goal", "missing-indicators", "truncated-record", "unplaced-text"})


def select_jobs(jobs: list[Job], offline: DocumentResult, source: str) -> list[Job]:
    """Hybrid selection: records with an error or a HYBRID_CODES finding, and the record before
    each unplaced fragment, widened to take the fragment in (it may complete that record)."""
    flagged = {
        f.location.record
        for f in offline.findings
        if f.location and f.location.record and (f.severity == "error" or f.code in HYBRID_CODES)
    }
    ends = {j.position: j.end for j in jobs}
    for u in offline.unplaced:
        before = [j for j in jobs if j.start <= u.span.start]
        if before:
            owner = max(before, key=lambda j: j.start)
            ends[owner.position] = max(ends[owner.position], u.span.end)
            flagged.add(owner.label)
    return [
        Job(j.position, j.unit, j.department, j.start, ends[j.position], source[j.start : ends[j.position]], j.document)
        for j in jobs
        if j.label in flagged
    ]


class LLMBackend:
    name: str

    def __init__(
        self, settings: Settings, *, offline: Offline | ModuleType | None = None, transport: Transport | None = None
    ) -> None:
        self.settings = settings
        self.name = settings.mode
        self.client = ModelClient(settings, transport=transport)
        self.prompt = self.client.prompt(settings.prompt, ANSWER_MODELS)
        self.ledger = self.client.ledger
        self._offline = offline
        self.engine = Engine(self.client, self.prompt)
        self.layout = LayoutReader(self.client, self.client.prompt(settings.layout_prompt, LAYOUT_MODELS, "layout"))

    def check(self) -> None:
        """Before the batch: the endpoint answers, takes the key and serves the model."""
        self.client.check()

    @property
    def offline(self) -> Offline:
        return self._offline or _pipeline()

    def extract(self, text: str, document: str, encoding: str | None = None) -> DocumentResult:
        try:
            result = self.offline.extract_text(text, document, encoding=encoding)
        except UnsupportedDocumentError as exc:  # no offline form accepts it: the model reads any layout
            return self._any_layout(text, document, encoding, exc.detail)
        result.backend = self.name
        if isinstance(result.content, FormPDocument):
            if self.settings.mode == "llm" or result.status == "failed":
                return self._any_layout(text, document, encoding, f"offline Form P result was {result.status}")
            return self._reread(result, text, document)
        if not isinstance(result.content, FormADocument):
            return result
        jobs = jobs_from_chunks(self.offline.record_chunks(text), text, document)
        selected = jobs if self.settings.mode == "llm" else select_jobs(jobs, result, text)
        log.info("%s: %d of %d records to the model", document, len(selected), len(jobs))
        if selected:
            merge(result, self.engine.run(selected), text)
            result.usage = self._usage(document)
        return result

    def _reread(self, result: DocumentResult, text: str, document: str) -> DocumentResult:
        """Hybrid on a per-project form: the projects the offline pass could not place, read again."""

        def read(region: tuple[int, int]) -> DocumentResult:
            return self.layout.read(text, document, self.name, "the offline reading could not place it", region)

        if reread_projects(result, text, read):
            result.usage = self._usage(document)
        return result

    def _any_layout(self, text: str, document: str, encoding: str | None, reason: str) -> DocumentResult:
        result = self.layout.read(text, document, self.name, reason)
        result.encoding = encoding
        result.usage = self._usage(document)
        return result

    def usage_for(self, document: str) -> dict[str, dict]:
        """Per-record usage of one document: {'project 3': {tokens_in, tokens_out, attempts, ...}}."""
        records = self.ledger.summary()["records"]
        return {k.split("#", 1)[1]: v for k, v in records.items() if k.split("#", 1)[0] == document}

    def _usage(self, document: str) -> UsageLedger:
        """The document's share of the run's usage ledger, per record and in total."""
        per_record = {label: LLMUsage(**usage) for label, usage in self.usage_for(document).items()}
        total = LLMUsage(**{name: sum(getattr(r, name) for r in per_record.values()) for name in LLMUsage.model_fields})
        return UsageLedger(model=self.settings.model, total=total, records=per_record)

    def summary(self) -> dict:
        """Usage of the whole run (all documents): totals and per-record ledger."""
        return self.ledger.summary() | {"prompt": self.prompt.id, "mode": self.settings.mode}


def _revalidate(content: FormADocument, text: str, records: set[str]) -> list[Finding]:
    """The offline validator's findings (sums, level codes...) for the records the model replaced."""
    try:
        from docnorm.extractor.forms.form_a.validate import validate_form_a
    except ImportError:  # pragma: no cover - the offline extractor is part of the package
        return []
    return [f for f in validate_form_a(content, text) if f.location and f.location.record in records]


def merge(result: DocumentResult, records: list[RecordResult], text: str) -> None:
    """Replace offline projects by the model's, keep offline ones (flagged) where it failed."""
    content = result.content
    assert isinstance(content, FormADocument)
    by_position = {p.position: i for i, p in enumerate(content.projects)}
    replaced: set[str] = set()
    added: list[Finding] = []
    for rec in records:
        added += rec.findings
        if rec.outcome == "budget":
            result.status = "partial"
        if rec.project is None:
            continue
        replaced.add(rec.job.label)
        if rec.job.position in by_position:
            content.projects[by_position[rec.job.position]] = rec.project
        else:
            content.projects.append(rec.project)
        result.unplaced = [
            u for u in result.unplaced if not (rec.job.start <= u.span.start and u.span.end <= rec.job.end)
        ]
        added.append(
            Finding(
                severity="info",
                code="llm-replaced",
                message="record extracted by the model",
                location=Location(record=rec.job.label, start=rec.job.start, end=rec.job.end),
            )
        )
    content.projects.sort(key=lambda p: p.position)
    kept = [f for f in result.findings if not (f.location and f.location.record in replaced)]
    result.findings = kept + _revalidate(content, text, replaced) + added

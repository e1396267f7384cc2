"""The offline pipeline, stage by stage: decode → clean → segment → parse → normalize → validate.

`extract_text` never raises for content problems: what it cannot place is reported (unplaced
text, findings) and the result is marked partial. Unreadable input raises `InputError`."""

from __future__ import annotations

import gc
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from docnorm.errors import UnsupportedDocumentError
from docnorm.extractor.clean import clean
from docnorm.extractor.forms import Form, choose_form
from docnorm.extractor.forms.base import PER_PROJECT_LABELS, Parsed
from docnorm.extractor.forms.form_a.assemble import Draft, assemble
from docnorm.extractor.forms.form_a.validate import Locator
from docnorm.extractor.forms.form_p.cells import SELF_EVALUATION_TITLE
from docnorm.extractor.guesses import guess_findings
from docnorm.extractor.ledger import Ledger, count_ledger, lost_findings, merge_ranges
from docnorm.extractor.provenance import with_places
from docnorm.extractor.readers import ReadOptions, SourceText, read_source
from docnorm.extractor.segment import segment
from docnorm.schemas.common import Finding, Span
from docnorm.schemas.document import Content, DocumentResult, NoiseSummary, Status, UnplacedText
from docnorm.schemas.form_a import FormADocument
from docnorm.schemas.form_b import FormBDocument
from docnorm.schemas.form_p import FormPDocument

log = logging.getLogger(__name__)


def detect_form(text: str, document: str) -> str:
    """The name of the form that reads this document, or UnsupportedDocumentError saying why none does."""
    return _required_form(text, document).NAME


_NEITHER_FORM = (
    "unsupported document: neither a 项目支出绩效目标表 (Form A) nor a 部门整体预算绩效目标申报表 (Form B) "
    "— no title, column header or indicator item was found"
)
_PER_PROJECT_FORM = (
    "unsupported document: per-project target form words (项目名称 / 实施单位 ...) but not the header "
    "Form P reads (two different key cells, separated by |, tabs, spaces or lines, or run together "
    "without separators), nor Form A or Form B"
)


_SELF_EVALUATION = (
    "unsupported document: a self-evaluation table (绩效自评表) whose cells are not separated (no |, tab, "
    "space or line between them): its rows of amounts and scores cannot be split, so it is not read offline"
)


def _per_project_words(text: str) -> bool:
    """A per-project form's key words, in cells or run together (the no-separator dialect)."""
    return bool(PER_PROJECT_LABELS.search(text)) or ("项目名称" in text and ("实施单位" in text or "主管部门" in text))


def _required_form(text: str, document: str) -> Form:
    form = choose_form(text)
    if form is None:
        reason = _PER_PROJECT_FORM if _per_project_words(text) else _NEITHER_FORM
        if reason is _PER_PROJECT_FORM and SELF_EVALUATION_TITLE.search(text[:2000]):
            reason = _SELF_EVALUATION
        raise UnsupportedDocumentError(reason, document=document)
    return form


def unplaced_findings(entries: list[UnplacedText], loc: Locator) -> list[Finding]:
    return [
        Finding(
            severity="warning",
            code="unplaced-text",
            location=loc.locate(entry.span),
            message=f"text not placed in any field ({entry.reason}): {entry.text[:40]!r}",
        )
        for entry in entries
    ]


def control_findings(noise: list[NoiseSummary], loc: Locator) -> list[Finding]:
    """Control characters are removed as noise; say so once, at the first of them."""
    found = [n for n in noise if n.kind == "control character"]
    if not found or not found[0].spans:
        return []
    first = found[0].spans[0]
    return [
        Finding(
            severity="info",
            code="control-characters",
            location=loc.locate((first[0], first[1])),
            message=f"{found[0].chars} control character(s) (NUL, escape sequences, ...) removed in {found[0].count} place(s)",
        )
    ]


def truncated_input(dropped_tail: bytes, end: int, locator: Locator) -> Finding | None:
    """What the reader could not decode (the bytes after offset `end`): a file cut inside a
    multibyte character."""
    if not dropped_tail:
        return None
    return Finding(
        severity="warning",
        code="truncated-input",
        location=locator.locate((end, end)),
        message=f"the file ends inside a multibyte character: its last {len(dropped_tail)} byte(s) "
        f"({dropped_tail.hex(' ')}) were not decoded",
    )


def note_source(result: DocumentResult, source: SourceText) -> DocumentResult:
    """Add what the reader could not decode: a file cut inside a multibyte character is partial."""
    if not source.dropped_tail or result.status == "failed":
        return result
    finding = truncated_input(source.dropped_tail, len(source.text), Locator(source.text))
    return result.model_copy(update={"status": "partial", "findings": [*result.findings, finding]})


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while one document is extracted (and, in the batch,
    serialized: pydantic's JSON of a 20 MB line was 4.0 s with it running, 1.3 s without).

    Extraction allocates hundreds of thousands of small acyclic objects; each full collection
    rescans the growing heap, which made a 50 MB document 1.7x slower (measured: 2.9 vs 5.0 MB/s).
    Reference counting still frees everything; cycles, if any, are collected once it resumes."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def extract_text(text: str, document: str, encoding: str | None = None) -> DocumentResult:
    """Run the offline pipeline on decoded text."""
    with collector_paused():
        return _extract(text, document, encoding)


@dataclass(frozen=True)
class Reading:
    """What the offline stages made of one text (a whole document, or a piece of a long one)."""

    content: Content
    findings: list[Finding]
    noise: list[NoiseSummary]
    unplaced: list[UnplacedText]
    labels: list[tuple[int, int]]
    ledger: Ledger


def read_parsed(parsed: Parsed, text: str, locator: Locator, checks: list[Finding]) -> Reading:
    """The findings (`checks`, what parsing noticed, unplaced text, guesses) and the character
    ledger of a parsed text. Lost-text and control-character findings are the caller's: a long
    document counts them over all its pieces."""
    findings = checks + parsed.findings + unplaced_findings(parsed.unplaced, locator)
    findings += guess_findings(parsed.content, locator)
    noise = parsed.cleaned.summary()
    labels = merge_ranges(parsed.labels)
    ledger = count_ledger(text, parsed.content, labels, noise, parsed.unplaced)
    return Reading(parsed.content, findings, noise, parsed.unplaced, labels, ledger)


def _extract(text: str, document: str, encoding: str | None) -> DocumentResult:
    form = _required_form(text, document)
    parsed = form.parse(text, document)
    locator = Locator(text)
    reading = read_parsed(parsed, text, locator, form.validate(parsed, text))
    content, ledger, noise, unplaced = reading.content, reading.ledger, reading.noise, reading.unplaced
    findings = reading.findings + lost_findings(text, ledger.lost, locator.locate) + control_findings(noise, locator)
    partial = bool(unplaced) or bool(ledger.lost) or any(f.code == "truncated-record" for f in findings)
    status: Status = "partial" if partial else "ok"
    if not has_rows(content):  # a title, perhaps, but no table: nothing was extracted
        status = "failed"
        coverage = ledger.coverage  # the no-table finding goes first: the summary names it
        findings.insert(0, no_table_finding(document, coverage.input_chars, coverage.unplaced_chars))
    log.info("%s: form %s, %d findings, %d unplaced", document, form.NAME, len(findings), len(unplaced))
    return DocumentResult(
        document=document,
        status=status,
        encoding=encoding,
        content=content,
        findings=findings,
        noise=noise,
        unplaced=unplaced,
        labels=reading.labels,
        coverage=ledger.coverage,
    )


def has_rows(content: Content | None) -> bool:
    """Whether any table row was read: a project, unit or 合计 row (Form A); a budget line, key task
    or indicator (Form B); a project table (Form P)."""
    if isinstance(content, FormPDocument):
        return bool(content.projects)
    if isinstance(content, FormADocument):
        return bool(content.projects or content.units or content.grand_total)
    if isinstance(content, FormBDocument):
        return bool(content.budget or content.key_tasks or content.indicators)
    return False


def no_table_finding(document: str, input_chars: int, unplaced_chars: int) -> Finding:
    return Finding(
        severity="error",
        code="no-table",
        message=f"{document}: no table found: none of the {input_chars} characters is in a table row "
        f"({unplaced_chars} reported as unplaced text)",
    )


def extract_path(path: Path, options: ReadOptions | None = None) -> DocumentResult:
    source = read_source(path, options)
    return with_places(note_source(extract_text(source.text, path.name, encoding=source.encoding), source), source)


@dataclass(frozen=True)
class RecordChunk:
    """One whole record of the source, for the LLM backend: never split across requests."""

    kind: str
    position: int | None
    unit: str | None
    department: str | None
    start: int
    end: int
    text: str


def _extent(draft: Draft) -> Span | None:
    spans = [s for t in (draft.name, *draft.amounts, draft.goal, draft.indicator_text) if (s := t.span())]
    return Span(start=min(s.start for s in spans), end=max(s.end for s in spans)) if spans else None


def record_chunks(text: str) -> list[RecordChunk]:
    """Cut a Form A document into whole project records with their context."""
    cleaned = clean(text, form="A")
    rows, _ = segment(cleaned.masked)
    assembly = assemble(rows)
    chunks = []
    for position, (unit, draft) in enumerate(assembly.projects, 1):
        if (extent := _extent(draft)) is not None:
            chunks.append(
                RecordChunk(
                    "project",
                    position,
                    unit,
                    cleaned.header.department,
                    extent.start,
                    extent.end,
                    text[extent.start : extent.end],
                )
            )
    return chunks

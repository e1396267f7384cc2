"""Record-level chunks: whole records, batched per request up to a token budget.

`extractor.pipeline.record_chunks` cuts a document into records (never splitting one);
this module only groups them and renders them for a prompt.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from docnorm.extractor.pipeline import RecordChunk
from docnorm.llm.tokens import estimate_tokens


@dataclass(frozen=True)
class Job:
    """One record sent to the model: a project chunk, plus any orphan continuation rows that
    follow it (they may complete its goal or indicators)."""

    position: int
    unit: str | None
    department: str | None
    start: int
    end: int
    text: str
    document: str = ""

    @property
    def key(self) -> str:
        """Ledger key: unique across the documents of a run."""
        return f"{self.document}#{self.label}"

    @property
    def tokens(self) -> int:
        return estimate_tokens(self.text)

    @property
    def label(self) -> str:
        return f"project {self.position}"


def jobs_from_chunks(chunks: Sequence[RecordChunk], source: str, document: str = "") -> list[Job]:
    """Project chunks become jobs; an orphan chunk joins the project job before it."""
    jobs: list[Job] = []
    for chunk in chunks:
        if chunk.kind == "project" and chunk.position is not None:
            jobs.append(Job(chunk.position, chunk.unit, chunk.department, chunk.start, chunk.end, chunk.text, document))
        elif chunk.kind == "orphan" and jobs:
            last = jobs[-1]
            jobs[-1] = Job(
                last.position,
                last.unit,
                last.department,
                last.start,
                chunk.end,
                source[last.start : chunk.end],
                document,
            )
    return jobs


def batch_jobs(jobs: Iterable[Job], budget_tokens: int, max_records: int = 8) -> list[list[Job]]:
    """Greedy batches of consecutive jobs of one unit, each under ``budget_tokens`` (a record
    bigger than the budget travels alone: records are never split)."""
    batches: list[list[Job]] = []
    current: list[Job] = []
    used = 0
    for job in jobs:
        fits = used + job.tokens <= budget_tokens and len(current) < max_records
        same_context = not current or (current[-1].unit, current[-1].department) == (job.unit, job.department)
        if current and not (fits and same_context):
            batches.append(current)
            current, used = [], 0
        current.append(job)
        used += job.tokens
    if current:
        batches.append(current)
    return batches


def render_records(batch: Sequence[Job], numbered: bool) -> str:
    """The chunk as the model sees it: one block per record; numbered lines for by-reference."""
    blocks = []
    for job in batch:
        body = job.text.strip("\n")
        if numbered:
            body = "\n".join(f"{n:03d}| {line}" for n, line in enumerate(body.split("\n"), start=1))
        blocks.append(f"### 记录 {job.position}\n{body}")
    return "\n\n".join(blocks)

"""Sends record batches to the model and turns answers into grounded, checked projects.

Per batch: cache → rate limit → request. A truncated answer splits the batch; a wrong record
count splits it into single records; failing checks re-ask for that one record (bounded by
``reasks`` and the per-document re-ask budget). A record that cannot be fixed is returned with
``project=None`` so the caller keeps the offline record and flags it: nothing is dropped.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Literal

from docnorm.errors import BackendError
from docnorm.extractor.llm.checks import REASK_CODES, Issue, check_project, must_reask
from docnorm.extractor.llm.chunking import Job, batch_jobs, render_records
from docnorm.extractor.llm.grounding import Grounder, ground_project, grounding_findings
from docnorm.extractor.llm.items import indicators_from_ref
from docnorm.extractor.llm.models import ItemsProjectAnswer, ProjectAnswer, TextRef, to_project
from docnorm.extractor.llm.refs import resolve_ref
from docnorm.llm.client import ModelClient
from docnorm.llm.prompts import Prompt
from docnorm.llm.transport import TruncatedAnswer
from docnorm.schemas import Finding, Location, Project
from docnorm.schemas.common import Severity

log = logging.getLogger(__name__)
Outcome = Literal["llm", "fallback", "budget"]


@dataclass
class RecordResult:
    job: Job
    outcome: Outcome
    project: Project | None = None
    findings: list[Finding] = field(default_factory=list)


@dataclass
class _DocBudget:
    limit: int
    used: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def take(self, tokens: int) -> bool:
        with self.lock:
            if self.used + tokens > self.limit:
                return False
            self.used += tokens
            return True


def _flag(job: Job, code: str, message: str, severity: Severity = "warning") -> Finding:
    return Finding(
        severity=severity,
        code=code,
        message=message,
        location=Location(record=job.label, start=job.start, end=job.end),
    )


def _resolve_texts(job: Job, answer: ProjectAnswer) -> tuple[dict[str, str | None], list[Issue]]:
    """Values given as `TextRef` (the goal, indicator names), sliced from the record's text."""
    refs = [("goal", answer.goal)]
    if isinstance(answer.indicators, list):
        refs += [(f"indicator.{i}.name", ind.name) for i, ind in enumerate(answer.indicators, start=1)]
    texts: dict[str, str | None] = {}
    unresolved: list[Issue] = []
    for key, ref in refs:
        if isinstance(ref, TextRef):
            texts[key] = resolve_ref(job, ref)
            if texts[key] is None:
                unresolved.append(
                    Issue(
                        "llm-bad-reference",
                        f"{key}: reference {ref.model_dump()} does not point at text on those lines",
                    )
                )
    return texts, unresolved


class Engine:
    def __init__(self, client: ModelClient, prompt: Prompt) -> None:
        self.client, self.prompt, self.settings = client, prompt, client.settings

    def run(self, jobs: Sequence[Job]) -> list[RecordResult]:
        """All jobs of one document, batches in parallel; results in job order."""
        budget = _DocBudget(self.settings.doc_reask_tokens)
        batches = batch_jobs(jobs, self.settings.batch_tokens)
        with ThreadPoolExecutor(max_workers=self.settings.concurrency) as pool:
            done = list(pool.map(lambda b: self._batch(b, budget), batches))
        return sorted((r for group in done for r in group), key=lambda r: r.job.position)

    def _batch(self, batch: list[Job], budget: _DocBudget) -> list[RecordResult]:
        if self.client.exhausted(sum(j.tokens for j in batch)):
            return [
                RecordResult(
                    j,
                    "budget",
                    findings=[
                        _flag(j, "llm-budget", "run budget exhausted before this record was sent; offline result kept")
                    ],
                )
                for j in batch
            ]
        try:
            answers = self._ask(batch, "user", [])
        except TruncatedAnswer:
            if len(batch) > 1:
                half = len(batch) // 2
                log.info("truncated answer: splitting a batch of %d records", len(batch))
                return self._batch(batch[:half], budget) + self._batch(batch[half:], budget)
            return [self._fallback(batch[0], "llm-truncated", "answer truncated even for this record alone")]
        except BackendError as exc:
            return [self._fallback(j, "llm-failed", str(exc)) for j in batch]
        if len(answers) != len(batch):
            if len(batch) > 1:
                return [r for j in batch for r in self._batch([j], budget)]
            return [self._fallback(batch[0], "llm-count", f"model returned {len(answers)} records for 1")]
        return [self._finish(job, answer, budget) for job, answer in zip(batch, answers)]

    def _finish(self, job: Job, answer: ProjectAnswer, budget: _DocBudget) -> RecordResult:
        asked = 0
        while True:
            project, groundings, issues = self._evaluate(job, answer)
            wanted = must_reask(issues) or (issues and asked == 0)
            if (
                not wanted
                or asked >= self.settings.reasks
                or self.client.exhausted(2 * job.tokens)
                or not budget.take(2 * job.tokens + 500)
            ):
                break
            asked += 1
            try:
                again = self._ask([job], "reask", issues)
            except BackendError as exc:
                log.info("%s: re-ask failed: %s", job.label, exc)
                break
            if len(again) == 1:
                answer = again[0]
        findings = grounding_findings(groundings, job.label)
        # sums and level codes are reported by the offline validator on the merged document
        findings += [_flag(job, i.code, i.message) for i in issues if i.code in REASK_CODES - {"llm-ungrounded"}]
        if must_reask(issues):
            return RecordResult(
                job,
                "fallback",
                findings=findings
                + [
                    _flag(
                        job,
                        "llm-fallback",
                        f"values not found in the source after {asked} re-ask(s); offline result kept",
                    )
                ],
            )
        return RecordResult(job, "llm", project, findings)

    def _evaluate(self, job: Job, answer: ProjectAnswer) -> tuple[Project, list, list[Issue]]:
        texts, issues = _resolve_texts(job, answer)
        indicators = None
        if isinstance(answer, ItemsProjectAnswer):
            indicators, item_issues = indicators_from_ref(job, answer.indicators, answer.indicator_count)
            issues += item_issues
        project = to_project(answer, job.position, job.unit, texts, indicators)
        groundings = ground_project(project, Grounder(job.text, job.start))
        return project, groundings, issues + check_project(project, groundings, job.text)

    def _fallback(self, job: Job, code: str, message: str) -> RecordResult:
        return RecordResult(job, "fallback", findings=[_flag(job, code, message + "; offline result kept")])

    def _ask(self, batch: list[Job], template: str, issues: list[Issue]) -> list[ProjectAnswer]:
        first = batch[0]
        values = dict(
            department=first.department or "",
            unit=first.unit or "",
            count=len(batch),
            positions=", ".join(str(j.position) for j in batch),
            records=render_records(batch, numbered=self.prompt.strategy.startswith("by-reference")),
            issues="\n".join(f"- {i.message}" for i in issues),
        )
        messages = self.prompt.conversation(template, **values)
        params = {"max_output": self.settings.max_output_tokens, "temperature": 0}
        answer = self.client.ask(
            messages, self.prompt, params=params, labels=[j.key for j in batch], weights=[j.tokens for j in batch]
        )
        return list(answer.projects)  # type: ignore[attr-defined]

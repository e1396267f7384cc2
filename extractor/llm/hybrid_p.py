"""Hybrid mode on per-project forms: the offline reading stands, and only the projects it could not
place (no indicator rows read, text left unplaced in the project's stretch of the document, an
error) are read again by the model, each from its own stretch of the text — from its first printed
cell to the next project's — with the grid header printed before it as context. A project the model
reads replaces the offline one (the stretch may hold two the offline pass ran together); where the
model fails, the offline project is kept and the failure reported."""

from __future__ import annotations

import logging
from collections.abc import Callable

from docnorm.extractor.forms.form_p.validate import validate_form_p
from docnorm.schemas.common import Finding, Location
from docnorm.schemas.document import DocumentResult
from docnorm.schemas.form_p import FormPDocument, PProject

log = logging.getLogger(__name__)

Region = tuple[int, int]
ReadRegion = Callable[[Region], DocumentResult]

FLAG_CODES = frozenset({"no-indicators", "truncated-record"})
# findings that keep a document partial after the model's readings
_STILL_PARTIAL = frozenset({"llm-ungrounded", "llm-failed", "lost-text", "truncated-record", "truncated-input"})
# what validate_form_p reports: recomputed on the merged projects
_VALIDATOR_CODES = frozenset(
    {
        "sum-mismatch",
        "weight-sum",
        "score-over-weight",
        "score-sum",
        "level-mismatch",
        "period-excel-serial",
        "no-indicators",
    }
)
_OWN = ("position", "spans", "indicators", "execution")  # a project's structure, not values to inherit


def _first_offset(project: PProject) -> int | None:
    starts = [a for a, _ in project.spans.values()]
    starts += [a for ind in project.indicators for a, _ in ind.spans.values()]
    return min(starts, default=None)


def project_regions(content: FormPDocument, length: int) -> list[Region]:
    """Each project's stretch of the text: from its first printed cell to the next project's."""
    starts = [_first_offset(p) for p in content.projects]
    known = [s for s in starts if s is not None]
    regions = []
    for start in starts:
        start = start if start is not None else 0
        following = [s for s in known if s > start]
        regions.append((start, min(following, default=length)))
    return regions


def flagged(result: DocumentResult, regions: list[Region]) -> list[int]:
    """Indexes of the projects to read again: an error or a FLAG_CODES finding on the project, or
    unplaced text inside its stretch."""
    assert isinstance(result.content, FormPDocument)
    records = {f"project {p.position}": i for i, p in enumerate(result.content.projects)}
    chosen = {
        records[f.location.record]
        for f in result.findings
        if f.location and f.location.record in records and (f.severity == "error" or f.code in FLAG_CODES)
    }
    for u in result.unplaced:
        chosen |= {i for i, (a, b) in enumerate(regions) if a <= u.span.start < b}
    return sorted(chosen)


def reread_projects(result: DocumentResult, text: str, read: ReadRegion) -> int:
    """Read the flagged projects again through `read` and merge the readings; how many were sent."""
    content = result.content
    assert isinstance(content, FormPDocument)
    regions = project_regions(content, len(text))
    chosen = flagged(result, regions)
    added: list[Finding] = []
    replacements: dict[int, list[PProject]] = {}
    for index in chosen:
        region = regions[index]
        reading = read(region)
        added += [f for f in reading.findings if f.code not in _VALIDATOR_CODES and f.code != "no-table"]
        if reading.status == "failed" or not isinstance(reading.content, FormPDocument):
            added.append(_offline_kept(region))
            continue
        replacements[index] = _inherit(reading.content.projects, content.projects[index])
        a, b = region
        # the offline reading's unplaced text in the stretch is the model's now; chunks it could not read stay unplaced
        result.unplaced = [u for u in result.unplaced if not a <= u.span.start < b] + reading.unplaced
        added.append(_replaced(region, len(replacements[index])))
        if reading.status == "partial":
            result.status = "partial"
    if replacements:
        _merge(result, replacements, text, added)
    else:
        result.findings += added
    return len(chosen)


def _inherit(projects: list[PProject], offline: PProject) -> list[PProject]:
    """What the model left out stays as the offline pass read it: a money unit printed once over the
    whole table (outside the stretch); when the stretch gave one project, every value the model did not
    give (a chunk it could not read) and the indicator rows if it read none."""
    fields = ["money_unit"] if len(projects) > 1 else [n for n in PProject.model_fields if n not in _OWN]
    for project in projects:
        for name in fields:
            if getattr(project, name) is None and getattr(offline, name) is not None:
                setattr(project, name, getattr(offline, name))
                if name in offline.spans:
                    project.spans[name] = offline.spans[name]
        if len(projects) == 1 and not project.indicators:
            project.indicators = offline.indicators
    return projects


def _offline_kept(region: Region) -> Finding:
    return Finding(
        severity="warning",
        code="llm-failed",
        message="the model read no project in this stretch: the offline reading is kept",
        location=Location(start=region[0], end=region[1]),
    )


def _replaced(region: Region, count: int) -> Finding:
    return Finding(
        severity="info",
        code="llm-replaced",
        message=f"{count} project(s) read again by the model (the offline reading could not place this stretch)",
        location=Location(start=region[0], end=region[1]),
    )


def _merge(result: DocumentResult, replacements: dict[int, list[PProject]], text: str, added: list[Finding]) -> None:
    content = result.content
    assert isinstance(content, FormPDocument)
    projects: list[PProject] = []
    for i, project in enumerate(content.projects):
        projects += replacements.get(i, [project])
    for position, project in enumerate(projects, start=1):
        project.position = position
    content.projects = projects
    kept = [f for f in result.findings if f.code not in _VALIDATOR_CODES and f.code != "unplaced-text"]
    kept += [f for f in result.findings if f.code == "unplaced-text" and _still_unplaced(f, result)]
    result.findings = kept + validate_form_p(content, text) + added
    doubtful = _STILL_PARTIAL & {f.code for f in result.findings}
    if result.status == "partial" and not result.unplaced and not doubtful:
        result.status = "ok"  # every stretch the offline pass could not place was read
    log.info("%s: %d project stretch(es) read again by the model", result.document, len(replacements))


def _still_unplaced(finding: Finding, result: DocumentResult) -> bool:
    start = finding.location.start if finding.location else None
    return any(u.span.start == start for u in result.unplaced)

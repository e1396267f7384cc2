"""Model answers for layout chunks become grounded Form P projects, joined across chunks.

Every value is found again in its chunk's text (exact, normalized or a close fuzzy match that
keeps its digits); a value that is not there is rejected — dropped from the record and reported —
so nothing the model invented reaches the output."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from docnorm.extractor.forms.form_p.cells import EXECUTION_ROWS, squeeze
from docnorm.extractor.llm.grounding import Grounder, Grounding
from docnorm.extractor.llm.layout_chunks import LayoutChunk
from docnorm.extractor.llm.layout_models import (
    AMOUNT_FIELDS,
    EXECUTION_AMOUNTS,
    INDICATOR_AMOUNTS,
    INDICATOR_FIELDS,
    SCORE_TOTALS,
    TARGET_FIELDS,
    TEXT_FIELDS,
    LayoutExecutionAnswer,
    LayoutIndicatorAnswer,
    LayoutProjectAnswer,
)
from docnorm.extractor.normalize import normalize_target
from docnorm.schemas.common import Target
from docnorm.schemas.form_p import PFundExecution, PIndicator, PProject


@dataclass
class Part:
    """One project, or the part of one, that a chunk holds."""

    chunk: LayoutChunk
    continues: bool
    project: PProject
    groundings: list[Grounding] = field(default_factory=list)


def _grounded(grounding: Grounding, spans: dict, name: str) -> bool:
    if grounding.span is None:
        return False
    spans[name] = (grounding.span.start, grounding.span.end)
    return True


def _kept(grounding: Grounding, prefix: str, groundings: list[Grounding], spans: dict) -> bool:
    """Report the grounding under its record's prefix (`indicators.3.weight`); whether it was found."""
    groundings.append(Grounding(f"{prefix}.{grounding.field}", grounding.value, grounding.kind, grounding.span))
    return _grounded(grounding, spans, grounding.field)


def _ground_name(answer: LayoutIndicatorAnswer, grounder: Grounder, after: int) -> tuple[Grounding | None, int]:
    """The name's grounding, found from the previous row's name on (reading order), else anywhere,
    and where the indicator's row starts in the chunk (`after` when the name is not found)."""
    if not answer.name:
        return None, after
    found = grounder.text("name", answer.name, after)
    found = found if found.span is not None else grounder.text("name", answer.name)
    return found, found.span.start - grounder.base if found.span is not None else after


def _indicator(
    answer: LayoutIndicatorAnswer, grounder: Grounder, prefix: str, after: int
) -> tuple[PIndicator, list[Grounding], int]:
    """The grounded indicator, its groundings and where its row starts. Level cells may be merged
    from rows above; every other cell of the row is searched from the row's name on, so a value
    printed twice (`20` as a share and as a weight) is found in its own row or not at all."""
    values: dict[str, object] = {}
    spans: dict[str, tuple[int, int]] = {}
    groundings: list[Grounding] = []
    name_grounding, row = _ground_name(answer, grounder, after)
    for name in INDICATOR_FIELDS:
        value = getattr(answer, name)
        if not value:
            continue
        if name == "name" and name_grounding is not None:
            g = name_grounding
        else:
            g = grounder.text(name, value, 0 if name in ("level1", "level2") else row)
        if _kept(g, prefix, groundings, spans):
            values[name] = value
    for name in INDICATOR_AMOUNTS:
        amount = getattr(answer, name)
        if amount and _kept(grounder.number(name, Decimal(amount), row), prefix, groundings, spans):
            values[name] = Decimal(amount)
    for name in TARGET_FIELDS:
        if name in values:
            raw = str(values[name])
            values[name] = Target(raw=raw, normalized=normalize_target(raw, answer.name))
    return PIndicator(position=1, spans=spans, **values), groundings, row  # type: ignore[arg-type]


def _execution_row(
    answer: LayoutExecutionAnswer, grounder: Grounder, prefix: str
) -> tuple[PFundExecution | None, list[Grounding]]:
    """One row of the budget execution block: its label, then its numbers each searched after the one
    before (年初预算数 and 全年预算数 often print the same amount), the rate after the 分值. A row whose
    label is not in the chunk is rejected whole."""
    groundings: list[Grounding] = []
    spans: dict[str, tuple[int, int]] = {}
    if not _kept(grounder.text("source", answer.source), prefix, groundings, spans):
        return None, groundings
    at = spans.pop("source")[1] - grounder.base
    values: dict[str, object] = {}
    for name in EXECUTION_AMOUNTS:
        printed = getattr(answer, name)
        if name == "score" and answer.rate and _kept(grounder.text("rate", answer.rate, at), prefix, groundings, spans):
            values["rate"], at = answer.rate, spans["rate"][1] - grounder.base
        if printed and _kept(grounder.number(name, Decimal(printed), at), prefix, groundings, spans):
            values[name], at = Decimal(printed), spans[name][1] - grounder.base
    kind = EXECUTION_ROWS.get(squeeze(answer.source))
    row = PFundExecution(source=answer.source, kind=kind, spans=spans, **values)  # type: ignore[arg-type]
    return row, groundings


def build_part(chunk: LayoutChunk, answer: LayoutProjectAnswer) -> Part:
    """The answer's grounded values as a project (positions are set when the parts are joined)."""
    grounder = Grounder(chunk.text, chunk.start)
    values: dict[str, object] = {}
    spans: dict[str, tuple[int, int]] = {}
    groundings: list[Grounding] = []
    for name in TEXT_FIELDS:
        value = getattr(answer, name)
        if value:
            groundings.append(g := grounder.text(name, value))
            if _grounded(g, spans, name):
                values[name] = value
    indicators = []
    row = 0
    for n, ind_answer in enumerate(answer.indicators, start=1):
        ind, found, row = _indicator(ind_answer, grounder, f"indicators.{n}", row)
        groundings += found
        if ind.name or ind.annual_target or ind.period_target:
            indicators.append(ind)
    execution = []
    for n, row_answer in enumerate(answer.execution, start=1):
        row_record, found = _execution_row(row_answer, grounder, f"execution.{n}")
        groundings += found
        execution += [row_record] if row_record is not None else []
    for name in AMOUNT_FIELDS:
        value = getattr(answer, name)
        if value:  # the 总分 row is printed under the grid's last row
            groundings.append(g := grounder.number(name, Decimal(value), row if name in SCORE_TOTALS else 0))
            if _grounded(g, spans, name):
                values[name] = Decimal(value)
    project = PProject(position=1, spans=spans, indicators=indicators, execution=execution, **values)  # type: ignore[arg-type]
    return Part(chunk, answer.continues, project, groundings)


def _is_empty(project: PProject) -> bool:
    return not project.name and not project.indicators and project.total is None


def _join(into: PProject, part: PProject) -> None:
    """A project continued in the next chunk: fill what the first part lacked, append indicators."""
    for name in (*TEXT_FIELDS, *AMOUNT_FIELDS):
        if getattr(into, name) is None and getattr(part, name) is not None:
            setattr(into, name, getattr(part, name))
            if name in part.spans:
                into.spans[name] = part.spans[name]
    into.indicators.extend(part.indicators)
    into.execution = into.execution or part.execution


def join_parts(parts: list[Part]) -> list[PProject]:
    """Parts in reading order become projects: a chunk's first part that says it continues (or
    repeats the name of) the project before it is joined to it. Merged level cells are inherited
    down each grid, across chunk boundaries too; a project printing no money unit takes the one
    before it (a 金额单位 line is printed once over the whole table)."""
    projects: list[PProject] = []
    previous_chunk = None
    for part in parts:
        first_in_chunk = part.chunk is not previous_chunk
        previous_chunk = part.chunk
        project = part.project
        same_name = bool(projects and project.name and project.name == projects[-1].name)
        if projects and first_in_chunk and (part.continues or same_name or not project.name):
            _join(projects[-1], project)
        elif not _is_empty(project):
            projects.append(project)
    for position, project in enumerate(projects, start=1):
        project.position = position
        if project.money_unit is None and position > 1 and projects[position - 2].money_unit is not None:
            before = projects[position - 2]  # one 金额单位 line over the whole table
            project.money_unit = before.money_unit
            if "money_unit" in before.spans:
                project.spans["money_unit"] = before.spans["money_unit"]
        level1 = level2 = None
        for n, ind in enumerate(project.indicators, start=1):
            ind.position = n
            if ind.level1 and ind.level1 != level1:
                level2 = None  # a new level-1 group starts its own level-2 cells
            level1 = ind.level1 = ind.level1 or level1
            level2 = ind.level2 = ind.level2 or level2
    return projects

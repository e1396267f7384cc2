"""What the model is asked to fill (answer models) and how answers become schema records.

Answer models are deliberately flatter than `schemas.Project`: positions, units and spans are
known to the program, so the model is never asked for them.
"""

from __future__ import annotations

from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field

from docnorm.schemas import Indicator, Project, Target

AMOUNT_PATTERN = r"^-?\d+(\.\d+)?$"


class Answer(BaseModel):
    model_config = ConfigDict(extra="forbid")


class IndicatorAnswer(Answer):
    printed_no: int | None = None
    level1_code: str | None = None
    level1: str | None = None
    level2_code: str | None = None
    level2: str | None = None
    name: str | None = None
    period_target: str | None = Field(default=None, description="text after 实施周期指标值")
    annual_target: str | None = Field(default=None, description="text after 年度指标值")


class ProjectAnswer(Answer):
    name: str | None = None
    total: str | None = Field(default=None, pattern=AMOUNT_PATTERN)
    fiscal: str | None = Field(default=None, pattern=AMOUNT_PATTERN, description="财政拨款")
    special: str | None = Field(default=None, pattern=AMOUNT_PATTERN, description="财政专户拨款")
    other: str | None = Field(default=None, pattern=AMOUNT_PATTERN, description="其他资金")
    goal: str | None = None
    indicators: list[IndicatorAnswer] = Field(default_factory=list)


class ChunkAnswer(Answer):
    """Verbatim strategy: one entry per project record, in the order they were given."""

    projects: list[ProjectAnswer]


class TextRef(Answer):
    """A value given by reference into the numbered rendering: from the first occurrence of
    ``starts_with`` on line ``line`` to the end of ``ends_with`` on line ``end_line``."""

    line: int = Field(ge=1)
    starts_with: str = Field(min_length=1, max_length=12)
    end_line: int = Field(ge=1)
    ends_with: str = Field(min_length=1, max_length=12)


class RefIndicatorAnswer(IndicatorAnswer):
    name: TextRef | None = None  # type: ignore[assignment]


class RefProjectAnswer(ProjectAnswer):
    goal: TextRef | None = None  # type: ignore[assignment]
    indicators: list[RefIndicatorAnswer] = Field(default_factory=list)  # type: ignore[assignment]


class RefChunkAnswer(Answer):
    """By-reference strategy: long text (goal, indicator names) as references, the rest verbatim."""

    projects: list[RefProjectAnswer]


class RefGoalProjectAnswer(ProjectAnswer):
    goal: TextRef | None = None  # type: ignore[assignment]


class RefGoalChunkAnswer(Answer):
    """By-reference for the goal only: a reference costs ~20 output tokens, which saves ~70 on a
    goal but adds ~10 on a short indicator name, so names stay verbatim."""

    projects: list[RefGoalProjectAnswer]


class ItemsProjectAnswer(RefGoalProjectAnswer):
    """By-reference items: the whole 绩效指标 text is one reference, which the program slices and
    parses like the offline extractor; ``indicator_count`` is checked against what it parses."""

    indicators: TextRef | None = Field(  # type: ignore[assignment]
        default=None, description="the 绩效指标 text: first item start to last item end"
    )
    indicator_count: int = Field(default=0, ge=0, description="how many numbered items that text holds")


class ItemsChunkAnswer(Answer):
    """By-reference for the goal and the indicator list: the smallest answer per record."""

    projects: list[ItemsProjectAnswer]


ANSWER_MODELS: dict[str, type[Answer]] = {
    "verbatim": ChunkAnswer,
    "by-reference": RefChunkAnswer,
    "by-reference-goal": RefGoalChunkAnswer,
    "by-reference-items": ItemsChunkAnswer,
}


def _amount(value: str | None) -> Decimal | None:
    return Decimal(value) if value not in (None, "") else None


def _target(raw: str | None) -> Target | None:
    return Target(raw=raw) if raw not in (None, "") else None


def to_project(
    answer: ProjectAnswer,
    position: int,
    unit: str | None,
    texts: dict[str, str | None],
    indicators: list[Indicator] | None = None,
) -> Project:
    """Build a schema Project. ``texts`` holds resolved values of by-reference fields
    (keys 'goal' and 'indicator.<i>.name'); verbatim answers pass an empty dict. ``indicators``,
    when given, were parsed from the source (by-reference items) and replace the answer's."""
    if indicators is None:
        indicators = _indicators(answer, texts)
    goal = texts["goal"] if "goal" in texts else answer.goal
    return Project(
        position=position,
        unit=unit,
        name=answer.name,
        total=_amount(answer.total),
        fiscal=_amount(answer.fiscal),
        special=_amount(answer.special),
        other=_amount(answer.other),
        goal=goal,
        indicators=indicators,
    )


def _indicators(answer: ProjectAnswer, texts: dict[str, str | None]) -> list[Indicator]:
    indicators = []
    for i, ind in enumerate(answer.indicators, start=1):
        name = texts.get(f"indicator.{i}.name", ind.name)
        indicators.append(
            Indicator(
                position=i,
                printed_no=ind.printed_no,
                level1_code=ind.level1_code,
                level1=ind.level1,
                level2_code=ind.level2_code,
                level2=ind.level2,
                name=name,
                period_target=_target(ind.period_target),
                annual_target=_target(ind.annual_target),
            )
        )
    return indicators


def project_to_answer(project: Project) -> dict:
    """The verbatim answer JSON for a schema Project (used by fake-llm and few-shot checks)."""

    def s(v: Decimal | None) -> str | None:
        return None if v is None else str(v)

    return {
        "name": project.name,
        "total": s(project.total),
        "fiscal": s(project.fiscal),
        "special": s(project.special),
        "other": s(project.other),
        "goal": project.goal,
        "indicators": [
            {
                "printed_no": i.printed_no,
                "level1_code": i.level1_code,
                "level1": i.level1,
                "level2_code": i.level2_code,
                "level2": i.level2,
                "name": i.name,
                "period_target": i.period_target.raw if i.period_target else None,
                "annual_target": i.annual_target.raw if i.annual_target else None,
            }
            for i in project.indicators
        ],
    }

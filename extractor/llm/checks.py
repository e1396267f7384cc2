"""Domain checks on one LLM-extracted project; failures drive a targeted re-ask."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from docnorm.extractor.llm.grounding import Grounding
from docnorm.extractor.llm.textmap import fold
from docnorm.schemas import Project

# the model's own faults: re-asked, and a record still showing one falls back to offline
REASK_CODES = frozenset({"llm-ungrounded", "llm-missing-indicator", "llm-bad-reference", "llm-item-count"})


@dataclass(frozen=True)
class Issue:
    code: str
    message: str


def check_project(project: Project, groundings: list[Grounding], source: str = "") -> list[Issue]:
    printed = fold(source).count("年度指标值")
    answered = sum(1 for ind in project.indicators if ind.annual_target is not None)
    issues = (
        [
            Issue(
                "llm-missing-indicator",
                f"the record prints {printed} 年度指标值 targets but the "
                f"answer has {answered}: an indicator is missing",
            )
        ]
        if answered < printed
        else []
    )
    issues += [
        Issue("llm-ungrounded", f"{g.field} = {g.value!r} does not occur in the record text")
        for g in groundings
        if g.kind == "ungrounded"
    ]
    parts = [project.fiscal, project.special, project.other]
    if project.total is not None and any(p is not None for p in parts):
        added = sum((p for p in parts if p is not None), Decimal(0))
        if added != project.total:
            issues.append(Issue("llm-sum", f"total {project.total} != fiscal+special+other {added}"))
    for ind in project.indicators:
        if ind.level1_code and ind.level2_code and not ind.level2_code.startswith(ind.level1_code):
            issues.append(
                Issue(
                    "llm-level-code",
                    f"indicator {ind.position}: level2_code {ind.level2_code} "
                    f"does not belong to level1_code {ind.level1_code}",
                )
            )
    return issues


def must_reask(issues: list[Issue]) -> bool:
    """Ungrounded or missing values are the model's fault; sums and codes may be the source's own."""
    return any(i.code in REASK_CODES for i in issues)

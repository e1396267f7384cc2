"""Assertions shared by the LLM tests."""

from __future__ import annotations

from docnorm.schemas import DocumentResult, GoldenDocument


def values(project) -> tuple:
    inds = tuple(
        (
            i.printed_no,
            i.level1_code,
            i.level2_code,
            i.name,
            i.period_target.raw if i.period_target else None,
            i.annual_target.raw if i.annual_target else None,
        )
        for i in project.indicators
    )
    return (
        project.position,
        project.name,
        project.total,
        project.fiscal,
        project.special,
        project.other,
        project.goal,
        inds,
    )


def assert_matches_golden(result: DocumentResult, golden: GoldenDocument) -> None:
    got = [values(p) for p in result.content.projects]
    want = [values(p) for p in golden.content.projects]
    assert len(got) == len(want), "a record was lost or invented"
    assert got == want


def codes(result: DocumentResult) -> list[str]:
    return [f.code for f in result.findings if f.code.startswith("llm-")]

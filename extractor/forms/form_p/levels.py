"""Canonical level-1 / level-2 names (and codes where the Form A taxonomy has them) for level
cells printed in any province's words (`预期产出指标`, `产出指标(0-50分)`, `社会效益`), so analysts can
group indicators across forms. Cost groups of the 2021 framework have no codes: none are invented."""

from __future__ import annotations

import re

from docnorm.extractor.forms.form_p.cells import squeeze

_SCORE = re.compile(r"\(?\d+(?:[-~－—至]\d+)?分?\)?分?")
LEVEL1: tuple[tuple[str, str | None, str], ...] = (
    ("满意度", "3", "满意度指标"),
    ("产出", "1", "产出指标"),
    ("效益", "2", "效益指标"),
    ("成本", None, "成本指标"),
)
LEVEL2: tuple[tuple[str, str | None, str], ...] = (
    ("数量", "11", "数量指标"),
    ("质量", "12", "质量指标"),
    ("时效", "13", "时效指标"),
    ("经济成本", None, "经济成本指标"),
    ("社会成本", None, "社会成本指标"),
    ("生态环境成本", None, "生态环境成本指标"),
    ("生态成本", None, "生态环境成本指标"),
    ("成本", "14", "成本指标"),
    ("经济效益", "21", "经济效益指标"),
    ("社会效益", "22", "社会效益指标"),
    ("生态", "23", "生态效益指标"),
    ("可持续影响", "24", "可持续影响指标"),
    ("满意度", "31", "服务对象满意度指标"),
)


def _canonical(printed: str | None, table: tuple[tuple[str, str | None, str], ...]) -> tuple[str | None, str | None]:
    if not printed:
        return None, None
    key = _SCORE.sub("", squeeze(printed)).removeprefix("预期")
    for word, code, name in table:
        if key.startswith(word) or (word == "满意度" and "满意度" in key):
            return code, name
    return None, None


def canonical_level1(printed: str | None) -> tuple[str | None, str | None]:
    """(code, canonical name) of a printed level-1 cell; (None, None) when it is not one we know."""
    return _canonical(printed, LEVEL1)


def canonical_level2(printed: str | None) -> tuple[str | None, str | None]:
    return _canonical(printed, LEVEL2)

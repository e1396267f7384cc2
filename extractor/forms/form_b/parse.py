"""Form B (部门整体预算绩效目标申报表): budget summary, overall goal, key tasks, indicator grid.

The grid's cells are read by meaning, not position: blank level cells inherit from the row
above, and rows shifted by one column still give level, name, measure and target."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

from docnorm.extractor.clean import TITLE_B, Cleaned
from docnorm.extractor.forms.form_a.build import parse_amount
from docnorm.extractor.normalize import normalize_target
from docnorm.extractor.segment import content_lines, split_cells
from docnorm.extractor.textspan import SpanText
from docnorm.schemas.common import Finding, Target
from docnorm.schemas.form_b import BudgetLine, DepartmentIndicator, FormBDocument, KeyTask

LEVEL1_NAMES = {"产出指标", "效益指标", "满意度指标", "成本指标"}
LEVEL2_NAMES = {
    "数量指标",
    "质量指标",
    "时效指标",
    "成本指标",
    "经济效益指标",
    "社会效益指标",
    "生态效益指标",
    "可持续影响指标",
    "服务对象满意度指标",
    "经济成本指标",
    "社会成本指标",
    "生态环境成本指标",
}
_MEASURE = re.compile(r"^[“\"]?指标值\s*[=＝]|[=＝]|^通过|^满意度$")
SECTION_HEADERS = {"部门预算支出", "收入来源", "事业发展性支出", "按预算级次划分"}
AMOUNT_HEADER = re.compile(r"预算金额[（(](?:万元|元)[）)]")  # the whole cell as printed, nothing else
TASK_HEADERS = re.compile(r"名称|主要实施内容|拟投入的资金[（(](?:万元|元)[）)]|期望达到的目标[（(]概述[）)]")
OTHER_TASKS = re.compile(r"其他需完成的任务[（(]可选填[）)]")
GRID_HEADERS = ("一级指标", "二级指标", "三级指标", "实施周期指标值", "年度指标值", "指标值", "绩效指标")
GRID_LABEL = "绩效指标"


@dataclass
class _State:
    doc: FormBDocument
    unplaced: list[SpanText] = field(default_factory=list)
    block: str | None = None
    sections: list[str] = field(default_factory=list)
    budget: dict[str, list[BudgetLine]] = field(default_factory=dict)
    level1: str | None = None
    level2: str | None = None
    labels: list[tuple[int, int]] = field(default_factory=list)

    def label(self, *cells: SpanText) -> None:
        """The form's own words (row labels, column headers): neither data nor loss."""
        self.labels.extend(r for cell in cells if cell and (r := cell.source_range()) is not None)


def _spanned(**cells: SpanText | None) -> dict[Any, tuple[int, int]]:
    return {k: s for k, v in cells.items() if v and (s := v.source_range()) is not None}


def _budget_row(state: _State, cells: list[SpanText]) -> None:
    texts = [c.text for c in cells]
    if any(t in SECTION_HEADERS for t in texts):
        state.sections = [t for t in texts if t in SECTION_HEADERS]
        for section in state.sections:
            state.budget.setdefault(section, [])
        _labels_or_unplaced(state, cells[1:], lambda t: t in SECTION_HEADERS or AMOUNT_HEADER.fullmatch(t) is not None)
        return
    state.unplaced.extend(c for c in cells[:1] if c)  # the first column holds only the block label
    pairs = [(cells[i], cells[i + 1] if i + 1 < len(cells) else SpanText()) for i in range(1, len(cells), 2)]
    for k, (label, amount) in enumerate(pairs):
        if k >= len(state.sections) or (not label and amount):
            state.unplaced.extend(c for c in (label, amount) if c)
        elif label:
            state.budget[state.sections[k]].append(
                BudgetLine(
                    section=state.sections[k],
                    label=label.text,
                    amount=parse_amount(amount.text),
                    spans=_spanned(label=label, amount=amount),
                )
            )
            if amount and parse_amount(amount.text) is None:
                state.unplaced.append(amount)


def _labels_or_unplaced(state: _State, cells: list[SpanText], is_label: Callable[[str], bool]) -> None:
    for cell in cells:
        if cell and is_label(cell.text):
            state.label(cell)
        elif cell:
            state.unplaced.append(cell)


def _task_row(state: _State, cells: list[SpanText]) -> None:
    name, content, amount, result = (cells[1:] + [SpanText()] * 4)[:4]
    state.unplaced.extend(c for c in (cells[0], *cells[5:]) if c)
    if not (name or content or result):
        state.unplaced.extend(c for c in (amount,) if c)
        return
    state.doc.key_tasks.append(
        KeyTask(
            position=len(state.doc.key_tasks) + 1,
            name=name.text or None,
            content=content.text or None,
            amount=parse_amount(amount.text),
            expected_result=result.text or None,
            spans=_spanned(name=name, content=content, amount=amount, expected_result=result),
        )
    )
    if amount and parse_amount(amount.text) is None:
        state.unplaced.append(amount)


def _grid_row(state: _State, cells: list[SpanText]) -> None:
    state.label(*(c for c in cells if c.text == GRID_LABEL))
    values = [c for c in cells if c and c.text != GRID_LABEL]
    level1 = level2 = None
    if values and values[0].text in LEVEL1_NAMES:
        level1 = values.pop(0)
        state.level1, state.level2 = level1.text, None
    if values and values[0].text in LEVEL2_NAMES:
        level2 = values.pop(0)
        state.level2 = level2.text
    if not values and level1 is None and level2 is None:
        return
    name = values.pop(0) if values else None
    measure = values.pop(0) if values and (len(values) > 1 or _MEASURE.search(values[0].text)) else None
    target = values.pop(0) if values else None
    raw = target.text if target else None
    state.doc.indicators.append(
        DepartmentIndicator(
            position=len(state.doc.indicators) + 1,
            level1=state.level1,
            level2=state.level2,
            name=name.text if name else None,
            measure=measure.text if measure else None,
            target=Target(raw=raw, normalized=normalize_target(raw, name.text if name else None)) if raw else None,
            spans=_spanned(level1=level1, level2=level2, name=name, measure=measure, target=target),
        )
    )
    state.unplaced.extend(values)


def _joined(
    state: _State, field: Literal["department", "overall_goal", "other_tasks"], cells: list[SpanText]
) -> str | None:
    """A value that may run over several cells of its row (overall goal, other tasks)."""
    filled = [c for c in cells if c]
    if not filled:
        return None
    ranges = [r for c in filled if (r := c.source_range()) is not None]
    state.doc.spans[field] = (ranges[0][0], ranges[-1][1])
    return "".join(c.text for c in filled)


_BLOCKS = {"预算整体情况": "budget", "年度重点工作任务": "tasks", "一级指标": "grid"}


def _row(state: _State, cells: list[SpanText]) -> None:
    head = cells[0]
    if head.text in ("部门名称", "总体绩效目标") or OTHER_TASKS.fullmatch(head.text) is not None:
        _labelled_row(state, head, cells[1:])
    elif head.text in _BLOCKS:
        state.label(head)
        state.block = _BLOCKS[head.text]
        if state.block == "budget":
            _budget_row(state, cells)
        elif state.block == "tasks":
            _labels_or_unplaced(state, cells[1:], lambda t: TASK_HEADERS.fullmatch(t) is not None)
        else:
            _labels_or_unplaced(state, cells[1:], lambda t: t in GRID_HEADERS)
    elif state.block == "grid" or head.text == GRID_LABEL or head.text in LEVEL1_NAMES:
        # the 绩效指标 label or a level-1 cell starts the grid even when its header row is missing
        state.block = "grid"
        _grid_row(state, cells)
    elif state.block == "budget":
        _budget_row(state, cells)
    elif state.block == "tasks":
        _task_row(state, cells)
    else:
        state.unplaced.extend(c for c in cells if c)


_LABELLED_FIELDS: dict[str, Literal["department", "overall_goal", "other_tasks"]] = {
    "部门名称": "department",
    "总体绩效目标": "overall_goal",
}


def _labelled_row(state: _State, head: SpanText, values: list[SpanText]) -> None:
    state.label(head)
    field = _LABELLED_FIELDS.get(head.text, "other_tasks")
    if field in state.doc.spans:  # a repeated row (a copy of the first): the first one holds the value
        state.unplaced.extend(c for c in values if c)
    elif head.text == "部门名称":
        filled = [c for c in values if c]
        if filled:
            state.doc.department = _joined(state, "department", filled[:1])
            state.unplaced.extend(filled[1:])
    elif head.text == "总体绩效目标":
        state.doc.overall_goal = _joined(state, "overall_goal", values)
    else:
        state.doc.other_tasks = _joined(state, "other_tasks", values)


def parse_form_b(cleaned: Cleaned) -> tuple[FormBDocument, list[SpanText], list[tuple[int, int]]]:
    """The document, and the cells that fit no field (kept with their offsets)."""
    masked = cleaned.masked
    doc = FormBDocument(
        title=TITLE_B if TITLE_B in cleaned.original else None,
        money_unit="万元" if "（万元）" in cleaned.original else None,
    )
    state = _State(doc)
    for start, end in content_lines(masked):
        cells = [SpanText.from_source(masked, a, b) for a, b in split_cells(masked, start, end)]
        _row(state, cells)
    doc.budget = [line for section in state.budget for line in state.budget[section]]
    doc.unplaced = [cell.text for cell in state.unplaced]
    return doc, state.unplaced, state.labels


def check_budget_balance(doc: FormBDocument) -> list[Finding]:
    """Spending (部门预算支出) against income (收入来源): reported, never rebalanced."""
    sums = {
        section: sum((b.amount for b in doc.budget if b.section == section and b.amount is not None), Decimal(0))
        for section in ("部门预算支出", "收入来源")
    }
    spending, income = sums["部门预算支出"], sums["收入来源"]
    if not doc.budget or spending == income:
        return []
    return [
        Finding(
            severity="info",
            code="budget-unbalanced",
            message=f"部门预算支出 adds up to {spending} but 收入来源 to {income} (difference {income - spending:+})",
        )
    ]

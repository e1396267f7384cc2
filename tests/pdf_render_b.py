"""Render a golden Form B (部门整体预算绩效目标申报表) as PDF tables with reportlab.

Every printed cell comes from the golden's fields: the labelled rows, the budget blocks two
sections side by side, the key tasks, and the indicator grid (level cells printed only where
they change, as the published forms print them). The grid starts on a page of its own."""

from __future__ import annotations

from decimal import Decimal
from itertools import zip_longest
from pathlib import Path
from typing import Any

from tests.pdf_render import _build, _styles, _table, page_width

AMOUNT_HEAD = "预算金额（万元）"
TASK_HEAD = ["年度重点工作任务", "名称", "主要实施内容", "拟投入的资金（万元）", "期望达到的目标（概述）"]
GRID_HEAD = ["一级指标", "二级指标", "三级指标", "指标值", "年度指标值"]


def _amount(value: Any) -> str:
    return "" if value is None else f"{Decimal(str(value)):,.2f}"


def _budget_rows(budget: list[dict[str, Any]]) -> list[list[str]]:
    sections: dict[str, list[dict[str, Any]]] = {}
    for line in budget:
        sections.setdefault(line["section"], []).append(line)
    names = list(sections)
    rows = []
    for k in range(0, len(names), 2):
        pair = names[k : k + 2]
        head = ["预算整体情况" if k == 0 else ""]
        for name in pair:
            head += [name, AMOUNT_HEAD]
        rows.append((head + ["", ""])[:5])
        for lines in zip_longest(*(sections[n] for n in pair)):
            row = [""]
            for line in lines:
                row += ["", ""] if line is None else [line["label"], _amount(line.get("amount"))]
            rows.append((row + ["", ""])[:5])
    return rows


def form_b_upper(content: dict[str, Any]) -> list[list[str]]:
    """Table 1 as printed: 部门名称, budget, overall goal, key tasks, other tasks."""
    rows = [["部门名称", content.get("department") or "", "", "", ""]]
    rows += _budget_rows(content.get("budget") or [])
    rows.append(["总体绩效目标", content.get("overall_goal") or "", "", "", ""])
    rows.append(TASK_HEAD)
    for t in content.get("key_tasks") or []:
        rows.append(["", t.get("name") or "", t.get("content") or "", _amount(t.get("amount")),
                     t.get("expected_result") or ""])  # fmt: skip
    rows.append(["其他需完成的任务（可选填）", content.get("other_tasks") or "", "", "", ""])
    return rows


def form_b_grid(content: dict[str, Any]) -> list[list[str]]:
    """Table 2: the indicator grid, a level cell printed only on the row where it changes."""
    rows = [GRID_HEAD]
    level1 = level2 = None
    for i in content.get("indicators") or []:
        row = ["", "", i.get("name") or "", i.get("measure") or "", (i.get("target") or {}).get("raw") or ""]
        if i.get("level1") != level1:
            level1, level2 = i.get("level1"), None
            row[0] = level1 or ""
        if i.get("level2") != level2:
            level2 = i.get("level2")
            row[1] = level2 or ""
        rows.append(row)
    return rows


def render_form_b(
    content: dict[str, Any], out: Path, *, ruled: bool = True, landscape: bool = False, furniture: bool = False
) -> Path:
    from reportlab.platypus import PageBreak, Paragraph, Spacer

    st = _styles()
    width = page_width(landscape)
    title = content.get("title") or "部门整体预算绩效目标申报表"

    def cells(rows: list[list[str]]) -> list[list[Any]]:
        return [[Paragraph(c, st["cell"]) for c in row] for row in rows]

    rows = form_b_upper(content)
    merged = [("SPAN", (1, r), (4, r)) for r, row in enumerate(rows) if not any(row[2:])]  # one value, one wide cell
    upper = _table(cells(rows), [0.14, 0.17, 0.3, 0.1, 0.29], width, ruled=ruled, extra=merged)
    grid = _table(cells(form_b_grid(content)), [0.1, 0.14, 0.22, 0.4, 0.14], width, ruled=ruled, repeatRows=1)
    story = [Paragraph(title, st["title"]), Spacer(1, 6), upper, PageBreak(), grid]
    return _build(story, out, title, landscape=landscape, furniture=furniture)

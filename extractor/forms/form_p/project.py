"""A per-project form's records from what the reader collected: each table's values by field, its
budget execution block and grid, the document's kind (a target table or a self-evaluation)."""

from __future__ import annotations

from docnorm.extractor.forms.form_p.cells import SELF_EVALUATION_TITLE, amount_of
from docnorm.extractor.forms.form_p.execution import ExecutionBlock
from docnorm.extractor.forms.form_p.grid import GridReader
from docnorm.extractor.forms.form_p.parse import AMOUNTS, Range, Reader, Table
from docnorm.extractor.normalize import normalize_period
from docnorm.schemas.form_p import FormPDocument, PProject

__all__ = ["build"]


def _project(position: int, table: Table, reader: Reader) -> PProject:
    project = PProject(position=position)
    spans: dict[str, Range] = {}
    for name, cells in table.values.items():
        spans[name] = (cells[0].start, cells[-1].end)
        value = "\n".join(c.text for c in cells)
        setattr(project, name, amount_of(cells[0].key) if name in AMOUNTS else value)
    if project.period:
        project.period_start, project.period_end, _ = normalize_period(project.period)
    if isinstance(table.money_unit, tuple):
        project.money_unit, spans["money_unit"] = table.money_unit
    if table.execution is not None:
        _execution_amounts(project, table.execution, spans)
        reader.labels += table.execution.labels
    if table.grid is not None:
        project.indicators = table.grid.indicators()
        reader.labels += [(c.start, c.end) for c in table.grid.spare]
        _score_totals(project, table.grid, spans)
    project.spans = spans  # type: ignore[assignment]
    return project


def _execution_amounts(project: PProject, block: ExecutionBlock, spans: dict[str, Range]) -> None:
    """The execution rows, and the project's total / fiscal / other from their 年初预算数 (the budget
    a target table prints) where the header printed none."""
    project.execution = block.records()
    for record in project.execution:
        name = record.kind if record.kind in ("total", "fiscal", "other") else None
        if name is None or getattr(project, name) is not None or record.planned is None:
            continue
        setattr(project, name, record.planned)
        spans[name] = record.spans["planned"]


def _score_totals(project: PProject, grid: GridReader, spans: dict[str, Range]) -> None:
    """The 总分 row under a self-evaluation grid: the 分值 printed, then the 得分 (one number: the 得分)."""
    numbers = grid.totals
    for name, cell in zip(("weight_total", "score_total")[2 - len(numbers) :], numbers, strict=True):
        setattr(project, name, amount_of(cell.key))
        spans[name] = (cell.start, cell.end)


def build(reader: Reader) -> FormPDocument:
    tables = [t for t in reader.tables if not t.empty()]
    doc = FormPDocument(title=reader.title.text if reader.title else None)
    if doc.title and SELF_EVALUATION_TITLE.search(doc.title) or any(t.execution for t in tables):
        doc.kind = "self_evaluation"
    doc.projects = [_project(i, t, reader) for i, t in enumerate(tables, 1)]
    doc.unplaced = [c.text for c in reader.unplaced]
    return doc

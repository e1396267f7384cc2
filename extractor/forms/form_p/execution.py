"""The budget execution block of a self-evaluation table (绩效自评表): a small grid of its own inside
the header, column labels first, then a row per fund source, each a label followed by its amounts:

    项目资金（万元） | | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分
                   | 年度资金总额 | 80 | 85 | 81.6 | 10 | 96% | 9.6
                   | 其中：当年财政拨款 | 80 | 85 | 81.6 | — | — | —

Values go to the columns in order after their row's label, so a row that prints fewer cells (its
last columns left empty, or dropped in one cell per line) still reads; `—` marks an empty cell and is
counted as a label."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from docnorm.extractor.forms.form_p.cells import EMPTY_MARK, Cell, amount_of, label_parts
from docnorm.extractor.forms.form_p.cells import EXECUTION_COLUMNS as COLUMNS
from docnorm.extractor.forms.form_p.cells import EXECUTION_ROWS as ROWS
from docnorm.schemas.form_p import PFundExecution

__all__ = ["EXECUTION_OPENERS", "ExecutionBlock"]

EXECUTION_OPENERS = frozenset(k for k, v in COLUMNS.items() if v in ("planned", "adjusted"))
_EMPTY = re.compile(rf"^{EMPTY_MARK}$")
_RATE = re.compile(r"^\d+(?:\.\d+)?%$")


@dataclass
class _Row:
    label: Cell
    kind: str
    cells: list[Cell] = field(default_factory=list)  # one per column, in order (an empty mark included)


@dataclass
class ExecutionBlock:
    """Reads the block cell by cell; `feed` says whether the cell was its own."""

    columns: list[str] = field(default_factory=list)
    rows: list[_Row] = field(default_factory=list)
    labels: list[tuple[int, int]] = field(default_factory=list)
    closed: bool = False

    def feed(self, cell: Cell) -> bool:
        key = label_parts(cell.key)[0]
        if not self.rows and key in COLUMNS and COLUMNS[key] not in self.columns:
            self.columns.append(COLUMNS[key])
        elif key in ROWS and self.columns:
            self.rows.append(_Row(cell, ROWS[key]))
        elif self.rows and len(self.rows[-1].cells) < len(self.columns) and self._value(cell.key):
            self.rows[-1].cells.append(cell)
            if _EMPTY.match(cell.key):
                self.labels.append((cell.start, cell.end))
            return True
        else:
            self.closed = True
            return False
        self.labels.append((cell.start, cell.end))
        return True

    def _value(self, key: str) -> bool:
        return bool(_EMPTY.match(key) or _RATE.match(key)) or amount_of(key) is not None

    def records(self) -> list[PFundExecution]:
        out = []
        for row in self.rows:
            record = PFundExecution(source=row.label.text, kind=row.kind)  # type: ignore[arg-type]
            spans: dict[str, tuple[int, int]] = {}
            for name, cell in zip(self.columns, row.cells, strict=False):
                if _EMPTY.match(cell.key):
                    continue
                value: object = cell.text if name == "rate" else amount_of(cell.key)
                setattr(record, name, value)
                spans[name] = (cell.start, cell.end)
            record.spans = spans  # type: ignore[assignment]
            out.append(record)
        return out

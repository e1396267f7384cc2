"""The indicator grid of a per-project form: level cells merged over their group, a 三级指标 name,
then the target cells — one or two 指标值 columns, or a target split into 指标性质 | 指标值 | 度量单位
(with 权重 and 指标方向 where printed). Cells are placed by their shape and the closed vocabulary,
not by position, so collapsed empty cells and missing level cells read the same."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from docnorm.extractor.forms.form_p.cells import (
    COST_LEVEL2,
    DIRECTION,
    LEVEL1,
    LEVEL2,
    NATURE,
    NUMBER,
    REASON,
    STANDARD,
    TOTAL_SCORE,
    UNIT,
    Cell,
)
from docnorm.extractor.normalize import normalize_target
from docnorm.schemas.common import Target
from docnorm.schemas.form_p import PIndicator

Range = tuple[int, int]
OCR_NATURE = "a 指标性质 cell 2 read as ≥ (OCR)"


@dataclass
class Columns:
    """What the grid header printed."""

    names: list[str] = field(default_factory=list)

    @property
    def split(self) -> bool:
        return "nature" in self.names or "unit" in self.names

    @property
    def split_groups(self) -> bool:
        """Both targets printed in parts, side by side: a 中期 and a 年度 group of 指标性质 | 指标值 | 度量单位."""
        return "period" in self.names and (self.names.count("nature") >= 2 or self.names.count("unit") >= 2)

    @property
    def targets(self) -> list[str]:
        found = [n for n in self.names if n in ("period", "annual")]
        return found or ["annual"]


@dataclass
class Row:
    """One indicator being read."""

    name: Cell
    level1: Cell | None
    level2: Cell | None
    parts: dict[str, Cell] = field(default_factory=dict)


def level_of(cell: Cell, following: Cell | None) -> str | None:
    key = cell.key
    if key.startswith("成本指标") and LEVEL1.match(key):
        return "level1" if following is not None and COST_LEVEL2.match(following.key) else "level2"
    if LEVEL1.match(key):
        return "level1"
    if LEVEL2.match(key):
        return "level2"
    return None


_PERIOD_PARTS = ("period_nature", "period_value", "period_measure_unit")
_ANNUAL_PARTS = ("nature", "value", "measure_unit")


def _split_slot(key: str, parts: dict[str, Cell], group: tuple[str, str, str]) -> str | None:
    """The slot of one group of target parts (指标性质, 指标值, 度量单位) this cell fills, or None."""
    nature, value, unit = group
    if nature not in parts and value not in parts and NATURE.match(key):
        return nature
    if value not in parts:
        return value
    if value in parts and unit not in parts and "weight" not in parts and UNIT.match(key):
        return unit
    return None


def _slot(cell: Cell, row: Row, cols: Columns) -> str | None:
    """The target slot this cell fills in the open row, or None (the cell starts something else)."""
    key, parts = cell.key, row.parts
    if cols.split_groups:
        started = any(p in parts for p in _ANNUAL_PARTS)  # once the annual group starts, the period's is done
        slot = None if started else _split_slot(key, parts, _PERIOD_PARTS)
        slot = slot or _split_slot(key, parts, _ANNUAL_PARTS)
        if slot is not None:
            return slot
    elif cols.split:
        if not parts and "period" in cols.names and not NATURE.match(key):
            return "period"  # `中期指标值 | 指标性质 | 指标值 | 度量单位`: the period target whole, a lone comparator never
        if not parts.keys() - {"period"} and NATURE.match(key):
            return "nature"
        if "value" not in parts:
            return "value"
        if "measure_unit" not in parts and "weight" not in parts and UNIT.match(key):
            return "measure_unit"
    else:
        for name in cols.targets:
            if name not in parts:
                return name
    if "actual" in cols.names and "actual" not in parts and _targets_read(row, cols):
        return "actual"  # a self-evaluation table: the value reached, beside the target
    if "weight" not in parts and "weight" in cols.names and NUMBER.match(key):
        return "weight"
    if "score" in cols.names and "score" not in parts and NUMBER.match(key) and "actual" in parts:
        return "score"
    if "deviation" in cols.names and "deviation" not in parts and "score" in parts:
        if cell.in_row or REASON.search(key):  # one cell per line: an empty reason leaves the next row's name
            return "deviation"
    if "direction" not in parts and DIRECTION.match(key):
        return "direction"
    if "standard" in cols.names and "standard" not in parts and STANDARD.match(key):
        return "standard"
    if "description" in cols.names and "description" not in parts and _targets_read(row, cols):
        return "description"  # free text after the target: the printed explanation of the value
    return None


def _targets_read(row: Row, cols: Columns) -> bool:
    if cols.split:
        return "value" in row.parts
    return all(name in row.parts for name in cols.targets)


def _ocr_nature(cell: Cell, following: Cell | None, row: Row, cols: Columns) -> str | None:
    """The 指标性质 slot of a cell holding `2` before a number (the comparator column cannot hold a
    digit), or None."""
    if cell.key != "2" or "nature" not in cols.names or following is None or NUMBER.match(following.key) is None:
        return None
    if not row.parts:
        return "period_nature" if cols.split_groups else "nature"
    annual_open = not any(k in row.parts for k in _ANNUAL_PARTS)
    return "nature" if cols.split_groups and "period_value" in row.parts and annual_open else None


@dataclass
class GridReader:
    cols: Columns
    rows: list[Row] = field(default_factory=list)
    level1: Cell | None = None
    level2: Cell | None = None
    totals: list[Cell] = field(default_factory=list)  # the 总分 row's numbers (a self-evaluation table)
    total_label: Cell | None = None
    fresh: list[Cell] = field(default_factory=list)  # level cells not yet printed on an indicator
    spare: list[Cell] = field(default_factory=list)  # level cells no indicator used (placeholder rows)

    def feed(self, cell: Cell, following: Cell | None) -> None:
        if self._total_row(cell):
            return
        level = level_of(cell, following)
        if level is not None:
            self._level(level, cell)
            return
        open_row = self._open_row(cell)
        if open_row is not None and (slot := self._part_of(cell, following, open_row)) is not None:
            open_row.parts[slot] = cell
            return
        self.rows.append(Row(cell, self.level1, self.level2))
        self.fresh = []

    def takes(self, cell: Cell, following: Cell | None) -> bool:
        """Whether the open row would take this cell into one of its target slots."""
        open_row = self._open_row(cell)
        if open_row is None or level_of(cell, following) is not None:
            return False
        return self._part_of(cell, following, open_row) is not None

    def _open_row(self, cell: Cell) -> Row | None:
        """The row a cell may continue: the last one, unless it was printed on a line of its own that ended."""
        row = self.rows[-1] if self.rows else None
        if row is not None and row.name.in_row and cell.line != self._last_line(row):
            return None  # a printed row ends at its line's end
        return row

    def _part_of(self, cell: Cell, following: Cell | None, row: Row) -> str | None:
        """The target slot of the open row this cell fills, or None; a `2` in the 指标性质 column before
        a number is a ≥ damaged by OCR (`2 | 95 | %`, reported by the reading)."""
        return _ocr_nature(cell, following, row, self.cols) or _slot(cell, row, self.cols)

    def _total_row(self, cell: Cell) -> bool:
        """`总分 | 100 | 95.6`: the label, then up to two numbers (the 分值, then the 得分)."""
        if TOTAL_SCORE.match(cell.key) and "score" in self.cols.names:
            self.total_label = cell
            self.spare.append(cell)  # a label: counted with the level cells no indicator used
            return True
        if self.total_label is not None and len(self.totals) < 2 and NUMBER.match(cell.key):
            self.totals.append(cell)
            return True
        return False

    def _last_line(self, row: Row) -> int:
        return max([row.name.line, *(c.line for c in row.parts.values())])

    def _level(self, level: str, cell: Cell) -> None:
        self.spare += [c for c in self.fresh if c is self.level2 or (level == "level1" and c is self.level1)]
        self.fresh = [c for c in self.fresh if c not in self.spare]
        if level == "level1":
            self.level1, self.level2 = cell, None
        else:
            self.level2 = cell
        self.fresh.append(cell)

    def indicators(self) -> list[PIndicator]:
        out = []
        printed: set[int] = set()
        for position, row in enumerate(self.rows, 1):
            out.append(_indicator(position, row, self.cols, printed))
        used = {c.start for r in self.rows for c in (r.level1, r.level2) if c is not None}
        self.spare += [c for c in self.fresh if c.start not in used]
        return out


def _target(cells: list[Cell], name: str | None, ocr_nature: bool = False) -> tuple[Target, Range]:
    kept = [c.text for c in cells if c.key not in ("定性", "定量")]
    text = "".join(kept)
    if ocr_nature:  # the 指标性质 cell holds `2`: a comparator column cannot hold a digit, ≥ damaged by OCR
        reading = normalize_target("≥" + "".join(kept[1:]), name).model_copy(update={"guess": OCR_NATURE})
        return Target(raw=text, normalized=reading), (cells[0].start, cells[-1].end)
    return Target(raw=text, normalized=normalize_target(text, name)), (cells[0].start, cells[-1].end)


def _period_parts(ind: PIndicator, row: Row, spans: dict[str, Range]) -> None:
    """The 中期 group's parts joined into the period target; a row printing one group only (its other
    cells empty) printed the annual one."""
    parts = row.parts
    period = [parts[k] for k in _PERIOD_PARTS if k in parts]
    if not period:
        return
    if row.name.in_row and not any(k in parts for k in _ANNUAL_PARTS):
        for k, annual in zip(_PERIOD_PARTS, _ANNUAL_PARTS, strict=True):
            if k in parts:
                parts[annual] = parts.pop(k)
        return
    ocr = "period_nature" in parts and parts["period_nature"].key == "2"
    ind.period_target, spans["period_target"] = _target(period, ind.name, ocr)


def _indicator(position: int, row: Row, cols: Columns, printed: set[int]) -> PIndicator:
    ind = PIndicator(position=position, name=row.name.text)
    spans: dict[str, Range] = {"name": (row.name.start, row.name.end)}
    for attr, cell in (("level1", row.level1), ("level2", row.level2)):
        if cell is not None:
            setattr(ind, attr, cell.text)
            if cell.start not in printed:
                printed.add(cell.start)
                spans[attr] = (cell.start, cell.end)
    parts = row.parts
    for attr in ("period", "annual"):
        if attr in parts:
            target, span = _target([parts[attr]], ind.name)
            setattr(ind, f"{attr}_target", target)
            spans[f"{attr}_target"] = span
    if "annual" not in parts and "period" in parts and row.name.in_row and len(cols.targets) > 1 and not cols.split:
        ind.annual_target, ind.period_target = ind.period_target, None  # one value printed: the annual one
        spans["annual_target"] = spans.pop("period_target")
    if cols.split_groups:
        _period_parts(ind, row, spans)
    joined = [parts[k] for k in _ANNUAL_PARTS if k in parts]
    if cols.split and joined:
        ocr = "nature" in parts and parts["nature"].key == "2"
        ind.annual_target, spans["annual_target"] = _target(joined, ind.name, ocr)
    if "actual" in parts:
        ind.actual, spans["actual"] = _target([parts["actual"]], ind.name)
    if "score" in parts:
        ind.score = Decimal(parts["score"].key)
        spans["score"] = (parts["score"].start, parts["score"].end)
    for attr in ("nature", "value", "measure_unit", "direction", "standard", "description", "deviation"):
        if attr in parts:
            setattr(ind, attr, parts[attr].text)
            spans[attr] = (parts[attr].start, parts[attr].end)
    if "weight" in parts:
        ind.weight = Decimal(parts["weight"].key)
        spans["weight"] = (parts["weight"].start, parts["weight"].end)
    ind.spans = spans  # type: ignore[assignment]
    return ind

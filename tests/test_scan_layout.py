"""A scanned table's rows and columns from its boxes and rules (pdf_layout.unruled_rows with the
borders and walls a scan's rules give). The words are laid out here by hand, in points, as the
OCR reader hands them over: a header row, then rows whose cells wrap."""

from __future__ import annotations

from typing import Any

from docnorm.extractor.readers.pdf_layout import Wall, lines_of, unruled_rows

# a ruled table: walls (vertical rules) at these x, from y 100 to 300; cells start 4 pt right of them
WALL_XS = [30.0, 150.0, 210.0, 270.0, 400.0]
HEADER = [("项目名称", 34.0), ("总计", 154.0), ("财政拨款", 214.0), ("绩效目标", 274.0)]


def _word(text: str, x0: float, top: float) -> dict[str, Any]:
    return {"text": text, "x0": x0, "x1": x0 + 9.0 * len(text), "top": top, "bottom": top + 8.0}


def _walls(top: float = 100.0) -> list[Wall]:
    return [(x, top, 300.0) for x in WALL_XS]


def _table(header: list[tuple[str, float]]) -> list[list[dict[str, Any]]]:
    words = [_word(text, x, 104.0) for text, x in header]
    words += [_word("社区办公经费", 34.0, 124.0), _word("26.08", 154.0, 124.0), _word("26.08", 214.0, 124.0)]
    words += [_word("发挥基层党组织", 274.0, 124.0), _word("凝聚服务群众", 274.0, 134.0)]
    return lines_of(words)


def _texts(row: Any) -> list[str]:
    return ["".join(t for t, _ in cell) for cell in row.cells]


BORDERS = [100.0, 118.0, 150.0, 300.0]


def test_a_header_cell_read_as_nothing_is_still_a_column_where_the_rules_say_so() -> None:
    lost_total = [h for h in HEADER if h[0] != "总计"]  # the recognizer boxed no 总计
    rows, edges = unruled_rows(_table(lost_total), None, BORDERS, _walls())
    assert _texts(rows[0]) == ["项目名称", "", "财政拨款", "绩效目标"]
    assert _texts(rows[1]) == ["社区办公经费", "26.08", "26.08", "发挥基层党组织凝聚服务群众"]
    assert edges is not None and len(edges) == 4


def test_without_the_walls_the_amounts_slide_a_column_left() -> None:
    """What the walls are for: with the header's words alone the lost column merges into the first."""
    lost_total = [h for h in HEADER if h[0] != "总计"]
    rows, _ = unruled_rows(_table(lost_total), None, BORDERS, None)
    assert _texts(rows[1])[:2] == ["社区办公经费26.08", "26.08"]


def test_walls_add_nothing_where_every_ruled_header_cell_was_read() -> None:
    rows, edges = unruled_rows(_table(HEADER), None, BORDERS, _walls())
    assert edges is not None and len(edges) == 4
    assert _texts(rows[1]) == ["社区办公经费", "26.08", "26.08", "发挥基层党组织凝聚服务群众"]


def test_a_rule_that_starts_below_the_header_is_not_a_header_column() -> None:
    """A sub-column's rule (from the data rows down) says nothing about the header row."""
    lost_total = [h for h in HEADER if h[0] != "总计"]
    walls = [w if w[0] != 150.0 else (150.0, 120.0, 300.0) for w in _walls()]
    _, edges = unruled_rows(_table(lost_total), None, BORDERS, walls)
    assert edges is not None and len(edges) == 3

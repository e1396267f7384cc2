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


def _skewed_table(label_top: float = 152.0) -> list[list[dict[str, Any]]]:
    """A scan deskewed all but a little: each line's left end sits 4 pt above its right end. The
    first row's 绩效目标 wraps to three lines (3 pt between them) and its other cells are centred on
    the middle line, so the third line starts 7 pt below the row's label, a row's gap. The third
    row's first cell is empty (a label merged with the row above's)."""
    words = [_word(text, x, 98.0 + (x - 34.0) / 60.0) for text, x in HEADER]
    words += [_word("社区办公经费", 34.0, 125.0), _word("26.08", 154.0, 126.0), _word("26.08", 214.0, 127.0)]
    wrapped = [("发挥基层党组织", 118.0), ("凝聚服务群众", 129.0), ("和社会治理", 140.0)]
    words += [_word(text, 274.0, top) for text, top in wrapped]
    words += [_word("社区活动经费", 34.0, label_top), _word("3.5", 154.0, 153.0), _word("3.5", 214.0, 154.0)]
    words += [_word("丰富群众生活", 274.0, 156.0)]
    words += [_word("1.2", 154.0, 176.0), _word("1.2", 214.0, 177.0), _word("其中：活动场地", 274.0, 178.0)]
    return lines_of(words)


def test_a_wrapped_cells_last_line_stays_in_its_row_on_a_slightly_skewed_scan() -> None:
    """The gap that cuts rows is measured where two lines share an x-range: 3 pt down the wrapped
    cell, not the 7 pt from the first row's label (the tilt) to the cell's last line."""
    rows, _ = unruled_rows(_skewed_table(), None)
    assert [_texts(r) for r in rows[1:3]] == [
        ["社区办公经费", "26.08", "26.08", "发挥基层党组织凝聚服务群众和社会治理"],
        ["社区活动经费", "3.5", "3.5", "丰富群众生活"],
    ]


def test_the_rows_after_a_wrapped_cell_still_start_rows_of_their_own() -> None:
    """A row with a label and a row whose first cell is empty both start where the gap in their
    shared columns is a row's: 8 pt and more against 3 pt inside a cell."""
    rows, edges = unruled_rows(_skewed_table(), None)
    assert edges is not None and len(edges) == 4
    assert len(rows) == 4
    assert _texts(rows[0]) == ["项目名称", "总计", "财政拨款", "绩效目标"]
    assert _texts(rows[3]) == ["", "1.2", "1.2", "其中：活动场地"]


def test_a_line_sharing_no_x_range_with_the_line_above_does_not_set_the_in_cell_gap() -> None:
    """A label boxed low enough to make a line of its own overlaps the line above (its gap, between
    first words, is negative): it still joins its row, and the wrapped cell above stays whole."""
    rows, _ = unruled_rows(_skewed_table(label_top=160.5), None)
    assert len(rows) == 4
    assert _texts(rows[1])[3] == "发挥基层党组织凝聚服务群众和社会治理"
    assert _texts(rows[2]) == ["社区活动经费", "3.5", "3.5", "丰富群众生活"]

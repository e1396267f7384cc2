"""The recognizer's misreadings of an indicator item's head at low resolution, put back in the
printed shape by the cell repairs of the OCR reader (pure text: no model runs here). Each case is a
misreading seen on the 150 dpi scans of the goldens; the expected text is the printed one."""

from __future__ import annotations

import pytest

from docnorm.extractor.readers.ocr import _tidy_cell

BOX = (0.0, 0.0, 10.0, 10.0)


def _repaired(text: str) -> str:
    return "".join(piece for piece, _ in _tidy_cell([(text, BOX)]))


HEAD = "1、1-产出指标；11-数量指标；人数；年度指标值："


@pytest.mark.parametrize(
    ("read", "printed"),
    [
        ("100%。2.1-产出指标", "100%。2、1-产出指标"),  # 、 read as .
        ("≥2次.2、1-产出指标", "≥2次。2、1-产出指标"),  # 。 read as .
        ("115.2、1-产出指标", "115。2、1-产出指标"),  # item 2 is due: not the decimal 115.2
        ("100%、2、1-产出指标", "100%。2、1-产出指标"),  # 。 read as 、
        ("2802、1-产出指标", "280。2、1-产出指标"),  # 。 lost, the target's digits run into the number
        ("100%,22-效益指标", "100%,2、2-效益指标"),  # 、 lost after the number, the comma kept
        ("100%2.1.产出指标", "100%。2、1-产出指标"),  # 。 lost, 、 and - read as .
        ("提升、2、3-满意度指标", "提升。2、3-满意度指标"),
    ],
)
def test_a_misread_item_head_is_put_back(read: str, printed: str) -> None:
    assert _repaired(HEAD + read) == HEAD + printed


def test_a_head_whose_number_is_not_due_is_left_as_read() -> None:
    text = HEAD + "115.7、1-产出指标"  # item 2 is due, 7 is not: the text may be a decimal, left alone
    assert _repaired(text) == text


def test_printed_heads_are_unchanged() -> None:
    text = HEAD + "4；实施周期指标值：4。2、1-产出指标；11-数量指标；x；年度指标值：5;,3、2-效益指标；21-社会效益；y"
    assert _repaired(text) == text


def test_each_repaired_character_stays_in_the_piece_it_came_from() -> None:
    first, second = (0.0, 0.0, 5.0, 5.0), (5.0, 0.0, 9.0, 5.0)
    pieces = _tidy_cell([(HEAD + "100%", first), ("2.1-产出指标", second)])
    assert [box for _, box in pieces] == [first, second]
    assert "".join(t for t, _ in pieces) == HEAD + "100%。2、1-产出指标"


@pytest.mark.parametrize(
    ("read", "printed"),
    [
        ("资金总额万元）", "资金总额（万元）"),  # a header cell wrapped 资金总/额（万/元）: the （ lost at 150 dpi
        ("项目总预算元）", "项目总预算（元）"),
        ("资金总额（万元）", "资金总额（万元）"),
        ("资金总额(万元)", "资金总额(万元)"),
        ("合计120万元）", "合计120万元）"),  # after a number the bracket is not a label's
        ("资金总额万元", "资金总额（万元）"),  # both brackets lost: a label cell, no digits in it
        ("万元", "万元"),  # a unit cell
        ("120万元", "120万元"),
    ],
)
def test_a_money_units_lost_opening_bracket_is_put_back(read: str, printed: str) -> None:
    assert _repaired(read) == printed


@pytest.mark.parametrize(
    ("read", "printed"),
    [
        ("一是推动工程走深走实：二是兜底民生保障:三是维护稳定", "一是推动工程走深走实；二是兜底民生保障；三是维护稳定"),
        ("主要包括：一是推动工程", "主要包括：一是推动工程"),  # the colon before the first clause is one
        ("处理量x0.8+利用量X0.9", "处理量×0.8+利用量×0.9"),  # × read as a Latin x (300 dpi, Form B)
        ("型号x", "型号x"),
        ("0.8x0.9", "0.8x0.9"),  # between digits: left as read
        ("Windows x64", "Windows x64"),
    ],
)
def test_enumerated_clauses_and_multiplication_signs_are_put_back(read: str, printed: str) -> None:
    assert _repaired(read) == printed

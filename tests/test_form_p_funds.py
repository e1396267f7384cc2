"""Two-level fund headers (财政资金 split into 中央 / 省级 / 市级 / 县级 / 本级): the shares are read in every
layout a form prints them in, checked against the total, and an arrangement no reader can split
(a row of amounts run together under a row of labels) is reported, never read as one amount."""

from __future__ import annotations

import pytest

from docnorm.extractor.pipeline import extract_text

_HEAD = "2024年度项目支出绩效目标表\n金额单位：万元\n"
_GRID = "一级指标|二级指标|三级指标|指标值\n产出指标|数量指标|改造卫生室数量|≥30个\n满意度指标|服务对象满意度指标|村民满意度|≥90%\n"
_NAMES = "项目名称|村级卫生室标准化建设\n主管部门|某县卫生健康局|实施单位|某县基层卫生服务中心\n"
LAYOUTS = {
    "labels over amounts": "资金总额|财政资金||||其他资金\n|中央|省级|市级|本级|\n186|80|50|26|20|10\n",
    "share beside amount": "资金总额|186\n财政资金|中央|80|省级|50|市级|26|本级|20\n其他资金|10\n",
    "a share to a row": "资金总额|186\n财政资金|中央|80\n|省级|50\n|市级|26\n|本级|20\n其他资金|10\n",
    "其中 shares after the parent's amount": "资金总额|186\n财政资金|176|其中：中央|80|省级|50|市级|26|本级|20\n其他资金|10\n",
}
# read off the strings above by hand
EXPECTED = {
    "total": 186,
    "fiscal_central": 80,
    "fiscal_provincial": 50,
    "fiscal_municipal": 26,
    "fiscal_own": 20,
    "other": 10,
}


def _dialect(text: str, dialect: str) -> str:
    if dialect == "pipe":
        return text
    if dialect == "tab":
        return text.replace("|", "\t")
    if dialect == "lines":
        return "\n".join(c for line in text.split("\n") for c in line.split("|") if c) + "\n"
    return "\n".join(" ".join(c for c in line.split("|") if c) for line in text.split("\n")) + "\n"


@pytest.mark.parametrize("dialect", ["pipe", "tab", "lines", "spaces"])
@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_fund_shares_are_read_in_every_layout(layout, dialect):
    if dialect == "lines" and layout == "a share to a row":
        pytest.skip("one cell per line prints this layout exactly as `share beside amount`")
    text = _dialect(_HEAD + _NAMES + LAYOUTS[layout] + "年度目标|完成30个村卫生室标准化改造。\n" + _GRID, dialect)
    result = extract_text(text, "funds.txt")
    project = result.content.projects[0]
    got = {k: getattr(project, k) for k in EXPECTED}
    assert got == EXPECTED, text
    assert project.fiscal == (176 if "其中" in layout else None)
    assert result.status == "ok" and not [f for f in result.findings if f.code == "sum-mismatch"], result.findings


def test_shares_that_do_not_add_up_are_flagged_and_kept():
    text = _HEAD + _NAMES + "资金总额|186\n财政资金|170|其中：中央|80|省级|50|本级|20\n其他资金|10\n" + _GRID
    result = extract_text(text, "funds.txt")
    project = result.content.projects[0]
    assert (project.fiscal, project.fiscal_central, project.fiscal_provincial, project.fiscal_own) == (170, 80, 50, 20)
    messages = [f.message for f in result.findings if f.code == "sum-mismatch"]
    assert len(messages) == 2, messages  # shares 150 against 财政资金 170; sources 180 against the total 186
    assert "add up to 150" in messages[0] and "财政资金 printed is 170" in messages[0]
    assert "add up to 180" in messages[1] and "the total printed is 186" in messages[1]


def test_amounts_run_together_under_their_labels_are_reported_not_read():
    form = _HEAD + _NAMES + LAYOUTS["labels over amounts"] + "年度目标|完成30个村卫生室标准化改造。\n" + _GRID
    text = form.replace("|", "").replace("\n", "") + "\n"  # the whole form on one line, no separator
    result = extract_text(text, "funds.txt")
    project = result.content.projects[0]
    assert all(getattr(project, k) is None for k in EXPECTED), project
    assert result.status == "partial"
    assert any("1868050262010" in u.text for u in result.unplaced), result.unplaced


def test_a_lone_本级_label_is_still_the_fiscal_amount():
    text = _HEAD + _NAMES + "资金总额|100|本级|90\n其他资金|10\n" + _GRID
    project = extract_text(text, "funds.txt").content.projects[0]
    assert (project.fiscal, project.fiscal_own, project.other) == (90, None, 10)

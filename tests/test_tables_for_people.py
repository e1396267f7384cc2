"""Tables people open directly: --csv-bom, --headers zh, the money_unit column of projects.csv,
and the workbook's column widths, wrapping and header choice."""

from __future__ import annotations

import codecs
import csv
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook

from docnorm.cli.main import main
from docnorm.fileio import csv_text
from tests.conftest import DOCS

TABLES = ("projects.csv", "indicators.csv", "department_indicators.csv", "findings.csv", "documents.csv")
# written out by hand (not from the mapping under test)
PROJECTS_ZH = [
    "文件", "资金使用单位", "项目序号", "项目名称", "总计", "财政拨款", "财政专户拨款", "其他资金",
    "金额单位", "绩效目标", "指标数", "状态",
    "表式", "金额（万元）", "部门名称", "项目属性", "项目起止时间", "项目总金额", "上级资金",
    "财政资金（中央）", "财政资金（省级）", "财政资金（市级）", "财政资金（县级）", "财政资金（本级）", "实施期目标",
    "开始日期", "结束日期",
    "表类型", "全年预算数", "全年执行数", "预算执行率", "预算执行得分", "实际完成情况", "总分值", "自评总得分",
]  # fmt: skip


def _rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    en, zh = tmp_path_factory.mktemp("en"), tmp_path_factory.mktemp("zh")
    assert main(["extract", str(DOCS), "-o", str(en), "--no-progress", "--xlsx"]) == 0
    assert main(["extract", str(DOCS), "-o", str(zh), "--no-progress", "--xlsx", "--csv-bom", "--headers", "zh"]) == 0
    return en, zh


def test_bom_and_chinese_headers_change_nothing_else(runs: tuple[Path, Path]):
    en, zh = runs
    for name in TABLES:
        assert not (en / name).read_bytes().startswith(codecs.BOM_UTF8)
        assert (zh / name).read_bytes().startswith(codecs.BOM_UTF8), name
        english, chinese = _rows(en / name), _rows(zh / name)
        assert chinese[1:] == english[1:] and len(chinese[0]) == len(english[0])
        assert all(re.search(r"[\u4e00-\u9fff]", h) for h in chinese[0]), name
    assert _rows(zh / "projects.csv")[0] == PROJECTS_ZH


def test_projects_carry_the_unit_the_document_prints(runs: tuple[Path, Path]):
    en, _ = runs
    rows = _rows(en / "projects.csv")
    header, body = rows[0], rows[1:]
    units = {(r[header.index("document")], r[header.index("money_unit")]) for r in body}
    assert units and {u for _, u in units} == {"万元"}
    for document, unit in units:  # the oracle is the source's own 单位 line
        assert re.search(rf"单位[：:]\s*{unit}", (DOCS / document).read_text(encoding="utf-8"))


def test_the_workbook_has_widths_wrapping_and_the_same_headers(runs: tuple[Path, Path]):
    en, zh = runs
    sheet = load_workbook(zh / "tables.xlsx")["projects"]
    assert [c.value for c in sheet[1]] == PROJECTS_ZH
    width = {sheet.cell(1, i + 1).value: sheet.column_dimensions[chr(65 + i)].width for i in range(len(PROJECTS_ZH))}
    assert width["绩效目标"] == 60 and width["项目序号"] < 15 and width["总计"] < 15
    goal = sheet.cell(2, PROJECTS_ZH.index("绩效目标") + 1)
    assert goal.alignment.wrap_text and len(goal.value) > 60
    assert not sheet.cell(2, PROJECTS_ZH.index("总计") + 1).alignment.wrap_text
    assert isinstance(sheet.cell(2, PROJECTS_ZH.index("总计") + 1).value, (int, float))  # still a number
    assert [c.value for c in load_workbook(en / "tables.xlsx")["projects"][1]][:2] == ["document", "unit"]


def test_themes_keep_the_header_language_and_the_bom(runs: tuple[Path, Path]):
    _, zh = runs
    assert main(["themes", str(zh), "--k", "4"]) == 0
    projects = zh / "projects.csv"
    assert projects.read_bytes().startswith(codecs.BOM_UTF8)
    header = _rows(projects)[0]
    assert header == [*PROJECTS_ZH, "主题编号", "主题", "主题相似度"]
    assert all(r[-3] for r in _rows(projects)[1:])  # every project found its theme through the zh keys
    assert _rows(zh / "themes.csv")[0] == ["编号", "主题名称", "关键词", "目标数", "代表项目"]


def test_csv_text_bom():
    assert csv_text(["a"], [[1]], bom=True) == "\ufeffa\n1\n"
    assert csv_text(["a"], [[1]]) == "a\n1\n"


# each example's 部门名称 line, read by hand
DEPARTMENTS = {
    "000_487862950e7e3971.txt": "广州市海珠区人民政府海幢街道办事处（本级）",
    "001_8507f48a672429e9.txt": "广州市荔湾区人民政府金花街道办事处",
    "003_00b04d726a13fa98.txt": "广州市荔湾区人民政府西村街道办事处",
    "004_c4302184a6673dbb.txt": "广州市天河区人民政府元岗街道办事处",
}


def test_form_a_projects_carry_the_department_the_document_prints(runs: tuple[Path, Path]):
    en, _ = runs
    rows = _rows(en / "projects.csv")
    header, body = rows[0], rows[1:]
    found: dict[str, set[str]] = {}
    for r in body:
        assert r[header.index("form")] == "A"
        found.setdefault(r[header.index("document")], set()).add(r[header.index("department")])
    assert found == {document: {department} for document, department in DEPARTMENTS.items()}

"""OUT/tables.xlsx: `docnorm extract --xlsx` and `docnorm xlsx OUT` build it from the CSV tables."""

import csv
import logging
import shutil

import pytest
from openpyxl import load_workbook

from docnorm.cli.main import main
from docnorm.errors import DocnormError
from docnorm.extractor import workbook
from docnorm.extractor.export import PROJECT_COLUMNS
from docnorm.extractor.workbook import NUMERIC_COLUMNS, write_workbook
from tests.conftest import DOCS, golden

BASE_SHEETS = ["projects", "indicators", "department_indicators", "findings"]


def _read_csv(path):
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def _sheet_rows(ws):
    return [list(row) for row in ws.iter_rows(values_only=True)]


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    out = tmp_path_factory.mktemp("xlsx") / "out"
    assert main(["extract", str(DOCS), "-o", str(out), "--no-progress", "--xlsx"]) == 0
    return out, load_workbook(out / "tables.xlsx")


def test_extract_xlsx_writes_one_sheet_per_table(extracted):
    out, wb = extracted
    assert wb.sheetnames == BASE_SHEETS  # no themes.csv without --themes
    for ws in wb:
        table = _read_csv(out / f"{ws.title}.csv")
        rows = _sheet_rows(ws)
        assert rows[0] == table[0] and len(rows) == len(table) > 1
        assert all(c.font.b for c in ws[1]) and not ws["A2"].font.b
        assert (
            ws.freeze_panes == "A2"
            and ws.auto_filter.ref == f"A1:{ws.cell(1, len(table[0])).column_letter}{len(table)}"
        )
    assert (out / "tables.xlsx").stat().st_mode & 0o777 == 0o644
    assert not list(out.glob(".*.tmp")), "no temporary files left behind"


def test_every_cell_matches_its_csv_field(extracted):
    out, wb = extracted
    for ws in wb:
        table = _read_csv(out / f"{ws.title}.csv")
        header = table[0]
        for csv_row, row in zip(table[1:], _sheet_rows(ws)[1:]):
            for name, text, value in zip(header, csv_row, row):
                if text == "":
                    assert value is None
                elif isinstance(value, str):  # the text, without the quote the CSV puts before a formula
                    assert value == text or (text == "'" + value and value.lstrip()[:1] in "=+-@"), (text, value)
                else:
                    assert name in NUMERIC_COLUMNS and value == float(text), (ws.title, name, text, value)


def test_amounts_are_numbers_and_targets_and_codes_stay_text(extracted):
    _, wb = extracted
    g = golden("001_8507f48a672429e9.txt").content
    projects = wb["projects"]
    col = {name: i for i, name in enumerate(PROJECT_COLUMNS, 1)}
    row = next(
        r
        for r in range(2, projects.max_row + 1)
        if projects.cell(r, 1).value == "001_8507f48a672429e9.txt" and projects.cell(r, col["project_no"]).value == 1
    )
    total = projects.cell(row, col["total"])
    assert isinstance(total.value, (int, float)) and total.value == float(g.projects[0].total)
    assert total.number_format.startswith("0.")  # shown with the decimals printed in the CSV
    assert projects.cell(row, col["project"]).value == g.projects[0].name  # Chinese text round-trips
    indicators = _sheet_rows(wb["indicators"])
    header = indicators[0]
    targets = [r[header.index("annual_target")] for r in indicators[1:]]
    assert "100%" in targets and "≥2次" in targets
    assert all(isinstance(r[header.index("level1_code")], (str, type(None))) for r in indicators[1:])
    assert all(isinstance(r[header.index("annual_value")], (int, float, type(None))) for r in indicators[1:])


def test_xlsx_command_rebuilds_with_theme_columns(tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["extract", str(DOCS), "-o", str(out), "--no-progress"]) == 0
    assert main(["themes", str(out), "--k", "5"]) == 0
    assert not (out / "tables.xlsx").exists()  # nobody asked for one
    assert main(["xlsx", str(out)]) == 0
    assert str(out / "tables.xlsx") in capsys.readouterr().out
    wb = load_workbook(out / "tables.xlsx")
    assert wb.sheetnames == [*BASE_SHEETS, "themes"]
    rows = _sheet_rows(wb["projects"])
    assert rows[0] == _read_csv(out / "projects.csv")[0] and "theme_label" in rows[0]
    scores = [r[rows[0].index("theme_score")] for r in rows[1:]]
    assert any(isinstance(s, float) for s in scores)
    assert len(_sheet_rows(wb["themes"])) == len(_read_csv(out / "themes.csv"))


def test_an_existing_workbook_follows_its_csvs(tmp_path):
    out = tmp_path / "out"
    assert main(["extract", str(DOCS), "-o", str(out), "--no-progress", "--xlsx"]) == 0
    assert main(["themes", str(out), "--k", "5"]) == 0  # rewrites projects.csv: the workbook follows
    assert "theme_label" in _sheet_rows(load_workbook(out / "tables.xlsx")["projects"])[0]
    (out / "themes.csv").unlink()
    assert main(["extract", str(DOCS), "-o", str(out), "--no-progress"]) == 0  # no --xlsx: still rebuilt
    wb = load_workbook(out / "tables.xlsx")
    assert wb.sheetnames == BASE_SHEETS and "theme_label" not in _sheet_rows(wb["projects"])[0]


def test_illegal_characters_are_stripped_and_text_is_never_a_formula(tmp_path, caplog):
    rows = [
        PROJECT_COLUMNS,
        [
            "a.txt",
            "#N/A",
            "1",
            "项目\x01名\x0b称",
            "1_000",
            "nan",
            "1e999",
            "1234567890123456789",
            "万元",
            "=SUM(A1)",
            "2",
            "ok",
        ],
        ["a.txt", "单位", "2", "乙", "-3.50", "0", "", "12", "万元", "目标\x1f", "", "ok"],
    ]
    with open(tmp_path / "projects.csv", "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    with caplog.at_level(logging.WARNING, logger="docnorm.extractor.workbook"):
        path = write_workbook(tmp_path)
    assert "removed 3 control characters" in caplog.text
    wb = load_workbook(path)
    assert wb.sheetnames == ["projects"]
    ws = wb["projects"]
    got = _sheet_rows(ws)
    assert got[1][:12] == [
        "a.txt",
        "#N/A",
        1,
        "项目名称",
        "1_000",
        "nan",
        "1e999",
        "1234567890123456789",
        "万元",
        "=SUM(A1)",
        2,
        "ok",
    ]
    assert got[2][:12] == ["a.txt", "单位", 2, "乙", -3.5, 0, None, 12, "万元", "目标", None, "ok"]
    assert ws["J2"].data_type == "s" and ws["B2"].data_type == "s"  # not a formula, not an error value
    assert ws["E3"].number_format == "0.00"


def test_missing_or_empty_folder_is_a_clear_error(tmp_path, capsys):
    assert main(["xlsx", str(tmp_path / "nope")]) == 2
    err = capsys.readouterr().err
    assert str(tmp_path / "nope") in err and "no such folder" in err
    (tmp_path / "empty").mkdir()
    assert main(["xlsx", str(tmp_path / "empty")]) == 2
    err = capsys.readouterr().err
    assert str(tmp_path / "empty") in err and "projects.csv" in err
    assert not (tmp_path / "empty" / "tables.xlsx").exists()


def test_too_many_rows_for_a_sheet_names_the_file(tmp_path, monkeypatch, extracted):
    out, _ = extracted
    shutil.copy(out / "findings.csv", tmp_path / "findings.csv")
    (tmp_path / "tables.xlsx").write_bytes(b"previous")
    monkeypatch.setattr(workbook, "MAX_ROWS", 10)
    with pytest.raises(DocnormError, match=r"findings.csv: 101 rows, more than the 9 of an Excel sheet"):
        write_workbook(tmp_path)
    assert (tmp_path / "tables.xlsx").read_bytes() == b"previous"  # the old workbook is left as it was
    assert not list(tmp_path.glob(".*.tmp"))

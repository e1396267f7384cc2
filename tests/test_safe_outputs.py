"""Safe outputs (#12 item 6): CSV cells a spreadsheet would run as formulas get OWASP's quote
prefix, the JSON and the workbook keep the raw text, numbers stay numbers, and no control or
escape character of a source or a file name reaches the terminal.

Every expected value below is written by hand from the strings planted in the fixture."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from docnorm.cli import terminal
from docnorm.fileio import csv_cell, csv_text, csv_value
from tests.conftest import DOCS, ROOT, golden

SEED = "001_8507f48a672429e9.txt"
DOC = "名\x1b[31m单.txt"  # an ANSI colour sequence in a file name
BAD = "坏\x1b]0;title\x07\u009b2J.txt"  # an OSC title sequence, a BEL and a C1 CSI in a file name
BAD_SHOWN = "坏\\x1b]0;title\\x07\\x9b2J.txt"  # the same name with visible escapes, written by hand
DOC_IN_CSV = "名\\x1b[31m单.txt"
# (project position, the source's goal paragraph, the planted goal, the goal as the CSV must hold it)
GOALS = [
    (
        1,
        "按时按规定发放消毒站专职人员补贴，保障街道消毒\n站专职人员福利，提升职工幸福感。",
        '=HYPERLINK("http://x","y")',
        '\'=HYPERLINK("http://x","y")',
    ),
    (
        2,
        "通过实施该项目，切实保障街道承租物业需要和各线\n办公场地的稳定性，为开展地区管理和服务工作提供\n更好的办公环境。",
        "'=引号开头的目标",  # a text that itself starts with a quote keeps it through the round trip
        "''=引号开头的目标",
    ),
    (3, "为保障办事处编外人员工资福利，按时按规定发放监\n察站站长及其他编外人员工资。", "-", "'-"),
    (
        5,
        "通过实施本项目，确保落实安全生产检查工作，加大\n对违法生产单位的整治力度，提高各生产经营单位合\n"
        "法、安全生产意识，维护本辖区企业合法、有序的发\n展。",
        "@SUM(A1)安全生产",
        "'@SUM(A1)安全生产",
    ),
]
AMOUNT = ("16.56 16.56\n", "-16.56 -16.56\n")  # project 1: a negative amount, a number not a formula
NAME = ("    办公场地租赁费 76.00", "    办公\x1b[31m场地租赁费 76.00")  # an escape inside a project name
FORMULA_START = re.compile(r"^\s*[=+\-@\t\r]")
PLAIN_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?")


def _fixture_source() -> str:
    text = (DOCS / SEED).read_text(encoding="utf-8")
    for old, new in [AMOUNT, NAME, *((source, planted) for _, source, planted, _ in GOALS)]:
        assert text.count(old) >= 1, old
        text = text.replace(old, new, 1)
    return text


def _docnorm(*args: str) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "docnorm", *args], env=env, capture_output=True, cwd=ROOT)


def _assert_terminal_clean(done: subprocess.CompletedProcess[bytes]) -> str:
    shown = (done.stdout + done.stderr).decode("utf-8")
    assert "Traceback" not in shown
    bad = sorted({c for c in shown if (ord(c) < 32 and c not in "\n\t") or 0x7F <= ord(c) <= 0x9F})
    assert bad == [], bad
    return shown


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    inputs = tmp_path_factory.mktemp("in")
    (inputs / DOC).write_text(_fixture_source(), encoding="utf-8")
    (inputs / BAD).write_bytes(b"\xff\xfe\x00not a table\x00\x01")  # fails: its name is in the messages
    out = tmp_path_factory.mktemp("out")
    done = _docnorm("extract", str(inputs), "-o", str(out), "--xlsx", "--workers", "2")
    assert done.returncode == 1  # one document failed
    return out, _assert_terminal_clean(done)


def test_the_terminal_shows_escapes_of_file_names_never_runs_them(extracted: tuple[Path, str]):
    _, shown = extracted
    assert f"failed {BAD_SHOWN}" in shown  # the summary names the failed file, visibly escaped
    assert "1 failed, 1 ok" in shown


def test_csv_cells_that_would_run_as_formulas_are_quoted(extracted: tuple[Path, str]):
    out, _ = extracted
    projects = {int(r["project_no"]): r for r in _rows(out / "projects.csv") if r["document"] == DOC_IN_CSV}
    assert len(projects) > 5
    for position, _, _, in_csv in GOALS:
        assert projects[position]["goal"] == in_csv
    assert projects[1]["total"] == "-16.56" and projects[1]["fiscal"] == "-16.56"  # a number: no quote
    assert "\x1b" not in projects[2]["project"]
    # the seed's first indicator reads 年度指标值:100%, a bare number: comparator `=` (DOMAIN.md)
    assert golden(SEED).content.projects[0].indicators[0].annual_target.raw == "100%"
    first = next(r for r in _rows(out / "indicators.csv") if r["project_no"] == "1" and r["indicator_no"] == "1")
    assert first["annual_comparator"] == "'="


def test_no_csv_cell_starts_like_a_formula_or_carries_a_control_character(extracted: tuple[Path, str]):
    out, _ = extracted
    tables = sorted(out.glob("*.csv"))
    assert {p.name for p in tables} >= {"projects.csv", "indicators.csv", "findings.csv", "documents.csv"}
    quoted = 0
    for path in tables:
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.reader(handle):
                for cell in row:
                    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", cell), (path.name, cell)
                    assert not FORMULA_START.match(cell) or PLAIN_NUMBER.fullmatch(cell), (path.name, cell)
                    quoted += cell.startswith("'")
    assert quoted > len(GOALS)
    documents = {r["document"] for r in _rows(out / "documents.csv")}
    assert documents == {DOC_IN_CSV, BAD_SHOWN}


def test_the_json_keeps_the_raw_text(extracted: tuple[Path, str]):
    out, _ = extracted
    result = json.loads((out / (Path(DOC).stem + ".json")).read_text(encoding="utf-8"))
    assert result["document"] == DOC
    goals = {p["position"]: p["goal"] for p in result["content"]["projects"]}
    for position, _, planted, _ in GOALS:
        assert goals[position] == planted
    assert float(result["content"]["projects"][0]["total"]) == -16.56
    assert result["content"]["projects"][0]["indicators"][0]["annual_target"]["normalized"]["comparator"] == "="


def _workbook_checks(out: Path) -> None:
    sheet = load_workbook(out / "tables.xlsx")["projects"]
    header = [c.value for c in sheet[1]]
    col = {name: header.index(name) + 1 for name in ("document", "project_no", "goal", "total")}
    rows = {
        sheet.cell(r, col["project_no"]).value: r
        for r in range(2, sheet.max_row + 1)
        if sheet.cell(r, col["document"]).value == DOC_IN_CSV
    }
    for position, _, planted, _ in GOALS:
        goal = sheet.cell(rows[position], col["goal"])
        assert goal.value == planted and goal.data_type == "s", (position, goal.value, goal.data_type)
    total = sheet.cell(rows[1], col["total"])
    assert total.value == -16.56 and total.data_type == "n"
    indicators = load_workbook(out / "tables.xlsx")["indicators"]
    header = [c.value for c in indicators[1]]
    comparator = indicators.cell(2, header.index("annual_comparator") + 1)
    assert comparator.value == "=" and comparator.data_type == "s"


def test_the_workbook_shows_the_raw_text_and_numbers(extracted: tuple[Path, str]):
    out, _ = extracted
    _workbook_checks(out)


def test_themes_and_xlsx_read_the_tables_back_without_quoting_twice(extracted: tuple[Path, str], tmp_path: Path):
    out, _ = extracted
    copy = tmp_path / "out"
    copy.mkdir()
    for path in out.iterdir():
        if path.is_file():
            copy.joinpath(path.name).write_bytes(path.read_bytes())
    _assert_terminal_clean(done := _docnorm("themes", str(copy), "--k", "3"))
    assert done.returncode == 0
    projects = {int(r["project_no"]): r for r in _rows(copy / "projects.csv") if r["document"] == DOC_IN_CSV}
    for position, _, _, in_csv in GOALS:
        assert projects[position]["goal"] == in_csv  # rewritten by themes: still one quote
    assert all(r["theme_id"] for r in projects.values())  # the escaped document name still finds its themes
    _assert_terminal_clean(done := _docnorm("xlsx", str(copy)))
    assert done.returncode == 0
    _workbook_checks(copy)


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ('=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'),
        ("=", "'="),
        ("+1", "'+1"),
        ("-", "'-"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        (" =1", "' =1"),
        ("\u3000-x", "'\u3000-x"),  # ideographic space before a minus
        ("'abc", "'abc"),
        ("'=x", "''=x"),
        ("a\x1b[31mb", "a\\x1b[31mb"),
        ("\r=x", "\\x0d=x"),
        ("行\n二", "行\n二"),
        (-5, "-5"),
        (-0.5, "-0.5"),
        ("-5", "-5"),
        ("-0.5", "-0.5"),
        (float("-inf"), "'-inf"),
        ("plain", "plain"),
        (None, None),
    ],
)
def test_csv_cell(value: object, written: str | None):
    assert csv_cell(value) == written
    if isinstance(value, str) and "\x1b" not in value and "\r" not in value:
        assert written is not None and csv_value(written) == value


def test_csv_text_writes_cells_through_csv_cell():
    assert csv_text(["a", "b"], [["=1", -5], [None, "ok"]]) == "a,b\n'=1,-5\n,ok\n"


@given(st.text(alphabet=st.characters(blacklist_categories=("Cc",)) | st.sampled_from("'=+-@ \t\n")))
def test_csv_value_undoes_csv_cell(text: str):
    written = csv_cell(text)
    assert isinstance(written, str) and csv_value(written) == text
    assert not FORMULA_START.match(written) or PLAIN_NUMBER.fullmatch(written) or written.startswith("'")


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_console_keeps_its_colours_and_shows_the_texts_escapes(monkeypatch: pytest.MonkeyPatch):
    tty = _Tty()
    monkeypatch.setattr(sys, "stderr", tty)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("TERM", raising=False)
    with terminal.guarded():
        terminal.console().print("[red]failed[/] a\x1b[2Jb")
        print("c\x1b]0;t\x07d", file=sys.stderr)
    styles = re.compile(r"\x1b\[[0-9;]*m")  # rich's own colours (SGR): "failed" in red
    assert "\x1b[31mfailed" in tty.getvalue()
    shown = styles.sub("", tty.getvalue())
    assert "a\\x1b[2Jb" in shown and "c\\x1b]0;t\\x07d" in shown
    assert "\x1b" not in shown and "\x07" not in shown
    assert sys.stderr is tty


def test_an_error_message_naming_a_folder_shows_its_escapes(tmp_path: Path):
    missing = tmp_path / "无\x1b[8m此\x9b目录"
    done = _docnorm("xlsx", str(missing))
    assert done.returncode == 2
    shown = _assert_terminal_clean(done)
    assert "无\\x1b[8m此\\x9b目录" in shown and "no such folder" in shown

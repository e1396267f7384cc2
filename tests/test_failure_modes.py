"""One regression test per failure mode of issue 11: small changes a PDF-to-text tool makes to a
document must neither lose text nor change the extraction. Each mutated source is made here by
hand from a bundled document; the goldens (written from the unmutated source) stay the truth, and
lost text is counted by the independent oracle in `ledger_oracle`."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from docnorm.eval.score import load_goldens, score_results
from docnorm.extractor.pipeline import extract_path, extract_text
from docnorm.schemas.document import DocumentResult
from tests.ledger_oracle import lost_runs

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "examples" / "docs"
GOLDENS = load_goldens(ROOT / "eval" / "golden")
A_DOC = "004_c4302184a6673dbb"  # Form A, layout dump
B_DOC = "002_ccf7430d55d37228"  # Form B


def _source(stem: str) -> str:
    return (DOCS / f"{stem}.txt").read_text(encoding="utf-8-sig")


def _extract(stem: str, text: str) -> DocumentResult:
    return extract_text(text, f"{stem}.txt")


def _assert_unchanged(stem: str, text: str) -> DocumentResult:
    result = _extract(stem, text)
    assert lost_runs(text, result.model_dump(mode="json")) == []
    assert score_results({stem: result}, {stem: GOLDENS[stem]}).field_f1 == 1.0
    return result


def _replace_line(text: str, old: str, new: str) -> str:
    lines = text.split("\n")
    hits = [i for i, line in enumerate(lines) if line == old]
    assert len(hits) == 1, old
    lines[hits[0]] = new
    return "\n".join(lines)


def test_a_project_row_that_lost_its_indentation_is_still_a_project():
    text = _replace_line(_source(A_DOC), "    文化业务经费 20.00 20.00", "文化业务经费 20.00 20.00")
    result = _assert_unchanged(A_DOC, text)
    assert result.status == "ok"


def test_every_project_row_without_indentation_is_still_a_project():
    text = re.sub(r"(?m)^ +", "", _source(A_DOC))
    _assert_unchanged(A_DOC, text)


@pytest.mark.parametrize("footer", ["第3页", "第 3 页，共 12 页", "- 3 -", "—3—", "3/12", "共12页第3页"])
def test_page_footers_in_every_common_form_are_noise(footer):
    source = _source(A_DOC)
    lines = source.split("\n")
    at = lines.index("正常;,2、1-产出指标,11-数量指标,举办活动场数；实施周期指标值:全年,年度指")
    text = "\n".join([*lines[:at], footer, *lines[at:]])
    result = _assert_unchanged(A_DOC, text)
    footers = [n for n in result.noise if n.kind == "page footer"]
    assert [text[a:b] for a, b in footers[0].spans] == [footer]


def test_a_form_feed_before_the_repeated_page_title_adds_no_unit():
    source = _source(A_DOC)
    title = source.split("\n")[1]
    header = "\n".join(source.split("\n")[1:3])
    at = source.index("    办公及业务用房租赁经")
    text = source[:at] + "\f" + header + "\n" + source[at:]
    assert title in header
    result = _assert_unchanged(A_DOC, text)
    assert len({p.unit for p in result.content.projects}) == len({p.unit for p in GOLDENS[A_DOC].content.projects})


@pytest.mark.parametrize("blank", ["\u3000", "\xa0", "\u2003"])
def test_text_spaced_with_wide_or_no_break_blanks_reads_the_same(blank):
    text = re.sub(r"(?m)^    ", blank * 2, _source(A_DOC)).replace(" 20.00", blank + "20.00")
    _assert_unchanged(A_DOC, text)


@pytest.mark.parametrize("control", ["\x00", "\x1b[31m", "\x07", "\x7f"])
def test_control_characters_are_removed_counted_and_reported(control):
    source = _source(A_DOC)
    at = source.index("5911.6平方米") + len("5911")
    text = source[:at] + control + source[at:]
    result = _assert_unchanged(A_DOC, text)
    removed = [n for n in result.noise if n.kind == "control character"]
    assert removed[0].chars == len(control)
    assert [f.location.start for f in result.findings if f.code == "control-characters"] == [at]


def test_a_form_b_page_footer_and_form_feed_are_noise():
    source = _source(B_DOC)
    lines = source.split("\n")
    middle = len(lines) // 2
    text = "\n".join([*lines[:middle], "\f第 2 页，共 3 页", *lines[middle:]])
    _assert_unchanged(B_DOC, text)


@pytest.mark.parametrize("cut", [1, 2])
def test_a_file_cut_inside_a_character_decodes_the_rest_and_is_partial(tmp_path, cut):
    data = _source(A_DOC).encode("utf-8")
    end = data.rindex("满意度".encode())
    path = tmp_path / f"{A_DOC}.txt"
    path.write_bytes(data[: end + cut])
    result = extract_path(path)
    assert result.status == "partial"
    truncated = [f for f in result.findings if f.code == "truncated-input"]
    assert len(truncated) == 1 and f"{cut} byte" in truncated[0].message
    assert result.coverage.lost_chars == 0
    assert len(result.content.projects) == len(GOLDENS[A_DOC].content.projects)


def test_a_missing_unit_name_line_keeps_the_unit_and_says_so():
    text = _source(A_DOC).replace("广州市天河区人民政府元岗\n\n街道办事处\n", "", 1)
    result = _extract(A_DOC, text)
    assert lost_runs(text, result.model_dump(mode="json")) == []
    assert [u.total for u in result.content.units] == [Decimal("2450.39")]
    assert result.content.units[0].name == ""
    assert {p.unit for p in result.content.projects} == {None}
    assert len(result.content.projects) == len(GOLDENS[A_DOC].content.projects)
    assert [f.code for f in result.findings].count("unit-without-name") == 1


def test_a_stray_nul_near_the_start_is_removed_not_a_reason_to_refuse_the_file(tmp_path):
    source = _source(A_DOC)
    at = source.index("部门名称")
    path = tmp_path / f"{A_DOC}.txt"
    path.write_bytes((source[:at] + "\x00" + source[at:]).encode("utf-8"))
    result = extract_path(path)
    assert len((source[:at]).encode()) < 4096
    assert [f.code for f in result.findings].count("control-characters") == 1
    assert score_results({A_DOC: result}, {A_DOC: GOLDENS[A_DOC]}).field_f1 == 1.0


def test_an_indented_unit_name_is_told_from_a_project_by_its_amounts():
    # indented like a project row, but no goal or indicators follow it and its total (2,450.39)
    # is the sum of the projects below it: it is the unit row
    text = _replace_line(_source(A_DOC), "广州市天河区人民政府元岗", "    广州市天河区人民政府元岗")
    result = _assert_unchanged(A_DOC, text)
    assert [u.name for u in result.content.units] == ["广州市天河区人民政府元岗街道办事处"]


def test_a_form_b_grid_whose_header_row_is_missing_still_places_its_level_cells():
    source = _source(B_DOC)
    header = next(line for line in source.split("\n") if line.startswith("一级指标\t"))
    text = source.replace(header + "\n", "", 1)
    result = _extract(B_DOC, text)
    assert lost_runs(text, result.model_dump(mode="json")) == []
    want = [(i.level1, i.name) for i in GOLDENS[B_DOC].content.indicators]
    assert [(i.level1, i.name) for i in result.content.indicators] == want


def test_deleting_any_one_line_of_a_project_loses_no_other_text():
    source = _source(A_DOC)
    lines = source.split("\n")
    first = lines.index("    文化业务经费 20.00 20.00")
    last = next(i for i in range(first + 1, len(lines)) if lines[i].startswith("    办公及业务用房"))
    for i in range(first, last):
        if not lines[i].strip():
            continue
        text = "\n".join(lines[:i] + lines[i + 1 :])
        result = _extract(A_DOC, text)
        assert lost_runs(text, result.model_dump(mode="json")) == [], lines[i]
        assert result.status != "ok" or not result.unplaced, lines[i]


def test_themes_eval_on_a_missing_labels_file_is_one_line_naming_it(tmp_path, capsys):
    from docnorm.cli.main import main

    missing = tmp_path / "labels.csv"
    assert main(["themes-eval", "--labels", str(missing)]) == 2
    err = capsys.readouterr().err
    assert str(missing) in err and "No such file" in err and "Traceback" not in err


@pytest.mark.parametrize("port", ["99999", "busy"])
def test_fake_llm_on_a_bad_or_busy_port_is_a_usage_error(port, capsys):
    import socket

    from docnorm.cli.main import main

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        number = str(taken.getsockname()[1]) if port == "busy" else port
        assert main(["fake-llm", "--port", number]) == 2
    err = capsys.readouterr().err
    assert f"127.0.0.1:{number}" in err and "Traceback" not in err


def _resave_as_gbk(path: Path) -> None:
    """What Excel on a Chinese Windows does to a CSV it opened and saved."""
    path.write_bytes(path.read_text(encoding="utf-8-sig").encode("gbk"))


def test_tables_re_saved_as_gbk_are_read_by_themes_and_xlsx(tmp_path, capsys):
    from openpyxl import load_workbook

    from docnorm.cli.main import main

    out = tmp_path / "out"
    assert main(["extract", str(DOCS / "000_487862950e7e3971.txt"), "-o", str(out), "--no-progress"]) == 0
    for name in ("projects.csv", "indicators.csv", "findings.csv"):
        _resave_as_gbk(out / name)
    assert main(["themes", str(out), "--k", "3"]) == 0
    assert main(["xlsx", str(out)]) == 0
    assert "Traceback" not in capsys.readouterr().err
    # themes rewrote projects.csv: UTF-8 with the byte-order mark Excel needs, its names intact
    rewritten = (out / "projects.csv").read_bytes()
    assert rewritten.startswith(b"\xef\xbb\xbf") and "党建引领社会治理经费".encode() in rewritten
    sheet = load_workbook(out / "tables.xlsx", read_only=True)["projects"]
    cells = {str(c) for row in sheet.iter_rows(values_only=True) for c in row if c is not None}
    assert "党建引领社会治理经费" in cells  # the first project of the source, as printed there


def test_a_table_in_neither_utf8_nor_gbk_is_one_line_naming_it(tmp_path, capsys):
    from docnorm.cli.main import main

    out = tmp_path / "out"
    assert main(["extract", str(DOCS / "000_487862950e7e3971.txt"), "-o", str(out), "--no-progress"]) == 0
    (out / "findings.csv").write_bytes(b"document,code\n\x81\x20\xff\xfe broken\n")
    capsys.readouterr()
    assert main(["xlsx", str(out)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "findings.csv" in err[0] and "not UTF-8 or GBK" in err[0]

"""Evaluation on a user's own document (tests/fixtures/own_form_a.txt, written for this test):
golden init → a person checks and edits the draft → eval; and `eval compare` of two output
folders without goldens."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from docnorm.cli.main import main
from docnorm.eval.report_html import char_diff

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
OWN = FIXTURES / "own_form_a.txt"
BUNDLED = Path(__file__).resolve().parents[2] / "examples" / "docs" / "001_8507f48a672429e9.txt"
# what a reader records from own_form_a.txt (read from the fixture, not from the extractor)
EXPECTED_PROJECTS = [
    ("全民健身赛事活动经费", "50.00", "50.00", None, ["举办赛事场次", "参赛群众满意度"]),
    ("公共图书馆延时开放经费", "36.50", "30.00", "6.50", ["每周延时开放天数"]),
]


@pytest.fixture()
def run(tmp_path: Path) -> tuple[Path, Path]:
    """OUT holds the user's document and a bundled one; SRC the sources."""
    src, out = tmp_path / "src", tmp_path / "out"
    src.mkdir()
    shutil.copy(OWN, src)
    shutil.copy(BUNDLED, src)
    assert main(["extract", str(src), "-o", str(out), "--no-progress"]) == 0
    return src, out


def _faithful(golden: dict) -> None:
    """The golden says what the fixture prints (the oracle above), and every text value occurs in it."""
    content = golden["content"]
    got = [
        (p["name"], p["total"], p["fiscal"], p["other"], [i["name"] for i in p["indicators"]])
        for p in content["projects"]
    ]
    assert got == EXPECTED_PROJECTS
    assert content["department"] == "示例市青禾区文化广电旅游体育局" and content["money_unit"] == "万元"
    assert content["grand_total"]["total"] == "86.50"
    source = OWN.read_text(encoding="utf-8")
    assert all(p["goal"] in source for p in content["projects"])


def test_golden_init_edit_eval(run: tuple[Path, Path], tmp_path: Path, capsys, caplog):  # type: ignore[no-untyped-def]
    src, out = run
    goldens = tmp_path / "golden"
    assert main(["golden", "init", str(out), "own_form_a.txt", "--golden", str(goldens)]) == 0
    path = goldens / "own_form_a.json"
    draft = json.loads(path.read_text(encoding="utf-8"))
    assert draft["draft"] is True and "spans" not in json.dumps(draft)
    capsys.readouterr()
    # a draft can never score itself
    assert main(["eval", str(out), "--golden", str(goldens), "--sources", str(src)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "own_form_a.json" in err[0] and "draft" in err[0]
    # the person checks it against the source, corrects one value the way they read it, clears the mark
    _faithful(draft)
    draft["draft"] = False
    draft["content"]["projects"][1]["goal"] = "延长公共图书馆开放时间。"
    path.write_text(json.dumps(draft, ensure_ascii=False), encoding="utf-8")
    assert main(["golden", "init", str(out), "own_form_a.txt", "--golden", str(goldens)]) == 2  # kept
    capsys.readouterr()
    assert main(["eval", str(out), "--golden", str(goldens), "--sources", str(src), "--json", "--diffs"]) == 0
    scores = json.loads(capsys.readouterr().out)
    assert [d["document"] for d in scores["documents"]] == ["own_form_a.txt"]  # the bundled one is not scored
    assert "001_8507f48a672429e9.json (001_8507f48a672429e9.txt): no golden" in caplog.text
    wrong = [d for d in scores["documents"][0]["diffs"] if d["outcome"] != "correct"]
    assert [(d["field"], d["golden"]) for d in wrong] == [("projects.goal", "延长公共图书馆开放时间。")]
    fields = scores["fields"]
    assert fields["projects.goal"] == {**fields["projects.goal"], "correct": 1, "wrong": 1}


def test_eval_on_a_folder_with_no_golden_fails(tmp_path: Path, capsys):  # type: ignore[no-untyped-def]
    out = tmp_path / "out"
    assert main(["extract", str(OWN), "-o", str(out), "--no-progress"]) == 0  # no bundled golden fits it
    capsys.readouterr()
    assert main(["eval", str(out), "--sources", str(FIXTURES)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "nothing to score" in err[0]


def test_compare_two_output_folders_without_goldens(run: tuple[Path, Path], tmp_path: Path, capsys):  # type: ignore[no-untyped-def]
    _, out = run
    other = tmp_path / "other"
    shutil.copytree(out, other)
    doc = json.loads((other / "own_form_a.json").read_text(encoding="utf-8"))
    doc["content"]["projects"][0]["name"] = "全民健身赛事专项活动经费"  # a second run reads one name differently
    doc["content"]["projects"][1]["indicators"][0]["name"] = None  # and misses one value
    (other / "own_form_a.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    html = tmp_path / "compare.html"
    capsys.readouterr()
    assert main(["eval", "compare", str(out), str(other), "--html", str(html)]) == 0
    rows = {line.split("\t")[0]: line.split("\t")[1:] for line in capsys.readouterr().out.splitlines()}
    assert rows["projects.name"][:4] == [str(int(rows["projects.name"][0])), "1", "0", "0"]
    assert rows["projects.indicators.name"][1:4] == ["0", "1", "0"]
    total = sum(int(v) for v in rows["all"][:4])
    assert rows["all"][4] == f"{(total - 2) / total:.4f}"
    page = html.read_text(encoding="utf-8")
    assert "全民健身赛事<ins>专项</ins>活动经费" in page and "<td>differ</td>" in page and "<td>only A</td>" in page


def test_fail_on_regression_is_refused_for_two_output_folders(run: tuple[Path, Path], tmp_path: Path, capsys):  # type: ignore[no-untyped-def]
    _, out = run
    other = tmp_path / "other"
    shutil.copytree(out, other)
    capsys.readouterr()
    assert main(["eval", "compare", "--fail-on-regression", str(out), str(other)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "--fail-on-regression" in err[0] and "Traceback" not in err[0]


def test_character_diffs_are_escaped():
    assert char_diff("a<b>c", "a<B>c") == ("a&lt;<del>b</del>&gt;c", "a&lt;<ins>B</ins>&gt;c")
    assert char_diff("", "x") == ("", "<ins>x</ins>")

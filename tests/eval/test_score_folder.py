"""score_folder over files on disk, errors naming the file, and the `docnorm eval` CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from evalcase_builders import golden, golden_content, result, source_text

from docnorm.cli.main import main
from docnorm.errors import InputError
from docnorm.eval.score import score_folder


@pytest.fixture()
def dirs(tmp_path: Path) -> tuple[Path, Path, Path]:
    gdir, odir, sdir = tmp_path / "golden", tmp_path / "out", tmp_path / "src"
    for d in (gdir, odir, sdir):
        d.mkdir()
    g = golden()
    (gdir / "doc.json").write_text(g.model_dump_json(), encoding="utf-8")
    (sdir / "doc.txt").write_text(source_text(g.content), encoding="utf-8")
    pred = golden_content()
    pred.projects[1].name = "别的项目"
    (odir / "doc.json").write_text(result(pred).model_dump_json(), encoding="utf-8")
    (odir / "extra.json").write_text(result(None).model_dump_json(), encoding="utf-8")
    return gdir, odir, sdir


def test_score_folder(dirs: tuple[Path, Path, Path]) -> None:
    gdir, odir, sdir = dirs
    scores = score_folder(odir, gdir, sdir)
    assert scores.field_f1 == pytest.approx(52 / 53)
    assert scores.unscored == ["extra"]
    assert scores.tally.unsupported_values == 1  # 别的项目 is not in the source


def test_only_documents_with_goldens_are_scored(
    dirs: tuple[Path, Path, Path], caplog: pytest.LogCaptureFixture
) -> None:
    gdir, odir, sdir = dirs
    (gdir / "other.json").write_text(golden().model_copy(update={"document": "other.txt"}).model_dump_json())
    scores = score_folder(odir, gdir, sdir)
    assert [d.document for d in scores.documents] == ["doc.txt"]  # no missing_output for other.txt
    assert "other.txt: no result" in caplog.text and "extra.json (doc.txt): no golden" in caplog.text


def test_nothing_to_score_is_an_error(dirs: tuple[Path, Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    gdir, odir, sdir = dirs
    (odir / "doc.json").unlink()
    with pytest.raises(InputError, match="nothing to score"):
        score_folder(odir, gdir, sdir)
    assert main(["eval", str(odir), "--golden", str(gdir), "--sources", str(sdir)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("docnorm: error:") and "nothing to score" in err and len(err.splitlines()) == 1


def test_a_draft_golden_is_refused(dirs: tuple[Path, Path, Path]) -> None:
    gdir, odir, sdir = dirs
    draft = golden().model_copy(update={"draft": True})
    (gdir / "doc.json").write_text(draft.model_dump_json(), encoding="utf-8")
    with pytest.raises(InputError, match=r"doc\.json.*draft"):
        score_folder(odir, gdir, sdir)


def test_invalid_golden_names_the_file(dirs: tuple[Path, Path, Path]) -> None:
    gdir, odir, sdir = dirs
    (gdir / "bad.json").write_text('{"document": "x"}', encoding="utf-8")
    with pytest.raises(InputError, match="bad.json"):
        score_folder(odir, gdir, sdir)


def test_cli_json_and_markdown(
    dirs: tuple[Path, Path, Path], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    gdir, odir, sdir = dirs
    html = tmp_path / "r.html"
    assert main(["eval", str(odir), "--golden", str(gdir), "--sources", str(sdir), "--json", "--html", str(html)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["field_f1"] == pytest.approx(52 / 53)
    assert data["documents"][0]["field_f1"] == pytest.approx(52 / 53)
    assert data["fields"]["projects.name"]["wrong"] == 1
    page = html.read_text(encoding="utf-8")
    assert "别的项目" in page and page.count("<script") == 1 and "src=" not in page and "http" not in page
    assert main(["eval", str(odir), "--golden", str(gdir), "--sources", str(sdir), "--markdown"]) == 0
    md = capsys.readouterr().out
    assert "| doc.txt | A |" in md and "| projects.name | 2 | 1 | 0 | 0 |" in md


def test_cli_errors(dirs: tuple[Path, Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    gdir, odir, _ = dirs
    assert main(["eval", str(odir / "nope"), "--golden", str(gdir)]) == 2
    assert "nope" in capsys.readouterr().err
    assert main(["eval", "compare", "only-one"]) == 2


def test_html_into_a_missing_folder_creates_it(dirs: tuple[Path, Path, Path], tmp_path: Path) -> None:
    gdir, odir, sdir = dirs
    html = tmp_path / "not" / "yet" / "r.html"
    assert main(["eval", str(odir), "--golden", str(gdir), "--sources", str(sdir), "--html", str(html)]) == 0
    assert "别的项目" in html.read_text(encoding="utf-8")

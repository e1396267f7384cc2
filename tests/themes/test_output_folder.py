"""`docnorm themes OUT`: reading DocumentResults, writing themes.json/themes.csv/projects.csv atomically."""

import csv
import json
from pathlib import Path

from docnorm.cli.main import main
from docnorm.schemas import DocumentResult, GoldenDocument
from docnorm.themes.io import read_goal_items, update_projects_csv
from docnorm.themes.pipeline import ThemeOptions, tag_output_folder


def _as_result(out: Path) -> None:
    """Turn the copied goldens into DocumentResults, as the extractor writes them."""
    for path in out.glob("*.json"):
        golden = GoldenDocument.model_validate_json(path.read_text(encoding="utf-8"))
        result = DocumentResult(document=golden.document, status="ok", content=golden.content)
        path.write_text(result.model_dump_json(), encoding="utf-8")


def test_reads_projects_and_key_tasks(out_dir: Path):
    _as_result(out_dir)
    (out_dir / "summary.json").write_text('{"not": "a result"}', encoding="utf-8")
    items = read_goal_items(out_dir)
    kinds = {(Path(i.document).stem[:3], i.kind) for i in items}
    assert ("002", "key_task") in kinds and ("000", "project") in kinds
    assert len(items) == 171
    first = items[0]  # 000#1 has two indicators; key tasks have none of their own
    assert first.indicators == ("党建引领社会治理（安全生产）", "街道社会服务管理相关经费")
    assert first.with_context() == first.text + "。党建引领社会治理（安全生产）；街道社会服务管理相关经费"
    assert all(not i.indicators and i.with_context() == i.text for i in items if i.kind == "key_task")


def test_tag_output_folder_writes_all_outputs(out_dir: Path):
    _as_result(out_dir)
    (out_dir / "projects.csv").write_text(
        "document,project_no,project\n000_487862950e7e3971.txt,1,党建引领社会治理经费\n"
        "000_487862950e7e3971.txt,99,不存在\n",
        encoding="utf-8",
    )
    result = tag_output_folder(out_dir, ThemeOptions())
    mapping = json.loads((out_dir / "themes" / "themes.json").read_text(encoding="utf-8"))
    assert len(mapping["assignments"]) == 171 and mapping["mode"] == "discovered"
    first = mapping["assignments"][0]
    assert {"document", "kind", "position", "theme_id", "theme_label", "theme_score", "weak"} <= set(first)
    rows = list(csv.DictReader((out_dir / "themes.csv").open(encoding="utf-8")))
    assert sum(int(r["size"]) for r in rows) == 171
    # a theme whose goals have no content words (003#27 reads just "经费") has no keywords
    assert all(r["keywords"] or r["label"] == "未命名" for r in rows)
    assert sum(bool(r["keywords"]) for r in rows) >= len(rows) - 1
    projects = list(csv.reader((out_dir / "projects.csv").open(encoding="utf-8")))
    assert projects[0] == ["document", "project_no", "project", "theme_id", "theme_label", "theme_score"]
    assert projects[1][3] == result.assignments[0].theme_id and projects[2][3:] == ["", "", ""]
    # DocumentResults untouched and still valid; no temp files left behind
    for path in out_dir.glob("*.json"):
        DocumentResult.model_validate_json(path.read_text(encoding="utf-8"))
    assert not list(out_dir.rglob("*.tmp"))


def test_projects_csv_rerun_replaces_theme_columns(tmp_path: Path):
    path = tmp_path / "projects.csv"
    path.write_text("document,project_no\na.txt,1\n", encoding="utf-8")
    update_projects_csv(path, {("a.txt", 1): ("T01", "甲", 0.5)})
    update_projects_csv(path, {("a.txt", 1): ("T02", "乙", 0.7)})
    assert path.read_text(encoding="utf-8").splitlines() == [
        "document,project_no,theme_id,theme_label,theme_score",
        "a.txt,1,T02,乙,0.7",
    ]


def test_cli_themes_and_guided(out_dir: Path, capsys):
    assert main(["themes", str(out_dir), "--k", "5"]) == 0
    assert "171 goals, 5 themes" in capsys.readouterr().out
    tax = Path(__file__).resolve().parents[2] / "eval" / "themes" / "taxonomy.yaml"
    assert main(["themes", str(out_dir), "--taxonomy", str(tax)]) == 0
    mapping = json.loads((out_dir / "themes" / "themes.json").read_text(encoding="utf-8"))
    assert mapping["mode"] == "guided"


def test_cli_errors(tmp_path: Path, out_dir: Path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("themes: 3", encoding="utf-8")
    assert main(["themes", str(out_dir), "--taxonomy", str(bad)]) == 2
    assert "bad.yaml" in capsys.readouterr().err
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["themes", str(empty)]) == 2


def test_projects_csv_fields_with_line_separators_survive_the_theme_columns(tmp_path):
    import csv

    from docnorm.themes.io import update_projects_csv

    path = tmp_path / "projects.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(
            [["document", "project_no", "goal"], ["a.txt", "1", "第一段\u2028第二段\n第三段"], ["a.txt", "2", "目标"]]
        )
    assert update_projects_csv(path, {("a.txt", 1): ("t1", "党建", 0.9)})
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[1] == ["a.txt", "1", "第一段\u2028第二段\n第三段", "t1", "党建", "0.9"]
    assert rows[2] == ["a.txt", "2", "目标", "", "", ""]


def _theme_columns(out: Path) -> list[dict[str, str]]:
    return list(csv.DictReader((out / "projects.csv").open(encoding="utf-8")))


def test_extract_with_themes_tags_the_extracted_projects(tmp_path: Path):
    from tests.themes.conftest import REPO

    out = tmp_path / "out"
    assert main(["extract", str(REPO / "examples" / "docs"), "-o", str(out), "--themes", "--no-progress"]) == 0
    rows = _theme_columns(out)
    assert rows and all(r["theme_id"].startswith("T") and r["theme_label"] for r in rows)
    assert json.loads((out / "themes" / "themes.json").read_text(encoding="utf-8"))["mode"] == "discovered"


def test_extract_with_taxonomy_assigns_its_themes(tmp_path: Path):
    from tests.themes.conftest import REPO

    out, taxonomy = tmp_path / "out", REPO / "eval" / "themes" / "taxonomy.yaml"
    assert (
        main(["extract", str(REPO / "examples" / "docs"), "-o", str(out), "--taxonomy", str(taxonomy), "--no-progress"])
        == 0
    )  # --taxonomy implies --themes
    ids = {
        line.split(":", 1)[1].strip()
        for line in taxonomy.read_text(encoding="utf-8").splitlines()
        if line.strip().startswith("- id:")
    } | {"other"}
    rows = _theme_columns(out)
    assert rows and {r["theme_id"] for r in rows} <= ids
    assert next(r for r in rows if r["project"] == "两新组织党员活动经费")["theme_id"] == "party_building"
    themes = json.loads((out / "themes" / "themes.json").read_text(encoding="utf-8"))
    assert themes["mode"] == "guided" and themes["embedder"].startswith("char12")


def test_extract_checks_the_taxonomy_before_the_batch(tmp_path: Path, capsys):
    from tests.themes.conftest import REPO

    out, bad = tmp_path / "out", tmp_path / "tax.yaml"
    bad.write_text("themes: []\n", encoding="utf-8")
    assert (
        main(["extract", str(REPO / "examples" / "docs"), "-o", str(out), "--taxonomy", str(bad), "--no-progress"]) == 2
    )
    assert str(bad) in capsys.readouterr().err and not out.exists()  # nothing extracted in vain


def test_extract_themes_of_a_failed_batch_is_skipped_not_fatal(tmp_path: Path, capsys):
    docs, out = tmp_path / "docs", tmp_path / "out"
    docs.mkdir()
    (docs / "x.txt").write_text("hello world\n", encoding="utf-8")
    assert main(["extract", str(docs), "-o", str(out), "--themes", "--no-progress"]) == 1  # the failed document
    err = capsys.readouterr().err
    assert "1 failed" in err and "themes skipped" in err and "no goals" in err
    assert (out / "x.json").exists() and not (out / "themes.csv").exists()


def test_reads_per_project_forms_their_own_money_unit_and_department(tmp_path: Path):
    """Form P: the goal is the annual goal (else the period goal), unit and department per project."""
    fixtures = Path(__file__).parents[1] / "fixtures" / "form_p"
    golden = GoldenDocument.model_validate_json((fixtures / "p28_pipe_split_groups_hainan_tourism.json").read_text())
    result = DocumentResult(document=golden.document, status="ok", content=golden.content)
    (tmp_path / "p28.json").write_text(result.model_dump_json(), encoding="utf-8")
    (item,) = read_goal_items(tmp_path)
    project = golden.content.projects[0]
    assert (item.kind, item.position, item.name) == ("project", 1, "乡村旅游重点村提质建设")
    assert item.text == "乡村旅游重点村提质建设。完成4个重点村的游客服务设施和村道景观提升。"
    assert (item.money_unit, item.department, item.amount) == ("万元", "某市旅游和文化广电体育局", 450.0)
    assert item.indicators == tuple(i.name for i in project.indicators)

"""Reports render every value escaped and self-contained; a broken backend is one failed cell."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from evalcase_builders import golden, golden_content, result, source_text

from docnorm.errors import BackendError
from docnorm.eval.bench import BenchRunner
from docnorm.eval.matrix import load_matrix
from docnorm.eval.metrics import Scores
from docnorm.eval.report import run_markdown, scores_markdown
from docnorm.eval.report_html import run_html, scores_html
from docnorm.eval.scorers import score_content


def _scores() -> Scores:
    pred = golden_content()
    pred.projects[0].goal = "<script>alert(1)</script>"
    g = golden()
    return Scores(documents=[score_content("doc.txt", g.content, pred, source_text(g.content))])


def test_html_escapes_and_highlights() -> None:
    page = scores_html(_scores().to_dict("all"))
    # tags are normalized away; the one script is the page's own inline sort/filter script
    assert page.count("<script") == 1 and "&lt;script&gt;" not in page
    assert '<tr class="wrong"><td>projects[1→1]</td><td>projects.goal</td>' in page
    assert page.count('<tr class="correct">') == 52
    assert "src=" not in page and "href=" not in page
    assert "<details open><summary>doc.txt" in page  # a document with errors is shown opened


def test_html_escapes_values() -> None:
    pred = golden_content()
    pred.projects[0].name = "a<b & c"
    g = golden()
    page = scores_html(Scores(documents=[score_content("d", g.content, pred)]).to_dict("all"))
    assert "a&lt;b&amp;c" in page


def test_markdown_per_field_counts() -> None:
    md = scores_markdown(_scores().to_dict())
    assert "| projects.goal | 2 | 1 | 0 | 0 | 0.667 | 0.667 | 0.667 |" in md
    assert "| **all (micro)** |  | 0.981 | 0.981 | 0.981 |" in md


def test_unbuildable_backend_is_a_failed_cell(tmp_path: Path) -> None:
    g = golden()
    (tmp_path / "g").mkdir()
    (tmp_path / "g" / "doc.json").write_text(g.model_dump_json(), encoding="utf-8")
    (tmp_path / "doc.txt").write_text(source_text(g.content), encoding="utf-8")
    spec = {
        "backends": ["offline", "llm"],
        "models": ["m"],
        "documents": [str(tmp_path / "doc.txt")],
        "golden": str(tmp_path / "g"),
        "cache_dir": str(tmp_path / "c"),
        "runs_dir": str(tmp_path / "r"),
        "sources": None,
    }
    (tmp_path / "m.yaml").write_text(yaml.safe_dump(spec), encoding="utf-8")

    def factory(cell, matrix):
        if cell.backend == "llm":
            raise BackendError("no key in $OPENAI_API_KEY")
        return type("Ok", (), {"name": "ok", "extract": lambda self, t, d, e=None: result(golden_content())})()

    _, run = BenchRunner(load_matrix(tmp_path / "m.yaml"), factory=factory).run("x")
    ok, bad = run["cells"]
    assert ok["field_f1"] == 1.0 and ok["invented_value_rate"] == 0.0 and ok["checked_values"] == 0
    assert bad["field_f1"] == 0.0 and bad["failed_calls"] == 1 and "OPENAI_API_KEY" in bad["error"]
    assert "| llm/m | 0.000 |" in run_markdown(run) and "llm/m" in run_html(run)


def test_compare_rejects_other_json(tmp_path: Path) -> None:
    from docnorm.errors import InputError
    from docnorm.eval.compare import compare

    (tmp_path / "a.json").write_text("[1]", encoding="utf-8")
    with pytest.raises(InputError, match="a.json"):
        compare(tmp_path / "a.json", tmp_path / "a.json")

"""The tree's layers: each imports only downward, siblings stay apart, no import circles."""

from __future__ import annotations

from pathlib import Path

from layering import import_circles, layer_violations

ROOT = Path(__file__).resolve().parents[1]


def test_every_import_runs_downward():
    assert layer_violations(ROOT) == []


def test_no_import_circles():
    assert import_circles(ROOT) == []


def _fixture_tree(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = tmp_path / "docnorm" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path


def test_the_checker_finds_a_circle_an_upward_import_and_a_sibling_import(tmp_path):
    root = _fixture_tree(
        tmp_path,
        {
            "__init__.py": "",
            "cli/__init__.py": "",
            "cli/main.py": "from docnorm.extractor import pipeline\n",
            "extractor/__init__.py": "",
            "extractor/pipeline.py": "from docnorm.extractor.export import write\n",
            "extractor/export.py": "def write():\n    from docnorm.extractor import pipeline  # lazy, still a circle\n",
            "extractor/batch.py": "from docnorm.cli.main import main\n",
            "themes/__init__.py": "",
            "themes/io.py": "import docnorm.eval.score\n",
            "eval/__init__.py": "",
            "eval/score.py": "from docnorm.schemas import X\n",
            "schemas/__init__.py": "X = 1\n",
        },
    )
    assert import_circles(root) == [["docnorm.extractor.export", "docnorm.extractor.pipeline"]]
    assert layer_violations(root) == [
        "docnorm.extractor.batch:1 imports docnorm.cli.main from a higher layer",
        "docnorm.themes.io:1 imports its sibling docnorm.eval.score",
    ]


def test_the_checker_reads_the_real_tree():
    from layering import edges, module_files

    modules = module_files(ROOT)
    assert "docnorm.extractor.pipeline" in modules and "docnorm.cli.main" in modules
    assert any(e.source == "docnorm.cli.extract" and e.target.startswith("docnorm.extractor") for e in edges(ROOT))

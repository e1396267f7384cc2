"""The bench runner with a fake Backend: caching, resume, repeats, usage, cost, run files, compare."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml
from evalcase_builders import golden, golden_content, result, source_text

from docnorm.cli.main import main
from docnorm.errors import ConfigError
from docnorm.eval.bench import BenchRunner
from docnorm.eval.matrix import Cell, Matrix, load_matrix
from docnorm.schemas.document import DocumentResult


@dataclass
class FakeBackend:
    """Returns the golden; ``wrong_total`` corrupts one amount; ``fail`` raises on the first call."""

    name: str = "fake"
    wrong_total: list[bool] = field(default_factory=lambda: [False])
    fail: bool = False
    calls: int = 0
    usage: dict[str, int] = field(default_factory=lambda: {"requests": 0, "tokens_in": 0, "tokens_out": 0})

    def extract(self, text: str, document: str, encoding: str | None = None) -> DocumentResult:
        self.calls += 1
        if self.fail:
            self.fail = False
            raise RuntimeError("transport down")
        self.usage = {
            "requests": self.usage["requests"] + 1,
            "tokens_in": self.usage["tokens_in"] + 1000,
            "tokens_out": self.usage["tokens_out"] + 500,
        }
        content = golden_content()
        if self.wrong_total[(self.calls - 1) % len(self.wrong_total)]:
            content.projects[0].total = content.projects[0].total + 1
        return result(content)


@pytest.fixture()
def matrix_file(tmp_path: Path) -> Path:
    g = golden()
    (tmp_path / "golden").mkdir()
    (tmp_path / "golden" / "doc.json").write_text(g.model_dump_json(), encoding="utf-8")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "doc.txt").write_text(source_text(g.content), encoding="utf-8")
    spec = {
        "name": "t",
        "backends": ["offline", "llm"],
        "prompts": ["p1"],
        "models": ["gpt-4o-mini"],
        "repeats": 2,
        "documents": str(tmp_path / "docs"),
        "golden": str(tmp_path / "golden"),
        "sources": str(tmp_path / "docs"),
        "cache_dir": str(tmp_path / "cache"),
        "runs_dir": str(tmp_path / "runs"),
        "prompts_dir": str(tmp_path),
    }
    path = tmp_path / "matrix.yaml"
    path.write_text(yaml.safe_dump(spec), encoding="utf-8")
    return path


def test_cells_collapse_offline(matrix_file: Path) -> None:
    m = load_matrix(matrix_file)
    assert [c.id for c in m.cells()] == ["offline", "llm/p1/gpt-4o-mini"]


def test_bad_matrix_names_file(tmp_path: Path) -> None:
    bad = tmp_path / "m.yaml"
    bad.write_text("backends: [gpu]\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="m.yaml"):
        load_matrix(bad)


def test_run_cache_resume_and_rescore(matrix_file: Path) -> None:
    matrix = load_matrix(matrix_file)
    matrix.backends = ["llm"]
    fake = FakeBackend(wrong_total=[False, True], fail=True)
    runner = BenchRunner(matrix, factory=lambda cell, m: fake)
    path, run = runner.run("r1")
    cell = run["cells"][0]
    assert (cell["calls"], cell["failed_calls"], cell["fresh_calls"]) == (1, 1, 1)  # first call failed
    fake2 = FakeBackend(wrong_total=[True])
    _, run = BenchRunner(matrix, factory=lambda cell, m: fake2).run("r2")  # resumes: only repeat 0 left
    cell = run["cells"][0]
    assert fake2.calls == 1 and (cell["calls"], cell["fresh_calls"]) == (2, 1)
    assert cell["field_f1_repeats"] == pytest.approx([52 / 53, 52 / 53])
    assert (cell["requests"], cell["tokens_in"], cell["tokens_out"]) == (2, 2000, 1000)
    assert cell["cost_usd"] == pytest.approx((2000 * 0.15 + 1000 * 0.60) / 1e6)
    assert cell["latency_p50_s"] is not None and cell["agreement"] == pytest.approx(1.0)
    saved = json.loads((matrix.runs_dir / "r2.json").read_text(encoding="utf-8"))
    assert saved["cells"][0]["field_f1"] == pytest.approx(52 / 53)
    assert not list(matrix.runs_dir.glob("*.tmp"))
    _, run = BenchRunner(matrix, factory=lambda c, m: pytest.fail("no call"), call=False).run("r3")
    assert run["cells"][0]["fresh_calls"] == 0 and run["cells"][0]["calls"] == 2


def test_repeats_disagree(matrix_file: Path) -> None:
    matrix = load_matrix(matrix_file)
    matrix.backends = ["llm"]
    fake = FakeBackend(wrong_total=[False, True])
    _, run = BenchRunner(matrix, factory=lambda cell, m: fake).run("r")
    cell = run["cells"][0]
    assert cell["field_f1_repeats"] == pytest.approx([1.0, 52 / 53])
    assert cell["agreement"] == pytest.approx(52 / 53)
    assert cell["fields"]["projects.total"]["wrong"] == 1  # pooled over both repeats
    assert cell["documents"][0]["diffs"] == []  # repeat 1 was perfect


def test_prompt_text_is_part_of_cache_key(matrix_file: Path, tmp_path: Path) -> None:
    matrix = load_matrix(matrix_file)
    matrix.backends, matrix.repeats = ["llm"], 1
    fake = FakeBackend()
    BenchRunner(matrix, factory=lambda c, m: fake).run("a")
    (tmp_path / "p1.yaml").write_text("id: p1\n", encoding="utf-8")
    BenchRunner(matrix, factory=lambda c, m: fake).run("b")
    assert fake.calls == 2


def test_bench_cli_and_compare(
    matrix_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = FakeBackend()
    monkeypatch.setattr("docnorm.cli.eval.backend_for_cell", lambda cell, m: fake)
    html = tmp_path / "run.html"
    assert main(["bench", str(matrix_file), "--run-id", "good", "--markdown", "--html", str(html)]) == 0
    out = capsys.readouterr().out
    assert "| llm/p1/gpt-4o-mini | 1.000 |" in out and "<!DOCTYPE html>" in html.read_text(encoding="utf-8")
    runs = tmp_path / "runs"
    bad = json.loads((runs / "good.json").read_text(encoding="utf-8"))
    bad["cells"][1]["field_f1"] = 0.9
    bad["cells"][1]["fields"]["projects.total"]["f1"] = 0.5
    (runs / "bad.json").write_text(json.dumps(bad), encoding="utf-8")
    assert main(["eval", "compare", str(runs / "good.json"), str(runs / "bad.json")]) == 0
    assert main(["eval", "compare", str(runs / "good.json"), str(runs / "bad.json"), "--fail-on-regression"]) == 1
    out = capsys.readouterr().out
    assert "llm/p1/gpt-4o-mini\tfields.projects.total.f1\t1.0000 -> 0.5000\t-0.5000  REGRESSION" in out
    assert main(["eval", "compare", str(runs / "good.json"), str(runs / "good.json"), "--fail-on-regression"]) == 0
    # the documented order, the flag before the runs, means the same
    assert main(["eval", "compare", "--fail-on-regression", str(runs / "good.json"), str(runs / "bad.json")]) == 1


def test_cell_id() -> None:
    assert Cell("offline").id == "offline" and Cell("llm", "v1", "m").id == "llm/v1/m"
    assert Matrix(name="x", backends=["offline", "offline"]).cells() == [Cell("offline")]

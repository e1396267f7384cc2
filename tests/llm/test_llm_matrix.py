"""eval/matrix-fake-llm.yaml through the eval harness (BenchRunner) against a fake-llm on an
ephemeral port: every prompt x (llm, hybrid), one repeat, two documents."""

from __future__ import annotations

import dataclasses
import shutil

from conftest import GOLDEN, ROOT

DOCS = ["000_487862950e7e3971.txt", "003_00b04d726a13fa98.txt"]


def test_fake_llm_matrix_runs_through_the_bench_harness(fake, tmp_path):
    from docnorm.cli.eval import backend_for_cell
    from docnorm.eval.bench import BenchRunner
    from docnorm.eval.matrix import load_matrix

    golden = tmp_path / "golden"  # the harness scores every golden of the folder: only ours
    golden.mkdir()
    for name in DOCS:
        shutil.copy(GOLDEN / name.replace(".txt", ".json"), golden)
    declared = load_matrix(ROOT / "eval" / "matrix-fake-llm.yaml")
    assert declared.backends == ["llm", "hybrid"] and declared.repeats == 2 and len(declared.documents) == 5
    assert "by-reference-v3" in declared.prompts and declared.models == ["fake-golden"]
    matrix = dataclasses.replace(
        declared,
        repeats=1,
        golden=golden,
        cache_dir=tmp_path / "cache",
        runs_dir=tmp_path / "runs",
        documents=[p for p in declared.documents if p.name in DOCS],
        llm={**declared.llm, "base_url": fake.url},
    )
    path, run = BenchRunner(matrix, backend_for_cell).run("fake-llm-test")
    assert path.parent == tmp_path / "runs" and path.is_file()
    cells = {c["cell"]: c for c in run["cells"]}
    assert len(cells) == 2 * len(declared.prompts)
    for cell in cells.values():
        assert cell["error"] is None and cell["failed_calls"] == 0 and cell["calls"] == 2
        assert 0.99 <= cell["field_f1"] <= 1.0 and len(cell["documents"]) == 2
        assert cell["requests"] > 0 and cell["tokens_in"] > 0 and cell["tokens_out"] > 0
    verbatim, items = cells["llm/verbatim-v2/fake-golden"], cells["llm/by-reference-v3/fake-golden"]
    assert items["tokens_out"] < verbatim["tokens_out"] / 2
    assert cells["hybrid/verbatim-v2/fake-golden"]["requests"] < verbatim["requests"]  # 000 costs nothing
    assert fake.requests == sum(c["requests"] for c in cells.values())

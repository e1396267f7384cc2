"""A file with a form's title but no table row is a failed `no-table` document (exit status 1),
its text still reported as unplaced, never a `partial` result with exit status 0."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from docnorm.cli.main import main
from docnorm.extractor.pipeline import extract_text
from tests.conftest import DOCS

NO_TABLE = {
    "title_only_a.txt": "项目支出绩效目标表（含转移支付项目）\n\n本单位本年度无项目支出，特此说明。\n",
    "title_only_b.txt": "部门整体预算绩效目标申报表\n\n说明：本表另行公开。\n",
    "header_only.txt": "项目支出绩效目标表\n部门名称：某某局\n单位：万元\n"
    "项目名称（资金使用单位）\t总计\t财政拨款\t财政专户拨款\t其他资金\t绩效目标\t绩效指标\n",
}


@pytest.mark.parametrize("name", sorted(NO_TABLE))
def test_a_form_without_table_rows_fails_as_no_table(name: str):
    result = extract_text(NO_TABLE[name], name)
    assert result.status == "failed"
    first = result.findings[0]
    assert first.code == "no-table" and first.severity == "error" and name in first.message
    assert result.unplaced and all(u.text in NO_TABLE[name] for u in result.unplaced)  # reported, not dropped


def test_the_batch_exits_1_and_names_the_document(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    src = tmp_path / "in"
    src.mkdir()
    (src / "title_only_a.txt").write_text(NO_TABLE["title_only_a.txt"], encoding="utf-8")
    (src / "000.txt").write_bytes((DOCS / "000_487862950e7e3971.txt").read_bytes())
    assert main(["extract", str(src), "-o", str(tmp_path / "out"), "--no-progress"]) == 1
    err = capsys.readouterr()
    assert "failed title_only_a.txt: no table found" in err.out + err.err
    good = json.loads((tmp_path / "out" / "000.json").read_text(encoding="utf-8"))
    assert good["status"] == "ok"  # the other document is unaffected

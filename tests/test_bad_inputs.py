"""Bad inputs get a clear error naming file and place; nothing the extractor reads is lost."""

from __future__ import annotations

import pytest

from docnorm.errors import UnsupportedDocumentError
from docnorm.extractor.backends import OfflineBackend
from docnorm.extractor.batch import extract_one
from docnorm.extractor.pipeline import detect_form, extract_path, extract_text
from tests.conftest import DOCS, golden, source_text

LAYOUT_SEED = "001_8507f48a672429e9.txt"


def test_empty_and_binary_files_fail_alone_with_their_reason(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "scan.txt").write_bytes(b"%PDF-1.4\n1 0 obj <<>> stream\x00\x01")
    for name, words in (("empty.txt", "empty"), ("scan.txt", "PDF")):
        result = extract_one(OfflineBackend(), tmp_path / name)
        assert result.status == "failed" and result.content is None
        assert name in result.findings[0].message and words in result.findings[0].message


def test_text_that_is_no_budget_table_is_unsupported():
    with pytest.raises(UnsupportedDocumentError, match=r"notes\.txt: unsupported document"):
        detect_form("会议纪要\n今天讨论了三件事。\n", "notes.txt")


def test_gb18030_copy_of_a_seed_extracts_identically(tmp_path):
    path = tmp_path / LAYOUT_SEED
    path.write_bytes(source_text(LAYOUT_SEED).encode("gb18030"))
    original, copy = extract_path(DOCS / LAYOUT_SEED), extract_path(path)
    assert copy.encoding == "gb18030"
    assert copy.content == original.content


def test_crlf_copy_extracts_identically(tmp_path):
    path = tmp_path / "003_00b04d726a13fa98.txt"
    path.write_bytes(source_text(path.name).replace("\n", "\r\n").encode())
    assert extract_path(path).content == extract_path(DOCS / path.name).content


def test_document_cut_mid_record_keeps_everything_before_and_says_so():
    text = source_text(LAYOUT_SEED)
    cut = text.index("开展帮扶调研工作次数；实施周期指标")  # inside 帮扶工作经费's first indicator
    result = extract_text(text[: cut + len("开展帮扶调研工作次数；实施周期指标")], "cut.txt")
    assert result.status == "partial"
    finding = next(f for f in result.findings if f.code == "truncated-record")
    assert "帮扶工作经费" in finding.message and finding.location.line
    want = golden(LAYOUT_SEED).content.projects
    got = result.content.projects
    assert [p.name for p in got] == [p.name for p in want[: len(got)]]
    assert [len(p.indicators) for p in got[:-1]] == [len(p.indicators) for p in want[: len(got) - 1]]


def test_text_outside_any_row_is_reported_not_dropped():
    text = source_text("000_487862950e7e3971.txt") + "\n这一行不属于任何表格行\n"
    result = extract_text(text, "x.txt")
    assert result.status == "partial"
    assert result.content.unplaced == ["这一行不属于任何表格行"]
    assert result.unplaced[0].span.start == text.index("这一行")


@pytest.mark.slow
def test_a_50_mb_document_is_extracted_whole():
    seed = source_text(LAYOUT_SEED)
    copies = 50_000_000 // len(seed.encode("utf-8")) + 1
    text = "\n".join([seed] * copies)
    assert len(text.encode("utf-8")) >= 50_000_000
    result = extract_text(text, "big.txt")
    assert len(result.content.projects) == 54 * copies
    assert len(result.content.units) == 4 * copies
    # every copy but the first repeats the 合计 row, which is reported, never silently dropped
    assert result.status == "partial"
    assert {u.reason for u in result.unplaced} == {"another 合计 row: the first one is the grand total"}
    assert len(result.unplaced) == copies - 1
    assert result.coverage.lost_chars == 0


def test_form_b_cells_that_fit_nowhere_keep_their_offsets():
    source = source_text("002_ccf7430d55d37228.txt")
    text = source.replace("部门名称\t", "备注\t本表数据仅供参考\n部门名称\t", 1)  # a row in no block
    result = extract_text(text, "b.txt")
    assert result.status == "partial"
    assert [u.text for u in result.unplaced] == ["备注", "本表数据仅供参考"]
    assert text[result.unplaced[1].span.start : result.unplaced[1].span.end] == "本表数据仅供参考"
    assert result.coverage.unplaced_chars == len("备注本表数据仅供参考")


def test_an_amount_cell_that_is_no_number_is_reported_not_emptied_silently():
    text = source_text("000_487862950e7e3971.txt").replace("社区办公经费\t26.08\t26.08", "社区办公经费\t待定\t26.08", 1)
    result = extract_text(text, "x.txt")
    project = result.content.projects[1]
    assert project.name == "社区办公经费" and project.total is None and str(project.fiscal) == "26.08"
    assert result.status == "partial"
    entry = next(u for u in result.unplaced if u.text == "待定")
    assert "total cell is not a number" in entry.reason and text[entry.span.start : entry.span.end] == "待定"

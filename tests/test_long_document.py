"""A long Form A document read in pieces and written as it is read: the same result as a whole
reading (the oracle: the whole-document pipeline, a different code path), every piece cut only
where nothing before it can change, the text decoded into a temporary file by the rules of the
holding reader, and the batch output of a long document equal to the holding run's."""

from __future__ import annotations

import csv
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from docnorm.cli.main import main
from docnorm.eval.layouts import random_layout, render
from docnorm.extractor.export import result_json, table_rows
from docnorm.extractor.long_document import LongResult, extract_long
from docnorm.extractor.pieces import last_safe_start, read_in_pieces
from docnorm.extractor.pipeline import extract_text
from docnorm.extractor.readers.stored import store_text
from docnorm.extractor.readers.text import decode_bytes
from docnorm.schemas.form_a import FormADocument
from tests.conftest import DOCS, FORM_A_SEEDS, ROOT, golden, source_text

_ORDERLESS = ("findings", "unplaced")  # listed piece by piece: the same items, in another order


def _canonical(result: dict[str, Any]) -> dict[str, Any]:
    for key in _ORDERLESS:
        result[key] = sorted(json.dumps(item, sort_keys=True, ensure_ascii=False) for item in result[key])
    result["content"]["unplaced"] = sorted(result["content"]["unplaced"])
    return result


def _long(text: str, tmp_path: Path, piece_chars: int) -> tuple[dict[str, Any], LongResult]:
    folder = tmp_path / f"spool{piece_chars}"
    folder.mkdir(exist_ok=True)
    long = extract_long(text, "doc.txt", "utf-8", folder, piece_chars)
    return json.loads(long.json_file.read_text(encoding="utf-8")), long


def _assert_same_as_whole(text: str, tmp_path: Path, piece_chars: int) -> None:
    whole = extract_text(text, "doc.txt", encoding="utf-8")
    pieces, long = _long(text, tmp_path, piece_chars)
    assert _canonical(pieces) == _canonical(json.loads(result_json(whole)))
    spooled: dict[str, list[list[object]]] = {}
    for name, rows in long.rows.items():
        spooled.setdefault(name, []).extend(rows)
    for name, rows in table_rows(whole).items():
        got = spooled.get(name, [])
        assert (sorted(map(repr, got)) if name == "findings.csv" else got) == (
            sorted(map(repr, rows)) if name == "findings.csv" else rows
        ), name


@pytest.mark.parametrize("name", FORM_A_SEEDS)
@pytest.mark.parametrize("piece_chars", [400, 1500, 6000])
def test_a_document_read_in_pieces_is_the_document_read_whole(name: str, piece_chars: int, tmp_path: Path) -> None:
    text = source_text(name)
    assert len(list(read_in_pieces(text, piece_chars))) > 1  # it was cut
    _assert_same_as_whole(text, tmp_path, piece_chars)


@pytest.mark.parametrize("draw", range(16))
def test_pieces_of_unseen_layouts_are_the_layouts_read_whole(draw: int, tmp_path: Path) -> None:
    rng = random.Random(draw)
    layout = random_layout(rng)
    content = golden(FORM_A_SEEDS[draw % 2]).content  # 000 and 001 render back to their own text
    assert isinstance(content, FormADocument)
    _assert_same_as_whole(render(content, layout), tmp_path, rng.choice([300, 900, 2500]))


def test_a_second_table_in_a_later_piece_is_still_not_the_grand_total(tmp_path: Path) -> None:
    text = source_text(FORM_A_SEEDS[0])
    text = text + "\n" + text  # two tables in one file: the second 合计 row is reported
    whole = extract_text(text, "doc.txt")
    assert any(u.reason.startswith("another 合计 row") for u in whole.unplaced)
    _assert_same_as_whole(text, tmp_path, 1500)


def _tabbed(name: str, amounts: str, goal: str = "", items: str = "") -> str:
    return "\t".join([name, *amounts.split(), *[""] * (4 - len(amounts.split())), goal, items])


_ITEMS = "1、1-产出指标；11-数量指标；{0}；实施周期指标值：≥1次；年度指标值：≥1次。"
_GOAL = "完成{0}工作，提升服务水平。"


def _unit_by_sum_document(projects: int) -> str:
    """A unit printed indented (so read as a project row with amounts only) whose total is its
    projects' sum: a unit only the rows below it can tell (assemble._units_by_sum)."""
    head = ["项目支出绩效目标表（含转移支付项目）", "单位：万元", _tabbed("合计", f"{10 * projects}.00")]
    rows = [_tabbed("  某街道办事处", f"{10 * projects}.00 {10 * projects}.00")]
    for i in range(projects):
        rows.append(_tabbed(f"  项目{i}", "10.00 10.00", _GOAL.format(i), _ITEMS.format(f"指标{i}")))
    return "\n".join(head + rows) + "\n"


def test_no_cut_while_a_row_above_waits_for_the_rows_below_to_say_it_is_a_unit(tmp_path: Path) -> None:
    text = _unit_by_sum_document(30)
    whole = extract_text(text, "doc.txt")
    assert isinstance(whole.content, FormADocument) and len(whole.content.units) == 1  # the sum made it a unit
    cut = last_safe_start(text, tabbed=True)
    assert cut is not None and cut <= text.index("  某街道办事处")  # no unit or 合计 row below closes the wait
    _assert_same_as_whole(text, tmp_path, 200)


def test_no_cut_before_a_row_that_continues_the_record_above() -> None:
    """A row whose indicator cell starts mid-list continues an open record above (a page break
    in a tabbed dump): cut before it, it would start a piece with nothing to continue."""
    rows = [_tabbed(f"  项目{i}", "10.00 10.00", _GOAL.format(i), _ITEMS.format(i)) for i in range(22)]
    rows[12] = _tabbed("  项目12", "10.00 10.00", _GOAL.format(12), "1、1-产出指标；11-数量指标；被分页的指标")
    rows[13] = _tabbed("  项目13", "10.00 10.00", "", "实施周期指标值：≥1次；年度指标值：≥1次。")
    text = "\n".join(rows) + "\n"
    assert last_safe_start(text, tabbed=True) == text.index(rows[12])  # row 13 is the last one NAME_LINES allow


@pytest.mark.parametrize(
    "data",
    [
        "项目\r\n第二行\r第三行\n".encode(),
        b"ab\r\ncd\r\nef\r",  # CRLF pairs cut between blocks, a CR at the very end
        "\ufeff项目，第二行\n".encode(),
        "项目支出绩效目标表\n部门名称：某单位\n".encode("gb18030"),
        "项目表\n".encode() + "完".encode()[:2],  # cut inside the last character
    ],
)
def test_the_stored_text_is_what_the_holding_reader_decodes(
    data: bytes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import docnorm.extractor.readers.stored as stored_module

    monkeypatch.setattr(stored_module, "_BLOCK", 3)  # blocks cut CRLF pairs and characters apart
    path = tmp_path / "in.txt"
    path.write_bytes(data)
    held = decode_bytes(data, "in.txt")
    stored = store_text(path, tmp_path / "store", "in.txt")
    assert stored is not None
    with stored:
        assert stored[: len(stored)] == held.text and len(stored) == len(held.text)
        assert (stored.encoding, stored.dropped_tail) == (held.encoding, held.dropped_tail)
        assert stored[2:5] == held.text[2:5]
        newlines = [i for i, ch in enumerate(held.text) if ch == "\n"]
        for start in range(len(held.text) + 1):
            assert stored.find_newline(start) == held.text.find("\n", start)
        assert newlines == [s - 1 for s in stored.line_starts[1:]]
    assert not (tmp_path / "store").exists()  # closing removes the file


def test_what_only_detection_decodes_is_left_to_the_holding_reader(tmp_path: Path) -> None:
    path = tmp_path / "in.txt"
    path.write_bytes("项目支出\n".encode("utf-16"))
    assert store_text(path, tmp_path / "store", "in.txt") is None
    path.write_bytes(b"\xff\xfe\xfd not gb18030 either \x80")
    assert store_text(path, tmp_path / "store", "in.txt") is None and not (tmp_path / "store").exists()


def _tables(out: Path) -> dict[str, list[list[str]]]:
    tables = {}
    for name in ("projects.csv", "indicators.csv", "findings.csv", "documents.csv"):
        with (out / name).open(encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle))
        tables[name] = sorted(rows) if name == "findings.csv" else rows
    return tables


def test_a_batch_writes_a_long_document_as_the_holding_batch_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import docnorm.extractor.long_document as long_document

    folder = tmp_path / "in"
    folder.mkdir()
    for name in (*FORM_A_SEEDS, "002_ccf7430d55d37228.txt"):
        (folder / name).write_bytes((DOCS / name).read_bytes())
    assert main(["extract", str(folder), "-o", str(tmp_path / "whole"), "--no-progress"]) == 0
    calls: list[Path] = []
    real = long_document.extract_long_file
    monkeypatch.setattr(long_document, "LONG_DOCUMENT_BYTES", 0)  # every text document is long
    monkeypatch.setattr(long_document, "PIECE_CHARS", 1000)
    monkeypatch.setattr("docnorm.extractor.work.extract_long_file", lambda *a: calls.append(a[0]) or real(*a))
    assert main(["extract", str(folder), "-o", str(tmp_path / "pieces"), "--no-progress", "--workers", "1"]) == 0
    assert len(calls) == 5  # Form B too is offered, and read whole (not Form A)
    assert _tables(tmp_path / "pieces") == _tables(tmp_path / "whole")
    for result in sorted((tmp_path / "whole").glob("*.json")):
        if result.name == "batch.json":
            continue
        pieces = json.loads((tmp_path / "pieces" / result.name).read_text(encoding="utf-8"))
        assert _canonical(pieces) == _canonical(json.loads(result.read_text(encoding="utf-8"))), result.name
    assert not list((tmp_path / "pieces").rglob("*.tmp"))


def _long_text(megabytes: float) -> str:
    """The title and header of a bundled Form A document once, then its rows repeated."""
    lines = source_text(FORM_A_SEEDS[0]).splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("合计"))
    head, body = "\n".join(lines[: start + 1]) + "\n", "\n".join(lines[start + 1 :]) + "\n"
    return head + body * int(megabytes * 1e6 / len(body.encode()))


def test_a_long_document_interrupted_leaves_no_temporary_file(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "long.txt").write_text(_long_text(6), encoding="utf-8")
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    cmd = [sys.executable, "-m", "docnorm", "extract", str(tmp_path / "in"), "-o", str(out), "--no-progress"]
    process = subprocess.Popen(cmd, env=env, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while len(list(out.glob(".docnorm-long.*.tmp"))) < 3 and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.02)  # the text stored, the rows and a list of the result begun
    assert process.poll() is None, "the document was done before it could be interrupted"
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130 and "Traceback" not in err
    assert not list(out.rglob("*.tmp")) and not (out / "long.json").exists()

"""The PDF reader: a missing extra, a non-PDF and a made-up text-layer PDF."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from docnorm.errors import InputError
from docnorm.extractor.readers.pdf import PdfReader
from docnorm.schemas.document import DocumentResult
from docnorm.schemas.manifest import result_files


def test_missing_extra_names_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pdfplumber", None)
    f = tmp_path / "a.pdf"
    f.write_bytes(b"%PDF-1.4\n")
    with pytest.raises(InputError, match=r"docnorm\[pdf\]"):
        PdfReader().read(f)


def test_corrupt_pdf_is_an_input_error(tmp_path: Path) -> None:
    pytest.importorskip("pdfplumber")
    f = tmp_path / "broken.pdf"
    f.write_bytes(b"not a pdf at all")
    with pytest.raises(InputError, match="broken.pdf|cannot open"):
        PdfReader().read(f)


def _one_page_pdf(path: Path, encrypt: str | None = None) -> Path:
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), encrypt=encrypt)
    c.drawString(72, 720, "hello")
    c.save()
    return path


def batch_results(out: Path) -> list[DocumentResult]:
    """The batch's results as written, in input order (read back from OUT/batch.json)."""
    return [DocumentResult.model_validate_json(p.read_bytes()) for p in result_files(out)]


def test_a_mixed_folder_extracts_in_one_batch_and_bad_pdfs_fail_alone(tmp_path: Path) -> None:
    pytest.importorskip("pdfplumber")
    pytest.importorskip("reportlab")
    import pypdfium2

    from docnorm.extractor.backends import OfflineBackend
    from docnorm.extractor.batch import run_batch
    from docnorm.extractor.inputs import expand_inputs
    from tests.conftest import DOCS, FORM_A_SEEDS, GOLDEN
    from tests.pdf_render import FONT_FILE, render_form_a

    if not FONT_FILE.exists():
        pytest.skip("no CJK font")
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text((DOCS / FORM_A_SEEDS[0]).read_text(encoding="utf-8"), encoding="utf-8")
    content = json.loads((GOLDEN / f"{Path(FORM_A_SEEDS[0]).stem}.json").read_text(encoding="utf-8"))["content"]
    render_form_a(content, folder / "b.pdf")
    _one_page_pdf(folder / "c-encrypted.pdf", encrypt="secret")
    (folder / "d-corrupt.pdf").write_bytes(b"%PDF-1.4\n1 0 obj garbage")
    pypdfium2.PdfDocument.new().save(folder / "e-empty.pdf")
    run_batch(OfflineBackend(), expand_inputs([str(folder)]).files, tmp_path / "out")
    results = batch_results(tmp_path / "out")
    status = {r.document: r.status for r in results}
    assert status == {"a.txt": "ok", "b.pdf": "ok", "c-encrypted.pdf": "failed", "d-corrupt.pdf": "failed",
                      "e-empty.pdf": "failed"}  # fmt: skip
    messages = {r.document: r.findings[0].message for r in results if r.status == "failed"}
    assert "encrypted" in messages["c-encrypted.pdf"] and "no pages" in messages["e-empty.pdf"]
    text, pdf = (r for r in results if r.status == "ok")
    assert pdf.content is not None and text.content is not None
    assert [p.name for p in pdf.content.projects] == [p.name for p in text.content.projects]
    assert pdf.places and not text.places
    rows = (tmp_path / "out" / "findings.csv").read_text(encoding="utf-8").splitlines()
    assert rows[0].endswith(",page") and any(line.startswith("b.pdf,") and line.endswith(",1") for line in rows)


def test_batch_without_the_extra_names_it_and_goes_on(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from docnorm.extractor.backends import OfflineBackend
    from docnorm.extractor.batch import run_batch
    from docnorm.extractor.inputs import assign_keys
    from tests.conftest import DOCS, FORM_A_SEEDS

    monkeypatch.setitem(sys.modules, "pdfplumber", None)
    (tmp_path / "x.pdf").write_bytes(b"%PDF-1.4\n")
    summary = run_batch(OfflineBackend(), assign_keys([tmp_path / "x.pdf", DOCS / FORM_A_SEEDS[0]]), tmp_path / "out")
    results = batch_results(tmp_path / "out")
    assert [r.status for r in results] == ["failed", "ok"]
    assert "pip install 'docnorm[pdf]'" in results[0].findings[0].message
    assert summary.failures == [results[0].findings[0].message]


def test_page_map_boxes_union_per_page() -> None:
    from docnorm.extractor.readers.pdf import PageMap

    m = PageMap("ab\tcd\nef\n")
    m.add(0, 2, 1, (0, 0, 10, 5))
    m.add(3, 5, 1, (20, 0, 30, 5))
    m.add(6, 8, 2, (1, 1, 2, 2))
    assert m.boxes(0, 5) == [(1, (0, 0, 30, 5))]
    assert m.boxes(4, 7) == [(1, (20, 0, 30, 5)), (2, (1, 1, 2, 2))]
    assert m.origin(6).page == 2 and m.origin(2).page is None

"""The per-project form (Form P) from PDFs: every Form P development golden rendered to PDF
(tests/pdf_render_p.py) and read back through the PDF reader, then one of them scanned and read by
OCR. The goldens are the oracle (F1 with the eval scorer); the page boxes are checked with
pdfplumber's own search of the printed text, not with the reader's mapping."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from docnorm.eval.score import score_document
from docnorm.extractor.pipeline import extract_path
from docnorm.extractor.readers import ReadOptions
from docnorm.schemas.document import DocumentResult, GoldenDocument
from docnorm.schemas.form_p import FormPDocument
from tests.pdf_render import FONT_FILE
from tests.pdf_render_p import is_multi_project_grid, render_form_p

pdfplumber = pytest.importorskip("pdfplumber")
pytest.importorskip("reportlab")
if not FONT_FILE.exists():  # pragma: no cover - .ci/run installs fonts-wqy-zenhei
    pytest.skip(f"no CJK font at {FONT_FILE} (apt-get install fonts-wqy-zenhei)", allow_module_level=True)

GOLDENS = sorted((Path(__file__).parent / "fixtures" / "form_p").glob("*.json"))
# (ruled, landscape, furniture, grid_room): furniture repeats the title on later pages and prints 第 n
# 页; grid_room pushes the grid to the foot of the page so it runs over the break, its header repeated
VARIANTS: dict[str, tuple[bool, bool, bool, float | None]] = {
    "ruled-portrait": (True, False, False, None),
    "unruled-landscape": (False, True, True, None),
    "ruled-grid-over-page": (True, False, True, 40.0),
    "unruled-grid-over-page": (False, False, True, 40.0),
}


def _content(path: Path) -> dict[str, Any]:
    content: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))["content"]
    return content


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], tuple[Path, DocumentResult]]:
    out = tmp_path_factory.mktemp("form-p-pdfs")
    made = {}
    for path in GOLDENS:
        for variant, (ruled, landscape, furniture, grid_room) in VARIANTS.items():
            pdf = render_form_p(_content(path), out / f"{path.stem}-{variant}.pdf", ruled=ruled, landscape=landscape,
                                furniture=furniture, grid_room=grid_room)  # fmt: skip
            made[(path.stem, variant)] = (pdf, extract_path(pdf))
    return made


def _pages_with(pdf: Path, text: str) -> int:
    with pdfplumber.open(pdf) as doc:
        return sum(text in (page.extract_text() or "") for page in doc.pages)


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("path", GOLDENS, ids=lambda p: p.stem)
def test_rendered_form_p_pdf_scores_f1_one_and_loses_nothing(rendered: dict, path: Path, variant: str) -> None:
    pdf, result = rendered[(path.stem, variant)]
    golden = GoldenDocument.model_validate_json(path.read_text(encoding="utf-8"))
    assert isinstance(result.content, FormPDocument), result.status
    score = score_document(golden, result, None)
    assert score.summary()["field_f1"] == 1.0, score.to_dict("errors")["diffs"][:5]
    assert result.coverage is not None and result.coverage.lost_chars == 0
    assert not result.unplaced, [u.text for u in result.unplaced]
    if VARIANTS[variant][3] is not None:  # the grid really ran over a page break
        grids = 1 if is_multi_project_grid(_content(path)) else len(_content(path)["projects"])
        assert _pages_with(pdf, "一级指标") >= 2 * grids
    if VARIANTS[variant][2]:
        with pdfplumber.open(pdf) as doc:
            pages = len(doc.pages)
        assert {n.kind: n.count for n in result.noise}.get("page footer") == pages


@pytest.mark.parametrize("variant", VARIANTS)
def test_every_rendered_character_lies_on_its_page(rendered: dict, variant: str) -> None:
    """A table wider than its page still has a text layer, so the reader would not notice; a scan
    of it would have lost the cut-off columns (a multi-project grid once was)."""
    for path in GOLDENS:
        pdf, _ = rendered[(path.stem, variant)]
        with pdfplumber.open(pdf) as doc:
            for page in doc.pages:
                outside = [c["text"] for c in page.chars if c["x0"] < 0 or c["x1"] > page.width]
                assert not outside, (path.stem, page.page_number, "".join(outside)[:40])


def test_form_p_values_point_at_their_printed_boxes(rendered: dict) -> None:
    """Each indicator name's box (from the reader) holds that name as pdfplumber finds it on the page."""
    path = GOLDENS[0]
    pdf, result = rendered[(path.stem, "ruled-grid-over-page")]
    assert isinstance(result.content, FormPDocument)
    boxes: dict[tuple[int, int], list[tuple[int, tuple[float, float, float, float]]]] = {}
    for place in result.places:
        boxes.setdefault((place.start, place.end), []).append((place.page, place.bbox))
    with pdfplumber.open(pdf) as doc:
        for indicator in result.content.projects[0].indicators:
            start, end = indicator.spans["name"]
            ((page, (x0, top, x1, bottom)),) = boxes[(start, end)]
            hits = doc.pages[page - 1].search(indicator.name or "", regex=False)
            assert any(abs(h["x0"] - x0) < 1 and abs(h["top"] - top) < 1 for h in hits), indicator.name
    assert {page for p in boxes.values() for page, _ in p} == {1, 2}


def _scanned_at_300_dpi(rendered: dict, tmp_path: Path, prefix: str, seed: int) -> DocumentResult:
    """The golden's ruled portrait PDF scanned at 300 dpi and read by OCR; its field F1 at least 0.98."""
    pytest.importorskip("rapidocr_onnxruntime")
    from tests.scan_render import save_scan_pdf, scan_pages

    path = next(p for p in GOLDENS if p.stem.startswith(prefix))
    pdf, _ = rendered[(path.stem, "ruled-portrait")]
    scan = save_scan_pdf(scan_pages(pdf, 300, seed=seed), tmp_path / "scan.pdf", 300)
    result = extract_path(scan, ReadOptions(ocr="auto", dpi=300))
    golden = GoldenDocument.model_validate_json(path.read_text(encoding="utf-8"))
    score = score_document(golden, result, None)
    assert score.summary()["field_f1"] >= 0.98, score.to_dict("errors")["diffs"][:5]
    return result


def test_a_300_dpi_scan_of_a_form_p_reads_to_its_golden(rendered: dict, tmp_path: Path) -> None:
    """A ruled form with its comparators inside the target cells (the bench reads every golden;
    lone comparator cells and ≧ are where OCR still fails, see the README)."""
    result = _scanned_at_300_dpi(rendered, tmp_path, "p02_", seed=11)
    assert result.places and all(p.confidence is not None for p in result.places)


@pytest.mark.parametrize(
    "prefix",
    [
        "p18_",  # a 指标性质 column: ≥, ≤ and = alone in their cells, which the recognizer cannot read
        "p29_",  # a self-evaluation table: 偏差原因 cells wrapped over five lines, rows told apart by the rules
    ],
)
def test_a_300_dpi_scan_with_lone_marks_or_tall_wrapped_cells_reads_to_its_golden(
    rendered: dict, tmp_path: Path, prefix: str
) -> None:
    result = _scanned_at_300_dpi(rendered, tmp_path, prefix, seed=5)
    assert isinstance(result.content, FormPDocument)
    marks = [i.spans["nature"] for p in result.content.projects for i in p.indicators if i.nature in set("≥≤=")]
    flagged = [f.location for f in result.findings if f.code == "ocr-low-confidence" and f.location]
    for start, end in marks:  # a mark read from its shape is always there to review
        assert any(
            at.start is not None and at.end is not None and at.start <= start and end <= at.end for at in flagged
        )
    assert marks or prefix != "p18_"

"""PDFs rendered from the goldens (reportlab, a CJK font) read back to the goldens' values.

The goldens are the oracle: the PDFs are printed from them, F1 is scored against them with the
eval scorer, and the page boxes are checked with pdfplumber directly (the characters inside each
box, not the reader's own mapping)."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from docnorm.eval.score import score_document
from docnorm.extractor.pipeline import extract_path
from docnorm.schemas.document import DocumentResult
from tests.conftest import FORM_A_SEEDS, GOLDEN, SEED_NAMES, golden
from tests.pdf_render import FONT_FILE, form_a_rows, render_form_a
from tests.pdf_render_b import render_form_b

pdfplumber = pytest.importorskip("pdfplumber")
pytest.importorskip("reportlab")
if not FONT_FILE.exists():  # pragma: no cover - .ci/run installs fonts-wqy-zenhei
    pytest.skip(f"no CJK font at {FONT_FILE} (apt-get install fonts-wqy-zenhei)", allow_module_level=True)

# (ruled, landscape, furniture): furniture repeats the title on later pages and prints 第 n 页
VARIANTS = {"ruled-portrait": (True, False, False), "unruled-landscape": (False, True, True)}
MORE_VARIANTS = {"unruled-portrait": (False, False, True), "ruled-landscape": (True, True, True)}
FORM_B_SEEDS = [n for n in SEED_NAMES if n not in FORM_A_SEEDS]
CASES = [(n, v) for n in SEED_NAMES for v in VARIANTS]
CASES += [(n, v) for n in (FORM_A_SEEDS[0], *FORM_B_SEEDS) for v in MORE_VARIANTS]


def _content(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((GOLDEN / f"{Path(name).stem}.json").read_text(encoding="utf-8"))
    return data["content"]


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], tuple[Path, DocumentResult]]:
    out = tmp_path_factory.mktemp("pdfs")
    made = {}
    for name, variant in CASES:
        ruled, landscape, furniture = {**VARIANTS, **MORE_VARIANTS}[variant]
        content = _content(name)
        render = render_form_b if content["form"] == "B" else render_form_a
        pdf = render(content, out / f"{Path(name).stem}-{variant}.pdf", ruled=ruled, landscape=landscape,
                     furniture=furniture)  # fmt: skip
        made[(name, variant)] = (pdf, extract_path(pdf))
    return made


@pytest.mark.parametrize(("name", "variant"), CASES)
def test_rendered_pdf_scores_f1_one_and_loses_nothing(rendered: dict, name: str, variant: str) -> None:
    pdf, result = rendered[(name, variant)]
    with pdfplumber.open(pdf) as doc:
        assert len(doc.pages) >= 2, "the tables should run over several pages"
    score = score_document(golden(name), result, None)
    assert score.summary()["field_f1"] == 1.0, score.to_dict("errors")["diffs"][:5]
    assert result.coverage is not None and result.coverage.lost_chars == 0
    if {**VARIANTS, **MORE_VARIANTS}[variant][2]:  # page furniture is dropped as counted noise
        with pdfplumber.open(pdf) as doc:
            pages = len(doc.pages)
        noise = {n.kind: n.count for n in result.noise}
        assert noise.get("page footer") == pages, noise
        assert noise.get("page header", 0) >= pages - 1, noise


@pytest.mark.parametrize("name", FORM_B_SEEDS)
def test_form_b_cells_have_boxes_holding_their_golden_text(rendered: dict, name: str) -> None:
    pdf_path, result = rendered[(name, "ruled-portrait")]
    places: dict[tuple[int, int], list[tuple[int, tuple[float, float, float, float]]]] = {}
    for p in result.places:
        places.setdefault((p.start, p.end), []).append((p.page, p.bbox))
    truth = golden(name).content
    with pdfplumber.open(pdf_path) as pdf:
        for want, got in zip(truth.key_tasks, result.content.key_tasks, strict=True):
            for value, span in ((want.name, got.spans.get("name")), (want.content, got.spans.get("content"))):
                assert value and span is not None and tuple(span) in places, (value, span)
                seen = "".join(_inside(pdf, page, box) for page, box in places[tuple(span)])
                assert not Counter(value.replace(" ", "")) - Counter(seen), value


def _inside(pdf: Any, page: int, bbox: tuple[float, float, float, float]) -> str:
    """The characters pdfplumber finds inside the box, in reading order, without white space."""
    x0, top, x1, bottom = bbox
    crop = pdf.pages[page - 1].within_bbox((x0 - 0.5, top - 0.5, x1 + 0.5, bottom + 0.5))
    return "".join(crop.extract_text().split())


@pytest.mark.parametrize(("name", "variant"), [c for c in CASES if c[1] in VARIANTS and c[0] in FORM_A_SEEDS])
def test_every_value_has_a_page_box_holding_its_golden_text(rendered: dict, name: str, variant: str) -> None:
    pdf_path, result = rendered[(name, variant)]
    places: dict[tuple[int, int], list[tuple[int, tuple[float, float, float, float]]]] = {}
    for p in result.places:
        places.setdefault((p.start, p.end), []).append((p.page, p.bbox))
    truth = golden(name).content
    checked = 0
    with pdfplumber.open(pdf_path) as pdf:
        for want, got in zip(truth.projects, result.content.projects, strict=True):
            pairs = [(want.name, got.spans.get("name")), (want.goal, got.spans.get("goal"))]
            pairs += [(w.name, g.spans.get("name")) for w, g in zip(want.indicators, got.indicators, strict=True)]
            for value, span in pairs:
                if not value:
                    continue
                assert span is not None and tuple(span) in places, (value, span)
                seen = "".join(_inside(pdf, page, box) for page, box in places[tuple(span)])
                assert "".join(value.split()) in seen or not Counter(value.replace(" ", "")) - Counter(seen), value
                checked += 1
    assert checked > 3 * len(truth.projects)


SPLIT_CASES = [
    (n, land, ruled) for n in FORM_A_SEEDS if n[:3] in ("001", "003", "004") for land in (False, True)
    for ruled in (False, True)
]  # fmt: skip


@pytest.mark.parametrize(("name", "landscape", "ruled"), SPLIT_CASES)
def test_a_row_cut_by_a_page_break_is_joined(tmp_path: Path, name: str, landscape: bool, ruled: bool) -> None:
    """Tables whose rows continue over page breaks (reportlab splitInRow) read back whole. 000 is
    left out as its rows all fit on their pages (the check below says so). Ruled: reportlab draws
    no border at the cut (the cell stays open at the page foot, and the rest of the row shares
    the repeated header's cell on the next page); the reader puts those borders back."""
    pdf = render_form_a(_content(name), tmp_path / "split.pdf", ruled=ruled, landscape=landscape, furniture=True,
                        split_rows=True)  # fmt: skip
    cut = []
    for column, (left, right, head) in enumerate(((0.48, 0.72, "绩效目标"), (0.72, 1.0, "绩效指标")), start=5):
        pages = column_pages(pdf, landscape, left, right, head)
        cells = ["".join(row[column].split()) for _, row in form_a_rows(_content(name))[1:] if row[column]]
        cut += [
            c for c in cells if not any(c in t for t in pages) and any(c in a + b for a, b in zip(pages, pages[1:]))
        ]
    assert cut, "no cell runs over a page break: the test would prove nothing"
    result = extract_path(pdf)
    score = score_document(golden(name), result, None)
    assert score.summary()["field_f1"] == 1.0, score.to_dict("errors")["diffs"][:5]


def column_pages(pdf: Path, landscape: bool, left: float, right: float, head: str) -> list[str]:
    """Each page's text inside one column (the renderer's fractions of the width), its header
    word, page number and blanks removed."""
    from tests.pdf_render import page_width

    x0 = 30 + page_width(landscape) * left
    x1 = 30 + page_width(landscape) * right
    with pdfplumber.open(pdf) as doc:
        texts = [p.crop((x0, 0, x1, p.height)).extract_text() or "" for p in doc.pages]
    return [re.sub(r"第\d+页", "", "".join(t.split()).replace(head, "")) for t in texts]

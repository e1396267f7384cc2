"""PDF and scan input: field F1 against the goldens and pages per second.

    PYTHONPATH=. python bench/bench_pdf.py [--dpi 300 150] [--variants ruled-portrait unruled-landscape]
                                           [--set seeds form-p]

Every golden (the seeds' Form A and Form B; with `--set form-p` the per-project development
goldens of tests/fixtures/form_p) is rendered to a text-layer PDF (tests/pdf_render*.py), then
"scanned" (tests/scan_render.py: grey paper, ±2° rotation, blur, noise, JPEG artefacts) into an
image-only PDF at each dpi and read back through the OCR path. Prints field F1 per document and
overall, pages per second for text-layer reading and for OCR (one process; onnxruntime uses the
cores it finds, so per core = the figure / cores), and peak RSS. Targets (issue 14): F1 1.000 on
text-layer PDFs, >= 0.98 on 300 dpi scans, >= 0.95 at 150 dpi."""

from __future__ import annotations

import argparse
import json
import os
import resource
import tempfile
import time
from pathlib import Path

from docnorm.errors import InputError
from docnorm.eval.score import score_document
from docnorm.extractor.pipeline import extract_path
from docnorm.extractor.readers import ReadOptions
from docnorm.schemas.document import GoldenDocument
from tests.conftest import GOLDEN
from tests.pdf_render import render_form_a
from tests.pdf_render_b import render_form_b
from tests.pdf_render_p import render_form_p
from tests.scan_render import save_scan_pdf, scan_pages

GOLDEN_SETS = {"seeds": GOLDEN, "form-p": Path(__file__).parents[1] / "tests" / "fixtures" / "form_p"}
RENDERERS = {"A": render_form_a, "B": render_form_b, "P": render_form_p}

VARIANTS = {"ruled-portrait": (True, False), "unruled-landscape": (False, True)}


def _pages(pdf: Path) -> int:
    import pypdfium2

    doc = pypdfium2.PdfDocument(str(pdf))
    try:
        return len(doc)
    finally:
        doc.close()


def _run(pdf: Path, golden: GoldenDocument, options: ReadOptions | None = None) -> tuple[float, int, float]:
    start = time.perf_counter()
    try:
        result = extract_path(pdf, options)
    except InputError as exc:  # an unsupported (misread) scan scores as no output, the bench goes on
        print(f"  {golden.document}: {exc}")
        return 0.0, _pages(pdf), time.perf_counter() - start
    seconds = time.perf_counter() - start
    f1 = float(score_document(golden, result, None).summary()["field_f1"])
    return f1, _pages(pdf), seconds


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dpi", type=int, nargs="*", default=[300, 150])
    parser.add_argument("--variants", nargs="*", default=list(VARIANTS), choices=list(VARIANTS))
    parser.add_argument("--set", nargs="*", default=["seeds"], choices=list(GOLDEN_SETS), dest="sets")
    args = parser.parse_args()
    goldens = [path for name in args.sets for path in sorted(GOLDEN_SETS[name].glob("*.json"))]
    totals: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        for path in goldens:
            data = json.loads(path.read_text(encoding="utf-8"))
            golden, name = GoldenDocument.model_validate(data), path.stem
            render = RENDERERS[data["content"]["form"]]
            for variant in args.variants:
                ruled, landscape = VARIANTS[variant]
                pdf = render(data["content"], out / f"{name}-{variant}.pdf", ruled=ruled, landscape=landscape)
                runs = {"text-layer": _run(pdf, golden)}
                for dpi in args.dpi:
                    scan = save_scan_pdf(scan_pages(pdf, dpi, seed=dpi), out / f"scan-{dpi}.pdf", dpi)
                    runs[f"scan {dpi} dpi"] = _run(scan, golden, ReadOptions(ocr="auto", dpi=dpi))
                for kind, (f1, pages, seconds) in runs.items():
                    print(
                        f"{name[:4]} {variant:18} {kind:13} F1 {f1:.3f}  {pages} pages  {pages / seconds:6.2f} pages/s"
                    )
                    t = totals.setdefault(kind, [0.0, 0.0, 0.0, 0.0])
                    t[0] += f1 * pages
                    t[1] += pages
                    t[2] += seconds
                    t[3] += 1
    print(f"\n{os.cpu_count()} cores; F1 weighted by pages")
    for kind, (f1_pages, pages, seconds, _) in totals.items():
        print(f"{kind:13} field F1 {f1_pages / pages:.3f}  {int(pages)} pages  {pages / seconds:.2f} pages/s")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS {peak:.0f} MB")


if __name__ == "__main__":
    main()

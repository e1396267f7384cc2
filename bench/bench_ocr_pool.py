"""OCR across cores: the same folder of scans extracted with one worker and with a pool.

    PYTHONPATH=. python bench/bench_ocr_pool.py [--copies 2] [--dpi 300]

Every golden (Form A and Form B) is rendered to a text-layer PDF, "scanned" into an image-only
PDF (tests/scan_render.py) and copied `--copies` times into one folder, which is then extracted
(the batch's own code path: `run_batch`, the offline backend, `--ocr auto`) as
- one worker whose onnxruntime uses one thread,
- one worker whose onnxruntime uses every core (the default of `--workers 1`),
- a pool of one worker per core, one onnxruntime thread each (the default of `docnorm extract`).
Prints wall seconds, pages per second and the speed-up over the one-thread worker, and checks that
every configuration wrote the same tables."""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

from docnorm.extractor.backends import OfflineBackend
from docnorm.extractor.batch import BatchOptions, run_batch
from docnorm.extractor.inputs import available_cores, expand_inputs
from docnorm.extractor.readers import ReadOptions
from tests.conftest import SEED_NAMES
from tests.pdf_render import render_form_a
from tests.pdf_render_b import render_form_b
from tests.scan_render import golden_data, save_scan_pdf, scan_pages


def make_scans(folder: Path, dpi: int, copies: int) -> int:
    """The scans, `copies` of each golden; returns the number of pages."""
    pages = 0
    for name in SEED_NAMES:
        content = golden_data(name)["content"]
        render = render_form_b if content["form"] == "B" else render_form_a
        pdf = render(content, folder / f"{Path(name).stem}.text.pdf", ruled=True, landscape=False)
        images = scan_pages(pdf, dpi, seed=dpi)
        pdf.unlink()
        for copy in range(copies):
            save_scan_pdf(images, folder / f"{Path(name).stem}-{copy}.pdf", dpi)
            pages += len(images)
    return pages


def extract(folder: Path, out: Path, workers: int, threads: int | None) -> tuple[float, bytes]:
    shutil.rmtree(out, ignore_errors=True)
    inputs = expand_inputs([str(folder)])
    options = BatchOptions(workers=workers, read_options=ReadOptions(ocr="auto", ocr_threads=threads))
    start = time.perf_counter()
    run_batch(OfflineBackend(), inputs.files, out, options)
    seconds = time.perf_counter() - start
    return seconds, (out / "projects.csv").read_bytes() + (out / "indicators.csv").read_bytes()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--copies", type=int, default=2)
    parser.add_argument("--dpi", type=int, default=300)
    args = parser.parse_args()
    cores = available_cores()
    configs = [("1 worker, 1 thread", 1, 1), (f"1 worker, {cores} threads", 1, None)]
    configs.append((f"{cores} workers, 1 thread each", cores, 1))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "scans"
        folder.mkdir()
        pages = make_scans(folder, args.dpi, args.copies)
        print(f"{pages} pages of {args.dpi} dpi scans in {len(list(folder.iterdir()))} PDFs; {cores} cores")
        baseline, tables = 0.0, b""
        for label, workers, threads in configs:
            seconds, written = extract(folder, Path(tmp) / "out", workers, threads)
            baseline, tables = (baseline or seconds), (tables or written)
            same = "same tables" if written == tables else "TABLES DIFFER"
            print(f"{label:28} {seconds:7.1f} s  {pages / seconds:5.2f} pages/s  ×{baseline / seconds:.2f}  {same}")


if __name__ == "__main__":
    main()

"""Time and peak memory of `OUT/tables.xlsx` for a large batch.

    python bench/bench_workbook.py [--rows 100000]

Extracts the seed documents into a temporary folder, repeats the rows of its CSV tables until the
indicators table has about --rows rows (other tables grow in proportion), then builds the
workbook once. Prints rows per table, seconds, rows/s and peak RSS."""

from __future__ import annotations

import argparse
import csv
import resource
import tempfile
import time
from pathlib import Path

from docnorm.cli.main import main as docnorm
from docnorm.extractor.workbook import SHEETS, write_workbook

DOCS = Path(__file__).resolve().parent.parent / "examples" / "docs"


def grow_tables(out: Path, target_rows: int) -> dict[str, int]:
    """Repeat each CSV's data rows by one factor, chosen so indicators.csv reaches target_rows."""
    with (out / "indicators.csv").open(encoding="utf-8", newline="") as handle:
        factor = max(1, round(target_rows / max(sum(1 for _ in handle) - 1, 1)))
    sizes = {}
    for name in SHEETS:
        path = out / f"{name}.csv"
        if not path.is_file():
            continue
        with path.open(encoding="utf-8", newline="") as handle:
            header, *rows = list(csv.reader(handle))
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(header)
            for _ in range(factor):
                writer.writerows(rows)
        sizes[name] = len(rows) * factor
    return sizes


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000, help="about this many indicator rows")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        docnorm(["extract", str(DOCS), "-o", str(out), "--no-progress"])
        sizes = grow_tables(out, args.rows)
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        start = time.perf_counter()
        path = write_workbook(out)
        elapsed = time.perf_counter() - start
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        total = sum(sizes.values())
        print(", ".join(f"{name} {n:,}" for name, n in sizes.items()))
        print(
            f"workbook: {total:,} rows in {elapsed:.1f} s = {total / elapsed:,.0f} rows/s, "
            f"{path.stat().st_size / 1e6:.1f} MB; peak RSS {peak:.0f} MB (before the workbook {before:.0f} MB)"
        )


if __name__ == "__main__":
    main()

"""Offline extractor throughput and peak memory on the seed documents repeated to >= 50 MB.

    python bench/bench_extract.py [--mb 50]

Prints MB/s, documents/s and peak RSS. Targets (issue 2): >= 5 MB/s on one core."""

from __future__ import annotations

import argparse
import resource
import statistics
import time
from pathlib import Path

from docnorm.extractor.pipeline import extract_text

DOCS = Path(__file__).resolve().parent.parent / "examples" / "docs"


def big_form_a(target_bytes: int) -> str:
    """Repeat the Form A layout and tabbed seeds' bodies until the text reaches the target size."""
    seeds = [p.read_text(encoding="utf-8") for p in sorted(DOCS.glob("*.txt")) if not p.name.startswith("002")]
    parts, size = [], 0
    while size < target_bytes:
        for seed in seeds:
            parts.append(seed)
            size += len(seed.encode("utf-8"))
    return "\n".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mb", type=float, default=50.0)
    parser.add_argument("--repeat", type=int, default=20, help="timed passes over the seed documents")
    args = parser.parse_args()
    seeds = sorted(DOCS.glob("*.txt"))
    texts = [(p.name, p.read_text(encoding="utf-8")) for p in seeds]
    seed_bytes = sum(len(t.encode("utf-8")) for _, t in texts)
    for name, text in texts:  # warm-up: regex compilation and caches are not throughput
        extract_text(text, name)
    passes = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        for name, text in texts:
            extract_text(text, name)
        passes.append(time.perf_counter() - start)
    median, best = statistics.median(passes), min(passes)
    print(
        f"seed documents : {len(texts)} docs x {args.repeat} passes, {seed_bytes / 1e6:.3f} MB a pass; "
        f"median {len(texts) / median:.0f} docs/s = {seed_bytes / 1e6 / median:.2f} MB/s "
        f"(best {seed_bytes / 1e6 / best:.2f} MB/s)"
    )
    big = big_form_a(int(args.mb * 1e6))
    size = len(big.encode("utf-8"))
    start = time.perf_counter()
    result = extract_text(big, "big.txt")
    elapsed = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"one big document: {size / 1e6:.1f} MB, {len(result.content.projects)} projects in {elapsed:.2f} s "
        f"= {size / 1e6 / elapsed:.2f} MB/s; peak RSS {peak:.0f} MB"
    )


if __name__ == "__main__":
    main()

"""Mutation campaign: the bundled documents with small changes a PDF-to-text tool makes, checked
by an independent count (tests/ledger_oracle.py), not by the extractor's own arithmetic.

    python bench/bench_mutations.py [--n 10000] [--seed 1] [--workers 2]

Prints, over all mutated documents: the share with lost characters, the share marked `ok` although
text is unplaced or lost, values found outside their own span, crashes; and field F1 against the
goldens on documents changed only by layout-preserving mutations."""

from __future__ import annotations

import argparse
import random
import sys
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.mutation_campaign import Outcome, make_case, run_case  # noqa: E402


def report(outcomes: list[Outcome]) -> None:
    n = len(outcomes)
    lost = [o for o in outcomes if o.lost]
    preserved = [o.f1 for o in outcomes if o.f1 is not None]
    print(f"{n} mutated documents ({sum(o.preserving for o in outcomes)} layout-preserving)")
    print(f"  with lost characters: {len(lost)} ({len(lost) / n:.2%}), {sum(o.lost for o in lost)} characters")
    print(f"  marked ok with unplaced or lost text: {sum(o.wrongly_ok for o in outcomes)}")
    print(f"  values outside their own span: {sum(o.outside for o in outcomes)}")
    print(
        f"  refused with a message: {sum(o.refused for o in outcomes)}; crashed: {sum(bool(o.crashed) for o in outcomes)}"
    )
    if preserved:
        mean = sum(preserved) / len(preserved)
        below = sum(f < 1.0 for f in preserved)
        print(
            f"  field F1 on layout-preserving mutations: mean {mean:.4f}, worst {min(preserved):.4f}, {below} below 1"
        )
        for o in [o for o in outcomes if o.f1 is not None and o.f1 < 1.0][:5]:
            print(f"    F1 {o.f1:.4f} after {o.names}")
    by_kind = Counter(name for o in lost for name in set(o.names))
    for name, count in by_kind.most_common(8):
        print(f"    lost text after {name}: {count}")
    for o in [o for o in outcomes if o.crashed][:5]:
        print(f"    crash after {o.names}: {o.crashed}")
    for o in lost[:5]:
        print(f"    e.g. {o.names}: {o.problems}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    cases = [make_case(rng) for _ in range(args.n)]
    with ProcessPoolExecutor(args.workers) as pool:
        outcomes = list(pool.map(run_case, cases, chunksize=20))
    report(outcomes)


if __name__ == "__main__":
    main()

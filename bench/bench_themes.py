"""Benchmark of the offline theme pipeline at 1k, 10k and 100k goals.

Goals are synthesised by recombining sentences of the hand-labelled seed goals
(eval/themes/labels.csv) with a seed project name. Each size runs in its own subprocess so the
peak resident memory (resource.getrusage ru_maxrss) belongs to that size alone.

    python bench/bench_themes.py                 # 1k, 10k, 100k
    python bench/bench_themes.py --sizes 1000 5000
    python bench/bench_themes.py --embedder m3e-small --sizes 1000 10000   # a sentence model
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def synth_goals(n: int, seed: int = 0) -> list[str]:
    import numpy as np

    rows = list(csv.DictReader(open(REPO / "eval" / "themes" / "labels.csv", encoding="utf-8")))
    names = [r["project_name"] for r in rows]
    sentences = [s for r in rows for s in re.split(r"(?<=[。；;])", r["goal"]) if len(s) > 4]
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(n):
        picks = rng.choice(len(sentences), rng.integers(1, 4), replace=False)
        out.append(names[rng.integers(len(names))] + "。" + "".join(sentences[i] for i in picks))
    return out


def run_one(n: int, embedder: str | None) -> dict[str, float]:
    from docnorm.themes.cluster import make_clusterer
    from docnorm.themes.label import CTfidfLabeler
    from docnorm.themes.pipeline import ThemeOptions, embed_vectors, k_criterion

    texts = synth_goals(n)
    options = ThemeOptions(embedder=embedder)
    t0 = time.perf_counter()
    vectors, _, dense = embed_vectors(texts, options)
    t1 = time.perf_counter()
    labels, _ = make_clusterer("average", seed=0, k_criterion=k_criterion(options, dense)).cluster(vectors)
    t2 = time.perf_counter()
    CTfidfLabeler().keywords(texts, labels)
    t3 = time.perf_counter()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "n": n,
        "embed_s": t1 - t0,
        "cluster_s": t2 - t1,
        "label_s": t3 - t2,
        "total_s": t3 - t0,
        "k": int(len(set(labels))),
        "peak_rss_mb": peak_mb,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000, 100_000])
    parser.add_argument("--embedder", default=None, help="themes.embed spec (default: the offline default)")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one, args.embedder)))
        return
    print(
        f"{'goals':>8} {'embed+SVD s':>12} {'cluster s':>10} {'label s':>8} {'total s':>8} {'k':>4} {'peak RSS MB':>12}"
    )
    for n in args.sizes:
        extra = ["--embedder", args.embedder] if args.embedder else []
        proc = subprocess.run(
            [sys.executable, __file__, "--one", str(n), *extra], capture_output=True, text=True, check=True
        )
        r = json.loads(proc.stdout.strip().splitlines()[-1])
        print(
            f"{r['n']:>8} {r['embed_s']:>12.1f} {r['cluster_s']:>10.1f} {r['label_s']:>8.1f} "
            f"{r['total_s']:>8.1f} {r['k']:>4} {r['peak_rss_mb']:>12.0f}",
            flush=True,
        )


if __name__ == "__main__":
    main()

"""Field F1 on held-out documents: the goldens' content re-rendered in layouts the extractor was
not written for (other wrap widths, page-break positions, blank lines, separators, tabbed vs
layout), extracted and scored by the eval harness.

    python bench/heldout_layouts.py [--n 30] [--seed 7]

Uses the seeds whose content renders back to its source's text (000, 001); 003's spills and
004's unlabelled items render to other text than they were printed as."""

from __future__ import annotations

import argparse
import random
from pathlib import Path

from docnorm.eval.layouts import random_layout, render
from docnorm.eval.score import load_goldens, score_results
from docnorm.extractor.pipeline import extract_text

GOLDEN_DIR = Path(__file__).resolve().parent.parent / "eval" / "golden"
SEEDS = ("000_487862950e7e3971", "001_8507f48a672429e9")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=30, help="layouts per seed")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    goldens = {k: v for k, v in load_goldens(GOLDEN_DIR).items() if k in SEEDS}
    worst, total_f1, runs = 1.0, 0.0, 0
    for i in range(args.n):
        layout = random_layout(rng)
        texts = {stem: render(g.content, layout) for stem, g in goldens.items()}
        results = {stem: extract_text(text, goldens[stem].document) for stem, text in texts.items()}
        scores = score_results(results, goldens, texts)
        worst, total_f1, runs = min(worst, scores.field_f1), total_f1 + scores.field_f1, runs + 1
        if scores.field_f1 < 1.0:
            print(f"layout {i}: field F1 {scores.field_f1:.4f} {layout}")
    print(f"{runs} held-out layouts x {len(goldens)} documents: mean field F1 {total_f1 / runs:.4f}, worst {worst:.4f}")


if __name__ == "__main__":
    main()

"""Field F1 of the offline Form P reader on held-out per-project forms: random content
(`docnorm.eval.layouts_p.random_form`) printed in every text dialect, extracted and scored by the
eval harness against the drawn content. Prints F1 per dialect, then per dialect again with half-width
`( ) : ,` in labels and amounts (`资金总额(万元):`, `5,270,000`), then multi-project grids
(`docnorm.eval.layouts_multi`) in the dialects read offline, self-evaluation tables
(`docnorm.eval.layouts_eval`) in the dialects with separators, and the first failing cases.

    python bench/heldout_form_p.py [--n 40] [--seed 11] [--show 0]"""

from __future__ import annotations

import argparse
import random
from collections.abc import Callable

from docnorm.errors import InputError
from docnorm.eval.layouts_eval import EVALUATION_DIALECTS, random_evaluation, render_evaluation
from docnorm.eval.layouts_multi import GRID_DIALECTS, random_grid, render_grid
from docnorm.eval.layouts_p import DIALECTS, random_form, render
from docnorm.eval.score import score_results
from docnorm.extractor.pipeline import extract_text
from docnorm.schemas.document import DocumentResult, GoldenDocument
from docnorm.schemas.form_p import FormPDocument


def _extract(text: str, name: str) -> DocumentResult | None:
    try:
        return extract_text(text, name)
    except InputError:  # an unsupported document scores as missing output
        return None


def _cases(rng: random.Random) -> list[tuple[str, Callable[[], tuple[str, FormPDocument]]]]:
    """(label, draw) for every dialect, half-width, multi-project grids and self-evaluation tables."""

    def single(dialect: str, halfwidth: bool) -> Callable[[], tuple[str, FormPDocument]]:
        def draw() -> tuple[str, FormPDocument]:
            form = random_form(rng)
            return render(form, dialect, rng, halfwidth), form.golden()

        return draw

    def multi(dialect: str) -> Callable[[], tuple[str, FormPDocument]]:
        def draw() -> tuple[str, FormPDocument]:
            grid = random_grid(rng)
            return render_grid(grid, dialect, rng), grid.doc

        return draw

    def evaluation(dialect: str) -> Callable[[], tuple[str, FormPDocument]]:
        def draw() -> tuple[str, FormPDocument]:
            doc = random_evaluation(rng)
            return render_evaluation(doc, dialect, rng), doc

        return draw

    cases = [(d, single(d, False)) for d in DIALECTS] + [(f"{d}, half-width", single(d, True)) for d in DIALECTS]
    cases += [(f"{d}, multi-project grid", multi(d)) for d in GRID_DIALECTS]
    return cases + [(f"{d}, self-evaluation table", evaluation(d)) for d in EVALUATION_DIALECTS]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=40, help="documents per dialect")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--show", type=int, default=0, help="print this many failing texts")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    shown = 0
    print("| dialect | documents | field F1 | documents below 1 |\n|---|---|---|---|")
    for label, draw in _cases(rng):
        goldens, results, texts = {}, {}, {}
        below = 0
        for i in range(args.n):
            name = f"{label.split(',')[0]}_{i}.txt"
            text, content = draw()
            goldens[name] = GoldenDocument(document=name, labelled_by="bench/heldout_form_p.py", content=content)
            results[name], texts[name] = _extract(text, name), text
            one = score_results({name: results[name]}, {name: goldens[name]}, {name: text})
            if one.field_f1 < 1.0:
                below += 1
                if shown < args.show:
                    shown += 1
                    diffs = [d for d in one.documents[0].diffs if d.outcome != "correct"][:6]
                    print(f"--- {name} F1 {one.field_f1:.3f}\n{text}\n{diffs}")
        scores = score_results(results, goldens, texts)
        print(f"| {label} | {args.n} | {scores.field_f1:.4f} | {below} |")


if __name__ == "__main__":
    main()

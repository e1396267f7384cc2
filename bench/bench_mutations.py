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
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from docnorm.errors import DocnormError  # noqa: E402
from docnorm.eval.score import load_goldens, score_results  # noqa: E402
from docnorm.extractor.pipeline import extract_text  # noqa: E402
from docnorm.extractor.readers.text import decode_bytes  # noqa: E402
from tests.ledger_oracle import lost_runs, values_outside_their_spans  # noqa: E402
from tests.mutations import MUTATIONS, PRESERVING, applicable  # noqa: E402

DOCS = ROOT / "examples" / "docs"
GOLDENS = load_goldens(ROOT / "eval" / "golden")
SOURCES = {p.stem: p.read_bytes().decode("utf-8-sig").replace("\r\n", "\n") for p in sorted(DOCS.glob("*.txt"))}


@dataclass
class Case:
    stem: str
    names: list[str]
    preserving: bool
    data: bytes


@dataclass
class Outcome:
    names: list[str]
    preserving: bool
    refused: bool = False
    crashed: str | None = None
    lost: int = 0
    wrongly_ok: bool = False
    outside: int = 0
    f1: float | None = None
    problems: list[str] = field(default_factory=list)


def make_case(rng: random.Random) -> Case:
    stem = rng.choice(sorted(SOURCES))
    text = SOURCES[stem]
    preserving = rng.random() < 0.5
    pool = PRESERVING if preserving else MUTATIONS
    names = []
    for _ in range(rng.randint(1, 3)):
        mutation = rng.choice([m for m in pool if applicable(m, text)])
        text = mutation.apply(text, rng)
        names.append(mutation.name)
    data = text.encode("utf-8")
    if not preserving and rng.random() < 0.1:  # a file cut at any byte, maybe inside a character
        data, names = data[: rng.randint(1, len(data))], [*names, "cut bytes"]
    return Case(stem, names, preserving and all(n != "cut bytes" for n in names), data)


def run_case(case: Case) -> Outcome:
    outcome = Outcome(case.names, case.preserving)
    try:
        decoded = decode_bytes(case.data, f"{case.stem}.txt")
        result = extract_text(decoded.text, f"{case.stem}.txt", encoding=decoded.encoding)
    except DocnormError:
        outcome.refused = True
        return outcome
    except Exception as exc:
        outcome.crashed = f"{type(exc).__name__}: {exc}"[:200]
        return outcome
    as_json = result.model_dump(mode="json")
    runs = lost_runs(decoded.text, as_json)
    outcome.lost = sum(b - a for a, b, _ in runs)
    outcome.problems = [run for _, _, run in runs][:3]
    outcome.wrongly_ok = result.status == "ok" and (bool(runs) or bool(result.unplaced))
    outcome.outside = len(values_outside_their_spans(decoded.text, as_json))
    if case.preserving:
        outcome.f1 = score_results({case.stem: result}, {case.stem: GOLDENS[case.stem]}).field_f1
    return outcome


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
        print(f"  field F1 on layout-preserving mutations: mean {mean:.4f}, worst {min(preserved):.4f}")
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

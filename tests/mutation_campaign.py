"""One mutation case and what came of it, shared by the hypothesis test (tests/test_mutations.py)
and the long campaign (bench/bench_mutations.py). Every check reads the result's JSON through the
independent oracle in `ledger_oracle`, and F1 is scored against goldens written from the
unmutated sources."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from pathlib import Path

from docnorm.errors import DocnormError
from docnorm.eval.score import load_goldens, score_results
from docnorm.extractor.pipeline import extract_text, note_source
from docnorm.extractor.readers.text import source_from_bytes
from tests.ledger_oracle import lost_runs, values_outside_their_spans
from tests.mutations import MUTATIONS, PRESERVING, applicable

ROOT = Path(__file__).resolve().parent.parent
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
        decoded = source_from_bytes(case.data, f"{case.stem}.txt")
        result = note_source(extract_text(decoded.text, f"{case.stem}.txt", encoding=decoded.encoding), decoded)
    except DocnormError:
        outcome.refused = True
        return outcome
    except Exception as exc:  # a crash is what the campaign counts
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

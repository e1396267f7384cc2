"""`docnorm eval compare RUN_A RUN_B` on two output folders, no goldens needed (two prompts, two
models, offline vs LLM): the scorer's alignment and field comparison with run A in the golden's
seat, read as agreement. Per field path: values that agree, differ, or only one run gives."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docnorm.errors import InputError
from docnorm.eval.metrics import DocumentScore, FieldCounts, Scores
from docnorm.eval.score import load_results
from docnorm.eval.scorers import SPECS, Walker, score_content

__all__ = [
    "AGREEMENT_HEADER",
    "OUTCOME_WORDS",
    "FieldAgreement",
    "agreement_rows",
    "compare_folders",
    "is_output_folder",
]

log = logging.getLogger(__name__)

AGREEMENT_HEADER = ["field", "agree", "differ", "only A", "only B", "agreement"]
OUTCOME_WORDS = {"correct": "agree", "wrong": "differ", "missing": "only A", "spurious": "only B"}


@dataclass(frozen=True)
class FieldAgreement:
    field: str
    agree: int
    differ: int
    only_a: int
    only_b: int

    @property
    def agreement(self) -> float:
        """Share of the values either run gives on which both runs agree."""
        total = self.agree + self.differ + self.only_a + self.only_b
        return self.agree / total if total else 1.0

    @classmethod
    def of(cls, name: str, counts: FieldCounts | dict[str, Any]) -> FieldAgreement:
        values = counts if isinstance(counts, dict) else vars(counts)
        return cls(name, int(values["correct"]), int(values["wrong"]), int(values["missing"]), int(values["spurious"]))


def is_output_folder(path: Path) -> bool:
    """A folder of DocumentResult JSON files (rather than a bench run or an eval --json file)."""
    return path.is_dir()


def _pair(document: str, a: Any, b: Any) -> DocumentScore | None:
    if a is not None:
        return score_content(document, a, b)
    if b is None:
        return None
    score = DocumentScore(document=document, form=b.form, status="no_content")  # only B says anything
    Walker(score).pair(SPECS[b.form], None, b, "")
    return score


def compare_folders(run_a: Path, run_b: Path) -> Scores:
    """Every document both folders hold, A as the reference; the others are named in `unscored`."""
    a, b = load_results(run_a), load_results(run_b)
    common = sorted(set(a) & set(b))
    if not common:
        raise InputError(f"no document in common with {run_a}", document=str(run_b))
    scores = Scores(unscored=sorted(set(a) ^ set(b)))
    for stem in scores.unscored:
        log.warning("%s.json is in only one of the two folders: not compared", stem)
    for stem in common:
        score = _pair(a[stem].document, a[stem].content, b[stem].content)
        if score is not None:
            scores.documents.append(score)
    return scores


def agreement_rows(scores: dict[str, Any]) -> list[FieldAgreement]:
    """Per field path, from ``Scores.to_dict()``; the overall row last, named ``all``."""
    rows = [FieldAgreement.of(name, counts) for name, counts in scores["fields"].items()]
    total = FieldAgreement("all", *(sum(getattr(r, k) for r in rows) for k in ("agree", "differ", "only_a", "only_b")))
    return [*rows, total]

"""Typed score containers: per-field counts, record counts, per-document and folder scores.

Outcomes of one field of one aligned record pair (values normalized, see ``eval.normalize``):
- ``correct``: golden and predicted both present and equal;
- ``wrong``: both present, different (counts against precision *and* recall);
- ``missing``: golden present, predicted absent (or the record was not found);
- ``spurious``: predicted present where the golden has nothing (or a record the golden lacks) —
  the issue's "invented record/value" with respect to the golden.
"Unsupported" values are something else: predicted values found nowhere in the source text.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any, Literal

Outcome = Literal["correct", "wrong", "missing", "spurious"]
DiffMode = Literal["none", "errors", "all"]


def _ratio(num: float, den: float) -> float:
    return num / den if den else 0.0


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


class _Counts:
    """Shared arithmetic of the count types: hits against the golden and the predicted totals."""

    @property
    def hits(self) -> int:
        raise NotImplementedError

    def merge(self, other: _Counts) -> None:
        for f in fields(self):  # type: ignore[arg-type]
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))

    @property
    def precision(self) -> float:
        return _ratio(self.hits, self.predicted)  # type: ignore[attr-defined]

    @property
    def recall(self) -> float:
        return _ratio(self.hits, self.golden)  # type: ignore[attr-defined]

    @property
    def f1(self) -> float:
        return _f1(self.precision, self.recall)

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "precision": self.precision, "recall": self.recall, "f1": self.f1}  # type: ignore[call-overload]


@dataclass
class FieldCounts(_Counts):
    correct: int = 0
    wrong: int = 0
    missing: int = 0
    spurious: int = 0

    def add(self, outcome: Outcome) -> None:
        setattr(self, outcome, getattr(self, outcome) + 1)

    @property
    def hits(self) -> int:
        return self.correct

    @property
    def golden(self) -> int:
        return self.correct + self.wrong + self.missing

    @property
    def predicted(self) -> int:
        return self.correct + self.wrong + self.spurious


@dataclass
class RecordCounts(_Counts):
    """Record-level counts for one record kind: a record is exact when all its fields are correct."""

    golden: int = 0
    predicted: int = 0
    matched: int = 0
    exact: int = 0

    @property
    def hits(self) -> int:
        return self.exact

    @property
    def omitted(self) -> int:
        return self.golden - self.matched


@dataclass
class FieldDiff:
    """One compared field for the diff view: ``path`` names the record, e.g. ``projects[3].goal``."""

    path: str
    field: str
    golden: str
    predicted: str
    outcome: Outcome


@dataclass
class Tally:
    """Counts shared by a document score and a folder score."""

    fields: dict[str, FieldCounts] = field(default_factory=dict)
    records: dict[str, RecordCounts] = field(default_factory=dict)
    checked_values: int = 0
    unsupported_values: int = 0

    def merge(self, other: Tally) -> None:
        for name, counts in other.fields.items():
            self.fields.setdefault(name, FieldCounts()).merge(counts)
        for name, rec in other.records.items():
            self.records.setdefault(name, RecordCounts()).merge(rec)
        self.checked_values += other.checked_values
        self.unsupported_values += other.unsupported_values

    @property
    def total(self) -> FieldCounts:
        out = FieldCounts()
        for counts in self.fields.values():
            out.merge(counts)
        return out

    @property
    def field_f1(self) -> float:
        """Micro-averaged F1 over every field value."""
        return self.total.f1

    @property
    def omission_rate(self) -> float:
        """Share of golden values the prediction does not give at all."""
        total = self.total
        return _ratio(total.missing, total.golden)

    @property
    def unsupported_rate(self) -> float:
        """Invented-value rate: share of predicted values found nowhere in the source text."""
        return _ratio(self.unsupported_values, self.checked_values)

    def summary(self) -> dict[str, Any]:
        total = self.total
        return {
            "field_precision": total.precision,
            "field_recall": total.recall,
            "field_f1": total.f1,
            "omission_rate": self.omission_rate,
            "invented_value_rate": self.unsupported_rate,
            "checked_values": self.checked_values,
            "unsupported_values": self.unsupported_values,
            **{f"{kind}_exact_f1": rec.f1 for kind, rec in sorted(self.records.items())},
        }


@dataclass
class DocumentScore(Tally):
    document: str = ""
    form: str | None = None
    status: Literal["scored", "missing_output", "no_content", "form_mismatch"] = "scored"
    diffs: list[FieldDiff] = field(default_factory=list)
    unsupported_examples: list[str] = field(default_factory=list)

    def to_dict(self, diffs: DiffMode = "none") -> dict[str, Any]:
        """``diffs``: "none", "errors" (every non-correct field) or "all"."""
        out: dict[str, Any] = {
            "document": self.document,
            "form": self.form,
            "status": self.status,
            **self.summary(),
            "fields": {k: v.to_dict() for k, v in sorted(self.fields.items())},
            "records": {k: v.to_dict() for k, v in sorted(self.records.items())},
            "unsupported_examples": self.unsupported_examples[:20],
        }
        if diffs != "none":
            out["diffs"] = [asdict(d) for d in self.diffs if d.outcome != "correct" or diffs == "all"]
        return out


@dataclass
class Scores:
    """Scores of one output folder against the goldens."""

    documents: list[DocumentScore] = field(default_factory=list)
    unscored: list[str] = field(default_factory=list)  # outputs without a golden

    @property
    def tally(self) -> Tally:
        out = Tally()
        for doc in self.documents:
            out.merge(doc)
        return out

    @property
    def field_f1(self) -> float:
        return self.tally.field_f1

    def to_dict(self, diffs: DiffMode = "none") -> dict[str, Any]:
        tally = self.tally
        return {
            **tally.summary(),
            "fields": {k: v.to_dict() for k, v in sorted(tally.fields.items())},
            "records": {k: v.to_dict() for k, v in sorted(tally.records.items())},
            "documents": [d.to_dict(diffs) for d in self.documents],
            "unscored": self.unscored,
        }

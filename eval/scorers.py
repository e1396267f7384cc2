"""Field-by-field comparison of one golden document with one predicted document.

Each record kind is described by a ``RecordSpec``: its scored fields (with their weight in the
alignment similarity) and its child lists. One generic walker aligns, compares and counts, so
Form A and Form B differ only in their specs. ``position`` is not scored: it is the identity the
alignment recovers. ``normalized`` targets are not scored (goldens leave them null): targets
compare by ``raw``. ``content.unplaced`` (text the source has but no field takes) is scored as a
list of strings, ``unplaced.text``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from docnorm.eval.align import align, weighted_similarity
from docnorm.eval.metrics import DocumentScore, FieldCounts, FieldDiff, Outcome, RecordCounts
from docnorm.eval.normalize import SourceIndex, Value, display, norm_value
from docnorm.schemas.form_p import FUND_SHARES


def _attr(name: str) -> Callable[[Any], object]:
    def get(record: Any) -> object:
        if isinstance(record, str):  # a list of plain strings, e.g. content.unplaced
            return record
        value: Any = record
        for part in name.split("."):
            value = getattr(value, part, None) if value is not None else None
        if value is not None and hasattr(value, "raw"):  # a Target: compare its raw text
            return value.raw
        return value

    return get


@dataclass(frozen=True)
class FieldSpec:
    name: str
    weight: float = 0.0  # weight in the alignment similarity

    def value(self, record: Any) -> Value:
        return norm_value(_attr(self.name)(record))


@dataclass(frozen=True)
class RecordSpec:
    kind: str  # field-path prefix, e.g. "projects.indicators"; "" for the document itself
    fields: tuple[FieldSpec, ...]
    children: tuple[tuple[str, RecordSpec], ...] = ()  # (attribute, spec)

    def path(self, name: str) -> str:
        return f"{self.kind}.{name}" if self.kind else name

    def similarity(self, g: Any, p: Any) -> float:
        return weighted_similarity([(f.weight, f.value(g), f.value(p)) for f in self.fields if f.weight])


def _amounts(weight: float, prefix: str = "") -> tuple[FieldSpec, ...]:
    return tuple(FieldSpec(prefix + n, weight) for n in ("total", "fiscal", "special", "other"))


INDICATOR_A = RecordSpec(
    "projects.indicators",
    (
        FieldSpec("printed_no"),
        FieldSpec("level1_code", 0.04),
        FieldSpec("level1", 0.04),
        FieldSpec("level2_code", 0.06),
        FieldSpec("level2", 0.06),
        FieldSpec("name", 0.5),
        FieldSpec("period_target", 0.15),
        FieldSpec("annual_target", 0.15),
    ),
)
PROJECT = RecordSpec(
    "projects",
    (
        FieldSpec("unit", 0.05),
        FieldSpec("name", 0.4),
        *_amounts(0.075),
        FieldSpec("goal", 0.25),
    ),
    children=(("indicators", INDICATOR_A),),
)
UNPLACED = RecordSpec("unplaced", (FieldSpec("text", 1.0),))
UNIT = RecordSpec("units", (FieldSpec("name", 0.5), *_amounts(0.125)))
FORM_A = RecordSpec(
    "",
    (
        FieldSpec("title"),
        FieldSpec("department"),
        FieldSpec("money_unit"),
        *_amounts(0, "grand_total."),
    ),
    children=(("units", UNIT), ("projects", PROJECT), ("unplaced", UNPLACED)),
)

BUDGET = RecordSpec("budget", (FieldSpec("section", 0.2), FieldSpec("label", 0.5), FieldSpec("amount", 0.3)))
KEY_TASK = RecordSpec(
    "key_tasks",
    (
        FieldSpec("name", 0.4),
        FieldSpec("content", 0.3),
        FieldSpec("amount", 0.1),
        FieldSpec("expected_result", 0.2),
    ),
)
INDICATOR_B = RecordSpec(
    "indicators",
    (
        FieldSpec("level1", 0.1),
        FieldSpec("level2", 0.1),
        FieldSpec("name", 0.5),
        FieldSpec("measure", 0.15),
        FieldSpec("target", 0.15),
    ),
)
FORM_B = RecordSpec(
    "",
    (
        FieldSpec("title"),
        FieldSpec("department"),
        FieldSpec("money_unit"),
        FieldSpec("overall_goal"),
        FieldSpec("other_tasks"),
    ),
    children=(("budget", BUDGET), ("key_tasks", KEY_TASK), ("indicators", INDICATOR_B), ("unplaced", UNPLACED)),
)

INDICATOR_P = RecordSpec(
    "projects.indicators",
    (
        FieldSpec("level1", 0.05),
        FieldSpec("level2", 0.1),
        FieldSpec("name", 0.5),
        FieldSpec("period_target", 0.1),
        FieldSpec("annual_target", 0.15),
        FieldSpec("nature"),
        FieldSpec("value"),
        FieldSpec("measure_unit"),
        FieldSpec("weight"),
        FieldSpec("direction"),
        FieldSpec("actual"),
        FieldSpec("score"),
        FieldSpec("deviation"),
    ),
)
EXECUTION_P = RecordSpec(
    "projects.execution",
    (
        FieldSpec("source", 0.5),
        FieldSpec("kind", 0.2),
        *(FieldSpec(n, 0.05) for n in ("planned", "adjusted", "executed", "weight", "rate", "score")),
    ),
)
PROJECT_P = RecordSpec(
    "projects",
    (
        FieldSpec("name", 0.4),
        FieldSpec("department", 0.05),
        FieldSpec("unit", 0.05),
        FieldSpec("attribute"),
        FieldSpec("period"),
        FieldSpec("money_unit"),
        *(FieldSpec(n, 0.05) for n in ("total", "project_total", "fiscal", *FUND_SHARES, "superior", "other")),
        FieldSpec("period_goal", 0.1),
        FieldSpec("annual_goal", 0.15),
        FieldSpec("outcome"),
        FieldSpec("weight_total"),
        FieldSpec("score_total"),
    ),
    children=(("indicators", INDICATOR_P), ("execution", EXECUTION_P)),
)
FORM_P = RecordSpec(
    "", (FieldSpec("title"), FieldSpec("kind")), children=(("projects", PROJECT_P), ("unplaced", UNPLACED))
)

SPECS: dict[str, RecordSpec] = {"A": FORM_A, "B": FORM_B, "P": FORM_P}


def outcome_of(g: Value, p: Value) -> Outcome | None:
    """The outcome of one field; ``None`` when neither side has a value."""
    if g is None and p is None:
        return None
    if g is None:
        return "spurious"
    if p is None:
        return "missing"
    return "correct" if g == p else "wrong"


@dataclass
class Walker:
    """Compares records into ``score`` and checks predicted values against the source."""

    score: DocumentScore
    source: SourceIndex | None = None

    def _field(self, spec: RecordSpec, f: FieldSpec, g: Value, p: Value, path: str) -> bool:
        outcome = outcome_of(g, p)
        if outcome is None:
            return True
        self.score.fields.setdefault(spec.path(f.name), FieldCounts()).add(outcome)
        self.score.diffs.append(FieldDiff(path, spec.path(f.name), display(g), display(p), outcome))
        if p is not None and self.source is not None:
            self.score.checked_values += 1
            if not self.source.supports(p):
                self.score.unsupported_values += 1
                self.score.unsupported_examples.append(f"{path}.{f.name}: {display(p)}")
        return outcome == "correct"

    def pair(self, spec: RecordSpec, g: Any, p: Any, path: str) -> bool:
        """Compare a matched pair (either side may be ``None``); True when the record is exact."""
        exact = True
        for f in spec.fields:
            gv = f.value(g) if g is not None else None
            pv = f.value(p) if p is not None else None
            exact &= self._field(spec, f, gv, pv, path or "document")
        for attr, child in spec.children:
            g_list = list(getattr(g, attr, None) or []) if g is not None else []
            p_list = list(getattr(p, attr, None) or []) if p is not None else []
            exact &= self.lists(child, g_list, p_list, path)
        return exact and g is not None and p is not None

    def lists(self, spec: RecordSpec, golden: list[Any], predicted: list[Any], parent: str) -> bool:
        """Align two record lists and compare them; True when every record is exact."""
        counts = self.score.records.setdefault(spec.kind, RecordCounts())
        counts.golden += len(golden)
        counts.predicted += len(predicted)
        pairs, lone_g, lone_p = align(golden, predicted, spec.similarity)
        counts.matched += len(pairs)
        leaf = spec.kind.rsplit(".", 1)[-1]
        prefix = f"{parent}." if parent else ""
        exact_all = not lone_g and not lone_p
        for i, j in pairs:
            ok = self.pair(spec, golden[i], predicted[j], f"{prefix}{leaf}[{i + 1}→{j + 1}]")
            counts.exact += ok
            exact_all &= ok
        for i in lone_g:
            self.pair(spec, golden[i], None, f"{prefix}{leaf}[{i + 1}→∅]")
        for j in lone_p:
            self.pair(spec, None, predicted[j], f"{prefix}{leaf}[∅→{j + 1}]")
        return exact_all


def score_content(
    document: str,
    golden: Any,
    predicted: Any | None,
    source_text: str | None = None,
    status: Literal["scored", "missing_output", "no_content", "form_mismatch"] | None = None,
) -> DocumentScore:
    """Score one golden ``content`` (FormA/FormBDocument) against a predicted one (or ``None``)."""
    form = golden.form
    if predicted is not None and getattr(predicted, "form", None) != form:
        status, predicted_same = "form_mismatch", None
    else:
        predicted_same = predicted
    score = DocumentScore(
        document=document, form=form, status=status or ("scored" if predicted is not None else "no_content")
    )
    walker = Walker(score, SourceIndex(source_text) if source_text is not None else None)
    walker.pair(SPECS[form], golden, predicted_same, "")
    if predicted is not None and predicted_same is None:  # other form: everything it says is spurious
        walker.pair(SPECS[predicted.form], None, predicted, "")
    return score

"""Compare two stored results (bench run files or ``docnorm eval --json`` outputs), metric by metric."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docnorm.errors import InputError
from docnorm.eval.runstore import read_json

LOWER_IS_BETTER = ("omission_rate", "invented_value_rate")


@dataclass(frozen=True)
class Delta:
    cell: str
    metric: str
    before: float
    after: float

    @property
    def change(self) -> float:
        return self.after - self.before

    def regressed(self, tolerance: float = 0.0) -> bool:
        worse = self.change if self.metric in LOWER_IS_BETTER else -self.change
        return worse > tolerance


def metrics_of(scores: dict[str, Any]) -> dict[str, float]:
    """Overall metrics plus per-field F1 of one scores dict (a cell or an eval result)."""
    out = {
        k: float(v)
        for k, v in scores.items()
        if isinstance(v, (int, float))
        and (k.startswith("field_") or k.endswith("_f1") or k in LOWER_IS_BETTER)
        and k != "field_f1_repeats"
    }
    out.update({f"fields.{name}.f1": float(c["f1"]) for name, c in scores.get("fields", {}).items()})
    return out


def load_cells(path: Path) -> dict[str, dict[str, float]]:
    data = read_json(path)
    if isinstance(data, dict) and isinstance(data.get("cells"), list):
        return {c["cell"]: metrics_of(c) for c in data["cells"]}
    if isinstance(data, dict) and "field_f1" in data and "fields" in data:
        return {"eval": metrics_of(data)}
    raise InputError("neither a bench run nor a `docnorm eval --json` result", document=str(path))


def compare(path_a: Path, path_b: Path) -> list[Delta]:
    """Deltas B - A for every metric of every cell both files have (a lone cell pairs with a lone cell)."""
    a, b = load_cells(path_a), load_cells(path_b)
    if len(a) == len(b) == 1:
        pairs = [(next(iter(b)), next(iter(a.values())), next(iter(b.values())))]
    else:
        pairs = [(name, a[name], b[name]) for name in a if name in b]
    if not pairs:
        raise InputError(f"no cell in common with {path_a}", document=str(path_b))
    return [Delta(name, m, ma[m], mb[m]) for name, ma, mb in pairs for m in sorted(ma) if m in mb]

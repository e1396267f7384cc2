"""Field-by-field comparison of two Form A contents (spans and normalized readings aside)."""

from __future__ import annotations

from docnorm.schemas.form_a import FormADocument

PROJECT_FIELDS = ("unit", "name", "total", "fiscal", "special", "other", "goal")
INDICATOR_FIELDS = ("printed_no", "level1_code", "level1", "level2_code", "level2", "name")


def _raw(target):
    return target.raw if target is not None else None


def diff_form_a(got: FormADocument, want: FormADocument, *, header: bool = True) -> list[str]:
    diffs = []
    for field in (("title", "department", "money_unit") if header else ()) + ("unplaced",):
        if getattr(got, field) != getattr(want, field):
            diffs.append(f"{field}: {getattr(got, field)!r} != {getattr(want, field)!r}")
    strip = {"spans"}
    if (got.grand_total and got.grand_total.model_dump(exclude=strip)) != (
        want.grand_total and want.grand_total.model_dump(exclude=strip)
    ):
        diffs.append("grand_total")
    if [u.model_dump(exclude=strip) for u in got.units] != [u.model_dump(exclude=strip) for u in want.units]:
        diffs.append("units")
    if len(got.projects) != len(want.projects):
        diffs.append(f"{len(got.projects)} projects, golden has {len(want.projects)}")
    for p, q in zip(got.projects, want.projects):
        diffs += [
            f"project {q.position} {f}: {getattr(p, f)!r} != {getattr(q, f)!r}"
            for f in PROJECT_FIELDS
            if getattr(p, f) != getattr(q, f)
        ]
        if len(p.indicators) != len(q.indicators):
            diffs.append(f"project {q.position}: {len(p.indicators)} indicators, golden {len(q.indicators)}")
        for i, j in zip(p.indicators, q.indicators):
            diffs += [
                f"project {q.position} indicator {j.position} {f}: {getattr(i, f)!r} != {getattr(j, f)!r}"
                for f in INDICATOR_FIELDS
                if getattr(i, f) != getattr(j, f)
            ]
            diffs += [
                f"project {q.position} indicator {j.position} {f}"
                for f in ("period_target", "annual_target")
                if _raw(getattr(i, f)) != _raw(getattr(j, f))
            ]
    return diffs

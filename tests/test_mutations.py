"""Mutation fuzzing (issue 11): the bundled documents with one to three small changes a
PDF-to-text tool or a careless copy makes. For every result: no crash, no lost character by the
independent count, `ok` only when nothing is unplaced or lost, every value inside its own span;
after layout-preserving changes, the extraction still equals the golden. The long campaign with
the same cases is `bench/bench_mutations.py`; a failing seed here reproduces there."""

from __future__ import annotations

import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.mutation_campaign import make_case, run_case


@settings(max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(min_value=0, max_value=2**32 - 1))
def test_mutated_documents_lose_nothing_and_layout_changes_change_nothing(seed):
    case = make_case(random.Random(seed))
    outcome = run_case(case)
    assert outcome.crashed is None, (case.names, outcome.crashed)
    assert outcome.lost == 0, (case.names, outcome.problems)
    assert not outcome.wrongly_ok, case.names
    assert outcome.outside == 0, case.names
    if case.preserving:
        assert outcome.f1 == 1.0, (case.stem, case.names)

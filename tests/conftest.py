"""Shared fixtures: the bundled example documents and their hand-labelled goldens."""

from __future__ import annotations

from pathlib import Path

import pytest

from docnorm.schemas.document import GoldenDocument

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "examples" / "docs"
GOLDEN = ROOT / "eval" / "golden"
SEED_NAMES = sorted(p.name for p in DOCS.glob("*.txt"))
FORM_A_SEEDS = [n for n in SEED_NAMES if not n.startswith("002")]


def source_text(name: str) -> str:
    return (DOCS / name).read_text(encoding="utf-8")


def golden(name: str) -> GoldenDocument:
    return GoldenDocument.model_validate_json((GOLDEN / f"{Path(name).stem}.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def seed_names() -> list[str]:
    return SEED_NAMES

"""Data records and the Protocols of the four swappable steps (embed → reduce → cluster → label)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np

Namer = Callable[[list[str], list[str]], str]
"""Optional theme namer: gets a theme's representative texts and its keywords, returns a short
Chinese name (e.g. extractor.llm.namer.LLMThemeNamer). It may raise: the keywords name the theme then."""


@dataclass(frozen=True)
class GoalItem:
    """One goal text and where it came from (a Form A project or a Form B key task)."""

    document: str
    kind: str  # "project" | "key_task"
    position: int
    name: str | None
    text: str  # name and goal (see goal_views.item_text): what guided mode scores
    indicators: tuple[str, ...] = ()  # performance indicator names (Form A): optional context
    amount: float | None = None  # the project's total (Form A) or the key task's amount (Form B)
    money_unit: str | None = None  # the unit the document prints for amounts, e.g. 万元
    department: str | None = None  # the document's department, when it names one

    def with_context(self) -> str:
        """Name, goal and indicator names: what discovery embeds (ThemeOptions.indicator_context)."""
        return "。".join([self.text, "；".join(self.indicators)]) if self.indicators else self.text


@dataclass
class Assignment:
    theme_id: str
    theme_label: str
    score: float  # cosine similarity to the theme centre / prototype, in [-1, 1]
    weak: bool = False  # assigned, but less similar than most members of its theme


@dataclass
class Theme:
    theme_id: str
    label: str
    keywords: list[str]
    size: int
    representatives: list[int] = field(default_factory=list)  # item indices, best first
    description: str | None = None
    label_source: str = "keywords"  # "keywords" | "namer" | "taxonomy"


class Embedder(Protocol):
    name: str

    def embed(self, texts: Sequence[str]) -> Any:
        """Return one row per text (dense array or scipy sparse matrix)."""


class Reducer(Protocol):
    def reduce(self, matrix: Any) -> np.ndarray:
        """Return dense, L2-normalised rows (cosine = dot product)."""


class Clusterer(Protocol):
    def cluster(self, vectors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Return (labels, centres); every row gets a label (no outlier class)."""


class Labeler(Protocol):
    def keywords(self, texts: Sequence[str], labels: np.ndarray) -> dict[int, list[str]]:
        """Return the top keywords of each cluster id."""

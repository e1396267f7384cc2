"""OUT/themes/themes.html: money sums against the source JSON, escaping, and the page without plotly."""

from __future__ import annotations

import json
import logging
import re
import sys
from decimal import Decimal
from pathlib import Path

import numpy as np
import pytest

from docnorm.themes.charts import money_by_theme, themes_html
from docnorm.themes.io import read_goal_items
from docnorm.themes.pipeline import ThemeOptions, tag_output_folder
from docnorm.themes.types import Assignment, GoalItem, Theme


def _amounts(raw: dict) -> list[Decimal]:
    """Every project total and key-task amount, read straight from the JSON (the oracle)."""
    content = raw["content"]
    parts = [p for p in content.get("projects", []) if p.get("goal") or p.get("name")] + content.get("key_tasks", [])
    return [Decimal(str(p.get("total", p.get("amount")))) for p in parts if p.get("total", p.get("amount")) is not None]


def test_money_per_theme_adds_up_to_the_documents_amounts(out_dir: Path):
    expected = sum(sum(_amounts(json.loads(p.read_text(encoding="utf-8")))) for p in out_dir.glob("*.json"))
    items = read_goal_items(out_dir)
    assignments = [Assignment(f"T{i % 3}", "x", 1.0) for i in range(len(items))]
    money, left_out = money_by_theme(items, assignments)
    assert set(money) == {"T0", "T1", "T2"}
    assert sum(money.values()) == pytest.approx(float(expected))
    assert left_out == sum(i.amount is None for i in items)


def test_amounts_in_yuan_are_converted_and_unknown_units_left_out():
    items = [
        GoalItem("a", "project", 1, "n", "t", amount=20000.0, money_unit="元"),
        GoalItem("a", "project", 2, "n", "t", amount=3.0, money_unit="万元"),
        GoalItem("b", "project", 1, "n", "t", amount=5.0, money_unit=None),
    ]
    money, left_out = money_by_theme(items, [Assignment("T1", "x", 1.0)] * 3)
    assert money == {"T1": pytest.approx(5.0)} and left_out == 1


def test_names_are_escaped_and_no_script_is_fetched():
    theme = Theme("T01", "<b>粗体</b>", ["<i>词</i>"], 1)
    item = GoalItem("<script>alert(1)</script>.txt", "project", 1, "<img src=x>", "<img src=x>目标")
    page = themes_html([theme], [item], [Assignment("T01", theme.label, 1.0)], np.array([0]), np.zeros((1, 2)))
    assert "<script>alert(1)" not in page and "<b>粗体" not in page and "<img src=x>" not in page
    # the JSON inside the page, decoded: labels reach plotly escaped, so its HTML subset shows them as text
    data = re.sub(r"\\u([0-9a-f]{4})", lambda m: chr(int(m.group(1), 16)), page)
    assert "&lt;script&gt;alert(1)" in data and "&lt;b&gt;粗体" in data and "<script>alert(1)" not in data
    assert re.search(r"<script[^>]*\ssrc=", page) is None
    assert page.count("<script") >= 2  # plotly.js inlined, then one newPlot per chart


def test_the_page_is_written_and_skipped_without_plotly(out_dir: Path, monkeypatch, caplog):
    tag_output_folder(out_dir, ThemeOptions())
    page = out_dir / "themes" / "themes.html"
    assert page.exists() and "Plotly.newPlot" in page.read_text(encoding="utf-8")
    page.unlink()
    monkeypatch.setitem(sys.modules, "plotly", None)  # as if the themes extra were not installed
    monkeypatch.delitem(sys.modules, "docnorm.themes.charts", raising=False)
    with caplog.at_level(logging.WARNING):
        tag_output_folder(out_dir, ThemeOptions())
    assert not page.exists() and (out_dir / "themes.csv").exists()
    assert "themes.html not written" in caplog.text and "docnorm[themes]" in caplog.text


def test_guided_mode_draws_a_map_too(out_dir: Path):
    taxonomy = Path(__file__).resolve().parents[2] / "eval" / "themes" / "taxonomy.yaml"
    tag_output_folder(out_dir, ThemeOptions(taxonomy=taxonomy))
    assert "Map of goals" in (out_dir / "themes" / "themes.html").read_text(encoding="utf-8")

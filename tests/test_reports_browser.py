"""The eval and bench HTML reports in headless system Chromium: tables sort and filter (inline
script, nothing fetched), the bench leaderboard fits a 1,400 px window, no console error."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import yaml

from docnorm.eval.bench import BenchRunner
from docnorm.eval.matrix import load_matrix
from docnorm.eval.report_html import run_html
from tests import test_review_browser as review_browser

sys.path.insert(0, str(Path(__file__).resolve().parent / "eval"))
from evalcase_builders import golden, golden_content, result, source_text

pytestmark = review_browser.pytestmark
browser = review_browser.browser
_errors = review_browser._errors
MODELS = ["a-very-long-model-name-from-some-provider-2026-preview", "m2", "another-long-model-name-v3-instruct"]


@pytest.fixture(scope="module")
def bench_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("bench-html")
    g = golden()
    (tmp / "g").mkdir()
    (tmp / "g" / "doc.json").write_text(g.model_dump_json(), encoding="utf-8")
    (tmp / "doc.txt").write_text(source_text(g.content), encoding="utf-8")
    spec = {
        "backends": ["llm", "hybrid"],
        "models": MODELS,
        "documents": [str(tmp / "doc.txt")],
        "golden": str(tmp / "g"),
        "cache_dir": str(tmp / "c"),
        "runs_dir": str(tmp / "r"),
        "sources": None,
    }
    (tmp / "m.yaml").write_text(yaml.safe_dump(spec), encoding="utf-8")

    def factory(cell, matrix):  # type: ignore[no-untyped-def]
        content = golden_content()
        for p in content.projects[
            : MODELS.index(cell.model) + (cell.backend == "hybrid")
        ]:  # cells differ in how many names they get wrong
            p.name = f"{p.name}之二"
        return type("B", (), {"name": "b", "extract": lambda self, t, d, e=None: result(content)})()

    _, run = BenchRunner(load_matrix(tmp / "m.yaml"), factory=factory).run("browser")
    page = tmp / "run.html"
    page.write_text(run_html(run), encoding="utf-8")
    return page


def test_the_bench_report_fits_sorts_and_filters(browser, bench_page: Path):  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.by import By

    browser.get(bench_page.as_uri())
    assert browser.execute_script("return document.documentElement.scrollWidth") <= 1400
    leader = browser.find_element(By.CSS_SELECTOR, "table.sortable")
    column = "return Array.from(arguments[0].tBodies[0].rows).map(r=>r.cells[1].textContent)"
    leader.find_elements(By.TAG_NAME, "th")[1].click()  # field_f1
    f1 = [float(x) for x in browser.execute_script(column, leader)]
    assert f1 == sorted(f1) and len(set(f1)) > 1
    leader.find_elements(By.TAG_NAME, "th")[1].click()
    assert [float(x) for x in browser.execute_script(column, leader)] == sorted(f1, reverse=True)
    box = browser.find_element(By.CSS_SELECTOR, f'input.filter[data-table="{leader.get_attribute("id")}"]')
    box.send_keys("hybrid")
    shown = browser.execute_script(
        "return Array.from(arguments[0].tBodies[0].rows).filter(r=>r.offsetParent!==null).map(r=>r.cells[0].textContent)",
        leader,
    )
    assert shown and all(name.startswith("hybrid") for name in shown) and len(shown) == len(MODELS)
    assert browser.execute_script("return performance.getEntriesByType('resource').length") == 0
    assert _errors(browser) == []

"""The theme page in a real browser (headless system Chromium via selenium, as the review tests):
every chart draws offline, the bars and map points match the theme results, and no console error."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from docnorm.cli.main import main
from tests import test_review_browser as review_browser
from tests.conftest import DOCS

pytestmark = review_browser.pytestmark  # skipped without the system chromium/chromedriver
browser = review_browser.browser  # the same headless Chromium fixture
_errors = review_browser._errors


@pytest.fixture(scope="module")
def themes_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("themes-browser")
    assert main(["extract", str(DOCS), "-o", str(out), "--no-progress", "--themes"]) == 0
    return out


def test_every_chart_draws_offline(browser, themes_dir: Path):  # type: ignore[no-untyped-def]
    page = themes_dir / "themes" / "themes.html"
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(page.as_uri())

    def drawn(driver) -> list[int]:  # type: ignore[no-untyped-def]
        return driver.execute_script(  # type: ignore[no-any-return]
            "return Array.from(document.querySelectorAll('.js-plotly-plot')).map(function(g){"
            "return g.querySelectorAll('svg.main-svg').length;})"
        )

    # a loaded machine may still be drawing the 3.5 MB page's charts when its load event fires (seen once)
    WebDriverWait(browser, 30, poll_frequency=0.2).until(lambda d: len(drawn(d)) == 5 and all(drawn(d)))
    assert len(drawn(browser)) == 5 and all(n > 0 for n in drawn(browser))
    # nothing was fetched: the only resource is the page itself (plotly.js is inlined)
    fetched = browser.execute_script("return performance.getEntriesByType('resource').map(e=>e.name)")
    assert fetched == []
    assert _errors(browser) == []


def test_bars_and_map_points_match_the_themes(browser, themes_dir: Path):  # type: ignore[no-untyped-def]
    mapping = json.loads((themes_dir / "themes" / "themes.json").read_text(encoding="utf-8"))
    themes = [t for t in mapping["themes"] if t["size"]]
    browser.get((themes_dir / "themes" / "themes.html").as_uri())
    count = "return document.querySelectorAll('.js-plotly-plot')[arguments[0]].querySelectorAll(arguments[1]).length"
    assert browser.execute_script(count, 0, ".barlayer .point") == len(themes)
    assert browser.execute_script(count, 4, ".scatterlayer .point") == len(mapping["assignments"])
    sizes = browser.execute_script("return document.querySelectorAll('.js-plotly-plot')[0].data[0].x")
    assert sizes == [t["size"] for t in themes]
    hover = browser.execute_script(
        "return [].concat.apply([], document.querySelectorAll('.js-plotly-plot')[4].data.map(d=>d.hovertext))"
    )
    first = mapping["assignments"][0]
    assert any(h.startswith(f"{first['document']} #{first['position']}<br>") for h in hover)
    assert _errors(browser) == []

"""The review pages in a real browser (headless Chromium from the system package, via selenium):
the highlights exist and hold their source slices, a click on a value scrolls its span into view
and flashes it, the index sorts, and no page logs a console error. No network is used."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from docnorm.cli.main import main
from docnorm.review import page_name
from tests.conftest import DOCS
from tests.ledger_oracle import json_spans
from tests.review_html import result

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
pytestmark = pytest.mark.skipif(
    not (CHROMIUM and CHROMEDRIVER),
    reason="no system chromium/chromedriver (apt-get install chromium chromium-driver; .ci/run does it as root)",
)
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1400,900",
)
DOC = "003_00b04d726a13fa98.txt"  # tabbed layout: goals enclose their indicators, two values cross


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="docnorm-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="module")
def review_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("browser")
    assert main(["extract", str(DOCS), "-o", str(out), "--no-progress"]) == 0
    assert main(["review", str(out), str(DOCS)]) == 0
    return out


def _errors(driver) -> list[dict]:  # type: ignore[no-untyped-def]
    return [entry for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]


def test_every_value_is_highlighted_at_its_span(browser, review_dir: Path):  # type: ignore[no-untyped-def]
    browser.get((review_dir / "review" / page_name(DOC)).as_uri())
    shown = browser.execute_script(
        "var r={};document.querySelectorAll('#source [data-field]').forEach(function(e){"
        "var k=e.getAttribute('data-field');(r[k]=r[k]||[]).push([+e.dataset.start,+e.dataset.end,e.textContent]);});"
        "return Object.values(r);"
    )
    text = (DOCS / DOC).read_text(encoding="utf-8")
    ranges = sorted((min(p[0] for p in parts), max(p[1] for p in parts)) for parts in shown)
    assert ranges == sorted(json_spans(result(review_dir, DOC)["content"]))
    for parts in shown:
        for start, end, content in parts:
            assert content == text[start:end]
    assert _errors(browser) == []


def test_clicking_a_value_scrolls_its_span_into_view(browser, review_dir: Path):  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.by import By

    browser.get((review_dir / "review" / page_name(DOC)).as_uri())
    values = browser.find_elements(By.CSS_SELECTOR, "#records [data-target]")
    last = values[-1]
    target = last.get_attribute("data-target")
    visible = (
        "var e=document.getElementById(arguments[0]),s=document.getElementById('source');"
        "var r=e.getBoundingClientRect(),b=s.getBoundingClientRect();return r.top>=b.top&&r.top<b.bottom;"
    )
    assert not browser.execute_script(visible, target)  # the last value starts below the fold
    browser.execute_script("arguments[0].scrollIntoView({block:'center'})", last)
    last.click()
    assert browser.execute_script(visible, target)
    flashed = "return document.getElementById(arguments[0]).classList.contains('flash')"
    assert browser.execute_script(flashed, target)
    assert _errors(browser) == []


def test_the_index_links_every_page_and_sorts(browser, review_dir: Path):  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.by import By

    browser.get((review_dir / "review" / "index.html").as_uri())
    links = [a.get_attribute("href") for a in browser.find_elements(By.CSS_SELECTOR, "#documents a")]
    assert len(links) == 5
    header = browser.find_elements(By.CSS_SELECTOR, "#documents th")[3]  # projects
    header.click()
    column = "return Array.from(document.querySelectorAll('#documents tbody tr')).map(r=>+r.cells[3].textContent)"
    counts = browser.execute_script(column)
    assert counts == sorted(counts)
    header.click()
    assert browser.execute_script(column) == sorted(counts, reverse=True)
    for link in links:
        browser.get(link)
        assert browser.find_elements(By.CSS_SELECTOR, "#source .f")
    assert _errors(browser) == []


def test_the_console_check_sees_an_error(browser, review_dir: Path):  # type: ignore[no-untyped-def]
    browser.get((review_dir / "review" / "index.html").as_uri())
    browser.execute_script("console.error('planted')")
    assert any("planted" in entry["message"] for entry in _errors(browser))


def test_keys_step_through_findings_and_filters_hide_them(browser, review_dir: Path):  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    browser.get((review_dir / "review" / page_name("001_8507f48a672429e9.txt")).as_uri())
    body = browser.find_element(By.TAG_NAME, "body")
    body.send_keys("n")
    first = browser.execute_script("return document.querySelector('#source .marker.flash').id")
    body.send_keys("n")
    second = browser.execute_script("return document.querySelector('#source .marker.flash').id")
    assert first != second
    Select(browser.find_element(By.ID, "severity")).select_by_visible_text("warning")
    shown = browser.execute_script(
        "return Array.from(document.querySelectorAll('#source .marker:not(.hidden)')).map(m=>m.dataset.severity)"
    )
    assert shown and set(shown) == {"warning"}
    assert _errors(browser) == []

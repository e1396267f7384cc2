"""The review page of an LLM result: the grounding of its values (exact / normalized / fuzzy /
rejected, and offline where a record fell back), and the fields on which another run of the same
document differs (`docnorm review OUT SOURCE --compare OTHER`). The LLM run goes through the real
client against the local fake-llm, which invents names for the first answers."""

from __future__ import annotations

import html
import json
import os
import re
import shutil
from pathlib import Path

import pytest

from docnorm.cli.main import main
from docnorm.fakellm.server import FakeLLM
from docnorm.review import page_name
from tests.conftest import DOCS

ROOT = Path(__file__).resolve().parents[1]
DOC = DOCS / "000_487862950e7e3971.txt"
# instructor warns about its own deprecated Mode.FUNCTIONS on every call: not ours (as in tests/llm)
pytestmark = pytest.mark.filterwarnings("ignore:FUNCTIONS is deprecated:DeprecationWarning")
ROW = re.compile(
    r'<tr data-record="([^"]*)"><td>[^<]*</td><td>([^<]*)</td><td><span [^>]*>([^<]*)</span></td><td class="g-(\w+)">'
)


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    tmp = tmp_path_factory.mktemp("review-checks")
    fake = FakeLLM(ROOT / "eval" / "golden", faults=["invent"] * 4)  # the first answers and their re-asks
    url = fake.start()
    os.environ["DOCNORM_REVIEW_TEST_KEY"] = "not-a-secret"
    try:
        llm = [
            "extract", str(DOC), "-o", str(tmp / "llm"), "--backend", "llm", "--base-url", url, "--model",
            "fake-golden", "--api-key-env", "DOCNORM_REVIEW_TEST_KEY", "--no-progress", "--concurrency", "1",
        ]  # fmt: skip
        assert main(llm) == 0
    finally:
        fake.stop()
        os.environ.pop("DOCNORM_REVIEW_TEST_KEY", None)
    assert main(["extract", str(DOC), "-o", str(tmp / "offline"), "--no-progress"]) == 0
    return tmp / "llm", tmp / "offline"


def _page(out: Path, *extra: str) -> str:
    assert main(["review", str(out), str(DOC), *extra]) == 0
    return (out / "review" / page_name(DOC.name)).read_text(encoding="utf-8")


def test_grounding_of_the_llm_values(runs: tuple[Path, Path]):
    llm, _ = runs
    result = json.loads((llm / f"{DOC.stem}.json").read_text(encoding="utf-8"))
    source = DOC.read_text(encoding="utf-8")
    page = _page(llm)
    rows = [(r, f, html.unescape(v), g) for r, f, v, g in ROW.findall(page)]
    assert rows and {g for *_, g in rows} <= {"exact", "normalized", "fuzzy", "offline"}
    # rejected: the names the fake invented, found nowhere in the source, listed on the page
    ungrounded = [f for f in result["findings"] if f["code"] == "llm-ungrounded"]
    invented = [re.search(r"'([^']+)'", f["message"]).group(1) for f in ungrounded]
    assert invented and all(name not in source for name in invented)
    assert f"rejected {len(invented)}</span>" in page
    assert all(html.escape(f["message"]) in page for f in ungrounded)
    # offline: every value of the records that fell back, and only those
    fell_back = {f["location"]["record"] for f in result["findings"] if f["code"] == "llm-fallback"}
    assert fell_back and {r.split(" · ")[0] for r, *_, g in rows if g == "offline"} == fell_back
    # exact values are in the source as they are; the 合计 amount is printed with a separator
    assert all(v in source for _, _, v, g in rows if g == "exact")
    total = next(g for r, f, _, g in rows if r == "合计" and f == "total")
    assert total == "normalized" and "1,209.08" in source and "1209.08" not in source


def test_an_offline_page_has_no_grounding(runs: tuple[Path, Path]):
    _, offline = runs
    page = _page(offline)
    assert "Grounding of the LLM values" not in page and "<th>grounding</th>" not in page


def test_differences_from_another_run(runs: tuple[Path, Path], tmp_path: Path):
    llm, offline = runs
    assert "none: every field agrees" in _page(llm, "--compare", str(offline))  # fallback kept offline values
    other = tmp_path / "other"
    shutil.copytree(offline, other)
    path = other / f"{DOC.stem}.json"
    result = json.loads(path.read_text(encoding="utf-8"))
    name = result["content"]["projects"][2]["name"]
    result["content"]["projects"][2]["name"] = name[:2] + "专项&" + name[2:]
    path.write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")
    page = _page(llm, "--compare", str(other))
    assert "Differences from" in page and "(1 fields)" in page
    assert (
        f"<td>{html.escape(name)}</td><td>{html.escape(name[:2])}<ins>专项&amp;</ins>{html.escape(name[2:])}</td>"
        in page
    )


def test_the_llm_page_works_in_the_browser(runs: tuple[Path, Path], tmp_path: Path):
    from tests import test_review_browser as review_browser

    if not (review_browser.CHROMIUM and review_browser.CHROMEDRIVER):
        pytest.skip("no system chromium/chromedriver")
    llm, offline = runs
    _page(llm, "--compare", str(offline))
    session = review_browser.browser.__wrapped__()  # type: ignore[attr-defined]  # the same headless Chromium
    driver = next(session)
    try:
        driver.get((llm / "review" / page_name(DOC.name)).as_uri())
        counts = driver.execute_script(
            "var r={};document.querySelectorAll('#records td[class^=g-]').forEach(function(e){"
            "r[e.textContent]=(r[e.textContent]||0)+1;});return r;"
        )
        assert counts.get("exact", 0) > 0 and counts.get("offline", 0) > 0
        assert driver.find_elements("css selector", "#rejected li")
        assert review_browser._errors(driver) == []
    finally:
        session.close()  # quits the browser and removes its profile

"""Regenerate docs/themes.png: the theme page of the bundled documents in headless system Chromium.

python docs/screenshot_themes.py   (needs selenium, plotly, chromium and chromium-driver; no network)"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

from docnorm.cli.main import main

ROOT = Path(__file__).resolve().parents[1]
FLAGS = "--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking"
FLAGS += " --disable-component-update --disable-sync --window-size=1400,1000"


def screenshot(target: Path) -> None:
    with tempfile.TemporaryDirectory() as work:
        out = Path(work) / "out"
        main(["extract", str(ROOT / "examples" / "docs"), "-o", str(out), "--no-progress", "--themes"])
        options = webdriver.ChromeOptions()
        options.binary_location = shutil.which("chromium") or "chromium"
        for flag in [*FLAGS.split(), f"--user-data-dir={Path(work) / 'profile'}"]:
            options.add_argument(flag)
        service = Service(executable_path=shutil.which("chromedriver") or "chromedriver")
        driver = webdriver.Chrome(service=service, options=options)
        try:
            driver.get((out / "themes" / "themes.html").as_uri())
            driver.execute_script("document.querySelectorAll('.chart')[4].scrollIntoView()")  # the map
            driver.save_screenshot(str(target))
        finally:
            driver.quit()


if __name__ == "__main__":
    screenshot(ROOT / "docs" / "themes.png")

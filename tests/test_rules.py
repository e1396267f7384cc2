"""The ruling lines of a scanned page (extractor/readers/rules.py): found and painted over on a
page turned by up to 2.5°, and text strokes left alone. The pages are drawn here with PIL, each
rule's ends known from the drawing, not from the code under test."""

from __future__ import annotations

import math

import numpy as np
import pytest

from docnorm.extractor.readers.deskew import page_angle
from docnorm.extractor.readers.rules import rule_free

pytest.importorskip("cv2")
Image = pytest.importorskip("PIL.Image")
ImageDraw = pytest.importorskip("PIL.ImageDraw")

WIDTH, HEIGHT = 2480, 3508  # an A4 page at 300 dpi
ROWS = [300 + 260 * k for k in range(12)]
LEFT, RIGHT = 120, 2360


def _tilted(x: float, y: float, degrees: float) -> tuple[float, float]:
    """(x, y) turned by `degrees` about the page's centre."""
    a = math.radians(degrees)
    dx, dy = x - WIDTH / 2, y - HEIGHT / 2
    return WIDTH / 2 + dx * math.cos(a) - dy * math.sin(a), HEIGHT / 2 + dx * math.sin(a) + dy * math.cos(a)


def _page(degrees: float, thickness: int = 2) -> tuple[object, list[tuple[tuple[float, float], tuple[float, float]]]]:
    """A ruled grid (12 horizontal rules, 5 vertical ones) with short 'strokes' inside its cells,
    turned by `degrees`; and where each horizontal rule's ends were drawn."""
    image = Image.new("L", (WIDTH, HEIGHT), 235)
    draw = ImageDraw.Draw(image)
    horizontal = []
    for y in ROWS:
        ends = _tilted(LEFT, y, degrees), _tilted(RIGHT, y, degrees)
        draw.line(ends, fill=20, width=thickness)
        horizontal.append(ends)
    for x in (LEFT, 700, 1300, 1800, RIGHT):
        draw.line([_tilted(x, ROWS[0], degrees), _tilted(x, ROWS[-1], degrees)], fill=20, width=thickness)
    for y in ROWS[:-1]:
        for x in range(200, 2200, 60):  # glyph-sized bars: 34 px long, 4 px high, 26 px apart
            box = [_tilted(x + dx, y + 120 + dy, degrees) for dx, dy in ((0, 0), (34, 0), (34, 4), (0, 4))]
            draw.polygon(box, fill=30)
    return image.convert("RGB"), horizontal


@pytest.mark.parametrize(
    ("degrees", "thickness"), [(0.0, 2), (0.8, 2), (-1.5, 2), (1.8, 2), (-2.5, 2), (2.5, 1), (-1.0, 5)]
)
def test_every_horizontal_rule_is_found_on_a_turned_page(degrees: float, thickness: int) -> None:
    image, drawn = _page(degrees, thickness)
    found = rule_free(image).horizontal
    assert len(found) == len(drawn)
    for (x0, y0, x1, y1), ((dx0, dy0), (dx1, dy1)) in zip(sorted(found, key=lambda s: s[1]), drawn, strict=True):
        assert abs(x0 - dx0) < 6 and abs(x1 - dx1) < 6
        assert abs(y0 - dy0) < 3 and abs(y1 - dy1) < 3


@pytest.mark.parametrize("degrees", [0.0, -1.5, 2.5])
def test_the_rules_are_painted_over_and_the_strokes_kept(degrees: float) -> None:
    image, drawn = _page(degrees)
    page = rule_free(image)
    grey = page.image[..., 0]  # RGB with three equal channels
    for (x0, y0), (x1, y1) in drawn:
        for t in np.linspace(0.05, 0.95, 40):
            x, y = round(x0 + t * (x1 - x0)), round(y0 + t * (y1 - y0))
            assert grey[y, x] > 150, (x, y)  # paper where the rule ran
            assert not page.ink[y - 1 : y + 2, x].any()
    x, y = (round(v) for v in _tilted(200 + 17, ROWS[3] + 122, degrees))
    assert grey[y, x] < 100 and page.ink[y, x]  # a stroke inside a cell stays


def test_a_row_of_dashes_and_a_short_rule_are_not_borders() -> None:
    image = Image.new("L", (WIDTH, HEIGHT), 235)
    draw = ImageDraw.Draw(image)
    for x in range(200, 2300, 52):  # a run of dashes ——: 44 px each, 8 px apart
        draw.rectangle([x, 1000, x + 44, 1003], fill=20)
    draw.line([(200, 1500), (200 + 0.15 * WIDTH, 1500)], fill=20, width=2)  # under MIN_RULE of the width
    assert rule_free(image.convert("RGB")).horizontal == []


def test_a_line_of_text_blurred_into_one_blob_is_kept() -> None:
    """Glyphs run together (a blurred 150 dpi scan): long, but thick and full, not a rule."""
    image = Image.new("L", (1240, 1754), 235)  # A4 at 150 dpi
    draw = ImageDraw.Draw(image)
    for k, x in enumerate(range(100, 900, 19)):  # touching 19-px "glyphs": two bars, two legs, heights varying
        top, middle = 600 + 4 * (k % 3), 612 - 3 * (k % 2)
        draw.rectangle([x, top, x + 19, top + 3], fill=20)
        draw.rectangle([x, middle, x + 19, middle + 2], fill=20)
        draw.rectangle([x + 3, 600, x + 6, 619], fill=20)
        draw.rectangle([x + 12, 600, x + 15, 619], fill=20)
    page = rule_free(image.convert("RGB"))
    assert page.horizontal == []
    assert page.ink[600:620, 100:900].sum() > 0.3 * 20 * 800


@pytest.mark.parametrize("degrees", [-2.0, 1.2])
def test_the_found_rules_measure_the_page_rotation(degrees: float) -> None:
    image, _ = _page(degrees)
    assert math.degrees(page_angle([], rule_free(image).horizontal)) == pytest.approx(degrees, abs=0.05)

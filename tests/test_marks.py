"""Lone comparator marks read from their shape (extractor/readers/mark_shape.py). The glyphs are drawn
here with Pillow from the fonts on the machine — the CJK font the test PDFs use and, where
installed, DejaVu and Liberation, whose ≥ and = are drawn differently — at the pixel sizes of
10 pt text at 150, 200 and 300 dpi, blurred and speckled, then thresholded as a page is. The
oracle is the character drawn; the negatives (CJK strokes, letters the recognizer gives for a
missed ≥, digits, a font's missing-glyph box) must never come out as a mark."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from docnorm.extractor.readers.mark_shape import classify_mark
from tests.pdf_render import FONT_FILE

PIL = pytest.importorskip("PIL")
from PIL import Image, ImageDraw, ImageFilter, ImageFont  # noqa: E402

FONTS = {
    "wqy-zenhei": FONT_FILE,
    "dejavu-sans": Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    "dejavu-serif": Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"),
    "liberation-sans": Path("/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf"),
    "liberation-serif": Path("/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf"),
}
SIZES = (21, 28, 42)  # 10 pt at 150, 200 and 300 dpi
MARKS = "≥≤=><≧≦"
NOT_MARKS = "二三一-—个人元NMSZ27%Ltxv^V#+cCoO0GesuUnD()（）3569"
MISSING = "\U0010fffd"  # a private-use character no font draws: its missing-glyph box


def _glyph(ch: str, font_file: Path, size: int, seed: int) -> np.ndarray | None:
    """The character's ink after blur, speckle and a page's threshold, cropped tight."""
    font = ImageFont.truetype(str(font_file), size)
    image = Image.new("L", (size * 3, size * 3), 205)
    ImageDraw.Draw(image).text((size, size), ch, font=font, fill=40)
    grey = np.asarray(image.filter(ImageFilter.GaussianBlur(size / 40)), dtype=float)
    grey = grey + np.random.default_rng(seed).normal(0, 12, grey.shape)
    ink = grey < 128
    ys, xs = np.nonzero(ink)
    if not len(xs):
        return None
    return ink[ys.min() : ys.max() + 1, xs.min() : xs.max() + 1]


def _drawn(ch: str, font_file: Path, size: int) -> bool:
    """The font has the character (it is not drawn as the missing-glyph box)."""
    font = ImageFont.truetype(str(font_file), size)
    return bool(font.getmask(ch).getbbox()) and list(font.getmask(ch)) != list(font.getmask(MISSING))


def _fonts() -> dict[str, Path]:
    found = {name: path for name, path in FONTS.items() if path.exists()}
    if "wqy-zenhei" not in found:  # pragma: no cover - .ci/run installs fonts-wqy-zenhei
        pytest.skip(f"no CJK font at {FONT_FILE}")
    return found


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("mark", "≥≤=><")
def test_each_comparator_in_the_test_pdfs_font_reads_as_itself(mark: str, size: int) -> None:
    font = _fonts()["wqy-zenhei"]
    for seed in range(3):
        glyph = _glyph(mark, font, size, seed)
        assert glyph is not None
        assert classify_mark(glyph) == mark, (size, seed)


def test_comparators_in_other_fonts_mostly_read_and_never_as_another_mark() -> None:
    """Other fonts draw the marks with other strokes (serifs, a slanted bar): most must read, and
    a mark that does not read comes back as nothing rather than as another comparator."""
    read = total = 0
    for name, font in _fonts().items():
        for size in SIZES:
            for mark in MARKS:
                if not _drawn(mark, font, size):
                    continue
                got = classify_mark(_glyph(mark, font, size, seed=size))
                assert got in (mark, None), (name, size, mark, got)
                total += 1
                read += got == mark
    assert total >= 30 and read / total >= 0.85, (read, total)


def test_nothing_else_reads_as_a_mark() -> None:
    """Characters alone and digits run together (at 150 dpi a 96 is one blob of ink)."""
    wrong = []
    for name, font in _fonts().items():
        for size in (*SIZES, 60):
            for ch in (*NOT_MARKS, MISSING, "96", "36", "88", "00", "22", "77", "33", "11"):
                glyph = _glyph(ch, font, size, seed=7)
                if glyph is not None and classify_mark(glyph) is not None:
                    wrong.append((name, size, ch, classify_mark(glyph)))
    assert not wrong


def test_two_bars_of_unequal_length_are_not_an_equals_sign() -> None:
    bars = np.zeros((7, 12), dtype=bool)
    bars[0:2, 0:12] = True
    bars[5:7, 0:12] = True
    assert classify_mark(bars) == "="
    bars[0:2, 0:3] = False  # the upper stroke a quarter shorter: 二
    assert classify_mark(bars) is None


def test_a_thin_box_is_not_an_equals_sign() -> None:
    """A missing-glyph box drawn with one-pixel walls: its walls are too thin to count as strokes
    row by row, so only the column inked top to bottom tells it from two bars."""
    box = np.zeros((9, 12), dtype=bool)
    box[0:2, :] = box[7:9, :] = True
    assert classify_mark(box) == "="
    box[:, 0] = box[:, 11] = True
    assert classify_mark(box) is None


def _printed(text: str, size: int = 42) -> tuple[np.ndarray, list[list[float]], list[list[list[float]]]]:
    """The ink of a value printed as `text`, the reading's box around it and each character's box
    (from the font's advances, the way the recognizer's character boxes tile its line)."""
    font = ImageFont.truetype(str(_fonts()["wqy-zenhei"]), size)
    image = Image.new("L", (size * (len(text) + 2), size * 2), 255)
    ImageDraw.Draw(image).text((size, size // 2), text, font=font, fill=0)
    ink = np.asarray(image) < 128
    ys, xs = np.nonzero(ink)
    y0, y1 = float(ys.min() - 4), float(ys.max() + 4)
    quad = [[float(xs.min() - 4), y0], [float(xs.max() + 4), y0], [float(xs.max() + 4), y1], [float(xs.min() - 4), y1]]
    edges = [size + font.getlength(text[:k]) for k in range(len(text) + 1)]
    chars = [[[a, y0], [b, y0], [b, y1], [a, y1]] for a, b in zip(edges, edges[1:], strict=False)]
    return ink, quad, chars


@pytest.mark.parametrize(
    ("printed", "read", "first_box", "expected"),
    [
        ("≧4500人", "4500人", 1, "≧4500人"),  # the mark dropped: its box is left out of the reading's
        ("≧9000人次", "29000人次", 0, "≧9000人次"),  # the mark read as a 2
        ("≧1500人", "≥1500人", 0, "≧1500人"),  # read with one bar
        ("≥90%", "≥90%", 0, "≥90%"),  # read right: unchanged
        ("4500人", "4500人", 0, "4500人"),  # no mark printed
        ("96", "96", 0, "96"),
    ],
)
def test_the_mark_a_value_begins_with_is_put_back(printed: str, read: str, first_box: int, expected: str) -> None:
    from docnorm.extractor.readers.marks import MARK_CONFIDENCE, with_marks

    ink, quad, chars = _printed(printed)
    ((_, text, score),) = with_marks(ink, [(quad, read, 0.95, chars[first_box:])])
    assert text == expected
    assert score == (MARK_CONFIDENCE if expected != read else 0.95)


def test_two_digits_blurred_into_one_blob_are_not_an_equals_sign() -> None:
    """`96` as a 150 dpi scan of the test PDFs left it: one blob whose top and bottom rows are
    inked across, like the bars of =, with ink between them."""
    rows = [
        "..####....#####..",
        "#######..#######.",
        "##...##..##......",
        "##....#########..",
        "##...###########.",
        "###########..###.",
        ".##########...###",
        ".....######...###",
        "##...##..###..##.",
        "#######...######.",
        ".#####....###....",
    ]
    assert classify_mark(np.array([[c == "#" for c in row] for row in rows])) is None


def test_per_mille_is_told_from_percent_by_its_counters() -> None:
    """‰ (three counters: one high on the left, two low side by side) against % and glyphs with
    three counters in other places (品, 晶: the top one centred; `%。`: the full stop's counter low
    and small, which a recognizer's box of the % took in on seed 000). At 300 and 200 dpi sizes.
    (`%o` in a serif font is a ‰ to the eye too; in a reading the o is a character of its own.)"""
    from docnorm.extractor.readers.mark_shape import is_per_mille

    found, wrong = [], []
    for name, font in _fonts().items():
        for size in (28, 42):
            glyph = _glyph("‰", font, size, seed=size) if _drawn("‰", font, size) else None
            if glyph is not None:
                found.append((name, size, is_per_mille(glyph, size * 1.1)))
            for ch in ("%", "品", "晶", "器", "田", "8", "B", "0", "&", "@", "88", "00", "o%", "%。", "%°"):
                other = _glyph(ch, font, size, seed=3)
                if other is not None and is_per_mille(other, size * 1.1):
                    wrong.append((name, size, ch))
    assert not wrong
    assert all(ok for name, _, ok in found if name == "wqy-zenhei")
    assert len(found) >= 6 and sum(ok for *_, ok in found) / len(found) >= 0.8, found


@pytest.mark.parametrize(
    ("printed", "read", "expected"),
    [
        ("0.9‰以内", "0.9%以内", "0.9‰以内"),  # the recognizer's % in a sentence
        ("≤0.9‰", "≤0.9%", "≤0.9‰"),
        ("100%", "100%", "100%"),  # a % stays one
        ("≥88%", "≥88%", "≥88%"),
        ("5%o", "5%o", "5%o"),  # an o after the %: its own character's box, not the %'s
    ],
)
def test_a_per_mille_read_as_a_percent_is_put_back(printed: str, read: str, expected: str) -> None:
    from docnorm.extractor.readers.marks import MARK_CONFIDENCE, with_marks

    ink, quad, chars = _printed(printed)
    ((_, text, score),) = with_marks(ink, [(quad, read, 0.95, chars)])
    assert text == expected
    assert score == (MARK_CONFIDENCE if expected != read else 0.95)


def test_a_per_mille_at_150_dpi_is_left_as_read() -> None:
    """At 150 dpi (10 pt is 21 px) a ‰'s counters blur shut and noise opens others: not tried."""
    from docnorm.extractor.readers.marks import with_marks

    ink, quad, chars = _printed("0.9‰", size=21)
    ((_, text, _),) = with_marks(ink, [(quad, "0.9%", 0.95, chars)])
    assert text == "0.9%"


@pytest.mark.parametrize(
    ("printed", "read", "expected"), [("≥", "M", "≥"), ("≤", "N", "≤"), ("M", "M", "M"), ("S", "S", "S")]
)
def test_a_lone_mark_read_as_a_sure_letter_is_read_from_its_ink(printed: str, read: str, expected: str) -> None:
    """A ≥ alone in its cell that the recognizer read as M with confidence 0.95: the ink decides,
    and a printed M stays M."""
    from docnorm.extractor.readers.marks import MARK_CONFIDENCE, with_marks

    ink, quad, chars = _printed(printed)
    value_ink, value_quad, _ = _printed("90%以内")  # a sure reading on the page: the line height
    page = np.zeros((ink.shape[0] + value_ink.shape[0], max(ink.shape[1], value_ink.shape[1])), dtype=bool)
    page[: ink.shape[0], : ink.shape[1]] = ink
    page[ink.shape[0] :, : value_ink.shape[1]] = value_ink
    below = [[x, y + ink.shape[0]] for x, y in value_quad]
    found = with_marks(page, [(quad, read, 0.95, chars), (below, "90%以内", 0.99, None)])
    texts = {text: score for _, text, score in found}
    assert expected in texts and "90%以内" in texts
    assert texts[expected] == (MARK_CONFIDENCE if expected != read else 0.95)


def test_a_percent_and_the_full_stop_after_it_are_not_a_per_mille() -> None:
    """`80%。` as the 300 dpi scan of golden 000 left it inside the recognizer's box of the %: three
    counters, the third the full stop's, low and small."""
    from docnorm.extractor.readers.mark_shape import is_per_mille

    rows = [
        "....#.........................",
        "..######......###.............",
        ".########....####.............",
        ".###.####....####.............",
        "###...####..####..............",
        "###....###..####..............",
        "###....###.####...............",
        "###...########................",
        "####..########................",
        ".############.................",
        "..##########..................",
        "...####.##########............",
        "........###########...........",
        ".......#############..........",
        "......####.###...###..........",
        "......####.###...###..........",
        ".....####..###...###..........",
        ".....###...###...###..........",
        "....####...###...###....#####.",
        "....###.....#######....#######",
        "...###......#######....###..##",
        "....#........####......##...##",
        ".......................#######",
        "........................#####.",
        "..........................##..",
    ]
    assert not is_per_mille(np.array([[c == "#" for c in row] for row in rows]), 40.0)

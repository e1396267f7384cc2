"""OCR of page images with rapidocr-onnxruntime (its wheel bundles the PP-OCRv4 Chinese models:
nothing is downloaded at run time), and the recognized lines → rows of cells.

The recognizer is loaded lazily, once per process (`_ENGINE`, the only module state: a worker
of a process pool loads its own). Each recognized line becomes a "word" for the same geometry
the unruled text-layer tables use (pdf_layout): lines by vertical overlap, columns by the
header's x-ranges, rows cut at the larger vertical gaps. Before that the page is deskewed (the
median slope of the long line boxes) and every box shrunk vertically, so the padded boxes of two
wrapped lines do not overlap. Positions are PDF points (pixels × 72 / dpi)."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Any

from docnorm.errors import InputError
from docnorm.extractor.readers.deskew import Turn, ink_extent, page_angle
from docnorm.extractor.readers.marks import Found, with_marks
from docnorm.extractor.readers.pdf_layout import Box, Cell, Row, Word, lines_of, unruled_rows
from docnorm.extractor.readers.rules import RuledPage, rule_free

__all__ = ["LOW_CONFIDENCE", "OcrLine", "OcrPage", "load_engine", "ocr_page"]

log = logging.getLogger(__name__)

LOW_CONFIDENCE = 0.8  # a value read with less confidence than this is an `ocr-low-confidence` finding
UNCLIP: float | None = None  # the detector's box growth (None: its default 1.6; wider boxes merged cells and lines)
SHRINK = 0.22  # of a box's height, taken off its top and its bottom for the layout
MIN_BORDERS = 3  # horizontal rules on a page for its rows to be cut at them rather than at gaps
EXTRA = "reading scans needs the ocr extra: pip install 'docnorm[ocr]'"
_ENGINE: Any = None


def load_engine(document: str, threads: int | None = None) -> Any:
    """The process's recognizer, loaded on first use (about half a second). `threads`: onnxruntime
    threads for it; workers of a pool each take their share of the cores, as onnxruntime's
    default (every core, in every worker) makes two workers slower than one."""
    global _ENGINE
    if _ENGINE is None:
        try:
            from rapidocr_onnxruntime import RapidOCR
        except ImportError:
            raise InputError(EXTRA, document=document) from None
        logging.getLogger("RapidOCR").setLevel(logging.WARNING)
        _ENGINE = RapidOCR(intra_op_num_threads=threads, inter_op_num_threads=1) if threads else RapidOCR()
    return _ENGINE


@dataclass(frozen=True)
class OcrLine:
    text: str
    box: Box  # on the page, in points
    confidence: float


@dataclass
class OcrPage:
    rows: list[Row]
    confidences: dict[Box, tuple[Box, float]]  # layout box of a piece -> (its box on the page, confidence)
    edges: list[float] | None


_SPACE = re.compile(r"(?<![A-Za-z0-9.%]) +| +(?![A-Za-z0-9])")
_FULL = str.maketrans({"(": "（", ")": "）"})
_COLON = re.compile(r"(?<=[\u4e00-\u9fff）])[:](?!\d)|(?<=[\u4e00-\u9fff）]);")


_LEVEL1 = "(?:产出|效益|满意度|成本)指标"
_LEVELS = _LEVEL1 + "|(?:数量|质量|时效|成本)指标|(?:社会|经济|生态)效益|可持续影响|服务对象满意度"
# the recognizer's confusions in the forms' fixed labels at low resolution (； read as : or ：,
# the - of a level code read as . , a closing bracket lost at a cell edge), and two in running text
# (the ； between enumerated clauses, × read as x): put back only where the printed character is
# certain from its neighbours
_REPAIRS = (
    (re.compile(r"(?<=\d、\d)[.](?=[\u4e00-\u9fff])|(?<=\d、\d\d)[.](?=[\u4e00-\u9fff])"), "-"),
    (re.compile(r"(?:(?<=[、；;：:])|^)(\d{1,2})(?=" + _LEVELS + ")"), r"\1-"),  # 3、3满意度指标 → 3、3-满意度指标
    (re.compile(r"(?<!\d)(\d{1,2}-[\u4e00-\u9fff]{2,7}?)[:：]"), r"\1；"),  # 1-产出指标：11-… → ；
    (re.compile(r"[:：](?=实施周期指标值|年度指标值)"), "；"),
    (re.compile(r"(?<=[\u4e00-\u9fff%A-Za-z）])(?=\d{1,2}、\d{1,2}-)"), "。"),  # …100%2、2-效益 → …100%。2、
    (re.compile(r"(?<=[\u4e00-\u9fff])(?<![（(万])(?=(?:万元|元)）)"), "（"),  # 资金总额万元） → 资金总额（万元）
    (re.compile(r"^([\u4e00-\u9fff]{2,8}?)(万元|元)$"), r"\1（\2）"),  # a label cell with both brackets lost
    (re.compile(r"[:：](?=[二三四五六七八九十]是)"), "；"),  # 一是…；二是…: the ； before an enumerated clause
    (re.compile(r"(?<=[\u4e00-\u9fff])[xX](?=\d)"), "×"),  # 处理量×0.8: a Latin x after CJK, before a digit
)
_CELL_LABELS = ("项目名称（资金使用单位）",)  # a cell whose closing bracket is lost on its wrapped line
# an indicator item's head, `。2、1-产出指标`, as the recognizer reads it at low resolution: the full
# stop before it lost or read as . or 、 (`100%2、1-`, `115.2、1-`), the 、 after the number read as
# . or lost, the - as . or lost (`3.1.产出指标`, `,32-效益指标`)
_ITEM_HEAD = re.compile(
    rf"(?P<pre>[。；;，,.、．]?)(?P<digits>\d{{1,4}})[、.,，．]?(?P<level>[1-4])[-.．、]?(?={_LEVEL1})"
)
_ITEM_SEPARATORS = "。；;，,"


class _ItemHeads:
    """The item heads of one cell put back in the printed shape, `<separator>N、L-`. Items are
    numbered in order, so the number expected next tells a target's last digits from the item
    number run into them (`2802、1-`: target 280, item 2) and a decimal point from a lost full
    stop (`≥2.3、2-` where item 3 is due: target ≥2). A head whose number is not the one due is
    left as read (after the first: a cell may continue a list from the page before)."""

    def __init__(self) -> None:
        self.due: int | None = None

    def __call__(self, m: re.Match[str]) -> str:
        digits, pre = m["digits"], m["pre"]
        if self.due is not None and digits.endswith(str(self.due)):
            number, lead = str(self.due), digits[: -len(str(self.due))]
        elif self.due is None and len(digits) <= 2:
            number, lead = digits, ""
        else:
            return m.group()
        self.due = int(number) + 1
        head = f"{number}、{m['level']}-"
        if lead:  # the previous target's digits, then the full stop that was lost
            return f"{pre}{lead}。{head}"
        if pre and pre in _ITEM_SEPARATORS:
            return pre + head
        return head if m.start() == 0 else "。" + head


def tidy(text: str) -> str:
    """The recognizer's spaces between CJK characters dropped; brackets, colons and semicolons
    after CJK text in the forms' full-width shape (the scorer compares NFKC, the parsers look
    for the printed labels such as 项目名称（资金使用单位）); label confusions repaired."""
    text = _SPACE.sub("", text.strip()).translate(_FULL)
    return _COLON.sub(lambda m: {":": "：", ";": "；"}[m.group()], text)


def _repaired(cell: Cell) -> Cell:
    """The label repairs run over the whole cell (a label may wrap between two recognized lines);
    each repaired character stays in the piece (and box) the text it replaces came from."""
    text = "".join(t for t, _ in cell)
    owner = [k for k, (t, _) in enumerate(cell) for _ in t]
    for pattern, label in ((_ITEM_HEAD, _ItemHeads()), *_REPAIRS):
        parts: list[str] = []
        owners: list[int] = []
        cursor = 0
        for m in pattern.finditer(text):
            parts.append(text[cursor : m.start()])
            owners += owner[cursor : m.start()]
            new = label(m) if callable(label) else m.expand(label)
            at = owner[m.start()] if m.start() < len(owner) else owner[-1]
            parts.append(new)
            owners += [at] * len(new)
            cursor = m.end()
        parts.append(text[cursor:])
        owners += owner[cursor:]
        text, owner = "".join(parts), owners
    pieces = ["".join(ch for ch, k in zip(text, owner, strict=True) if k == i) for i in range(len(cell))]
    return [(t, box) for t, (_, box) in zip(pieces, cell, strict=True) if t]


def recognize(image: Any, document: str, threads: int | None = None) -> tuple[Found, RuledPage]:
    """The recognizer's lines on the page with its rules removed, and the lone comparator marks it
    cannot read (marks.py): (quad in pixels, text, confidence); and the page without its rules."""
    page = rule_free(image)
    options = {"unclip_ratio": UNCLIP or 1.6, "box_thresh": 0.5, "text_score": 0.0}  # all readings: marks.py sorts
    found, _ = load_engine(document, threads)(page.image, use_cls=False, return_word_box=True, **options)
    readings = [(r[0], r[1], float(r[2]), r[3] if len(r) > 3 else None) for r in found or []]
    return with_marks(page.ink, readings), page


def ocr_page(
    image: Any, dpi: float, document: str, edges: list[float] | None = None, threads: int | None = None
) -> OcrPage:
    """One page image → its rows of cells, with every piece's page box and confidence."""
    found, page = recognize(image, document, threads)
    scale = 72.0 / dpi
    turn = Turn(page_angle([q for q, _, _ in found], page.horizontal), image.width, image.height, dpi)
    words: list[Word] = []
    confidences: dict[Box, tuple[Box, float]] = {}
    for quad, raw, score in found:
        text = tidy(raw)
        if not text:
            continue
        xs, ys = [p[0] for p in quad], [p[1] for p in quad]
        page_box = (min(xs) * scale, min(ys) * scale, max(xs) * scale, max(ys) * scale)
        turned = [turn(x, y) for x, y in quad]
        x0, x1 = ink_extent(page.ink, quad, turn) or (min(p[0] for p in turned), max(p[0] for p in turned))
        top, bottom = min(p[1] for p in turned), max(p[1] for p in turned)
        cut = (bottom - top) * SHRINK
        word = {"text": text, "x0": x0, "x1": x1, "top": top + cut, "bottom": bottom - cut}
        words.append(word)
        confidences[(x0, top + cut, x1, bottom - cut)] = (page_box, score)
    if not words:
        return OcrPage([], confidences, edges)
    borders = sorted((turn(x0, y0)[1] + turn(x1, y1)[1]) / 2 for x0, y0, x1, y1 in page.horizontal)
    ruled = len(borders) >= MIN_BORDERS
    walls = [_wall(turn(x0, y0), turn(x1, y1)) for x0, y0, x1, y1 in page.vertical] if ruled else None
    rows, edges = unruled_rows(lines_of(words), edges, borders if ruled else None, walls)
    for row in rows:
        row.cells = [_tidy_cell(cell) for cell in row.cells]
    return OcrPage(rows, confidences, edges)


def _wall(top: tuple[float, float], bottom: tuple[float, float]) -> tuple[float, float, float]:
    """A vertical rule in deskewed points: its x, its top and its bottom."""
    return (top[0] + bottom[0]) / 2, top[1], bottom[1]


def _tidy_cell(cell: Cell) -> Cell:
    """Cell-wide repairs: a lost closing bracket of a label, the label repairs, and quotes paired (the recognizer
    reads a closing ” as “ or "), a quote that closes an open one becoming ”."""
    if not cell:
        return cell
    if "".join(t for t, _ in cell) in {label[:-1] for label in _CELL_LABELS}:
        cell = [*cell, (_CELL_LABELS[0][-1], cell[-1][1])]
    cell = _repaired(cell)
    out: Cell = []
    open_quote = False
    for text, box in cell:
        chars = []
        for ch in text:
            if ch in '“"' and open_quote:
                ch, open_quote = "”", False
            elif ch == "“":
                open_quote = True
            elif ch == "”":
                open_quote = False
            chars.append(ch)
        out.append(("".join(chars), box))
    return out

"""Chunks of a document in a layout no offline form reads, cut by token budget on row boundaries.

The layout is unknown, so a row boundary is inferred: the start of a line that opens with a level
name or a key label (产出指标, 数量指标, 项目名称 ...) is a safe cut; so is any line start when most
lines carry cell separators (each line is a row); an over-long line (the no-separator dialect) is
cut before a level name inside it. Only when none of these falls within the budget is the chunk
cut at a plain line start, and only a single line longer than twice the budget is cut mid-line.
The grid header seen last (一级指标 | 二级指标 | 三级指标 | 指标值) travels with every later chunk as
context, so each chunk can be read alone; it is not part of the chunk's text (nothing is grounded
in it)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from docnorm.extractor.forms.form_p.cells import GRID_LABELS, HEADER_LABELS
from docnorm.llm.tokens import estimate_tokens

_LEVEL2 = (
    r"(?:数量|质量|时效|成本|经济效益|社会效益|生态效益|可持续影响|服务对象满意度|经济成本|社会成本|生态环境成本)指标"
)
_ROW_WORD = re.compile(rf"(?:预期)?(?:产出|效益|满意度|成本)指标|{_LEVEL2}|项目名称|项目支出名称|一级指标")
_ROW_START = re.compile(rf"^[ \t|│]*(?:{_ROW_WORD.pattern}|主管部门|实施单位|资金总额|年度目标|总体目标)")
_GRID_COLUMN = "|".join(re.escape(label) for label in sorted(GRID_LABELS, key=len, reverse=True))
# project columns a multi-project grid prints before the indicator columns (项目名称, 单位名称, 资金总额 …)
_PROJECT_COLUMN = "|".join(re.escape(k) for k in sorted(HEADER_LABELS, key=len, reverse=True) if len(k) >= 4)
_COLUMN = rf"(?:{_PROJECT_COLUMN}|{_GRID_COLUMN})(?:[(（](?:万元|元)[)）])?"
# the grid header itself, never more of its line (a form run together on one line holds it mid-line);
# its column names may stand one to a line
_GRID_HEADER = re.compile(rf"{_COLUMN}(?:[ \t|｜\n]*{_COLUMN})+")
_COLUMNS = re.compile(_GRID_COLUMN)
_LEVEL1_ALONE = re.compile(r"[|│ \t]*(?:预期)?(?:产出|效益|满意度|成本)指标[|│ \t]*")
_SEPARATED = re.compile(r"[|\t]")


@dataclass(frozen=True)
class LayoutChunk:
    position: int  # 1-based, in document order
    start: int
    end: int
    text: str
    header: str  # the grid header printed before this chunk ("" when none or inside it)
    document: str = ""

    @property
    def label(self) -> str:
        return f"chunk {self.position}"

    @property
    def key(self) -> str:
        return f"{self.document}#{self.label}"

    @property
    def tokens(self) -> int:
        return estimate_tokens(self.header + self.text)


def _row_words(line: str) -> list[int]:
    """Where a level name or key label starts a cell inside a line; a level-2 name right after a
    level-1 name (`产出指标数量指标…`) is the same row, so not a cut."""
    starts, previous_end = [], -1
    for m in _ROW_WORD.finditer(line):
        if m.start() > 0 and m.start() != previous_end:
            starts.append(m.start())
        previous_end = m.end()
    return starts


def _cuts(text: str) -> tuple[list[int], list[int], list[int]]:
    """(safe row starts, vocabulary cuts inside lines, plain line starts), each sorted."""
    lines = text.split("\n")
    separated = sum(1 for line in lines if _SEPARATED.search(line)) > len(lines) / 2
    safe: list[int] = []
    inner: list[int] = []
    plain: list[int] = []
    at = 0
    previous = ""
    for line in lines:
        if at:
            same_row = _LEVEL1_ALONE.fullmatch(previous.strip()) is not None  # a level-2 cell on the next line
            (safe if separated or (_ROW_START.match(line) and not same_row) else plain).append(at)
        inner += [at + start for start in _row_words(line)]
        at += len(line) + 1
        previous = line
    return safe, inner, plain


def _best(cuts: list[int], low: int, high: int) -> int | None:
    """The last cut in (low, high], if any."""
    return max((c for c in cuts if low < c <= high), default=None)


def _headers(text: str) -> list[tuple[int, str]]:
    """Each grid header (three column names or more in a row) and where it starts."""
    return [(m.start(), m.group()) for m in _GRID_HEADER.finditer(text) if len(_COLUMNS.findall(m.group())) >= 3]


def layout_chunks(
    text: str, document: str, budget_tokens: int, region: tuple[int, int] | None = None
) -> list[LayoutChunk]:
    """The whole text (or text[region]) as consecutive chunks of about ``budget_tokens`` each (the
    last may be smaller), offsets in the whole text; a grid header printed before the region travels
    with its chunks."""
    per_char = estimate_tokens(text) / max(1, len(text))
    budget = max(40, int(budget_tokens / max(per_char, 0.05)))
    headers = _headers(text)
    safe, inner, plain = (
        [c for c in cuts if not any(at < c < at + len(h) for at, h in headers)] for cuts in _cuts(text)
    )  # never inside a grid header
    chunks: list[LayoutChunk] = []
    start, stop = region or (0, len(text))
    while start < stop:
        end = stop if stop - start <= budget else None
        for cuts, reach in ((safe, budget), (inner, budget), (plain, budget), (safe + inner + plain, 2 * budget)):
            end = end or _best(cuts, start + budget // 4, start + reach)
        end = min(end or start + budget, stop)
        if text[start:end].strip():
            header = next((line for at, line in reversed(headers) if at < start), "")
            chunks.append(LayoutChunk(len(chunks) + 1, start, end, text[start:end], header, document))
        start = end
    return chunks

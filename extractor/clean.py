"""Stage 2 — clean: mask layout noise (page headers, column headers, HTML tags) with spaces.

Masking instead of deleting keeps every offset valid, so spans computed later still point into
the decoded input; what was masked is counted as noise, never silently lost."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from docnorm.schemas.document import NoiseSummary

TITLE_A = "项目支出绩效目标表（含转移支付项目）"
TITLE_B = "部门整体预算绩效目标申报表"
_TITLE_LINE = re.compile(r"^[ \t]*(项目支出绩效目标表（含转移支付项目）|部门整体预算绩效目标申报表)[ \t]*$", re.M)
_DEPT_LINE = re.compile(
    r"^[ \t]*部门名称[：:][ \t]*(?P<dept>[^\t\n]*?)(?:[ \t]+单位[：:][ \t]*(?P<unit>\S+))?[ \t]*$", re.M
)
_MONEY_LINE = re.compile(r"^[ \t]*单位[：:][ \t]*(?P<unit>\S+)[ \t]*$", re.M)
_HEADER_WORDS = (
    "项目名称（资金使用单位）",
    "财政专户拨款",
    "财政拨款",
    "其他资金",
    "总计",
    "财政",
    "专户",
    "拨款",
    "其他",
    "资金",
    "绩效目标",
    "绩效指标",
)
_HEADER_WORD = "|".join(map(re.escape, _HEADER_WORDS))
_COLUMN_LINE = re.compile(rf"^[ \t]*(?:{_HEADER_WORD})(?:[ \t]+(?:{_HEADER_WORD}))*[ \t]*$", re.M)
_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>\n]{0,60})?/?>|&nbsp;")
# page furniture a PDF-to-text tool leaves on lines of their own: 第 3 页，共 40 页 / 第3页 / - 3 - / 3/40
_FOOTER_LINE = re.compile(
    r"^[ \t]*(?:第[ \t]*\d{1,4}[ \t]*页(?:[ \t]*[，,/／]?[ \t]*共[ \t]*\d{1,4}[ \t]*页)?"
    r"|[-—–－][ \t]*\d{1,4}[ \t]*[-—–－]|\d{1,4}[ \t]*[/／][ \t]*\d{1,4}|共[ \t]*\d{1,4}[ \t]*页[ \t]*第[ \t]*\d{1,4}[ \t]*页)[ \t]*$",
    re.M,
)
# control characters (NUL, BEL, ESC and ANSI sequences, ...) are removed as noise; \t \n \r stay
_CONTROL = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|[\x00-\x08\x0e-\x1f\x7f]")
# blanks other than space, tab and line feed become spaces, so every stage sees one kind of blank
# a regex, not str.translate: translate looks up every character of a CJK text (0.5 s for 20 MB), the
# regex skips to the few blanks (0.03 s)
_OTHER_BLANK = re.compile("[\f\v\u3000\xa0\u2002\u2003\u2009\u200b\ufeff]")


@dataclass
class Header:
    title: str | None = None
    department: str | None = None
    money_unit: str | None = None


@dataclass
class Cleaned:
    """The decoded text with noise masked by spaces (same length, same offsets)."""

    original: str
    masked: str
    header: Header
    noise: dict[str, list[int]] = field(default_factory=dict)  # kind -> [count, chars]
    ranges: dict[str, list[tuple[int, int]]] = field(default_factory=dict)  # kind -> masked [start, end)

    def summary(self) -> list[NoiseSummary]:
        return [
            NoiseSummary(kind=k, count=v[0], chars=v[1], spans=self.ranges.get(k, []))
            for k, v in sorted(self.noise.items())
        ]


_NON_SPACE = re.compile(r"\S")


class _Masker:
    """Collects ranges to blank out, then builds the masked text in one pass. Counts come from the
    original text; the masked text is built from ``base`` (the same text with its blanks unified)."""

    def __init__(self, text: str, base: str) -> None:
        self.text = text
        self.base = base
        self.ranges: list[tuple[int, int]] = []
        self.noise: dict[str, list[int]] = {}
        self.by_kind: dict[str, list[tuple[int, int]]] = {}

    def mask(self, kind: str, start: int, end: int) -> None:
        count = len(_NON_SPACE.findall(self.text, start, end))
        if count:
            self.ranges.append((start, end))
            self.by_kind.setdefault(kind, []).append((start, end))
            entry = self.noise.setdefault(kind, [0, 0])
            entry[0] += 1
            entry[1] += count

    def masked(self) -> str:
        parts, cursor = [], 0
        for start, end in sorted(self.ranges):
            start = max(start, cursor)
            parts.append(self.base[cursor:start])
            parts.append(_NON_SPACE.sub(" ", self.base[start:end]))
            cursor = max(cursor, end)
        parts.append(self.base[cursor:])
        return "".join(parts)


def _header(text: str) -> Header:
    header = Header()
    if (m := _TITLE_LINE.search(text)) is not None:
        header.title = m.group(1)
    if (m := _DEPT_LINE.search(text)) is not None:
        header.department = m.group("dept").strip() or None
        header.money_unit = m.group("unit")
    if header.money_unit is None and (m := _MONEY_LINE.search(text)) is not None:
        header.money_unit = m.group("unit")
    return header


_CANDIDATE_LINE = re.compile(
    rf"^[ \t]*(?:项目支出绩效目标表|部门整体预算绩效目标申报表|部门名称|单位[：:]|{_HEADER_WORD})[^\n]*$", re.M
)


def _header_block_lines(text: str) -> list[tuple[int, int, str]]:
    """Line ranges of page-header blocks: title, 部门名称 and 单位 lines, and the column header,
    which broken layouts spread over several lines (`财政` / `专户` / `拨款` …). A lone header word
    counts only inside a column header that has begun (`项目名称…`) and not yet ended (`绩效指标`),
    so a wrapped content line that happens to read `资金` is never masked. One regex scan finds
    the candidate lines; content between two candidates ends a block."""
    result: list[tuple[int, int, str]] = []
    in_block = in_columns = False
    previous_end = 0
    for match in _CANDIDATE_LINE.finditer(text):
        start, end, line = match.start(), match.end(), match.group()
        if not text[previous_end:start].isspace() and previous_end < start:
            in_block = in_columns = False
        previous_end = end
        if _TITLE_LINE.fullmatch(line) or _DEPT_LINE.fullmatch(line):
            result.append((start, end, "page header"))
            in_block = True
        elif _COLUMN_LINE.fullmatch(line) and ("项目名称" in line or in_columns):
            result.append((start, end, "column header"))
            in_block, in_columns = True, "绩效指标" not in line
        elif in_block and _MONEY_LINE.fullmatch(line):
            result.append((start, end, "page header"))
        else:
            in_block = in_columns = False
    return result


def _base(text: str, masker: _Masker) -> str:
    """Control characters masked (and counted); other blanks unified to spaces. Same length."""
    chars = list(_OTHER_BLANK.sub(" ", text)) if _CONTROL.search(text) else None
    if chars is None:
        return _OTHER_BLANK.sub(" ", text)
    for m in _CONTROL.finditer(text):
        masker.mask("control character", m.start(), m.end())
        chars[m.start() : m.end()] = " " * (m.end() - m.start())
    return "".join(chars)


def clean(text: str, *, form: str = "A") -> Cleaned:
    """Mask page headers, column headers, footers, control characters and tags. Form B keeps its
    labelled rows (they carry data)."""
    masker = _Masker(text, text)
    masker.base = base = _base(text, masker)
    for m in _FOOTER_LINE.finditer(base):
        masker.mask("page footer", m.start(), m.end())
    unfooted = masker.masked()  # a footer between two header lines must not break the block
    header = _header(unfooted)
    if form == "A":
        for start, end, kind in _header_block_lines(unfooted):
            masker.mask(kind, start, end)
    else:
        for m in _TITLE_LINE.finditer(base):
            masker.mask("page header", m.start(), m.end())
    for m in _TAG.finditer(base):
        masker.mask("html tag", m.start(), m.end())
    return Cleaned(text, masker.masked(), header, masker.noise, masker.by_kind)

"""Cells of the no-separator dialect: each row of the form printed as one run of characters
(`主管部门某区民政局实施单位某街道办事处`, `一级指标二级指标三级指标指标值权重`,
`产出指标数量指标服务户数≥2209户20正向`). Only the closed vocabulary and the shape of values can
split them: header rows at their labels (a goal label takes the rest of the line), the grid header
into its column names, grid rows into level names at the front, then — read from the end — the
指标方向, the 权重 and the target(s) the grid header announced, the name being what is left.

Blanks inside a run (`时效 指标`) are stepped over: the cuts are made on the line without them and
every cell keeps the offsets of its own characters in the source."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from docnorm.extractor.forms.form_p.cells import (
    FUND_PARTS,
    FURNITURE,
    GRID_LABELS,
    HEADER_LABELS,
    MONEY_LINE,
    PAGE_NUMBER,
    TITLE,
    Cell,
    squeeze,
)
from docnorm.extractor.forms.form_p.runon_projects import project_run

__all__ = ["GRID_HEAD", "RunOn", "fund_cuts", "is_run_on", "label_name"]


def _alternation(words: object) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))  # type: ignore[call-overload]


_BRACKET = r"(?:[(（](?:万元|元|%)[)）])?"
# header labels that are safe to cut at inside a run (four characters or more, naming a field)
_HEADER = re.compile(rf"(?:{_alternation(k for k, v in HEADER_LABELS.items() if v and len(k) >= 4)}){_BRACKET}[:：]?")
_GOALS = {k for k, v in HEADER_LABELS.items() if v in ("period_goal", "annual_goal")}
_GRID = re.compile(rf"(?:{_alternation(GRID_LABELS)}){_BRACKET}")
GRID_HEAD = re.compile(rf"{_GRID.pattern}(?:{_GRID.pattern})+")  # a grid header run together
_SCORE = r"(?:[(（]?\d+(?:[-~－—至]\d+)?分?[)）]?分?)?"
_LEVEL1 = re.compile(rf"(?:预期)?(?:产出|效益|满意度|成本|影响)指标{_SCORE}")
_LEVEL2 = re.compile(
    rf"(?:数量|质量|时效|成本|经济效益|社会效益|生态效益|生态环境效益|可持续影响|社会公众或服务对象满意度|服务对象满意度"
    rf"|满意度|经济成本|社会成本|生态环境成本|生态成本){_SCORE}指标{_SCORE}"
)
_LEVEL = re.compile(f"{_LEVEL2.pattern}|{_LEVEL1.pattern}")
_COMPARATOR = r"(?:≥=|≤=|>=|=>|<=|=<|≥|≧|≤|≦|＞|＜|>|<|=|＝|═)"
_NUMBER = r"\d+(?:[.,]\d+)*"
_UNIT = r"(?:%|‰|[^\d≥≧≤≦><=＝═＞＜%‰]{1,5}?)?(?:以上|以下|以内|左右)?"
_QUALITATIVE = (
    r"(?:明显|有效|持续|逐步|逐年|显著|稳步|不断|大幅|进一步|全面|基本|得到|有所|普遍)?"
    r"(?:改善|提升|提高|完善|增强|增加|加强|下降|减少|降低|好转|优化|规范|保障)"
    r"|达标|合格|良好|优良|较好|按期完成|按时完成|完成|消除|全覆盖|及时|符合要求|是|否|无"
)
_DATE = r"\d{4}年(?:\d{1,2}月)?(?:\d{1,2}日)?(?:底|末|前|以前|之前|内|完成)*"
_TARGET = re.compile(
    rf"(?:定性|定量)?(?:(?:{_COMPARATOR})?(?:{_DATE}|{_NUMBER}{_UNIT}|{_QUALITATIVE})|{_COMPARATOR}.+)"
)
_PARTS = re.compile(
    rf"(?P<nature>{_COMPARATOR}|定性|定量)?(?P<value>{_NUMBER}|{_QUALITATIVE}|.+?)(?P<unit>%|‰|[^\d]{{1,5}})?"
)
_DIRECTION = re.compile(r"(?:正向|反向)(?:指标)?$")
_SHARE = re.compile(rf"(?P<label>{_alternation(k for k in FUND_PARTS if '(' not in k)})(?P<amount>{_NUMBER})?")
_WEIGHT = re.compile(rf"(?<![\d.]){_NUMBER}$")

Cut = tuple[int, int]  # a cell's range in the line without blanks
_PART_COLUMNS = {"nature", "annual", "unit", "weight", "direction", "standard", "description"}


def fund_cuts(text: str, start: int, end: int) -> list[Cut]:
    """`中央80省级50市级26本级20` (a two-level fund header's shares after 财政资金, each with its amount)
    cut into its labels and amounts; any other value is one cut."""
    cuts: list[Cut] = []
    pos = start
    while pos < end and (m := _SHARE.match(text, pos, end)) is not None:
        if m.group("amount") is None:
            break  # a share without its amount: the amounts are printed apart and cannot be told apart
        cuts += [m.span("label"), m.span("amount")]
        pos = m.end()
    return cuts if cuts and pos == end else [(start, end)]


def is_run_on(text: str) -> bool:
    """No `|` or tab anywhere, and at least two labels run together with the value between them
    (`主管部门某局实施单位某中心`: no blank before the next label), on lines that start with a label or
    with the form's title (a whole form on one line), or a multi-project grid's header run together."""
    if "|" in text or "\t" in text or "｜" in text:
        return False
    runs = 0
    for line in text.split("\n")[:400]:
        if "指标" in line and _run_on_project_header(line):
            return True
        labels = list(_HEADER.finditer(line.strip()))
        if not labels or labels[0].start() > 0 and not TITLE.search(line.strip()[: labels[0].start()]):
            continue
        for a, b in zip(labels, labels[1:], strict=False):
            gap = line.strip()[a.end() : b.start()]
            runs += bool(gap) and not gap[0].isspace() and not any(ch.isspace() for ch in gap)
    return runs >= 2


_HEAD_REACH = 4000  # a grid header stands near its line's start (after a title and page furniture at most)


def _run_on_project_header(line: str) -> bool:
    """A multi-project grid's header in the line, its labels run together (not spaced apart: a stray
    blank or two inside level words allowed)."""
    line = line[:_HEAD_REACH]
    kept = [i for i, ch in enumerate(line) if not ch.isspace()]
    text = "".join(line[i] for i in kept)
    for m in _HEADER.finditer(text):
        head = RunOn()._project_header(text, m.start(), whole=False)
        if head is not None:
            a, b = head[0][0], head[-1][1]
            return 2 * ((kept[b - 1] - kept[a] + 1) - (b - a)) < len(head)
    return False


def label_name(label: str) -> str:
    """A label as run together (`资金总额（万元）:`) without its bracketed unit and colon: its vocabulary key."""
    return re.sub(r"[(（].*|[:：]$", "", label)


def cells_at(line: str, blanks: list[int], cuts: list[Cut], offset: int, number: int, in_row: bool) -> list[Cell]:
    """Cells of `line` from cuts made on it without its blanks (`blanks`: where each kept character stands)."""
    return [
        Cell(line[blanks[i] : blanks[j - 1] + 1], offset + blanks[i], offset + blanks[j - 1] + 1, number, in_row)
        for i, j in cuts
    ]


def _label_at(text: str, pos: int) -> re.Match[str] | None:
    """The next header label from `pos`; of two that overlap, the one ending later (in `延续项目实施期限`
    the label is 实施期限, not 项目实施期: a value never starts with the rest of a label); of two that end
    together after `pos`, one opening with 项目 only if the value before it already ends in 项目
    (`新增项目资金总额`, but `延续项目项目起止时间`: attribute values end in 项目)."""
    m = _HEADER.search(text, pos)
    while m is not None:
        later = _HEADER.search(text, m.start() + 1)
        if later is not None and later.end() == m.end() and m.start() > pos and m.group().startswith("项目"):
            # `新增项目资金总额`: the value keeps its 项目 (资金总额); `延续项目项目起止时间`: it has it already
            return m if text[pos : m.start()].endswith("项目") else later
        if later is None or later.start() >= m.end() or later.end() <= m.end():
            return m
        m = later
    return None


@dataclass
class RunOn:
    """Reads the run-on lines of one document in order (the grid header tells how rows end)."""

    columns: list[str] = field(default_factory=list)
    projects: list[str] = field(default_factory=list)  # a multi-project grid's project columns

    @property
    def targets_wanted(self) -> int:
        """How many target cells a row holds: two when the grid header names a 中期 and a 年度 column."""
        return 2 if "period" in self.columns and "annual" in self.columns else 1

    def cells(self, line: str, offset: int, number: int) -> list[Cell] | None:
        """The line's cells, or None when it is one cell (a title, furniture, a lone value)."""
        blanks = [i for i, ch in enumerate(line) if not ch.isspace()]
        text = "".join(line[i] for i in blanks)
        if not text or TITLE.search(text) or MONEY_LINE.match(squeeze(text)) or FURNITURE.search(text):
            return None
        if PAGE_NUMBER.match(text):
            return None
        cuts = self._project_header(text) or self._header(text) or self._grid_header(text)
        cuts = cuts or (self._row(text) if self.columns else None)
        if not cuts or len(cuts) < 2:
            return None
        return cells_at(line, blanks, cuts, offset, number, in_row=True)

    def _header(self, text: str) -> list[Cut] | None:
        """`label value label value …`; a goal label's value is the rest of the line."""
        labels: list[re.Match[str]] = []
        pos = 0
        while (m := _label_at(text, pos)) is not None:
            if not labels and m.start() != 0:
                return None
            labels.append(m)
            if label_name(m.group()) in _GOALS:
                break
            pos = m.end()
        if not labels:
            return None
        cuts: list[Cut] = []
        for k, m in enumerate(labels):
            cuts.append((m.start(), m.end()))
            end = labels[k + 1].start() if k + 1 < len(labels) else len(text)
            if end > m.end():
                cuts += fund_cuts(text, m.end(), end)
        return cuts

    def _project_header(self, text: str, pos: int = 0, whole: bool = True) -> list[Cut] | None:
        """A multi-project grid's header at `pos`: project column labels (项目名称 among them) run into
        the grid's column names (which end the text when `whole`)."""
        cuts: list[Cut] = []
        while (m := _HEADER.match(text, cuts[-1][1] if cuts else pos)) is not None:
            cuts.append(m.span())
        names = [HEADER_LABELS.get(label_name(text[i:j])) for i, j in cuts]
        if "name" not in names or len(cuts) < 2:
            return None
        rest = cuts[-1][1]
        end = len(text) if whole else (g.end() if (g := GRID_HEAD.match(text, rest)) is not None else rest)
        grid = self._grid_header(text[rest:end]) if end > rest else None
        if grid is None:
            return None
        self.projects = [n for n in names if n]
        return cuts + [(i + rest, j + rest) for i, j in grid]

    def _grid_header(self, text: str) -> list[Cut] | None:
        cuts: list[Cut] = []
        pos = 0
        while pos < len(text):
            m = _GRID.match(text, pos)
            if m is None:
                return None
            cuts.append((m.start(), m.end()))
            pos = m.end()
        names = [GRID_LABELS.get(re.sub(r"[(（].*", "", text[i:j])) for i, j in cuts]
        if "level1" in names or "name" in names:
            self.columns = [n for n in names if n]
        elif self.columns and set(names) <= _PART_COLUMNS:
            self.columns += [n for n in names if n]  # the grid header's second row: the target groups' parts
        else:
            return None
        return cuts

    def _row(self, text: str) -> list[Cut]:
        """Level names wherever they stand (a line may hold several rows run together); each
        stretch between them is a row's rest: read from the end, its direction, weight and targets."""
        cuts: list[Cut] = []
        pos = 0
        for m in _LEVEL.finditer(text):
            first_level1 = self.projects and pos == 0 and _LEVEL1.fullmatch(m.group())
            run = project_run(text, 0, m.start(), self.projects) if first_level1 else None
            if run:
                cuts += run  # a multi-project grid: the project's cells before its first level-1 name
            elif m.start() > pos:
                cuts += self._rest(text, pos, m.start())
            cuts.append(m.span())
            pos = m.end()
        if pos < len(text):
            cuts += self._rest(text, pos, len(text))
        return cuts

    def _rest(self, text: str, pos: int, end: int) -> list[Cut]:
        """The name, the target(s), the weight and the direction in text[pos:end]."""
        tail: list[Cut] = []
        if "direction" in self.columns and (m := _DIRECTION.search(text, pos, end)) is not None and m.start() > pos:
            tail.insert(0, (m.start(), end))
            end = m.start()
        if "weight" in self.columns and (m := _WEIGHT.search(text[:end], pos)) is not None and m.start() > pos:
            tail.insert(0, (m.start(), end))
            end = m.start()
        targets = self._targets(text, pos, end)
        name_end = targets[0][0] if targets else end
        return ([(pos, name_end)] if name_end > pos else []) + targets + tail

    def _targets(self, text: str, start: int, end: int) -> list[Cut]:
        """The target cells at the end of text[start:end], leaving a name of one character or more."""
        wanted = self.targets_wanted
        for p in range(start + 1, end):
            if wanted == 1 and _TARGET.fullmatch(text, p, end):
                return self._parts(text, p, end)
            if wanted == 2 and _TARGET.match(text, p):
                q = next(
                    (q for q in range(p + 1, end) if _TARGET.fullmatch(text, p, q) and _TARGET.fullmatch(text, q, end)),
                    None,
                )
                if q is not None:
                    return self._parts(text, p, q) + self._parts(text, q, end)
        return []

    def _parts(self, text: str, start: int, end: int) -> list[Cut]:
        """One target cell, or its 指标性质 / 指标值 / 度量单位 cells when the grid prints them apart."""
        if "nature" not in self.columns and "unit" not in self.columns:
            return [(start, end)]
        m = _PARTS.fullmatch(text, start, end)
        if m is None:
            return [(start, end)]
        if m.group("nature") == "定性":  # a qualitative value is one cell, `100%` included
            return [m.span("nature"), (m.end("nature"), end)]
        return [m.span(g) for g in ("nature", "value", "unit") if m.group(g)]

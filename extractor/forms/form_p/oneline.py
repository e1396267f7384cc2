"""A whole per-project form run together on one line (`项目支出绩效目标表项目名称某某主管部门某局…一级指标二级
指标三级指标指标值产出指标数量指标服务户数≥2209户质量指标验收合格率100%…`): the no-separator dialect with
no line ends left at all. The line is cut into the cells one cell per line would have given: the
title and money unit before the first label, `label value` pairs (a goal runs to the next goal label
or the grid header), the grid's column names, then the grid. In the grid, level names are cut where
they stand; the rows between them are not marked at all, so the stretch is cut into rows by a small
search: every row a name and the target(s) the grid header announced (with weight and direction where
printed), names free of comparators, `%` and directions; of the readings, the least doubtful, and of
those the one with the longest targets (`≥100人次` rather than `≥100人` and a name `次满意度`). The cells come out as if each stood on its own line, so the grid reads them by shape."""

from __future__ import annotations

import re

from docnorm.extractor.forms.form_p.cells import FURNITURE, HEADER_LABELS, Cell
from docnorm.extractor.forms.form_p.runon import (
    _COMPARATOR,
    _DATE,
    _GOALS,
    _LEVEL,
    _LEVEL1,
    _NUMBER,
    _QUALITATIVE,
    GRID_HEAD,
    Cut,
    RunOn,
    _alternation,
    _label_at,
    cells_at,
    fund_cuts,
    label_name,
)
from docnorm.extractor.forms.form_p.runon_projects import project_run

__all__ = ["WholeForm"]

_SECTION = re.compile(_alternation(k for k, v in HEADER_LABELS.items() if not v and len(k) >= 4))
_NEXT_FORM = re.compile(
    rf"(?:\d{{4}}年度?)?(?:项目支出)?绩效目标(?:申报)?表|{_alternation(k for k, v in HEADER_LABELS.items() if v == 'name')}"
)  # a title, or the label of a project's name
_MONEY = re.compile(r"[(（]?(?:金额)?单位[:：]?(?:万元|元)[)）]?")
_UNITS = (
    "%|‰|万人次|人次|场次|户次|个月|万元|元|公里|平方米|平方公里|千米|千克|小时|季度|工作日|万人|个|人|次|家|天|日|月|年|项|件|户"
    "|所|台|套|册|场|批|篇|期|座|辆|亩|吨|条|名|份|处|间|张|本|部|支|棵|株|米|度|周|分|万|类|种|门|只|头|块|盏|根|眼|口|栋"
)
_UNIT = rf"(?:万|千|百|亿)?(?:{_UNITS})(?:/(?:{_UNITS}))?"  # 万亩, 元/人, 次/年
_TARGET = re.compile(
    rf"(?:定性|定量)?(?:(?:{_COMPARATOR})?(?:{_DATE}|{_NUMBER}(?:{_UNIT})?(?:以上|以下|以内|左右)?|{_QUALITATIVE}))"
)
_WEIGHT = re.compile(r"\d{1,3}(?:\.\d+)?")
_DIRECTION = re.compile(r"(?:正向|反向)(?:指标)?")
_TARGET_START = re.compile(rf"定性|定量|{_COMPARATOR}|\d|{_QUALITATIVE}")
_LONGEST_ROW = 90
_YEAR = re.compile(r"\d{4}年")
_SENTENCE = re.compile(r"[，。；;,]")
_IN_ROWS_ONLY = re.compile(rf"{_COMPARATOR}|正向|反向|定性|定量")  # what a goal sentence never prints
_QUALITATIVE_WORD = re.compile(_QUALITATIVE)
_NOT_IN_NAME = re.compile(rf"{_IN_ROWS_ONLY.pattern}|[%‰]")  # nor an indicator's name, nor `%`


class WholeForm(RunOn):
    """RunOn, and a line holding the header and the grid together read as a whole form."""

    def cells(self, line: str, offset: int, number: int) -> list[Cell] | None:
        blanks = [i for i, ch in enumerate(line) if not ch.isspace()]
        text = "".join(line[i] for i in blanks)
        cuts = None if self._project_header(text) else self._forms(text)  # a multi-project grid's header
        if cuts is None:
            return super().cells(line, offset, number)
        return cells_at(line, blanks, cuts, offset, number, in_row=False)

    def _forms(self, text: str) -> list[Cut] | None:
        """The cells of every form on the line (a form ends where the next one's title or 项目名称 starts),
        or None when the line holds no header followed by a grid."""
        cuts: list[Cut] = []
        pos = 0
        while (head := GRID_HEAD.search(text, pos)) is not None:
            first = _label_at(text, pos)
            if first is None or first.start() >= head.start():
                break
            following = _NEXT_FORM.search(text, head.end())
            end = following.start() if following is not None else len(text)
            projects = self._project_header(text, first.start(), whole=False)
            if projects is not None and projects[-1][1] == head.end():  # a multi-project grid's header
                cuts += _title_cuts(text, pos, first.start()) if first.start() > pos else []
                cuts += [c for c in projects if c[1] <= head.start()]
            else:
                cuts += self._before_grid(text, pos, first.start(), head.start())
            cuts += self._grid(text, head.start(), head.end(), end)
            pos = end
        if not cuts:
            return None
        return cuts + ([(pos, len(text))] if pos < len(text) else [])

    def _before_grid(self, text: str, start: int, first: int, end: int) -> list[Cut]:
        """The title and money unit, then `label value` pairs; a goal's value ends only at a goal label."""
        cuts = _title_cuts(text, start, first) if first > start else []
        pos, in_goal = first, False
        section = _SECTION.search(text, pos, end)
        if section is not None and section.end() == end:
            end = section.start()  # `年度绩效指标` before the grid header: a label of its own
        while pos < end:
            m = _label_at(text, pos)
            if in_goal:
                while m is not None and label_name(m.group()) not in _GOALS:
                    m = _label_at(text, m.end())
            at = m.start() if m is not None and m.start() < end else end
            if at > pos:
                cuts += fund_cuts(text, pos, at)
            if at == end:
                break
            assert m is not None
            cuts.append(m.span())
            in_goal = label_name(m.group()) in _GOALS
            pos = m.end()
        return cuts + ([section.span()] if section is not None and section.start() == end else [])

    def _grid(self, text: str, start: int, head_end: int, form_end: int) -> list[Cut]:
        cuts = self._grid_header(text[start:head_end]) or []
        cuts = [(i + start, j + start) for i, j in cuts]
        furniture = FURNITURE.search(text, head_end, form_end)
        end = furniture.start() if furniture is not None else form_end
        pos = head_end
        for m in _LEVEL.finditer(text, head_end, end):
            project = (
                self._project_rows(text, pos, m.start()) if self.projects and _LEVEL1.fullmatch(m.group()) else None
            )
            cuts += project if project is not None else self._rows(text, pos, m.start())
            cuts.append(m.span())
            pos = m.end()
        cuts += self._rows(text, pos, end)
        return cuts + ([(end, form_end)] if end < form_end else [])

    def _rows(self, text: str, start: int, end: int) -> list[Cut]:
        """Cut text[start:end] into rows, the least doubtful way (see `_doubt`), then the one with the
        longest targets; a stretch no way reads stays one cell."""
        if start >= end:
            return []
        best = self._readings(text, start, end)
        return best[end][1] if end in best else [(start, end)]

    def _project_rows(self, text: str, start: int, level1: int) -> list[Cut] | None:
        """A multi-project grid: the stretch before a level-1 name ends in a project's cells (unit, name,
        amount, goal) after the last rows of the project before; of the places the rows can end from
        which the rest reads as a project's cells, one where unit and name can be told apart, else the
        last (`…服务保障` is a name, not a row `服务 | 保障`). None: no project starts here."""
        best = self._readings(text, start, level1)
        runs = [(at, run) for at in best if (run := project_run(text, at, level1, self.projects)) is not None]
        runs = [(at, run) for at, run in runs if _project_like(text, run)]
        if not runs:
            return None
        at, run = max(runs, key=lambda c: (len(c[1]), c[0]))  # a unit told from the name, else the last
        return best[at][1] + run

    def _readings(self, text: str, start: int, end: int) -> dict[int, tuple[tuple[int, int], list[Cut]]]:
        """For every place in text[start:end] a reading of rows can end: its score and its cuts."""
        best: dict[int, tuple[tuple[int, int], list[Cut]]] = {start: ((0, 0), [])}
        for i in range(start, end):
            if i not in best:
                continue
            (doubt, short), cuts = best[i]
            for j, row, row_doubt, target_chars in self._row_at(text, i, end):
                score = (doubt + row_doubt, short - target_chars)
                if j not in best or score < best[j][0]:
                    best[j] = (score, cuts + row)
        return best

    def _row_at(self, text: str, i: int, end: int) -> list[tuple[int, list[Cut], int, int]]:
        """Every way a row can start at i: (where it ends, its cuts, its doubt, its target characters)."""
        out = []
        wanted = self.targets_wanted
        for k in range(i + 2, min(end, i + _LONGEST_ROW)):
            if _TARGET_START.match(text, k) is None or not _is_name(text, i, k):
                continue
            for targets in _targets(text, k, end, wanted):
                t = targets[-1][1]
                for tail in self._tails(text, t, end):
                    parts = [c for a, b in targets for c in self._parts(text, a, b)]
                    last = tail[-1][1] if tail else t
                    doubt = _doubt(text[i:k], [text[a:b] for a, b in targets])
                    doubt += 3 * ("weight" in self.columns and not any(_WEIGHT.fullmatch(text, a, b) for a, b in tail))
                    out.append((last, [(i, k), *parts, *tail], doubt, sum(b - a for a, b in targets)))
        return out

    def _tails(self, text: str, t: int, end: int) -> list[list[Cut]]:
        """The weight and direction cells that may follow a row's targets (none, one, or both)."""
        weights: list[list[Cut]] = [[]]
        if "weight" in self.columns and (w := _WEIGHT.match(text, t, end)) is not None:
            weights.append([w.span()])
        tails = list(weights)
        for weight in weights:
            at = weight[-1][1] if weight else t
            if "direction" in self.columns and (d := _DIRECTION.match(text, at, end)) is not None:
                tails.append([*weight, d.span()])
        return tails


def _targets(text: str, k: int, end: int, wanted: int) -> list[list[Cut]]:
    """The ways `wanted` targets can follow one another from k."""
    ends = [t for t in range(k + 1, min(end, k + 24) + 1) if _TARGET.fullmatch(text, k, t)]
    if wanted == 1:
        return [[(k, t)] for t in ends]
    return [[(k, t), *rest] for t in ends for rest in _targets(text, t, end, 1)]


def _project_like(text: str, run: list[Cut]) -> bool:
    """A project's cells, not the end of an indicator row: the unit and name (four characters or more)
    free of comparators, `%` and directions and not opening with a digit (a year excepted), the goal
    a sentence (eight characters or punctuation) with no comparator or direction, not a target."""
    (start, _), (amount, _), (goal, end) = run[0], *run[-2:]
    left, last = text[start:amount], text[goal:end]
    if len(left) < 4 or _NOT_IN_NAME.search(left) or left[0].isdigit() and not _YEAR.match(left):
        return False
    sentence = len(last) >= 8 or _SENTENCE.search(last) is not None
    return sentence and not (_IN_ROWS_ONLY.search(last) or _TARGET.fullmatch(last) or _WEIGHT.match(last))


def _is_name(text: str, i: int, k: int) -> bool:
    """An indicator name holds no comparator, percent sign, direction or 定性, and does not end in a digit."""
    name = text[i:k]
    return not (_NOT_IN_NAME.search(name) or name[-1].isdigit())


def _doubt(name: str, targets: list[str]) -> int:
    """How unlike a row this reading is: a name opening with a digit (the last row's weight or unit
    left over), a name of two characters or less, a qualitative word inside the name (`…逐步完善垃圾…`:
    two rows read as one), a one-character qualitative target (`无`); a missing weight counts 3."""
    doubt = 2 * name[0].isdigit() + (len(name) <= 2)
    doubt += any(m.start() > 0 and len(m.group()) >= 2 for m in _QUALITATIVE_WORD.finditer(name))
    return doubt + sum(len(t) == 1 and not t.isdigit() for t in targets)


def _title_cuts(text: str, start: int, end: int) -> list[Cut]:
    """What comes before the first label: the title, and the money unit as its own cell."""
    money = _MONEY.search(text, start, end)
    if money is None:
        return [(start, end)]
    return [c for c in ((start, money.start()), money.span(), (money.end(), end)) if c[1] > c[0]]

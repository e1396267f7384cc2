"""A multi-project grid in the no-separator dialect: the header row runs the project columns into the
grid's column names (`单位名称项目名称资金总额（万元）年度目标一级指标二级指标三级指标指标值`), and a
project's first row runs its cells into the level names (`某县文化馆群众文化活动经费18.5全年组织…。产出指标…`).

The amount is the one number standing alone between text; the column right of it (the goal) takes
the rest up to the level-1 name. Left of it a unit and a name run together are cut after the unit's
organisation word (局, 中心, 卫生院, 人民政府 …) when the unit comes first, at the place word
(某镇…, …县) that opens the unit when it comes last; a stretch with no such word is the name alone
(the unit merged over the projects before). These cuts are guesses from vocabulary, as a reader's
would be: a name holding an organisation word can be cut wrongly."""

from __future__ import annotations

import re

__all__ = ["ORGANISATION_END", "project_run"]

Cut = tuple[int, int]

# what the name of a budget unit ends with
ORGANISATION_END = re.compile(
    r"人民政府|办事处|委员会|办公室|联合会|服务中心|中心|政府|大队|支队|中队|学校|中学|小学|幼儿园|卫生院|医院|"
    r"管理所|事务所|派出所|研究所|服务站|工作站|管理站|文化馆|图书馆|博物馆|纪念馆|研究院|设计院|检察院|法院|"
    r"[局委厅]"
)
_PLACE = re.compile(r"某?[^\d\W]?[省市县区镇乡旗州](?:[^\d\W]{2,})")
# a number not followed by a measure unit (`3010个` is a target) or a date part
_AMOUNT = re.compile(
    r"(?<![\d.,])\d+(?:,\d{3})*(?:\.\d+)?"
    r"(?![\d.,%‰年月日号个人次家天项件户所台套册场批篇期座辆亩吨条名份处间张本棵株米公里平方千克度小时周季万元])"
)
_SHORTEST_UNIT, _SHORTEST_NAME = 3, 4


def project_run(text: str, start: int, end: int, names: list[str]) -> list[Cut] | None:
    """The cells of a project's cells run together in text[start:end] (before the row's level-1 name),
    for the project columns `names` in printed order, or None when no amount stands among them."""
    anchor = next((i for i, n in enumerate(names) if n in ("total", "project_total")), None)
    if anchor is None:
        return None
    amount = next((m for m in _AMOUNT.finditer(text, start, end) if m.start() - start >= 2), None)
    if amount is None or amount.end() == end and anchor + 1 < len(names):
        return None
    left = names[:anchor]
    cuts = _left_cuts(text, start, amount.start(), left) + [amount.span()]
    return cuts + ([(amount.end(), end)] if amount.end() < end else [])


def _left_cuts(text: str, start: int, end: int, names: list[str]) -> list[Cut]:
    """The unit and the name left of the amount (one cell when only one is printed, or can be told)."""
    if "unit" not in names or len(names) < 2:
        return [(start, end)]
    at = _unit_end(text, start, end) if names[0] == "unit" else _unit_start(text, start, end)
    return [(start, at), (at, end)] if at is not None else [(start, end)]


def _unit_end(text: str, start: int, end: int) -> int | None:
    """Where a unit printed first ends: after its first organisation word (and any that follow it,
    人民政府办公室), leaving a name."""
    for m in ORGANISATION_END.finditer(text, start + _SHORTEST_UNIT - 1, end):
        at = m.end()
        while (more := ORGANISATION_END.match(text, at, end)) is not None:
            at = more.end()
        if end - at >= _SHORTEST_NAME:
            return at
    return None


def _unit_start(text: str, start: int, end: int) -> int | None:
    """Where a unit printed last starts: at the place word opening the organisation name that ends the
    stretch, leaving a name."""
    if not any(m.end() == end for m in ORGANISATION_END.finditer(text, start, end)):
        return None
    for m in _PLACE.finditer(text, start + _SHORTEST_NAME, end):
        if end - m.start() >= _SHORTEST_UNIT:
            return m.start()
    return None

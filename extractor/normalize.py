"""Stage 5 — normalize: read a raw target into comparator, number, unit, subject and kind.

The raw text is always kept beside this reading. A bare number is `=` and marked implicit,
never silently read as `>=`. Units missing from the value may come from the indicator name
(`服务对象满意度（%）`), and the reading records where the unit came from."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import NamedTuple

from docnorm.schemas.common import Direction, NormalizedTarget

NUM = r"\d+(?:\.\d+)?"
_SYMBOLS = {
    "≥": ">=",
    "≧": ">=",
    ">=": ">=",
    "＞=": ">=",
    "=>": ">=",
    "≥=": ">=",
    "≤": "<=",
    "≦": "<=",
    "<=": "<=",
    "=<": "<=",
    "≤=": "<=",
    ">": ">",
    "＞": ">",
    "<": "<",
    "＜": "<",
    "=": "=",
    "＝": "=",
    "═": "=",  # a box-drawing double line, as table converters print =
}
_PREFIX_WORDS = {
    "不低于": ">=",
    "不少于": ">=",
    "每年至少": ">=",
    "至少": ">=",
    "达到": ">=",
    "大于": ">",
    "超过": ">",
    "高于": ">",
    "不超过": "<=",
    "不高于": "<=",
    "小于": "<",
    "低于": "<",
    "不足": "<",
}
_SUFFIX_WORDS = {"及以上": ">=", "以上": ">=", "及以下": "<=", "以下": "<=", "以内": "<="}
_SYMBOL = "|".join(map(re.escape, sorted(_SYMBOLS, key=len, reverse=True)))
_PREFIX = "|".join(sorted(_PREFIX_WORDS, key=len, reverse=True))
_SUFFIX = "|".join(sorted(_SUFFIX_WORDS, key=len, reverse=True))
_UNIT = r"[%％‰]|[^\d\s≥≤<>＞＜=＝,，;；。]{0,6}?"
_WITH_SYMBOL = re.compile(rf"^(?P<subject>.*?)(?P<cmp>{_SYMBOL})\s*(?P<num>{NUM})\s*(?P<unit>{_UNIT})$")
_WITH_PREFIX = re.compile(rf"^(?P<subject>.*?)(?P<cmp>{_PREFIX})\s*(?P<num>{NUM})\s*(?P<unit>{_UNIT})$")
_WITH_SUFFIX = re.compile(rf"^(?P<subject>\D*?)(?P<num>{NUM})\s*(?P<unit>{_UNIT})(?P<cmp>{_SUFFIX})$")
_RANGE = re.compile(rf"^(?P<num>{NUM})\s*(?:[%％])?\s*[-~～—至]\s*(?P<upper>{NUM})\s*(?P<unit>{_UNIT})$")
_BARE = re.compile(rf"^(?P<num>{NUM})\s*(?P<unit>{_UNIT})$")
_CHANGE = re.compile(rf"^(?P<verb>提高|提升|增加|增长|减少|降低|下降)(?P<num>{NUM})\s*(?P<unit>{_UNIT})$")
_GRADE = re.compile(r"^(?P<grade>优秀|优良|良好|优|良|合格|中等|达标等级)(?P<cmp>及以上|以上)?$")
_NAME_UNIT = re.compile(r"[（(]\s*(%|％|[^\d（）()]{1,4})\s*[）)]\s*$")
_ZERO = re.compile(r"^零(?P<subject>\S*)$|^(?P<subject2>\S*?)为零$")
_DIRECTIONS: list[tuple[Direction, tuple[str, ...]]] = [
    ("increase", ("提升", "提高", "增强", "加强", "改善", "增加", "助力", "优化")),
    ("decrease", ("下降", "降低", "减少")),
    ("maintain", ("稳定", "保持", "正常", "持续", "平稳")),
    ("achieve", ("及时", "达标", "合规", "完成", "规范", "按时", "全面", "实现", "合格", "符合", "有效", "准确")),
]


def _decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def _direction(text: str) -> Direction | None:
    for direction, words in _DIRECTIONS:
        if any(word in text for word in words):
            return direction
    return None


def _quantitative(m: re.Match[str], comparator: str, *, implicit: bool = False) -> NormalizedTarget:
    groups = m.groupdict()
    unit = (groups.get("unit") or "").strip() or None
    if unit and unit.startswith("个") and unit[1:] in ("小时", "工作日"):  # ≦2个小时 → 小时
        unit = unit[1:]
    return NormalizedTarget(
        kind="quantitative",
        comparator=comparator,  # type: ignore[arg-type]  # one of the comparator table's values
        value=_decimal(groups["num"]),
        upper=_decimal(groups["upper"]) if groups.get("upper") else None,
        unit="%" if unit in ("%", "％") else unit,
        unit_source="value" if unit else "none",
        subject=(groups.get("subject") or "").strip() or None,
        implicit=implicit,
    )


def _read_quantity(text: str) -> NormalizedTarget | None:
    if (m := _WITH_SYMBOL.match(text)) is not None:
        return _quantitative(m, _SYMBOLS[m.group("cmp")])
    if (m := _WITH_PREFIX.match(text)) is not None:
        return _quantitative(m, _PREFIX_WORDS[m.group("cmp")])
    if (m := _WITH_SUFFIX.match(text)) is not None:
        return _quantitative(m, _SUFFIX_WORDS[m.group("cmp")])
    if (m := _RANGE.match(text)) is not None:
        return _quantitative(m, "range")
    if (m := _BARE.match(text)) is not None:
        return _quantitative(m, "=", implicit=True)
    if (m := _CHANGE.match(text)) is not None:
        target = _quantitative(m, ">=")
        return target.model_copy(update={"comparator": None, "direction": _direction(m.group("verb"))})
    return None


def _read_words(text: str) -> NormalizedTarget:
    if text == "全年":
        return NormalizedTarget(kind="period")
    if "=" in text or "＝" in text:
        return NormalizedTarget(kind="formula")
    if text in ("是", "否"):
        return NormalizedTarget(
            kind="boolean", comparator="=", grade=None, subject=None, value=Decimal(1 if text == "是" else 0)
        )
    if (m := _GRADE.match(text)) is not None:
        return NormalizedTarget(
            kind="grade",
            grade=m.group("grade"),
            comparator=">=" if m.group("cmp") else "=",
            implicit=not m.group("cmp"),
        )
    if (m := _ZERO.match(text)) is not None:
        subject = m.group("subject") or m.group("subject2") or None
        return NormalizedTarget(kind="zero", comparator="=", value=Decimal(0), subject=subject)
    if text.startswith("按"):
        return NormalizedTarget(kind="reference")
    if len(re.findall(NUM, text)) >= 1:
        return NormalizedTarget(kind="composite", direction=_direction(text))
    return NormalizedTarget(kind="qualitative", direction=_direction(text))


# OCR reads `≥` as `2`: `2 95%` (a space after the 2), or `295%` for a rate, which cannot pass 100%.
# A `>` is never read as `≥`: `>95%` is a genuine greater-than.
_OCR_GE = re.compile(r"^2(?P<space>\s+)?(?P<rest>[1-9]\d*(?:\.\d+)?\s*(?:[%％‰]|[^\d\s]{0,6}))$")
_THOUSANDS = re.compile(r"^\d{3}(?!\d|\.)")  # `2 000个`: a space as thousands separator, not a comparator
_RATE = re.compile(r"率|满意度|比例|占比")
_CHANGE_WORDS = re.compile(r"增长|增幅|增速|增加|提高|提升|降低|下降|减少")


def _ocr_comparator(raw: str, indicator_name: str | None) -> NormalizedTarget | None:
    """`≥` misread as `2` before a number, read back only where the 2 cannot be a digit: after it
    a space (not a thousands group: `2 000个`), or a percentage that would pass 100 with the 2 (for
    a rate, not a change). The reading records the guess; the raw text is kept as printed."""
    m = _OCR_GE.match(raw.strip())
    if m is None:
        return None
    rest = re.sub(r"\s+", "", m.group("rest"))
    read = _read_quantity(rest)
    if read is None or read.comparator != "=" or read.value is None:
        return None
    number = re.match(NUM, rest)
    over_100 = read.unit in ("%", "‰") and read.value <= 100 < Decimal("2" + (number.group() if number else ""))
    rate = bool(indicator_name and _RATE.search(indicator_name) and not _CHANGE_WORDS.search(indicator_name))
    spaced = m.group("space") is not None and (not _THOUSANDS.match(rest) or over_100)
    if not (spaced or (over_100 and rate)):
        return None
    return read.model_copy(update={"comparator": ">=", "implicit": False, "guess": "a leading 2 read as ≥ (OCR)"})


@lru_cache(maxsize=65536)
def normalize_target(raw: str, indicator_name: str | None = None) -> NormalizedTarget:
    """Read one raw target; `indicator_name` may supply a unit the value lacks. Cached: tables
    repeat the same targets, and the result is never mutated."""
    text = re.sub(r"\s+", "", raw)
    if not text:
        return NormalizedTarget(kind="empty")
    result = _ocr_comparator(raw, indicator_name) or _read_quantity(text) or _read_words(text)
    if result.kind == "quantitative" and result.unit is None and indicator_name:
        if (m := _NAME_UNIT.search(indicator_name)) is not None:
            unit = "%" if m.group(1) in ("%", "％") else m.group(1)
            result = result.model_copy(update={"unit": unit, "unit_source": "indicator_name"})
    return result


class Period(NamedTuple):
    start: date | None
    end: date | None
    serials: bool  # read from Excel date serials


_EXCEL_EPOCH = date(1899, 12, 30)  # Excel's 1900 date system, its phantom 1900-02-29 included: 45292 = 2024-01-01
_SERIAL = r"(\d{5})(?:\.0+)?"
_SERIAL_PERIOD = re.compile(rf"^{_SERIAL}\s*(?:-|－|—|–|~|～|至|到)\s*{_SERIAL}$")
_DATE = re.compile(r"((?:19|20)\d{2})\s*[-年./／]\s*(\d{1,2})\s*[-月./／]\s*(\d{1,2})(?!\d)\s*日?")
_SERIALS = range(29221, 73051)  # 1980-01-01 .. 2099-12-31: a five-digit number outside is not a date


def _day(year: str, month: str, day: str) -> date | None:
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


def normalize_period(raw: str) -> Period:
    """Start and end dates of a printed period (项目起止时间): two full dates in any common style, or
    two Excel date serials printed as numbers (`45292-45657`). Months alone give no dates."""
    text = raw.strip()
    if (m := _SERIAL_PERIOD.match(text)) is not None:
        first, last = int(m.group(1)), int(m.group(2))
        if first in _SERIALS and last in _SERIALS:
            return Period(_EXCEL_EPOCH + timedelta(days=first), _EXCEL_EPOCH + timedelta(days=last), True)
        return Period(None, None, False)
    found = _DATE.findall(text)
    if len(found) != 2:
        return Period(None, None, False)
    return Period(_day(*found[0]), _day(*found[1]), False)

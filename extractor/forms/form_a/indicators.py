"""Stage 4b — parse indicator items (绩效指标) of one project.

`1、1-产出指标；11-数量指标；补贴发放率；实施周期指标值:100%；年度指标值:100%。` and its
variants: separators `；` `;` `，` `,` (and runs like `;,`), `:` or `：`, labels in either order,
items without number, level, name or labels. Parsing works on the joined cell text and returns
index ranges into it; the caller maps ranges to source spans once, at the end."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field

SEP = "；;，,。"
_STRIP = SEP + " :："
# Item starts follow a separator. The patterns consume that separator instead of looking behind
# for it: a leading character class lets the regex engine skip ahead fast.
_ITEM_NO = re.compile(r"(?:^|[。；;，,])(\d{1,2})、")
_L1_NAMES = r"(?:产出|效益|满意度|成本)指标"
_L2_NAMES = r"(?:数量|质量|时效|成本|经济效益|社会效益|生态效益|可持续影响|服务对象满意度)(?:指标)?"
_UNNUMBERED = re.compile(rf"[。；;，,](?=[1-3]-{_L1_NAMES})|[。；;](?={_L1_NAMES}[，,；;])")
_UNNUMBERED_L2 = re.compile(rf"[。；;](?=\d{{2}}-{_L2_NAMES}[，,；;])")
_ONLY_LEVEL1 = re.compile(r"(?:\d{1,2}、)?(?:\d-)?[^；;，,。]*?指标[；;，,:：]?")
_LEVEL1 = re.compile(rf"(?:(\d)-([^；;，,。:：]*?指标)|()({_L1_NAMES}))[；;，,:：]?")
_LEVEL2 = re.compile(rf"(?:(\d{{2}})-([^；;，,。:：]+)|()({_L2_NAMES})(?=[；;，,:：]))[；;，,:：]?")
_LOOKS_LIKE_TARGET = re.compile(r"^(?:[≥≤≧≦><＞＜]|不低于|不少于|大于|小于|至少)?\d|(?:以上|以下|以内)$")
_LABEL = re.compile(r"(实施周期指标值|年度指标值)[:：]?")
PERIOD, ANNUAL = "实施周期指标值", "年度指标值"

Range = tuple[int, int]


@dataclass
class ParsedIndicator:
    """Fields as ``(start, end)`` ranges into the joined cell text."""

    printed_no: int | None = None
    level1_code: Range | None = None
    level1: Range | None = None
    level2_code: Range | None = None
    level2: Range | None = None
    name: Range | None = None
    targets: dict[str, Range] = field(default_factory=dict)  # label -> raw target range

    @property
    def complete(self) -> bool:
        """Has at least one target: an item cut before its targets is still open."""
        return bool(self.targets)


def first_item_one(text: str) -> int | None:
    """The offset of the first item numbered 1 (as `item_starts` finds it), found lazily: a
    20 MB cell is not scanned to its end to find an item near its start."""
    return next((m.start(1) for m in _ITEM_NO.finditer(text) if int(m.group(1)) == 1), None)


def item_starts(text: str) -> list[tuple[int, int | None]]:
    """(offset, printed number) of each item start, numbered or not."""
    starts: list[tuple[int, int | None]] = [(m.start(1), int(m.group(1))) for m in _ITEM_NO.finditer(text)]
    starts += [(m.end(), None) for m in _UNNUMBERED.finditer(text)]
    starts.sort()
    positions = [s for s, _ in starts]
    for m in _UNNUMBERED_L2.finditer(text):  # `…；12-质量指标,支出合规性`: an item without level 1,
        at = m.end()  # unless it is the level 2 of the item before
        k = bisect_left(positions, at)
        if k == 0 or not _ONLY_LEVEL1.fullmatch(text, positions[k - 1], at):
            positions.insert(k, at)
            starts.append((at, None))
    return sorted(starts)


_STRIP_KEEP_STOP = _STRIP.replace("。", "")


def _trim(text: str, start: int, end: int, strip: str = _STRIP) -> Range | None:
    """The range without separators at either end; None when nothing is left."""
    while start < end and text[start] in strip:
        start += 1
    while end > start and text[end - 1] in strip:
        end -= 1
    return (start, end) if start < end else None


def _code_and_name(m: re.Match[str]) -> tuple[Range | None, Range]:
    """A level printed as `11-数量指标` or, without its code, as `数量指标`."""
    if m.group(2) is not None:
        return m.span(1), m.span(2)
    return None, m.span(4)


_S = "；;，,:： "  # separators around fields
_FULL_ITEM = re.compile(
    rf"[{_S}]*(\d)-([^；;，,。:：]*?指标)[{_S}]+(\d{{2}})-([^；;，,。:：]+)[{_S}]+(.+?)[{_S}]*"
    rf"(实施周期指标值|年度指标值)[:：][{_S}。]*(.+?)[{_S}。]*(实施周期指标值|年度指标值)[:：][{_S}。]*(.+?)[{_S}。]*"
)


def _parse_full_item(text: str, number: int | None, start: int, end: int) -> ParsedIndicator | None:
    """Fast path: the complete, labelled item (`1-…指标；11-…；name；实施周期指标值:x；年度指标值:y。`)
    in one regex match. Returns None for anything else, which the general parser then reads;
    tests check both paths agree on every item of the seeds."""
    m = _FULL_ITEM.fullmatch(text, start, end)
    if m is None or m.group(6) == m.group(8) or "指标值" in m.group(7) or "指标值" in m.group(9):
        return None
    return ParsedIndicator(
        printed_no=number,
        level1_code=m.span(1),
        level1=m.span(2),
        level2_code=m.span(3),
        level2=m.span(4),
        name=m.span(5),
        targets={m.group(6): m.span(7), m.group(8): m.span(9)},
    )


def parse_item(text: str, number: int | None, start: int, end: int) -> ParsedIndicator:
    """Parse the item body ``text[start:end]`` (after its `N、`)."""
    return _parse_full_item(text, number, start, end) or parse_item_general(text, number, start, end)


def parse_item_general(text: str, number: int | None, start: int, end: int) -> ParsedIndicator:
    """Any item: each part optional, labels in either order or absent."""
    item = ParsedIndicator(printed_no=number)
    pos = start
    while pos < end and text[pos] in _STRIP:
        pos += 1
    if (m := _LEVEL1.match(text, pos, end)) is not None:
        item.level1_code, item.level1 = _code_and_name(m)
        pos = m.end()
    if (m := _LEVEL2.match(text, pos, end)) is not None:
        item.level2_code, item.level2 = _code_and_name(m)
        pos = m.end()
    _name_and_targets(item, text, pos, end)
    return item


def _name_and_targets(item: ParsedIndicator, text: str, pos: int, end: int) -> None:
    labels = list(_LABEL.finditer(text, pos, end))
    if labels:
        item.name = _trim(text, pos, labels[0].start(), _STRIP_KEEP_STOP)
        for i, label in enumerate(labels):
            stop = labels[i + 1].start() if i + 1 < len(labels) else end
            item.targets[label.group(1)] = _trim(text, label.end(), stop) or (label.end(), label.end())
        return
    rest = _trim(text, pos, end)
    if rest is None:
        return
    cut = max(text.rfind(sep, rest[0], rest[1]) for sep in "；;，,")
    if cut > rest[0] and _is_cut_label(text[cut + 1 : rest[1]]):  # `…；实施周期指标` at the end of a cut text
        item.name = _trim(text, rest[0], cut)
    elif cut > rest[0]:  # unlabelled `name，target` (004): the last part is the annual target
        item.name = _trim(text, rest[0], cut)
        item.targets[ANNUAL] = _trim(text, cut + 1, rest[1]) or (rest[1], rest[1])
    elif _LOOKS_LIKE_TARGET.search(text[rest[0] : rest[1]]):  # `…，31-服务对象满意度，90%及以上`: no name
        item.targets[ANNUAL] = rest
    else:
        item.name = rest


def _is_cut_label(tail: str) -> bool:
    """A label cut short (`实施周期指标`, `年度指`): the item ends before its target."""
    return len(tail) >= 2 and any(label.startswith(tail) for label in (PERIOD, ANNUAL))


def parse_items(text: str) -> tuple[int, list[ParsedIndicator]]:
    """Where the first item starts (text before it is a fragment), and the parsed items."""
    starts = item_starts(text)
    if not starts:
        return len(text), []
    items = []
    for i, (offset, number) in enumerate(starts):
        stop = starts[i + 1][0] if i + 1 < len(starts) else len(text)
        body = offset + (len(str(number)) + 1 if number is not None else 0)
        items.append(parse_item(text, number, body, stop))
    return starts[0][0], items

"""Stage 4b — parse indicator items (绩效指标) of one project.

`1、1-产出指标；11-数量指标；补贴发放率；实施周期指标值:100%；年度指标值:100%。` and its
variants: separators `；` `;` `，` `,` (and runs like `;,`), `:` or `：`, labels in either order,
items without number, level, name or labels."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from extractor.textspan import SpanText

SEP = "；;，,。"
_STRIP = SEP + " :："
_ITEM_NO = re.compile(r"(?:(?<=^)|(?<=[。；;，,]))(\d{1,2})、")
_L1_NAMES = r"(?:产出|效益|满意度|成本)指标"
_L2_NAMES = r"(?:数量|质量|时效|成本|经济效益|社会效益|生态效益|可持续影响|服务对象满意度)(?:指标)?"
_UNNUMBERED = re.compile(rf"(?<=[。；;，,])(?=[1-3]-{_L1_NAMES})|(?<=[。；;])(?={_L1_NAMES}[，,；;])")
_UNNUMBERED_L2 = re.compile(rf"(?<=[。；;])(?=\d{{2}}-{_L2_NAMES}[，,；;])")
_ONLY_LEVEL1 = re.compile(rf"(?:\d{{1,2}}、)?(?:\d-)?[^；;，,。]*?指标[；;，,:：]?")
_LEVEL1 = re.compile(rf"(?:(\d)-([^；;，,。:：]*?指标)|()({_L1_NAMES}))[；;，,:：]?")
_LEVEL2 = re.compile(rf"(?:(\d{{2}})-([^；;，,。:：]+)|()({_L2_NAMES})(?=[；;，,:：]))[；;，,:：]?")
_LOOKS_LIKE_TARGET = re.compile(r"^(?:[≥≤≧≦><＞＜]|不低于|不少于|大于|小于|至少)?\d|(?:以上|以下|以内)$")
_LABEL = re.compile(r"(实施周期指标值|年度指标值)[:：]?")
PERIOD, ANNUAL = "实施周期指标值", "年度指标值"


@dataclass
class ParsedTarget:
    raw: SpanText


@dataclass
class ParsedIndicator:
    printed_no: int | None = None
    level1_code: SpanText | None = None
    level1: SpanText | None = None
    level2_code: SpanText | None = None
    level2: SpanText | None = None
    name: SpanText | None = None
    targets: dict[str, SpanText] = field(default_factory=dict)  # label -> raw text
    text: SpanText = field(default_factory=SpanText)

    @property
    def complete(self) -> bool:
        """Has at least one target: an item cut before its targets is still open."""
        return bool(self.targets)


def item_starts(text: str) -> list[tuple[int, int | None]]:
    """(offset, printed number) of each item start, numbered or not."""
    starts = [(m.start(), int(m.group(1))) for m in _ITEM_NO.finditer(text)]
    starts += [(m.start(), None) for m in _UNNUMBERED.finditer(text)]
    starts.sort()
    for m in _UNNUMBERED_L2.finditer(text):  # `…；12-质量指标,支出合规性`: an item without level 1,
        before = [s for s, _ in starts if s < m.start()]  # unless it is the level 2 of an item
        if not before or not _ONLY_LEVEL1.fullmatch(text, before[-1], m.start()):
            starts.append((m.start(), None))
    return sorted(starts)


def split_items(cell: SpanText) -> tuple[SpanText, list[tuple[int | None, SpanText]]]:
    """Text before the first item (a fragment), and each item's text with its printed number."""
    starts = item_starts(cell.text)
    if not starts:
        return cell, []
    lead = cell.slice(0, starts[0][0])
    items = []
    for i, (offset, number) in enumerate(starts):
        end = starts[i + 1][0] if i + 1 < len(starts) else len(cell.text)
        body_start = offset + (len(str(number)) + 1 if number is not None else 0)
        items.append((number, cell.slice(body_start, end)))
    return lead, items


def parse_item(number: int | None, body: SpanText) -> ParsedIndicator:
    item = ParsedIndicator(printed_no=number, text=body)
    pos = len(body.text) - len(body.text.lstrip(_STRIP))
    if (m := _LEVEL1.match(body.text, pos)) is not None:
        item.level1_code, item.level1 = _code_and_name(body, m)
        pos = m.end()
    if (m := _LEVEL2.match(body.text, pos)) is not None:
        item.level2_code, item.level2 = _code_and_name(body, m)
        pos = m.end()
    _parse_name_and_targets(item, body, pos)
    return item


def _code_and_name(body: SpanText, m: re.Match[str]) -> tuple[SpanText | None, SpanText]:
    """A level printed as `11-数量指标` or, without its code, as `数量指标`."""
    if m.group(2) is not None:
        return body.slice(*m.span(1)), body.slice(*m.span(2))
    return None, body.slice(*m.span(4))


def _parse_name_and_targets(item: ParsedIndicator, body: SpanText, pos: int) -> None:
    labels = list(_LABEL.finditer(body.text, pos))
    if labels:
        item.name = _field(body, pos, labels[0].start(), keep="。")
        for i, label in enumerate(labels):
            end = labels[i + 1].start() if i + 1 < len(labels) else len(body.text)
            item.targets[label.group(1)] = _field(body, label.end(), end) or SpanText()
        return
    rest = body.text[pos:].rstrip(_STRIP)
    cut = max(rest.rfind(sep) for sep in "；;，,")
    if cut > 0:  # unlabelled `name，target` (004): the last part is the annual target
        item.name = _field(body, pos, pos + cut)
        item.targets[ANNUAL] = _field(body, pos + cut + 1, len(body.text)) or SpanText()
    elif _LOOKS_LIKE_TARGET.search(rest):  # `3-满意度指标，31-服务对象满意度，90%及以上`: no name
        item.targets[ANNUAL] = _field(body, pos, len(body.text)) or SpanText()
    else:
        item.name = _field(body, pos, len(body.text))


def _field(body: SpanText, start: int, end: int, *, keep: str = "") -> SpanText | None:
    value = body.slice(start, end).strip("".join(c for c in _STRIP if c not in keep))
    return value if value else None


def parse_items(cell: SpanText) -> tuple[SpanText, list[ParsedIndicator]]:
    lead, items = split_items(cell)
    return lead, [parse_item(number, body) for number, body in items]

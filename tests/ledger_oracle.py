"""An independent count of lost characters, for tests and the mutation bench.

It reads only the result's JSON (every `spans` value anywhere in it, the noise ranges, the unplaced
spans) and the input text; the form's own words are recognised from a closed vocabulary written
here, not from the labels the extractor recorded. A non-blank character that is in no span and no
vocabulary word is lost. It shares no code with `docnorm.extractor.ledger`."""

from __future__ import annotations

import re
from typing import Any

_SEPARATORS = r"[；;，,。:：、\-]"
_ITEM_NUMBER = r"\d{1,2}\s*、"
_FORM_A_WORDS = ["实施周期指标值", "年度指标值", "合计"]
_FORM_B_WORDS = [
    "部门名称",
    "总体绩效目标",
    "其他需完成的任务（可选填）",
    "预算整体情况",
    "年度重点工作任务",
    "一级指标",
    "二级指标",
    "三级指标",
    "绩效指标",
    "部门预算支出",
    "收入来源",
    "事业发展性支出",
    "按预算级次划分",
    "预算金额（万元）",
    "主要实施内容",
    "拟投入的资金（万元）",
    "期望达到的目标（概述）",
    "名称",
]
# a word may be wrapped over lines (`实施周期\n指标值`): blanks are allowed between its characters
_WORDS = sorted([*_FORM_A_WORDS, *_FORM_B_WORDS], key=len, reverse=True)
VOCABULARY = re.compile("|".join([*(r"\s*".join(map(re.escape, w)) for w in _WORDS), _ITEM_NUMBER, _SEPARATORS]))


def _mask(length: int, ranges: list[tuple[int, int]]) -> list[bool]:
    covered = [False] * length
    for start, end in ranges:
        covered[start:end] = [True] * max(end - start, 0)
    return covered


def _vocabulary_ranges(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in VOCABULARY.finditer(text)]


def json_spans(node: Any) -> list[tuple[int, int]]:
    found: list[tuple[int, int]] = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "spans" and isinstance(value, dict):
                found += [(int(a), int(b)) for a, b in value.values()]
            else:
                found += json_spans(value)
    elif isinstance(node, list):
        for item in node:
            found += json_spans(item)
    return found


def claimed_ranges(result: dict[str, Any]) -> list[tuple[int, int]]:
    """Field spans anywhere in the content, noise ranges and unplaced spans, from the JSON."""
    ranges = json_spans(result.get("content"))
    ranges += [(int(a), int(b)) for noise in result.get("noise", []) for a, b in noise.get("spans", [])]
    ranges += [(u["span"]["start"], u["span"]["end"]) for u in result.get("unplaced", [])]
    return ranges


def _without_noise(text: str, result: dict[str, Any]) -> str:
    """The text with its noise ranges blanked: a label word wrapped around a page footer reads whole."""
    chars = list(text)
    for noise in result.get("noise", []):
        for start, end in noise.get("spans", []):
            chars[start:end] = " " * (end - start)
    return "".join(chars)


def lost_runs(text: str, result: dict[str, Any]) -> list[tuple[int, int, str]]:
    """(start, end, text) of every run of non-blank characters that nothing accounts for."""
    covered = _mask(len(text), claimed_ranges(result) + _vocabulary_ranges(_without_noise(text, result)))
    return _runs(text, covered)


def _runs(text: str, covered: list[bool]) -> list[tuple[int, int, str]]:
    runs: list[list[int]] = []
    for k, ch in enumerate(text):
        if covered[k] or ch.isspace():
            continue
        if runs and (runs[-1][1] == k or text[runs[-1][1] : k].isspace()):
            runs[-1][1] = k + 1
        else:
            runs.append([k, k + 1])
    return [(a, b, text[a:b]) for a, b in runs]


def label_violations(text: str, labels: list[tuple[int, int]]) -> list[str]:
    """Text inside recorded label ranges that is no vocabulary word (data hidden as a label)."""
    vocabulary = _mask(len(text), _vocabulary_ranges(text))
    in_label = _mask(len(text), labels)
    return [run for _, _, run in _runs(text, [v or not lab for v, lab in zip(vocabulary, in_label)])]


def _value_fields(node: Any) -> list[tuple[str, int, int]]:
    """(value as text, start, end) for every field of the content JSON that has a span."""
    found: list[tuple[str, int, int]] = []
    if isinstance(node, dict):
        for key, (start, end) in (node.get("spans") or {}).items():
            value = node.get(key)
            if isinstance(value, dict):  # a target: its raw text
                value = value.get("raw")
            if value is not None:
                found.append((str(value), start, end))
        for key, value in node.items():
            if key != "spans":
                found += _value_fields(value)
    elif isinstance(node, list):
        for item in node:
            found += _value_fields(item)
    return found


def _is_subsequence(needle: str, hay: str) -> bool:
    chars = iter(hay)
    return all(ch in chars for ch in needle)


def values_outside_their_spans(text: str, result: dict[str, Any]) -> list[str]:
    """Field values whose characters do not all appear, in order, inside their own span.

    An amount is compared by its digits (the source prints thousands separators); text values
    by their non-blank characters."""
    bad = []
    for value, start, end in _value_fields(result.get("content")):
        source = "".join(text[start:end].split())
        wanted = "".join(value.split())
        if re.fullmatch(r"-?[\d.]+", wanted):
            wanted = wanted.rstrip("0").rstrip(".") if "." in wanted else wanted
            source, wanted = re.sub(r"\D", "", source), re.sub(r"\D", "", wanted)
        if not _is_subsequence(wanted, source):
            bad.append(f"{value!r} not in [{start}, {end}) {text[start:end][:40]!r}")
    return bad

"""Value normalization applied to golden and predicted values before they are compared.

The rules (documented in the README of the eval harness and in CONVENTIONS.md):
- text: Unicode NFKC (full-width -> half-width forms, e.g. ``（%）`` == ``(%)``, ``：`` == ``:``),
  HTML tags removed, every whitespace character removed, thousands separators between digits
  removed (``5,000人次`` == ``5000人次``);
- amounts: compared exactly as ``Decimal`` values (``norm_value`` keeps Decimals as numbers) (``16.80 == 16.8``, ``16.80 != 16.81``);
- ``None`` and an empty string after normalization are both "no value".
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

_WS = re.compile(r"\s+")
_TAG = re.compile(r"</?[a-zA-Z][^>\n]{0,40}>")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?:\D|$))")
_NUMBER = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?")

Value = str | Decimal | None


def norm_text(text: str | None) -> str | None:
    """Comparable form of a text value; ``None`` when nothing is left."""
    if text is None:
        return None
    out = unicodedata.normalize("NFKC", text)
    out = _TAG.sub("", out)
    out = _WS.sub("", out)
    out = _THOUSANDS.sub("", out)
    return out or None


def norm_value(value: object) -> Value:
    """Normalize any field value: Decimals stay numbers, everything else is text."""
    if value is None or isinstance(value, Decimal):
        return value
    if isinstance(value, (int, float)):
        return Decimal(str(value))
    return norm_text(str(value))


def display(value: Value) -> str:
    """How a normalized value is shown in reports."""
    if value is None:
        return "∅"
    return format(value, "f") if isinstance(value, Decimal) else value


class SourceIndex:
    """Answers "does this predicted value appear anywhere in the source text?"."""

    def __init__(self, source_text: str) -> None:
        self.text = norm_text(source_text) or ""
        flat = _TAG.sub("", unicodedata.normalize("NFKC", source_text))
        self.numbers = {Decimal(m.replace(",", "")) for m in _NUMBER.findall(flat)}

    def supports(self, value: Value) -> bool:
        if value is None:
            return True
        if isinstance(value, Decimal):
            return value in self.numbers
        if value in self.text:
            return True
        # Values interrupted in the source by page headers or spills are joined from a few pieces;
        # a made-up or paraphrased value needs many short pieces.
        return self.pieces(value) <= 1 + len(value) // 15

    def pieces(self, value: str) -> int:
        """How many source substrings, taken greedily longest-first, spell ``value``."""
        count, i = 0, 0
        while i < len(value):
            lo, hi = i + 1, len(value)
            if value[i:lo] not in self.text:
                return len(value) + 1  # a character the source never has
            while lo < hi:  # longest j with value[i:j] in text (monotone)
                mid = (lo + hi + 1) // 2
                if value[i:mid] in self.text:
                    lo = mid
                else:
                    hi = mid - 1
            count, i = count + 1, lo
        return count

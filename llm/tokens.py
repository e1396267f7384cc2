"""Token counts without a tokenizer, for budgets and rate limits."""

from __future__ import annotations

import re

__all__ = ["estimate_tokens"]

_CJK = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")


def estimate_tokens(text: str) -> int:
    """Rough token count: ~1 per CJK character, ~1 per 4 other characters."""
    cjk = len(_CJK.findall(text))
    return cjk + max(0, len(text) - cjk) // 4 + 1

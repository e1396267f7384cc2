"""Small changes a PDF-to-text tool or a careless copy makes to a document, for mutation testing.

Each mutation takes the text and a random source and returns new text. *Preserving* mutations
change only layout (indentation, page furniture, form feeds, blank lines, re-wrapping, other
blanks), so the extraction must still equal the golden; the others change content, and the
extraction must still account for every character. Shared by the hypothesis test and
`bench/bench_mutations.py`."""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass

Mutate = Callable[[str, random.Random], str]

_AMOUNT = re.compile(r"\d,\d{3}|\d\.\d")
_TITLE_A = "项目支出绩效目标表（含转移支付项目）"
_HEADER_LINE = re.compile(
    r"绩效目标表|申报表|部门名称|单位：|项目名称（|^\s*(?:财政|专户|拨款|其他|资金|总计|绩效目标|绩效指标)\s*$"
)


def _lines(text: str) -> list[str]:
    return text.split("\n")


def _content_index(lines: list[str], rng: random.Random) -> int:
    indexes = [i for i, line in enumerate(lines) if line.strip()]
    return rng.choice(indexes) if indexes else 0


def _insert_at_boundary(text: str, rng: random.Random, block: str) -> str:
    lines = _lines(text)
    at = rng.randint(0, len(lines))
    return "\n".join([*lines[:at], *block.split("\n"), *lines[at:]])


def _footer(rng: random.Random) -> str:
    n, m = rng.randint(1, 40), rng.randint(40, 60)
    return rng.choice([f"第 {n} 页，共 {m} 页", f"第{n}页", f"第{n}页/共{m}页", f"- {n} -", f"—{n}—", f"{n}/{m}"])


# --- preserving -------------------------------------------------------------------------------


def dedent_line(text: str, rng: random.Random) -> str:
    lines = _lines(text)
    i = _content_index(lines, rng)
    lines[i] = lines[i].lstrip(" \u3000\xa0")
    return "\n".join(lines)


def indent_line(text: str, rng: random.Random) -> str:
    lines = _lines(text)
    i = _content_index(lines, rng)
    lines[i] = " " * rng.randint(1, 8) + lines[i]
    return "\n".join(lines)


def insert_footer(text: str, rng: random.Random) -> str:
    return _insert_at_boundary(text, rng, _footer(rng))


def insert_form_feed(text: str, rng: random.Random) -> str:
    lines = _lines(text)
    titles = [i for i, line in enumerate(lines) if _TITLE_A in line]
    i = rng.choice(titles) if titles and rng.random() < 0.5 else rng.randint(0, len(lines) - 1)
    lines[i] = "\f" + lines[i]
    return "\n".join(lines)


def insert_page_header(text: str, rng: random.Random) -> str:
    """The page title (and for Form A the 部门名称/单位 lines and column header) repeated mid-text."""
    lines = _lines(text)
    block = [line for line in lines if line.strip()][:1]
    if _TITLE_A in text:
        block = [line for line in lines if line.strip()][:4]
        block = [line for line in block if not _AMOUNT.search(line)]
    return _insert_at_boundary(text, rng, "\n".join(block))


def insert_blank_lines(text: str, rng: random.Random) -> str:
    return _insert_at_boundary(text, rng, "\n" * rng.randint(0, 2))


def rewrap_line(text: str, rng: random.Random) -> str:
    """Break a layout line of the table body between two CJK characters (never inside a number or
    an amounts line)."""
    lines = _lines(text)
    body = next((i for i, line in enumerate(lines) if _AMOUNT.search(line)), len(lines))  # after the headers
    candidates = [i for i in range(body, len(lines)) if lines[i].strip() and not _AMOUNT.search(lines[i])]
    candidates = [i for i in candidates if not _HEADER_LINE.search(lines[i])]  # cells, not page headers
    if not candidates:
        return text
    i = rng.choice(candidates)
    line = lines[i]
    cuts = [
        k for k in range(1, len(line)) if not line[k - 1].isascii() and not line[k].isascii() and line[k - 1].strip()
    ]
    if not cuts:
        return text
    k = rng.choice(cuts)
    lines[i : i + 1] = [line[:k], line[k:]]
    return "\n".join(lines)


def wide_blanks(text: str, rng: random.Random) -> str:
    """Spaces of a few lines become U+3000 or no-break spaces (tabs stay: they separate cells)."""
    lines = _lines(text)
    blank = rng.choice(["\u3000", "\xa0"])
    for _ in range(rng.randint(1, 5)):
        i = _content_index(lines, rng)
        lines[i] = lines[i].replace(" ", blank)
    return "\n".join(lines)


# --- content-changing --------------------------------------------------------------------------


def delete_line(text: str, rng: random.Random) -> str:
    lines = _lines(text)
    del lines[_content_index(lines, rng)]
    return "\n".join(lines)


def duplicate_line(text: str, rng: random.Random) -> str:
    lines = _lines(text)
    i = _content_index(lines, rng)
    lines.insert(i, lines[i])
    return "\n".join(lines)


def swap_lines(text: str, rng: random.Random) -> str:
    lines = _lines(text)
    i = _content_index(lines, rng)
    j = min(i + 1, len(lines) - 1)
    lines[i], lines[j] = lines[j], lines[i]
    return "\n".join(lines)


def join_lines(text: str, rng: random.Random) -> str:
    lines = _lines(text)
    i = min(_content_index(lines, rng), len(lines) - 2)
    lines[i : i + 2] = [lines[i] + rng.choice(["", " "]) + lines[i + 1]]
    return "\n".join(lines)


def split_line(text: str, rng: random.Random) -> str:
    lines = _lines(text)
    i = _content_index(lines, rng)
    k = rng.randint(0, len(lines[i]))
    lines[i : i + 1] = [lines[i][:k], lines[i][k:]]
    return "\n".join(lines)


def cut_text(text: str, rng: random.Random) -> str:
    return text[: rng.randint(1, len(text))]


def inject_characters(text: str, rng: random.Random) -> str:
    pool = rng.choice(["某某单位补充说明", "ABC xyz 123", "\x00", "\x07\x1b[31m", "\x0b", "注", "|", "；"])
    k = rng.randint(0, len(text))
    return text[:k] + pool + text[k:]


@dataclass(frozen=True)
class Mutation:
    name: str
    apply: Mutate
    preserving: bool


MUTATIONS = (
    Mutation("dedent line", dedent_line, True),
    Mutation("indent line", indent_line, True),
    Mutation("page footer", insert_footer, True),
    Mutation("form feed", insert_form_feed, True),
    Mutation("page header", insert_page_header, True),
    Mutation("blank lines", insert_blank_lines, True),
    Mutation("re-wrap", rewrap_line, True),
    Mutation("U+3000/NBSP blanks", wide_blanks, True),
    Mutation("delete line", delete_line, False),
    Mutation("duplicate line", duplicate_line, False),
    Mutation("swap lines", swap_lines, False),
    Mutation("join lines", join_lines, False),
    Mutation("split line", split_line, False),
    Mutation("cut", cut_text, False),
    Mutation("inject characters", inject_characters, False),
)
PRESERVING = tuple(m for m in MUTATIONS if m.preserving)


def is_tabbed(text: str) -> bool:
    return text.count("\t") > text.count("\n") // 2


def applicable(mutation: Mutation, text: str) -> bool:
    """Re-wrapping breaks a tabbed dump's rows: it preserves layout text only."""
    return not (mutation.name == "re-wrap" and is_tabbed(text))

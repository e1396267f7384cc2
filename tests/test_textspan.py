"""SpanText's offset maps against an oracle that knows nothing of its pieces: a walk that matches
each joined character to the next non-blank source character (a joining space, inserted between
two ASCII words, is mapped to the character after it)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from docnorm.extractor.textspan import SpanText

_TOKENS = st.text(alphabet="ab1中文、；%", min_size=1, max_size=6)
_BLANKS = st.sampled_from([" ", "  ", "\n", " \n ", "\t"])


@st.composite
def _sources(draw: st.DrawFn) -> str:
    tokens = draw(st.lists(_TOKENS, min_size=1, max_size=25))
    blanks = draw(st.lists(_BLANKS, min_size=len(tokens), max_size=len(tokens)))
    return draw(_BLANKS) + "".join(t + b for t, b in zip(tokens, blanks, strict=True))


def _oracle(joined: str, source: str) -> list[int]:
    table, at = [], 0
    for ch in joined:
        while source[at].isspace():
            at += 1
        if ch == " ":  # a joining space: no source character of its own
            table.append(at)
            continue
        assert source[at] == ch
        table.append(at)
        at += 1
    return table


def _oracle_runs(table: list[int], joined: str, ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    for start, end in ranges:
        for i in range(start, end):
            if joined[i] == " ":
                continue
            if runs and runs[-1][1] == table[i]:
                runs[-1] = (runs[-1][0], table[i] + 1)
            else:
                runs.append((table[i], table[i] + 1))
    return runs


@settings(max_examples=300, deadline=None)
@given(_sources(), st.data())
def test_offsets_and_runs_match_a_character_walk(source: str, data: st.DataObject) -> None:
    text = SpanText.from_source(source, 0, len(source))
    table = _oracle(text.text, source)
    indices = list(range(len(text.text)))
    assert text.source_offsets(indices) == table
    shuffled = data.draw(st.permutations(indices))
    assert text.source_offsets(shuffled) == [table[i] for i in shuffled]
    assert [text.source_offset(i) for i in indices] == table
    cuts = sorted(set(data.draw(st.lists(st.integers(0, len(text.text)), max_size=12))))
    ranges = [(a, b) for a, b in zip(cuts[::2], cuts[1::2], strict=False) if b > a]
    assert text.source_runs(ranges) == _oracle_runs(table, text.text, ranges)


def test_a_joining_space_maps_to_the_next_word() -> None:
    source = "ab cd\n中文"
    text = SpanText.from_source(source, 0, len(source))
    assert text.text == "ab cd中文"
    assert text.source_offsets([2, 3, 5]) == [3, 3, 6]
    assert text.source_runs([(0, 7)]) == [(0, 2), (3, 5), (6, 8)]

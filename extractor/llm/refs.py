"""References into the numbered lines of a record (`chunking.render_records`): a by-reference
answer gives ``{line, starts_with, end_line, ends_with}`` and the program slices the source."""

from __future__ import annotations

from bisect import bisect_left

from docnorm.extractor.llm.chunking import Job
from docnorm.extractor.llm.models import TextRef
from docnorm.extractor.llm.textmap import TextView, compact, fold


def first_ending_on(text: str, tail: str, begin: int, line_start: int) -> int:
    """Index of the first ``tail`` at or after ``begin`` whose last character is at or after
    ``line_start`` (-1 if none). Shared with fake-llm so both read references alike."""
    stop = text.find(tail, begin)
    while 0 <= stop and stop + len(tail) <= line_start:
        stop = text.find(tail, stop + 1)
    return stop


def ref_span(job: Job, ref: TextRef, *, last_tail: bool = False) -> tuple[int, int] | None:
    """The ``[start, end)`` range of ``job.text`` a reference points at (line numbers as in
    `render_records`): from the first ``starts_with`` at or after the start of ``line`` to the end
    of the first ``ends_with`` after that which ends on ``end_line`` (with ``last_tail``: the last
    one ending on ``end_line``, for a long text whose ending repeats, like an indicator list)."""
    lead = len(job.text) - len(job.text.lstrip("\n"))
    lines = job.text[lead:].strip("\n").split("\n")
    if not (1 <= ref.line <= len(lines) and ref.line <= ref.end_line):
        return None
    starts = [lead]
    for line in lines[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    view = TextView.build(job.text, folded=True)
    head, tail = fold(ref.starts_with), fold(ref.ends_with)
    last = min(ref.end_line, len(lines))
    begin = view.text.find(head, bisect_left(view.index, starts[ref.line - 1]))
    if begin < 0 or not tail:
        return None
    line_start = bisect_left(view.index, starts[last - 1])
    line_end = bisect_left(view.index, starts[last - 1] + len(lines[last - 1]))
    if last_tail:
        stop = view.text.rfind(tail, max(begin, line_start - len(tail) + 1), line_end)
    else:
        stop = first_ending_on(view.text, tail, begin, line_start)
    if stop < 0 or stop + len(tail) > line_end:
        return None
    return view.span(begin, stop + len(tail))


def resolve_ref(job: Job, ref: TextRef) -> str | None:
    """The value a by-reference answer points at (see `ref_span`), without layout whitespace."""
    span = ref_span(job, ref)
    return None if span is None else compact(job.text[span[0] : span[1]])

"""By-reference items: the model points at the 绩效指标 text of a record and counts its items;
the program slices that text from the source and parses it exactly as the offline extractor does
(`extractor.indicators.parse_items`, values and spans by `extractor.form_a`)."""

from __future__ import annotations

from docnorm.extractor.forms.form_a.build import indicator_records  # the offline range -> value code
from docnorm.extractor.forms.form_a.indicators import SEP, parse_items
from docnorm.extractor.llm.checks import Issue
from docnorm.extractor.llm.chunking import Job
from docnorm.extractor.llm.models import TextRef
from docnorm.extractor.llm.refs import ref_span
from docnorm.extractor.textspan import SpanText
from docnorm.schemas import Indicator


def _bad(message: str) -> Issue:
    return Issue("llm-bad-reference", f"indicators: {message}")


def indicators_from_ref(job: Job, ref: TextRef | None, count: int) -> tuple[list[Indicator], list[Issue]]:
    """The indicators in the text ``ref`` points at, and what is wrong with the reference: it does
    not resolve, starts before the first item (e.g. on the goal's lines), or holds a number of
    items other than the ``count`` the model saw."""
    if ref is None:
        return [], [] if count == 0 else [_bad(f"no reference given for {count} item(s)")]
    span = ref_span(job, ref, last_tail=True)
    if span is None:
        return [], [_bad(f"reference {ref.model_dump()} does not point at text on those lines")]
    cell = SpanText.from_source(job.text, *span)
    first, parsed = parse_items(cell.text)
    issues = []
    if not parsed or cell.text[:first].strip(SEP + " "):
        issues.append(
            _bad(
                f"the text at {ref.model_dump()} does not start with an indicator item "
                f"(it starts {cell.text[:12]!r}); point at the 绩效指标 text only"
            )
        )
    if len(parsed) != count:
        issues.append(
            Issue(
                "llm-item-count",
                f"indicators: the answer counts {count} item(s) but the referenced text holds {len(parsed)}",
            )
        )
    return [Indicator.model_validate(record) for record in indicator_records(cell, parsed)], issues

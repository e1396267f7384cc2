"""Stage 6 — validate: the checks the data itself allows. They flag; they never "fix".

Sums (project, unit, 合计), level-2 code vs level-1, categories present, percentages above 100,
satisfaction targets that are not percentages, duplicate indicators, empty projects."""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from docnorm.extractor.readers.base import line_starts
from docnorm.schemas.common import Amounts, Finding, Location, Severity, Span
from docnorm.schemas.form_a import FormADocument, FundingUnit, Indicator, Project

REQUIRED_LEVEL1 = ("产出", "效益", "满意度")


class Locator:
    """Turns character offsets into 1-based line/column for messages."""

    def __init__(self, text: str) -> None:
        self.line_starts = line_starts(text)

    @classmethod
    def from_line_starts(cls, starts: array[int]) -> Locator:
        """A locator over line starts counted already (a long document's, kept while decoding)."""
        locator = cls("")
        locator.line_starts = starts
        return locator

    def locate(self, span: Span | tuple[int, int] | None, record: str | None = None) -> Location:
        if span is None:
            return Location(record=record)
        start, end = (span.start, span.end) if isinstance(span, Span) else span
        line = bisect_right(self.line_starts, start)
        return Location(line=line, column=start - self.line_starts[line - 1] + 1, start=start, end=end, record=record)


def _first_span(record: Amounts | Project) -> tuple[int, int] | None:
    return min(record.spans.values(), default=None)


def _sum(values: Iterable[Decimal | None]) -> Decimal:
    return sum((v for v in values if v is not None), Decimal(0))


def _sum_finding(code: str, where: str, printed: Decimal, computed: Decimal, location: Location) -> Finding:
    return Finding(
        severity="warning",
        code=code,
        location=location,
        message=f"{where}: printed total {printed} but the parts add up to {computed} "
        f"(difference {printed - computed:+})",
    )


def check_project_sums(doc: FormADocument, loc: Locator) -> list[Finding]:
    findings = []
    for p in doc.projects:
        parts = (p.fiscal, p.special, p.other)
        if p.total is not None and any(v is not None for v in parts) and _sum(parts) != p.total:
            findings.append(
                _sum_finding(
                    "sum-project",
                    f"project {p.position} {p.name}",
                    p.total,
                    _sum(parts),
                    loc.locate(p.spans.get("total"), f"project {p.position}"),
                )
            )
    return findings


@dataclass
class DocumentSums:
    """What the unit and 合计 checks need, gathered in document order: the units, and each unit's
    projects' totals added up (a long document read in pieces adds piece by piece)."""

    units: list[FundingUnit] = field(default_factory=list)
    unit_sums: dict[int, Decimal] = field(default_factory=dict)  # unit index -> its projects' totals
    project_sum: Decimal = Decimal(0)
    _index: int = -1
    _current: str | None = None

    def add(self, units: Iterable[FundingUnit], projects: Iterable[Project]) -> None:
        """The next units and projects. A project belongs to the next unit (after the one it
        walked to last) of its unit's name: unit names may repeat."""
        self.units += units
        for p in projects:
            if p.unit is not None and p.unit != self._current:
                later = range(self._index + 1, len(self.units))
                self._index = next((j for j in later if self.units[j].name == p.unit), self._index)
                self._current = p.unit
            total = p.total if p.total is not None else Decimal(0)
            if self._index >= 0 and p.unit is not None:
                self.unit_sums[self._index] = self.unit_sums.get(self._index, Decimal(0)) + total
            self.project_sum += total

    def findings(self, grand_total: Amounts | None, loc: Locator) -> list[Finding]:
        findings = []
        for index, u in enumerate(self.units):
            members = self.unit_sums.get(index)
            if u.total is not None and members is not None and members != u.total:
                where = f"unit {u.position}"
                location = loc.locate(u.spans.get("total"), where)
                findings.append(_sum_finding("sum-unit", f"{where} {u.name}", u.total, members, location))
        if grand_total is not None and grand_total.total is not None:
            parts = _sum(u.total for u in self.units) if self.units else self.project_sum
            if parts != grand_total.total:
                location = loc.locate(grand_total.spans.get("total"), "合计")
                findings.append(_sum_finding("sum-grand-total", "合计", grand_total.total, parts, location))
        return findings


def check_sums(doc: FormADocument, loc: Locator) -> list[Finding]:
    sums = DocumentSums()
    sums.add(doc.units, doc.projects)
    return check_project_sums(doc, loc) + sums.findings(doc.grand_total, loc)


def _indicator_problems(ind: Indicator) -> list[tuple[Severity, str, str]]:
    """(severity, code, message tail) of one indicator; empty for almost every indicator, so
    locations and messages are only built for the few that have a problem."""
    problems: list[tuple[Severity, str, str]] = []
    if ind.level1_code and ind.level2_code and not ind.level2_code.startswith(ind.level1_code):
        problems.append(
            (
                "warning",
                "level-code-mismatch",
                f"level-2 {ind.level2_code}-{ind.level2} does not "
                f"belong to level-1 {ind.level1_code}-{ind.level1} (kept as printed)",
            )
        )
    satisfaction = "满意度" in (ind.level1 or "")
    for target_field, target in (("period_target", ind.period_target), ("annual_target", ind.annual_target)):
        norm = target.normalized if target is not None else None
        if target is None or norm is None or norm.kind != "quantitative":
            continue
        if norm.unit == "%" and norm.value is not None and norm.value > 100:
            problems.append(("warning", "percent-over-100", f"{target_field} {target.raw!r} is above 100%"))
        if satisfaction and norm.unit != "%":
            problems.append(
                ("info", "satisfaction-not-percent", f"satisfaction target {target.raw!r} is not a percentage")
            )
    return problems


def _project_findings(p: Project, loc: Locator) -> list[Finding]:
    record = f"project {p.position}"
    found: list[tuple[Severity, str, str]] = []
    if not p.goal:
        found.append(("warning", "missing-goal", f"{record} {p.name}: no goal (绩效目标) text"))
    if not p.indicators:
        found.append(("warning", "missing-indicators", f"{record} {p.name}: no indicators (绩效指标)"))
    else:
        level1 = "|".join(i.level1 or "" for i in p.indicators)
        if missing := [c for c in REQUIRED_LEVEL1 if c not in level1]:
            found.append(("info", "missing-category", f"{record} {p.name}: no {'/'.join(missing)} indicator"))
        keys = Counter((i.level1, i.level2, i.name) for i in p.indicators)
        found += [
            ("info", "duplicate-indicator", f"{record}: indicator {key[2]!r} appears {count} times")
            for key, count in keys.items()
            if count > 1
        ]
    findings = [
        Finding(severity=s, code=c, message=m, location=loc.locate(_first_span(p), record)) for s, c, m in found
    ]
    for ind in p.indicators:
        for severity, code, tail in _indicator_problems(ind):
            where = f"{record} indicator {ind.position}"
            findings.append(
                Finding(
                    severity=severity,
                    code=code,
                    message=f"{where}: {tail}",
                    location=loc.locate(min(ind.spans.values(), default=None), where),
                )
            )
    return findings


def check_unit_names(doc: FormADocument, loc: Locator) -> list[Finding]:
    """A unit row printed without its name (a lost line): its projects cannot name their unit."""
    return [
        Finding(
            severity="warning",
            code="unit-without-name",
            location=loc.locate(u.spans.get("total"), f"unit {u.position}"),
            message=f"unit {u.position} has amounts but no name; the projects below it have no unit",
        )
        for u in doc.units
        if not u.name
    ]


def check_indicators(doc: FormADocument, loc: Locator) -> list[Finding]:
    return [finding for p in doc.projects for finding in _project_findings(p, loc)]


def validate_form_a(
    doc: FormADocument, text: str, locator: Locator | None = None, *, document_sums: bool = True
) -> list[Finding]:
    """All Form A checks; pass the document's `Locator` when the caller already has one.
    `document_sums=False` (a piece of a long document) leaves out the unit and 合计 sums."""
    loc = locator or Locator(text)
    sums = check_sums(doc, loc) if document_sums else check_project_sums(doc, loc)
    return sums + check_unit_names(doc, loc) + check_indicators(doc, loc)

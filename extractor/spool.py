"""A long document's result written while it is read: each piece's records, findings and table
rows go to temporary files in the output folder, and the result JSON is put together from them
at the end — the same JSON a whole reading writes, its lists in piece order.

Only what the document's own checks need stays in memory: the funding units and each one's
projects' totals added up, the noise and lost ranges and the counts. The temporary files are named like every other
temporary output (`.NAME.XXXXXXXX.tmp`), so a killed run's are removed by the next."""

from __future__ import annotations

import json
import os
import pickle
import shutil
import tempfile
from collections import Counter
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from pydantic import TypeAdapter

from docnorm.extractor.clean import Header
from docnorm.extractor.export import PROJECT_COLUMNS, TABLES
from docnorm.extractor.forms.form_a.validate import DocumentSums
from docnorm.extractor.pieces import Piece
from docnorm.schemas.common import Amounts, Finding
from docnorm.schemas.document import Coverage, DocumentResult, NoiseSummary, Status, UnplacedText
from docnorm.schemas.form_a import FormADocument, FundingUnit, Project
from docnorm.schemas.overview import overview_row

__all__ = ["ResultSpool", "SpooledRows", "temporary"]

_STATUS = PROJECT_COLUMNS.index("status")
_PIECE_TABLES = ("projects.csv", "indicators.csv", "findings.csv")
# the lists of the result that are written piece by piece, in the order the JSON prints them
_PARTS = ("units", "projects", "content_unplaced", "findings", "unplaced", "labels")
_MARKERS = ('"units":[]', '"projects":[]', '"unplaced":[]', '"findings":[]', '"unplaced":[]', '"labels":[]')
_ADAPTERS: dict[str, TypeAdapter[Any]] = {
    "units": TypeAdapter(list[FundingUnit]),
    "projects": TypeAdapter(list[Project]),
    "content_unplaced": TypeAdapter(list[str]),
    "findings": TypeAdapter(list[Finding]),
    "unplaced": TypeAdapter(list[UnplacedText]),
}


def temporary(folder: Path) -> Path:
    fd, name = tempfile.mkstemp(prefix=".docnorm-long.", suffix=".tmp", dir=folder)
    os.close(fd)
    return Path(name)


def _text_file(folder: Path) -> tuple[Path, IO[str]]:
    path = temporary(folder)
    return path, path.open("w", encoding="utf-8", newline="")


@dataclass(frozen=True)
class SpooledRows:
    """A document's table rows in a temporary file: pickled (table, rows) batches. Its projects'
    status column is filled in as they are read (it is known only at the end)."""

    path: Path
    status: Status

    def items(self) -> Iterator[tuple[str, list[list[object]]]]:
        with self.path.open("rb") as handle:
            while True:
                try:
                    name, rows = pickle.load(handle)
                except EOFError:
                    return
                if name == "projects.csv":
                    for row in rows:
                        row[_STATUS] = self.status
                yield name, rows

    def discard(self) -> None:
        self.path.unlink(missing_ok=True)


@dataclass
class _Totals:
    """What the pieces add up to, and what the document's checks need from them."""

    header: Header = field(default_factory=Header)
    grand_total: Amounts | None = None
    sums: DocumentSums = field(default_factory=DocumentSums)
    projects: int = 0
    indicators: int = 0
    noise: dict[str, list[Any]] = field(default_factory=dict)  # kind -> [count, chars, spans]
    coverage: Counter[str] = field(default_factory=Counter)
    lost: list[tuple[int, int]] = field(default_factory=list)
    severities: Counter[str] = field(default_factory=Counter)
    codes: Counter[tuple[str, str]] = field(default_factory=Counter)
    unplaced: bool = False
    truncated: bool = False


class ResultSpool:
    """Collects a long document's pieces into temporary files in `folder` (the output folder, so
    the finished JSON is renamed into place). Use as a context manager: on an error every file
    is removed; `finish` hands the JSON and the rows over."""

    def __init__(self, folder: Path, document: str, encoding: str | None) -> None:
        self.folder, self.document, self.encoding = folder, document, encoding
        self.totals = _Totals()
        self._stack = ExitStack()
        self._parts: dict[str, tuple[Path, IO[str]]] = {}
        self.rows_path = temporary(folder)
        self._rows: IO[bytes] = self.rows_path.open("wb")
        self._stack.callback(self._rows.close)

    def __enter__(self) -> ResultSpool:
        return self

    def __exit__(self, *exc: object) -> None:
        self._stack.close()
        for path, _ in self._parts.values():
            path.unlink(missing_ok=True)
        if exc[0] is not None:
            self.rows_path.unlink(missing_ok=True)

    def _append(self, part: str, items: str) -> None:
        """Comma-separated JSON items (no brackets) onto one list of the result."""
        if not items:
            return
        begun = part in self._parts
        if not begun:
            self._parts[part] = _text_file(self.folder)
            self._stack.callback(self._parts[part][1].close)
        self._parts[part][1].write("," + items if begun else items)

    def _append_list(self, part: str, values: list[Any]) -> None:
        if values:
            self._append(part, _ADAPTERS[part].dump_json(values).decode()[1:-1])

    def add(self, piece: Piece) -> None:
        content, reading = piece.content, piece.reading
        self._add_totals(piece)
        self._append_list("projects", content.projects)
        self._append_list("content_unplaced", content.unplaced)
        self._append_list("findings", reading.findings)
        self._append_list("unplaced", reading.unplaced)
        if reading.labels:  # no label runs over a cut: a piece ends with its line feed
            self._append("labels", json.dumps(reading.labels, separators=(",", ":"))[1:-1])
        self._add_rows(content, reading.findings)

    def _add_totals(self, piece: Piece) -> None:
        totals, content, reading = self.totals, piece.content, piece.reading
        for name in ("title", "department", "money_unit"):
            if getattr(totals.header, name) is None:
                setattr(totals.header, name, getattr(piece.header, name))
        totals.grand_total = totals.grand_total or content.grand_total
        totals.sums.add(content.units, content.projects)
        totals.projects += len(content.projects)
        totals.indicators += sum(len(p.indicators) for p in content.projects)
        for n in reading.noise:
            entry = totals.noise.setdefault(n.kind, [0, 0, []])
            entry[0], entry[1] = entry[0] + n.count, entry[1] + n.chars
            entry[2] += n.spans
        totals.coverage.update(reading.ledger.coverage.model_dump())
        totals.lost += reading.ledger.lost
        self._count(reading.findings)
        totals.unplaced = totals.unplaced or bool(reading.unplaced)
        totals.truncated = totals.truncated or any(f.code == "truncated-record" for f in reading.findings)

    def _count(self, findings: list[Finding]) -> None:
        self.totals.severities.update(f.severity for f in findings)
        self.totals.codes.update((f.severity, f.code) for f in findings)

    def _add_rows(self, content: FormADocument | None, findings: list[Finding]) -> None:
        header = self.totals.header
        if content is not None:
            content = content.model_copy(
                update={"title": header.title, "department": header.department, "money_unit": header.money_unit}
            )
        result = DocumentResult.model_construct(document=self.document, status="ok", content=content, findings=findings)
        for name in _PIECE_TABLES if content is not None else ("findings.csv",):
            rows = list(TABLES[name][1](result))
            if rows:
                pickle.dump((name, rows), self._rows, protocol=pickle.HIGHEST_PROTOCOL)

    def add_findings(self, findings: list[Finding]) -> None:
        """The document's own findings (sums, lost text, ...), after the pieces'."""
        self._append_list("findings", findings)
        self._count(findings)
        self._add_rows(None, findings)

    def coverage(self) -> Coverage:
        return Coverage(**self.totals.coverage)

    def noise(self) -> list[NoiseSummary]:
        return [
            NoiseSummary(kind=kind, count=count, chars=chars, spans=spans)
            for kind, (count, chars, spans) in sorted(self.totals.noise.items())
        ]

    def finish(self, status: Status, lead: Finding | None = None) -> tuple[Path, SpooledRows, list[object]]:
        """The finished result JSON (a temporary file), the rows and the documents.csv row; `lead`
        goes first among the findings (a document with no table says so first)."""
        self._append_list("units", self.totals.sums.units)
        if lead is not None:
            self._count([lead])
            self._add_rows(None, [lead])
        for _, handle in self._parts.values():
            handle.flush()
        document_row = self.document_row(status)
        pickle.dump(("documents.csv", [document_row]), self._rows)
        self._rows.close()
        json_path, out = _text_file(self.folder)
        try:
            with out:
                self._write_json(out, status, lead)
        except BaseException:
            json_path.unlink(missing_ok=True)
            raise
        return json_path, SpooledRows(self.rows_path, status), document_row

    def _write_json(self, out: IO[str], status: Status, lead: Finding | None) -> None:
        """The skeleton result (every spooled list empty), each empty list filled from its file."""
        skeleton = self._skeleton(status).model_dump_json()
        cursor = 0
        for part, marker in zip(_PARTS, _MARKERS, strict=True):
            inside = skeleton.index(marker, cursor) + len(marker) - 1  # just before the closing ]
            out.write(skeleton[cursor:inside])
            if part == "findings" and lead is not None:
                out.write(lead.model_dump_json() + ("," if part in self._parts else ""))
            if part in self._parts:
                with self._parts[part][0].open(encoding="utf-8", newline="") as handle:
                    shutil.copyfileobj(handle, out)
            cursor = inside
        out.write(skeleton[cursor:] + "\n")

    def _skeleton(self, status: Status) -> DocumentResult:
        header, totals = self.totals.header, self.totals
        content = FormADocument(
            title=header.title,
            department=header.department,
            money_unit=header.money_unit,
            grand_total=totals.grand_total,
        )
        return DocumentResult(
            document=self.document,
            status=status,
            encoding=self.encoding,
            content=content,
            noise=self.noise(),
            coverage=self.coverage(),
        )

    def document_row(self, status: Status) -> list[object]:
        totals = self.totals
        grand = totals.grand_total.total if totals.grand_total is not None else None
        row = overview_row(
            document=self.document,
            form="A",
            status=status,
            projects=totals.projects,
            indicators=totals.indicators,
            total=str(grand) if isinstance(grand, Decimal) else "",
            money_unit=totals.header.money_unit or "",
            coverage=self.coverage().model_dump(),
            severities=totals.severities,
        )
        return list(row.values())

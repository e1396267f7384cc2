"""Run a backend over many documents, streaming: each document's JSON is written and its table rows
appended before the next, so memory stays flat however many documents a batch has. One bad
document never stops the batch; OUT/batch.json lists the batch and lets a re-run skip what is
unchanged."""

from __future__ import annotations

import errno
import json
import logging
import os
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from docnorm import __version__
from docnorm.errors import OutputError
from docnorm.extractor.backends import Backend
from docnorm.extractor.export import TableFormat, TableWriter
from docnorm.extractor.inputs import InputFile, SkippedInput, result_names
from docnorm.extractor.outdir import (
    batch_lock,
    foreign_json,
    move_stale_results,
    prepare_out_dir,
    remove_stale_temporaries,
)
from docnorm.extractor.readers import ReadOptions
from docnorm.extractor.spool import SpooledRows
from docnorm.extractor.work import Outcome, Task, extract_one, failed_result, options_hash, ordered_outcomes
from docnorm.fileio import write_atomic
from docnorm.schemas.manifest import MANIFEST_NAME, BatchManifest, ManifestEntry, ManifestError, read_manifest

__all__ = ["BatchOptions", "BatchSummary", "extract_one", "failed_result", "run_batch"]

log = logging.getLogger(__name__)

_MANIFEST_EVERY = 10.0  # seconds between manifest rewrites while a batch runs (for resuming)
# the output file system itself is failing: every further document would fail the same way
_FATAL_WRITE_ERRORS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EIO})


@dataclass(frozen=True)
class BatchOptions:
    workers: int = 1
    indent: int | None = None
    force: bool = False  # re-extract documents a previous run left unchanged
    fingerprint: dict[str, str] = field(default_factory=dict)  # what decides results besides the input
    tables: TableFormat = field(default_factory=TableFormat)  # header language and BOM of the CSVs
    read_options: ReadOptions | None = None  # how PDFs and images are read (OCR)
    worker_setup: Callable[[], None] | None = None  # run first in each worker process (the CLI guards the terminal)


@dataclass
class BatchSummary:
    """What the command line reports: counts and messages, never the results themselves."""

    statuses: Counter[str] = field(default_factory=Counter)
    codes: Counter[tuple[str, str]] = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)
    partial: list[tuple[str, int | None]] = field(default_factory=list)  # (document, characters unplaced or lost)
    reused: int = 0
    stale_moved: int = 0
    foreign_json: int = 0
    skipped: list[SkippedInput] = field(default_factory=list)

    @property
    def documents(self) -> int:
        return sum(self.statuses.values())

    def add(self, outcome: Outcome) -> None:
        self.statuses[outcome.entry.status] += 1
        self.codes.update(outcome.codes)
        self.reused += outcome.entry.reused
        if outcome.failure:
            self.failures.append(outcome.failure)
        if outcome.entry.status == "partial":
            self.partial.append((outcome.entry.document, outcome.unplaced))


class _Manifest:
    """batch.json, rewritten every few seconds while the batch runs and once at its end. Entries
    are kept as their JSON text (about a quarter of a model's memory), so a batch's memory hardly
    grows with its documents."""

    def __init__(self, out_dir: Path, options: BatchOptions, skipped: Sequence[SkippedInput]) -> None:
        self.path = out_dir / MANIFEST_NAME
        self.model = BatchManifest(
            docnorm_version=__version__,
            options=dict(options.fingerprint),
            options_hash=options_hash(options.fingerprint),
            complete=False,
            skipped=[f"{s.path}: {s.reason}" for s in skipped],
        )
        self.entries: list[str] = []
        self._written = 0.0

    def add(self, entry: ManifestEntry) -> None:
        self.entries.append(entry.model_dump_json())
        if time.monotonic() - self._written > _MANIFEST_EVERY:
            self.write()

    def write(self, *, complete: bool = False) -> None:
        self.model.complete = complete
        head = json.dumps(self.model.model_dump(mode="json", exclude={"documents"}), ensure_ascii=False, indent=1)
        documents = ",\n  ".join(self.entries)
        head = head.rstrip().removesuffix("}").rstrip()  # the object left open for its documents
        write_atomic(self.path, f'{head},\n "documents": [\n  {documents}\n ]\n}}\n')
        self._written = time.monotonic()


def _previous_manifest(out_dir: Path) -> BatchManifest | None:
    try:
        return read_manifest(out_dir)
    except ManifestError as exc:  # it is rewritten by this batch; nothing is reused from it
        log.warning("%s; it is replaced by this batch's", exc)
        return None


def _tasks(
    out_dir: Path,
    inputs: Sequence[InputFile],
    names: Sequence[str],
    previous: BatchManifest | None,
    options: BatchOptions,
) -> Iterator[Task]:
    """One task per input, made as the workers take them (not a list of the whole batch)."""
    reusable: dict[str, ManifestEntry] = {}
    if previous is not None and not options.force and previous.options_hash == options_hash(options.fingerprint):
        reusable = {e.document: e for e in previous.documents if e.status != "failed"}
    for item, name in zip(inputs, names, strict=True):
        before = reusable.get(item.key)
        reuse = (before.size, before.sha256, out_dir / name) if before is not None and before.result == name else None
        yield Task(item, name, reuse, options.indent, options.read_options, spool_dir=out_dir)


def _write_result(out_dir: Path, outcome: Outcome) -> Outcome:
    """Write the document's JSON; a path that cannot take it fails this document only, a failing
    file system stops the batch (OutputError)."""
    if outcome.json_text is None and outcome.json_file is None:
        return outcome
    path = out_dir / outcome.result_name
    try:
        if outcome.json_file is not None:
            _move_into_place(outcome.json_file, path)
        else:
            write_atomic(path, outcome.json_text or "")
        return outcome
    except OSError as exc:
        if exc.errno in _FATAL_WRITE_ERRORS:
            outcome.discard()
            raise OutputError(f"cannot write: {exc.strerror}", document=str(path)) from None
        error = OutputError(f"cannot write its result {path}: {exc.strerror or exc}", document=outcome.entry.document)
        return outcome.as_failed(error)


def _move_into_place(finished: Path, path: Path) -> None:
    """A long document's JSON, written beside the outputs, renamed to its name (mode 0644)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    os.chmod(finished, 0o644)
    os.replace(finished, path)


def _add_rows(tables: TableWriter, outcome: Outcome) -> None:
    try:
        tables.add(outcome.rows)
    finally:
        if isinstance(outcome.rows, SpooledRows):
            outcome.rows.discard()


def run_batch(
    backend: Backend,
    inputs: Sequence[InputFile],
    out_dir: Path,
    options: BatchOptions | None = None,
    on_document: Callable[[Outcome], None] | None = None,
    skipped: Sequence[SkippedInput] = (),
) -> BatchSummary:
    options = options or BatchOptions()
    summary = BatchSummary(skipped=list(skipped))
    prepare_out_dir(out_dir)
    with batch_lock(out_dir):
        remove_stale_temporaries(out_dir)
        names = result_names([i.key for i in inputs])
        previous = _previous_manifest(out_dir)
        summary.stale_moved = len(move_stale_results(out_dir, previous, names))
        summary.foreign_json = foreign_json(out_dir, names) if previous is None else 0
        manifest = _Manifest(out_dir, options, skipped)
        try:
            with TableWriter(out_dir, options.tables) as tables:
                tasks = _tasks(out_dir, inputs, names, previous, options)
                for outcome in ordered_outcomes(backend, tasks, len(inputs), options.workers, options.worker_setup):
                    outcome = _write_result(out_dir, outcome)
                    _add_rows(tables, outcome)
                    manifest.add(outcome.entry)
                    summary.add(outcome)
                    if on_document is not None:
                        on_document(outcome)
        except OSError as exc:  # a table could not be written: the old tables stay as they were
            raise OutputError(f"cannot write the tables: {exc.strerror or exc}", document=str(out_dir)) from None
        except BaseException:  # interrupted: what a worker left (a long document's files) goes too
            remove_stale_temporaries(out_dir)
            raise
        finally:
            _write_manifest_quietly(manifest, complete=False)
        manifest.write(complete=True)
    return summary


def _write_manifest_quietly(manifest: _Manifest, *, complete: bool) -> None:
    """The manifest of an interrupted batch (for resuming); a failure here must not hide the cause."""
    try:
        manifest.write(complete=complete)
    except OSError as exc:
        log.warning("%s: could not be written: %s", manifest.path, exc.strerror or exc)

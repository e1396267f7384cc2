"""One document's work, in this process or in a pool of worker processes: read, extract, serialize
and cut into table rows, so that only small, finished pieces travel back to the writer.

The pool (`--workers`) runs the offline backend on every core; results come back in input order,
so the output files are byte-identical to a one-worker run. LLM backends run in the calling
process: their requests are concurrent already, and their cache and usage ledger are one."""

from __future__ import annotations

import hashlib
import json
import logging
import multiprocessing
import signal
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from docnorm.errors import DocnormError, InputError, OutputError
from docnorm.extractor.backends import Backend
from docnorm.extractor.export import TableText, result_json, table_rows, table_text
from docnorm.extractor.inputs import InputFile, printable_path
from docnorm.extractor.long_document import extract_long_file, is_long
from docnorm.extractor.pipeline import collector_paused, note_source
from docnorm.extractor.provenance import with_places
from docnorm.extractor.readers import ReadOptions, read_source
from docnorm.extractor.spool import SpooledRows
from docnorm.schemas.common import Finding
from docnorm.schemas.document import DocumentResult
from docnorm.schemas.manifest import ManifestEntry
from docnorm.schemas.overview import DOCUMENT_COLUMNS

log = logging.getLogger(__name__)

# a previous result bigger than this is extracted again rather than read back: read back whole,
# its models would be ten times its size (a long document's pieces keep memory flat instead)
REUSE_MAX_BYTES = 8 << 20


def failed_result(document: str, error: Exception) -> DocumentResult:
    message = (
        str(error) if isinstance(error, DocnormError) else f"{document}: unexpected {type(error).__name__}: {error}"
    )
    return DocumentResult(
        document=document,
        status="failed",
        findings=[Finding(severity="error", code="document-failed", message=message)],
    )


def extract_one(
    backend: Backend, path: Path, document: str | None = None, options: ReadOptions | None = None
) -> DocumentResult:
    """One document's result; any failure is the result's `failed` status, never an exception."""
    document = document or path.name
    try:
        source = read_source(path, options)
        result = backend.extract(source.text, document, encoding=source.encoding)
        return with_places(note_source(result, source), source)
    except DocnormError as exc:
        log.warning("%s", exc)
        return failed_result(document, exc)
    except Exception as exc:  # a bug must not take the batch down; it is reported per document
        log.exception("%s: unexpected error", path)
        return failed_result(document, exc)


def options_hash(fingerprint: dict[str, str]) -> str:
    return hashlib.sha256(json.dumps(fingerprint, sort_keys=True).encode()).hexdigest()[:16]


@dataclass(frozen=True)
class Task:
    input: InputFile
    result_name: str  # relative to the output folder
    reuse: tuple[int, str, Path] | None  # size, sha256 and JSON of the previous run with the same options
    indent: int | None = None
    read_options: ReadOptions | None = None
    spool_dir: Path | None = None  # where a long document's result is written as it is read (the output folder)


@dataclass(frozen=True)
class Outcome:
    entry: ManifestEntry
    result_name: str
    json_text: str | None  # None: the previous run's JSON stands, or it is in json_file
    rows: TableText | SpooledRows  # CSV lines made here (in the worker), or a long document's rows
    codes: Counter[tuple[str, str]]  # (severity, code) of the findings, counted
    failure: str | None  # the message of a failed document
    unplaced: int | None  # characters unplaced or lost (None: coverage not computed, e.g. an LLM reading)
    json_file: Path | None = None  # a long document's finished JSON, a temporary file to rename into place

    def as_failed(self, error: Exception) -> Outcome:
        """This document failed after all (its result could not be written)."""
        self.discard()
        failed = _outcome(failed_result(self.entry.document, error), self.entry, self.result_name, None)
        return replace(failed, json_text=None)

    def discard(self) -> None:
        """Remove a long document's temporary files (its JSON and rows were not taken)."""
        if self.json_file is not None:
            self.json_file.unlink(missing_ok=True)
        if isinstance(self.rows, SpooledRows):
            self.rows.discard()


def _outcome(result: DocumentResult, entry: ManifestEntry, name: str, indent: int | None) -> Outcome:
    rows = table_rows(result)
    counts = dict(zip(DOCUMENT_COLUMNS, rows["documents.csv"][0], strict=True))
    entry = entry.model_copy(
        update={
            "status": result.status,
            "projects": counts["projects"],
            "indicators": counts["indicators"],
            "errors": counts["errors"],
            "warnings": counts["warnings"],
        }
    )
    coverage = result.coverage
    return Outcome(
        entry=entry,
        result_name=name,
        json_text=result_json(result, indent),
        rows=table_text(rows),
        codes=Counter((f.severity, f.code) for f in result.findings),
        failure=result.findings[0].message if result.status == "failed" and result.findings else None,
        unplaced=coverage.unplaced_chars + coverage.lost_chars if coverage else None,
    )


def _digest(path: Path) -> tuple[int, str]:
    with path.open("rb") as handle:
        digest = hashlib.file_digest(handle, "sha256")
        return handle.tell(), digest.hexdigest()


def _previous_result(task: Task, size: int, sha256: str) -> DocumentResult | None:
    """The previous run's result when the input is byte for byte the same (else None: extract)."""
    if task.reuse is None or task.reuse[:2] != (size, sha256):
        return None
    try:
        if task.reuse[2].stat().st_size > REUSE_MAX_BYTES:
            log.info("%s: previous result over %d MB, extracted again", task.input.key, REUSE_MAX_BYTES >> 20)
            return None
        return DocumentResult.model_validate_json(task.reuse[2].read_bytes())
    except (OSError, ValueError) as exc:
        log.info("%s: previous result not reused (%s)", task.input.key, exc)
        return None


def process(backend: Backend, task: Task) -> Outcome:
    """Read, extract (or reuse), serialize and cut into rows: everything but writing. A bug here
    fails this document, never the batch."""
    try:
        with collector_paused():
            return _process(backend, task)
    except Exception as exc:
        log.exception("%s: unexpected error", task.input.key)
        entry = ManifestEntry(
            document=task.input.key, source=printable_path(task.input.path), result=task.result_name, size=0, sha256="",
            status="failed",
        )  # fmt: skip
        return _outcome(failed_result(task.input.key, exc), entry, task.result_name, task.indent)


def _process(backend: Backend, task: Task) -> Outcome:
    key = task.input.key
    entry = ManifestEntry(
        document=key,
        source=printable_path(task.input.path),
        result=task.result_name,
        size=0,
        sha256="",
        status="failed",
    )
    try:
        size, sha256 = _digest(task.input.path)
    except OSError as exc:
        error = InputError(f"cannot read: {exc.strerror or exc}", document=key)
        return _outcome(failed_result(key, error), entry, task.result_name, task.indent)
    entry = entry.model_copy(update={"size": size, "sha256": sha256})
    previous = _previous_result(task, size, sha256)
    if previous is not None:
        reused = _outcome(previous, entry.model_copy(update={"reused": True}), task.result_name, None)
        return replace(reused, json_text=None)
    if task.spool_dir is not None and backend.name == "offline" and is_long(task.input.path, size):
        long = _long_outcome(task, entry)
        if long is not None:
            return long
    result = extract_one(backend, task.input.path, key, task.read_options)
    return _outcome(result, entry, task.result_name, task.indent)


def _long_outcome(task: Task, entry: ManifestEntry) -> Outcome | None:
    """A long Form A text document, read in pieces and written as it is read (extractor.long_document);
    None: not one (the document is read whole)."""
    assert task.spool_dir is not None
    key = task.input.key
    try:
        long = extract_long_file(task.input.path, key, task.spool_dir)
    except DocnormError as exc:
        return _outcome(failed_result(key, exc), entry, task.result_name, task.indent)
    except OSError as exc:
        error = OutputError(f"cannot write its result in {task.spool_dir}: {exc.strerror or exc}", document=key)
        return _outcome(failed_result(key, error), entry, task.result_name, task.indent)
    if long is None:
        return None
    counts = dict(zip(DOCUMENT_COLUMNS, long.document_row, strict=True))
    entry = entry.model_copy(
        update={"status": long.status, **{k: counts[k] for k in ("projects", "indicators", "errors", "warnings")}}
    )
    return Outcome(entry, task.result_name, None, long.rows, long.codes, long.failure, long.unplaced, long.json_file)


_worker_backend: Backend | None = None  # set once per worker process by the pool's initializer


def _start_worker(backend: Backend, setup: Callable[[], None] | None) -> None:
    global _worker_backend
    _worker_backend = backend
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle: it stops the pool
    if setup is not None:
        setup()


def _process_in_worker(task: Task) -> Outcome:
    assert _worker_backend is not None
    return process(_worker_backend, task)


def ordered_outcomes(
    backend: Backend, tasks: Iterable[Task], count: int, workers: int, setup: Callable[[], None] | None = None
) -> Iterator[Outcome]:
    """Each of the `count` tasks' outcome, in task order, from `workers` processes (or this one);
    `setup` runs first in each worker process (a picklable function: the pool's processes are
    started fresh)."""
    workers = min(workers, count)
    if workers <= 1 or backend.name != "offline":
        yield from (process(backend, task) for task in tasks)
        return
    context = multiprocessing.get_context("forkserver")
    pool = context.Pool(workers, initializer=_start_worker, initargs=(backend, setup))
    finished = False
    try:
        # chunks of up to 4 save messages on many small documents; a few heavy ones (scans) go
        # one at a time, or one worker would take them all
        chunk = max(1, min(4, count // (workers * 4)))
        yield from pool.imap(_process_in_worker, tasks, chunksize=chunk)
        finished = True
    finally:
        if finished:
            pool.close()
        else:  # interrupted or failed: nothing more to wait for
            pool.terminate()
        pool.join()

"""Run a backend over many documents: one bad document never stops the batch."""

from __future__ import annotations

import glob
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from docnorm.errors import DocnormError, InputError
from docnorm.extractor.backends import Backend
from docnorm.extractor.export import write_document, write_tables
from docnorm.extractor.pipeline import note_source
from docnorm.extractor.provenance import with_places
from docnorm.extractor.readers import READABLE_SUFFIXES, ReadOptions, read_source
from docnorm.schemas.common import Finding
from docnorm.schemas.document import DocumentResult

log = logging.getLogger(__name__)


def expand_inputs(specs: Sequence[str]) -> list[Path]:
    """Files, folders (their text files, sorted) and glob patterns, in order, without repeats."""
    paths: list[Path] = []
    for spec in specs:
        path = Path(spec)
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in READABLE_SUFFIXES)
        elif any(ch in spec for ch in "*?["):
            found = sorted(Path(p) for p in glob.glob(spec, recursive=True) if Path(p).is_file())
        else:
            found = [path]
        paths.extend(p for p in found if p not in paths)
    if not paths:
        raise InputError(f"no input documents found in: {' '.join(specs)}")
    return paths


def failed_result(path: Path, error: Exception) -> DocumentResult:
    message = (
        str(error) if isinstance(error, DocnormError) else f"{path.name}: unexpected {type(error).__name__}: {error}"
    )
    return DocumentResult(
        document=path.name,
        status="failed",
        findings=[Finding(severity="error", code="document-failed", message=message)],
    )


@dataclass
class BatchSummary:
    results: list[DocumentResult] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)

    @property
    def failed(self) -> list[DocumentResult]:
        return [r for r in self.results if r.status == "failed"]


def extract_one(backend: Backend, path: Path, options: ReadOptions | None = None) -> DocumentResult:
    try:
        source = read_source(path, options)
        result = backend.extract(source.text, path.name, encoding=source.encoding)
        return with_places(note_source(result, source), source)
    except DocnormError as exc:
        log.warning("%s", exc)
        return failed_result(path, exc)
    except Exception as exc:  # a bug must not take the batch down; it is reported per document
        log.exception("%s: unexpected error", path)
        return failed_result(path, exc)


def run_batch(
    backend: Backend,
    paths: Iterable[Path],
    out_dir: Path,
    on_document: Callable[[DocumentResult], None] | None = None,
    read_options: ReadOptions | None = None,
) -> BatchSummary:
    summary = BatchSummary()
    out_dir.mkdir(parents=True, exist_ok=True)
    for path in paths:
        result = extract_one(backend, path, read_options)
        summary.results.append(result)
        summary.written.append(write_document(result, out_dir))
        if on_document is not None:
            on_document(result)
    summary.written.extend(write_tables(summary.results, out_dir))
    return summary

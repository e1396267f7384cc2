"""`write_review(OUT, sources)`: OUT/review/index.html and one page per document result in OUT."""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from docnorm.errors import InputError
from docnorm.fileio import write_atomic
from docnorm.review.index import index_page, page_name
from docnorm.review.page import document_page
from docnorm.schemas.document import DocumentResult
from docnorm.schemas.manifest import ManifestError, result_files

log = logging.getLogger(__name__)
REVIEW_DIR = "review"


def load_results(out_dir: Path) -> list[dict[str, Any]]:
    """The batch's document results (OUT/batch.json, else `OUT/*.json` that are DocumentResults), as JSON."""
    results = []
    try:
        paths = result_files(out_dir)
    except ManifestError as exc:
        raise InputError(str(exc)) from None
    for path in paths:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if not (isinstance(data, dict) and "status" in data and "document" in data):
                continue
            results.append(DocumentResult.model_validate(data).model_dump(mode="json"))
        except (OSError, ValueError, ValidationError) as exc:
            log.warning("%s: not a document result, skipped (%s)", path, str(exc).splitlines()[0])
    if not results:
        raise InputError(f"no document results (*.json written by docnorm extract) in {out_dir}")
    return results


def write_review(
    out_dir: Path,
    sources: Mapping[str, str],
    differences: Mapping[str, list[dict[str, Any]]] | None = None,
    other: str = "",
) -> list[Path]:
    """Write the index and the page of every result; `sources` maps a document name to its decoded
    text (the text the result's offsets index); `differences` maps a document name to the fields on
    which another run (`other`, e.g. offline vs LLM) differs. Returns the written paths, the index first."""
    results = load_results(out_dir)
    target = out_dir / REVIEW_DIR
    index = target / "index.html"
    write_atomic(index, index_page(results))
    written = [index]
    for result in results:
        text = sources.get(result["document"])
        if text is None:
            log.warning("%s: source text not given; its page shows the records only", result["document"])
        path = target / page_name(result["document"])
        diff = differences.get(result["document"]) if differences is not None else None
        write_atomic(path, document_page(result, text, diff, other))
        written.append(path)
    return written

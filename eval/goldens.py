"""Golden drafts for a user's own documents: `docnorm golden init OUT DOC`.

A draft is the extraction's content with spans and normalized targets taken out (a golden records
what a reader sees, not offsets), marked ``"draft": true``. `eval` refuses a draft, so an
extraction can never score itself: a person checks every value against the source, fixes what is
wrong, and sets ``draft`` to false."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from docnorm.errors import InputError
from docnorm.fileio import write_atomic
from docnorm.schemas.document import DocumentResult, GoldenDocument

__all__ = ["DRAFT_NOTE", "draft_golden", "init_golden", "result_path"]

DRAFT_NOTE = (
    "DRAFT written by `docnorm golden init` from the extraction: check every value against the source, "
    'fix what is wrong, add what is missing, then set "draft" to false. eval refuses it until then.'
)


def _strip(value: Any) -> Any:
    """The dumped content without `spans` and with every target's `normalized` set to null."""
    if isinstance(value, list):
        return [_strip(v) for v in value]
    if not isinstance(value, dict):
        return value
    out = {k: _strip(v) for k, v in value.items() if k != "spans"}
    if "raw" in out and "normalized" in out:
        out["normalized"] = None
    return out


def result_path(out_dir: Path, document: str) -> Path:
    """OUT/<stem>.json for a document given by file name, stem or path."""
    path = out_dir / f"{Path(document).stem}.json"
    if not path.is_file():
        raise InputError(f"no extraction result for {document!r} in this folder", document=str(out_dir))
    return path


def draft_golden(result: DocumentResult, labelled_by: str) -> GoldenDocument:
    if result.content is None:
        raise InputError(
            f"the extraction has no content (status {result.status}): nothing to draft from", document=result.document
        )
    content = _strip(result.content.model_dump(mode="json"))
    return GoldenDocument(
        document=result.document, labelled_by=labelled_by, draft=True, notes=[DRAFT_NOTE], content=content
    )


def init_golden(out_dir: Path, document: str, golden_dir: Path, force: bool = False) -> Path:
    """Write golden_dir/<stem>.json as a draft from OUT's result; an existing golden is kept unless
    `force` (it may hold a person's corrections)."""
    source = result_path(out_dir, document)
    try:
        result = DocumentResult.model_validate_json(source.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise InputError(f"not a DocumentResult: {str(exc).splitlines()[0]}", document=str(source)) from exc
    target = golden_dir / source.name
    if target.exists() and not force:
        raise InputError("a golden already exists (it may hold corrections); --force replaces it", document=str(target))
    golden = draft_golden(result, f"draft from {source} ({result.backend} backend); not yet checked by a person")
    body = _strip(golden.model_dump(mode="json"))  # the model puts empty spans back: leave them out
    write_atomic(target, json.dumps(body, ensure_ascii=False, indent=1) + "\n")
    return target

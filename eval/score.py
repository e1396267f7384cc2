"""Score an output folder of ``DocumentResult`` files against the golden folder.

Public API: ``score_folder(out_dir, golden_dir, sources_dir) -> Scores`` and
``score_results(results, goldens, sources) -> Scores`` for in-memory results (bench, tests).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from pathlib import Path

from pydantic import ValidationError

from docnorm.errors import InputError
from docnorm.eval.metrics import DocumentScore, Scores
from docnorm.eval.scorers import score_content
from docnorm.schemas.document import DocumentResult, GoldenDocument
from docnorm.schemas.manifest import ManifestError, result_files

log = logging.getLogger(__name__)

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_GOLDEN_DIR = Path(__file__).resolve().parent / "golden"
DEFAULT_SOURCES_DIR = REPO_ROOT / "examples" / "docs"


def _load(path: Path, model: type[GoldenDocument] | type[DocumentResult]) -> GoldenDocument | DocumentResult:
    try:
        return model.model_validate_json(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read: {exc}", document=str(path)) from exc
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(x) for x in first["loc"])
        raise InputError(f"not a valid {model.__name__}: {where}: {first['msg']}", document=str(path)) from exc


def load_goldens(golden_dir: Path) -> dict[str, GoldenDocument]:
    """Goldens by stem (``000_487862950e7e3971``). A draft (``docnorm golden init``) is refused: it is
    the extraction itself until a person has checked it, so it would score itself."""
    if not golden_dir.is_dir():
        raise InputError("golden folder not found", document=str(golden_dir))
    goldens: dict[str, GoldenDocument] = {}
    for path in sorted(golden_dir.glob("*.json")):
        golden = _load(path, GoldenDocument)
        assert isinstance(golden, GoldenDocument)
        if golden.draft:
            raise InputError(
                'is a golden draft: check every value against the source, then set "draft" to false',
                document=str(path),
            )
        goldens[path.stem] = golden
    return goldens


def load_results(out_dir: Path) -> dict[str, DocumentResult]:
    """This batch's results (OUT/batch.json; OUT/*.json for folders without one) by their path in
    OUT without `.json` (the file stem for a one-folder batch); a file that is not a DocumentResult fails."""
    if not out_dir.is_dir():
        raise InputError("output folder not found", document=str(out_dir))
    try:
        paths = result_files(out_dir)
    except ManifestError as exc:
        raise InputError(str(exc)) from None
    return {p.relative_to(out_dir).with_suffix("").as_posix(): _load(p, DocumentResult) for p in paths}  # type: ignore[misc]


def read_source(sources_dir: Path | None, document: str) -> str | None:
    """The source text of ``document`` (``None`` when it is not there: no invented-value check)."""
    if sources_dir is None:
        return None
    path = sources_dir / document
    if not path.is_file():
        log.warning("source %s not found: invented values are not checked for it", path)
        return None
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("gb18030", errors="replace")


def score_document(golden: GoldenDocument, result: DocumentResult | None, source: str | None) -> DocumentScore:
    if result is None:
        return score_content(golden.document, golden.content, None, source, status="missing_output")
    return score_content(golden.document, golden.content, result.content, source)


def score_results(
    results: Mapping[str, DocumentResult | None],
    goldens: Mapping[str, GoldenDocument],
    sources: Mapping[str, str | None] | None = None,
) -> Scores:
    """Score in-memory results (keyed like the goldens) against goldens; sources keyed the same."""
    scores = Scores()
    for stem, golden in sorted(goldens.items()):
        source = (sources or {}).get(stem)
        scores.documents.append(score_document(golden, results.get(stem), source))
    scores.unscored = sorted(set(results) - set(goldens))
    return scores


def score_folder(
    out_dir: Path | str,
    golden_dir: Path | str = DEFAULT_GOLDEN_DIR,
    sources_dir: Path | str | None = DEFAULT_SOURCES_DIR,
) -> Scores:
    """Score exactly the outputs ``out_dir/<name>.json`` that have a golden ``golden_dir/<name>.json``
    (sources for invented values). Outputs without a golden and goldens without an output are
    warned about and left out; nothing in common is an error (there is nothing to score)."""
    goldens = load_goldens(Path(golden_dir))
    results = load_results(Path(out_dir))
    common = {stem: g for stem, g in goldens.items() if stem in results}
    if not common:
        raise InputError(
            f"nothing to score: none of the {len(results)} results has a golden in {golden_dir} "
            "(write one with `docnorm golden init OUT DOC`, check it, then pass --golden DIR)",
            document=str(out_dir),
        )
    for stem in sorted(set(results) - set(goldens)):
        log.warning("%s.json (%s): no golden in %s, not scored", stem, results[stem].document, golden_dir)
    for stem in sorted(set(goldens) - set(results)):
        log.warning("golden %s: no result in %s, not scored", goldens[stem].document, out_dir)
    src_dir = Path(sources_dir) if sources_dir is not None else None
    sources = {stem: read_source(src_dir, g.document) for stem, g in common.items()}
    return score_results(results, common, sources)


def scores_json(scores: Scores, diffs: bool = False) -> str:
    return json.dumps(scores.to_dict("errors" if diffs else "none"), ensure_ascii=False, indent=2)

"""Reading goals from an extraction output folder and writing theme results beside it.

DocumentResult JSON files have no room for themes (extra keys are forbidden), so themes go to
OUT/themes/themes.json (document, kind, position → theme) and OUT/themes.csv, and, when the extractor
wrote OUT/projects.csv, to three columns appended to it. Every write is atomic
(extractor.export.write_atomic)."""

from __future__ import annotations

import codecs
import csv
import logging
from pathlib import Path

from pydantic import ValidationError

from docnorm.errors import InputError
from docnorm.fileio import csv_encoding, csv_text, csv_value, open_csv, visible_controls, write_atomic
from docnorm.schemas.headers import column_keys, header_language, header_names
from docnorm.schemas.manifest import ManifestError, result_files
from docnorm.themes.goal_views import ResultView, goal_items
from docnorm.themes.types import GoalItem

log = logging.getLogger(__name__)

# themes.json sits in a subfolder: `docnorm eval` reads every OUT/*.json as a DocumentResult
THEMES_JSON, THEMES_CSV, PROJECTS_CSV = "themes/themes.json", "themes.csv", "projects.csv"
THEMES_HTML = "themes/themes.html"  # the charts (themes.charts)
THEMES_USAGE = "themes/llm_usage.json"  # token usage of --namer llm
THEME_COLUMNS = ("theme_id", "theme_label", "theme_score")


def read_goal_items(folder: str | Path) -> list[GoalItem]:
    """Goal items of every DocumentResult (or GoldenDocument) JSON in `folder`, sorted by file."""
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError("not a folder", document=str(folder))
    items: list[GoalItem] = []
    try:
        paths = result_files(folder)
    except ManifestError as exc:
        raise InputError(str(exc)) from None
    for path in paths:
        try:
            view = ResultView.model_validate_json(path.read_bytes())  # only the fields themes read
        except (OSError, ValidationError) as exc:
            log.warning("%s: skipped, not a DocumentResult (%s)", path, str(exc).splitlines()[0])
            continue
        items.extend(goal_items(view.document, view.content))
    return items


def _key_columns(header: list[str]) -> tuple[int, int] | None:
    keys = column_keys(header)  # the header row may be Chinese (extract --headers zh)
    doc = next((i for i, h in enumerate(keys) if h in ("document", "doc", "file")), None)
    pos = next((i for i, h in enumerate(keys) if h in ("project_no", "position", "project_position")), None)
    return (doc, pos) if doc is not None and pos is not None else None


def table_format(path: Path) -> tuple[str, bool]:
    """(header language, byte-order mark) of an existing table, ("en", False) without one: the
    theme tables follow what extract wrote (--headers, --csv-bom)."""
    if not path.is_file():
        return "en", False
    encoding = csv_encoding(path)
    with path.open(encoding=encoding, newline="") as handle:
        header = next(csv.reader(handle), [])
    excel = encoding == "gb18030"  # re-saved by Excel: written back as UTF-8 with the BOM Excel reads
    return header_language(header), excel or path.read_bytes()[:3] == codecs.BOM_UTF8


def update_projects_csv(path: Path, themes_by_key: dict[tuple[str, int], tuple[str, str, float]]) -> bool:
    """Append (or refresh) theme_id, theme_label, theme_score on each row of projects.csv.

    `themes_by_key` is keyed by (document name as in the batch, e.g. `a/x.txt`, project position). The file keeps its header
    language and its byte-order mark (extract --headers, --csv-bom); one Excel re-saved as GBK
    is written back as UTF-8 with the mark."""
    if not path.exists():
        return False
    _, bom = table_format(path)
    with open_csv(path) as handle:  # csv handles quoted line breaks itself
        rows = [[csv_value(cell) for cell in row] for row in csv.reader(handle)]  # csv_text quotes again
    if not rows or _key_columns(rows[0]) is None:
        log.warning("%s: no document/position columns; theme columns not added", path)
        return False
    header = rows[0]
    keep = [i for i, h in enumerate(column_keys(header)) if h not in THEME_COLUMNS]
    columns = _key_columns(header)
    assert columns is not None
    doc_i, pos_i = columns
    out = []
    # the table shows a document name's control characters as escapes (docnorm.fileio.csv_cell)
    themes_by_key = {(visible_controls(name), pos): theme for (name, pos), theme in themes_by_key.items()}
    for row in rows[1:]:
        try:
            theme = themes_by_key.get((csv_value(row[doc_i]), int(row[pos_i])), ("", "", ""))
        except (IndexError, ValueError):
            theme = ("", "", "")
        out.append([row[i] if i < len(row) else "" for i in keep] + list(theme))
    theme_header = header_names(THEME_COLUMNS, header_language(header))
    write_atomic(path, csv_text([header[i] for i in keep] + theme_header, out, bom=bom))
    return True

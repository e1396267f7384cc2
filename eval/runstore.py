"""Run files (eval/runs/<run-id>.json): atomic JSON writes, checked loads."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from docnorm.errors import InputError
from docnorm.fileio import write_atomic


def write_json_atomic(path: Path, data: Any) -> None:
    """JSON through extractor.export.write_atomic (temp file in the same folder, then rename)."""
    write_atomic(path, json.dumps(data, ensure_ascii=False, indent=1, default=str))


def read_json(path: Path) -> Any:
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", document=str(path)) from None
    except ValueError as exc:
        raise InputError(f"not valid JSON: {exc}", document=str(path)) from None

"""Run files (eval/runs/<run-id>.json) and cache entries: atomic JSON writes, checked loads."""
from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from extractor.errors import InputError


def write_json_atomic(path: Path, data: Any) -> None:
    """Write JSON to a temp file in the same folder, then ``os.replace`` it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False, indent=1, default=str)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def read_json(path: Path) -> Any:
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", document=str(path)) from None
    except ValueError as exc:
        raise InputError(f"not valid JSON: {exc}", document=str(path)) from None


class EntryCache:
    """Raw backend outputs by content hash; a missing or unreadable entry is just a miss."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def _path(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.json"

    def get(self, key: str) -> dict[str, Any] | None:
        try:
            return json.loads(self._path(key).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def put(self, key: str, entry: dict[str, Any]) -> None:
        write_json_atomic(self._path(key), entry)

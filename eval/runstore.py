"""Run files (eval/runs/<run-id>.json) and cache entries: atomic JSON writes, checked loads."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from extractor.errors import InputError
from extractor.export import write_atomic


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

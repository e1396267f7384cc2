"""Disk cache of model answers keyed by a content hash of everything that shapes the answer:
record text and context, prompt version and text, model, parameters, schema version.
Never holds keys or endpoints' credentials: only the key material listed here is hashed."""

from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path

from docnorm.errors import ConfigError
from docnorm.fileio import write_atomic
from docnorm.schemas import SCHEMA_VERSION

log = logging.getLogger(__name__)


def cache_key(
    *, messages: list[dict], prompt_id: str, prompt_digest: str, model: str, params: dict, answer_schema: dict
) -> str:
    material = json.dumps(
        {
            "messages": messages,
            "prompt": [prompt_id, prompt_digest],
            "model": model,
            "params": params,
            "schema": [SCHEMA_VERSION, answer_schema],
        },
        ensure_ascii=False,
        sort_keys=True,
    )
    return hashlib.sha256(material.encode("utf-8")).hexdigest()


class DiskCache:
    def __init__(self, directory: str | Path | None) -> None:
        self.directory = Path(directory) if directory else None
        self.write_failed = False
        if self.directory:
            try:
                self.directory.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise ConfigError(f"LLM cache folder {self.directory}: {exc.strerror or exc}") from None

    def _path(self, key: str) -> Path:
        assert self.directory is not None
        return self.directory / key[:2] / f"{key}.json"

    def get(self, key: str) -> dict | None:
        if not self.directory:
            return None
        path = self._path(key)
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError):
            log.warning("ignoring unreadable cache entry %s", path.name)
            return None

    def put(self, key: str, value: dict) -> None:
        """Store an answer; a cache that cannot be written (disk full, read-only) costs only the
        saving, never the answer or the document's result."""
        if not self.directory:
            return
        try:
            write_atomic(self._path(key), json.dumps(value, ensure_ascii=False))
        except OSError as exc:
            level = logging.DEBUG if self.write_failed else logging.WARNING  # said once per run
            self.write_failed = True
            log.log(level, "LLM cache not written (%s): %s", exc.strerror or type(exc).__name__, self.directory)

"""The output folder of a batch: made and checked before any document is read, held by one batch at
a time, cleared of temporary files a killed run left, and of results of an earlier batch.

Results an earlier batch listed in OUT/batch.json that this batch does not have are moved aside to
OUT/stale/<time>/ (never deleted, never read by `themes`/`eval`/`review` again)."""

from __future__ import annotations

import logging
import os
import re
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from docnorm.errors import ConfigError
from docnorm.schemas.manifest import MANIFEST_NAME, BatchManifest

log = logging.getLogger(__name__)

LOCK_NAME = ".docnorm.lock"
# what docnorm.fileio.atomic_target names its temporary files: ".<name>.<mkstemp's 8 characters>.tmp"
_TEMP_FILE = re.compile(r"^\..+\.[a-z0-9_]{8}\.tmp$")


def prepare_out_dir(out_dir: Path) -> None:
    """Create the folder, or say in one line why it cannot be used (a file, read-only, ...)."""
    if out_dir.exists() and not out_dir.is_dir():
        raise ConfigError("the output folder is an existing file; name a folder with -o", document=str(out_dir))
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(f"cannot create the output folder: {exc.strerror or exc}", document=str(out_dir)) from None
    if not os.access(out_dir, os.W_OK | os.X_OK):
        raise ConfigError("the output folder is not writable", document=str(out_dir))


@contextmanager
def batch_lock(out_dir: Path) -> Iterator[None]:
    """Hold OUT for this batch; a second `docnorm extract` into the same folder is refused."""
    try:
        import fcntl
    except ImportError:  # not POSIX: no lock, one batch per folder is then the user's business
        yield
        return
    try:
        handle = (out_dir / LOCK_NAME).open("a")
    except OSError as exc:
        raise ConfigError(f"cannot write to the output folder: {exc.strerror or exc}", document=str(out_dir)) from None
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise ConfigError("another docnorm extract is writing to this folder", document=str(out_dir)) from None
        yield


def remove_stale_temporaries(out_dir: Path) -> int:
    """Temporary files of a run that was killed (kill -9 leaves them): removed (the lock is held)."""
    removed = 0
    for folder, _dirs, files in os.walk(out_dir):
        for name in files:
            if _TEMP_FILE.match(name):
                Path(folder, name).unlink(missing_ok=True)
                removed += 1
    if removed:
        log.info("%s: removed %d temporary file(s) of an interrupted run", out_dir, removed)
    return removed


def move_stale_results(out_dir: Path, previous: BatchManifest | None, current: Sequence[str]) -> list[str]:
    """Results of the previous batch that this one will not write: moved to OUT/stale/<time>/."""
    if previous is None:
        return []
    keep = {name.lower() for name in current}
    stale = [e.result for e in previous.documents if e.result.lower() not in keep]
    stale = [name for name in stale if (out_dir / name).is_file()]
    if not stale:
        return []
    target = out_dir / "stale" / time.strftime("%Y%m%dT%H%M%S", time.gmtime())
    for name in stale:
        destination = target / name
        destination.parent.mkdir(parents=True, exist_ok=True)
        os.replace(out_dir / name, destination)
    log.warning("%s: %d result(s) of an earlier batch moved to %s", out_dir, len(stale), target)
    return stale


def foreign_json(out_dir: Path, current: Sequence[str]) -> int:
    """Top-level *.json in OUT that no manifest lists (a folder from before manifests, or the
    user's own files): left alone, and ignored by every command that reads the batch."""
    keep = {name.lower() for name in current} | {MANIFEST_NAME}
    return sum(1 for p in out_dir.glob("*.json") if p.name.lower() not in keep)

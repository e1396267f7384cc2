"""The documents of a batch: files, folders and globs expanded once, each file read once however it
was named, and given a key (its path relative to the inputs' common folder) that names its results.

Listing is linear in the number of files: repeats are found through a set of real paths (a file
given twice, through a symlink, or met again in a `**` symlink loop is one document)."""

from __future__ import annotations

import glob
import itertools
import logging
import os
import stat
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from docnorm.errors import InputError
from docnorm.extractor.readers import READABLE_SUFFIXES

log = logging.getLogger(__name__)

# top-level names of an output folder that docnorm writes itself; a document's result never takes them
RESERVED_NAMES = frozenset({"batch.json", "themes", "llm", "review", "stale"})


@dataclass(frozen=True)
class InputFile:
    path: Path  # as found (what messages name)
    key: str  # posix path relative to the inputs' common folder: the document's name in every output


@dataclass(frozen=True)
class SkippedInput:
    path: str
    reason: str


@dataclass(frozen=True)
class Inputs:
    files: list[InputFile]
    skipped: list[SkippedInput]


def expand_inputs(specs: Sequence[str]) -> Inputs:
    """Files, folders (their readable files, sorted) and glob patterns, in order, each file once."""
    found: list[Path] = []
    skipped: list[SkippedInput] = []
    seen: set[str] = set()
    for spec in specs:
        for path in _expand_spec(spec, skipped):
            reason = _not_readable(path)
            if reason:
                skipped.append(SkippedInput(printable_path(path), reason))
                continue
            real = os.path.realpath(path)
            if real not in seen:
                seen.add(real)
                found.append(path)
    if not found:
        detail = "; ".join(f"{s.path}: {s.reason}" for s in skipped[:3])
        raise InputError(f"no input documents found in: {' '.join(specs)}" + (f" ({detail})" if detail else ""))
    return Inputs(assign_keys(found), skipped)


def _expand_spec(spec: str, skipped: list[SkippedInput]) -> Iterable[Path]:
    path = Path(spec)
    if path.is_dir():
        try:
            entries = sorted(path.iterdir())
        except OSError as exc:
            skipped.append(SkippedInput(spec, f"cannot list the folder ({exc.strerror or exc})"))
            return []
        return [p for p in entries if p.suffix.lower() in READABLE_SUFFIXES and not p.is_dir()]
    if any(ch in spec for ch in "*?["):
        return sorted(Path(p) for p in glob.iglob(spec, recursive=True) if os.path.isfile(p))
    return [path]


def _not_readable(path: Path) -> str | None:
    """Why this path is not a document to read (missing, a folder, a FIFO or device), else None."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return "no such file"
    except OSError as exc:
        return f"cannot open ({exc.strerror or exc})"
    if stat.S_ISDIR(mode):
        return "a folder inside a glob (folders are read only when named)"
    if not stat.S_ISREG(mode):
        return "not a regular file (a pipe, socket or device); skipped so the batch cannot hang"
    if not os.access(path, os.R_OK):
        return "permission denied"
    return None


def printable_path(path: Path) -> str:
    """A path for messages and keys: bytes that are not UTF-8 shown as \\xNN, never a crash."""
    return os.fsencode(path).decode("utf-8", errors="backslashreplace")


def assign_keys(paths: Sequence[Path]) -> list[InputFile]:
    """Keys relative to the common folder of all inputs: one folder gives bare file names."""
    absolute = [Path(os.path.abspath(p)) for p in paths]
    common = Path(os.path.commonpath([str(a.parent) for a in absolute]))
    return [
        InputFile(path, printable_path(a.relative_to(common)).replace(os.sep, "/"))
        for path, a in zip(paths, absolute, strict=True)
    ]


def result_names(keys: Sequence[str]) -> list[str]:
    """The JSON file (relative to OUT) of each key: its path with `.json` for the suffix, unique
    (case-insensitively, for the file systems that are) and never one of docnorm's own names."""
    taken: set[str] = set()
    names = []
    for key in keys:
        pure = PurePosixPath(key)
        if pure.parts[0].lower() in RESERVED_NAMES or pure.with_suffix(".json").as_posix().lower() in RESERVED_NAMES:
            pure = PurePosixPath("_" + pure.parts[0], *pure.parts[1:])
        name = next(c.as_posix() for c in _candidate_names(pure) if c.as_posix().lower() not in taken)
        taken.add(name.lower())
        names.append(name)
    return names


def _candidate_names(pure: PurePosixPath) -> Iterator[PurePosixPath]:
    """x.json, then x.txt.json, then x.txt~2.json, ~3...: made one at a time, so naming a batch
    stays linear in its size (a list of every suffix per key made 5,000 inputs quadratic)."""
    yield pure.with_suffix(".json")
    yield pure.with_name(pure.name + ".json")
    for n in itertools.count(2):
        yield pure.with_name(f"{pure.name}~{n}.json")


def available_cores() -> int:
    """The cores this process may run on (a container's or taskset's limit, not the machine's)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not Linux
        return os.cpu_count() or 1

"""The benchmark matrix file: backends x prompts x models x repeats x documents."""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import product
from pathlib import Path
from typing import Any

import yaml

from docnorm.errors import ConfigError
from docnorm.eval.score import REPO_ROOT

KNOWN_BACKENDS = ("offline", "llm", "hybrid")
_KEYS = {
    "name",
    "backends",
    "prompts",
    "models",
    "repeats",
    "documents",
    "golden",
    "sources",
    "cache_dir",
    "runs_dir",
    "prompts_dir",
    "params",
    "llm",
}


@dataclass(frozen=True)
class Cell:
    backend: str
    prompt: str | None = None
    model: str | None = None

    @property
    def id(self) -> str:
        return "/".join(x for x in (self.backend, self.prompt, self.model) if x)


@dataclass
class Matrix:
    name: str
    backends: list[str]
    prompts: list[str | None] = field(default_factory=lambda: [None])
    models: list[str | None] = field(default_factory=lambda: [None])
    repeats: int = 1
    documents: list[Path] = field(default_factory=list)
    golden: Path = REPO_ROOT / "eval" / "golden"
    sources: Path | None = REPO_ROOT / "examples" / "docs"
    cache_dir: Path = REPO_ROOT / ".cache" / "bench"
    runs_dir: Path = REPO_ROOT / "eval" / "runs"
    prompts_dir: Path = REPO_ROOT / "prompts"
    params: dict[str, Any] = field(default_factory=dict)
    llm: dict[str, Any] = field(default_factory=dict)

    def cells(self) -> list[Cell]:
        """Every cell once; offline cells ignore prompt and model."""
        seen: dict[Cell, None] = {}
        for backend, prompt, model in product(self.backends, self.prompts, self.models):
            cell = Cell(backend) if backend == "offline" else Cell(backend, prompt, model)
            seen.setdefault(cell)
        return list(seen)

    def prompt_text(self, prompt: str | None) -> str | None:
        """The prompt file's text (hashed into cache keys), if the file exists."""
        if prompt is None:
            return None
        for path in sorted(self.prompts_dir.glob(f"{prompt}.*")):
            return path.read_text(encoding="utf-8")
        return None


def _path(value: Any, where: str, key: str) -> Path:
    if not isinstance(value, str) or not value:
        raise ConfigError(f"{key} must be a path", document=where)
    path = Path(value)
    return path if path.is_absolute() else REPO_ROOT / path


def _list(value: Any, where: str, key: str) -> list[Any]:
    value = value if isinstance(value, list) else [value]
    if not value or not all(v is None or isinstance(v, str) for v in value):
        raise ConfigError(f"{key} must be a non-empty list of names", document=where)
    return value


def _documents(value: Any, where: str) -> list[Path]:
    if isinstance(value, str):
        folder = _path(value, where, "documents")
        if not folder.is_dir():
            raise ConfigError(f"documents folder {folder} not found", document=where)
        return sorted(folder.glob("*.txt"))
    if isinstance(value, list) and value:
        docs = [_path(v, where, "documents") for v in value]
        missing = [str(d) for d in docs if not d.is_file()]
        if missing:
            raise ConfigError(f"documents not found: {', '.join(missing)}", document=where)
        return docs
    raise ConfigError("documents must be a folder or a list of files", document=where)


def load_matrix(path: Path | str) -> Matrix:
    """Read and check a matrix YAML file; errors name the file."""
    where = str(path)
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"cannot read matrix: {exc.strerror}", document=where) from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"not valid YAML: {exc}", document=where) from None
    if not isinstance(data, dict):
        raise ConfigError("a matrix file is a mapping", document=where)
    unknown = set(data) - _KEYS
    if unknown:
        raise ConfigError(f"unknown keys: {', '.join(sorted(unknown))}", document=where)
    backends = _list(data.get("backends", ["offline"]), where, "backends")
    bad = [b for b in backends if b not in KNOWN_BACKENDS]
    if bad:
        raise ConfigError(f"unknown backends {bad}; known: {', '.join(KNOWN_BACKENDS)}", document=where)
    repeats = data.get("repeats", 1)
    if not isinstance(repeats, int) or repeats < 1:
        raise ConfigError("repeats must be a positive integer", document=where)
    matrix = Matrix(
        name=str(data.get("name") or Path(path).stem),
        backends=backends,
        repeats=repeats,
        prompts=_list(data.get("prompts", [None]), where, "prompts"),
        models=_list(data.get("models", [None]), where, "models"),
        documents=_documents(data.get("documents", "examples/docs"), where),
        params=dict(data.get("params") or {}),
        llm=dict(data.get("llm") or {}),
    )
    for key in ("golden", "cache_dir", "runs_dir", "prompts_dir"):
        if key in data:
            setattr(matrix, key, _path(data[key], where, key))
    if "sources" in data:
        matrix.sources = _path(data["sources"], where, "sources") if data["sources"] else None
    return matrix

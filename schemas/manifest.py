"""OUT/batch.json: the list of one batch's documents, which every later command reads.

`docnorm extract` writes it (and rewrites it as documents finish, so an interrupted batch can be
resumed); `themes`, `eval`, `review` and `xlsx` take their documents from it instead of globbing
OUT/*.json, so results of an earlier batch in the same folder are never mixed in."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

MANIFEST_NAME = "batch.json"
MANIFEST_VERSION = "1"


class ManifestEntry(BaseModel):
    model_config = ConfigDict(extra="forbid")

    document: str = Field(description="the document's key: its path relative to the inputs' common folder")
    source: str = Field(description="the input path as it was found")
    result: str = Field(description="its JSON result, relative to the output folder")
    size: int
    sha256: str
    status: Literal["ok", "partial", "failed"]
    projects: int = 0
    indicators: int = 0
    errors: int = 0
    warnings: int = 0
    reused: bool = Field(
        default=False, description="unchanged since the last run with the same options: not re-extracted"
    )


class BatchManifest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    manifest_version: str = MANIFEST_VERSION
    docnorm_version: str
    options: dict[str, str] = Field(description="what decides the results besides the input (no secrets)")
    options_hash: str
    complete: bool = Field(description="false while the batch runs or after it was interrupted")
    documents: list[ManifestEntry] = Field(default_factory=list)
    skipped: list[str] = Field(default_factory=list, description="inputs that are not readable documents, and why")


class ManifestError(ValueError):
    """OUT/batch.json cannot be read or is not a manifest (each layer above words it as its error)."""


def read_manifest(out_dir: Path) -> BatchManifest | None:
    """The folder's manifest, None when it has none; a damaged one is a ManifestError naming it."""
    path = out_dir / MANIFEST_NAME
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise ManifestError(f"{path}: cannot read the batch manifest: {exc.strerror or exc}") from None
    try:
        return BatchManifest.model_validate_json(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise ManifestError(f"{path}: not a docnorm batch manifest ({where}: {first['msg']})") from None


def result_files(out_dir: Path) -> list[Path]:
    """This batch's JSON results: the manifest's documents, or for a folder written before
    manifests existed, its top-level *.json files."""
    manifest = read_manifest(out_dir)
    if manifest is None:
        return sorted(p for p in out_dir.glob("*.json") if p.name != MANIFEST_NAME)
    return [out_dir / entry.result for entry in manifest.documents]

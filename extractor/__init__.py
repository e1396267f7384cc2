"""docnorm's extractor: read → choose the form → clean → segment → parse → normalize → validate → export."""

from __future__ import annotations

from docnorm.extractor.backends import Backend, OfflineBackend, build_backend
from docnorm.extractor.pipeline import extract_path, extract_text

__all__ = ["Backend", "OfflineBackend", "build_backend", "extract_path", "extract_text"]

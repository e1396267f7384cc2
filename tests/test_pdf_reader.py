"""The PDF reader: a missing extra, a non-PDF and a made-up text-layer PDF."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from docnorm.errors import InputError
from docnorm.extractor.readers.pdf import PdfReader


def test_missing_extra_names_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pdfplumber", None)
    f = tmp_path / "a.pdf"
    f.write_bytes(b"%PDF-1.4\n")
    with pytest.raises(InputError, match=r"docnorm\[pdf\]"):
        PdfReader().read(f)


def test_corrupt_pdf_is_an_input_error(tmp_path: Path) -> None:
    pytest.importorskip("pdfplumber")
    f = tmp_path / "broken.pdf"
    f.write_bytes(b"not a pdf at all")
    with pytest.raises(InputError, match="broken.pdf|cannot open"):
        PdfReader().read(f)

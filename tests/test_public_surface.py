"""Every package's curated `__all__` names something that exists, and importing a package stays light."""

from __future__ import annotations

import importlib
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = (
    "docnorm",
    "docnorm.extractor",
    "docnorm.extractor.readers",
    "docnorm.extractor.forms",
    "docnorm.extractor.forms.form_a",
    "docnorm.extractor.forms.form_b",
    "docnorm.extractor.llm",
    "docnorm.themes",
    "docnorm.eval",
    "docnorm.llm",
    "docnorm.fakellm",
    "docnorm.schemas",
    "docnorm.fileio",
)


@pytest.mark.parametrize("package", PACKAGES)
def test_every_public_name_resolves(package):
    module = importlib.import_module(package)
    assert module.__all__, package
    for name in module.__all__:
        assert getattr(module, name) is not None, f"{package}.{name}"


def test_importing_the_packages_loads_no_heavy_library():
    code = (
        "import sys, docnorm.themes, docnorm.eval, docnorm.llm, docnorm.fakellm, docnorm.extractor\n"
        "heavy = {'numpy', 'sklearn', 'openai', 'instructor', 'torch', 'openpyxl', 'plotly'}\n"
        "print(sorted(heavy & {m.split('.')[0] for m in sys.modules}))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"

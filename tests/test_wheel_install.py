"""A wheel built from the repository works when installed without -e in a fresh virtual
environment: every prompt ships and loads, only `docnorm.*` is installed, and an LLM extraction
of a bundled document runs against `docnorm fake-llm` started from that install.

No network: the wheel is built without build isolation, installed with --no-index --no-deps, and
the fresh environment reaches its dependencies (openai, instructor, ...) through a path entry to
this interpreter's site-packages (a plain path: the editable install's .pth there is not run)."""

from __future__ import annotations

import json
import os
import shutil
import site
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGED = ("docnorm", "extractor", "themes", "eval", "llm", "fakellm", "schemas", "prompts")
DOC = ROOT / "examples" / "docs" / "000_487862950e7e3971.txt"


def _run(*cmd: object, cwd: Path, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    return subprocess.run([str(c) for c in cmd], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("wheel")
    src = work / "src"
    src.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, src)
    for name in PACKAGED:
        shutil.copytree(ROOT / name, src / name, symlinks=True, ignore=shutil.ignore_patterns("__pycache__", "runs"))
    built = _run(
        sys.executable,
        "-m",
        "pip",
        "wheel",
        "-q",
        "--no-deps",
        "--no-build-isolation",
        "-w",
        work / "dist",
        src,
        cwd=work,
    )
    assert built.returncode == 0, built.stderr
    venv = work / "fresh"
    assert _run(sys.executable, "-m", "venv", venv, cwd=work).returncode == 0
    purelib = next((venv / "lib").glob("python*/site-packages"))
    (purelib / "deps.pth").write_text("\n".join(site.getsitepackages()) + "\n", encoding="utf-8")
    wheel = next((work / "dist").glob("docnorm-*.whl"))
    pip = _run(venv / "bin" / "python", "-m", "pip", "install", "-q", "--no-index", "--no-deps", wheel, cwd=work)
    assert pip.returncode == 0, pip.stderr
    return venv


def test_the_wheel_installs_only_the_docnorm_namespace_with_its_data(installed):
    wheel = next((installed.parent / "dist").glob("docnorm-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert {n.split("/")[0] for n in names} == {"docnorm", wheel.name.split("-py")[0] + ".dist-info"}
    for data in (
        "docnorm/prompts/verbatim-v2.yaml",
        "docnorm/prompts/themes/theme-name-v1.yaml",
        "docnorm/llm/prices.yaml",
        "docnorm/schemas/document_result.schema.json",
        "docnorm/eval/golden/000_487862950e7e3971.json",
        "docnorm/themes/stopwords.txt",
    ):
        assert data in names


def test_every_shipped_prompt_loads_from_the_install(installed, tmp_path):
    code = (
        "import docnorm, json\n"
        "from docnorm.llm.prompts import available, load_prompt, prompt_folder\n"
        "from docnorm.extractor.llm.models import ANSWER_MODELS\n"
        "from docnorm.themes.llm_namer import THEME_ANSWERS\n"
        "ids = [load_prompt(p, ANSWER_MODELS).id for p in available()]\n"
        "ids += [load_prompt(p, THEME_ANSWERS, prompt_folder('themes')).id for p in available(prompt_folder('themes'))]\n"
        "print(json.dumps({'file': docnorm.__file__, 'ids': ids}))\n"
    )
    done = _run(installed / "bin" / "python", "-c", code, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["file"].startswith(str(installed))  # the install, not the checkout
    shipped = sorted(p.stem for p in (ROOT / "prompts").glob("*.yaml")) + ["theme-name-v1"]
    assert sorted(report["ids"]) == sorted(shipped)


def test_llm_extraction_from_the_install_against_fake_llm(installed, tmp_path, monkeypatch):
    monkeypatch.setenv("DOCNORM_WHEEL_KEY", "not-a-secret")  # the preflight wants the key variable set
    docnorm = installed / "bin" / "docnorm"
    fake = subprocess.Popen([docnorm, "fake-llm", "--port", "0"], cwd=tmp_path, stdout=subprocess.PIPE, text=True)
    try:
        line = fake.stdout.readline() if fake.stdout else ""
        url = line.split("serving ", 1)[1].split()[0]
        shutil.copy(DOC, tmp_path / DOC.name)
        done = _run(
            docnorm,
            "extract",
            DOC.name,
            "-o",
            "out",
            "--backend",
            "llm",
            "--base-url",
            url,
            "--model",
            "fake-golden",
            "--api-key-env",
            "DOCNORM_WHEEL_KEY",
            "--no-progress",
            cwd=tmp_path,
        )
    finally:
        fake.terminate()
        fake.wait(timeout=10)
    assert done.returncode == 0, done.stderr
    result = json.loads((tmp_path / "out" / (DOC.stem + ".json")).read_text(encoding="utf-8"))
    assert result["backend"] == "llm" and result["status"] == "ok"
    assert any(f["code"] == "llm-replaced" for f in result["findings"])
    assert json.loads((tmp_path / "out" / "llm" / "usage.json").read_text(encoding="utf-8"))["total"]["requests"] > 0

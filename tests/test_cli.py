import csv
import json
import subprocess
import sys

from docnorm.cli.main import main
from docnorm.extractor.export import INDICATOR_COLUMNS, PROJECT_COLUMNS
from docnorm.schemas.document import DocumentResult
from tests.conftest import DOCS, ROOT, golden


def _read_csv(path):
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def test_extract_writes_documents_and_flat_tables(tmp_path):
    assert main(["extract", str(DOCS), "-o", str(tmp_path / "out"), "--no-progress"]) == 0
    out = tmp_path / "out"
    for doc in DOCS.glob("*.txt"):
        DocumentResult.model_validate_json((out / f"{doc.stem}.json").read_text(encoding="utf-8"))
    projects = _read_csv(out / "projects.csv")
    indicators = _read_csv(out / "indicators.csv")
    assert projects[0][:10] == [
        "document",
        "unit",
        "project_no",
        "project",
        "total",
        "fiscal",
        "special",
        "other",
        "money_unit",
        "goal",
    ]
    assert indicators[0][:10] == [
        "document",
        "project_no",
        "indicator_no",
        "level1_code",
        "level1",
        "level2_code",
        "level2",
        "indicator",
        "period_target",
        "annual_target",
    ]
    assert projects[0] == PROJECT_COLUMNS and indicators[0] == INDICATOR_COLUMNS
    g = golden("001_8507f48a672429e9.txt").content
    rows_001 = [r for r in projects if r[0] == "001_8507f48a672429e9.txt"]
    assert len(rows_001) == len(g.projects)
    assert rows_001[0][2:6] == ["1", g.projects[0].name, str(g.projects[0].total), str(g.projects[0].fiscal)]
    assert rows_001[0][6] == "" and rows_001[0][7] == ""  # empty cells are empty fields
    assert (
        any(r[0] == "000_487862950e7e3971.txt" and r[4] == "1209.08" for r in projects) is False
    )  # units are not projects
    dept = _read_csv(out / "department_indicators.csv")
    assert len(dept) - 1 == len(golden("002_ccf7430d55d37228.txt").content.indicators)
    assert not list(out.glob(".*.tmp")), "no temporary files left behind"


def test_one_bad_document_fails_alone_and_sets_the_exit_status(tmp_path, capsys):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "000.txt").write_text(
        (DOCS / "000_487862950e7e3971.txt").read_text(encoding="utf-8"), encoding="utf-8"
    )
    (tmp_path / "in" / "broken.txt").write_bytes(b"%PDF-1.5 binary")
    code = main(["extract", str(tmp_path / "in" / "*.txt"), "-o", str(tmp_path / "out"), "--no-progress"])
    assert code == 1
    assert "broken.txt" in capsys.readouterr().err
    broken = json.loads((tmp_path / "out" / "broken.json").read_text(encoding="utf-8"))
    assert broken["status"] == "failed"
    assert len(_read_csv(tmp_path / "out" / "projects.csv")) == 1 + 24


def test_no_inputs_is_a_clear_error(tmp_path, capsys):
    assert main(["extract", str(tmp_path / "nothing-*.txt"), "-o", str(tmp_path / "o")]) == 2
    assert "no input documents found" in capsys.readouterr().err


def test_module_entry_point_and_help_do_not_import_heavy_libraries():
    code = (
        "import sys, docnorm.cli.main as c; c.build_parser(); "
        "print(sorted(m for m in ('openai', 'torch', 'sentence_transformers', 'instructor', 'sklearn', 'pdfplumber', 'pdfminer', 'pypdfium2', 'rapidocr_onnxruntime', 'onnxruntime', 'cv2', 'PIL', 'numpy', 'plotly') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "[]"
    help_run = subprocess.run([sys.executable, "-m", "docnorm", "--help"], capture_output=True, text=True, cwd=ROOT)
    assert help_run.returncode == 0 and "extract" in help_run.stdout


def test_a_missing_optional_dependency_names_the_extra_to_install(tmp_path):
    """`pip install -e .` alone has no numpy: `docnorm themes` says which extra to install, no traceback."""
    code = (
        "import sys; sys.modules['numpy'] = None; "  # as if numpy were not installed
        "from docnorm.cli.main import main; sys.exit(main(['themes', sys.argv[1]]))"
    )
    run = subprocess.run([sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 2
    assert "Traceback" not in run.stderr
    assert "numpy is not installed" in run.stderr and "pip install -e '.[themes,eval]'" in run.stderr


def test_outputs_are_readable_by_others_and_a_rewrite_keeps_the_mode(tmp_path):
    """mkstemp makes 0600 files: extraction outputs were unreadable to anyone but their writer."""
    import os
    import stat

    from docnorm.fileio import write_atomic

    out = tmp_path / "out"
    assert main(["extract", str(DOCS / "000_487862950e7e3971.txt"), "-o", str(out), "--no-progress"]) == 0
    assert {stat.S_IMODE(p.stat().st_mode) for p in out.iterdir() if p.is_file()} == {0o644}
    os.chmod(out / "projects.csv", 0o640)
    write_atomic(out / "projects.csv", "document\n")
    assert stat.S_IMODE((out / "projects.csv").stat().st_mode) == 0o640
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]

"""The batch: unique outputs per input, each input once, resumable runs, other batches' files never
mixed in, the same output from one worker or many, and output-folder faults as one-line messages."""

from __future__ import annotations

import contextlib
import csv
import errno
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from docnorm.cli.main import main
from docnorm.schemas.manifest import read_manifest
from tests.conftest import DOCS, ROOT, source_text

SEED = "000_487862950e7e3971.txt"
OTHER = "001_8507f48a672429e9.txt"


def _extract(*args: str) -> int:
    return main(["extract", *args, "--no-progress"])


def _documents(out: Path) -> list[str]:
    with (out / "projects.csv").open(encoding="utf-8", newline="") as handle:
        return sorted({row["document"] for row in csv.DictReader(handle)})


def _seed(folder: Path, name: str, seed: str = SEED) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(source_text(seed), encoding="utf-8")
    return path


def test_same_names_in_two_folders_get_two_results_and_distinct_rows(tmp_path: Path) -> None:
    _seed(tmp_path / "in" / "a", "x.txt", SEED)
    _seed(tmp_path / "in" / "b", "x.txt", OTHER)
    _seed(tmp_path / "in" / "b", "x.tsv", SEED)
    out = tmp_path / "out"
    assert _extract(str(tmp_path / "in" / "a"), str(tmp_path / "in" / "b"), "-o", str(out)) == 0
    manifest = read_manifest(out)
    assert manifest is not None and manifest.complete
    assert [(e.document, e.result) for e in manifest.documents] == [
        ("a/x.txt", "a/x.json"),
        ("b/x.tsv", "b/x.json"),
        ("b/x.txt", "b/x.txt.json"),
    ]
    assert json.loads((out / "b" / "x.txt.json").read_text(encoding="utf-8"))["document"] == "b/x.txt"
    assert _documents(out) == ["a/x.txt", "b/x.tsv", "b/x.txt"]
    first_project = {}
    with (out / "projects.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            first_project.setdefault(row["document"], row["project"])
    assert first_project["a/x.txt"] == first_project["b/x.tsv"] != first_project["b/x.txt"]


def test_themes_land_on_their_own_rows_when_two_inputs_share_a_stem(tmp_path: Path) -> None:
    """`a/x.txt`, `b/x.txt` and `b/x.tsv` all have project 1: each row of projects.csv gets the theme
    its own goal was given (themes.json), not another document's (they were keyed by the stem `x`)."""
    _seed(tmp_path / "in" / "a", "x.txt", SEED)
    _seed(tmp_path / "in" / "b", "x.txt", OTHER)
    _seed(tmp_path / "in" / "b", "x.tsv", SEED)
    out = tmp_path / "out"
    assert _extract(str(tmp_path / "in" / "a"), str(tmp_path / "in" / "b"), "-o", str(out), "--themes") == 0
    assigned = json.loads((out / "themes" / "themes.json").read_text(encoding="utf-8"))["assignments"]
    given = {(a["document"], a["position"]): a["theme_id"] for a in assigned if a["kind"] == "project"}
    with (out / "projects.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert {r["document"] for r in rows} == {"a/x.txt", "b/x.txt", "b/x.tsv"}
    assert all(r["theme_id"] == given[(r["document"], int(r["project_no"]))] for r in rows)
    firsts = {r["document"]: r["theme_id"] for r in rows if r["project_no"] == "1"}
    assert firsts["a/x.txt"] == firsts["b/x.tsv"], "the same goal text in two inputs"


def test_a_folder_that_cannot_be_listed_is_one_line_and_the_rest_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """An unreadable input folder (simulated: as root, chmod 000 would still be listed) is named with its
    cause beside the other inputs, which are extracted; no traceback."""
    locked = tmp_path / "locked"
    _seed(locked, "a.txt")
    _seed(tmp_path / "open", "b.txt", OTHER)
    real = Path.iterdir

    def iterdir(self: Path):  # type: ignore[no-untyped-def]
        if self == locked:
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "iterdir", iterdir)
    out = tmp_path / "out"
    assert _extract(str(locked), str(tmp_path / "open"), "-o", str(out)) == 0
    err = capsys.readouterr().err
    assert "cannot list the folder (Permission denied)" in err and str(locked) in err and "Traceback" not in err
    assert _documents(out) == ["b.txt"]


def test_a_file_named_twice_or_through_a_symlink_is_read_once(tmp_path: Path) -> None:
    path = _seed(tmp_path / "in", "x.txt")
    (tmp_path / "in" / "link.txt").symlink_to(path)
    (tmp_path / "in" / "loop").symlink_to(tmp_path / "in")  # `**` walks into it again and again
    out = tmp_path / "out"
    assert _extract(str(path), str(path), str(tmp_path / "in" / "**" / "*.txt"), "-o", str(out)) == 0
    manifest = read_manifest(out)
    assert manifest is not None and [e.document for e in manifest.documents] == ["x.txt"]


def test_a_rerun_reuses_unchanged_documents_and_redoes_changed_ones(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    _seed(folder, "a.txt", SEED)
    _seed(folder, "b.txt", OTHER)
    out = tmp_path / "out"
    assert _extract(str(folder), "-o", str(out)) == 0
    before = (out / "projects.csv").read_bytes()
    (folder / "b.txt").write_text(source_text(OTHER) + "\n", encoding="utf-8")
    assert _extract(str(folder), "-o", str(out)) == 0
    manifest = read_manifest(out)
    assert manifest is not None
    assert {e.document: e.reused for e in manifest.documents} == {"a.txt": True, "b.txt": False}
    assert (out / "projects.csv").read_bytes() == before  # a reused document's rows are all there
    assert _extract(str(folder), "-o", str(out), "--force") == 0
    manifest = read_manifest(out)
    assert manifest is not None and not any(e.reused for e in manifest.documents)


def test_other_options_are_not_reused(tmp_path: Path) -> None:
    out = tmp_path / "out"
    _seed(tmp_path / "in", "a.txt")
    assert _extract(str(tmp_path / "in"), "-o", str(out)) == 0
    manifest = read_manifest(out)
    assert manifest is not None
    edited = manifest.model_copy(update={"options_hash": "another-backend"})
    (out / "batch.json").write_text(edited.model_dump_json(), encoding="utf-8")
    assert _extract(str(tmp_path / "in"), "-o", str(out)) == 0
    manifest = read_manifest(out)
    assert manifest is not None and not manifest.documents[0].reused


def test_an_earlier_batch_is_moved_aside_and_never_read_again(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    _seed(tmp_path / "first", "old.txt", OTHER)
    _seed(tmp_path / "second", "new.txt", SEED)
    assert _extract(str(tmp_path / "first"), "-o", str(out)) == 0
    assert _extract(str(tmp_path / "second"), "-o", str(out)) == 0
    assert not (out / "old.json").exists()
    assert list((out / "stale").glob("*/old.json"))
    assert _documents(out) == ["new.txt"]
    capsys.readouterr()
    # eval reads only this batch (old.json is gone): one result, and no golden for it
    assert main(["eval", str(out), "--json"]) == 2
    assert "none of the 1 results has a golden" in capsys.readouterr().err


def test_json_not_from_a_batch_is_ignored_and_said(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.json").write_text('{"mine": true}', encoding="utf-8")
    _seed(tmp_path / "in", "a.txt")
    assert _extract(str(tmp_path / "in"), "-o", str(out)) == 0
    assert "1 other .json file(s)" in capsys.readouterr().err
    assert (out / "notes.json").read_text(encoding="utf-8") == '{"mine": true}'
    from docnorm.schemas.manifest import result_files

    assert result_files(out) == [out / "a.json"]


def test_two_workers_write_exactly_what_one_writes(tmp_path: Path) -> None:
    for workers in ("1", "2"):
        assert _extract(str(DOCS), "-o", str(tmp_path / workers), "--workers", workers) in (0, 1)
    one, two = sorted((tmp_path / "1").rglob("*.*")), sorted((tmp_path / "2").rglob("*.*"))
    assert [p.relative_to(tmp_path / "1") for p in one] == [p.relative_to(tmp_path / "2") for p in two]
    for a, b in zip(one, two, strict=True):
        if a.name != "batch.json":
            assert a.read_bytes() == b.read_bytes(), a.name


def test_json_is_compact_unless_indent_is_asked(tmp_path: Path) -> None:
    path = _seed(tmp_path / "in", "a.txt")
    assert _extract(str(path), "-o", str(tmp_path / "c")) == 0
    assert _extract(str(path), "-o", str(tmp_path / "i"), "--indent", "2") == 0
    compact, indented = ((tmp_path / d / "a.json").read_text(encoding="utf-8") for d in "ci")
    assert compact.count("\n") == 1 and indented.count("\n") > 100
    assert json.loads(compact) == json.loads(indented)


def test_a_fifo_is_skipped_not_waited_on(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "in"
    _seed(folder, "a.txt")
    os.mkfifo(folder / "pipe.txt")
    assert _extract(str(folder), str(folder / "pipe.txt"), "-o", str(tmp_path / "out")) == 0
    err = capsys.readouterr().err
    assert "pipe.txt: not a regular file" in err
    manifest = read_manifest(tmp_path / "out")
    assert manifest is not None and [e.document for e in manifest.documents] == ["a.txt"]


def test_an_output_folder_that_is_a_file_or_read_only_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _seed(tmp_path / "in", "a.txt")
    (tmp_path / "file").write_text("x", encoding="utf-8")
    assert _extract(str(path), "-o", str(tmp_path / "file")) == 2
    assert "is an existing file" in capsys.readouterr().err
    with _read_only_folder(tmp_path / "locked") as locked:
        assert _extract(str(path), "-o", str(locked)) == 2
    assert "not writable" in capsys.readouterr().err


@contextlib.contextmanager
def _read_only_folder(folder: Path) -> Iterator[Path]:
    """A folder its user cannot write to: mode 555, or for root (who writes through modes, as CI
    runs) a read-only tmpfs mounted there."""
    folder.mkdir(mode=0o555)
    if os.geteuid() != 0:
        yield folder
        return
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "ro,size=64k", "tmpfs", str(folder)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"root cannot mount a read-only tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=True)


def test_a_folder_where_a_result_goes_fails_that_document_only(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    _seed(folder, "a.txt", SEED)
    _seed(folder, "b.txt", OTHER)
    out = tmp_path / "out"
    (out / "a.json").mkdir(parents=True)
    assert _extract(str(folder), "-o", str(out)) == 1
    manifest = read_manifest(out)
    assert manifest is not None
    assert {e.document: e.status for e in manifest.documents} == {"a.txt": "failed", "b.txt": "ok"}
    assert _documents(out) == ["b.txt"]


def test_a_full_disk_stops_with_one_line_and_leaves_no_temporary_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import docnorm.extractor.batch as batch

    folder = tmp_path / "in"
    _seed(folder, "a.txt", SEED)
    _seed(folder, "b.txt", OTHER)
    out = tmp_path / "out"
    real = batch.write_atomic

    def full_on_b(path: Path, data: str) -> None:
        if path.name == "b.json":
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
        real(path, data)

    monkeypatch.setattr(batch, "write_atomic", full_on_b)
    assert _extract(str(folder), "-o", str(out)) == 1
    err = capsys.readouterr().err
    assert "b.json: cannot write: No space left on device" in err and "Traceback" not in err
    assert not [p for p in out.rglob("*.tmp")]
    assert not (out / "projects.csv").exists()  # tables are all or nothing
    monkeypatch.setattr(batch, "write_atomic", real)
    assert _extract(str(folder), "-o", str(out)) == 0  # the re-run resumes: a.txt is reused
    manifest = read_manifest(out)
    assert manifest is not None and [e.reused for e in manifest.documents] == [True, False]


def test_strict_counts_partial_documents(tmp_path: Path) -> None:
    partial = "003_00b04d726a13fa98.txt"  # a bundled document with unplaced text
    path = _seed(tmp_path / "in", partial, partial)
    assert _extract(str(path), "-o", str(tmp_path / "out")) == 0
    assert _extract(str(path), "-o", str(tmp_path / "out"), "--strict") == 1


def test_a_second_batch_into_the_same_folder_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import fcntl

    out = tmp_path / "out"
    out.mkdir()
    with (out / ".docnorm.lock").open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        assert _extract(str(_seed(tmp_path / "in", "a.txt")), "-o", str(out)) == 2
    assert "another docnorm extract is writing to this folder" in capsys.readouterr().err


def _slow_batch(tmp_path: Path, count: int) -> tuple[Path, subprocess.Popen[str]]:
    folder = tmp_path / "in"
    for i in range(count):
        _seed(folder, f"d{i:03}.txt", SEED if i % 2 else OTHER)
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    cmd = [sys.executable, "-m", "docnorm", "extract", str(folder), "-o", str(out), "--workers", "1", "--no-progress"]
    return out, subprocess.Popen(cmd, env=env, stderr=subprocess.PIPE, text=True)


def _wait_for_results(out: Path, process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 60
    # two results: the first one's manifest entry is recorded before the second document is read
    # (one worker), so an interrupt now must leave at least one entry
    while len(list(out.glob("d*.json"))) < 2 and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.05)
    assert process.poll() is None, "the batch ended before it could be interrupted"


def test_sigterm_leaves_no_temporary_file_and_the_old_tables(tmp_path: Path) -> None:
    out, process = _slow_batch(tmp_path, 300)
    _wait_for_results(out, process)
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130 and "Traceback" not in err
    assert not [p for p in out.rglob("*.tmp")] and not (out / "projects.csv").exists()
    manifest = read_manifest(out)
    assert manifest is not None and not manifest.complete and manifest.documents


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")  # Python reports the dropped one
def test_a_sigterm_a_finalizer_swallowed_still_stops_the_run_at_the_next_document() -> None:
    """The handler's KeyboardInterrupt raised inside `__del__` is dropped by Python ("Exception
    ignored in"): the batch then ran to its end with exit 0. The recorded signal is raised again."""
    from docnorm.cli.signals import raise_if_terminated, terminate_as_interrupt

    class SignalledWhileCollected:
        def __del__(self) -> None:
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(0.05)  # the handler runs here, inside the finalizer

    with terminate_as_interrupt():
        doomed = SignalledWhileCollected()
        del doomed  # no exception reaches this frame
        with pytest.raises(KeyboardInterrupt):
            raise_if_terminated()
    raise_if_terminated()  # outside the command nothing is pending


def test_temporary_files_of_a_killed_run_are_removed_by_the_next(tmp_path: Path) -> None:
    out, process = _slow_batch(tmp_path, 300)
    _wait_for_results(out, process)
    process.kill()
    process.communicate(timeout=60)
    (out / ".projects.csv.abcd1234.tmp").write_text("half a table", encoding="utf-8")  # as kill -9 leaves them
    shutil.rmtree(tmp_path / "in")
    _seed(tmp_path / "in", "a.txt")
    assert _extract(str(tmp_path / "in"), "-o", str(out)) == 0
    assert not [p for p in out.rglob("*.tmp")]


def test_a_file_name_that_is_not_utf8_is_read_and_named_with_escapes(tmp_path: Path) -> None:
    """Names copied from a GBK file system arrive as bytes that are not UTF-8 (a Linux path may
    hold any bytes): the document is still read, and every output names it with \\xNN escapes."""
    folder = tmp_path / "in"
    folder.mkdir()
    raw = os.path.join(os.fsencode(folder), "预算".encode("gbk") + b".txt")  # not UTF-8
    try:
        with open(raw, "wb") as handle:
            handle.write(source_text(SEED).encode("utf-8"))
    except OSError:
        pytest.skip("this file system refuses names that are not UTF-8")
    _seed(folder, "good.txt", OTHER)
    out = tmp_path / "out"
    assert _extract(str(folder), "-o", str(out)) == 0
    shown = "预算".encode("gbk").decode("utf-8", errors="backslashreplace") + ".txt"
    assert "\\x" in shown and _documents(out) == sorted([shown, "good.txt"])
    entries = {e.document: e for e in read_manifest(out).documents}
    assert entries[shown].status != "failed" and entries[shown].source.endswith(shown)
    json.loads((out / "batch.json").read_text(encoding="utf-8"))  # valid UTF-8 JSON throughout


_SWALLOWED = """
from docnorm.cli import signals

class Dying:
    def __del__(self):
        raise KeyboardInterrupt("signal 15")  # as the SIGTERM handler raises it, here inside a finalizer

with signals.terminate_as_interrupt():
    signals._received.append(15)
    Dying()
    try:
        signals.raise_if_terminated()
    except KeyboardInterrupt:
        print("raised again")
"""


def test_an_interrupt_a_finalizer_swallowed_is_raised_again_without_a_traceback() -> None:
    """Python reports an exception raised in a finalizer with a traceback and drops it; a SIGTERM
    landing there (seen once in the sigterm test above) must only be raised again."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", _SWALLOWED], env=env, capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "raised again" and done.stderr == ""

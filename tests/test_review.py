"""`docnorm review`: every highlight is the source slice at its JSON offsets; values as printed in
the sources; names are HTML-escaped; the index counts agree with the JSON."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from docnorm.cli.main import main
from docnorm.review import page_name, write_review
from docnorm.schemas.document import DocumentResult
from docnorm.schemas.form_a import FormADocument, Project
from tests.conftest import DOCS, SEED_NAMES
from tests.ledger_oracle import json_spans
from tests.review_html import marked, result


@pytest.fixture(scope="module")
def reviewed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("review")
    assert main(["extract", str(DOCS), "-o", str(out), "--no-progress"]) == 0
    assert main(["review", str(out), str(DOCS)]) == 0
    return out


def _source(name: str) -> str:
    """The oracle's own decoding: the seeds are UTF-8 with LF line ends."""
    return (DOCS / name).read_bytes().decode("utf-8-sig").replace("\r\n", "\n")


@pytest.mark.parametrize("name", SEED_NAMES)
def test_every_highlight_is_the_source_slice_at_its_offsets(reviewed: Path, name: str):
    text = _source(name)
    elements = marked(reviewed / "review" / page_name(name)).found
    assert elements
    for element in elements:
        start, end = int(element.attrs["data-start"]), int(element.attrs["data-end"])
        assert element.content == text[start:end], element.attrs


@pytest.mark.parametrize("name", SEED_NAMES)
def test_every_value_span_of_the_json_is_highlighted(reviewed: Path, name: str):
    fields: dict[str, list[tuple[int, int]]] = {}
    for element in marked(reviewed / "review" / page_name(name)).found:
        if "data-field" in element.attrs:
            fields.setdefault(element.attrs["data-field"], []).append(
                (int(element.attrs["data-start"]), int(element.attrs["data-end"]))
            )
    shown = sorted((min(s for s, _ in parts), max(e for _, e in parts)) for parts in fields.values())
    assert shown == sorted(json_spans(result(reviewed, name)["content"]))
    for parts in fields.values():  # a value cut by an enclosing one is shown in adjoining parts
        parts.sort()
        assert all(a[1] == b[0] for a, b in zip(parts, parts[1:]))


def _by_title(out: Path, name: str) -> dict[str, str]:
    elements = marked(out / "review" / page_name(name)).found
    return {e.attrs["title"]: e.content for e in elements if "id" in e.attrs}


def test_values_read_from_the_sources(reviewed: Path):
    first = _by_title(reviewed, "000_487862950e7e3971.txt")
    assert first["project 1 · name"] == "党建引领社会治理经费"
    assert first["project 1 · total"] == "20.00"
    assert first["project 1 · indicator 1 · name"] == "党建引领社会治理（安全生产）"
    assert first["project 1 · indicator 1 · period_target"] == "≥2次"
    assert first["project 1 · goal"].startswith("发挥基层党组织战斗堡垒的政治引领作用")
    form_b = _by_title(reviewed, "002_ccf7430d55d37228.txt")
    assert form_b["document · department"] == "番禺区人民政府小谷围街道办事处"
    assert form_b["budget 1 · amount"] == "5,786.45"  # as printed; the JSON holds 5786.45


def test_noise_is_dimmed_and_findings_are_markers(reviewed: Path):
    page = (reviewed / "review" / page_name("001_8507f48a672429e9.txt")).read_text(encoding="utf-8")
    assert 'class="noise"' in page
    assert re.search(r'class="marker" id="m\d+" data-severity="warning" data-code="sum-unit"', page)


def test_the_index_counts_agree_with_the_json(reviewed: Path):
    index = (reviewed / "review" / "index.html").read_text(encoding="utf-8")
    for name in SEED_NAMES:
        assert f'href="{page_name(name)}"' in index
    data = result(reviewed, "000_487862950e7e3971.txt")
    projects = data["content"]["projects"]
    row = index.split(f">{'000_487862950e7e3971.txt'}</a>")[1].split("</tr>")[0]
    cells = [c.split("</td>")[0] for c in row.split("<td>")[1:]]
    assert cells[:4] == ["A", data["status"], str(len(projects)), str(sum(len(p["indicators"]) for p in projects))]


EVIL = "<script>alert(1)</script>"


def test_a_malicious_name_is_shown_as_text(tmp_path: Path):
    text = f"{EVIL}\t20.00\n"
    project = Project(position=1, name=EVIL, total=Decimal("20.00"), spans={"name": (0, 25), "total": (26, 31)})
    doc = DocumentResult(document="evil.txt", status="ok", content=FormADocument(projects=[project]))
    (tmp_path / "evil.json").write_text(doc.model_dump_json(), encoding="utf-8")
    written = write_review(tmp_path, {"evil.txt": text})
    for path in written:
        page = path.read_text(encoding="utf-8")
        assert EVIL not in page and "alert(1)" not in "".join(marked(path).scripts)
    page = (tmp_path / "review" / "evil.txt.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert [e.content for e in marked(tmp_path / "review" / "evil.txt.html").found][:2] == [EVIL, "20.00"]


def test_without_sources_the_pages_show_the_records(reviewed: Path, tmp_path: Path):
    for path in reviewed.glob("*.json"):
        (tmp_path / path.name).write_bytes(path.read_bytes())
    assert main(["review", str(tmp_path)]) == 0
    page = (tmp_path / "review" / page_name(SEED_NAMES[0])).read_text(encoding="utf-8")
    assert "source text not given" in page and "党建引领社会治理经费" in page


def test_a_folder_without_results_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    assert main(["review", str(tmp_path)]) == 2
    assert "no document results" in capsys.readouterr().err


def test_the_pages_are_self_contained(reviewed: Path):
    for page in (reviewed / "review").glob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "http://" not in text and "https://" not in text and " src=" not in text, page.name


def test_documents_csv_counts_agree_with_the_json(reviewed: Path):
    import csv

    with (reviewed / "documents.csv").open(encoding="utf-8", newline="") as handle:
        rows = {row["document"]: row for row in csv.DictReader(handle)}
    assert sorted(rows) == SEED_NAMES
    for name, row in rows.items():
        data = result(reviewed, name)
        content = data["content"]
        records = content["projects"] if content["form"] == "A" else content["key_tasks"]
        indicators = (
            sum(len(p["indicators"]) for p in records) if content["form"] == "A" else len(content["indicators"])
        )
        assert (row["form"], row["status"], int(row["projects"]), int(row["indicators"])) == (
            content["form"],
            data["status"],
            len(records),
            indicators,
        )
        for key, value in data["coverage"].items():
            assert int(row[key]) == value, (name, key)
        for severity, column in (("error", "errors"), ("warning", "warnings"), ("info", "infos")):
            assert int(row[column]) == sum(f["severity"] == severity for f in data["findings"])
    assert rows["000_487862950e7e3971.txt"]["total"] == "1209.08"  # the printed 合计 of 000
    assert rows["002_ccf7430d55d37228.txt"]["total"] == "15009.12"  # 5,786.45 + 9,222.67 in 002


def test_the_summary_names_the_partial_documents(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    assert main(["extract", str(DOCS), "-o", str(tmp_path), "--no-progress"]) == 0
    err = capsys.readouterr().err
    assert "partial 003_00b04d726a13fa98.txt (380 characters unplaced or lost)" in err
    assert "partial 000_" not in err

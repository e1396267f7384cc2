"""Theme naming through the LLM seam: the real openai client and instructor against fake-llm."""

from __future__ import annotations

import json

import pytest

from docnorm.cli.main import main
from docnorm.errors import BackendError
from docnorm.llm.client import ModelClient
from docnorm.llm.settings import Settings
from docnorm.themes.llm_namer import LLMThemeNamer, unsupported
from tests.llm.conftest import DOC000

TEXTS = ["推进生活垃圾分类，提升环境卫生水平。", "保障辖区道路清扫保洁，生活垃圾及时清运。"]
KEYWORDS = ["垃圾", "保洁", "分类", "清运"]
SENTINEL = "sk-namer-sentinel-0123456789"


@pytest.fixture
def namer(fake, sleeps, tmp_path):
    def build(**overrides):
        values = dict(
            base_url=fake.url,
            model="fake-namer",
            api_key_env="DOCNORM_TEST_KEY",
            sleep=sleeps.append,
            wait_initial=0.01,
            wait_max=0.05,
            timeout=5.0,
            cache_dir=str(tmp_path / "cache"),
        )
        values.update(overrides)
        return LLMThemeNamer(ModelClient(Settings(**values)))

    return build


def test_a_name_must_come_from_the_themes_own_words():
    assert unsupported("垃圾分类保洁", TEXTS, KEYWORDS) is None
    assert "火星" in unsupported("火星移民计划", TEXTS, KEYWORDS)
    assert unsupported("垃圾星际", TEXTS, KEYWORDS) is None  # half of the characters are enough


def test_the_model_names_a_theme_and_the_answer_is_cached(namer, fake):
    assert namer()(TEXTS, KEYWORDS) == "垃圾保洁"
    again = namer()
    assert again(TEXTS, KEYWORDS) == "垃圾保洁"
    assert fake.requests == 1 and again.summary()["total"]["cached"] == 1


@pytest.mark.parametrize("fault", ["429", "500", "timeout", "malformed"])
def test_transport_and_format_faults_recover(namer, fake, sleeps, fault):
    fake.faults.append(fault)
    fake.retry_after, fake.hang = 0.02, 1.0
    assert namer(timeout=0.3)(TEXTS, KEYWORDS) == "垃圾保洁"
    assert fake.requests == 2
    if fault in ("429", "500", "timeout"):
        assert sleeps  # tenacity waited (recorded, not slept)


def test_an_invented_name_is_re_asked(namer, fake):
    fake.faults.append("invent")
    assert namer()(TEXTS, KEYWORDS) == "垃圾保洁"
    assert fake.requests == 2


@pytest.mark.parametrize("faults", [["invent"] * 3, ["invalid"] * 2, ["truncated"]])
def test_a_name_that_cannot_be_had_raises_so_keywords_stay(namer, fake, faults):
    fake.faults.extend(faults)
    with pytest.raises(BackendError):
        namer(reasks=2)(TEXTS, KEYWORDS)


def test_docnorm_themes_namer_llm_end_to_end(fake, tmp_path, monkeypatch, caplog):
    monkeypatch.setenv("DOCNORM_TEST_KEY", SENTINEL)
    out = tmp_path / "out"
    assert main(["extract", str(DOC000), "-o", str(out), "--no-progress"]) == 0
    args = [
        "themes",
        str(out),
        "--namer",
        "llm",
        "--base-url",
        fake.url,
        "--model",
        "fake-namer",
        "--api-key-env",
        "DOCNORM_TEST_KEY",
        "--llm-option",
        "wait_initial=0.01",
    ]
    fake.faults.extend(["500", "invent", "invent", "invent"])  # one theme's name cannot be had
    assert main(args) == 0
    themes = json.loads((out / "themes" / "themes.json").read_text(encoding="utf-8"))["themes"]
    sources = [t["label_source"] for t in themes]
    assert sources.count("keywords") == 1 and sources.count("namer") == len(themes) - 1
    for t in themes:
        expected = "".join(t["keywords"][:2])[:12] if t["label_source"] == "namer" else "·".join(t["keywords"][:3])
        assert t["label"] == expected
    usage = json.loads((out / "themes" / "llm_usage.json").read_text(encoding="utf-8"))
    assert usage["total"]["requests"] == fake.requests - 1  # the 500 was retried inside one request
    first = fake.requests
    assert main(args) == 0  # every answer, rejected ones too, comes from the cache: same labels, no requests
    assert fake.requests == first, (themes, fake.seen)
    again = json.loads((out / "themes" / "themes.json").read_text(encoding="utf-8"))["themes"]
    assert [t["label"] for t in again] == [t["label"] for t in themes]
    written = "".join(p.read_text(encoding="utf-8", errors="replace") for p in out.rglob("*") if p.is_file())
    assert SENTINEL not in written and SENTINEL not in caplog.text

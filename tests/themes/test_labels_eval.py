"""The hand labels and the evaluation against them."""
import csv
import json

import pytest

from extractor.cli import main
from themes.evaluate import GOLDEN, LABELS, TAXONOMY, cluster_scores, guided_scores, load_labels
from themes.guided import load_taxonomy


def test_labels_cover_every_project_and_key_task_of_the_goldens():
    rows = list(csv.DictReader(LABELS.open(encoding="utf-8")))
    ids = {t.id for t in load_taxonomy(TAXONOMY).themes}
    assert all(r["theme"] in ids for r in rows)
    for path in sorted(GOLDEN.glob("*.json")):
        content = json.loads(path.read_text(encoding="utf-8"))["content"]
        records = content.get("projects") or content.get("key_tasks")
        mine = [r for r in rows if r["document"] == path.stem]
        assert [(r["position"], r["project_name"]) for r in mine] == [
            (str(p["position"]), (p["name"] or "").replace(" ", "")) for p in records]


def test_load_labels_prefers_golden_goal_texts():
    items, truth = load_labels()
    assert len(items) == len(truth) == 171
    assert items[0].text.startswith("党建引领社会治理经费。发挥基层党组织")


def test_scores_shape():
    assert cluster_scores(list("aabb"), list("xxyy"))["AMI"] == pytest.approx(1)
    assert guided_scores(list("aabb"), list("aabo"))["accuracy"] == pytest.approx(0.75)


def test_offline_default_figures_do_not_regress(capsys):
    assert main(["themes-eval", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["discovered_all"]["AMI"] > 0.45
    assert report["guided_all"]["accuracy"] > 0.85
    assert report["discovered_held_out"]["AMI"] > 0.4
    assert report["stability"]["mean_ARI_between_seeds"] > 0.9

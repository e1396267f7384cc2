"""Embed, reduce, cluster and label steps."""

import numpy as np
import pytest

from docnorm.errors import ConfigError
from docnorm.themes.cluster import (
    AutoKMeans,
    AverageLinkClusterer,
    _cosine_tree,
    nearest_centre,
    silhouette_knee,
    stability_scores,
    weak_flags,
)
from docnorm.themes.embed import CharNgramEmbedder, CombinedEmbedder, clean_text, make_embedder
from docnorm.themes.label import ctfidf_keywords, distinct_labels, load_stopwords, make_label
from docnorm.themes.pipeline import ThemeOptions, discover_themes, embed_vectors
from tests.themes.conftest import GOALS


def test_clean_text_keeps_only_cjk_and_letters():
    assert clean_text("保障率100%，达标。OK") == "保障率 达标 OK"


def test_char_embedder_is_sparse_and_one_row_per_text():
    matrix = CharNgramEmbedder().embed(GOALS)
    assert matrix.shape[0] == len(GOALS) and matrix.nnz > 0


def test_unknown_embedder_is_config_error():
    with pytest.raises(ConfigError):
        make_embedder("nope")


def test_vectors_are_normalised():
    vectors, name, dense = embed_vectors(GOALS, ThemeOptions())
    assert name.startswith("char12") and not dense
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1, atol=1e-5)


def test_discovery_finds_the_three_seed_themes_deterministically():
    first = discover_themes(GOALS, ThemeOptions(k=3))
    again = discover_themes(GOALS, ThemeOptions(k=3))
    ids = [a.theme_id for a in first.assignments]
    assert ids == [a.theme_id for a in again.assignments]
    assert len(set(ids[0:3])) == len(set(ids[3:6])) == len(set(ids[6:9])) == 1
    assert len(set(ids)) == 3
    assert all(a.theme_label and a.theme_label != "未命名" for a in first.assignments)


def test_automatic_k_every_goal_gets_a_theme():
    result = discover_themes(GOALS * 2, ThemeOptions())
    assert len(result.assignments) == 18 and all(a.theme_id for a in result.assignments)
    assert sum(t.size for t in result.themes) == 18


def test_sample_then_assign_the_rest():
    rng = np.random.default_rng(0)
    centres = np.eye(4, 16)
    vectors = np.repeat(centres, 50, axis=0) + rng.normal(0, 0.05, (200, 16))
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    clusterer = AverageLinkClusterer(sample_size=40, seed=0)
    labels, found = clusterer.cluster(vectors)
    assert len(labels) == 200 and clusterer.chosen_k == 4
    assert all(len(set(labels[i * 50 : (i + 1) * 50])) == 1 for i in range(4))


def test_kmeans_alternative_and_nearest_centre():
    vectors = np.repeat(np.eye(3, 8), 10, axis=0).astype(np.float32)
    labels, centres = AutoKMeans(k=3, seed=0).cluster(vectors)
    again, scores = nearest_centre(vectors, centres)
    assert (labels == again).all() and np.allclose(scores, 1, atol=1e-5)


def test_weak_flags_mark_far_members():
    scores = np.array([0.9, 0.88, 0.86, 0.85, 0.2, 0.5, 0.5])
    labels = np.array([0, 0, 0, 0, 0, 1, 1])
    assert weak_flags(scores, labels).tolist() == [False, False, False, False, True, False, False]


def test_ctfidf_keywords_come_from_each_theme_and_skip_stopwords():
    labels = np.array([0, 0, 0, 1, 1, 1, 2, 2, 2])
    keywords = ctfidf_keywords(GOALS, labels, top_n=5)
    assert "党员" in keywords[0] and "垃圾" in keywords[1] and "养老" in keywords[2]
    stop = load_stopwords()
    assert not any(w in stop for words in keywords.values() for w in words)


def test_namer_seam_and_fallback():
    assert make_label(["党员", "党组织", "党建"], ["text"], None) == ("党员·党组织·党建", "keywords")
    assert make_label(["a"], ["t1", "t2"], lambda texts, keywords: f"主题{len(texts)}{keywords[0]}") == (
        "主题2a",
        "namer",
    )

    def broken(texts: list[str], keywords: list[str]) -> str:
        raise RuntimeError("llm down")

    assert make_label(["党员"], ["t"], broken) == ("党员", "keywords")


def test_distinct_labels_tell_repeats_apart():
    assert distinct_labels(["养老", "党建", "养老"], [["助餐"], ["党员"], ["养老", "长者"]]) == [
        "养老（助餐）",
        "党建",
        "养老（长者）",
    ]
    assert distinct_labels(["甲", "甲", "甲"], [["x"], ["x"], []]) == ["甲（x）", "甲（2）", "甲（3）"]
    assert distinct_labels(["甲", "乙"], [[], []]) == ["甲", "乙"]


def test_namer_is_called_with_representative_texts():
    seen = []

    def fake(texts: list[str], keywords: list[str]) -> str:
        seen.append(texts)
        return "假名"

    result = discover_themes(GOALS, ThemeOptions(k=3, namer=fake, representatives=2))
    assert {t.label_source for t in result.themes} == {"namer"}
    labels = [t.label for t in result.themes]  # one name for three themes: told apart by a keyword
    assert len(set(labels)) == 3 and all(label.startswith("假名（") for label in labels)
    assert all(label == f"假名（{t.keywords[0]}）" for label, t in zip(labels, result.themes))
    assert all(len(texts) == 2 and all(t in GOALS for t in texts) for texts in seen)


def test_goal_without_content_words_still_gets_a_theme():
    texts = GOALS + ["2023。100%", ""]
    for spec in ("char12", "words"):
        result = discover_themes(texts, ThemeOptions(embedder=spec))
        assert len(result.assignments) == len(texts) and all(a.theme_id for a in result.assignments)


def test_combined_embedder_cosine_is_weighted_mean_of_block_cosines():
    chars, words = make_embedder("char12"), make_embedder("words")
    combined = make_embedder("char12+words")
    assert isinstance(combined, CombinedEmbedder)
    both = combined.embed(GOALS).toarray()
    c = CharNgramEmbedder((1, 2)).embed(GOALS).toarray()
    w = words.embed(GOALS).toarray()

    def unit(m):
        return m / np.maximum(np.linalg.norm(m, axis=1, keepdims=True), 1e-12)

    expected = 0.5 * unit(c)[0] @ unit(c)[1] + 0.5 * unit(w)[0] @ unit(w)[1]
    assert both[0] @ both[1] == pytest.approx(expected, abs=1e-5)
    assert chars.name == "char12-tfidf"


def _blobs(k: int, per: int, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    vectors = np.repeat(np.eye(k, 16), per, axis=0) + rng.normal(0, 0.05, (k * per, 16))
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def test_stability_peaks_at_the_real_number_of_groups():
    vectors = _blobs(5, 12)
    _, tree = _cosine_tree(vectors)
    scores = stability_scores(vectors, tree, range(2, 10))
    assert max(scores, key=scores.get) == 5 and scores[5] > 0.95


def test_stability_skips_cuts_that_only_split_off_outliers():
    vectors = np.vstack([_blobs(3, 15), np.eye(1, 16, 15)])  # one far outlier
    _, tree = _cosine_tree(vectors)
    scores = stability_scores(vectors, tree, range(2, 8))
    assert 2 not in scores and max(scores, key=scores.get) >= 3


def test_silhouette_knee_is_still_available():
    assert silhouette_knee({2: 0.1, 3: 0.3, 4: 0.32, 5: 0.6}) == 3  # half of 0.6, no climb
    assert silhouette_knee({}) is None
    labels, _ = AverageLinkClusterer(k_criterion="silhouette_knee").cluster(_blobs(4, 10))
    assert len(set(labels)) == 4


def test_centred_reducer_removes_the_shared_direction():
    from sklearn.preprocessing import normalize

    from docnorm.themes.reduce import CentredReducer

    rng = np.random.default_rng(0)
    raw = rng.normal(size=(20, 8)).astype(np.float32) + 5.0  # one large component shared by all rows
    reducer = CentredReducer()
    out = reducer.reduce(raw)
    np.testing.assert_allclose(out, normalize(raw - raw.mean(axis=0)), atol=1e-5)
    assert float((normalize(raw) @ normalize(raw).T).min()) > 0.9  # before: every pair looks alike
    assert float((out @ out.T).min()) < 0


def test_sentence_models_get_the_stability_k_and_tfidf_the_knee(monkeypatch):
    from docnorm.themes import pipeline
    from docnorm.themes.embed import SentenceTransformerEmbedder

    class FakeSentenceModel(SentenceTransformerEmbedder):
        def embed(self, texts):
            return np.asarray([[t.count("党"), t.count("垃圾"), t.count("老"), 1.0] for t in texts], np.float32)

    seen = []
    real = pipeline.make_clusterer
    monkeypatch.setattr(
        pipeline, "make_clusterer", lambda method, **kw: seen.append(kw["k_criterion"]) or real(method, **kw)
    )
    monkeypatch.setattr(pipeline, "make_embedder", lambda spec, seed: FakeSentenceModel("fake"))
    discover_themes(GOALS, ThemeOptions(embedder="st:fake"))
    monkeypatch.setattr(pipeline, "make_embedder", make_embedder)
    discover_themes(GOALS, ThemeOptions())
    discover_themes(GOALS, ThemeOptions(k_criterion="stability"))
    assert seen == ["stability", "silhouette_knee", "stability"]


def test_repeated_runs_give_identical_goals_identical_vectors_and_the_same_themes():
    """ARPACK in float32 drifted between calls, so de-duplication and k changed from run to run."""
    texts = GOALS + GOALS[:3] + [GOALS[4]] * 2
    runs = []
    for _ in range(5):
        vectors, _, _ = embed_vectors(texts, ThemeOptions())
        assert all((vectors[i] == vectors[len(GOALS) + i]).all() for i in range(3))
        clusterer = AverageLinkClusterer()
        labels, _ = clusterer.cluster(vectors)
        runs.append((clusterer.chosen_k, tuple(labels), tuple(round(s, 9) for s in clusterer.scores.values())))
    assert len(set(runs)) == 1

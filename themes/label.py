"""Chinese theme labels from each theme's own words: class-based TF-IDF (c-TF-IDF) over jieba
tokens, with a small stopword list (themes/stopwords.txt). An optional injected `namer`
(e.g. an LLM) may turn a theme's representative texts into a name."""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import CountVectorizer

from docnorm.themes.types import Namer

log = logging.getLogger(__name__)

STOPWORDS_FILE = Path(__file__).with_name("stopwords.txt")
_WORD = re.compile(r"^[\u4e00-\u9fff]{2,}$|^[A-Za-z]{2,}$")
TEXTS_PER_THEME = 300  # c-TF-IDF reads at most this many texts per theme (jieba is slow at scale)


@lru_cache(maxsize=4)
def load_stopwords(path: str | None = None) -> frozenset[str]:
    lines = Path(path or STOPWORDS_FILE).read_text(encoding="utf-8").splitlines()
    return frozenset(w.strip() for w in lines if w.strip() and not w.startswith("#"))


def tokenize(text: str) -> list[str]:
    """jieba words of 2+ CJK characters (or ASCII words), minus stopwords."""
    import jieba  # lazy: loads its dictionary on first use

    jieba.setLogLevel(logging.WARNING)
    stop = load_stopwords()
    return [w for w in jieba.lcut(text) if _WORD.match(w) and w not in stop]


def ctfidf_keywords(texts: Sequence[str], labels: np.ndarray, top_n: int = 8, seed: int = 0) -> dict[int, list[str]]:
    """Top words per cluster by c-TF-IDF: tf within the class × log(1 + mean words per class / word freq)."""
    rng = np.random.default_rng(seed)
    ids = sorted(int(c) for c in np.unique(labels))
    class_docs = []
    for cid in ids:
        members = np.flatnonzero(labels == cid)
        if len(members) > TEXTS_PER_THEME:
            members = rng.choice(members, TEXTS_PER_THEME, replace=False)
        class_docs.append(" ".join(" ".join(tokenize(texts[i])) for i in sorted(int(m) for m in members)))
    vectorizer = CountVectorizer(analyzer=str.split)
    counts = vectorizer.fit_transform(class_docs).toarray().astype(float)
    if counts.size == 0:
        return {cid: [] for cid in ids}
    tf = counts / np.maximum(counts.sum(axis=1, keepdims=True), 1)
    idf = np.log1p(counts.sum(axis=1).mean() / np.maximum(counts.sum(axis=0), 1))
    weights = tf * idf
    vocab = vectorizer.get_feature_names_out()
    return {
        cid: [str(vocab[j]) for j in np.argsort(-weights[row])[:top_n] if weights[row, j] > 0]
        for row, cid in enumerate(ids)
    }


class CTfidfLabeler:
    def __init__(self, top_n: int = 8, seed: int = 0) -> None:
        self.top_n, self.seed = top_n, seed

    def keywords(self, texts: Sequence[str], labels: np.ndarray) -> dict[int, list[str]]:
        return ctfidf_keywords(texts, labels, self.top_n, self.seed)


def make_label(keywords: list[str], representatives: list[str], namer: Namer | None) -> tuple[str, str]:
    """(label, source): the namer's answer when given and non-empty ("namer"), else the top three
    keywords joined by · ("keywords")."""
    if namer is not None and representatives:
        try:
            name = (namer(representatives, keywords) or "").strip()
            if name:
                return name, "namer"
        except Exception as exc:  # the namer is someone else's code (an LLM): never fatal here
            log.warning("theme namer failed, using keywords: %s", exc)
    return "·".join(keywords[:3]) or "未命名", "keywords"


def distinct_labels(labels: list[str], keywords: list[list[str]]) -> list[str]:
    """Two themes never share a label (a namer may give two themes one name): a repeated label gets
    the first of its theme's keywords that the label lacks, in brackets, else a number."""
    repeated = {label for label, n in Counter(labels).items() if n > 1}
    out: list[str] = []
    for label, words in zip(labels, keywords):
        if label in repeated:
            extra = next((w for w in words if w not in label and f"{label}（{w}）" not in out), None)
            candidates = [f"{label}（{extra}）"] if extra else []
        else:
            candidates = [label]
        candidates += (f"{label}（{n}）" for n in range(2, len(labels) + 2))
        out.append(next(c for c in candidates if c not in out))
    return out

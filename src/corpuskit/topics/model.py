"""Topics that do not depend on a random seed: k-means over several seeds, k chosen by a stated
criterion, one consensus partition, BERTopic's c-TF-IDF words and labels drawn from them.

1. For every candidate number of topics ``k`` (``TopicSettings.ks``, from the corpus size), the
   unit-length embeddings, reduced to their first ``N_COMPONENTS`` principal components (which
   keeps k-means fast at 100,000 units), are clustered by k-means once per seed
   (``TopicSettings.seeds``).
2. ``choose_k`` applies a criterion fixed in code before any topic is looked at: the largest
   ``k`` whose mean adjusted Rand index (ARI) between seeds reaches ``min_ari`` and whose largest
   topic holds at most ``max_share`` of the units in every seed. If no ``k`` passes, the most
   stable ``k`` is taken and the fit says it is not stable (``TopicFit.stable``).
3. ``consensus`` clusters the units by how often the seeds put them together (k-means on the
   concatenated one-hot assignments, whose dot products count co-assignments): the reported
   partition is the one the seeds agree on, not one seed's draw.
4. BERTopic (manual mode: our clusters, its c-TF-IDF) gives each topic its words; the label is
   the topic's first three c-TF-IDF words, so label and words cannot disagree.

k-means leaves no outliers and scales from a hundred to a hundred thousand units
(mini-batch k-means above ``MINIBATCH_ABOVE`` units).
"""

from __future__ import annotations

import itertools
import logging
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from sklearn.cluster import KMeans, MiniBatchKMeans
from sklearn.metrics import adjusted_rand_score
from sklearn.preprocessing import normalize

from corpuskit.config import SEED
from corpuskit.topics.vocabulary import NO_PARTNER, make_vectorizer, tokens

if TYPE_CHECKING:
    from bertopic import BERTopic

log = logging.getLogger(__name__)

TOP_N_WORDS = 10
LABEL_WORDS = 3
MIN_K = 4  # fewer topics cannot keep every topic at or below 30 % of the units
MAX_K = 60
MIN_UNITS_PER_TOPIC = 10  # candidate k stops at n_units / 10
N_CANDIDATES = 8
MINIBATCH_ABOVE = 20_000
MANY_INITS_UP_TO = 1_000  # k-means runs 10 initialisations per seed up to this many units, 3 above
N_COMPONENTS = 50
UNDATED = "undated"


@dataclass(frozen=True)
class TopicSettings:
    """The settings of a fit; ``for_size`` derives the size-dependent ones from the corpus."""

    ks: tuple[int, ...]  # candidate numbers of topics
    n_seeds: int = 5
    min_ari: float = 0.6  # stability a k must reach (mean ARI between seeds)
    max_share: float = 0.3  # no topic larger than this share of the units, in any seed
    min_df: int = 2  # a topic word occurs in at least this many units
    n_init: int = 10  # k-means initialisations per seed
    seed: int = SEED

    def __post_init__(self) -> None:
        if not self.ks or min(self.ks) < 2:
            raise ValueError(f"candidate numbers of topics must be at least 2, not {self.ks}")
        if self.n_seeds < 2:
            raise ValueError("stability needs at least two seeds")

    @property
    def seeds(self) -> tuple[int, ...]:
        """The random seeds every candidate k is fitted with."""
        return tuple(range(self.seed, self.seed + self.n_seeds))

    @classmethod
    def for_size(cls, n_units: int, seed: int = SEED, n_seeds: int = 5) -> TopicSettings:
        """Settings for ``n_units`` units.

        Candidate k run from ``MIN_K`` to ``n_units / MIN_UNITS_PER_TOPIC`` (at most ``MAX_K``),
        ``N_CANDIDATES`` values spaced geometrically. A topic word occurs in 2 units (1 below 50
        units, one more per 5,000 units above 10,000). Each seed runs k-means with 10
        initialisations up to ``MANY_INITS_UP_TO`` units, 3 above (mini-batch k-means above
        ``MINIBATCH_ABOVE``).

        >>> TopicSettings.for_size(85).ks
        (4, 5, 6, 7, 8)
        >>> s = TopicSettings.for_size(100_000)
        >>> s.ks, s.min_df, s.n_init
        ((4, 6, 9, 13, 19, 28, 41, 60), 20, 3)
        """
        if n_units < 2 * MIN_K:
            raise ValueError(f"{n_units} units are too few to model topics")
        top = int(min(MAX_K, max(MIN_K, n_units // MIN_UNITS_PER_TOPIC)))
        ks = tuple(sorted({round(k) for k in np.geomspace(MIN_K, top, N_CANDIDATES)}))
        min_df = 1 if n_units < 50 else max(2, n_units // 5_000)
        return cls(ks=ks, n_seeds=n_seeds, min_df=min_df,
                   n_init=10 if n_units <= MANY_INITS_UP_TO else 3, seed=seed)

    def table(self, n_units: int) -> pd.DataFrame:
        """The settings as a two-column table, for the notebook."""
        values = {"n_units": n_units, **asdict(self), "seeds": self.seeds}
        return pd.DataFrame({"setting": list(values), "value": [str(v) for v in values.values()]})


# --- clustering ------------------------------------------------------------------------------

def kmeans_labels(vectors: np.ndarray, k: int, seed: int, n_init: int = 10) -> np.ndarray:
    """k-means labels of ``vectors`` (mini-batch above ``MINIBATCH_ABOVE`` rows)."""
    if len(vectors) > MINIBATCH_ABOVE:
        model = MiniBatchKMeans(n_clusters=k, n_init=n_init, batch_size=4096, random_state=seed)
    else:
        model = KMeans(n_clusters=k, n_init=n_init, random_state=seed)
    return model.fit_predict(vectors).astype(int)


def by_size(labels: np.ndarray) -> np.ndarray:
    """Relabel clusters 0, 1, … from the largest down (ties: the one met first).

    >>> by_size(np.array([2, 0, 0, 1, 1, 1])).tolist()
    [2, 1, 1, 0, 0, 0]
    """
    ids, first, counts = np.unique(labels, return_index=True, return_counts=True)
    order = sorted(range(len(ids)), key=lambda i: (-counts[i], first[i]))
    mapping = {ids[i]: new for new, i in enumerate(order)}
    return np.array([mapping[x] for x in labels], dtype=int)


def mean_pairwise_ari(partitions: np.ndarray) -> tuple[float, float]:
    """Mean and standard deviation of the adjusted Rand index over all pairs of partitions.

    >>> mean_pairwise_ari(np.array([[0, 0, 1, 1], [1, 1, 0, 0], [0, 1, 0, 1]]))
    (0.0, 0.866)
    """
    scores = [adjusted_rand_score(a, b) for a, b in itertools.combinations(partitions, 2)]
    sd = float(np.std(scores, ddof=1)) if len(scores) > 1 else 0.0
    return round(float(np.mean(scores)), 3), round(sd, 3)


def reduce(embeddings: np.ndarray, seed: int = SEED, n_components: int = N_COMPONENTS) -> np.ndarray:
    """Unit-length embeddings projected on their first ``n_components`` principal components.

    >>> reduce(np.random.default_rng(0).normal(size=(20, 8)), n_components=3).shape
    (20, 3)
    """
    from sklearn.decomposition import PCA

    vectors = normalize(embeddings)
    n = min(n_components, vectors.shape[0] - 1, vectors.shape[1])
    return PCA(n_components=n, random_state=seed).fit_transform(vectors)


def stability_sweep(embeddings: np.ndarray, settings: TopicSettings
                    ) -> tuple[pd.DataFrame, dict[int, np.ndarray]]:
    """For each candidate k: the seeds' partitions, their mean (± sd) ARI and largest topic.

    Returns the table (one row per k) and the partitions (k -> array of seeds × units).
    """
    vectors = reduce(embeddings, settings.seed)
    rows, partitions = [], {}
    for k in settings.ks:
        runs = np.vstack([kmeans_labels(vectors, k, seed, settings.n_init) for seed in settings.seeds])
        partitions[k] = runs
        mean, sd = mean_pairwise_ari(runs)
        largest = max(np.bincount(run).max() / len(run) for run in runs)
        rows.append({"k": k, "mean_ari": mean, "sd_ari": sd, "largest_share": round(float(largest), 3)})
    return pd.DataFrame(rows), partitions


@dataclass(frozen=True)
class KChoice:
    """The k chosen by ``choose_k``, whether it meets the stability goal, and why."""

    k: int
    stable: bool
    reason: str


def choose_k(sweep: pd.DataFrame, min_ari: float = 0.6, max_share: float = 0.3) -> KChoice:
    """The largest k that is stable (mean ARI ≥ ``min_ari``) with no topic above ``max_share``;
    else the most stable k among those with no topic above ``max_share`` (all k if none).

    >>> sweep = pd.DataFrame({"k": [4, 6, 8], "mean_ari": [0.8, 0.7, 0.5],
    ...                       "largest_share": [0.35, 0.25, 0.2]})
    >>> choose_k(sweep)
    KChoice(k=6, stable=True, reason='largest k with mean ARI ≥ 0.6 and no topic above 30% of the units')
    >>> choose_k(sweep, min_ari=0.9).k
    6
    """
    small = sweep["largest_share"] <= max_share
    passing = sweep[(sweep["mean_ari"] >= min_ari) & small]
    if not passing.empty:
        return KChoice(int(passing["k"].max()), True,
                       f"largest k with mean ARI ≥ {min_ari} and no topic above {max_share:.0%} of the units")
    pool = sweep[small] if small.any() else sweep
    best = pool.sort_values(["mean_ari", "k"], ascending=[False, True]).iloc[0]
    where = (f"no topic above {max_share:.0%} of the units" if small.any()
             else "any k (every k has a topic above the cap)")
    return KChoice(int(best["k"]), False, f"no k reaches mean ARI {min_ari}: the most stable k with {where}")


def consensus(partitions: np.ndarray, k: int, seed: int = SEED, n_init: int = 10) -> np.ndarray:
    """The partition the seeds agree on: k-means on the concatenated one-hot assignments.

    Two units' one-hot rows have a dot product equal to the number of seeds that put them
    together, so this clusters the co-assignment matrix without building it (n × n).

    >>> runs = np.array([[0, 0, 1, 1, 2, 2], [1, 1, 0, 0, 2, 2], [0, 0, 1, 2, 2, 2]])
    >>> consensus(runs, 3).tolist()
    [0, 0, 1, 1, 2, 2]
    """
    onehot = np.hstack([np.eye(run.max() + 1)[run] for run in partitions]) / np.sqrt(len(partitions))
    return by_size(kmeans_labels(onehot, k, seed, n_init))


def agreement(partitions: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """Per unit, the share of seeds whose cluster of the unit maps to its consensus topic
    (each seed cluster maps to the consensus topic it shares most units with).

    >>> agreement(np.array([[0, 0, 1, 1], [0, 1, 1, 1]]), np.array([0, 0, 1, 1])).tolist()
    [1.0, 0.5, 1.0, 1.0]
    """
    hits = np.zeros(len(labels))
    for run in partitions:
        table = pd.crosstab(run, labels)
        mapping = table.idxmax(axis=1)
        hits += mapping.reindex(run).to_numpy() == labels
    return hits / len(partitions)


# --- words and labels ------------------------------------------------------------------------

@contextmanager
def _quiet_bertopic() -> Iterator[None]:
    logger = logging.getLogger("BERTopic")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def represent(texts: Sequence[str], labels: np.ndarray, embeddings: np.ndarray,
              vocabulary: Sequence[str]) -> BERTopic:
    """BERTopic in manual mode on a given partition: c-TF-IDF words over ``vocabulary``.

    ``language="multilingual"``: for English, BERTopic strips every character outside A-Z and
    digits before counting ("Azerbaijan's" -> "azerbaijans", "Əliyev" -> "liyev"), so its words
    would not be the shared vocabulary's; with it, the text is counted as every model counts it
    (the language is used for nothing else here: there is no embedding model to choose).
    """
    from tqdm import TqdmWarning

    with warnings.catch_warnings():
        # In a notebook without ipywidgets, tqdm.auto warns (with its install path) on import.
        warnings.simplefilter("ignore", TqdmWarning)
        from bertopic import BERTopic
    from bertopic.cluster import BaseCluster
    from bertopic.dimensionality import BaseDimensionalityReduction

    present = {t for text in texts for t in tokens(text)}
    vocabulary = [w for w in vocabulary if w in present]  # a word in no unit has no idf
    model = BERTopic(language="multilingual", embedding_model=None, umap_model=BaseDimensionalityReduction(),
                     hdbscan_model=BaseCluster(), vectorizer_model=make_vectorizer([], vocabulary=vocabulary),
                     top_n_words=TOP_N_WORDS, calculate_probabilities=False, verbose=False)
    with _quiet_bertopic():
        model.fit(list(texts), embeddings=embeddings, y=np.asarray(labels))
    return model


def topic_words(model: BERTopic, n: int = TOP_N_WORDS) -> list[list[str]]:
    """Top ``n`` c-TF-IDF words of each topic, in topic order (outlier topic, if any, left out)."""
    return [[w for w, _ in model.get_topic(t) if w][:n] for t in sorted(model.get_topics()) if t >= 0]


def label(topic: int, words: Sequence[str], n: int = LABEL_WORDS) -> str:
    """A topic's label: its id and first ``n`` c-TF-IDF words.

    >>> label(0, ["gas", "pipeline", "supply", "europe"])
    '0: gas, pipeline, supply'
    """
    return f"{topic}: " + (", ".join(list(words)[:n]) or "(no topic words)")


def label_agrees(text: str, words: Sequence[str]) -> bool:
    """True if every word of a label (after the id) is among the topic's words.

    >>> label_agrees("0: gas, pipeline", ["gas", "oil", "pipeline"]), label_agrees("0: peace", ["gas"])
    (True, False)
    """
    named = [w.strip() for w in text.split(":", 1)[-1].split(",") if w.strip() != "(no topic words)"]
    return set(named) <= set(words)


# --- the fit ---------------------------------------------------------------------------------

@dataclass
class TopicFit:
    """A fit: the sweep over k, the choice, the seeds' partitions, the consensus and its words."""

    settings: TopicSettings
    sweep: pd.DataFrame
    choice: KChoice
    partitions: np.ndarray  # seeds × units at the chosen k
    model: BERTopic
    assignments: pd.DataFrame
    words: dict[int, list[str]] = field(default_factory=dict)

    @property
    def k(self) -> int:
        return self.choice.k

    @property
    def labels(self) -> dict[int, str]:
        """Topic id -> label."""
        return {t: label(t, w) for t, w in self.words.items()}


def fit_topics(units: pd.DataFrame, embeddings: np.ndarray, vocabulary: Sequence[str],
               settings: TopicSettings | None = None) -> TopicFit:
    """Sweep k over seeds, choose k, take the consensus partition and describe it (see module).

    ``assignments`` has one row per unit: ``topic``, ``topic_label``, ``probability`` (the
    share of seeds that put the unit in this topic, see ``agreement``) and ``outlier``
    (always False: k-means leaves none). ``partner_iso3`` is missing for a unit with no partner.
    """
    settings = settings or TopicSettings.for_size(len(units))
    sweep, partitions = stability_sweep(embeddings, settings)
    choice = choose_k(sweep, settings.min_ari, settings.max_share)
    runs = partitions[choice.k]
    topics = consensus(runs, choice.k, settings.seed, settings.n_init)
    texts = units["text"].tolist()
    model = represent(texts, topics, normalize(embeddings), vocabulary)
    # BERTopic numbers topics by size (ties its own way): the same partition, its numbers.
    topics = np.asarray(model.topics_, dtype=int)
    words = dict(enumerate(topic_words(model)))
    keys = [c for c in ("unit_id", "doc_id", "para_id", "sent_id", "partner_iso3") if c in units.columns]
    assignments = units[keys].copy().reset_index(drop=True)
    if "partner_iso3" in assignments.columns:
        assignments["partner_iso3"] = assignments["partner_iso3"].where(
            assignments["partner_iso3"] != NO_PARTNER, None)
    assignments["topic"] = topics
    assignments["topic_label"] = [label(t, words[t]) for t in topics]
    assignments["probability"] = np.round(agreement(runs, topics), 3)
    assignments["outlier"] = False
    return TopicFit(settings, sweep, choice, runs, model, assignments, words)


def seed_agreement(fit: TopicFit) -> pd.DataFrame:
    """ARI of every seed's partition with every other seed's and with the consensus (chosen k)."""
    names = [f"seed {s}" for s in fit.settings.seeds]
    runs = [*fit.partitions, fit.assignments["topic"].to_numpy()]
    table = pd.DataFrame([[adjusted_rand_score(a, b) for b in runs] for a in runs],
                         index=[*names, "consensus"], columns=[*names, "consensus"])
    return table.round(3)


# --- tables of a fit -------------------------------------------------------------------------

def theme_coverage(fit: TopicFit, units: pd.DataFrame, seeds: dict[str, list[str]]) -> pd.DataFrame:
    """Topic × seed theme: share of the topic's units that use a seed word of the theme."""
    hits = pd.DataFrame({theme: [bool(set(ws) & set(tokens(t))) for t in units["text"]]
                         for theme, ws in seeds.items()})
    hits["topic"] = fit.assignments["topic"].to_numpy()
    return hits.groupby("topic").mean().round(3)


def topic_table(fit: TopicFit, units: pd.DataFrame, seeds: dict[str, list[str]]) -> pd.DataFrame:
    """One row per topic: label, size, share, articles, agreement of seeds, words, seed theme.

    ``seed_theme`` is the theme whose seed words the largest share of the topic's units use
    (``theme_share``); none if no unit of the topic uses a seed word. ``label_ok`` checks that
    the label's words are the topic's c-TF-IDF words.
    """
    a = fit.assignments
    table = a.groupby("topic").agg(n_units=("unit_id", "size"), n_docs=("doc_id", "nunique"),
                                   agreement=("probability", "mean")).reset_index()
    table.insert(1, "label", table["topic"].map(fit.labels))
    table.insert(3, "share", (table["n_units"] / len(a)).round(3))
    table["agreement"] = table["agreement"].round(3)
    table["words"] = table["topic"].map(lambda t: ", ".join(fit.words[t]))
    table["label_ok"] = [label_agrees(lab, fit.words[t])
                         for t, lab in zip(table["topic"], table["label"], strict=True)]
    if seeds:
        coverage = theme_coverage(fit, units, seeds)
        best = coverage.idxmax(axis=1).where(coverage.max(axis=1) > 0)
        table["seed_theme"] = table["topic"].map(best)
        table["theme_share"] = table["topic"].map(coverage.max(axis=1))
    return table


def topics_per_partner(fit: TopicFit, units: pd.DataFrame) -> pd.DataFrame:
    """Partner × topic: units, share of the partner's units, and the partner's total ``n``."""
    frame = pd.DataFrame({"partner_iso3": units["partner_iso3"].to_numpy(),
                          "topic": fit.assignments["topic"].to_numpy()})
    table = frame.groupby(["partner_iso3", "topic"]).size().rename("n_units").reset_index()
    table["n_partner"] = table.groupby("partner_iso3")["n_units"].transform("sum")
    table["share"] = (table["n_units"] / table["n_partner"]).round(3)
    table["label"] = table["topic"].map(fit.labels)
    return table[["partner_iso3", "n_partner", "topic", "label", "n_units", "share"]].sort_values(
        ["partner_iso3", "topic"], ignore_index=True)


def topics_over_time(fit: TopicFit, units: pd.DataFrame, freq: str = "Y") -> pd.DataFrame:
    """Period × topic: units, share of the period's units, the period's total ``n``.

    ``period`` is pandas' name of the period (``freq``: ``"Y"`` gives "2021", ``"Q"`` "2021Q3",
    ``"M"`` "2021-07"); units of articles without a date are counted under ``UNDATED``, not
    left out.
    """
    published = pd.to_datetime(units["published"])
    period = published.dt.to_period(freq).astype(str).where(published.notna(), UNDATED)
    frame = pd.DataFrame({"period": period.to_numpy(), "topic": fit.assignments["topic"].to_numpy()})
    table = frame.groupby(["period", "topic"]).size().rename("n_units").reset_index()
    table["n_period"] = table.groupby("period")["n_units"].transform("sum")
    table["share"] = (table["n_units"] / table["n_period"]).round(3)
    table["label"] = table["topic"].map(fit.labels)
    return table[["period", "n_period", "topic", "label", "n_units", "share"]].sort_values(
        ["period", "topic"], ignore_index=True)


def representative_units(fit: TopicFit, units: pd.DataFrame, n: int = 3) -> pd.DataFrame:
    """BERTopic's most representative sentences of each topic (c-TF-IDF closest), with ids."""
    assigned = fit.assignments.assign(text=units["text"].to_numpy())
    frames = []
    for topic, texts in sorted(fit.model.get_representative_docs().items()):
        rows = assigned[(assigned["topic"] == topic) & assigned["text"].isin(texts[:n])]
        frames.append(rows.drop_duplicates("text"))
    columns = ["topic", "topic_label", "unit_id", "doc_id", "probability", "text"]
    return pd.concat(frames)[columns].reset_index(drop=True) if frames else pd.DataFrame(columns=columns)

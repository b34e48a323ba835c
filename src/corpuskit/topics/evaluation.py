"""BERTopic against LDA and NMF: coherence (c_v, NPMI) and diversity, as mean ± spread over seeds.

The primary metric is NPMI (``PRIMARY_METRIC``), declared before any score is computed: it is
the measure that tracks human judgements of topic quality without c_v's known failure of
rating sets of unrelated frequent words highly. A topic's coherence is *undefined* (NaN) when
fewer than two of its words occur in the reference texts, or when gensim's c_v meets a word
that shares no window with the other topic words (its context vector is zero, and the cosine
divides by zero). A model's score is the mean over topics whose score is defined; the number of
undefined topics is reported beside it, and a score with no defined topic prints "undefined".

>>> topic_diversity([["gas", "oil"], ["gas", "students"]])
0.75
>>> fmt(float("nan")), fmt(0.12345), mean_spread([0.2, 0.4])
('undefined', '0.123', '0.300 ± 0.141')
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd
from sklearn.decomposition import NMF, LatentDirichletAllocation
from sklearn.feature_extraction.text import TfidfVectorizer

from corpuskit.topics.model import TopicFit, represent, topic_words
from corpuskit.topics.vocabulary import TOKEN_PATTERN, make_vectorizer

TOP_N_WORDS = 10
PRIMARY_METRIC = "c_npmi"
METRICS = ("c_npmi", "c_v", "diversity")
MODELS = ("BERTopic", "LDA", "NMF")


def fmt(value: float, digits: int = 3) -> str:
    """A score as text: rounded, or "undefined" for NaN."""
    return "undefined" if value is None or math.isnan(value) else f"{value:.{digits}f}"


def mean_spread(values: Sequence[float]) -> str:
    """Mean ± standard deviation of the defined values ("undefined" if there are none)."""
    defined = [v for v in values if not math.isnan(v)]
    if not defined:
        return "undefined"
    sd = float(np.std(defined, ddof=1)) if len(defined) > 1 else 0.0
    return f"{fmt(float(np.mean(defined)))} ± {fmt(sd)}"


def sklearn_top_words(components: np.ndarray, vocabulary: Sequence[str],
                      n: int = TOP_N_WORDS) -> list[list[str]]:
    """Top ``n`` words of each row of a topic-word matrix (ties broken by vocabulary order).

    >>> sklearn_top_words(np.array([[0.1, 0.7, 0.2], [0.5, 0.0, 0.5]]), ["a", "b", "c"], n=2)
    [['b', 'c'], ['a', 'c']]
    """
    order = np.argsort(-components, axis=1, kind="stable")[:, :n]
    return [[vocabulary[i] for i in row] for row in order]


def fit_baselines(texts: Sequence[str], n_topics: int, vocabulary: Sequence[str],
                  seed: int) -> dict[str, list[list[str]]]:
    """Top words of scikit-learn's LDA (on counts) and NMF (on tf-idf, random-filled NNDSVD
    start, so the seed matters), ``n_topics`` each, over the shared ``vocabulary``."""
    counts = make_vectorizer([], vocabulary=vocabulary).fit_transform(texts)
    lda = LatentDirichletAllocation(n_components=n_topics, learning_method="batch", max_iter=100,
                                    random_state=seed).fit(counts)
    tfidf = TfidfVectorizer(vocabulary=list(vocabulary), token_pattern=TOKEN_PATTERN).fit_transform(texts)
    nmf = NMF(n_components=n_topics, init="nndsvdar", max_iter=1000, random_state=seed).fit(tfidf)
    return {"LDA": sklearn_top_words(lda.components_, vocabulary),
            "NMF": sklearn_top_words(nmf.components_, vocabulary)}


def topic_diversity(topics: Sequence[Sequence[str]], topn: int = TOP_N_WORDS) -> float:
    """Share of distinct words among the top ``topn`` words of all topics (Dieng et al., 2020)."""
    words = [w for topic in topics for w in list(topic)[:topn]]
    return round(len(set(words)) / len(words), 3) if words else float("nan")


def coherence(topics: Sequence[Sequence[str]], texts: Sequence[Sequence[str]], measure: str = "c_npmi",
              topn: int = TOP_N_WORDS) -> list[float]:
    """Coherence of each topic by gensim's ``CoherenceModel`` on ``texts`` (lists of tokens);
    NaN for a topic whose score is undefined (see the module).

    >>> texts = [["gas", "pipeline"], ["gas", "pipeline"], ["students", "culture"]]
    >>> coherence([["gas", "pipeline"], ["gas", "students"], ["gas", "unknown"]], texts)
    [1.0, -0.946, nan]
    """
    from gensim.corpora import Dictionary
    from gensim.models.coherencemodel import CoherenceModel

    dictionary = Dictionary(texts)
    topics = [[w for w in topic if w in dictionary.token2id][:topn] for topic in topics]
    scorable = [t for t in topics if len(t) > 1]
    if not scorable:
        return [float("nan")] * len(topics)
    model = CoherenceModel(topics=scorable, texts=[list(t) for t in texts], dictionary=dictionary,
                           coherence=measure, topn=topn, processes=1)
    scores = iter(model.get_coherence_per_topic())
    out = []
    for topic in topics:
        value = float(next(scores)) if len(topic) > 1 else float("nan")
        out.append(round(value, 3) if math.isfinite(value) else float("nan"))
    return out


def score(topics: Sequence[Sequence[str]], token_lists: Sequence[Sequence[str]]) -> dict[str, float]:
    """Mean coherence over defined topics (and how many are undefined) and diversity."""
    row: dict[str, float] = {}
    for measure in ("c_npmi", "c_v"):
        values = coherence(topics, token_lists, measure)
        defined = [v for v in values if not math.isnan(v)]
        row[measure] = round(float(np.mean(defined)), 3) if defined else float("nan")
        row[f"{measure}_undefined"] = len(values) - len(defined)
    row["diversity"] = topic_diversity(topics)
    return row


def compare_over_seeds(fit: TopicFit, texts: Sequence[str], embeddings: np.ndarray,
                       vocabulary: Sequence[str]) -> pd.DataFrame:
    """One row per model and seed: BERTopic's words on each seed's k-means partition (and on
    the consensus), LDA and NMF fitted with that seed, all at the chosen k, all scored on the
    units tokenised over the shared vocabulary."""
    analyzer = make_vectorizer([], vocabulary=vocabulary).build_analyzer()
    known = set(vocabulary)
    token_lists = [[t for t in analyzer(text) if t in known] for text in texts]
    rows = []
    for seed, run in zip(fit.settings.seeds, fit.partitions, strict=True):
        words = {"BERTopic": topic_words(represent(texts, run, embeddings, vocabulary)),
                 **fit_baselines(texts, fit.k, vocabulary, seed)}
        rows += [{"model": m, "seed": str(seed), **score(w, token_lists)} for m, w in words.items()]
    consensus = [fit.words[t] for t in sorted(fit.words)]
    rows.append({"model": "BERTopic", "seed": "consensus", **score(consensus, token_lists)})
    return pd.DataFrame(rows).sort_values(["model", "seed"], ignore_index=True)


def summary(scores: pd.DataFrame) -> pd.DataFrame:
    """Per model: each metric as "mean ± sd" over seeds (consensus row left out), and the
    number of undefined topic scores summed over seeds."""
    per_seed = scores[scores["seed"] != "consensus"]
    rows = []
    for model in MODELS:
        group = per_seed[per_seed["model"] == model]
        row = {"model": model, "n_seeds": len(group)}
        row |= {m: mean_spread(group[m].tolist()) for m in METRICS}
        row |= {f"{m}_undefined": int(group[f"{m}_undefined"].sum()) for m in ("c_npmi", "c_v")}
        rows.append(row)
    return pd.DataFrame(rows)


def verdict(scores: pd.DataFrame, metric: str = PRIMARY_METRIC, model: str = "BERTopic") -> str:
    """Where ``model`` stands on ``metric``: above or below another model only when the two
    means differ by more than the larger standard deviation; otherwise "within the spread".

    >>> s = pd.DataFrame({"model": ["B", "B", "L", "L"], "seed": ["0", "1", "0", "1"],
    ...                   "c_npmi": [0.30, 0.32, 0.10, 0.12]})
    >>> verdict(s, model="B")
    'c_npmi: B 0.310 ± 0.014; above L (0.110 ± 0.014)'
    """
    per_seed = scores[scores["seed"] != "consensus"]
    values = {m: per_seed.loc[per_seed["model"] == m, metric].dropna() for m in per_seed["model"].unique()}
    mine = values[model]
    if mine.empty:
        return f"{metric}: {model} undefined on every seed, no comparison"
    parts = []
    for other, theirs in values.items():
        if other == model:
            continue
        if theirs.empty:
            parts.append(f"{other} undefined")
            continue
        gap = mine.mean() - theirs.mean()
        spread = max(_sd(mine), _sd(theirs))
        relation = "within the spread of" if abs(gap) <= spread else "above" if gap > 0 else "below"
        parts.append(f"{relation} {other} ({mean_spread(theirs.tolist())})")
    return f"{metric}: {model} {mean_spread(mine.tolist())}; " + ", ".join(parts)


def _sd(values: pd.Series) -> float:
    return float(values.std(ddof=1)) if len(values) > 1 else 0.0

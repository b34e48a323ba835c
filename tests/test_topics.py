"""Topics: behaviour, not findings. Units and vocabulary, the embedding cache, determinism,
the k criterion, the consensus, no giant topic on a varied synthetic corpus, table schemas.

Most fits run on the synthetic corpus (``corpuskit.topics.synthetic``) with the deterministic
hashing embedder; the packaged sentence model is exercised by the cache test and notebook 03.
"""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from corpuskit.tables import read_table, write_table
from corpuskit.topics import embeddings as emb
from corpuskit.topics import evaluation as ev
from corpuskit.topics import model as mo
from corpuskit.topics import synthetic
from corpuskit.topics import units as un
from corpuskit.topics import vocabulary as voc


def _fit(n_articles: int, seed: int = 0, n_seeds: int = 3) -> tuple[pd.DataFrame, mo.TopicFit, list[str]]:
    articles, sentences = synthetic.synthetic_corpus(n_articles, seed=seed)
    units = un.build_units(articles, sentences)
    settings = mo.TopicSettings.for_size(len(units), n_seeds=n_seeds)
    vocabulary = voc.shared_vocabulary(units["text"], voc.stop_words(units["partner_iso3"].unique()),
                                       settings.min_df)
    units = units[voc.has_content(units["text"], vocabulary)].reset_index(drop=True)
    fit = mo.fit_topics(units, emb.hashing_embed(units["text"].tolist()), vocabulary, settings)
    return units, fit, vocabulary


@pytest.fixture(scope="module")
def small() -> tuple[pd.DataFrame, mo.TopicFit, list[str]]:
    return _fit(30)


# --- units and vocabulary --------------------------------------------------------------------

def test_units_are_english_body_sentences_with_reasons_for_the_rest():
    articles = pd.DataFrame({"doc_id": ["en", "ru"], "language": ["en", "ru"],
                             "partner_iso3": ["LVA", None],
                             "published": [pd.Timestamp("2021-03-01"), pd.NaT]})
    sentences = pd.DataFrame({
        "doc_id": ["en", "en", "en", "ru"], "sent_id": [0, 1, 2, 0], "para_id": [0, 0, 1, 0],
        "text": ["Gas deliveries through the pipeline will double next winter.", "Photo: Trend",
                 "Министр заявил, что поставки газа вырастут вдвое.",
                 "Министр заявил, что поставки газа вырастут вдвое."]})
    units = un.build_units(articles, sentences)
    assert units["unit_id"].tolist() == ["en:s0"]
    assert units["partner_iso3"].tolist() == ["LVA"]
    report = un.unit_report(articles, sentences).set_index("reason")["n_sentences"]
    assert report.sum() == len(sentences)
    assert report[un.KEPT] == 1 and report["article not in an analysed language"] == 1
    assert report["not in Latin script"] == 1 and report[f"fewer than {un.MIN_WORDS} words"] == 1


def test_no_artefact_word_in_the_vocabulary():
    _, sentences = synthetic.synthetic_corpus(60, seed=5)  # with dates, outlets, credits, chrome
    vocabulary = set(voc.shared_vocabulary(sentences["text"], voc.stop_words(synthetic.PARTNERS), 1))
    assert vocabulary  # the topic words are still there
    assert not vocabulary & voc.artefact_words()
    calendar = {m.lower() for m in synthetic.MONTHS} | {d.lower() for d in synthetic.WEEKDAYS}
    outlets = {t for name in synthetic.OUTLETS for t in voc.tokens(name)}
    assert not vocabulary & (calendar | outlets | {"photo", "reports", "telegram", "follow"})
    assert {"gas", "pipeline", "railway", "students"} <= vocabulary


def test_seed_words_are_never_stop_words_and_people_are():
    stop = set(voc.stop_words(["LVA", "RUS"], extra=["mammadov"]))
    assert not stop & voc.seed_words()
    assert {"mammadov", "riga", "moscow", "reuters", "october"} <= stop


# --- the embedding cache ---------------------------------------------------------------------

def test_embedding_cache_does_not_import_matplotlib():
    code = ("import sys, corpuskit.topics.embeddings, corpuskit.topics.model, corpuskit.topics.evaluation;"
            "sys.exit('matplotlib' in sys.modules)")
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


def test_embeddings_are_read_back_from_the_cache(tmp_path, monkeypatch):
    texts = ["Gas flows west through the corridor.", "Students study in Riga."]
    first = emb.embed(texts, cache_dir=tmp_path)  # the packaged model, offline
    assert first.shape == (2, 384)
    assert emb.cache_path(emb.embedding_model_name(), tmp_path).exists()

    def no_model():
        raise AssertionError("a cached embedding was recomputed")

    monkeypatch.setattr(emb, "load_embedding_model", no_model)
    np.testing.assert_array_equal(first, emb.embed(texts, cache_dir=tmp_path))


# --- the fit ---------------------------------------------------------------------------------

def test_a_fixed_seed_gives_identical_topics(small):
    _, fit, _ = small
    _, again, _ = _fit(30)
    pd.testing.assert_frame_equal(fit.assignments, again.assignments)
    assert fit.words == again.words
    pd.testing.assert_frame_equal(fit.sweep, again.sweep)


def test_k_is_chosen_by_the_stated_criterion(small):
    _, fit, _ = small
    sweep = fit.sweep
    assert fit.k in set(sweep["k"])
    settings = fit.settings
    passing = sweep[(sweep["mean_ari"] >= settings.min_ari) & (sweep["largest_share"] <= settings.max_share)]
    assert fit.choice.stable == (not passing.empty)
    if fit.choice.stable:
        assert fit.k == passing["k"].max()
    assert fit.partitions.shape == (fit.settings.n_seeds, len(fit.assignments))


def test_choose_k_without_a_stable_k_says_so():
    sweep = pd.DataFrame({"k": [4, 6], "mean_ari": [0.3, 0.4], "sd_ari": [0.1, 0.1],
                          "largest_share": [0.5, 0.2]})
    choice = mo.choose_k(sweep)
    assert (choice.k, choice.stable) == (6, False)
    assert "no k reaches" in choice.reason


def test_consensus_recovers_what_the_seeds_agree_on():
    truth = np.repeat([0, 1, 2, 3], 10)
    rng = np.random.default_rng(0)
    runs = []
    for _ in range(5):
        noisy = rng.permutation(4)[truth]  # same partition, other numbering
        flip = rng.choice(len(truth), size=3, replace=False)
        noisy[flip] = rng.integers(0, 4, size=3)
        runs.append(noisy)
    labels = mo.consensus(np.vstack(runs), 4)
    assert mo.adjusted_rand_score(truth, labels) == 1.0
    assert (np.bincount(labels) == 10).all()


def test_labels_are_the_topics_own_words(small):
    units, fit, _ = small
    info = mo.topic_table(fit, units, voc.seed_topics())
    assert info["label_ok"].all()
    assert info["n_units"].sum() == len(units)
    assert (fit.assignments["topic_label"] == fit.assignments["topic"].map(fit.labels)).all()
    assert fit.assignments["probability"].between(0, 1).all()


def test_no_topic_swallows_a_varied_corpus_of_thousands_of_sentences():
    """A few thousand synthetic sentences from twelve themes: no topic above 30 % (a behaviour
    of the k criterion and the consensus, on a corpus that is not the seeds repeated)."""
    units, fit, _ = _fit(450, seed=11)
    assert len(units) >= 3_000
    shares = fit.assignments["topic"].value_counts(normalize=True)
    assert shares.max() <= 0.3, shares.head()


# --- views and tables ------------------------------------------------------------------------

def test_views_count_every_unit_and_the_undated(small):
    units, fit, _ = small
    per_partner = mo.topics_per_partner(fit, units)
    assert per_partner.groupby("partner_iso3")["n_units"].sum().to_dict() == (
        units["partner_iso3"].value_counts().to_dict())
    over_time = mo.topics_over_time(fit, units, freq="Y")
    assert over_time["n_units"].sum() == len(units)
    undated = int(units["published"].isna().sum())
    assert undated > 0
    assert over_time.loc[over_time["period"] == mo.UNDATED, "n_units"].sum() == undated
    assert over_time["period"].str.fullmatch(rf"\d{{4}}|{mo.UNDATED}").all()
    examples = mo.representative_units(fit, units)
    known = units.set_index("unit_id")
    assert (examples["text"] == examples["unit_id"].map(known["text"])).all()


def test_topics_table_round_trips(small, tmp_path):
    _, fit, _ = small
    write_table(fit.assignments, "topics", tmp_path)
    back = read_table("topics", tmp_path)
    assert list(back.columns) == ["unit_id", "doc_id", "para_id", "sent_id", "partner_iso3", "topic",
                                  "topic_label", "probability", "outlier"]
    pd.testing.assert_frame_equal(back, fit.assignments, check_dtype=False)


def test_comparison_reports_mean_and_spread_over_seeds(small):
    units, fit, vocabulary = small
    texts = units["text"].tolist()
    scores = ev.compare_over_seeds(fit, texts, emb.hashing_embed(texts), vocabulary)
    assert set(scores["model"]) == set(ev.MODELS)
    assert (scores[scores["seed"] != "consensus"].groupby("model").size() == fit.settings.n_seeds).all()
    defined = scores[["c_npmi", "c_v"]].stack().dropna()
    assert defined.abs().le(1).all()
    table = ev.summary(scores)
    assert table[list(ev.METRICS)].map(lambda s: s == "undefined" or " ± " in s).all().all()
    assert ev.verdict(scores).startswith(ev.PRIMARY_METRIC)


def test_undefined_coherence_is_nan_and_printed_as_undefined():
    texts = [["gas", "pipeline"], ["gas", "pipeline"]]
    assert np.isnan(ev.coherence([["gas", "never"]], texts)[0])
    assert ev.score([["never", "seen"]], texts)["c_npmi_undefined"] == 1
    assert ev.mean_spread([float("nan")]) == "undefined"

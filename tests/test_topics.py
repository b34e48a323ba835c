"""Topic modelling: offline cached embeddings, size-scaled settings, deterministic fits, baselines.

The fits use the seed corpus parsed from data/raw/ (conftest fixtures), with partners and people
from the entity pipeline, as notebook 03 does.
"""

from __future__ import annotations

import itertools
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from corpuskit import topics as tp
from corpuskit.entities import add_dyads
from corpuskit.tables import read_table, write_table


@pytest.fixture(scope="module")
def units(articles: pd.DataFrame, sentences: pd.DataFrame, entities: pd.DataFrame) -> pd.DataFrame:
    return tp.build_units(add_dyads(articles.reset_index(drop=True), entities), sentences)


@pytest.fixture(scope="module")
def stop(units: pd.DataFrame, entities: pd.DataFrame) -> list[str]:
    return tp.stop_words(units["partner_iso3"].unique(), extra=tp.person_names(entities))


@pytest.fixture(scope="module")
def embeddings(units: pd.DataFrame, tmp_path_factory: pytest.TempPathFactory) -> np.ndarray:
    return tp.embed(units["text"].tolist(), cache_dir=tmp_path_factory.mktemp("cache"))


@pytest.fixture(scope="module")
def fit(units: pd.DataFrame, embeddings: np.ndarray, stop: list[str]) -> tp.TopicFit:
    tp.embedding_backend.cache_clear()
    return tp.fit_bertopic(units, embeddings, stop=stop)


def test_seed_words_are_vocabulary_and_never_stop_words():
    stop = set(tp.stop_words(["LVA", "BEL", "RUS", "ARM"]))
    for theme, words in tp.seed_topics().items():
        assert words, theme
        assert all(tp.tokens(w) == [w] for w in words), theme
        assert not stop & set(words), (theme, stop & set(words))


def test_settings_scale_with_corpus_size():
    sizes = [50, 85, 300, 1_000, 5_000, 50_000]
    settings = [tp.TopicSettings.for_size(n) for n in sizes]
    for small, large in itertools.pairwise(settings):
        assert small.n_neighbors <= large.n_neighbors <= 15
        assert small.min_cluster_size <= large.min_cluster_size <= 100
        assert small.n_epochs >= large.n_epochs >= 200
    assert all(s.min_samples < s.min_cluster_size for s in settings)
    assert [s.clustering for s in settings] == ["kmeans"] * 4 + ["hdbscan"] * 2
    assert [s.n_topics for s in settings[:4]] == [9, 9, 12, 22]  # a topic per seed theme, then sqrt(n/2)
    assert tp.TopicSettings.for_size(85, n_themes=3).n_topics == 7
    with pytest.raises(ValueError, match="clustering"):
        replace(settings[0], clustering="kmean")
    assert tp.TopicSettings.for_size(85, seed=7).seed == 7
    with pytest.raises(ValueError, match="too few"):
        tp.TopicSettings.for_size(5)


def test_units_keep_article_partner_and_date(units: pd.DataFrame, articles: pd.DataFrame):
    assert units["unit_id"].is_unique
    assert units["unit_id"].str.fullmatch(r"\d{3}_[0-9a-f]{16}:s\d+").all()
    assert set(units["doc_id"]) == set(articles["doc_id"])
    assert units.groupby("doc_id")["partner_iso3"].nunique().eq(1).all()
    assert set(units["partner_iso3"]) == {"LVA", "BEL", "RUS"}
    published = articles.set_index("doc_id")["published"]
    assert (units["published"].to_numpy() == units["doc_id"].map(published).to_numpy()).all()
    # No partner column (before notebook 02 ran): every unit gets NO_PARTNER, nothing breaks.
    bare = tp.build_units(articles.drop(columns=["partner_iso3"], errors="ignore").reset_index(drop=True),
                          units[["doc_id", "sent_id", "para_id", "text"]].head(3))
    assert (bare["partner_iso3"] == tp.NO_PARTNER).all()


def test_embeddings_are_read_back_from_the_cache(units: pd.DataFrame, embeddings: np.ndarray,
                                                  tmp_path, monkeypatch):
    texts = units["text"].head(4).tolist()
    first = tp.embed(texts, cache_dir=tmp_path)
    assert tp.cache_path(tp.embedding_model_name(), tmp_path).exists()

    def no_model():
        raise AssertionError("a cached embedding was recomputed")

    monkeypatch.setattr(tp, "load_embedding_model", no_model)
    again = tp.embed(texts, cache_dir=tmp_path)
    np.testing.assert_array_equal(first, again)
    np.testing.assert_allclose(first, embeddings[:4], atol=1e-6)


def test_two_fits_from_scratch_give_identical_topics(fit: tp.TopicFit, units: pd.DataFrame, stop: list[str]):
    tp.embedding_backend.cache_clear()  # nothing BERTopic embedded in the first fit is reused
    fresh_embeddings = tp.embed(units["text"].tolist(), cache_dir=None)
    again = tp.fit_bertopic(units, fresh_embeddings, stop=stop)
    pd.testing.assert_frame_equal(fit.assignments, again.assignments)
    assert tp.topic_words(fit.model) == tp.topic_words(again.model)
    assert fit.n_topics >= 2


@pytest.fixture(scope="module")
def hdbscan_fit(units: pd.DataFrame, embeddings: np.ndarray, stop: list[str]) -> tp.TopicFit:
    """The large-corpus regime (UMAP + HDBSCAN) forced onto the small corpus."""
    settings = replace(tp.TopicSettings.for_size(len(units)), clustering="hdbscan")
    return tp.fit_bertopic(units, embeddings, settings, stop=stop)


@pytest.mark.parametrize("regime", ["fit", "hdbscan_fit"])
def test_outliers_are_reported_not_hidden(regime: str, units: pd.DataFrame, request: pytest.FixtureRequest):
    fit = request.getfixturevalue(regime)
    a = fit.assignments
    assert len(a) == len(units)
    assert list(a["unit_id"]) == list(units["unit_id"])
    report = tp.outlier_report(fit).set_index("")["n_units"]
    outliers = report["outliers from the clustering"]
    assert outliers == a["outlier"].sum() == fit.n_outliers_before
    assert report["reassigned to a topic"] + report["still outliers"] == outliers
    assigned = a["topic"] != tp.OUTLIER
    assert a.loc[assigned, "probability"].between(0, 1).all()
    assert a.loc[a["outlier"] & assigned, "probability"].ge(fit.settings.outlier_threshold).all()
    if regime == "fit":
        assert fit.settings.clustering == "kmeans" and outliers == 0 and a["topic"].nunique() == 9
    else:
        assert outliers > 0  # HDBSCAN leaves some of 85 sentences out; they are counted, not dropped
        with pytest.raises(ValueError, match="HDBSCAN"):  # it takes no number of topics
            tp.n_topics_sensitivity(units, np.zeros((len(units), 2)), fit, [3], [])


def test_bertopic_is_not_worse_than_both_baselines(fit: tp.TopicFit, units: pd.DataFrame,
                                                  stop: list[str]):
    texts = units["text"].tolist()
    words = {"BERTopic": tp.topic_words(fit.model),
             **tp.fit_baselines(texts, fit.n_topics, stop, fit.settings.min_df, fit.settings.seed)}
    table = tp.compare_models(words, texts, stop).set_index("model")
    assert list(table.index) == ["BERTopic", "LDA", "NMF"]
    assert (table["n_topics"] == fit.n_topics).all()
    assert table[["c_v", "c_npmi"]].abs().le(1).all().all()
    assert table["diversity"].between(0, 1).all()
    for score in ("c_v", "c_npmi", "diversity"):
        assert table.at["BERTopic", score] >= table.loc[["LDA", "NMF"], score].min(), table


def test_analyses_point_back_to_units(fit: tp.TopicFit, units: pd.DataFrame):
    per_partner = tp.topics_per_partner(fit, units)
    assert per_partner.groupby("partner_iso3")["n_units"].sum().to_dict() == (
        units["partner_iso3"].value_counts().to_dict())
    over_time = tp.topics_over_time(fit, units, freq="Y")
    assert over_time["n_units"].sum() == units["published"].notna().sum()
    assert over_time["period"].str.fullmatch(r"\d{4}-01-01").all()
    examples = tp.representative_units(fit, units)
    assert set(examples["topic"]) == set(fit.assignments["topic"]) - {tp.OUTLIER}
    known = units.set_index("unit_id")
    assert (examples["doc_id"] == examples["unit_id"].map(known["doc_id"])).all()
    assert (examples["text"] == examples["unit_id"].map(known["text"])).all()
    info = tp.topic_table(fit, units)
    assert info["n_units"].sum() == len(units)
    assert info["label"].str.match(r"^\d+: \w").all()


def test_topics_table_round_trips(fit: tp.TopicFit, tmp_path):
    write_table(fit.assignments, "topics", tmp_path)
    back = read_table("topics", tmp_path)
    assert list(back.columns) == ["unit_id", "doc_id", "para_id", "sent_id", "partner_iso3", "topic",
                                  "topic_label", "probability", "outlier"]
    pd.testing.assert_frame_equal(back, fit.assignments, check_dtype=False)

"""Shared fixtures: the seed articles (``tests/fixtures/seeds/``, never ``data/raw/``) parsed once,
spaCy loaded once per session."""

from __future__ import annotations

import pandas as pd
import pytest

from corpuskit.corpus import load_corpus
from corpuskit.segment import paragraph_table, sentence_table
from tests.fixtures import SEEDS_DIR

SEEDS = {
    "latvia_2020": "000_28aa6f7de2c80480",
    "azernews_2022": "001_23ce66ccd23087cf",
    "newsaz_2024": "002_fb7bccd89f12d2ad",
    "mfa_2019": "003_405cc9b473164806",
    "lavrov_2023": "004_a58800300360e8da",
}


@pytest.fixture(scope="session")
def articles() -> pd.DataFrame:
    """The five seed articles, parsed from the test fixture (indexed by doc_id)."""
    table, errors = load_corpus(SEEDS_DIR, progress=False)
    assert errors.empty, errors
    return table.set_index("doc_id", drop=False)


@pytest.fixture(scope="session")
def sentences(articles: pd.DataFrame) -> pd.DataFrame:
    """Sentence table of the seed articles."""
    return sentence_table(paragraph_table(articles.reset_index(drop=True)), progress=False)


@pytest.fixture(scope="session")
def nlp():
    """The corpuskit pipeline, built once per test session."""
    from corpuskit.entities import build_pipeline

    return build_pipeline()


@pytest.fixture(scope="session")
def entities(articles: pd.DataFrame, sentences: pd.DataFrame, nlp) -> pd.DataFrame:
    """Entity table of the seed articles."""
    from corpuskit.entities import tag_entities

    return tag_entities(articles.reset_index(drop=True), sentences, nlp=nlp, progress=False)


@pytest.fixture(scope="session")
def statements(articles: pd.DataFrame, sentences: pd.DataFrame, nlp) -> pd.DataFrame:
    """Narrative statements of the seed articles."""
    from corpuskit.narratives import extract_statements

    return extract_statements(articles.reset_index(drop=True), sentences, nlp=nlp, progress=False)

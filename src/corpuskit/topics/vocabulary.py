"""The words topics are made of: tokens, seed themes, stop words and artefact words (as data).

Every model (BERTopic's c-TF-IDF, LDA, NMF) and every coherence score shares one vocabulary:
the same tokens, the same stop words and the same ``min_df``.

>>> tokens("Azerbaijan's COP29 role, in 2024")
['azerbaijan', 'cop29', 'role', 'in']
>>> {"january", "friday", "reuters", "photo", "subscribe"} <= artefact_words()
True
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any

import pandas as pd
import yaml
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, CountVectorizer

from corpuskit.config import data_file

# A word starts with a letter and runs on in letters or digits ("cop29"): no numbers, no one-letter words.
TOKEN_PATTERN = r"(?u)\b[^\W\d_][^\W_]+\b"
NO_PARTNER = "(none)"
ARTEFACT_KINDS = ("months", "weekdays", "time_words", "agencies", "credits", "web_chrome")


@lru_cache(maxsize=1)
def topic_config() -> dict[str, Any]:
    """The parsed ``topic_seeds.yaml`` (seed themes and domain stop words)."""
    return yaml.safe_load(data_file("topic_seeds.yaml").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def vocabulary_config() -> dict[str, Any]:
    """The parsed ``topic_vocabulary.yaml`` (words that say when, where from, how: not what)."""
    return yaml.safe_load(data_file("topic_vocabulary.yaml").read_text(encoding="utf-8"))


def seed_topics() -> dict[str, list[str]]:
    """Theme name -> seed words (they name topics for the reader; they do not make them).

    >>> seeds = seed_topics()
    >>> seeds["energy"][:3]
    ['energy', 'gas', 'oil']
    """
    return {name: [str(w) for w in words] for name, words in topic_config()["seed_topics"].items()}


def seed_words() -> set[str]:
    """Every seed word of every theme."""
    return {w for words in seed_topics().values() for w in words}


def tokens(text: str) -> list[str]:
    """Lower-cased word tokens as every vectoriser here sees them (before stop words)."""
    return re.findall(TOKEN_PATTERN, text.lower())


def outlet_words() -> set[str]:
    """Words of every outlet's spellings in ``sources.yaml`` ("Trend News Agency": trend, news,
    agency), less English stop words and ``outlet_words_kept``.

    >>> {"azernews", "interfax", "belga"} <= outlet_words(), "public" in outlet_words()
    (True, False)
    """
    from corpuskit.sources import source_table

    names = itertools.chain.from_iterable([n, *aliases] for n, aliases in source_table()["outlets"].items())
    kept = set(vocabulary_config().get("outlet_words_kept", []))
    return {t for name in names for t in tokens(name)} - set(ENGLISH_STOP_WORDS) - kept


def artefact_words() -> set[str]:
    """Words that describe publication, not subject: dates, times, outlets, credits, chrome. A seed
    word stays a topic word even when an outlet's name holds it ("Caspian Business News")."""
    config = vocabulary_config()
    words = {str(w) for kind in ARTEFACT_KINDS for w in config.get(kind, [])}
    return (words | outlet_words()) - seed_words()


def partner_names(iso3: str) -> set[str]:
    """The words of a country's names, demonyms and capitals ("Russian Federation": both words).

    >>> sorted(partner_names("LVA"))
    ['latvia', 'latvian', 'latvijas', 'republic', 'republika', 'riga']
    """
    from corpuskit.countries import country_names

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
    """English stop words, the domain list, the artefact words, the partners' names and ``extra``.

    A seed word is never a stop word (scikit-learn lists "un", the seed of the United Nations).

    >>> words = stop_words(["RUS"], extra=["lavrov"])
    >>> {"the", "bilateral", "moscow", "lavrov", "june", "xinhua"} <= set(words), "energy" in words
    (True, False)
    """
    words = (set(ENGLISH_STOP_WORDS) | {str(w) for w in topic_config()["stop_words"]}
             | artefact_words() | set(extra))
    for iso3 in partners:
        if isinstance(iso3, str) and iso3 != NO_PARTNER:
            words |= partner_names(iso3)
    words -= seed_words()
    # Keep only words the tokeniser can produce, so scikit-learn sees a consistent list.
    return sorted(w for w in words if tokens(w) == [w])


def stop_word_sources(partners: Iterable[str], people: Iterable[str]) -> pd.DataFrame:
    """How many words each source keeps out of the vocabulary, with those added at run time."""
    config = vocabulary_config()
    partner_words = sorted(set().union(*(partner_names(p) for p in partners if p != NO_PARTNER)))
    people = sorted(set(people))
    rows = [("English (scikit-learn)", len(ENGLISH_STOP_WORDS), ""),
            ("readout words (topic_seeds.yaml)", len(topic_config()["stop_words"]), "")]
    rows += [(f"{kind} (topic_vocabulary.yaml)", len(config.get(kind, [])), "") for kind in ARTEFACT_KINDS]
    rows += [("outlet names (sources.yaml)", len(outlet_words()), ", ".join(sorted(outlet_words()))),
             ("partner names", len(partner_words), ", ".join(partner_words)),
             ("people (notebook 02)", len(people), ", ".join(people))]
    return pd.DataFrame(rows, columns=["source", "n_words", "words"])


def make_vectorizer(stop: Sequence[str], min_df: int = 1,
                    vocabulary: Sequence[str] | None = None) -> CountVectorizer:
    """The bag of words every model here shares: same tokens, stop words and ``min_df``."""
    return CountVectorizer(stop_words=list(stop), token_pattern=TOKEN_PATTERN, min_df=min_df,
                           vocabulary=list(vocabulary) if vocabulary is not None else None)


def shared_vocabulary(texts: Sequence[str], stop: Sequence[str], min_df: int = 1) -> list[str]:
    """The words of ``texts`` that are no stop word and occur in at least ``min_df`` texts.

    BERTopic applies its vectoriser to one document per topic, so its own ``min_df`` would count
    topics; the vocabulary is therefore fixed here, on the units, and handed to every model.

    >>> shared_vocabulary(["Gas flows.", "Gas and oil.", "Oil, June."], stop_words(), min_df=2)
    ['gas', 'oil']
    """
    return sorted(make_vectorizer(stop, min_df).fit(texts).vocabulary_)


MIN_CONTENT_WORDS = 2  # a unit is modelled when it has at least this many vocabulary words


def has_content(texts: Iterable[str], vocabulary: Iterable[str],
                min_words: int = MIN_CONTENT_WORDS) -> list[bool]:
    """True for each text with at least ``min_words`` distinct vocabulary words: a sentence of
    stop and artefact words only ("Follow us on Telegram for the latest news") has no topic.

    >>> has_content(["Gas flows through the new pipeline.", "Read more on Trend."], ["gas", "pipeline"])
    [True, False]
    """
    known = set(vocabulary)
    return [len(known.intersection(tokens(t))) >= min_words for t in texts]

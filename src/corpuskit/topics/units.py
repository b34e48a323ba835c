"""The units topics are fitted on: English body sentences of analysed articles.

A sentence is a unit when its article's language is analysed (``corpuskit.language``), its
letters are Latin (a Russian quote inside an English article is not), and it has at least
``MIN_WORDS`` words (a caption or a sign-off is not a statement). Every sentence not kept is
counted with its reason (``unit_report``), never silently dropped.

>>> sents = pd.DataFrame({"doc_id": ["a", "a", "a"], "sent_id": [0, 1, 2], "para_id": [0, 0, 1],
...                       "text": ["Gas flows west through the new pipeline.", "Photo: Trend",
...                                "Газ идёт на запад по новому трубопроводу сегодня."]})
>>> arts = pd.DataFrame({"doc_id": ["a"], "language": ["en"], "partner_iso3": ["LVA"],
...                      "published": [pd.Timestamp("2020-10-26")]})
>>> build_units(arts, sents)[["unit_id", "partner_iso3", "n_tokens"]].values.tolist()
[['a:s0', 'LVA', 7]]
>>> unit_report(arts, sents)["n_sentences"].tolist()
[1, 0, 1, 1]
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from corpuskit.language import is_analysed
from corpuskit.topics.vocabulary import NO_PARTNER, tokens

MIN_WORDS = 5  # a unit has at least this many word tokens
MIN_LATIN_SHARE = 0.8  # share of a unit's letters that are Latin
KEPT = "kept"
REASONS = (KEPT, "article not in an analysed language", "not in Latin script",
           f"fewer than {MIN_WORDS} words")


def latin_share(text: str) -> float:
    """Share of the letters of ``text`` that are Latin (accented Latin included).

    >>> latin_share("Baku"), latin_share("Баку"), latin_share("123")
    (1.0, 0.0, 1.0)
    """
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 1.0
    return sum(c < "\u0250" for c in letters) / len(letters)  # Basic Latin to Latin Extended-B


def _reasons(articles: pd.DataFrame, sentences: pd.DataFrame) -> pd.Series:
    language = (articles.set_index("doc_id")["language"] if "language" in articles.columns
                else pd.Series("en", index=articles["doc_id"]))
    analysed = sentences["doc_id"].map(language).map(lambda lang: isinstance(lang, str) and is_analysed(lang))
    reason = pd.Series(KEPT, index=sentences.index)
    reason[sentences["text"].map(lambda t: len(tokens(t)) < MIN_WORDS)] = REASONS[3]
    reason[sentences["text"].map(latin_share) < MIN_LATIN_SHARE] = REASONS[2]
    reason[~analysed.fillna(False).astype(bool)] = REASONS[1]
    return reason


def unit_report(articles: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """Sentences kept as units and left out, by reason (the first reason that applies)."""
    reason = _reasons(articles, sentences)
    counts = reason.value_counts()
    return pd.DataFrame({"reason": list(REASONS), "n_sentences": [int(counts.get(r, 0)) for r in REASONS]})


def build_units(articles: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """One row per unit (``<doc_id>:s<sent_id>``) with its article's partner and date.

    The partner is ``articles.partner_iso3`` (notebook 02); without that column, or for an
    article with no partner, it is ``NO_PARTNER``. Units are sorted by ``doc_id`` and position,
    so their order never depends on the order of files.
    """
    kept = sentences.loc[_reasons(articles, sentences) == KEPT].sort_values(["doc_id", "sent_id"])
    meta = pd.DataFrame({"doc_id": articles["doc_id"]})
    partner = (articles["partner_iso3"] if "partner_iso3" in articles.columns
               else pd.Series(None, index=meta.index, dtype=object))
    meta["partner_iso3"] = partner.astype(object).where(partner.notna(), NO_PARTNER)
    meta["published"] = (pd.to_datetime(articles["published"]) if "published" in articles.columns
                         else pd.Series(pd.NaT, index=meta.index, dtype="datetime64[ns]"))
    units = kept.merge(meta, on="doc_id", how="left", validate="m:1")
    units["partner_iso3"] = units["partner_iso3"].fillna(NO_PARTNER).astype(str)
    units.insert(0, "unit_id", units["doc_id"] + ":s" + units["sent_id"].astype(str))
    units["n_tokens"] = units["text"].map(lambda t: len(tokens(t)))
    columns = ["unit_id", "doc_id", "para_id", "sent_id", "partner_iso3", "published", "text", "n_tokens"]
    return units[[c for c in columns if c in units.columns]].reset_index(drop=True)


def themes_per_unit(texts: Iterable[str], seeds: dict[str, list[str]]) -> pd.Series:
    """Number of seed themes whose words occur in each text (a measure of mixed units).

    >>> themes_per_unit(["Gas and students.", "Gas."], {"e": ["gas"], "c": ["students"]}).tolist()
    [2, 1]
    """
    words = [set(ws) for ws in seeds.values()]
    return pd.Series([sum(bool(ws & set(tokens(t))) for ws in words) for t in texts], dtype=int)


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
                     "share_2_plus_themes": round(float((themes >= 2).mean()), 3)})
    return pd.DataFrame(rows)

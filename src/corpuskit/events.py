"""Event coding: narrative statements to a small PLOVER/CAMEO-style ontology.

The ontology and the verb lexicon live in ``data/events.yaml``; every event keeps the
sentence it came from, so any count can be traced back to the words.

>>> event_type("sign", "accord"), event_type("express", "gratitude"), event_type("express", "hope")
('AGREE', 'PRAISE', None)
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd
import yaml
from spacy.tokens import Doc

from corpuskit.config import data_file

EVENT_COLUMNS = ["doc_id", "sent_id", "date", "event_type", "source_actor", "source_country",
                 "source_is_actor", "target_actor", "target_country", "target_is_actor", "verb", "verb_text",
                 "negated", "sentence"]


@lru_cache(maxsize=1)
def ontology() -> dict:
    """The parsed ``events.yaml``: types, verbs, verb-object pairs."""
    return yaml.safe_load(data_file("events.yaml").read_text(encoding="utf-8"))


def event_type(verb: str, patient: str | None = None) -> str | None:
    """The event type of a verb (and its object), or None if the lexicon has none."""
    pairs = ontology()["with_object"].get(verb)
    if pairs is not None:
        return pairs.get(patient, pairs.get("_default"))
    return ontology()["verbs"].get(verb)


def code_events(statements: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """One event per statement whose verb the lexicon codes; dated by the article.

    Negated statements ("did not sign") are kept with ``negated=True``: a refusal is evidence too.
    """
    types = [event_type(v, p) for v, p in zip(statements["verb"], statements["patient"], strict=True)]
    coded = statements.assign(event_type=types).dropna(subset=["event_type"])
    dates = articles.set_index("doc_id")["published"]
    events = coded.assign(date=coded["doc_id"].map(dates)).rename(columns={
        "agent": "source_actor", "agent_country": "source_country", "agent_is_actor": "source_is_actor",
        "patient": "target_actor", "patient_country": "target_country",
        "patient_is_actor": "target_is_actor"})
    return events[EVENT_COLUMNS].sort_values(["date", "doc_id", "sent_id"], kind="stable", ignore_index=True)


def event_rows(doc_id: str, doc: Doc) -> list[dict]:
    """One row per coded event of a parsed, entity-tagged article; ``start_char``/``end_char``
    locate the verb (the trigger) in the body; ``finish_events`` adds sentence and date."""
    from corpuskit.narratives import statement_rows

    rows = []
    for row in statement_rows(doc_id, doc):
        kind = event_type(row["verb"], row["patient"])
        if kind is not None:
            rows.append({"doc_id": doc_id, "start_char": row["verb_start"], "end_char": row["verb_end"],
                         "event_type": kind, **{new: row[old] for old, new in _ROLES.items()},
                         "verb": row["verb"], "verb_text": row["verb_text"], "negated": row["negated"]})
    return rows


_ROLES = {"agent": "source_actor", "agent_country": "source_country",
          "agent_is_actor": "source_is_actor", "patient": "target_actor",
          "patient_country": "target_country", "patient_is_actor": "target_is_actor"}


def finish_events(rows: pd.DataFrame, articles: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """``event_rows`` of many articles as the events table (``EVENT_COLUMNS``): the sentence each
    trigger stands in (``sent_id`` and its text, from ``sentences``) and the article's date."""
    if rows.empty:
        return pd.DataFrame(columns=EVENT_COLUMNS).astype({"date": "datetime64[s]"})
    sents = sentences.sort_values("start_char")
    located = pd.merge_asof(rows.sort_values("start_char"),
                            sents[["doc_id", "start_char", "sent_id", "text"]],
                            on="start_char", by="doc_id", direction="backward")
    dates = pd.to_datetime(articles.set_index("doc_id")["published"])
    events = located.rename(columns={"text": "sentence"}).assign(date=located["doc_id"].map(dates))
    events = events.sort_values(["date", "doc_id", "start_char"], kind="stable", ignore_index=True)
    return events[EVENT_COLUMNS].astype({"sent_id": "int64"})

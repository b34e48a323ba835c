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

"""PLOVER event coding: who did what to whom, with the words that say so.

``event_rows(doc_id, doc)`` codes one parsed article (the pipeline's document stage);
``finish_events(rows, articles, sentences)`` adds ``sent_id``, the sentence and the date when the
table is read back; ``write_plover_jsonl`` / ``write_events_csv`` export PLOVER records.
Modules: ``ontology`` (PLOVER as data), ``coder`` (triggers, actors, modality), ``classifier``
(sentence embeddings), ``export``, ``evaluate``.
"""

from __future__ import annotations

from collections import Counter

import pandas as pd
import pandera.pandas as pa
from spacy.tokens import Doc

from corpuskit.events.coder import code_doc
from corpuskit.events.export import plover_record, validate_record, write_events_csv, write_plover_jsonl
from corpuskit.events.ontology import is_conflict, lexicon, ontology, quad_class, score
from corpuskit.segment import sentence_positions

EVENT_COLUMNS = ["event_id", "doc_id", "sent_id", "date", "start_char", "end_char", "trigger", "verb",
                 "event_type", "mode", "context", "quad_class", "plover_score", "actor", "actor_person",
                 "actors", "recipient", "recipient_person", "recipients", "mutual", "inferred", "modality",
                 "negated", "speaker", "topics", "same_as", "confidence", "coder", "sentence"]
ROW_COLUMNS = [c for c in EVENT_COLUMNS if c not in ("sent_id", "date", "sentence")] + ["sent_start",
                                                                                       "sent_end"]

_CODE = pa.Column(str, nullable=True)
EVENT_SCHEMA = pa.DataFrameSchema(
    {"event_id": pa.Column(str, unique=True), "doc_id": pa.Column(str),
     "sent_id": pa.Column(int, pa.Check.ge(0)),
     "date": pa.Column("datetime64[s]", nullable=True),
     "start_char": pa.Column(int, pa.Check.ge(0)), "end_char": pa.Column(int, pa.Check.ge(0)),
     "trigger": pa.Column(str), "event_type": pa.Column(str, pa.Check.isin(sorted(ontology()["types"]))),
     "mode": pa.Column(str, nullable=True), "context": pa.Column(str),
     "quad_class": pa.Column(int, pa.Check.isin([1, 2, 3, 4])),
     "plover_score": pa.Column(float, pa.Check.in_range(-10, 10)),
     "actor": _CODE, "recipient": _CODE, "mutual": pa.Column(bool), "inferred": pa.Column(bool),
     "modality": pa.Column(str, pa.Check.isin(["negated", "future", "conditional", "hypothetical"]),
                           nullable=True),
     "same_as": pa.Column(str, nullable=True), "confidence": pa.Column(float, pa.Check.in_range(0, 1)),
     "sentence": pa.Column(str)},
    checks=pa.Check(lambda df: pd.Series([t in s for t, s in zip(df["trigger"], df["sentence"], strict=True)],
                                         index=df.index)),
    coerce=True)
"""The events table's schema (``tables.SCHEMAS["events"]`` should be this one)."""

__all__ = [
    "EVENT_COLUMNS",
    "EVENT_SCHEMA",
    "ROW_COLUMNS",
    "code_doc",
    "event_rows",
    "finish_events",
    "is_conflict",
    "lexicon",
    "ontology",
    "plover_record",
    "quad_class",
    "score",
    "validate_record",
    "write_events_csv",
    "write_plover_jsonl",
]


def event_rows(doc_id: str, doc: Doc) -> list[dict]:
    """The events of one parsed, entity-tagged article (``ROW_COLUMNS``); ``start_char`` and
    ``end_char`` locate the trigger in the body, ``same_as`` names the first report of a repeat."""
    events = code_doc(doc)
    ids = _event_ids(doc_id, events)
    return [{"event_id": ids[i], "doc_id": doc_id,
             **{k: v for k, v in e.items() if k not in ("same_as", "recipient_copy")},
             "same_as": ids[e["same_as"]] if e["same_as"] is not None else None}
            for i, e in enumerate(events)]


def _event_ids(doc_id: str, events: list[dict]) -> list[str]:
    """``doc_id:start_char`` of each event's trigger; a copy for a further recipient of one trigger
    (``recipient_copy``, see ``coder.per_recipient``) adds its recipient, ``doc_id:start_char:ARM``;
    any other event at a start already taken adds a count, ``doc_id:start_char:2``.

    >>> _event_ids("d", [{"start_char": 5, "recipient": "AZE"}, {"start_char": 5, "recipient": "ARM",
    ...                   "recipient_copy": True}, {"start_char": 5, "recipient": None}])
    ['d:5', 'd:5:ARM', 'd:5:2']
    """
    taken: Counter[str] = Counter()
    ids = []
    for event in events:
        base = f"{doc_id}:{event['start_char']}"
        if event.get("recipient_copy"):
            base += f":{event['recipient']}"
        taken[base] += 1
        ids.append(base if taken[base] == 1 else f"{base}:{taken[base]}")
    return ids


def finish_events(rows: pd.DataFrame, articles: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """``EVENT_COLUMNS``: each row with the ``sent_id`` and text of the sentence (of ``sentences``)
    its trigger stands in, and the article's publication date; sorted by date, doc and offset."""
    if rows.empty:
        return pd.DataFrame(columns=EVENT_COLUMNS)
    rows = rows.sort_values("doc_id", kind="stable", ignore_index=True)
    at = sentence_positions(rows["doc_id"], rows["start_char"], sentences)
    table = rows.assign(sent_id=sentences["sent_id"].to_numpy()[at],
                        sentence=sentences["text"].to_numpy()[at])
    published = articles.drop_duplicates("doc_id").set_index("doc_id")["published"]
    table["date"] = pd.to_datetime(table["doc_id"].map(published))
    return table[EVENT_COLUMNS].sort_values(["date", "doc_id", "start_char"], kind="stable",
                                            na_position="last", ignore_index=True)


def code_articles(articles: pd.DataFrame, sentences: pd.DataFrame, nlp=None, progress: bool = False
                  ) -> pd.DataFrame:
    """Events of every article of a table (the in-memory path; the pipeline uses ``event_rows``)."""
    from tqdm import tqdm

    from corpuskit.entities import build_pipeline

    nlp = nlp or build_pipeline()
    docs = nlp.pipe(articles["body"], batch_size=16)
    rows = [row for doc_id, doc in tqdm(zip(articles["doc_id"], docs, strict=True), total=len(articles),
                                        desc="events", disable=not progress)
            for row in event_rows(doc_id, doc)]
    return finish_events(pd.DataFrame(rows, columns=ROW_COLUMNS), articles, sentences)

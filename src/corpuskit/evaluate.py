"""Score predictions against the hand-checked gold annotations in ``tests/gold/``.

>>> align_gold("Baku and Riga; Baku again.", [["Baku", "GPE", "AZE"], ["Baku", "GPE", "AZE"]])
[(0, 4, 'GPE', 'AZE'), (15, 19, 'GPE', 'AZE')]
>>> prf({1, 2, 3}, {2, 3, 4})["f1"]
0.667
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import pandas as pd
import yaml

from corpuskit.config import GOLD_DIR


def load_gold(name: str, folder: Path = GOLD_DIR) -> dict:
    """A gold file from ``tests/gold/`` (YAML)."""
    return yaml.safe_load((folder / f"{name}.yaml").read_text(encoding="utf-8"))


def align_gold(body: str, mentions: Sequence[Sequence[str]]) -> list[tuple[int, int, str, str]]:
    """Character spans of gold mentions listed in textual order: each is the next whole-word
    occurrence of its text after the previous one. Raises if a mention is not found."""
    spans, position = [], 0
    for text, label, canonical_id in mentions:
        match = re.compile(rf"(?<!\w){re.escape(text)}(?!\w)").search(body, position)
        if match is None:
            raise ValueError(f"gold mention {text!r} not found after offset {position}")
        spans.append((match.start(), match.end(), label, canonical_id))
        position = match.end()
    return spans


def prf(predicted: set, gold: set) -> dict[str, float]:
    """Precision, recall and F1 (rounded to 3 places) of two sets, with the counts."""
    tp = len(predicted & gold)
    precision = tp / len(predicted) if predicted else 0.0
    recall = tp / len(gold) if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3),
            "tp": tp, "fp": len(predicted) - tp, "fn": len(gold) - tp}


def gold_entity_spans(bodies: dict[str, str], name: str = "entities") -> dict[tuple, str]:
    """Gold entity spans ``(doc_id, start, end, label)`` -> canonical id, for the docs in ``bodies``."""
    return {(doc_id, start, end, label): canonical_id
            for doc_id, mentions in load_gold(name).items() if doc_id in bodies
            for start, end, label, canonical_id in align_gold(bodies[doc_id], mentions)}


def score_systems(gold: set, systems: dict[str, set]) -> pd.DataFrame:
    """One row of precision/recall/F1 per system, scored on exact span and label."""
    return pd.DataFrame([{"system": name, **prf(spans, gold)} for name, spans in systems.items()])


def trim_leading_the(bodies: dict[str, str], spans: set[tuple]) -> set[tuple]:
    """The same ``(doc_id, start, end, label)`` spans without a leading "the " (a fairer baseline)."""
    trimmed = set()
    for doc_id, start, end, label in spans:
        if bodies[doc_id][start:end].lower().startswith("the "):
            start += 4
        trimmed.add((doc_id, start, end, label))
    return trimmed


def gold_statements(bodies: dict[str, str], name: str = "narratives") -> pd.DataFrame:
    """Gold statements with the character offset of their sentence in the body (found from the
    sentence's opening words, so the gold survives changes in sentence splitting)."""
    rows = []
    for doc_id, sentences in load_gold(name).items():
        position = 0
        for sentence in sentences:
            offset = bodies[doc_id].find(sentence["check"], position)
            if offset < 0:
                raise ValueError(f"{doc_id}: gold sentence {sentence['check']!r} not found")
            position = offset
            rows += [{"doc_id": doc_id, "offset": offset, **s} for s in sentence["statements"]]
    return pd.DataFrame(rows, columns=["doc_id", "offset", "agent", "verb", "patient", "negated", "event"])


def in_sentence(statements: pd.DataFrame, sentences: pd.DataFrame) -> pd.Series:
    """The ``sent_id`` of each row's ``offset`` (a character offset into the body)."""
    ids = []
    for row in statements.itertuples():
        doc = sentences[sentences["doc_id"] == row.doc_id]
        ids.append(int(doc.loc[(doc["start_char"] <= row.offset) & (row.offset < doc["end_char"]),
                               "sent_id"].iloc[0]))
    return pd.Series(ids, index=statements.index, dtype=int)


def _triple_keys(frame: pd.DataFrame) -> set[tuple]:
    return {(r.doc_id, r.sent_id, r.agent, r.verb, r.patient if isinstance(r.patient, str) else None)
            for r in frame.itertuples()}


def _event_keys(frame: pd.DataFrame) -> set[tuple]:
    return {(r.doc_id, r.sent_id, r.agent, r.verb, r.event) for r in frame.itertuples()
            if isinstance(r.event, str)}


def score_narratives(predicted: pd.DataFrame, gold: pd.DataFrame) -> pd.DataFrame:
    """Precision/recall/F1 of triples (sentence, agent, verb, patient) and of event types
    (sentence, agent, verb, type) on the gold documents; both frames need ``sent_id`` and
    ``event``."""
    predicted = predicted[predicted["doc_id"].isin(set(gold["doc_id"]))]
    return pd.DataFrame([
        {"unit": "statements (agent, verb, patient)", **prf(_triple_keys(predicted), _triple_keys(gold))},
        {"unit": "events (agent, verb, type)", **prf(_event_keys(predicted), _event_keys(gold))},
    ])

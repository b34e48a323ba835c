"""PLOVER records: one JSON object per event (newline-delimited JSON), a CSV twin, a validator.

Field names follow the PLOVER data-field table (``id``, ``date``, ``actor``, ``recipient``,
``event``, ``mode``, ``context``, ``quad_code``, ``event_scale``, ``event_text``, ``text``,
``link``, ``coder``), plus corpuskit's ``event_type``, ``doc_id``, ``sent_id``, ``start_char``,
``end_char``, ``confidence``, ``mutual`` and ``modality``.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path
from typing import TextIO

import pandas as pd

from corpuskit.events.ontology import ontology

REQUIRED = ("id", "date", "actor", "event")
FIELDS = ("id", "date", "actor", "recipient", "event", "event_type", "mode", "context", "quad_code",
          "event_scale", "event_text", "text", "link", "coder", "doc_id", "sent_id", "start_char",
          "end_char", "confidence", "mutual", "modality", "speaker")
MODALITIES = (None, "negated", "future", "conditional", "hypothetical")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _blank(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NaT or value == ""


def _entities(codes: str | None, person) -> list[dict]:
    if _blank(codes):
        return []
    out = [{"code": code} for code in str(codes).split("; ")]
    if not _blank(person):
        out[0]["person"] = str(person)
    return out


def plover_record(event: pd.Series | dict) -> dict:
    """The PLOVER record of one row of the events table (``corpuskit.events.EVENT_COLUMNS``)."""
    e = dict(event)
    date = None if _blank(e.get("date")) else pd.Timestamp(e["date"]).strftime("%Y-%m-%d")
    text = str(e["sentence"])
    return {
        "id": e["event_id"], "date": date,
        "actor": _entities(e.get("actors") or e.get("actor"), e.get("actor_person")),
        "recipient": _entities(e.get("recipients") or e.get("recipient"), e.get("recipient_person")),
        "event": [e["event_type"]], "event_type": e["event_type"],
        "mode": [] if _blank(e.get("mode")) else [e["mode"]],
        "context": [] if _blank(e.get("context")) else str(e["context"]).split("; "),
        "quad_code": int(e["quad_class"]), "event_scale": float(e["plover_score"]),
        "event_text": [e["trigger"]], "text": text,
        "link": None if _blank(e.get("same_as")) else e["same_as"], "coder": f"corpuskit:{e['coder']}",
        "doc_id": e["doc_id"], "sent_id": int(e["sent_id"]), "start_char": int(e["start_char"]),
        "end_char": int(e["end_char"]), "confidence": float(e["confidence"]), "mutual": bool(e["mutual"]),
        "modality": None if _blank(e.get("modality")) else e["modality"],
        "speaker": None if _blank(e.get("speaker")) else e["speaker"],
    }


def validate_record(record: dict) -> list[str]:
    """Problems of one record against the PLOVER field list and ontology (empty list: valid).

    >>> validate_record({"id": "d:0", "date": "2024-01-02", "actor": [{"code": "AZE"}], "event": ["HUG"]})
    ["event 'HUG' is not a PLOVER category"]
    """
    types, contexts = ontology()["types"], ontology()["contexts"]
    problems = [f"missing {name}" for name in REQUIRED if name not in record]
    problems += [f"unknown field {name}" for name in record if name not in FIELDS]
    if problems:
        return problems
    if record["date"] is not None and not _DATE.match(str(record["date"])):
        problems.append(f"date {record['date']!r} is not YYYY-MM-DD")
    for side in ("actor", "recipient"):
        value = record.get(side, [])
        if not isinstance(value, list) or not all(isinstance(v, dict) and isinstance(v.get("code"), str)
                                                  and v["code"] for v in value):
            problems.append(f"{side} must be a list of entity objects with a code")
    if not record["actor"]:
        problems.append("actor is empty")
    events = record["event"]
    if not isinstance(events, list) or not events:
        return [*problems, "event must be a non-empty list"]
    problems += [f"event {e!r} is not a PLOVER category" for e in events if e not in types]
    for mode in record.get("mode", []):
        if not any(mode in (types.get(e, {}).get("modes") or {}) for e in events):
            problems.append(f"mode {mode!r} is not a mode of {events}")
    problems += [f"context {c!r} is unknown" for c in record.get("context", []) if c not in contexts]
    if record.get("modality") not in MODALITIES:
        problems.append(f"modality {record['modality']!r} is unknown")
    text, start, end = record.get("text"), record.get("start_char"), record.get("end_char")
    if text is not None and record.get("event_text") and record["event_text"][0] not in text:
        problems.append("event_text is not in text")
    if start is not None and end is not None and not 0 <= start < end:
        problems.append("character offsets out of order")
    return problems


def write_plover_jsonl(events: pd.DataFrame, path: str | Path) -> Path:
    """Write the events as PLOVER records, one JSON object per line (sorted as the table is)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as out:
        write_plover_lines(events, out)
    return path


def write_plover_lines(events: pd.DataFrame, out: TextIO) -> None:
    """Append the events' PLOVER records to an open text file, one JSON object per line (a table
    written in pieces gives the file ``write_plover_jsonl`` of the whole table gives)."""
    columns = list(events.columns)
    # rows from the columns' values (Python objects, as to_dict gives them, at a fraction of its cost)
    for values in zip(*(events[column].tolist() for column in columns), strict=True):
        out.write(json.dumps(plover_record(dict(zip(columns, values, strict=True))), ensure_ascii=False,
                             sort_keys=True) + "\n")


def write_events_csv(events: pd.DataFrame, path: str | Path) -> Path:
    """The events table as CSV (UTF-8, ISO dates) for R and Stata users."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    frame = events.copy()
    frame["date"] = pd.to_datetime(frame["date"]).dt.strftime("%Y-%m-%d")
    frame.to_csv(path, index=False, encoding="utf-8")
    return path

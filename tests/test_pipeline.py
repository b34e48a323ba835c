"""Streaming pipeline: the cache recomputes exactly what it must, and results equal the in-memory path."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

import corpuskit
from corpuskit.gazetteer import gazetteer_path
from corpuskit.narratives import extract_statements
from corpuskit.pipeline import run_pipeline
from tests.fixtures import SEEDS_DIR as RAW_DIR

STAGES = ("parse", "entities", "narratives")
LAVROV = "{name: Sergey Lavrov, aliases: [Sergei Lavrov]"
RENAMED = "{name: Sergey V. Lavrov, aliases: [Sergey Lavrov, Sergei Lavrov]"


def _counts(run) -> dict[str, tuple[int, int]]:
    """(computed, reused) per stage."""
    return {row.stage: (row.computed, row.reused) for row in run.counts().itertuples()}


def _all(computed: int, reused: int) -> dict[str, tuple[int, int]]:
    return dict.fromkeys(STAGES, (computed, reused))


@pytest.fixture
def seeds() -> list[Path]:
    return sorted(RAW_DIR.iterdir())


def test_cache_recomputes_only_new_and_stale_articles(tmp_path, seeds, monkeypatch):
    raw, cache = tmp_path / "raw", tmp_path / "cache"
    raw.mkdir()
    for path in seeds[:4]:
        shutil.copy(path, raw)
    (raw / "empty.txt").write_bytes(b"")

    def run(**kwargs):
        return run_pipeline(raw, cache, progress=False, part_size=3, **kwargs)

    first = run()
    assert _counts(first) == _all(4, 0)
    assert first.errors["path"].tolist() == ["empty.txt"]
    again = run()
    assert _counts(again) == _all(0, 4)
    assert again.errors["path"].tolist() == ["empty.txt"]  # bad files are reported on every run

    shutil.copy(seeds[4], raw)
    added = run()
    assert _counts(added) == _all(1, 4)
    assert added.table("articles")["doc_id"].tolist() == [p.stem for p in seeds]

    # An edited gazetteer recomputes the document stages, not the parse, and its edit shows.
    gazetteer = tmp_path / "gazetteer.yaml"
    text = gazetteer_path().read_text(encoding="utf-8")
    assert LAVROV in text
    gazetteer.write_text(text.replace(LAVROV, RENAMED), encoding="utf-8")
    edited = run(gazetteer=gazetteer)
    assert _counts(edited) == {"parse": (0, 5), "entities": (5, 0), "narratives": (5, 0)}
    names = edited.table("entities").query("canonical_id == 'sergey_lavrov'")["canonical_name"]
    assert set(names) == {"Sergey V. Lavrov"}
    assert _counts(run()) == _all(0, 5)  # the shipped gazetteer's results are still there

    # A new pipeline version recomputes everything; a removed article drops out of the results.
    monkeypatch.setattr(corpuskit, "__version__", "99.0.0")
    assert _counts(run()) == _all(5, 0)
    (raw / seeds[0].name).unlink()
    fewer = run()
    assert _counts(fewer) == _all(0, 4)
    assert seeds[0].stem not in set(fewer.table("entities")["doc_id"])


def test_streaming_run_equals_in_memory_tables(tmp_path, seeds, articles, sentences, entities, nlp):
    raw = tmp_path / "raw"
    raw.mkdir()
    for path in seeds:
        shutil.copy(path, raw)
    # Small parts and batches, and two processes for nlp.pipe: the results must not depend on them.
    run = run_pipeline(raw, tmp_path / "cache", batch_size=2, n_process=2, part_size=2, progress=False)
    flat = articles.reset_index(drop=True)
    without_flags = flat.drop(columns=["duplicate_of", "duplicate_kind"])
    pd.testing.assert_frame_equal(run.table("articles"), without_flags)
    pd.testing.assert_frame_equal(run.table("sentences"), sentences)
    pd.testing.assert_frame_equal(run.table("entities"), entities)
    narratives = extract_statements(flat, sentences, nlp=nlp, progress=False)
    pd.testing.assert_frame_equal(run.table("narratives"), narratives)

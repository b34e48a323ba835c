"""The Dask path on a local two-worker cluster gives the single-process results, in the same cache format."""

from __future__ import annotations

import shutil

import pandas as pd
from distributed import Client, LocalCluster

from corpuskit import pipeline
from corpuskit.distributed import run_on_dask
from corpuskit.pipeline import TABLES, run_pipeline
from tests.fixtures import SEEDS_DIR as RAW_DIR


def test_dask_run_equals_single_process_run(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    for path in RAW_DIR.iterdir():
        shutil.copy(path, raw)
    single = run_pipeline(raw, tmp_path / "single", progress=False)
    with (LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster,
          Client(cluster) as client):
        on_dask = run_on_dask(raw, client, tmp_path / "dask", partition_size=1, progress=False)
        built = client.run(pipeline._nlp.cache_info)
    assert len(built) == 2
    assert all(info.misses <= 1 for info in built.values())  # one spaCy pipeline per worker, at most
    assert on_dask.counts()[["computed", "reused"]].values.tolist() == [[5, 0]] * 5
    for name in TABLES:
        pd.testing.assert_frame_equal(on_dask.table(name), single.table(name))
    rerun = run_pipeline(raw, tmp_path / "dask", progress=False)  # the single-process run reuses it all
    assert rerun.counts()[["computed", "reused"]].values.tolist() == [[0, 5]] * 5

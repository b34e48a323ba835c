"""The same pipeline on a Dask cluster: one machine's corpus becomes many machines' partitions.

``run_on_dask`` plans the run on the client exactly as ``corpuskit.pipeline.run_pipeline`` does
(hash the raw files, look every stage up in the cache), puts the work left in a ``dask.bag`` of
raw paths, and maps ``corpuskit.pipeline.process_chunk`` over its partitions: each worker builds
the spaCy pipeline once and keeps it for every partition it gets. Partition results come back to
the client, which writes them to its cache as they arrive, so the results, and later reruns
(single-process or Dask), are those of ``run_pipeline``.

On a real cluster::

    from distributed import Client
    from corpuskit.distributed import run_on_dask

    client = Client("tcp://scheduler:8786")   # a running scheduler (dask-scheduler, dask-jobqueue...)
    run = run_on_dask("/shared/corpus/raw", client, cache_dir="/home/me/corpuskit-cache")
    entities = run.table("entities")

Workers need the same environment (``pip install -e .`` of this repository) and must see the raw
folder (and any custom gazetteer file) at the same path as the client: a shared filesystem such as
NFS or Lustre. Start workers with one thread each (``dask-worker --nthreads 1 --nworkers N``):
a spaCy pipeline is not shared between threads. The cache only needs to be on the client.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import dask.bag as db
from distributed import Client, LocalCluster, as_completed, get_client

from corpuskit.config import CACHE_DIR, RAW_DIR
from corpuskit.pipeline import (
    DOC_STAGES,
    ChunkResult,
    PipelineRun,
    StageFn,
    WorkItem,
    collect,
    plan_run,
    process_chunk,
)


def _process_partition(items: Iterable[WorkItem], doc_stages: Mapping[str, StageFn], gazetteer: Path | None,
                       batch_size: int) -> list[ChunkResult]:
    """Runs on a worker: one partition of raw paths -> one chunk result."""
    return [process_chunk(list(items), doc_stages, gazetteer, batch_size)]


@contextmanager
def _connected(client: Client | None) -> Iterator[Client]:
    """The given client, else the current one, else a local cluster for the duration."""
    if client is None:
        try:
            client = get_client()
        except ValueError:
            client = None
    if client is not None:
        yield client
        return
    with LocalCluster(threads_per_worker=1, dashboard_address=None) as cluster, Client(cluster) as local:
        yield local


def _results(futures: list) -> Iterator[ChunkResult]:
    """Partition results as they complete, each released from the cluster once fetched."""
    for future in as_completed(futures):
        (result,) = future.result()
        future.release()
        yield result


def run_on_dask(raw_dir: Path = RAW_DIR, client: Client | None = None, cache_dir: Path = CACHE_DIR,
                doc_stages: Mapping[str, StageFn] = DOC_STAGES, gazetteer: Path | None = None,
                partition_size: int = 64, batch_size: int = 32, progress: bool = True) -> PipelineRun:
    """``run_pipeline`` with the parsing and tagging spread over a Dask cluster.

    ``client`` is a ``distributed.Client`` (None: the current client, else a local cluster);
    ``partition_size`` articles make one task and one Parquet part per table.
    """
    plan = plan_run(raw_dir, cache_dir, doc_stages, gazetteer)
    if not plan.todo:
        return collect(plan, [], progress)
    bag = db.from_sequence(plan.todo, partition_size=partition_size)
    partitions = bag.map_partitions(_process_partition, doc_stages, gazetteer, batch_size)
    with _connected(client) as active:
        return collect(plan, _results(active.compute(partitions.to_delayed())), progress)

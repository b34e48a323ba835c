"""Execute notebooks in place, the way ``make run`` does: ``python scripts/run_notebooks.py NB...``.

For each notebook (given as ``NN_x.ipynb`` or its ``NN_x.py`` twin), in the order given:

1. ``jupytext --sync`` *before* executing: the newer file of the pair wins, so an edit to the
   ``.py`` twin (or a new ``.py`` with no ``.ipynb`` yet) reaches the notebook that is run;
2. execute it, without timing metadata; the kernel manager gives the kernel CurveZMQ keys
   (``transport_encryption="auto"``), so the kernel does not warn about plain-text TCP;
3. drop what changes from run to run though the results do not: stderr streams (progress bars,
   log lines with timings or install paths; shown to a person running the notebook, never
   stored) and the Python patch version in the notebook's metadata;
4. ``jupytext --sync`` again, so the twin is in step with what was run.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
import zmq
from jupytext.cli import jupytext
from nbclient import NotebookClient
from traitlets.config import Config

TIMEOUT = 1800  # seconds per cell
KERNEL = "python3"


def sync(notebook: Path) -> None:
    """Pair ``notebook`` with its py:percent twin; the newer file is the source of the inputs."""
    source = notebook if notebook.exists() else notebook.with_suffix(".py")
    if jupytext(["--sync", "--quiet", str(source)]):
        raise SystemExit(f"jupytext could not sync {source}")


def strip_volatile(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Remove stderr streams and metadata that differ between runs or machines.

    >>> nb = nbformat.v4.new_notebook(metadata={"language_info": {"name": "python", "version": "3.11.7"}})
    >>> cell = nbformat.v4.new_code_cell("1", outputs=[
    ...     nbformat.v4.new_output("stream", name="stderr", text="10%|#"),
    ...     nbformat.v4.new_output("stream", name="stdout", text="1")])
    >>> nb.cells.append(cell)
    >>> nb = strip_volatile(nb)
    >>> [o["name"] for o in nb.cells[0].outputs], nb.metadata["language_info"]
    (['stdout'], {'name': 'python'})
    """
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = [o for o in cell.outputs if not (o.output_type == "stream" and o.name == "stderr")]
            cell.metadata.pop("execution", None)
    nb.metadata.get("language_info", {}).pop("version", None)
    return nb


def execute(notebook: Path) -> None:
    """Run every cell of ``notebook`` in its own folder and write it back in place."""
    nb = nbformat.read(notebook, as_version=4)
    encryption = "auto" if zmq.has("curve") else "disabled"  # pyzmq's wheels have CurveZMQ
    config = Config({"KernelManager": {"transport_encryption": encryption}})
    NotebookClient(nb, config=config, kernel_name=KERNEL, timeout=TIMEOUT, record_timing=False,
                   resources={"metadata": {"path": str(notebook.parent)}}).execute()
    nbformat.write(strip_volatile(nb), notebook)


def run(paths: list[Path]) -> None:
    """Sync, execute, strip and sync again each notebook, stopping at the first failure."""
    for path in paths:
        notebook = path.with_suffix(".ipynb")
        print(f"== {notebook}", flush=True)
        sync(notebook)
        execute(notebook)
        sync(notebook)


if __name__ == "__main__":
    run([Path(arg) for arg in sys.argv[1:]])

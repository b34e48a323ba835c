"""``corpuskit run``: every table of a corpus from one pass, cached (``corpuskit.pipeline.run_corpus``).

    corpuskit run                          # data/raw -> data/processed
    corpuskit run /my/corpus --out /my/tables --n-process 2
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Annotated

import typer

from corpuskit.config import RAW_DIR

app = typer.Typer(help="corpuskit: the tables of a news corpus on Azerbaijan's diplomacy.",
                  no_args_is_help=True, add_completion=False)


@app.callback()
def main() -> None:
    """corpuskit's commands."""


@app.command()
def run(raw_dir: Annotated[Path, typer.Argument(help="folder of raw articles; only read")] = RAW_DIR,
        out: Annotated[Path | None, typer.Option(help="where the tables go [default: processed/ beside "
                                                  "RAW_DIR]")] = None,
        n_process: Annotated[int, typer.Option(min=1, help="worker processes")] = 1,
        batch_size: Annotated[int, typer.Option(min=1, help="nlp.pipe batch size")] = 32,
        progress: Annotated[bool, typer.Option(help="show a progress bar")] = True) -> None:
    """Parse, tag and code every article of RAW_DIR into Parquet + CSV tables (cached)."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    from corpuskit.pipeline import run_corpus

    result = run_corpus(raw_dir, out, n_process=n_process, batch_size=batch_size, progress=progress)
    counts = result.counts()
    typer.echo(counts.to_string(index=False))
    failed = result.errors
    typer.echo(f"{len(result.keys)} files, {int((failed['severity'] == 'error').sum())} failed, "
               f"{int((failed['severity'] == 'warning').sum())} warnings; tables in {result.out_dir}")


if __name__ == "__main__":
    app()

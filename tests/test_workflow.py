"""The researcher's workflow: `make run` keeps edits to either file of a notebook pair, stores no
progress bars or volatile metadata, and `make test` (what CI runs) validates strictly."""

from __future__ import annotations

import copy
import importlib.util
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import nbformat
import pytest
import yaml

from corpuskit.config import ROOT

RUNNER = ROOT / "scripts" / "run_notebooks.py"
TWIN = '''# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% tags=["parameters"]
N = 3

# %%
import sys

from tqdm import tqdm

print(sum(tqdm(range(N), disable=False)))
print("a log line", file=sys.stderr)
'''


def _run(*notebooks: Path) -> None:
    subprocess.run([sys.executable, str(RUNNER), *map(str, notebooks)], check=True, capture_output=True)


def _newer(path: Path, than: Path) -> None:
    """Make ``path`` the more recent file of the pair, as an edit would."""
    stamp = than.stat().st_mtime + 10
    os.utime(path, (stamp, stamp))


def _outputs(notebook: Path) -> list[dict]:
    return [o for cell in nbformat.read(notebook, as_version=4).cells for o in cell.get("outputs", [])]


@pytest.fixture(scope="module")
def executed(tmp_path_factory) -> Path:
    """A tiny notebook, created from its .py twin and run once (a kernel start takes seconds)."""
    twin = tmp_path_factory.mktemp("executed") / "01_tiny.py"
    twin.write_text(TWIN)
    _run(twin)
    return twin.parent


@pytest.fixture
def pair(executed: Path, tmp_path: Path) -> tuple[Path, Path]:
    """A copy of the executed pair, with its files' times, for one test to edit."""
    for path in executed.iterdir():
        shutil.copy2(path, tmp_path)
    return tmp_path / "01_tiny.py", tmp_path / "01_tiny.ipynb"


def test_run_stores_results_but_no_stderr_and_reruns_byte_identical(pair):
    twin, notebook = pair
    assert [(o["output_type"], o.get("name")) for o in _outputs(notebook)] == [("stream", "stdout")]
    assert "version" not in nbformat.read(notebook, as_version=4).metadata["language_info"]
    before = twin.read_bytes(), notebook.read_bytes()
    _run(notebook)
    assert (twin.read_bytes(), notebook.read_bytes()) == before


def test_an_edit_to_the_py_twin_survives_the_run(pair):
    twin, notebook = pair
    twin.write_text(twin.read_text() + '\n# %%\nprint("added in the twin", N * 2)\n')
    _newer(twin, notebook)
    _run(notebook)
    assert "added in the twin" in twin.read_text()
    cells = nbformat.read(notebook, as_version=4).cells
    assert cells[-1].source == 'print("added in the twin", N * 2)'
    assert cells[-1].outputs[0]["text"] == "added in the twin 6\n"


def test_an_edit_to_the_notebook_survives_the_run(pair):
    twin, notebook = pair
    nb = nbformat.read(notebook, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell('print("added in Jupyter")'))
    nbformat.write(nb, notebook)
    _newer(notebook, twin)
    _run(notebook)
    assert 'print("added in Jupyter")' in twin.read_text()
    assert _outputs(notebook)[-1]["text"] == "added in Jupyter\n"


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_run_processes_the_data_then_runs_every_notebook_in_order():
    commands = subprocess.run(["make", "-n", "run"], cwd=ROOT, check=True, capture_output=True,
                              text=True).stdout.splitlines()
    data = next(i for i, line in enumerate(commands) if "corpuskit run data/raw --out data/processed" in line)
    run = next(i for i, line in enumerate(commands) if "scripts/run_notebooks.py" in line)
    pairs = [p for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.*") if p.suffix in (".py", ".ipynb")]
    notebooks = sorted({p.with_suffix(".ipynb").relative_to(ROOT).as_posix() for p in pairs})
    assert data < run
    assert commands[run].split()[2:] == notebooks


def test_make_test_is_what_ci_runs_and_nbval_is_strict():
    lines = (ROOT / ".ci" / "run").read_text().splitlines()
    ci = [line for line in lines if line and not line.startswith("#")]
    assert ci[-1] == "make test"
    options = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["pytest"]["ini_options"]
    assert "--nbval " in options["addopts"] + " " and "lax" not in options["addopts"]
    assert "notebooks" in options["testpaths"]


def test_every_make_target_is_documented_in_help():
    makefile = (ROOT / "Makefile").read_text().splitlines()
    phony = next(line for line in makefile if line.startswith(".PHONY:")).split()[1:]
    documented = {line.split(":")[0] for line in makefile if ":" in line and " ## " in line}
    assert set(phony) == documented


@pytest.fixture
def project_lexicons(tmp_path, monkeypatch) -> Path:
    """An empty data/lexicons/ folder of a project; the loaders' caches are cleared around the test."""
    from corpuskit import config, sources

    monkeypatch.setattr(config, "LEXICON_DIR", tmp_path / "lexicons")
    config.LEXICON_DIR.mkdir()
    sources.source_table.cache_clear()
    yield config.LEXICON_DIR
    sources.source_table.cache_clear()


def test_a_project_copy_of_a_data_file_overrides_the_packaged_one(project_lexicons):
    from corpuskit import config, sources

    packaged = config.data_file("sources.yaml")
    table = yaml.safe_load(packaged.read_text(encoding="utf-8"))
    (project_lexicons / "sources.yaml").write_text(yaml.safe_dump({**table, "edited": "in the project"}))
    assert config.data_file("sources.yaml") == project_lexicons / "sources.yaml"
    assert sources.source_table()["edited"] == "in the project"


def test_caches_key_on_a_data_file_content_not_its_place(project_lexicons):
    from corpuskit import config
    from corpuskit.pipeline import stage_versions

    before = stage_versions()["parse"]
    copy = project_lexicons / "sources.yaml"
    shutil.copy(config.data_file("sources.yaml"), copy)
    assert stage_versions()["parse"] == before  # the same content: cached results stay valid
    copy.write_text(copy.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert stage_versions()["parse"]["data"] != before["data"]  # an edit invalidates them


@pytest.mark.parametrize("notebook", sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")),
                         ids=lambda path: path.stem)
def test_committed_notebooks_hold_what_make_run_stores(notebook):
    """No stderr, timings or Python patch version (they churn in git), no path of this machine."""
    spec = importlib.util.spec_from_file_location("run_notebooks", RUNNER)
    runner = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(runner)
    nb = nbformat.read(notebook, as_version=4)
    assert runner.strip_volatile(copy.deepcopy(nb)) == nb, "rerun it with `make run`"
    text = notebook.read_text(encoding="utf-8")
    assert str(ROOT) not in text and "site-packages" not in text

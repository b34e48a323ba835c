"""environment.yml and pyproject.toml describe the same pinned environment."""

from __future__ import annotations

import shutil
import subprocess
import tomllib

import pytest
import yaml

from corpuskit.config import ROOT


def test_environment_yml_matches_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pinned = set(project["dependencies"]) | set(project["optional-dependencies"]["dev"])
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert "python=3.11" in env["dependencies"]
    assert set(pip) == pinned
    assert all("==" in d for d in pinned), "every dependency is pinned"


def test_lock_file_agrees_with_pyproject():
    lock = {}
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        if line and not line.startswith("#"):
            name, version = line.split("==")
            lock[name.lower().replace("_", "-")] = version
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    for dep in project["dependencies"] + project["optional-dependencies"]["dev"]:
        name, version = dep.split("==")
        name = name.split("[")[0].lower().replace("_", "-")
        if name != "torch":
            assert lock[name] == version, name


def test_citation_and_licence_agree_with_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text())
    assert citation["cff-version"] == "1.2.0" and citation["title"] and citation["authors"]
    assert (citation["version"], citation["license"]) == (project["version"], project["license"])
    assert (ROOT / "LICENSE").read_text().startswith(f"{project['license']} License")


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
@pytest.mark.parametrize("index", ["", "/srv/wheels/cpu"])
def test_torch_comes_from_the_index_the_user_sets(index):
    commands = subprocess.run(["make", "-n", "-B", "setup", f"TORCH_INDEX_URL={index}"], cwd=ROOT,
                              check=True, capture_output=True, text=True).stdout
    torch = next(line for line in commands.splitlines() if "torch==" in line)
    assert torch.endswith("install --quiet " + (f"--index-url {index} " if index else "") + "torch==2.13.0")

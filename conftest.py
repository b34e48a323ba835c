"""Root pytest configuration: what is collected, and how nbval compares notebooks.

Progress bars and log warnings go to stderr and differ in timing from run to
run: ``make run`` (scripts/run_notebooks.py) does not store them, and nbval
leaves stderr streams out of its comparison; everything a reader sees as a
result (stdout, tables, figures' text) is still compared strictly.
"""

from __future__ import annotations

import os

from nbval.plugin import IPyNbCell

# The jupytext twins of the notebooks are not test modules.
collect_ignore_glob = ["notebooks/*.py"]

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

_compare_outputs = IPyNbCell.compare_outputs


def _without_stderr(outputs: list[dict]) -> list[dict]:
    return [o for o in outputs if not (o.get("output_type") == "stream" and o.get("name") == "stderr")]


def _compare_outputs_without_stderr(self, test, ref, skip_compare=None):
    return _compare_outputs(self, _without_stderr(test), _without_stderr(ref), skip_compare)


IPyNbCell.compare_outputs = _compare_outputs_without_stderr

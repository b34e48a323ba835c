"""The data dictionary documents every column of every schema, and docs/tables.md is up to date."""

from __future__ import annotations

import pytest

from corpuskit import dictionary
from corpuskit.config import ROOT
from corpuskit.tables import SCHEMAS


def test_every_schema_column_has_a_meaning():
    documented = dictionary.COLUMNS
    missing = [f"{t}.{c}" for t, s in SCHEMAS.items() for c in s.columns if c not in documented.get(t, {})]
    assert not missing, "describe these columns in corpuskit.dictionary.COLUMNS"
    assert set(dictionary.TABLES) == set(SCHEMAS) == set(dictionary.COLUMNS)
    stale = [f"{t}.{c}" for t, cols in documented.items() for c in cols if c not in SCHEMAS[t].columns]
    assert not stale, "these documented columns are in no schema"


def test_docs_tables_md_lists_every_column_and_is_up_to_date():
    text = (ROOT / "docs" / "tables.md").read_text(encoding="utf-8")
    for table, schema in SCHEMAS.items():
        section = text.split(f"## `{table}`", 1)[1].split("\n## ", 1)[0]
        for column in schema.columns:
            assert f"| `{column}` |" in section, f"{table}.{column}"
    assert text == dictionary.render(), "run `make docs`"


def test_an_undocumented_column_stops_the_dictionary(monkeypatch):
    monkeypatch.setitem(dictionary.COLUMNS, "errors", {"path": "the raw file"})
    with pytest.raises(KeyError, match=r"errors\.severity"):
        dictionary.render()

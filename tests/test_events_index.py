"""The event coder's per-article index lives only while ``code_doc`` runs: nothing is left on the
Doc (which still serialises), and helpers called on their own work without it."""

from __future__ import annotations

import pytest

from corpuskit.events.coder import code_doc, find_triggers


@pytest.fixture(scope="module")
def doc():
    from corpuskit.entities import build_pipeline

    return build_pipeline()("Azerbaijan's foreign minister met his Georgian counterpart in Baku. "
                            "The ministers signed a memorandum on transport.")


def _side_tables(doc) -> list:
    """What ``user_data`` holds besides the values of extension attributes."""
    return [key for key in doc.user_data if not (isinstance(key, tuple) and key[0] == "._.")]


def test_nothing_is_left_on_the_doc(doc):
    events = code_doc(doc, use_classifier=False)
    assert events and not _side_tables(doc)
    assert [t.token.text for t in find_triggers(next(doc.sents))] == ["met"]
    assert not _side_tables(doc)
    doc.to_bytes()
    assert code_doc(doc, use_classifier=False) == events

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


class _Every:
    """A lemma set that holds every lemma (the coder without its pre-filter)."""

    def __contains__(self, item: object) -> bool:
        return True


@pytest.mark.parametrize("name", ["events_shapes4.yaml", "events_conflict.yaml", "events_frames2.yaml"])
def test_the_sentence_prefilter_changes_no_event(nlp, monkeypatch, name):
    """Sentences without a trigger lemma are skipped before any per-token work; own texts code the
    same events with the filter and without it."""
    from corpuskit.events import coder
    from corpuskit.events.evaluate import load_event_gold

    docs = [nlp(article["text"]) for article in load_event_gold(f"tests/gold/{name}")]
    with_filter = [code_doc(d, use_classifier=False) for d in docs]
    monkeypatch.setattr(coder, "_may_trigger", lambda sent: True)
    monkeypatch.setattr(coder, "_verb_lemmas", lambda: _Every())
    assert [code_doc(d, use_classifier=False) for d in docs] == with_filter


def test_a_sentence_without_trigger_lemmas_is_skipped(nlp):
    from corpuskit.events.coder import _may_trigger

    sents = list(nlp("The weather in Baku was mild. Aliyev met Macron.").sents)
    assert [_may_trigger(s) for s in sents] == [False, True]

"""Statements and events against the hand-checked gold; every event traceable to its words."""

from __future__ import annotations

import pandas as pd

from corpuskit.evaluate import gold_statements, in_sentence, score_narratives
from corpuskit.events import code_events, event_type, ontology
from corpuskit.tables import validate


def test_statements_and_events_match_gold(articles, sentences, statements):
    gold = gold_statements(articles["body"].to_dict())
    gold["sent_id"] = in_sentence(gold, sentences)
    assert gold["doc_id"].nunique() >= 2
    predicted = statements.assign(event=[event_type(v, p) for v, p in
                                         zip(statements["verb"], statements["patient"], strict=True)])
    scores = score_narratives(predicted, gold).set_index("unit")
    assert (scores[["precision", "recall"]] >= 0.8).all().all(), scores


def test_every_event_points_to_a_sentence_containing_its_verb(articles, sentences, statements):
    events = validate(code_events(statements, articles.reset_index(drop=True)), "events")
    assert len(events) > 0
    by_id = sentences.set_index(["doc_id", "sent_id"])
    for event in events.itertuples():
        sentence = by_id.loc[(event.doc_id, event.sent_id), "text"]
        assert event.verb_text in sentence
        assert event.sentence.startswith(sentence[:20]) or sentence in event.sentence
    statement_table = validate(statements, "narratives")
    bodies = articles["body"]
    assert all(bodies[r.doc_id][r.start_char:r.end_char] == r.verb_text for r in statement_table.itertuples())


def test_events_are_dated_by_their_article(articles, statements):
    events = code_events(statements, articles.reset_index(drop=True))
    published = articles["published"]
    assert (events["date"] == events["doc_id"].map(published)).all()
    assert set(events["event_type"]) <= set(ontology()["types"])


def test_lexicon_codes_verbs_and_verb_object_pairs():
    assert event_type("sign", "accord") == "AGREE"
    assert event_type("congratulate", "country") == "CONGRATULATE"
    assert event_type("express", "gratitude") == "PRAISE"
    assert event_type("express", "hope") is None
    assert event_type("host", "round") == "CONSULT"
    assert event_type("host", "delegation") == "VISIT"
    assert event_type("stress", None) is None


def test_negated_statements_stay_negated_events():
    statements = pd.DataFrame([{"doc_id": "d", "sent_id": 0, "agent": "ARM", "agent_country": "ARM",
                                "agent_is_actor": True, "verb": "sign", "verb_text": "sign",
                                "patient": "treaty", "patient_country": None, "patient_is_actor": False,
                                "negated": True, "sentence": "Armenia did not sign the treaty."}])
    articles = pd.DataFrame({"doc_id": ["d"], "published": pd.to_datetime(["2024-01-01"])})
    (event,) = code_events(statements, articles).itertuples()
    assert event.event_type == "AGREE" and event.negated

"""Narrative statements: passive, conjunction, negation and speech verbs on short sentences."""

from __future__ import annotations

import gc
import weakref

import pytest

from corpuskit.narratives import statement_rows


def _triples(nlp, text: str) -> list[tuple]:
    return [(r["agent"], r["verb"], r["patient"], r["negated"]) for r in statement_rows("t", nlp(text))]


@pytest.mark.parametrize(("text", "expected"), [
    # passive with a by-agent: the agent is the doer, the passive subject the patient
    ("An accord was signed by Azerbaijan.", [("AZE", "sign", "accord", False)]),
    ("The agreement was signed by Ilham Aliyev and Vladimir Putin.",
     [("ilham_aliyev", "sign", "agreement", False), ("vladimir_putin", "sign", "agreement", False)]),
    # a passive without an agent says nobody did it
    ("Political consultations were held in Riga.", []),
    # conjoined agents and conjoined objects
    ("Latvia and Azerbaijan signed a memorandum.",
     [("LVA", "sign", "memorandum", False), ("AZE", "sign", "memorandum", False)]),
    ("Lavrov praised the dialogue and the cooperation.",
     [("sergey_lavrov", "praise", "dialogue", False), ("sergey_lavrov", "praise", "cooperation", False)]),
    # conjoined verbs share their subject
    ("Bayramov met Lavrov and thanked him.",
     [("jeyhun_bayramov", "meet", "sergey_lavrov", False),
      ("jeyhun_bayramov", "thank", "sergey_lavrov", False)]),
    # negation is a flag, not a different verb
    ("Armenia did not sign the declaration.", [("ARM", "sign", "declaration", True)]),
    ("Russia never recognised the referendum.", [("RUS", "recognise", "referendum", True)]),
])
def test_statements(nlp, text, expected):
    assert _triples(nlp, text) == expected


def test_speech_verb_statement_has_the_speaker_as_agent(nlp):
    rows = statement_rows("t", nlp("Sergey Lavrov stressed that Russia supports the peace process."))
    speech = [r for r in rows if r["kind"] == "speech"]
    assert [(r["agent"], r["verb"], r["patient"]) for r in speech] == [("sergey_lavrov", "stress", None)]
    content = [r for r in rows if r["kind"] == "action"]
    assert [(r["agent"], r["verb"], r["patient"]) for r in content] == [("RUS", "support", "process")]


def test_pronoun_and_country_of_noun_phrases(nlp):
    rows = statement_rows("t", nlp("Hakan Fidan arrived in Baku. He signed a protocol. "
                                    "The Azerbaijani side welcomed the visit."))
    assert [(r["agent"], r["agent_country"], r["verb"]) for r in rows] == [
        ("hakan_fidan", "TUR", "arrive"), ("hakan_fidan", "TUR", "sign"), ("side", "AZE", "welcome")]


def test_verb_offsets_point_at_the_verb(nlp):
    doc = nlp("Yesterday the ministers signed two agreements.")
    (row,) = statement_rows("t", doc)
    assert doc.text[row["verb_start"]:row["verb_end"]] == row["verb_text"] == "signed"


def test_statement_rows_leaves_the_doc_free_of_reference_cycles(nlp):
    """Its per-doc entity index (spans that point back at the Doc) is gone afterwards, so a
    streamed Doc is freed as soon as it is dropped, not at the next full garbage collection."""
    gc.disable()
    try:
        doc = nlp("Bayramov met Lavrov in Moscow and thanked him.")
        assert statement_rows("t", doc)
        alive = weakref.ref(doc)
        del doc
        assert alive() is None
    finally:
        gc.enable()


def test_the_tree_lists_what_spacys_tokens_give(nlp, articles):
    from corpuskit.narratives import _Tree
    texts = ["Latvia, Estonia and Lithuania signed, ratified and implemented the accord and the plan.",
             "Talks ended.\n\nThe ministers, who met in Baku, agreed and left.", *articles["body"]]
    for doc in nlp.pipe(texts):
        tree = _Tree(doc, [])
        assert tree.heads == [t.head.i for t in doc]
        assert tree.deps == [t.dep_ for t in doc]
        assert tree.children == [[c.i for c in t.children] for t in doc]
        assert [tree.conjuncts(t.i) for t in doc] == [[c.i for c in t.conjuncts] for t in doc]

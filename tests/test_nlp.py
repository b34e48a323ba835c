"""The faster attribute-ruler matching gives exactly the matches (and token attributes) of spaCy's."""

from __future__ import annotations

import spacy
from spacy.pipeline import AttributeRuler

from corpuskit.config import SPACY_MODEL
from corpuskit.nlp import FastAttributeMatch, new_spacy

# Our own sentences, with the shapes the ruler's rules are about: auxiliaries, "do"/"have" as
# main verbs, pronouns as objects, "there is", determiners as pronouns, spaces, contractions.
TEXTS = [
    "The ministers did not sign the accord, but they have agreed to meet again.\n\nThere were talks.",
    "He told me that it would be signed. Y'all know that this is what they'd have done.",
    "Does Azerbaijan have a plan? It does.  That was agreed by those who came to Baku.",
    "C'mon, said the spokesperson; the delegation's visit to Tbilisi \u2014 its first \u2014 ended.",
]


def test_fast_attribute_match_equals_the_rulers(articles):
    nlp = spacy.load(SPACY_MODEL)
    ruler = nlp.get_pipe("attribute_ruler")
    fast = FastAttributeMatch(ruler)
    texts = [*TEXTS, *articles["body"]]
    docs = nlp.pipe(texts, disable=["attribute_ruler", "lemmatizer", "ner"])
    n = 0
    for doc in docs:
        expected = AttributeRuler.match(ruler, doc)
        assert fast(doc) == expected
        n += len(expected)
    assert n > 1000


def test_pipeline_with_fast_matching_tags_as_spacy_does(articles):
    fast, slow = new_spacy(), new_spacy()
    ruler = slow.get_pipe("attribute_ruler")
    ruler.match = lambda doc: AttributeRuler.match(ruler, doc)
    texts = [*TEXTS, *articles["body"]]
    for a, b in zip(fast.pipe(texts), slow.pipe(texts), strict=True):
        assert [(t.pos_, t.tag_, t.lemma_, str(t.morph), t.dep_) for t in a] == \
               [(t.pos_, t.tag_, t.lemma_, str(t.morph), t.dep_) for t in b]

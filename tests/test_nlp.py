"""corpuskit's attribute ruler, lemmatizer and entity ruler give exactly the matches, token
attributes, lemmas and entities of spaCy's own components, and save and load as spaCy components
do; its matrix products by numpy give the annotations of blis's."""

from __future__ import annotations

import pytest
import spacy
from spacy.pipeline import AttributeRuler
from spacy.tokens import Span
from thinc.api import Model, NumpyOps

from corpuskit.config import SPACY_MODEL
from corpuskit.nlp import (
    FastAttributeMatch,
    FastAttributeRuler,
    FastEntityRuler,
    FastLemmatizer,
    new_spacy,
    paragraph_breaks,
)

# Our own sentences, with the shapes the ruler's rules are about: auxiliaries, "do"/"have" as
# main verbs, pronouns as objects, "there is", determiners as pronouns, spaces, contractions and
# the colloquial spellings its multi-token and regex rules are for.
TEXTS = [
    "The ministers did not sign the accord, but they have agreed to meet again.\n\nThere were talks.",
    "He told me that it would be signed. Y'all know that this is what they'd have done.",
    "Does Azerbaijan have a plan? It does.  That was agreed by those who came to Baku.",
    "C'mon, said the spokesperson; the delegation's visit to Tbilisi \u2014 its first \u2014 ended.",
    "We're gonna sign it, and they gotta ratify it. Let's see: it ain't over, nothin' is certain.",
    "There are 3 envoys; there's one plan. Y all agreed. 'Tis done! Ministers' talks, visits, TALKS.",
]


def _token_attrs(doc) -> list[tuple]:
    return [(t.pos_, t.tag_, t.lemma_, str(t.morph), t.dep_) for t in doc]


def _spacy_components(nlp):
    """``nlp`` with spaCy's own attribute ruler and lemmatizer in place of corpuskit's."""
    patterns = nlp.get_pipe("attribute_ruler").patterns
    nlp.replace_pipe("attribute_ruler", "attribute_ruler").initialize(None, patterns=patterns)
    lookups = nlp.get_pipe("lemmatizer").lookups
    nlp.replace_pipe("lemmatizer", "lemmatizer").initialize(None, lookups=lookups)
    return nlp


def test_fast_attribute_match_equals_the_rulers(articles):
    nlp = spacy.load(SPACY_MODEL)
    ruler = nlp.get_pipe("attribute_ruler")
    fast = FastAttributeMatch(ruler)
    assert len(fast.matcher) == 0  # every pattern of the model is indexed
    texts = [*TEXTS, *articles["body"]]
    docs = nlp.pipe(texts, disable=["attribute_ruler", "lemmatizer", "ner"])
    n = multi = 0
    for doc in docs:
        expected = AttributeRuler.match(ruler, doc)
        assert fast(doc) == expected
        n += len(expected)
        multi += sum(end - start > 1 for _, _, start, end in expected)
    assert n > 1000 and multi >= 4


def test_pipeline_tags_and_lemmatizes_as_spacy_does(articles):
    fast, slow = new_spacy(("ner",)), _spacy_components(new_spacy(("ner",)))
    assert isinstance(fast.get_pipe("attribute_ruler"), FastAttributeRuler)
    assert isinstance(fast.get_pipe("lemmatizer"), FastLemmatizer)
    assert type(slow.get_pipe("lemmatizer")) is not FastLemmatizer
    texts = [*TEXTS, *articles["body"], *TEXTS]  # the second round reads the lemma cache
    for a, b in zip(fast.pipe(texts), slow.pipe(texts), strict=True):
        assert _token_attrs(a) == _token_attrs(b)


def _ops(nlp) -> set[bool]:
    """Whether each layer of ``nlp``'s models multiplies matrices with blis."""
    return {layer.ops.use_blis for _, component in nlp.pipeline
            if isinstance(getattr(component, "model", None), Model) for layer in component.model.walk()}


def test_numpy_matrix_products_annotate_as_blis_does(articles):
    ours, blis = new_spacy(), new_spacy()
    for _, component in blis.pipeline:
        if isinstance(getattr(component, "model", None), Model):
            for layer in component.model.walk():
                layer.ops = NumpyOps()
    assert _ops(ours) == {False} and _ops(blis) == {True}
    assert _ops(spacy.load(SPACY_MODEL)) == {True}  # plain spaCy is left as it comes
    texts = [*TEXTS, *articles["body"]]
    for a, b in zip(ours.pipe(texts), blis.pipe(texts), strict=True):
        assert _token_attrs(a) == _token_attrs(b)
        assert [t.head.i for t in a] == [t.head.i for t in b]
        assert [(e.start, e.end, e.label_) for e in a.ents] == [(e.start, e.end, e.label_) for e in b.ents]


def test_caches_stay_bounded_and_right(articles, monkeypatch):
    """With tiny caches (emptied when full) the tags and lemmas are still spaCy's, and no cache
    holds more than its bound however many distinct words go through."""
    monkeypatch.setattr("corpuskit.nlp.CACHE_MAX", 50)
    fast, slow = new_spacy(("ner",)), _spacy_components(new_spacy(("ner",)))
    texts = [*TEXTS, *articles["body"]]
    for a, b in zip(fast.pipe(texts), slow.pipe(texts), strict=True):
        assert _token_attrs(a) == _token_attrs(b)
    ruler, lemmatizer = fast.get_pipe("attribute_ruler"), fast.get_pipe("lemmatizer")
    single, longer, _, by_row = ruler._plan
    remembered = [single.regex_verdicts, longer.regex_verdicts, by_row, lemmatizer.cache, lemmatizer._known,
                  *single.with_regex.values(), *longer.with_regex.values()]
    assert max(map(len, remembered)) <= 50
    assert len({t.lower for doc in fast.pipe(texts) for t in doc}) > 500


def test_lemmatizer_keeps_preset_lemmas_and_handles_untagged_tokens():
    nlp = new_spacy(("ner",))
    lemmatizer = nlp.get_pipe("lemmatizer")
    doc = nlp.make_doc("The ministers signed accords")
    doc[0].lemma_ = "THE"  # set before: kept (overwrite is off)
    doc[1].pos_ = "NOUN"
    doc[2].pos_ = "VERB"
    doc[2].set_morph("Tense=Past|VerbForm=Fin")
    with __import__("warnings").catch_warnings(record=True):  # W108: "accords" has no POS
        lemmatizer(doc)
    assert [t.lemma_ for t in doc] == ["THE", "minister", "sign", "accords"]


def test_components_save_and_load(tmp_path):
    nlp = new_spacy(("ner", "parser", "tagger", "tok2vec"))
    nlp.to_disk(tmp_path / "nlp")
    loaded = spacy.load(tmp_path / "nlp")
    assert isinstance(loaded.get_pipe("attribute_ruler"), FastAttributeRuler)
    assert isinstance(loaded.get_pipe("lemmatizer"), FastLemmatizer)
    assert loaded.get_pipe("attribute_ruler").patterns == nlp.get_pipe("attribute_ruler").patterns
    text = "The ministers were told nothin' new."
    assert _token_attrs(loaded(text)) == _token_attrs(nlp(text))


def _breaks_one_by_one(doc):
    """``paragraph_breaks`` as it was first written: a char_span and two setters per break."""
    text, start = doc.text, doc.text.find("\n\n")
    while start != -1:
        span = doc.char_span(start, start + 2, alignment_mode="expand")
        if span is not None and span.end < len(doc):
            if span[0].is_space and span.start:
                span[0].is_sent_start = False
            doc[span.end].is_sent_start = True
        start = text.find("\n\n", start + 2)
    return doc


def test_paragraph_breaks_marks_the_tokens_char_span_finds(articles):
    nlp = new_spacy(("ner",))
    texts = [*TEXTS, "One.\n\n\n\nTwo \n\n three\n\n", "\n\nLead.\n\n  \n\nEnd", "No break at all.",
             "A\n\nB", "x \n\n\n y", "", "\n\n", *articles["body"]]
    for text in texts:
        ours, reference = paragraph_breaks(nlp.make_doc(text)), _breaks_one_by_one(nlp.make_doc(text))
        assert [t.is_sent_start for t in ours] == [t.is_sent_start for t in reference]


RULES = [  # overlapping rules of one and two tokens: the highest rule setting an attribute wins
    {"patterns": [[{"LOWER": "talks"}]], "attrs": {"LEMMA": "talk-one", "POS": "NOUN"}},
    {"patterns": [[{"LOWER": "peace"}, {"LOWER": "talks"}]], "attrs": {"LEMMA": "talk-two"}, "index": -1},
    {"patterns": [[{"TAG": "NNS"}]], "attrs": {"MORPH": "Number=Plur"}},
    {"patterns": [[{"LOWER": {"REGEX": "^ta"}}, {"TAG": "NNS"}]], "attrs": {"POS": "PROPN"}, "index": 1},
    {"patterns": [[{"LOWER": "peace"}, {"LOWER": {"IN": ["talks", "deal"]}}]], "attrs": {"POS": "X"}},
    {"patterns": [[{"TAG": {"NOT_IN": ["NNS", "DT"]}, "IS_SPACE": False}]], "attrs": {"TAG": "XX"}},
    {"patterns": [[{"LOWER": "peace"}]], "attrs": {"POS": "ADJ"}},  # over rule 4 on "peace"
]


def test_ruler_sets_attributes_as_spacys_ruler_does():
    nlp = new_spacy(("ner",))
    texts = ["Peace talks and talks about peace talks.", "The talks, tasks, peace deal took tables.", *TEXTS]
    for rules in (RULES, [*RULES, {"patterns": [[{"LOWER": "the", "OP": "+"}]], "attrs": {"LEMMA": "THE"}}]):
        ours, spacys = FastAttributeRuler(nlp.vocab), AttributeRuler(nlp.vocab)
        ours.add_patterns(rules)
        spacys.add_patterns(rules)
        for doc in nlp.pipe(texts, disable=["attribute_ruler", "lemmatizer"]):
            assert _token_attrs(ours(doc.copy())) == _token_attrs(spacys(doc.copy()))
        assert bool(ours._plan) == (rules is RULES)  # an operator: spaCy's way, same result


_RULER_PATTERNS = [
    {"label": "GPE", "pattern": "Azerbaijan", "id": "AZE"},
    {"label": "GPE", "pattern": "Baku"},
    {"label": "ORG", "pattern": "Ministry of Foreign Affairs of Azerbaijan", "id": "mfa-aze"},
    {"label": "ORG", "pattern": "Ministry of Foreign Affairs"},
    {"label": "PERSON", "pattern": "Jeyhun Bayramov", "id": "bayramov"},
    {"label": "PERSON", "pattern": [{"LOWER": "bayramov"}]},
    {"label": "GPE", "pattern": [{"LOWER": "south"}, {"LOWER": "caucasus"}]},
]


@pytest.mark.parametrize("overwrite", [False, True])
def test_fast_entity_ruler_sets_the_entities_spacys_does(overwrite):
    """Overlapping phrase and token patterns, ids, entities already set (kept or overwritten) and
    a ruler with no pattern: the same entities, ids and IOB tags as spaCy's ``EntityRuler``."""
    texts = ["The Ministry of Foreign Affairs of Azerbaijan said Jeyhun Bayramov met envoys in Baku.",
             "Bayramov spoke of the South Caucasus; the Ministry of Foreign Affairs agreed.",
             "Nothing here names anyone."]
    made = {}
    for factory in ("entity_ruler", "corpuskit_entity_ruler"):
        nlp = spacy.blank("en")
        ruler = nlp.add_pipe(factory, name="ruler", config={"overwrite_ents": overwrite})
        ruler.add_patterns(_RULER_PATTERNS)
        empty = nlp.add_pipe(factory, name="empty")
        docs = []
        for text in texts:
            doc = nlp.make_doc(text)
            doc.ents = [Span(doc, 1, 3, label="ORG")]  # "Ministry of": set before the rulers
            docs.append(empty(nlp.get_pipe("ruler")(doc)))
        made[factory] = [[(e.start, e.end, e.label_, e.id_) for e in d.ents] + [t.ent_iob_ for t in d]
                         for d in docs]
    assert isinstance(nlp.get_pipe("ruler"), FastEntityRuler)
    assert made["corpuskit_entity_ruler"] == made["entity_ruler"]
    assert sum(isinstance(item, tuple) for doc in made["entity_ruler"] for item in doc) >= 6

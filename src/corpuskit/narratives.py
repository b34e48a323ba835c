"""Narrative statements (agent – verb – patient) from the dependency parse, relatio-style.

Handles active and passive voice ("an accord was signed by X"), conjoined agents, patients and
verbs ("X and Y held talks"), implied subjects of participles and infinitives, negation (a flag),
and speech verbs ("X stressed that ..." is a statement by X). Agents and patients are canonical
actors where the entity layer knows them, otherwise the head noun's lemma.

>>> from corpuskit.entities import build_pipeline
>>> doc = build_pipeline()("An accord was signed by Latvia and Azerbaijan. Russia did not sign it.")
>>> [(s["agent"], s["verb"], s["patient"], s["negated"]) for s in statement_rows("d", doc)]
[('LVA', 'sign', 'accord', False), ('AZE', 'sign', 'accord', False), ('RUS', 'sign', 'it', True)]
"""

from __future__ import annotations

from bisect import bisect_right
from contextvars import ContextVar
from functools import lru_cache

import numpy as np
import pandas as pd
import yaml
from spacy.attrs import LEMMA, POS
from spacy.language import Language
from spacy.symbols import VERB
from spacy.tokens import Doc, Span, Token
from tqdm import tqdm

from corpuskit.config import data_file
from corpuskit.entities import SpanValues, assign_sentences, build_pipeline
from corpuskit.segment import sentence_spans

STATEMENT_COLUMNS = ["doc_id", "sent_start", "sent_end", "verb_start", "verb_end", "agent", "agent_country",
                     "agent_is_actor", "verb", "verb_text", "patient", "patient_country", "patient_is_actor",
                     "negated", "kind", "sentence"]
NARRATIVE_COLUMNS = ["doc_id", "sent_id", "start_char", "end_char", "agent", "agent_country",
                     "agent_is_actor", "verb", "verb_text", "patient", "patient_country",
                     "patient_is_actor", "negated", "kind", "sentence"]
_SUBJECTS = {"nsubj"}
_OBJECTS = {"dobj"}
_INHERITS_SUBJECT = {"conj", "advcl", "xcomp", "ccomp", "acomp"}
_NOT_STATEMENTS = {"be"}


@lru_cache(maxsize=1)
def lexicon() -> dict:
    """Speech verbs and pronouns from ``data/narratives.yaml``."""
    return yaml.safe_load(data_file("narratives.yaml").read_text(encoding="utf-8"))


def _with_conjuncts(token: Token) -> list[Token]:
    """``token`` and the tokens conjoined with it ("Latvia and Azerbaijan")."""
    return [token, *[t for t in token.conjuncts if t.i > token.i]]


def _children(token: Token, deps: set[str]) -> list[Token]:
    return [c for child in token.children if child.dep_ in deps for c in _with_conjuncts(child)]


def _by_agents(verb: Token) -> list[Token]:
    """The doers named in a passive's by-phrase ("signed by Latvia and Azerbaijan")."""
    return [c for agent in verb.children if agent.dep_ == "agent"
            for pobj in agent.children if pobj.dep_ == "pobj" for c in _with_conjuncts(pobj)]


def _agents(verb: Token) -> list[Token]:
    """Who does it: the subject, the by-agent of a passive, or the subject the verb inherits."""
    # conjoined participles share a by-phrase: "initiated and implemented by Azerbaijan"
    passive_agents = _by_agents(verb) or next((a for v in verb.conjuncts if (a := _by_agents(v))), [])
    if passive_agents:
        return passive_agents
    if any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children):
        return []  # a passive without a by-agent has no agent
    subjects = _children(verb, _SUBJECTS)
    if subjects:
        return [_relative_antecedent(s) for s in subjects]
    if verb.dep_ == "pcomp" and verb.head.dep_ == "prep":
        owners = [c for c in verb.head.head.children if c.dep_ == "poss"]
        if owners:
            return owners  # "Azerbaijan's efforts towards ensuring peace": Azerbaijan ensures it
    head = verb
    while head.dep_ in _INHERITS_SUBJECT and head.head is not head:
        if head.dep_ == "ccomp" and head.head.lemma_ in lexicon()["speech_verbs"]:
            return []  # the content of speech has its own subject
        head = head.head
        if head.dep_ == "acl":
            return [head.head]  # "the session scheduled to take place": the session takes place
        subjects = _children(head, _SUBJECTS)
        if subjects:
            return [_relative_antecedent(s) for s in subjects]
    return []


def _relative_antecedent(token: Token) -> Token:
    """``who`` in "Lavrov, who arrived" stands for Lavrov."""
    if token.tag_ in ("WP", "WDT") and token.head.dep_ == "relcl":
        return token.head.head
    return token


def _patients(verb: Token) -> list[Token]:
    """What or whom it is done to: the direct object, or the subject of a passive."""
    participle = verb.head if verb.dep_ == "conj" and verb.head.dep_ == "acl" else verb
    if any(_by_agents(v) for v in _with_conjuncts(participle)):
        passive = _children(verb, {"nsubjpass"})
        if participle.dep_ == "acl" and not passive:
            return _with_conjuncts(participle.head)  # "the projects initiated and implemented by X"
        return passive
    return _children(verb, _OBJECTS)


# (doc, token -> (canonical id, country)) of the article ``statement_rows`` is reading
_ENTITIES: ContextVar[tuple[Doc, dict[int, tuple[str, str | None]]] | None] = ContextVar(
    "corpuskit_entity_index", default=None)


def _entity_index(doc: Doc) -> dict[int, tuple[str, str | None]]:
    """token -> (canonical id, country) of the canonical entities (each entity's extension values
    read once)."""
    index = {}
    get = SpanValues(doc, ("canonical_id", "country_iso3")).get
    for e in doc.ents:
        if canonical_id := get(e, "canonical_id"):
            index.update(dict.fromkeys(range(e.start, e.end), (canonical_id, get(e, "country_iso3"))))
    return index


def _entity_of(token: Token) -> tuple[str, str | None] | None:
    """(canonical id, country) of the canonical entity a token is part of (from the index of the
    article ``statement_rows`` is reading; outside it, one made for the call)."""
    current = _ENTITIES.get()
    index = current[1] if current is not None and current[0] is token.doc else _entity_index(token.doc)
    return index.get(token.i)


def _resolve_pronoun(token: Token) -> Span | None:
    if token.lower_ not in lexicon()["person_pronouns"]:
        return None
    earliest = token.doc[max(token.sent.start - 1, 0)].sent.start
    people = [e for e in token.doc.ents if e.label_ == "PERSON" and earliest <= e.start < token.i]
    return people[-1] if people else None


def actor(token: Token | None) -> tuple[str | None, str | None, bool]:
    """(canonical actor or head-noun lemma, country, whether it is an actor) of an argument token;
    for a phrase that is not an actor, the country is one that modifies it ("the Azerbaijani side",
    "the Minister of Azerbaijan": AZE)."""
    if token is None:
        return None, None, False
    children = [(child, child.dep_) for child in token.children]  # read once: each read makes Tokens
    appositive = next((e for c, dep in children if dep == "appos" and (e := _entity_of(c))), None)
    entity = _entity_of(token) or appositive
    if entity is None and (person := _resolve_pronoun(token)) is not None:
        entity = person._.canonical_id, person._.country_iso3
    if entity is not None:
        return entity[0], entity[1], True
    named = [e for t in _modifiers(children) if (e := _entity_of(t)) and e[1]]
    return token.lemma_.lower(), (named[0][1] if named else None), False


def _modifiers(children: list[tuple[Token, str]]) -> list[Token]:
    """Words that say whose a noun is: "the *Azerbaijani* side", "the Minister of *Azerbaijan*";
    ``children``: the noun's (child, dependency) pairs."""
    direct = [c for c, dep in children if dep in ("amod", "compound", "poss", "nmod")]
    of_phrase = [p for c, dep in children if dep == "prep" and c.lower_ == "of"
                 for p in c.children if p.dep_ == "pobj"]
    return direct + of_phrase


def _statements_of(verb: Token) -> list[dict]:
    agents = _agents(verb)
    if not agents:
        return []
    speech = verb.lemma_ in lexicon()["speech_verbs"]
    patients = _patients(verb) or [None]
    negated = any(c.dep_ == "neg" for c in verb.children)
    patient_actors = [actor(patient_token) for patient_token in patients]
    rows = []
    for agent_token in agents:
        agent, agent_country, agent_is_actor = actor(agent_token)
        for patient, patient_country, patient_is_actor in patient_actors:
            rows.append({"verb_start": verb.idx, "verb_end": verb.idx + len(verb.text),
                         "agent": agent, "agent_country": agent_country, "agent_is_actor": agent_is_actor,
                         "verb": verb.lemma_.lower(), "verb_text": verb.text, "patient": patient,
                         "patient_country": patient_country, "patient_is_actor": patient_is_actor,
                         "negated": negated, "kind": "speech" if speech else "action"})
    return rows


def statement_rows(doc_id: str, doc: Doc) -> list[dict]:
    """All statements of a parsed, entity-tagged article (``STATEMENT_COLUMNS``)."""
    rows = []
    # the verbs, found on two token arrays (a Token object only for each verb)
    pos, lemma = doc.to_array([POS, LEMMA]).reshape(len(doc), 2).T
    skipped = [doc.vocab.strings.add(word) for word in _NOT_STATEMENTS]
    verbs = np.flatnonzero((pos == VERB) & ~np.isin(lemma, skipped)).tolist()
    if not verbs:
        return rows
    sents = sentence_spans(doc)
    starts = [start for start, _, _, _ in sents]
    body = doc.text
    indexed = _ENTITIES.set((doc, _entity_index(doc)))
    try:
        for i in verbs:
            _, _, start_char, end_char = sents[bisect_right(starts, i) - 1]
            for row in _statements_of(doc[i]):
                rows.append({"doc_id": doc_id, "sent_start": start_char, "sent_end": end_char, **row,
                             "sentence": body[start_char:end_char]})
    finally:
        _ENTITIES.reset(indexed)
    return rows


def extract_statements(articles: pd.DataFrame, sentences: pd.DataFrame, nlp: Language | None = None,
                       batch_size: int = 32, progress: bool = True) -> pd.DataFrame:
    """Statements of every article (``NARRATIVE_COLUMNS``); ``start_char``/``end_char`` locate the
    verb in the body and ``sent_id`` the sentence of the sentence table it stands in."""
    nlp = nlp or build_pipeline()
    docs = nlp.pipe(articles["body"], batch_size=batch_size)
    rows = [row for doc_id, doc in tqdm(zip(articles["doc_id"], docs, strict=True), total=len(articles),
                                        desc="statements", disable=not progress)
            for row in statement_rows(doc_id, doc)]
    table = pd.DataFrame(rows, columns=STATEMENT_COLUMNS).rename(
        columns={"verb_start": "start_char", "verb_end": "end_char"})
    table = assign_sentences(table, sentences)
    return table[NARRATIVE_COLUMNS].sort_values(["doc_id", "start_char"], kind="stable", ignore_index=True)

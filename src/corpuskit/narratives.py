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
from functools import lru_cache

import numpy as np
import pandas as pd
import yaml
from spacy.attrs import DEP, HEAD, LEMMA, LOWER, POS, TAG
from spacy.language import Language
from spacy.symbols import VERB
from spacy.tokens import Doc, Token
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


class _Tree:
    """The dependency tree of a parsed article as lists of token indices, read from the Doc's
    arrays once (no Token objects), and its canonical entities: what statements are made of.
    ``children`` are in order, as ``Token.children``; ``conjuncts`` is ``Token.conjuncts``."""

    def __init__(self, doc: Doc, sentence_starts: list[int]) -> None:
        n = len(doc)
        heads, deps, self._lemmas, self._tags, self._lowers = doc.to_array(
            [HEAD, DEP, LEMMA, TAG, LOWER]).reshape(n, 5).T
        self.strings = doc.vocab.strings
        heads = np.arange(n) + heads.astype(np.int64)
        self.heads = heads.tolist()
        deps = deps.tolist()
        labels = {d: self.strings[d] for d in set(deps)}  # a few dozen labels: each looked up once
        self.deps = [labels[d] for d in deps]
        # each token's children in order: the tokens sorted by head (roots, their own heads, first)
        keyed = np.where(heads == np.arange(n), -1, heads)
        by_head = np.argsort(keyed, kind="stable")
        bounds = np.searchsorted(keyed[by_head], np.arange(n + 1)).tolist()
        order = by_head.tolist()
        self.children: list[list[int]] = [order[bounds[i]:bounds[i + 1]] for i in range(n)]
        # token -> (canonical id, country) of the canonical entity it is part of; the PERSON
        # mentions (start, (canonical id, country)) for pronouns
        values = SpanValues(doc, ("canonical_id", "country_iso3"))
        self.entity: dict[int, tuple[str, str | None]] = {}
        self.persons: list[tuple[int, tuple[str | None, str | None]]] = []
        for e in doc.ents:
            found = values.get(e, "canonical_id"), values.get(e, "country_iso3")
            if found[0]:
                self.entity.update(dict.fromkeys(range(e.start, e.end), found))
            if e.label_ == "PERSON":
                self.persons.append((e.start, found))
        self.sentence_starts = sentence_starts  # first token of each sentence

    def lemma(self, i: int) -> str:
        return self.strings[int(self._lemmas[i])]

    def tag(self, i: int) -> str:
        return self.strings[int(self._tags[i])]

    def lower(self, i: int) -> str:
        return self.strings[int(self._lowers[i])]

    def conjuncts(self, i: int) -> list[int]:
        """The tokens conjoined with ``i``, in ``Token.conjuncts``' order."""
        start = i
        while self.heads[start] != start and self.deps[start] == "conj":
            start = self.heads[start]
        output = [start]
        for word in output:  # breadth first over the right children that are conjuncts
            output += [c for c in self.children[word] if c > word and self.deps[c] == "conj"]
        return [w for w in output if w != i]

    def sentence_start(self, i: int) -> int:
        return self.sentence_starts[bisect_right(self.sentence_starts, i) - 1]


def _with_conjuncts(tree: _Tree, i: int) -> list[int]:
    """``i`` and the tokens conjoined with it ("Latvia and Azerbaijan")."""
    return [i, *[t for t in tree.conjuncts(i) if t > i]]


def _children(tree: _Tree, i: int, deps: set[str]) -> list[int]:
    return [c for child in tree.children[i] if tree.deps[child] in deps for c in _with_conjuncts(tree, child)]


def _by_agents(tree: _Tree, verb: int) -> list[int]:
    """The doers named in a passive's by-phrase ("signed by Latvia and Azerbaijan")."""
    children, deps = tree.children, tree.deps
    return [c for agent in children[verb] if deps[agent] == "agent"
            for pobj in children[agent] if deps[pobj] == "pobj" for c in _with_conjuncts(tree, pobj)]


def _agents(tree: _Tree, verb: int) -> list[int]:
    """Who does it: the subject, the by-agent of a passive, or the subject the verb inherits."""
    heads, deps = tree.heads, tree.deps
    # conjoined participles share a by-phrase: "initiated and implemented by Azerbaijan"
    passive_agents = _by_agents(tree, verb) or next(
        (a for v in tree.conjuncts(verb) if (a := _by_agents(tree, v))), [])
    if passive_agents:
        return passive_agents
    if any(deps[c] in ("nsubjpass", "auxpass") for c in tree.children[verb]):
        return []  # a passive without a by-agent has no agent
    subjects = _children(tree, verb, _SUBJECTS)
    if subjects:
        return [_relative_antecedent(tree, s) for s in subjects]
    if deps[verb] == "pcomp" and deps[heads[verb]] == "prep":
        owners = [c for c in tree.children[heads[heads[verb]]] if deps[c] == "poss"]
        if owners:
            return owners  # "Azerbaijan's efforts towards ensuring peace": Azerbaijan ensures it
    head = verb
    while deps[head] in _INHERITS_SUBJECT and heads[head] != head:
        if deps[head] == "ccomp" and tree.lemma(heads[head]) in lexicon()["speech_verbs"]:
            return []  # the content of speech has its own subject
        head = heads[head]
        if deps[head] == "acl":
            return [heads[head]]  # "the session scheduled to take place": the session takes place
        subjects = _children(tree, head, _SUBJECTS)
        if subjects:
            return [_relative_antecedent(tree, s) for s in subjects]
    return []


def _relative_antecedent(tree: _Tree, token: int) -> int:
    """``who`` in "Lavrov, who arrived" stands for Lavrov."""
    if tree.tag(token) in ("WP", "WDT") and tree.deps[tree.heads[token]] == "relcl":
        return tree.heads[tree.heads[token]]
    return token


def _patients(tree: _Tree, verb: int) -> list[int]:
    """What or whom it is done to: the direct object, or the subject of a passive."""
    heads, deps = tree.heads, tree.deps
    participle = heads[verb] if deps[verb] == "conj" and deps[heads[verb]] == "acl" else verb
    if any(_by_agents(tree, v) for v in _with_conjuncts(tree, participle)):
        passive = _children(tree, verb, {"nsubjpass"})
        if deps[participle] == "acl" and not passive:
            return _with_conjuncts(tree, heads[participle])  # "the projects initiated and implemented by X"
        return passive
    return _children(tree, verb, _OBJECTS)


def _resolve_pronoun(tree: _Tree, token: int) -> tuple[str | None, str | None] | None:
    """(canonical id, country) of the person a personal pronoun stands for: the one named last
    before it in its sentence or the one before."""
    if tree.lower(token) not in lexicon()["person_pronouns"]:
        return None
    earliest = tree.sentence_start(max(tree.sentence_start(token) - 1, 0))
    people = [person for start, person in tree.persons if earliest <= start < token]
    return people[-1] if people else None


def _actor(tree: _Tree, token: int | None) -> tuple[str | None, str | None, bool]:
    """(canonical actor or head-noun lemma, country, whether it is an actor) of an argument token;
    for a phrase that is not an actor, the country is one that modifies it ("the Azerbaijani side",
    "the Minister of Azerbaijan": AZE)."""
    if token is None:
        return None, None, False
    children, deps = tree.children[token], tree.deps
    appositive = next((e for c in children if deps[c] == "appos" and (e := tree.entity.get(c))), None)
    entity = tree.entity.get(token) or appositive
    if entity is None:
        entity = _resolve_pronoun(tree, token)
    if entity is not None:
        return entity[0], entity[1], True
    named = [e for t in _modifiers(tree, children) if (e := tree.entity.get(t)) and e[1]]
    return tree.lemma(token).lower(), (named[0][1] if named else None), False


def _modifiers(tree: _Tree, children: list[int]) -> list[int]:
    """Words that say whose a noun is: "the *Azerbaijani* side", "the Minister of *Azerbaijan*";
    ``children``: the noun's children."""
    deps = tree.deps
    direct = [c for c in children if deps[c] in ("amod", "compound", "poss", "nmod")]
    of_phrase = [p for c in children if deps[c] == "prep" and tree.lower(c) == "of"
                 for p in tree.children[c] if deps[p] == "pobj"]
    return direct + of_phrase


def _statements_of(tree: _Tree, verb: Token) -> list[dict]:
    agents = _agents(tree, verb.i)
    if not agents:
        return []
    lemma = tree.lemma(verb.i)
    speech = lemma in lexicon()["speech_verbs"]
    patients = _patients(tree, verb.i) or [None]
    negated = any(tree.deps[c] == "neg" for c in tree.children[verb.i])
    patient_actors = [_actor(tree, patient_token) for patient_token in patients]
    rows = []
    for agent_token in agents:
        agent, agent_country, agent_is_actor = _actor(tree, agent_token)
        for patient, patient_country, patient_is_actor in patient_actors:
            rows.append({"verb_start": verb.idx, "verb_end": verb.idx + len(verb.text),
                         "agent": agent, "agent_country": agent_country, "agent_is_actor": agent_is_actor,
                         "verb": lemma.lower(), "verb_text": verb.text, "patient": patient,
                         "patient_country": patient_country, "patient_is_actor": patient_is_actor,
                         "negated": negated, "kind": "speech" if speech else "action"})
    return rows


def statement_rows(doc_id: str, doc: Doc) -> list[dict]:
    """All statements of a parsed, entity-tagged article (``STATEMENT_COLUMNS``), read from its
    dependency tree as lists (``_Tree``)."""
    rows = []
    # the verbs, found on two token arrays
    pos, lemma = doc.to_array([POS, LEMMA]).reshape(len(doc), 2).T
    skipped = [doc.vocab.strings.add(word) for word in _NOT_STATEMENTS]
    verbs = np.flatnonzero((pos == VERB) & ~np.isin(lemma, skipped)).tolist()
    if not verbs:
        return rows
    sents = sentence_spans(doc)
    starts = [start for start, _, _, _ in sents]
    body = doc.text
    tree = _Tree(doc, starts)
    for i in verbs:
        _, _, start_char, end_char = sents[bisect_right(starts, i) - 1]
        for row in _statements_of(tree, doc[i]):
            rows.append({"doc_id": doc_id, "sent_start": start_char, "sent_end": end_char, **row,
                         "sentence": body[start_char:end_char]})
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

"""Dyadic PLOVER event coding of one parsed, entity-tagged article: who did what to whom.

A trigger is a verb of the lexicon (with its particle or object: "shoot down", "express concern"),
an event noun that happened ("a meeting was held", "his visit to Paris") or, beyond the lexicon,
a verb linking two actors that the sentence classifier types. Each act gives one event whose actor
and recipient are countries (ISO3) or organisation ids, read from the dependency parse and the
entity layer, with an article memory for "the sides", pronouns and "the ministry".

>>> from corpuskit.entities import build_pipeline
>>> doc = build_pipeline()("Azerbaijan accused Armenia of shelling its positions.")
>>> [(e["event_type"], e["actor"], e["recipient"]) for e in code_doc(doc, use_classifier=False)]
[('ACCUSE', 'AZE', 'ARM')]
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.attrs import HEAD, LEMMA, LOWER, POS
from spacy.parts_of_speech import NAMES as POS_NAMES
from spacy.tokens import Doc, Span, Token

from corpuskit.config import FOCUS_COUNTRY
from corpuskit.countries import country_lookup, country_names
from corpuskit.entities import SpanValues
from corpuskit.events.ontology import lexicon, ontology, quad_class, score
from corpuskit.narratives import lexicon as narrative_lexicon

# A verb outside the lexicon is an event when its class reaches CLASSIFIER_THRESHOLD and is at
# least CLASSIFIER_MARGIN times as probable as the runner-up: chosen on out-of-fold predictions of
# the exemplars (classifier.cross_validated; exemplars version 2: 39 of 130 kept, right 0.64 of the
# time, against 34 and 0.62 with a margin of 3; version 4: 86 of 196 kept, right 0.66).
CLASSIFIER_MARGIN = 2.5
CLASSIFIER_THRESHOLD = 0.35
_SUBJECTS = {"nsubj", "nsubjpass", "csubj"}
_RECIPIENT_PREPS = {"with", "to", "on", "upon", "against", "at", "toward", "towards", "for"}
_INHERIT = {"conj", "xcomp", "advcl", "acl", "relcl", "acomp"}


@dataclass(frozen=True)
class Party:
    """One side of an event: a country (ISO3) or organisation id, and the canonical person if named."""

    code: str
    person: str | None = None


@dataclass
class Memory:
    """What an article has said so far: the sides of the last interaction, the last named person
    and state, the issuing ministry, and the article's dyad (Azerbaijan and its main partner)."""

    dyad: tuple[str, ...]
    participants: tuple[Party, ...] = ()
    last_person: Party | None = None
    last_state: Party | None = None
    ministry: str | None = None
    ministry_named: bool = False  # False while ``ministry`` is only the dateline's state
    roles: dict[str, Party] = field(default_factory=dict)
    sides_of_verb: dict[int, tuple[list[Party], list[Party]]] = field(default_factory=dict)


_lex = lexicon  # the trigger lexicon (parsed once)


@lru_cache(maxsize=1)
def _lemma_fixes() -> dict[str, str]:
    return _lex().get("lemma_fixes") or {}


class _DocIndex:
    """What the coder looks up many times in one article, computed once per Doc: the lemmas, the
    entities (in order, by token) and memos of pure functions of the parse (an entity's party, a
    verb's lexicon label, a noun's modifier countries). ``code_doc`` makes it for its article (held
    in a context variable, never on the Doc) and drops it at the end."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        fixes, strings = _lemma_fixes(), doc.vocab.strings
        rows = doc.to_array([LOWER, LEMMA, POS, HEAD]).tolist() if len(doc) else []
        self.lowers = [strings[lower] for lower, _, _, _ in rows]
        self.lemmas = [fixes.get(strings[lower]) or strings[lemma].lower() or strings[lower]
                       for lower, lemma, _, _ in rows]
        self.pos = [POS_NAMES[pos] for _, _, pos, _ in rows]
        # "according to X": the tokens "to" whose head is "according" (HEAD is relative, unsigned)
        self.according_to = [i for i, row in enumerate(rows) if self.lowers[i] == "to"
                             and self.lowers[(i + row[3]) % 2**64] == "according"]
        self.ents = list(doc.ents)
        self.values = SpanValues(doc)  # the entities' extension values
        self.starts = [e.start for e in self.ents]
        self.by_token = {i: e for e in self.ents for i in range(e.start, e.end)}
        self.parties: dict[tuple[int, int, int], Party | None] = {}
        self.labels: dict[int, tuple] = {}
        self.modifiers: dict[int, list[str]] = {}
        self.institutions: dict[int, str | None] = {}
        self.children: dict[int, tuple[Token, ...]] = {}  # token offset -> its children
        self.subtrees: dict[int, tuple[Token, ...]] = {}  # token offset -> its subtree
        self.surnames: dict[str, Party] | None = None
        self.sents = list(doc.sents) if doc.has_annotation("SENT_START") or doc.has_annotation("DEP") else []
        self.sent_starts = [sent.start for sent in self.sents]


_CURRENT: ContextVar[_DocIndex | None] = ContextVar("corpuskit_event_index", default=None)


def _index(doc: Doc) -> _DocIndex:
    """The index of the article ``code_doc`` is coding; outside it (a helper called on its own), a
    fresh one that nothing keeps."""
    index = _CURRENT.get()
    return index if index is not None and index.doc is doc else _DocIndex(doc)


def _lemma(token: Token) -> str:
    """The token's lower-case lemma, corrected by the lexicon's ``lemma_fixes`` (spaCy's small
    model gives "hoped" the lemma "hop").

    >>> from spacy.lang.en import English
    >>> doc = English()("She hoped")
    >>> doc[1].lemma_ = "hop"
    >>> _lemma(doc[1])
    'hope'
    """
    index = _CURRENT.get()
    if index is not None and index.doc is token.doc:
        return index.lemmas[token.i]
    return _lemma_fixes().get(token.lower_) or token.lemma_.lower() or token.lower_


def _kids(token: Token) -> tuple[Token, ...]:
    """``token.children``, made once per token."""
    memo = _index(token.doc).children
    tokens = memo.get(token.i)
    if tokens is None:
        tokens = memo[token.i] = tuple(token.children)
    return tokens


def _subtree(token: Token) -> tuple[Token, ...]:
    """``token.subtree``, made once per token."""
    memo = _index(token.doc).subtrees
    tokens = memo.get(token.i)
    if tokens is None:
        tokens = memo[token.i] = tuple(token.subtree)
    return tokens


# --- actors -----------------------------------------------------------------------------------

def _ents_of(sent: Span) -> list[Span]:
    """The entities of a sentence, from a per-Doc list (spaCy's ``Span.ents`` rebuilds every entity
    of the Doc at each call: quadratic over an article's sentences)."""
    index = _index(sent.doc)
    ents = index.ents[bisect_left(index.starts, sent.start):bisect_left(index.starts, sent.end)]
    return [e for e in ents if e.end <= sent.end]


def _sent_of(token: Token) -> Span:
    """``token.sent``, from the per-Doc list of sentences."""
    index = _index(token.doc)
    if not index.sents:
        return token.sent
    return index.sents[bisect_right(index.sent_starts, token.i) - 1]


def _ext(ent: Span, name: str) -> object:
    """``getattr(ent._, name)`` for an entity extension (``entities.SPAN_EXTENSIONS``)."""
    return _index(ent.doc).values.get(ent, name)


def _ents_by_token(doc: Doc) -> dict[int, Span]:
    return _index(doc).by_token


@lru_cache(maxsize=4096)
def country_of_word(word: str) -> str | None:
    """ISO3 of a country name, capital or demonym, also a demonym the name tables lack when it
    begins exactly one country's name ("Kazakh": KAZ, "Uzbek": UZB).

    A lower-case word is only looked up whole ("great" is not Great Britain).

    >>> [country_of_word(w) for w in ("Kazakh", "Polish", "side", "great")]
    ['KAZ', 'POL', None, None]
    """
    key = word.lower().removeprefix("the ").strip()
    found = country_lookup().get(key)
    if found or len(key) < 4 or not key.isalpha() or not word.strip()[:1].isupper():
        return found
    for stem in (key, key.removesuffix("ian"), key.removesuffix("i"), key.removesuffix("ese")):
        if len(stem) < 4:
            continue
        matches = {iso for iso, name, first in _country_name_words()
                   if name.startswith(stem) and first != key}  # not "Costa" Rica
        if len(matches) == 1:
            return matches.pop()
    return None


@lru_cache(maxsize=1)
def _country_name_words() -> tuple[tuple[str, str, str], ...]:
    """(ISO3, lower-case name, its first word) of every country name."""
    return tuple((iso, name.lower(), name.lower().split()[0]) for iso, kinds in country_names().items()
                 for name in kinds["name"])


@lru_cache(maxsize=16384)
def _institution(text: str) -> str | None:
    """The state or organisation an institution's name stands for; a short one-word name (an
    acronym: PACE, MOL, ICJ) only when written with a capital ("the pace of talks" is no one)."""
    key = text.lower().removeprefix("the ").strip()
    if len(key) <= 5 and " " not in key and text.islower():
        return None
    return _lex()["actors"]["institutions"].get(key)


def _entity_party(ent: Span) -> Party | None:
    """The party an entity stands for: its country, an institution's state, or an organisation id."""
    memo = _index(ent.doc).parties
    key = (ent.start, ent.end, ent.label)
    if key not in memo:
        memo[key] = _find_entity_party(ent)
    return memo[key]


def _find_entity_party(ent: Span) -> Party | None:
    label, text, values = ent.label_, ent.text, _index(ent.doc).values
    cid = values.get(ent, "canonical_id") or ""
    if label in ("ORG", "GOV") and {text.lower(), cid.lower()} & _media_outlets():
        return None  # the agency credited in a dateline is no side
    person = values.get(ent, "canonical_id") if label == "PERSON" else None
    name = values.get(ent, "canonical_name")
    code = _institution(text) or (_institution(name) if name else None)
    code = code or values.get(ent, "country_iso3")
    if code is None and label != "PERSON":
        code = country_of_word(text)
    ministry = cid in _lex()["actors"]["ministry_words"]
    if label in ("ORG", "GOV", "GPE", "NORP") and len(ent) == 1 and not text.isupper() \
            and not _institution(text):
        named = _surnames(ent.doc).get(text)  # "Wang" after "Wang Yi": the person, not an org
        if named is not None:
            return named
    if code is None and label in ("ORG", "GOV") and cid.isalpha() and len(cid) <= 5 and not ministry \
            and not (len(ent) == 1 and text.istitle() and len(text) > 3):  # not a surname
        code = cid.upper()  # an organisation id: EU, NATO, OSCE, UN, CIS, OTS …
    if code is None and person is None:
        return None
    return Party(code or "", person)


@lru_cache(maxsize=1)
def _media_outlets() -> frozenset[str]:
    return frozenset(_lex()["media_outlets"])


def _surnames(doc: Doc) -> dict[str, Party]:
    """Each word of a named person's name -> that person (the first one named), per Doc."""
    doc_index = _index(doc)
    if doc_index.surnames is None:
        names: dict[str, Party] = {}
        for ent in doc_index.ents:
            if ent.label_ == "PERSON" and len(ent) > 1:
                party = _entity_party(ent)
                for token in ent:
                    if party is not None and token.is_title:
                        names.setdefault(token.text, party)
        doc_index.surnames = names
    return doc_index.surnames


def _modifier_codes(token: Token) -> list[str]:
    """Countries named by a noun's modifiers: "the *Azerbaijani* side", "the minister of *France*",
    "*Azerbaijan's* ministry", "the foreign ministers of *A* and *B*"."""
    memo = _index(token.doc).modifiers
    if token.i not in memo:
        memo[token.i] = _find_modifier_codes(token)
    return list(memo[token.i])


def _find_modifier_codes(token: Token) -> list[str]:
    ents = _ents_by_token(token.doc)
    codes = []
    for child in _kids(token):
        targets = []
        if child.dep_ in ("amod", "compound", "poss", "nmod", "npadvmod"):
            targets = [child, *child.conjuncts]
        elif child.dep_ == "prep" and (child.lower_ in ("of", "from") or (
                child.lower_ == "in" and _lemma(token) in _lex()["actors"]["ministry_words"])):
            # "the minister of France", "the ministry in Baku" (an embassy in X is not X's)
            targets = [p for c in _kids(child) if c.dep_ == "pobj" for p in (c, *c.conjuncts)]
        for target in targets:
            ent = ents.get(target.i)
            party = _entity_party(ent) if ent is not None else None
            code = (party.code if party else None) or _institution(target.text) or (
                country_of_word(target.text) if target.pos_ in ("ADJ", "PROPN") else None)
            if code:
                codes.append(code)
            elif target.pos_ in ("NOUN", "PROPN") and target.i != token.i:
                codes += _modifier_codes(target)
    return list(dict.fromkeys(codes))


def _is_group(token: Token) -> bool:
    words = _lex()["actors"]["group_words"]
    if token.lower_ in ("they", "them", "both", "we"):
        return True
    plural = token.tag_ in ("NNS", "NNPS")
    two = any(c.lower_ in ("two", "both") for c in _kids(token))
    named = _lemma(token) in words or token.lower_ in words
    return ((plural or two) and named) or token.lower_ in ("sides", "parties")


def resolve(token: Token, memory: Memory) -> tuple[list[Party], bool]:
    """The parties a noun phrase headed by ``token`` stands for, and whether it stands for both
    sides of the current interaction ("the sides", "they": mutual)."""
    ents = _ents_by_token(token.doc)
    ent = ents.get(token.i)
    appos = next((ents[c.i] for c in _kids(token) if c.dep_ == "appos" and c.i in ents), None)
    modifiers = _modifier_codes(token)
    if ent is None and token.pos_ == "PROPN" and token.text in _surnames(token.doc):
        named = _surnames(token.doc)[token.text]  # "Stano welcomed …" after "Peter Stano said"
        known = memory.roles.get(named.person) if named.person else None
        return [known or named] if (known or named).code else [], False
    if ent is not None:
        party = _entity_party(ent)
        cid = _ext(ent, "canonical_id")
        if party is None and cid:
            party = memory.roles.get(cid)
            if party is None and modifiers:
                party = Party(modifiers[0], cid if ent.label_ == "PERSON" else None)
                memory.roles[cid] = party
        if party is not None:
            if not party.code and modifiers:
                party = Party(modifiers[0], party.person)
            if not party.code and token.dep_ == "appos":
                head_codes = _modifier_codes(token.head)
                party = Party(head_codes[0], party.person) if head_codes else party
            if not party.code and party.person:
                known = memory.roles.get(party.person)
                party = Party(known.code, party.person) if known else party
            if party.code and party.person:
                memory.roles[party.person] = party
            return ([party] if party.code or party.person else []), False
    if appos is not None:
        party = _entity_party(appos)
        if party is not None:
            code = party.code or (modifiers[0] if modifiers else "")
            if code and party.person:
                memory.roles[party.person] = Party(code, party.person)
            return [Party(code, party.person)], False
    leader = [p for c in _kids(token) if c.dep_ == "acl" for a in _kids(c) if a.dep_ == "agent"
              for p in _kids(a) if p.dep_ == "pobj"]
    if leader and ent is None and _lemma(token) in _lex()["actors"]["side_words"]:
        found = [p for p in resolve(leader[0], memory)[0] if p.code]
        if found:  # "a delegation led by X": X's side, remembered for "the delegation"
            memory.roles[_lemma(token)] = Party(found[0].code)
            return [Party(found[0].code, found[0].person)], False
    institution = _phrase_institution(token)
    if institution:
        return [Party(institution)], False
    if _is_group(token):
        if len(modifiers) >= 2:
            return [Party(c) for c in modifiers], True
        if modifiers and token.lower_ not in ("sides", "parties"):
            return [Party(modifiers[0])], False  # "Russia's deputy prime ministers": one state's
        return list(memory.participants), True
    if modifiers:
        person = next((ents[t.i] for t in _subtree(token)
                       if t.i in ents and ents[t.i].label_ == "PERSON"), None)
        cid = _ext(person, "canonical_id") if person is not None else None
        if len(modifiers) == 1 and cid:
            # "President of the European Council Antonio Costa": the person, with the body's code
            party = Party(modifiers[0], cid)
            memory.roles[cid] = party
            return [party], False
        return [Party(c) for c in modifiers], len(modifiers) > 1
    lower = token.lower_
    actors = _lex()["actors"]
    state = _possessor_state(token, memory)
    if state is not None:
        return [state], False
    owner = next((t for t in _subtree(token) if t.dep_ == "poss" and t.lower_ in actors["state_pronouns"]
                  and t.head.i != token.i), None)
    if owner is not None and token.dep_ in ("nsubjpass", "nsubj"):
        return resolve(owner, memory)  # "said one of its soldiers had been wounded": its soldiers
    if lower in actors["person_pronouns"] + actors["state_pronouns"] and token.dep_ == "nsubj" \
            and token.head.dep_ == "ccomp" and _lemma(token.head.head) in _speaker_verbs():
        said_by = [c for c in _kids(token.head.head) if c.dep_ == "nsubj"]  # "X said it regretted …"
        found = [p for s in said_by for p in resolve(s, memory)[0] if p.code]
        if found and (lower in actors["state_pronouns"]) == (found[0].person is None):
            return found[:1], False
    if lower in actors["person_pronouns"] and token.dep_ == "poss":
        clause = next((a for a in token.ancestors if a.pos_ in ("VERB", "AUX")), None)
        doers = [s for s in (_subjects(clause) if clause is not None else []) if s.i != token.i]
        found = [p for s in doers for p in resolve(s, memory)[0] if p.person]
        if found:  # "X met Y … during his visit": his is the doer's
            return found[:1], False
    if lower in actors["person_pronouns"]:
        person = _person_before(token, memory) or memory.last_person
        if person is not None:
            return [person], False
    speech = _speaker_verbs()
    clause = next((a for a in token.ancestors if a.dep_ == "ccomp" and _lemma(a.head) in speech), None)
    if lower in actors["state_pronouns"] and token.dep_ == "poss" and clause is not None:
        said_by = [c for c in _kids(clause.head) if c.dep_ == "nsubj"]  # "X said its soldiers …"
        found = [p for s in said_by for p in resolve(s, memory)[0] if p.code and p.person is None]
        if found:
            return found[:1], False
    if lower in actors["state_pronouns"] and memory.last_state is not None:
        return [memory.last_state], False
    if _lemma(token) in actors["ministry_words"] and memory.ministry:
        return [Party(memory.ministry)], False
    synonyms = actors["role_synonyms"]
    if (_lemma(token) in actors["side_words"] or _lemma(token) in synonyms) and token.pos_ == "NOUN":
        roles = {_lemma(token), *synonyms.get(_lemma(token), [])}
        role_match = next((p for r, p in reversed(memory.roles.items()) if r in roles), None)
        if role_match is not None:
            return [role_match], False
    return [], False


_POSSESSIVES = {"his", "her", "their", "its", "our"}


def _possessor_state(token: Token, memory: Memory) -> Party | None:
    """The state of whoever "his / her / their / its country" belongs to: the speaker of the clause
    it stands in ("X said that his country considers …"), else (his, her) the person named last.
    "our country" counts only inside a reported clause or a quotation with a named speaker."""
    if _lemma(token) not in (_lex().get("possessed_state_nouns") or ()):
        return None
    owner = next((c for c in _kids(token) if c.dep_ == "poss" and c.lower_ in _POSSESSIVES), None)
    if owner is None:
        return None
    speech = _speaker_verbs()
    clause = next((a for a in token.ancestors if a.dep_ == "ccomp" and _lemma(a.head) in speech), None)
    speakers = [c for c in _kids(clause.head) if c.dep_ == "nsubj"] if clause is not None else []
    if owner.lower_ == "our":  # only a named speaker's ("…," Kobakhidze said), not "the minister noted"
        speakers = [s for s in speakers if s.i in _ents_by_token(token.doc)]
    found = [p for s in speakers for p in resolve(s, memory)[0] if p.code]
    if found:
        return Party(found[0].code)
    if owner.lower_ in ("his", "her"):
        person = _person_before(token, memory) or memory.last_person
        return Party(person.code) if person is not None and person.code else None
    return None


def _phrase_institution(token: Token) -> str | None:
    """The institution a noun, its phrase or the phrase's words up to the noun name ("European
    Commissioner (for Energy X)"), once per token."""
    memo = _index(token.doc).institutions
    if token.i not in memo:
        memo[token.i] = _institution(token.text) or _institution(" ".join(t.text for t in _subtree(token))) \
            or _institution(" ".join(t.text for t in _subtree(token) if t.i <= token.i and t.dep_ != "det"))
    return memo[token.i]


def _person_before(token: Token, memory: Memory) -> Party | None:
    """The last person named before ``token`` in its own sentence, with the country the article
    gave them."""
    for ent in reversed([e for e in _ents_of(_sent_of(token)) if e.end <= token.i and e.label_ == "PERSON"]):
        party = _entity_party(ent)
        if party is not None and not party.code and party.person in memory.roles:
            party = memory.roles[party.person]
        if party is not None and party.code:
            return party
    return None


def _conjoined(token: Token) -> list[Token]:
    return [token, *[t for t in token.conjuncts if t.i > token.i]]


def _parties_of(tokens: list[Token], memory: Memory) -> tuple[list[Party], bool]:
    parties, mutual = [], False
    for token in tokens:
        for t in _conjoined(token):
            found, group = resolve(t, memory)
            parties += found
            mutual = mutual or group
    unique = list(dict.fromkeys(p for p in parties if p.code or p.person))
    return unique, mutual or len({p.code for p in unique}) > 1


# --- triggers ---------------------------------------------------------------------------------

@dataclass
class Trigger:
    """A candidate act: the word that names it, the verb that carries its arguments, its label."""

    token: Token
    verb: Token | None
    event_type: str | None
    mode: str | None
    source: str  # lexicon | classifier
    noun: Token | None = None


def _object(verb: Token) -> Token | None:
    objects = [c for c in _kids(verb) if c.dep_ in ("dobj", "nsubjpass", "attr", "oprd")]
    if not objects:
        objects = [p for c in _kids(verb) if c.dep_ == "prep" for p in _kids(c) if p.dep_ == "pobj"]
    return objects[0] if objects else None


def _measured(obj: Token) -> Token:
    """The noun a measure noun stands for: "a batch *of aid*" is aid."""
    if _lemma(obj) not in _lex()["measure_nouns"]:
        return obj
    inner = _prep_objects(obj, {"of"})
    return _measured(inner[0]) if inner else obj


def _is_guest(token: Token) -> bool:
    """A person or a person's title: "welcomed *President X*", "greeted *the delegation*"."""
    ent = _ents_by_token(token.doc).get(token.i)
    return (ent is not None and ent.label_ == "PERSON") or _lemma(token) in _lex()["guest_nouns"]


def _speech_content(verb: Token) -> tuple[str, str | None] | None:
    """The conflictual act a speech verb performs through what it reports: blame ("said Yerevan
    was responsible for …": ACCUSE allege; "stated that the move was unacceptable": disapprove),
    a warning ("said Paris would bear responsibility": THREATEN) or a demand ("said Armenia must
    withdraw": REQUEST)."""
    lex, lemma = _lex(), _lemma(verb)
    if lemma not in _speaker_verbs() or lemma in lex["modality"]["irrealis_heads"]:
        return None  # "hoped that the sides would …" is no act
    if lemma in lex["directive_speech"] and any(c.dep_ == "xcomp" for c in _kids(verb)) \
            and any(c.dep_ in ("dobj", "dative") for c in _kids(verb)):
        return "REQUEST", None  # "told Yerevan to stop …"
    reported = [c for c in _kids(verb) if c.dep_ == "ccomp"]
    if verb.dep_ == "parataxis" and verb.head.pos_ in ("VERB", "AUX"):
        reported.append(verb.head)  # "Paris will bear responsibility, the ministry said."
    for clause in reported:
        subjects = [c for c in _kids(clause) if c.dep_ in ("nsubj", "nsubjpass")]
        if any(c.lower_ in ("must", "should") for c in _kids(clause) if c.dep_ == "aux") and \
                not any(c.lower_ in ("we", "i", "it") for c in subjects):
            return "REQUEST", "change"  # the demanded act is its content, not an event
        if _lemma(clause) != "be" and _lexicon_label(clause)[1]:
            continue  # "said Baku had warned that …": the reported act is the event
        text = " ".join(t.lower_ for t in _subtree(clause))
        if any(phrase in text for phrase in lex["threat_phrases"]):
            return "THREATEN", None
        if clause.lower_ in lex["concern_predicates"] and not _negated(clause):
            return "ACCUSE", "disapprove"  # "said it was alarmed by the arms supplies"
        if any(phrase in text for phrase in lex["disapproving_phrases"]):
            return "ACCUSE", "disapprove"  # "… run counter to the spirit of our relations", X said
        if any(phrase in text for phrase in lex["denial_phrases"]):
            return "REJECT", None  # "said the statement had nothing to do with reality"
        if _lemma(clause) != "be":
            words = {t.lower_ for t in _subtree(clause)} | {_lemma(t) for t in _subtree(clause)}
            first_person = any(c.lower_ in ("we", "i") for c in subjects)
            if words & set(lex["disapproving_words"]) and not first_person and not _negated(clause):
                return "ACCUSE", "disapprove"  # "'Such biased steps damage relations,' X said"
            continue
        predicates = [c for c in _kids(clause) if c.dep_ in ("acomp", "attr", "prep", "advmod")]
        words = {t.lower_ for p in predicates for t in _subtree(p)}
        if any(p.lower_ in lex["blame_predicates"] for p in predicates) or "to blame" in text:
            return "ACCUSE", "allege"
        if any(p.lower_ in lex["concern_predicates"] for p in predicates) and not _negated(clause):
            return "ACCUSE", "disapprove"  # "said it was alarmed by the arms supplies"
        if any(p.lower_ in lex["readiness_words"] for p in predicates if p.dep_ == "acomp") \
                and not _negated(clause):
            return "AGREE", None  # "said Yerevan was ready to continue the dialogue"
        if words & set(lex["disapproving_words"]):  # "said the claims were groundless": a denial
            claims = any(_lemma(c) in lex["claim_nouns"] for c in subjects)
            return ("REJECT", None) if claims else ("ACCUSE", "disapprove")
    return None


def _crowd_subject(verb: Token) -> bool:
    """The verb's subject is a crowd ("protesters", "dozens of people", "Azerbaijani activists")."""
    words = set(_lex()["crowd_words"])
    for subject in (c for c in _kids(verb) if c.dep_ == "nsubj"):
        if {_lemma(subject), subject.lower_} & words or any(
                {_lemma(p), p.lower_} & words for p in _prep_objects(subject, {"of"})):
            return True
    return False


def _is_party_word(token: Token) -> bool:
    """A country, capital, institution or person named by ``token`` (entity layer)."""
    ent = _ents_by_token(token.doc).get(token.i)
    return ent is not None and _entity_party(ent) is not None


def _is_organisation(token: Token) -> bool:
    """An international organisation or body (its party code is no country's)."""
    ent = _ents_by_token(token.doc).get(token.i)
    party = _entity_party(ent) if ent is not None else None
    code = (party.code if party else None) or _institution(token.text)
    return bool(code) and code not in country_names()


def _negated(token: Token) -> bool:
    return any(c.dep_ == "neg" for c in _kids(token))


def _lexicon_label(verb: Token) -> tuple[bool, tuple[str, str | None] | None, Token | None]:
    """(the lexicon knows this verb, its label or None for "no event", the event noun it carries)."""
    memo = _index(verb.doc).labels
    if verb.i not in memo:
        memo[verb.i] = _find_lexicon_label(verb)
    return memo[verb.i]


def _find_lexicon_label(verb: Token) -> tuple[bool, tuple[str, str | None] | None, Token | None]:
    known, label, noun = _verb_label(verb)
    if noun is not None and label is not None and _lemma(noun) in (
            _lex().get("doerless_objects") or {}).get(_lemma(verb), ()) and _doer_named(verb):
        return known, None, noun  # "the decision was adopted by the Armenian parliament": one side's act
    if label == ("RETREAT", "release") and any(
            t.lower_ in _lex()["fugitive_words"] for t in _subtree(verb) if t.i > verb.i):
        return known, ("COOPERATE", None), noun  # "handed over a citizen wanted for fraud": extradition
    return known, label, noun


@lru_cache(maxsize=1)
def _verb_lemmas() -> frozenset[str]:
    """Every verb lemma a branch of ``_verb_label`` can know: each branch tests the verb's lemma
    against one of these lexicon lists first, so any other verb is unknown (False, None, None)."""
    lex = _lex()
    lists = [lex["verbs"], lex["with_object"], lex["regret_verbs"], lex["cooperation_verbs"],
             lex["joint_verbs"], lex["crowd_verbs"], lex["hosting_verbs"], lex["question_verbs"],
             lex["leave_verbs"], lex["naming_verbs"], lex.get("intent_expressing_verbs") or (),
             lex.get("intent_reporting_verbs") or (), lex.get("commemorations") or {},
             ("participate", "take"), _speaker_verbs()]
    phrasal = [key.split(" ")[0] for key in lex["phrasal"]]
    return frozenset([*(lemma for words in lists for lemma in words), *phrasal])


@lru_cache(maxsize=1)
def _noun_lemmas() -> frozenset[str]:
    """Every word a noun trigger can stand on (``_noun_label``: ``nouns``, ``participation_nouns``,
    ``evaluated_nouns``)."""
    lex = _lex()
    return frozenset([*lex["nouns"], *(lex.get("participation_nouns") or ()),
                      *(lex.get("evaluated_nouns") or {})])


def _may_trigger(sent: Span) -> bool:
    """The sentence holds a trigger candidate: a verb of ``_verb_lemmas`` or a word of ``_noun_lemmas``
    (a test on the article's lemma arrays, before any per-token work; a sentence without one has no
    lexicon trigger)."""
    index, verbs, nouns = _index(sent.doc), _verb_lemmas(), _noun_lemmas()
    lemmas, lowers, pos = index.lemmas, index.lowers, index.pos
    return any((pos[i] in ("VERB", "AUX") and lemmas[i] in verbs) or lemmas[i] in nouns or lowers[i] in nouns
               for i in range(sent.start, sent.end))


def _verb_label(verb: Token) -> tuple[bool, tuple[str, str | None] | None, Token | None]:
    """``_lexicon_label`` before the extradition check."""
    lex = _lex()
    lemma = _lemma(verb)
    if lemma not in _verb_lemmas():
        return False, None, None  # no branch below knows it
    content = _speech_content(verb)
    if content is not None:
        return True, content, None
    if lemma in lex["regret_verbs"] and _others_act(verb):
        return True, ("ACCUSE", "disapprove"), None  # "Moscow regretted Baku's decision"
    if lemma in lex["cooperation_verbs"] and any(c.lower_ in ("jointly", "together") for c in _kids(verb)
                                                 for c in (c, *(_kids(c) if c.dep_ == "prep" else ()))):
        return True, ("COOPERATE", None), None  # "jointly developed the field", "work together with X"
    if lemma in lex["joint_verbs"] and any(_is_group(c) for c in _kids(verb) if c.dep_ == "nsubj"):
        return True, ("CONSULT", None), None  # "the sides reviewed the implementation of …"
    if lemma in lex["crowd_verbs"] and _crowd_subject(verb):
        return True, ("PROTEST", "demo"), None  # "hundreds of people protested outside the embassy"
    guests = [c for c in _kids(verb) if c.dep_ in ("dobj", "nsubjpass")]  # "welcomed X", "X was welcomed"
    if lemma in lex["hosting_verbs"] and any(_is_guest(c) for c in guests):
        return True, ("CONSULT", "visit"), None  # "welcomed President X": hosting, not praise

    def phrasal(deps: tuple[str, ...]):
        for particle in [c.lower_ for c in _kids(verb) if c.dep_ in deps]:
            label = lex["phrasal"].get(f"{lemma} {particle}")
            if label is not None:
                return label
        return None

    if lemma in lex["question_verbs"] and verb.tag_ == "VBN" and verb.dep_ == "advcl" \
            and not any(c.dep_ in ("dobj", "nsubjpass", "xcomp") for c in _kids(verb)):
        return True, None, None  # "Asked about the arrests, Peskov said …"
    if lemma in lex["leave_verbs"] and any(_is_organisation(p) for p in _prep_objects(verb, {"from"})):
        return True, ("SANCTION", "withdraw"), None  # "withdrew from PACE"
    label = phrasal(("prt", "advmod"))
    if label is not None:
        return True, (tuple(label) if label[0] else None), None
    intent = _intent_noun(verb)
    if intent is not None:
        return True, ("AGREE", None), intent  # "expressed interest in expanding cooperation"
    if _commemoration(verb):
        return True, ("SUPPORT", None), None  # "laid a wreath at the monument to …"
    if (lemma == "participate" or (lemma == "take" and any(c.lower_ == "part" for c in _kids(verb)))) \
            and not _infinitive(verb) and _joins_undertaking(verb):
        return True, ("COOPERATE", None), None  # "troops take part in the joint exercise" (not "will")
    table = lex["with_object"].get(lemma) or {}
    for obj in [_measured(c) for c in _kids(verb) if c.dep_ in ("dobj", "nsubjpass")]:
        compound = " ".join(t.lower_ for t in _subtree(obj) if t.dep_ != "det" and t.i <= obj.i)
        whole = " ".join(t.lower_ for t in _subtree(obj) if t.dep_ != "det")
        for phrase, found in table.items():  # "provided financial support": AID, not SUPPORT
            if " " in phrase and (compound.endswith(phrase) or whole.startswith(phrase)):
                return True, (tuple(found) if found else None), obj  # "sent a letter of protest"
        if _lemma(obj) in table and _lemma(obj) != "_default":
            found = table[_lemma(obj)]
            return True, (tuple(found) if found else None), obj
    label = phrasal(("prep",)) if not any(c.dep_ == "dobj" for c in _kids(verb)) else None
    if label is not None:  # "called on Baku to …" (not "called Putin on Friday")
        return True, (tuple(label) if label[0] else None), None
    if lemma in lex["naming_verbs"]:  # "called the statement unacceptable", "described it as absurd"
        complement = " ".join(t.lower_ for c in _kids(verb) if c.i > verb.i and c.dep_ not in ("conj", "cc")
                              for t in _subtree(c))
        praised = any(c.dep_ == "dobj" and _is_party_word(c) for c in _kids(verb))
        if praised and set(complement.split()) & set(lex["approving_words"]):
            return True, ("SUPPORT", None), None  # "called Azerbaijan a reliable partner"
        if any(word in complement.split() for word in lex["disapproving_words"]):
            claims = any(_lemma(c) in lex["claim_nouns"] for c in _kids(verb) if c.dep_ == "dobj")
            false = any(word in complement.split() for word in lex["falsity_words"])
            # "called the report a lie": a denial; "called the statement unacceptable": a reproach
            return True, (("REJECT", None) if claims and false else ("ACCUSE", "disapprove")), None
        if any(c.dep_ in ("oprd", "ccomp", "xcomp", "acomp") for c in _kids(verb)) and (any(
                c.dep_ == "dobj" for c in _kids(verb)) or verb.dep_ == "relcl"):
            return True, None, None  # "calling it an important step": a description, not a call
    table = lex["with_object"].get(lemma)
    if table is not None:
        for obj in [_measured(c) for c in _kids(verb) if c.dep_ in ("dobj", "nsubjpass", "prt")] + (
                [_measured(o)] if (o := _object(verb)) is not None else []):
            compound = " ".join(t.lower_ for t in _subtree(obj) if t.dep_ != "det")
            for phrase, label in table.items():  # the longer phrase first: "a letter of protest"
                if " " in phrase and phrase in compound:
                    return True, (tuple(label) if label else None), obj
            key = _lemma(obj)
            if key in table:
                label = table[key]
                return True, (tuple(label) if label else None), obj
        following = " ".join(t.lower_ for t in _subtree(verb) if t.i > verb.i)
        for phrase, label in table.items():
            if " " in phrase and phrase in following:
                return True, (tuple(label) if label else None), None
        if "_default" in table:
            return True, tuple(table["_default"]), None
        if lemma not in lex["verbs"]:
            return True, None, None
    label = lex["verbs"].get(lemma)
    if label is not None:
        return True, tuple(label), None
    return False, None, None


def _intent_noun(verb: Token) -> Token | None:
    """The intent noun an expressing verb names with its content: "expressed *interest* in
    expanding …", "voiced its *willingness* to launch …". Not another's intent ("noted Turkish
    companies' interest in …", "noted the interest that investors have shown"), nor interest in a
    thing ("in the situation in the region"): the content is an infinitive, a gerund or an act noun
    of the lexicon. A reporting verb (``intent_reporting_verbs``) counts only with the holder named
    ("noted its interest in …", "stated Baku's interest in …"); a named holder is the actor."""
    lex = _lex()
    lemma = _lemma(verb)
    reporting = lemma in (lex.get("intent_reporting_verbs") or ())
    if lemma not in lex.get("intent_expressing_verbs", ()) and not reporting:
        return None
    for obj in (c for c in _kids(verb) if c.dep_ == "dobj" and _lemma(c) in lex["intent_nouns"]):
        kids = _kids(obj)
        owners = [c for c in kids if c.dep_ == "poss"]
        if any(c.dep_ == "prep" and c.lower_ == "of" for c in kids) or not all(map(_intent_holder, owners)):
            continue  # "the interest of investors", "Turkish companies' interest"
        if reporting and not owners:
            continue  # "noted the interest in …": whose is not said
        if any(c.dep_ in ("acl", "xcomp") and c.pos_ in ("VERB", "AUX")
               and any(a.dep_ == "aux" and a.tag_ == "TO" for a in _kids(c)) for c in kids):
            return obj  # "willingness to launch …" (not the relative "the interest that X have shown")
        preps = lex.get("intent_content_preps") or ()
        contents = [p for c in kids if c.dep_ == "prep" and c.lower_ in preps
                    for p in _kids(c) if p.dep_ in ("pobj", "pcomp")]
        if any(_intent_content(p) for p in contents):
            return obj  # "interest in expanding …", "readiness for joint projects"
    return None


def _commemoration(verb: Token) -> bool:
    """A commemorative act (``commemorations``): "laid a wreath at …", "wrote words in the book of
    condolences", "honoured the memory of …", "paid tribute to …" (its object or place, not a
    coordinated clause, names what is honoured)."""
    words = (_lex().get("commemorations") or {}).get(_lemma(verb))
    if not words:
        return False
    parts = [c for c in _kids(verb) if c.i > verb.i and c.dep_ in ("dobj", "prep", "dative")]
    phrase = " " + " ".join(t.lower_ for c in parts for t in _subtree(c)) + " "
    return any(f" {word} " in phrase for word in words)


def _joins_undertaking(word: Token) -> bool:
    """What ``word`` (participation, participate, take part) joins "in" is a mission, an operation, an
    exercise or a contingent (``joint_undertakings``), not a meeting or a forum."""
    undertakings = set(_lex().get("joint_undertakings") or ())
    return any(_lemma(p) in undertakings or any(_lemma(c) in undertakings for c in _kids(p)
                                                 if c.dep_ in ("compound", "amod"))
               for p in _prep_objects(word, {"in"}))


def _evaluated(noun: Token) -> bool:
    """A definite nominal act that an evaluation takes as its subject or object: "the adoption of such
    decisions is important for …", "the signing of the memorandum was welcomed"."""
    lex = _lex()
    head = noun.head
    if noun.dep_ not in ("nsubj", "nsubjpass", "dobj", "ccomp") or not _definite(noun) or _infinitive(head):
        return False
    if noun.dep_ == "ccomp":  # "it was noted that the adoption … is important" parsed with the noun as
        # the reported clause: the evaluation lies inside its phrase
        return _lemma(head) in lex["frame_verbs"] and _anchored(_subtree(noun))
    if _lemma(head) in lex["frame_verbs"]:
        return True
    predicates = set(lex.get("evaluative_predicates") or ())
    if noun.dep_ != "nsubj" or _lemma(head) != "be" or not any(
            c.dep_ in ("acomp", "attr") and _lemma(c) in predicates for c in _kids(head)):
        return False
    return _anchored(_subtree(head))


def _anchored(clause: tuple[Token, ...]) -> bool:
    """An evaluated act anchored in the interaction: "as a result of the visit", or the evaluation names
    a party ("for deepening A-B cooperation", "for relations with X"); not a background treaty."""
    ents = _ents_by_token(clause[0].doc)
    parties = [_entity_party(ents[t.i]) for t in clause if t.i in ents]
    return any(t.lower_ == "result" for t in clause) or any(p is not None and p.code for p in parties)


def _noun_label(noun: Token) -> list | None:
    """The label of an event noun: ``nouns``, participation in a joint undertaking (COOPERATE) or an
    act of ``evaluated_nouns`` inside an evaluation."""
    lex = _lex()
    lemma = _lemma(noun)
    label = lex["nouns"].get(lemma) or lex["nouns"].get(noun.lower_)
    if label is None and lemma in (lex.get("participation_nouns") or ()) and _joins_undertaking(noun):
        return ["COOPERATE", None]
    if label is None and lemma in (lex.get("evaluated_nouns") or {}) and _evaluated(noun):
        return lex["evaluated_nouns"][lemma]
    return label


_DASHES = {"-", "–", "—"}


def _pair(trigger: Trigger) -> tuple[str, str] | None:
    """The two parties of a paired modifier in the act's phrase: "a new EU-Azerbaijan agreement",
    "Azerbaijani-Russian cooperation", "the Azerbaijan–Armenia peace treaty"."""
    word = trigger.verb or trigger.token
    sent, lowers = _sent_of(word), _index(word.doc).lowers
    if not any(lowers[i] in _DASHES for i in range(sent.start, sent.end)):
        return None  # no dash token in the sentence
    if trigger.verb is None and word.dep_ in ("nsubj", "nsubjpass"):
        word = word.head  # "the adoption … is important for deepening A-B cooperation"
    doc = word.doc
    for token in _subtree(word):
        if token.text in _DASHES and 1 < token.i < len(doc) - 2 and doc[token.i - 2].text not in _DASHES \
                and doc[token.i + 2].text not in _DASHES:  # a pair, not a route ("Kars-Tbilisi-Baku")
            if _lemma(doc[token.i + 1].head) in (_lex().get("pair_places") or ()):
                continue  # "their trip to the A-B border": a place, not the act's partners
            codes = (_word_code(doc[token.i - 1]), _word_code(doc[token.i + 1]))
            if codes[0] and codes[1] and codes[0] != codes[1]:
                return codes[0], codes[1]
    return None


def _word_code(token: Token) -> str | None:
    ent = _ents_by_token(token.doc).get(token.i)
    party = _entity_party(ent) if ent is not None else None
    return (party.code if party else None) or _institution(token.text) or (
        country_of_word(token.text) if token.pos_ in ("ADJ", "PROPN") else None)


def _intent_holder(owner: Token) -> bool:
    """A possessor that may hold an intent: a pronoun ("its interest"), a party named by an entity
    or an institution ("Hungary's interest") or a side ("the Azerbaijani side's readiness"); not
    other people's ("Turkish companies' interest", "investors' interest")."""
    return owner.pos_ == "PRON" or _is_party_word(owner) or bool(_institution(owner.text)) or (
        _lemma(owner) in _lex()["actors"]["side_words"] and bool(_modifier_codes(owner)))


def _intent_content(word: Token) -> bool:
    """An intent's content after its preposition: a verb or gerund ("in expanding …") or an act
    noun of the lexicon ("in cooperation", "for joint projects"); never a name or another noun
    ("interest in the situation", "in the government of Georgia")."""
    if word.dep_ == "pcomp" or word.tag_ == "VBG" or word.pos_ == "VERB":
        return True
    lemma = _lemma(word)
    return word.pos_ == "NOUN" and (lemma in _lex()["nouns"] or lemma in _lex()["intent_content_nouns"])


def _doer_named(verb: Token) -> bool:
    """The verb names who did it (a subject or a "by" agent), other than both sides ("the sides",
    "the two presidents")."""
    doers = [c for c in _kids(verb) if c.dep_ == "nsubj"]
    doers += [p for c in _kids(verb) if c.dep_ == "agent" for p in _kids(c) if p.dep_ == "pobj"]
    return any(not _is_group(d) for d in doers)


def _others_act(verb: Token) -> bool:
    """What the verb's object or clause reports is another party's doing ("regretted *Baku's*
    decision", "deplored that *Yerevan* had …")."""
    subjects = {t.lower_ for c in _kids(verb) if c.dep_ == "nsubj" for t in _subtree(c)}
    doers = [g for c in _kids(verb) if c.dep_ == "dobj" for g in _kids(c) if g.dep_ == "poss"]
    doers += [g for c in _kids(verb) if c.dep_ == "ccomp" for g in _kids(c) if g.dep_ == "nsubj"]
    return any(_is_party_word(d) and d.lower_ not in subjects for d in doers)


def _summary(verb: Token) -> bool:
    """A perfect-tense verb whose object is counted loosely ("have held more than ten rounds of
    talks", "has signed over 40 documents"): a tally of earlier acts ("has released 32 prisoners"
    is an act)."""
    if not any(c.dep_ == "aux" and _lemma(c) == "have" for c in _kids(verb)):
        return False
    approximate = set(_lex()["tally_words"])
    for obj in (c for c in _kids(verb) if c.dep_ in ("dobj", "nsubjpass")):
        if any(c.dep_ in ("quantmod", "amod", "advmod") and c.lower_ in approximate for c in _subtree(obj)):
            return True
    return False


def _happened(noun: Token) -> bool:
    """An event noun that is reported as taking place: subject of "was held", "took place"…"""
    head = noun.head
    return noun.dep_ in ("nsubjpass", "nsubj") and _lemma(head) in _lex()["happen_verbs"]


def _noun_trigger(noun: Token, used: set[int]) -> Trigger | None:
    if noun.i in used or noun.pos_ not in ("NOUN", "PROPN"):
        return None
    label = _noun_label(noun)
    if label is None:
        return None
    if _lemma(noun) in (_lex().get("evaluated_nouns") or {}) and noun.head.i not in used and _evaluated(noun):
        return Trigger(noun, None, label[0], label[1], "lexicon", noun)  # "the adoption … is important"
    if _happened(noun):
        label = (_lex().get("happened_nouns") or {}).get(_lemma(noun), label)
        return Trigger(noun, noun.head, label[0], label[1], "lexicon", noun)
    if _frame_of(noun) is not None:  # "the results of the talks were welcomed" (not "the success of
        # the talks will depend on …", "the importance of the talks to be held …")
        return Trigger(noun, None, label[0], label[1], "lexicon", noun) if _frame_act(noun) else None
    owner = [c for c in _kids(noun) if c.dep_ == "poss"]
    if owner and noun.head.i not in used and not (noun.dep_ == "dobj" and noun.head.pos_ == "VERB"):
        return Trigger(noun, None, label[0], label[1], "lexicon", noun)
    if _own_parties(noun, label[0]) and noun.head.i not in used:
        return Trigger(noun, None, label[0], label[1], "lexicon", noun)  # "at a meeting with X"
    if _phone_frame(noun):
        return Trigger(noun, None, label[0], "phone", "lexicon", noun)  # "… during a phone call"
    return None


def _frame_of(word: Token) -> Token | None:
    """The evaluative frame noun whose "of" phrase holds ``word`` ("the *importance* of the visit",
    "the *results* of the talks", "the *significance* of the agreement signed in …"), if any (not "as
    a result of the visit", "a role of")."""
    found = _frame_and_act(word)
    return found[0] if found else None


def _frame_and_act(word: Token) -> tuple[Token, Token] | None:
    """(frame noun, the head of its "of" phrase) for ``_frame_of``."""
    frames = _lex().get("frame_nouns") or ()
    for _ in range(3):
        if word.dep_ not in ("pobj", "acl") or word.head.i == word.i:
            return None
        head = word.head
        frame = head.head
        if word.dep_ == "pobj" and head.lower_ == "of" and _lemma(frame) in frames \
                and frame.head.lower_ != "as" \
                and not any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in _kids(frame)):
            return frame, word
        word = head.head if word.dep_ == "pobj" and head.dep_ == "prep" else head
    return None


def _frame_act(word: Token) -> bool:
    """``word`` names an act that took place, inside a frame that an evaluative verb (``frame_verbs``)
    takes as subject or object: "the importance of the *recent* visit … was stressed", "the results of
    the talks were welcomed", "the significance of the agreement *signed* in Shusha was underlined".
    A frame noun of ``frame_nouns_of_completion`` (results, outcome) presupposes the act; the others
    (importance, role) need it anchored in the past: a past modifier (``past_modifiers``), a past
    participle ("the meeting *held* in March"), a date or a possessor. Nothing planned or only possible
    ("the talks *to be held* next month", "the *next* visit") is an event here."""
    found = _frame_and_act(word)
    lex = _lex()
    if found is None:
        return False
    frame, act = found
    if frame.dep_ not in ("nsubj", "nsubjpass", "dobj") or _lemma(frame.head) not in lex["frame_verbs"]:
        return False  # "the success of the talks will depend on …"
    participles = [c for t in (act, frame) for c in _kids(t) if c.dep_ in ("acl", "relcl")
                   and c.pos_ in ("VERB", "AUX")] + ([word] if word.pos_ in ("VERB", "AUX") else [])
    if any(_infinitive(p) for p in participles) or not _definite(act):
        return False  # "the talks to be held in Brussels", "the next visit", "a visit"
    if _lemma(frame) in (lex.get("frame_nouns_of_completion") or ()):
        return True
    past = set(lex.get("past_modifiers") or ())
    ents = _ents_by_token(word.doc)
    dates = {ents[t.i] for t in _subtree(act) if t.i in ents and ents[t.i].label_ == "DATE"}
    return any(p.tag_ == "VBN" for p in participles) or any(  # "the meeting held in March"
        c.dep_ == "poss" or c.lower_ in past for c in _kids(act)) or any(  # "the recent visit", "X's visit"
        not {t.lower_ for t in date} & _unrealised_modifiers() for date in dates)  # "… last month"


def _infinitive(verb: Token) -> bool:
    """The verb is an infinitive ("to be held", "to sign"), or has a future auxiliary."""
    future = _lex()["modality"]["future_aux"]
    return any(c.dep_ in ("aux", "auxpass") and (c.tag_ == "TO" or c.lower_ in future) for c in _kids(verb))


@lru_cache(maxsize=1)
def _unrealised_modifiers() -> frozenset[str]:
    cues = _lex()["modality"]
    return frozenset([*(cues.get("planned_modifiers") or ()), *(cues.get("possible_modifiers") or ())])


def _definite(noun: Token) -> bool:
    """A specific act that took place: "the / this / X's visit", not "a possible visit" or "the next
    visit" (a noun with a modifier of ``planned_modifiers`` or ``possible_modifiers`` is no realised act)."""
    kids = _kids(noun)
    if any(c.lower_ in _unrealised_modifiers() for c in kids):
        return False
    return any(c.dep_ == "poss" or (c.dep_ == "det" and c.lower_ in ("the", "this", "that", "these"))
               for c in kids)


def _phrase_preps(noun: Token, preps: set[str]) -> list[Token]:
    """Objects of ``preps`` inside a noun's own phrase, not beyond a verb ("the signing of a
    memorandum *between Baku and Yerevan*")."""
    found, stack = [], [noun]
    while stack:
        token = stack.pop()
        for child in _kids(token):
            if child.pos_ in ("VERB", "AUX") or child.dep_ in ("relcl", "acl", "appos", "conj"):
                continue
            if child.dep_ == "prep" and child.lower_ in preps:
                found += [p for p in _kids(child) if p.dep_ == "pobj"]
            stack.append(child)
    return found


def _own_parties(noun: Token, category: str) -> bool:
    """An event noun that names its own sides: a partner ("a meeting *with X*", "a memorandum
    *between A and B*", "a visit *to X*"), or for a coercive act whom it struck ("the arrest *of
    Russian citizens*")."""
    def party(tokens: list[Token]) -> bool:
        return any(p.i in _ents_by_token(noun.doc) or _modifier_codes(p) or _institution(p.text)
                   for t in tokens for p in _conjoined(t))
    preps = {"with", "between"} | ({"to"} if category == "CONSULT" else set())
    if category in _WHERE_ACTS:
        preps |= {"of"}
    return party(_phrase_preps(noun, preps))


def _phone_frame(noun: Token) -> bool:
    """A phone conversation that frames another act ("thanked X during a phone conversation"):
    itself a consultation."""
    phone = _lemma(noun) == "conversation" or any(
        c.lower_ in _lex()["mode_cues"]["phone"] for c in _kids(noun))
    return phone and noun.dep_ == "pobj" and _lemma(noun) in ("conversation", "call", "talk", "talks")


@lru_cache(maxsize=1)
def _speaker_verbs() -> frozenset[str]:
    return frozenset(narrative_lexicon()["speech_verbs"])


def find_triggers(sent: Span) -> list[Trigger]:
    """Lexicon triggers of one sentence, one per act (a light verb and its noun are one trigger)."""
    triggers, used = [], set()
    doc, index = sent.doc, _index(sent.doc)
    if not _may_trigger(sent):
        return []
    ranked = set(_lex()["ranking_words"])
    for i in range(sent.start, sent.end):
        if index.pos[i] not in ("VERB", "AUX") or index.lemmas[i] == "be":
            continue
        token = doc[i]
        if token.dep_ in ("amod", "acomp"):
            continue  # "universally recognised principles", "how promising it is": not acts
        if token.dep_ == "acl" and token.tag_ == "VBN" and not any(c.dep_ == "agent" for c in _kids(token)) \
                and not _frame_act(token):
            continue  # "the agreement signed in 2022": a reference to an earlier act (unless evaluated:
            # "the significance of the agreement signed in Shusha was underlined")
        if (token.dep_ in ("acl", "relcl") and any(c.lower_ in ranked for c in _kids(token.head))) or (
                token.dep_ == "xcomp" and _lemma(token.head) == "be"
                and any(t.lower_ in ranked for t in token.doc[token.head.i:token.i])):
            continue  # "was the first country to recognise …": a description, not an act
        known, label, noun = _lexicon_label(token)
        if label is not None and _summary(token):
            continue  # "have held more than ten rounds of talks": a tally, not an act
        nouns = _lex()["nouns"]
        if noun is not None and _lemma(noun) not in nouns and noun.lower_ not in nouns:
            used.add(noun.i)
            noun = None  # "summoned the charge d'affaires", "expressed concern": the verb is the act
        if known and label is not None:
            triggers.append(Trigger(noun or token, token, label[0], label[1], "lexicon", noun))
            used.update({token.i} | ({noun.i} if noun is not None else set()))
        elif known and noun is not None:
            used.add(noun.i)  # "expressed hope": the noun is not an event either
    acts = len(triggers)
    nouns = _lex()["nouns"]
    more = {*(_lex().get("participation_nouns") or ()), *(_lex().get("evaluated_nouns") or {})}
    for i in range(sent.start, sent.end):
        if (nouns.get(index.lemmas[i]) or nouns.get(index.lowers[i])) is None and index.lemmas[i] not in more:
            continue  # no event noun (``_noun_trigger`` says None)
        token = doc[i]
        trigger = _noun_trigger(token, used)
        if trigger is None:
            continue
        phone_frame = _phone_frame(token) and not any(t.event_type == "CONSULT" for t in triggers)
        if acts and token.dep_ == "pobj" and not _happened(token) and not phone_frame \
                and not _own_parties(token, trigger.event_type or "") and not _frame_act(token):
            continue  # "during the visit", "as part of the latter's visit": the frame of another act
        triggers.append(trigger)
        used.add(token.i)
    return _without_contents(sorted(triggers, key=lambda t: t.token.i))


# Acts whose doer, when a passive names none, is the state where they happened ("two Azerbaijani
# citizens were detained in Russia").
_WHERE_ACTS = {"COERCE", "SANCTION"}
# Cooperation reported as future is a promise: AGREE (PLOVER manual, AGREE); a future retreat is a
# verbal concession, CONCEDE (PLOVER manual, CONCEDE), and a future concession stays CONCEDE. A
# planned meeting or visit ("will meet", "is expected to visit") is the act with its modality:
# CONSULT, future (PLOVER codes the act; AGREE is for promises and agreements to act).
_PROMISED = {"SUPPORT", "COOPERATE", "AID"}
# Acts whose place names the recipient when no other does: "held talks in Baku", "opened its embassy
# in Bratislava", "closed its consulate in Tabriz".
_PLACED = {"CONSULT", "SUPPORT", "SANCTION", "COOPERATE", "AGREE", "AID"}
# Acts that move people or goods: "was handed over *to* X" names the recipient, not the doer.
_TRANSFERS = {"RETREAT", "COOPERATE", "AID"}
_GOVERNING = {"REQUEST", "THREATEN", "AGREE", "REJECT", "ACCUSE", "CONCEDE"}


def _without_contents(triggers: list[Trigger]) -> list[Trigger]:
    """Drop the acts that are only the content of another ("called on Baku *to withdraw*",
    "agreed *to hold* consultations", "refused *to sign*"): one event per act."""
    open_verbs = set(_lex().get("open_governors") or [])
    undergo = set(_lex()["undergo_verbs"])  # "was subjected to shelling": one act
    governors = {t.verb.i for t in triggers if t.verb is not None and _lemma(t.verb) not in open_verbs
                 and (t.event_type in _GOVERNING or _lemma(t.verb) in undergo)}
    intent = set(_lex().get("intent_verbs") or [])
    speech = {t.verb.i for t in triggers if t.verb is not None and _speech_content(t.verb) is not None}
    contents = {(t.verb or t.token).head.i for t in triggers if (t.verb or t.token).dep_ == "xcomp"}
    intended = {t.i for trigger in triggers if trigger.verb is not None and trigger.event_type == "AGREE"
                and (noun := _intent_noun(trigger.verb)) is not None for t in _subtree(noun) if t.i != noun.i}
    intended |= {t.i for trigger in triggers if trigger.verb is not None and trigger.verb.i in speech
                 and trigger.event_type == "AGREE" for c in _kids(trigger.verb) if c.dep_ == "ccomp"
                 for t in _subtree(c)}  # "said Baku was ready to *work* with X": the readiness' content
    content = set(_lex().get("meeting_content_verbs") or ())
    meetings = {t.verb.i for t in triggers if t.verb is not None and t.event_type == "CONSULT"}
    kept = []
    for trigger in triggers:
        verb = trigger.verb
        if verb is not None and trigger.event_type == "CONSULT" and _lemma(verb) in content \
                and verb.dep_ in ("advcl", "xcomp", "conj") and verb.head.i in meetings:
            continue  # "met … to discuss", "held talks and discussed …": what the meeting was about
        if {trigger.token.i, (trigger.verb or trigger.token).i} & intended:
            continue  # "expressed interest in *expanding* cooperation": the content of the intent
        if trigger.verb is not None and _lemma(trigger.verb) in intent and trigger.verb.i in contents:
            continue  # "plan to meet": the (future) meeting is the act
        word = trigger.verb or trigger.token
        while word.dep_ == "conj" and word.head.i != word.i:
            word = word.head
        heads = {word.head.i, word.head.head.i} if word.dep_ in ("xcomp", "ccomp", "pcomp", "pobj") else set()
        if word.dep_ == "ccomp" and word.i != (trigger.verb or trigger.token).i:
            heads -= speech  # "said it was concerned … and urged Baku to …": the urging is its own act
        if heads & governors - {word.i}:
            continue
        kept.append(trigger)
    return kept


def dyadic_candidates(sent: Span, memory: Memory, taken: set[int]) -> list[Trigger]:
    """Verbs outside the lexicon whose subject and object or prepositional object are both actors:
    candidates for the classifier."""
    out = []
    doc, index = sent.doc, _index(sent.doc)
    for i in range(sent.start, sent.end):
        if index.pos[i] != "VERB" or i in taken or index.lemmas[i] in _speaker_verbs():
            continue
        token = doc[i]
        known, _, _ = _lexicon_label(token)
        if known:
            continue
        subjects = [c for c in _kids(token) if c.dep_ in ("nsubj",)]
        objects = [c for c in _kids(token) if c.dep_ in ("dobj", "dative")] + [
            p for c in _kids(token) if c.dep_ == "prep" and c.lower_ in _RECIPIENT_PREPS
            for p in _kids(c) if p.dep_ == "pobj"]
        if subjects and objects:
            actors, _ = _parties_of(subjects, memory)
            targets, _ = _parties_of(objects, memory)
            if any(p.code for p in actors) and any(p.code for p in targets):
                out.append(Trigger(token, token, None, None, "classifier"))
    return out


# --- arguments --------------------------------------------------------------------------------

def _subjects(verb: Token) -> list[Token]:
    """The subject of ``verb``, or the one it inherits from the verb it is conjoined with or
    controlled by ("rejected the claims and called on…", "plans to visit")."""
    head = verb
    if verb.dep_ == "conj" and verb.head.dep_ == "ccomp" and _is_passive(verb.head) and not _is_passive(verb):
        head = verb.head.head  # "X said the plane had been hit … and demanded …": X demanded
    for _ in range(4):
        found = [c for c in _kids(head) if c.dep_ == "nsubj"]
        if found:
            return [_antecedent(s) for s in found]
        agent = [p for c in _kids(head) if c.dep_ == "agent" for p in _kids(c) if p.dep_ == "pobj"]
        if agent:
            return agent
        if head.dep_ == "relcl" and head.head.pos_ in ("NOUN", "PROPN"):
            return [head.head]
        if head.dep_ == "acl" and head.head.pos_ in ("NOUN", "PROPN"):
            if head.head.dep_ != "dobj" or head.head.head.pos_ != "VERB":
                return []
            head = head.head.head  # "issued a statement condemning X": the issuer condemns
            continue
        if head.dep_ not in _INHERIT or head.head.i == head.i:
            return []
        if head.dep_ == "advcl" and any(c.dep_ == "mark" for c in _kids(head)):
            return []
        head = head.head
    return []


def _antecedent(token: Token) -> Token:
    if token.tag_ in ("WP", "WDT") and token.head.dep_ == "relcl":
        return token.head.head
    return token


def _undergoes(verb: Token) -> bool:
    """The subject suffers the act ("came under fire", "was subjected to shelling"; but "X subjected
    Y to fire": X fires)."""
    return _lemma(verb) in _lex()["undergo_verbs"] and (_is_passive(verb) or _lemma(verb) != "subject")


def _receives_from(verb: Token) -> bool:
    """The subject receives what a "from" party sends ("received a letter from Macron")."""
    if _lemma(verb) not in _lex()["from_verbs"] or _is_passive(verb):
        return False
    objects = [c for c in _kids(verb) if c.dep_ == "dobj"]
    return bool(_prep_objects(verb, {"from"}) or [p for c in objects for p in _prep_objects(c, {"from"})])


def _is_passive(verb: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in _kids(verb))


def _prep_objects(token: Token, preps: set[str]) -> list[Token]:
    return [p for c in _kids(token) if c.dep_ == "prep" and c.lower_ in preps
            for p in _kids(c) if p.dep_ == "pobj"]


def arguments(trigger: Trigger, memory: Memory) -> tuple[list[Party], list[Party], bool, list[Token]]:
    """(actors, recipients, mutual, topic tokens) of a trigger."""
    verb, noun = trigger.verb, trigger.noun
    actor_tokens: list[Token] = []
    recipient_tokens: list[Token] = []
    topics: list[Token] = []
    between: list[Token] = []
    carriers = [t for t in (verb, noun) if t is not None]
    for carrier in carriers:
        between += _prep_objects(carrier, {"between", "among"})
    if noun is not None and verb is None and not between:
        between = _phrase_preps(noun, {"between", "among"})
    if noun is not None and (verb is None or _happened(noun)):
        owners = [c for c in _kids(noun) if c.dep_ == "poss"]
        if trigger.event_type in _WHERE_ACTS and not owners and verb is None:
            actor_tokens += _phrase_preps(noun, {"in", "by"})  # "the arrest of Russian citizens in Baku"
            recipient_tokens += _prep_objects(noun, {"of"})
        else:
            actor_tokens += owners or ([noun] if _modifier_codes(noun) else [])
        recipient_tokens += _prep_objects(noun, _RECIPIENT_PREPS | {"in"} if trigger.mode == "visit"
                                          else _RECIPIENT_PREPS)
        if _lemma(noun) in (_lex().get("participation_nouns") or ()):
            recipient_tokens += _prep_objects(noun, {"in"})  # "participation in Azerbaijan's mission"
    elif verb is not None and (_undergoes(verb) or _receives_from(verb)):
        # "Azerbaijani positions came under fire from Armenian units": the subject suffers the act
        recipient_tokens += [c for c in _kids(verb) if c.dep_ in ("nsubj", "nsubjpass")]
        actor_tokens += [p for c in _kids(verb) if c.dep_ in ("prep", "agent")
                         and c.lower_ in ("from", "by") for p in _kids(c) if p.dep_ == "pobj"]
        for prep in (c for c in _kids(verb) if c.dep_ == "prep"):  # "under fire from X"
            for obj in (p for p in _kids(prep) if p.dep_ in ("pobj", "pcomp")):
                actor_tokens += [p for c in _kids(obj) if c.dep_ in ("prep", "agent")
                                 and c.lower_ in ("from", "by") for p in _kids(c) if p.dep_ == "pobj"]
        for obj in (c for c in _kids(verb) if c.dep_ == "dobj"):  # "drew criticism from Baku"
            actor_tokens += _prep_objects(obj, {"from", "by"})
    elif verb is not None:
        passive = _is_passive(verb)
        by_agent = [p for c in _kids(verb) if c.dep_ == "agent" for p in _kids(c) if p.dep_ == "pobj"]
        if passive:
            actor_tokens += by_agent
            undergoers = [c for c in _kids(verb)
                          if c.dep_ == "nsubjpass" and (noun is None or c.i != noun.i)]
            recipient_tokens += undergoers
            # "the envoy was summoned to the ministry": the ministry acts (but "a protest was
            # expressed to X": X receives it)
            if not by_agent and undergoers and trigger.event_type not in _TRANSFERS:
                actor_tokens += _prep_objects(verb, {"to", "by"})
            if not by_agent and trigger.event_type in _WHERE_ACTS:  # "were detained in Russia"
                actor_tokens += _prep_objects(verb, {"in"})
        else:
            intent = _intent_noun(verb) if trigger.event_type == "AGREE" else None
            holders = [c for c in _kids(intent) if c.dep_ == "poss" and c.pos_ != "PRON"] if intent else []
            actor_tokens += holders or _subjects(verb)  # "X stated Baku's interest in …": Baku's intent
            objects = [c for c in _kids(verb)
                       if c.dep_ in ("dobj", "dative", "iobj") and (noun is None or c.i != noun.i)]
            for obj in objects:
                intent = _lemma(obj) in _lex().get("intent_nouns", ()) and trigger.event_type == "AGREE"
                (recipient_tokens if not intent and resolve(obj, memory)[0] else topics).append(obj)
        recipient_tokens += _prep_objects(verb, _RECIPIENT_PREPS - {"at"} | (
            {"from"} if trigger.event_type == "REQUEST" else set()))  # "demanded an explanation from X"
        if trigger.event_type == "COOPERATE" and _lemma(verb) in ("participate", "take") \
                and _joins_undertaking(verb):
            recipient_tokens += _prep_objects(verb, {"in"})  # "took part in the NATO exercise"
        if noun is not None:
            recipient_tokens += _prep_objects(noun, _RECIPIENT_PREPS)
            topics += _prep_objects(noun, {"on", "about", "over", "regarding"})
        xcomp_objects = [p for c in _kids(verb) if c.dep_ in ("xcomp", "ccomp") for p in _kids(c)
                         if p.dep_ == "nsubj"]
        if trigger.event_type == "AGREE" and _lemma(verb) in _speaker_verbs():
            # "said Baku was ready to work together with X and Y": the partners of the readiness
            recipient_tokens += [p for c in _kids(verb) if c.dep_ == "ccomp" for t in _subtree(c)
                                 if t.pos_ == "VERB" for p in _prep_objects(t, {"with"})]
        recipient_tokens += xcomp_objects  # "demanded that France stop…"
    actors, mutual_a = _parties_of(actor_tokens, memory)
    recipients, mutual_r = _parties_of(recipient_tokens, memory)
    mutual = False
    if between:
        pair, _ = _parties_of(between, memory)
        if len(pair) >= 2:
            actors, recipients, mutual = [pair[0]], pair[1:], True
        elif pair and actors:
            recipients = pair
    outside = [p for p in recipients if p.code not in {a.code for a in actors}]
    if mutual_a and len({p.code for p in actors}) >= 2 and not outside:
        # "A and B held talks at <A's seat of government>": the two subjects are the sides
        actors, recipients, mutual = actors[:1], [p for p in actors[1:] if p.code != actors[0].code], True
    elif mutual_a and len(actors) >= 2:
        mutual = True
    del mutual_r
    if not recipients and topics:  # "rejected Armenia's claims", "the criticism voiced by the EP"
        recipients = _parties_within(topics, memory, {p.code for p in actors})
    if not recipients and verb is not None and trigger.event_type == "AGREE" \
            and _intent_noun(verb) is not None:
        # "confirmed its interest in finalising talks on a new EU-Azerbaijan agreement": the other
        # party the clause names
        clause = [c for c in _kids(verb) if c.dep_ not in ("nsubj", "nsubjpass", "punct", "aux", "cc")]
        recipients = _parties_within(clause, memory, {p.code for p in actors})
    if not recipients and verb is not None:  # "filed a suit against X at the ICJ": X first, else the ICJ
        recipients, _ = _parties_of(_prep_objects(verb, {"at"}), memory)
    if not recipients and trigger.event_type in _PLACED and carriers:  # "held talks in Baku"
        places, _ = _parties_of([p for c in carriers for p in _prep_objects(c, {"in"})], memory)
        recipients = [p for p in places if p.code not in {a.code for a in actors} and (
            trigger.event_type == "CONSULT" or p.code in memory.dyad)][:1]  # not a third-country venue
    meetings = {noun for noun, label in _lex()["nouns"].items() if label and label[0] == "CONSULT"} | {
        "exchange", "mission", "trip"}
    if not recipients and actors and (trigger.mode == "third-party" or any(
            _lemma(t) in meetings for t in topics)):
        # "Iran condemned the visit", "the exchange was mediated by the US": the sides of the
        # interaction under way
        recipients = [p for p in memory.participants if p.code not in {a.code for a in actors}][:1]
    actor_codes = {p.code for p in actors}
    recipients = [p for p in recipients if p.code not in actor_codes] or (recipients if mutual else [])
    return actors, recipients, mutual, topics


def _parties_within(phrases: list[Token], memory: Memory, exclude: set[str]) -> list[Party]:
    """The first party named inside object phrases, through possessors, "of"/"by" phrases and
    adjectives ("the French Senate's resolution", "claims made by Yerevan")."""
    for phrase in phrases:
        for token in _subtree(phrase):
            if token.i == phrase.i or token.dep_ not in ("poss", "pobj", "amod", "compound", "nmod") \
                    or token.pos_ == "PRON":  # "its embassy": the actor's own
                continue
            found, _ = resolve(token, memory)
            found = [p for p in found if p.code and p.code not in exclude]
            if found:  # and the parties coordinated with it: "the statements of France and the Netherlands"
                more = [p for c in token.conjuncts for p in resolve(c, memory)[0]
                        if p.code and p.code not in exclude]
                return list(dict.fromkeys(found[:1] + more))
    return []


# --- modality ---------------------------------------------------------------------------------

def modality(trigger: Trigger) -> str | None:
    """``negated``, ``future``, ``conditional`` or ``hypothetical`` (hoped for), else None."""
    cues = _lex()["modality"]
    word = trigger.verb or trigger.token
    chain = [word]
    while chain[-1].dep_ in ("xcomp", "ccomp", "conj", "advcl", "acl", "pcomp", "prep", "pobj", "dobj") \
            and chain[-1].head.i != chain[-1].i and len(chain) < 6:
        chain.append(chain[-1].head)
    local = [c for t in chain[:2] for c in _kids(t)] + [c for c in _kids(trigger.token)]
    if any(c.dep_ == "neg" or c.lower_ in ("no", "never") for c in local):
        return "negated"
    if any(c.dep_ == "mark" and c.lower_ in cues["conditional_marks"] for t in chain for c in _kids(t)):
        return "conditional"
    framed = _frame_act(trigger.token)  # "the importance of the recent visit … was stressed": it took place
    for head in chain[1:]:
        if _lemma(head) in cues["irrealis_heads"] and _lemma(head) not in ("expect",) and not framed:
            return "hypothetical"
    if any(c.lower_ in cues["future_aux"] for c in local if c.dep_ in ("aux", "auxpass")):
        return "future"
    if trigger.noun is not None and trigger.verb is not None and trigger.verb.i != trigger.noun.i \
            and (_lemma(trigger.verb) in cues["future_heads"] or _infinitive(trigger.verb)) \
            and _happened(trigger.noun):
        return "future"  # "the meeting is scheduled for next week", "the talks … to be held in X"
    reported = any(t.dep_ == "ccomp" and _lemma(t.head) in _speaker_verbs() for t in chain)
    if reported and any(c.lower_ == "would" for c in local if c.dep_ == "aux"):
        return "future"  # "said Hungary would continue to support …": future in the past
    if any(_lemma(h) in cues["future_heads"] for h in chain[1:3]) and word.dep_ == "xcomp":
        return "future"
    planned = cues.get("planned_modifiers") or ()
    if any(c.lower_ in planned or (trigger.verb is None and c.dep_ in ("acl", "relcl") and _infinitive(c))
           for c in _kids(trigger.token)):
        return "future"  # "the next visit", "a meeting … to be held in Brussels"
    if any(c.lower_ in cues["conditional_aux"] for c in local if c.dep_ == "aux"):
        return "conditional"
    return None


def speaker(trigger: Trigger, memory: Memory) -> Party | None:
    """Who reports the event: the subject of a speech verb the trigger's clause depends on, or the
    object of "according to"."""
    token = trigger.verb or trigger.token
    speech = _speaker_verbs()
    while token.head.i != token.i:
        if token.dep_ in ("ccomp", "parataxis") and _lemma(token.head) in speech:
            subjects = [c for c in _kids(token.head) if c.dep_ == "nsubj"]
            parties, _ = _parties_of(subjects, memory)
            return parties[0] if parties else None
        token = token.head
    sent, doc = _sent_of(trigger.token), trigger.token.doc
    according = [p for i in _index(doc).according_to if sent.start <= i < sent.end
                 for p in doc[i].children if p.dep_ == "pobj"]
    parties, _ = _parties_of(according, memory)
    return parties[0] if parties else None


# --- contexts ---------------------------------------------------------------------------------

def contexts(text: str) -> list[str]:
    """PLOVER contexts whose cue words the sentence names (``diplomatic`` when none)."""
    lower = text.lower()
    found = [name for name, cues in ontology()["contexts"].items() if name != "diplomatic"
             and any(map(lower.__contains__, cues))]
    return found or ["diplomatic"]


@lru_cache(maxsize=256)
@lru_cache(maxsize=1024)
def _context_of(sentence: str) -> str:
    """``contexts`` joined, once per sentence (its events share it)."""
    return "; ".join(contexts(sentence))


# --- the article ------------------------------------------------------------------------------

def article_dyad(doc: Doc, focus: str = FOCUS_COUNTRY) -> tuple[str, ...]:
    """Azerbaijan and the country the article names most often besides it."""
    parties = [_entity_party(e) for e in _index(doc).ents
               if e.label_ in ("GPE", "NORP", "PERSON", "ORG", "GOV")]
    counts = Counter(p.code for p in parties if p is not None and p.code)
    others = [c for c, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])) if c != focus]
    return (focus, others[0]) if others else (focus,)


def dateline_state(doc: Doc) -> str | None:
    """The country of the city an article's dateline opens with ("Tbilisi, 12 June (APA)."): the
    issuer of an unnamed "ministry" until the article names one."""
    ents = _index(doc).ents
    first = ents[0] if ents else None
    if first is None or first.start != 0 or first.label_ != "GPE" or first.end >= len(doc) \
            or doc[first.end].text not in (",", "—", "-", "("):
        return None
    party = _entity_party(first)
    return party.code if party is not None and party.code else None


def _remember(memory: Memory, sent: Span) -> None:
    """Update the memory with the named actors of a sentence."""
    for ent in _ents_of(sent):
        party = _entity_party(ent)
        if party is None:
            continue
        if ent.label_ == "PERSON" and not party.code and party.person not in memory.roles:
            codes = _modifier_codes(ent.root)  # "EU spokesperson Peter Stano": Stano speaks for the EU
            if len(codes) == 1:
                party = Party(codes[0], party.person)
        if ent.label_ == "PERSON" and party.code:
            memory.last_person = party
            if party.person and party.code:
                memory.roles.setdefault(party.person, party)
            role = _ext(ent, "role")
            if role and party.code:
                for word in role.split():
                    memory.roles[word] = party
        elif party.code and len(party.code) == 3 and party.code.isupper():
            memory.last_state = party
        if ent.label_ in ("ORG", "GOV") and party.code and any(
                w in ent.text.lower() for w in _lex()["actors"]["ministry_words"]):
            memory.ministry, memory.ministry_named = party.code, True  # "the ministry": the last one named
    if memory.ministry_named:
        return
    words, lemmas = _lex()["actors"]["ministry_words"], _index(sent.doc).lemmas
    for i in range(sent.start, sent.end):
        if lemmas[i] in words:
            codes = _modifier_codes(sent.doc[i])
            if codes:  # "the ministry of France" overrides the dateline's state
                memory.ministry, memory.ministry_named = codes[0], True
                return


def _classify(triggers: list[Trigger], use_classifier: bool) -> list[dict[str, float] | None]:
    """Class probabilities of the triggers the lexicon left untyped (one batch per article);
    None for the others, which keep the lexicon's label and confidence."""
    untyped = [i for i, t in enumerate(triggers) if t.event_type is None]
    out: list[dict[str, float] | None] = [None] * len(triggers)
    if not use_classifier or not untyped:
        return out
    from corpuskit.events.classifier import classifier

    for i, probs in zip(untyped, classifier().predict([_clause(triggers[i]) for i in untyped]), strict=True):
        out[i] = probs
    return out


def _clause(trigger: Trigger) -> str:
    """The clause of a trigger: its verb's subtree (the whole sentence for short ones)."""
    head = trigger.verb or trigger.token.head
    tokens = list(_subtree(head))
    if len(tokens) < 5:
        return _sent_of(trigger.token).text
    return trigger.token.doc[tokens[0].i:tokens[-1].i + 1].text


def code_doc(doc: Doc, use_classifier: bool | None = None, classifier_only: bool = False) -> list[dict]:
    """Every event of a parsed, entity-tagged article, in textual order (see ``event_rows``).

    ``use_classifier`` defaults to the lexicon's ``classifier`` setting (``use_classifier=False``
    codes from the lexicon alone); ``classifier_only=True`` keeps the lexicon's trigger candidates
    but lets the classifier type them (both for measuring)."""
    if use_classifier is None:
        use_classifier = bool(_lex().get("classifier", True))
    use_classifier = use_classifier or classifier_only
    events: list[dict] = []
    indexed = _CURRENT.set(_DocIndex(doc))
    try:
        dyad = article_dyad(doc)
        # pass 1: the trigger candidates of every sentence; pass 2: one classifier call for the
        # article; pass 3: the events, with the article memory built up sentence by sentence
        memory = Memory(dyad=dyad, participants=tuple(Party(c) for c in dyad), ministry=dateline_state(doc))
        per_sentence = []
        for sent in doc.sents:
            triggers = find_triggers(sent)
            taken = {t.token.i for t in triggers} | {t.verb.i for t in triggers if t.verb is not None}
            if use_classifier:
                triggers += dyadic_candidates(sent, memory, taken)
            if classifier_only:
                for trigger in triggers:
                    trigger.event_type, trigger.mode, trigger.source = None, None, "classifier"
            per_sentence.append((sent, triggers))
            _remember(memory, sent)
        probabilities = iter(_classify([t for _, ts in per_sentence for t in ts], use_classifier))
        memory = Memory(dyad=dyad, participants=tuple(Party(c) for c in dyad), ministry=dateline_state(doc))
        for sent, triggers in per_sentence:
            for trigger in triggers:
                event = _event(trigger, next(probabilities), memory)
                if event is not None:
                    events.append({**event, "split": _coordinated(trigger)})
            _remember(memory, sent)
    finally:
        _CURRENT.reset(indexed)
    # one event per coordinated recipient only after repeats and meeting content are known: a copy
    # goes with its original
    return split_recipients(without_meeting_content(link_repeats(events)))


def _event(trigger: Trigger, probs: dict[str, float] | None, memory: Memory) -> dict | None:
    event_type, mode, source = trigger.event_type, trigger.mode, trigger.source
    confidence = 0.7 if source == "lexicon" else 0.0
    if probs is not None:
        if event_type is None:
            best, second = sorted(probs, key=probs.get, reverse=True)[:2]
            if best == "NONE" or probs[best] < max(CLASSIFIER_THRESHOLD, CLASSIFIER_MARGIN * probs[second]):
                return None
            event_type, confidence = best, probs[best]
        else:
            confidence = max(confidence, probs.get(event_type, 0.0))
            source = "lexicon+classifier"
    mood = modality(trigger)
    if mood == "hypothetical":
        return None
    word = trigger.verb or trigger.token
    subjects = [c for c in _kids(word) if c.dep_ in ("nsubj", "nsubjpass")]
    if subjects and all(_lemma(c) in _lex()["non_actors"] for c in subjects):
        return None  # "experts warn", "analysts say": no state acts
    if mood == "negated" and event_type in ("SUPPORT", "AGREE", "COOPERATE", "AID", "CONSULT", "CONCEDE",
                                            "RETREAT") and any(
            c.lower_ in ("will", "would", "'ll", "wo") for c in _kids(word) if c.dep_ == "aux"):
        event_type, mode, mood = "REJECT", None, None  # "would not support sanctions": a refusal
    elif mood == "negated" and _lemma(word) in _lex()["refusal_when_negated"]:
        event_type, mode, mood = "REJECT", None, None  # "did not accept Baku's reaction"
    if mood == "future" and (event_type in _PROMISED or (event_type == "CONSULT" and _promised(word))):
        event_type, mode = "AGREE", None  # PLOVER: future cooperation, an offer to host talks: AGREE
    elif mood == "future" and event_type == "RETREAT":  # "announced … would withdraw troops"
        event_type, mode = "CONCEDE", None
    actors, recipients, mutual, topics = arguments(trigger, memory)
    if event_type == "REQUEST" and _peace_call(trigger) and actors and actors[0].code in memory.dyad:
        event_type, mode = "AGREE", None  # PLOVER: a party calling for the conflict's end states intent
    if event_type == "MOBILIZE" and (mutual or _joint(trigger)):  # PLOVER: joint exercises
        event_type, mode = "COOPERATE", None
    verb = trigger.verb
    if verb is not None and (verb.dep_ == "conj" or (verb.dep_ == "advcl" and verb.tag_ == "VBG" and not any(
            c.dep_ in ("mark", "nsubj") for c in _kids(verb)))) and verb.head.i in memory.sides_of_verb:
        earlier_actors, earlier = memory.sides_of_verb[verb.head.i]  # "rejected … and warned"
        if not [p for p in actors if p.code]:
            actors = earlier_actors
        recipients = recipients or earlier
    actors = [p for p in actors if p.code] or actors
    if actors and not actors[0].code:
        actors = []
    memorial = verb is not None and _commemoration(verb)
    if memorial and mutual:
        return None  # "both leaders laid wreaths": the host honours its own as well
    if memorial and actors:  # what is honoured: the party its object or place names
        honoured = _parties_within([c for c in _kids(verb) if c.dep_ in ("dobj", "prep", "dative")], memory,
                                   {p.code for p in actors})
        recipients = honoured or [p for p in recipients if p.code and p.code != actors[0].code]
        if not recipients and actors[0].code == FOCUS_COUNTRY:
            return None  # the focus country honouring its own
    pair = _pair(trigger)
    named = bool(recipients)
    if pair and not actors and not recipients:  # "the adoption … is important for A-B cooperation"
        actors, recipients, mutual = [Party(pair[0])], [Party(pair[1])], True
    inferred = False
    if not actors and recipients and len(memory.dyad) == 2:
        other = [c for c in memory.dyad if c != recipients[0].code]  # the other side of the first
        actors, inferred = [Party(c) for c in other[:1]], True
        recipients = [p for p in recipients if p.code not in other[:1]]
    if not actors and not recipients and len({p.code for p in memory.participants if p.code}) >= 2:
        # no side named ("15 documents were signed"): the sides of the interaction under way
        sides = list({p.code: p for p in reversed(memory.participants) if p.code}.values())[::-1]
        actors, recipients, inferred = sides[:1], sides[1:2], True
        mutual = event_type in ("CONSULT", "AGREE", "COOPERATE", "SUPPORT")
    if actors and not recipients and len(memory.dyad) == 2 and actors[0].code in memory.dyad:
        recipients, inferred = [Party(c) for c in memory.dyad if c != actors[0].code][:1], True
    elif actors and not recipients and actors[0].code and actors[0].code not in country_names():
        # an organisation's statement with no addressee ("the OSCE expressed concern"): the sides of
        # the interaction under way
        recipients = [p for p in memory.participants if p.code and p.code != actors[0].code][:1]
        inferred = bool(recipients)
    if pair and actors and actors[0].code:
        if actors[0].code in pair and not named:  # "readiness for Azerbaijani-Russian cooperation"
            recipients = [Party(c) for c in pair if c != actors[0].code]
        elif actors[0].code not in pair and len(recipients) == 1 and recipients[0].code in pair \
                and recipients[0].code not in country_names():
            # "Hungary's interest in a new EU-Azerbaijan agreement": the state of the article's dyad,
            # not the organisation
            partner = [c for c in pair if c in memory.dyad and c != actors[0].code]
            recipients = [Party(partner[0])] if partner else recipients
    if not actors:
        return None
    if verb is not None:
        memory.sides_of_verb[verb.i] = (actors, recipients)
    mode = _consult_mode(trigger, mode) if event_type == "CONSULT" else mode
    if event_type == "CONSULT" and mode != "third-party" and len({p.code for p in actors + recipients}) >= 2:
        if mood != "future":  # a planned meeting is no interaction under way
            memory.participants = tuple(dict.fromkeys([*actors, *recipients]))
        mutual = mutual or _lemma(trigger.token) in _lex()["mutual_acts"]
    if actors[0].person and actors[0].code:
        memory.last_person = actors[0]
    said_by = speaker(trigger, memory)
    token = trigger.token
    sent = _sent_of(token)
    recipient = recipients[0] if recipients else Party("")
    return {
        "start_char": token.idx, "end_char": token.idx + len(token.text), "trigger": token.text,
        "verb": (trigger.verb.text if trigger.verb is not None else ""),
        "event_type": event_type, "mode": mode, "context": _context_of(sent.text),
        "quad_class": quad_class(event_type), "plover_score": score(event_type, mode),
        "actor": actors[0].code or None, "actor_person": actors[0].person,
        "actors": "; ".join(dict.fromkeys(p.code for p in actors if p.code)),
        "recipient": recipient.code or None, "recipient_person": recipient.person,
        "recipients": "; ".join(dict.fromkeys(p.code for p in recipients if p.code)),
        "mutual": bool(mutual), "inferred": inferred, "modality": mood, "negated": mood == "negated",
        "speaker": said_by.code if said_by else None,
        "topics": "; ".join(dict.fromkeys(_lemma(c) for t in topics for c in _conjoined(t))),
        "confidence": round(float(confidence), 3), "coder": source,
        "sent_start": sent.start_char, "sent_end": sent.end_char,
    }


def _promised(word: Token) -> bool:
    """The act is the content of an offer or a promise ("offered to host the talks", "agreed to
    meet", "expressed readiness to host …"), not only planned ("will meet", "is expected to visit"),
    nor a clause coordinated with an offer ("Russia offered aid, and Putin will visit Baku")."""
    heads = _lex()["modality"].get("promise_heads") or ()
    while word.head.i != word.i and (word.dep_ in ("xcomp", "ccomp", "acl") or (
            word.dep_ == "conj" and not any(c.dep_ in _SUBJECTS for c in _kids(word)))):
        word = word.head
        if _lemma(word) in heads:
            return True
    return False


def _peace_call(trigger: Trigger) -> bool:
    """A call for peace addressed to no one: "called for an end to the hostilities"."""
    verb = trigger.verb
    if verb is None or any(c.dep_ in ("dobj", "dative") or (c.dep_ == "prep" and c.lower_ in ("on", "upon"))
                           for c in _kids(verb)):
        return False
    text = " ".join(t.lower_ for t in _subtree(verb) if t.i > verb.i)
    return any(phrase in text for phrase in _lex()["peace_calls"])


def _joint(trigger: Trigger) -> bool:
    """The act is done jointly ("joint exercises", "exercises held jointly")."""
    words = [*(_subtree(trigger.noun) if trigger.noun is not None else []),
             *(_kids(trigger.verb) if trigger.verb is not None else [])]
    return any(t.lower_ in _lex()["joint_words"] for t in words)


def _consult_mode(trigger: Trigger, mode: str | None) -> str | None:
    cues = _lex()["mode_cues"]
    sent = _sent_of(trigger.token)
    words = set(_index(sent.doc).lowers[sent.start:sent.end])
    for name in ("phone", "multilateral"):
        if words & set(cues[name]):
            return name
    return mode


def _coordinated(trigger: Trigger) -> bool:
    """The trigger's object or recipient phrase coordinates parties ("called on *Azerbaijan and
    Armenia*", "talks with *A and B*", "ready to work with *X and Y*, Z said"); not topics ("talks
    on *energy and transport*"): both conjuncts name a party, outside a topic preposition."""
    carriers = [t for t in (trigger.verb, trigger.noun) if t is not None]
    if trigger.verb is not None and _lemma(trigger.verb) in _speaker_verbs():
        carriers += [t for c in _kids(trigger.verb) if c.dep_ == "ccomp" for t in _subtree(c)
                     if t.pos_ == "VERB"]
    preps = _RECIPIENT_PREPS - set(_lex().get("topic_preps") or ()) | {"between"}
    objects = [c for t in carriers for c in _kids(t) if c.dep_ in ("dobj", "dative")]
    objects += [p for t in carriers for p in _prep_objects(t, preps)]
    for verb in (t for t in carriers if t.pos_ in ("VERB", "AUX")):  # a phrasal verb's: "called on A and B"
        phrasal = {w for w in _RECIPIENT_PREPS if f"{_lemma(verb)} {w}" in _lex()["phrasal"]}
        objects += _prep_objects(verb, phrasal)
    objects += [p for o in objects for p in _prep_objects(o, {"of"})]  # "the ambassadors of A and B"
    return any(c.dep_ == "conj" and _names_party(o) and _names_party(c) for o in objects for c in _kids(o))


def _names_party(token: Token) -> bool:
    """A noun that names a party: an entity that is one, an institution, a country word, or a noun
    a country modifies ("the Armenian side", "the presidents of Turkey")."""
    return _is_party_word(token) or bool(_institution(token.text)) or bool(_modifier_codes(token)) or (
        token.pos_ in ("PROPN", "ADJ") and country_of_word(token.text) is not None)


def per_recipient(event: dict) -> list[dict]:
    """One event per recipient country of a coordinated object ("called on Azerbaijan and Armenia
    to …", "talks with A and B"): copies of the event that share its trigger (``start_char``,
    ``end_char``) and its ``recipients`` list, each with one of them as ``recipient`` and marked
    ``recipient_copy`` (a recipient inferred from the article is always a single one: never split).

    >>> [e["recipient"] for e in per_recipient({"actor": "EU", "recipient": "AZE", "recipient_person": None,
    ...                                          "recipients": "AZE; ARM"})]
    ['AZE', 'ARM']
    """
    codes = _further_recipients(event)
    return [event] + [{**event, "recipient": code, "recipient_person": None, "recipient_copy": True}
                      for code in codes]


def _further_recipients(event: dict) -> list[str]:
    """The recipients of ``recipients`` besides ``recipient`` that ``per_recipient`` gives a copy."""
    codes = [c for c in event["recipients"].split("; ") if c and c != event["actor"]]
    if len(codes) < 2 or event["recipient"] not in codes:
        return []
    return [c for c in codes if c != event["recipient"]]


def split_recipients(events: list[dict]) -> list[dict]:
    """``per_recipient`` for the events marked ``split`` (the marks ``split`` and ``links`` are
    removed); ``same_as`` is renumbered and points to the earlier report with the same recipient
    (``links``, see ``link_repeats``): a copy with no earlier report of its own is a first report."""
    out: list[dict] = []
    where: dict[tuple[int, str | None], int] = {}
    first_of: dict[int, int] = {}
    for i, event in enumerate(events):
        split, links = event.pop("split", False), event.pop("links", {})
        first_of[i] = len(out)
        for copy in per_recipient(event) if split else [event]:
            where[(i, copy["recipient"])] = len(out)
            earlier = links.get(copy["recipient"])
            out.append({**copy, "same_as": earlier if earlier is not None or copy is not event
                        else event["same_as"]})
    for event in out:
        same = event["same_as"]
        if same is not None:
            same = where.get(same, first_of[same[0]]) if isinstance(same, tuple) else first_of[same]
            event["same_as"] = same
    return out


def without_meeting_content(events: list[dict]) -> list[dict]:
    """Drop what was said inside a meeting already coded ("The sides discussed A and B", "They
    exchanged views on C" after "X met Y"): a CONSULT repeat (``same_as`` set) whose verb is one
    of the lexicon's ``meeting_content_verbs`` is the content of that act, not another act;
    ``same_as`` (and ``links``) are renumbered for the events kept."""
    content = set(_lex().get("meeting_content_verbs") or ())
    kept = [i for i, e in enumerate(events) if not (
        e["same_as"] is not None and e["event_type"] == "CONSULT" and e["verb"].lower() in content)]
    new_index = {old: new for new, old in enumerate(kept)}
    out = []
    for i in kept:
        event = {**events[i], "same_as": None if (same := events[i]["same_as"]) is None else new_index[same]}
        if "links" in event:
            event["links"] = {code: (new_index[j], other) for code, (j, other) in event["links"].items()}
        out.append(event)
    return out


def link_repeats(events: list[dict]) -> list[dict]:
    """Mark a later report of the same act (same category, sides and modality, in another
    sentence) with ``same_as``: the index of its first report in the article. ``links`` maps each
    recipient matched to the (index, recipient) of its earlier report: an event to be split
    (``split``) is matched for each of its recipients."""
    first: dict[tuple, tuple[int, str | None]] = {}
    for i, event in enumerate(events):
        codes = [event["recipient"]] + (_further_recipients(event) if event.get("split") else [])
        links = {}
        for code in codes:
            pair = (event["actor"], code)
            sides = frozenset(filter(None, pair)) if event["mutual"] else pair  # direction matters
            key = (event["event_type"], sides, event["modality"])
            earlier = first.get(key)
            if earlier is not None and events[earlier[0]]["sent_start"] != event["sent_start"] and any(pair):
                links[code] = earlier
            else:
                first.setdefault(key, (i, code))
        event["same_as"] = links[event["recipient"]][0] if event["recipient"] in links else None
        event["links"] = links
    return events

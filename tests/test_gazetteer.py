"""The gazetteer's data: role phrases, the office-dated actor dictionary, country names."""

from __future__ import annotations

import datetime
import itertools
import re

import pycountry
import pytest

from corpuskit.countries import country_lookup, find_countries
from corpuskit.gazetteer import (
    CANONICAL_ROLES,
    load_gazetteer,
    officials_path,
    read_officials,
    same_person_spelling,
    slug,
)

ORGANISATIONS = {"EU", "NATO", "UN", "OSCE", "CIS", "OTS", "CSTO", "GUAM", "OIC", "COE"}


@pytest.fixture(scope="module")
def gazetteer():
    return load_gazetteer()


def test_roles_are_the_canonical_vocabulary(gazetteer):
    assert set(gazetteer.roles) <= set(CANONICAL_ROLES)
    assert {row["role"] for row in read_officials(officials_path())} <= set(CANONICAL_ROLES)


def test_officials_rows_are_well_formed():
    rows = read_officials(officials_path())
    assert len(rows) > 150
    for row in rows:
        assert row["person"].strip() == row["person"] and row["person"], row
        country = row["country"]
        assert country in ORGANISATIONS or pycountry.countries.get(alpha_3=country), row
        start = datetime.date.fromisoformat(row["from"])
        if row["to"]:
            assert start <= datetime.date.fromisoformat(row["to"]), row
        assert row["source_note"], row


def test_no_person_holds_one_office_twice_at_once():
    offices: dict[tuple[str, str], list[tuple[datetime.date, datetime.date]]] = {}
    for row in read_officials(officials_path()):
        end = datetime.date.fromisoformat(row["to"]) if row["to"] else datetime.date.max
        offices.setdefault((slug(row["person"]), row["role"]), []).append(
            (datetime.date.fromisoformat(row["from"]), end))
    for key, spans in offices.items():
        spans.sort()
        assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans)), key


@pytest.mark.parametrize(("person", "date", "office"), [
    ("boris_johnson", datetime.date(2017, 1, 1), ("foreign minister", "GBR")),
    ("boris_johnson", datetime.date(2021, 1, 1), ("prime minister", "GBR")),
    ("hakan_fidan", datetime.date(2024, 1, 1), ("foreign minister", "TUR")),
    ("donald_tusk", datetime.date(2017, 1, 1), ("president", "EU")),
    ("donald_tusk", datetime.date(2024, 6, 1), ("prime minister", "POL")),
    ("hikmet_hajiyev", datetime.date(2016, 1, 1), ("spokesperson", "AZE")),
    ("hikmet_hajiyev", datetime.date(2022, 1, 1), ("presidential aide", "AZE")),
])
def test_office_on_a_date(gazetteer, person, date, office):
    assert gazetteer.office(person, date) == office


def test_office_without_a_date(gazetteer):
    assert gazetteer.office("murat_nurtleu", None) == ("foreign minister", "KAZ")  # one office
    assert gazetteer.office("boris_johnson", None) is None                     # two: unknown
    assert gazetteer.office("boris_johnson", None, "prime minister") == ("prime minister", "GBR")
    assert gazetteer.home("boris_johnson") == "GBR"


@pytest.mark.parametrize(("text", "role"), [
    ("Deputy Minister of Foreign Affairs", "deputy foreign minister"),
    ("Minister", "minister"),
    ("Assistant to the President", "presidential aide"),
    ("Special Representative of the President", "special representative"),
    ("the Minister of Foreign Affairs", "foreign minister"),
    ("Head of the Press Service of the Ministry", "spokesperson"),
    ("Federal Chancellor", "prime minister"),
    ("U.S. Secretary of State", "foreign minister"),
    ("Secretary of State for European Affairs", "state secretary"),
    ("Chargé d'Affaires a.i.", "charge d'affaires"),
    ("Speaker of the Parliament", "speaker of parliament"),
    ("the fm", None),  # abbreviations only as written
])
def test_longest_role_phrase_wins(gazetteer, text, role):
    found = gazetteer.role_in(text)
    assert (found[0] if found else None) == role


def test_surnames_shared_by_two_officials_are_not_ruler_patterns(gazetteer):
    surnames = {p["pattern"] for p in gazetteer.ruler_patterns() if " " not in p["pattern"]
                and p["label"] == "PERSON"}
    assert "Hasanov" not in surnames      # Zakir, Ramiz, Ali Hasanov
    assert "Sharif" not in surnames       # Nawaz and Shehbaz Sharif
    assert "Lavrov" in surnames
    assert not {"II", "III"} & surnames   # regnal numbers are not surnames


def test_person_spellings():
    assert same_person_spelling("Sergey Lavrow", "Sergey Lavrov")
    assert not same_person_spelling("Ramiz Hasanov", "Zakir Hasanov")
    assert not same_person_spelling("Michel Barnier", "Charles Michel")


def test_country_names_from_data():
    lookup = country_lookup()
    assert [lookup[n] for n in ("kazakh", "saudi", "u.s.", "uk", "french", "chinese")] == [
        "KAZ", "SAU", "USA", "GBR", "FRA", "CHN"]
    assert find_countries("He told us the US and the UK agreed.") == ["USA", "GBR"]


def test_ascii_spellings_of_officials_are_aliases(gazetteer):
    assert gazetteer.resolve("Peter Szijjarto", "PERSON").id == "peter_szijjarto"
    assert gazetteer.resolve("Radoslaw Sikorski", "PERSON").id == "radoslaw_sikorski"
    assert re.fullmatch(r"[a-z_]+", gazetteer.resolve("Mevlut Cavusoglu", "PERSON").id)


def test_resolve_remembers_answers_within_a_bound(monkeypatch):
    gazetteer = load_gazetteer()
    mentions = [("Hakan Fidan", "PERSON"), ("Hakan Fidann", "PERSON"), ("Nobody Atall", "PERSON"),
                ("Latvia", "GPE"), ("Eastren Partnership", "ORG")]
    answers = [gazetteer._resolve(text, label) for text, label in mentions]
    assert answers[0] is not None and answers[1] == answers[0] and answers[2] is None
    monkeypatch.setattr("corpuskit.gazetteer.RESOLVED_MAX", 3)
    for _ in range(2):
        assert [gazetteer.resolve(text, label) for text, label in mentions] == answers
        assert len(gazetteer._resolved) <= 3

"""The office-dated actor dictionary (``data/officials.csv``) as data: its columns, vocabularies,
dates, order and spellings, and that its dated offices reach the entity output."""

from __future__ import annotations

import csv
import datetime
import itertools
import re

import pycountry
import pytest

from corpuskit.gazetteer import CANONICAL_ROLES, ascii_form, fold, load_gazetteer, officials_path, slug

COLUMNS = ["person", "aliases", "country", "role", "from", "to", "source_note"]
# Organisation ids that may stand in the country column (COMMON brief's upper-case ids).
ORGANISATIONS = {"EU", "NATO", "OSCE", "UN", "CIS", "OTS", "CSTO", "GUAM", "OIC", "ICRC", "IMF", "WB", "COE"}
# Offices one person holds at a time in a country or organisation ("head of organisation" is not:
# the EU has a Commission President and a High Representative).
SINGLE_SEAT = {"president", "vice-president", "prime minister", "foreign minister", "defence minister",
               "speaker of parliament", "secretary-general", "monarch"}
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@pytest.fixture(scope="module")
def rows() -> list[dict]:
    with officials_path().open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        assert reader.fieldnames == COLUMNS
        table = list(reader)
    assert all(None not in row and None not in row.values() for row in table), "wrong field count"
    return table


def _span(row: dict) -> tuple[datetime.date, datetime.date]:
    end = datetime.date.fromisoformat(row["to"]) if row["to"] else datetime.date.max
    return datetime.date.fromisoformat(row["from"]), end


def _spellings(row: dict) -> set[str]:
    names = [row["person"], *filter(None, row["aliases"].split("|"))]
    return {fold(n) for n in names + [ascii_form(n) for n in names]}


def test_cells_are_clean_and_from_the_vocabularies(rows):
    for row in rows:
        assert all(value == value.strip() for value in row.values()), row
        assert row["person"] and row["source_note"], row
        assert row["role"] in CANONICAL_ROLES, row
        assert row["country"] in ORGANISATIONS or pycountry.countries.get(alpha_3=row["country"]), row
        assert all(alias.strip() and alias != row["person"] for alias in row["aliases"].split("|")
                   if row["aliases"]), row
        # Latin script only: fold() keeps no Cyrillic letter, and Russian text is not analysed.
        assert "" not in _spellings(row), row


def test_dates_are_iso_and_ordered(rows):
    for row in rows:
        assert ISO_DATE.fullmatch(row["from"]), row
        assert not row["to"] or ISO_DATE.fullmatch(row["to"]), row
        start, end = _span(row)
        assert start <= end, row


def test_no_duplicate_rows(rows):
    keys = [(r["person"], r["country"], r["role"], r["from"]) for r in rows]
    assert len(keys) == len(set(keys))


def test_no_overlapping_terms_of_one_office(rows):
    terms: dict[tuple[str, str], list] = {}
    for row in rows:
        terms.setdefault((slug(row["person"]), row["role"]), []).append(_span(row))
    for key, spans in terms.items():
        spans.sort()
        assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans)), key


def test_one_holder_of_a_single_seat_office_at_a_time(rows):
    """A country (or organisation) has one president, prime minister, foreign minister... at a
    time: overlapping terms of two people mean a wrong date (a handover day may be shared)."""
    terms: dict[tuple[str, str], list] = {}
    for row in rows:
        if row["role"] in SINGLE_SEAT:
            terms.setdefault((row["country"], row["role"]), []).append((*_span(row), row["person"]))
    for key, spans in terms.items():
        spans.sort()
        assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans)), key


def test_one_person_per_spelling(rows):
    """A spelling (name, alias, their ASCII forms, folded) names one person only: otherwise the
    gazetteer would silently give it to whichever row came first."""
    owners: dict[str, set[str]] = {}
    for row in rows:
        for spelling in _spellings(row):
            owners.setdefault(spelling, set()).add(slug(row["person"]))
    shared = {s: ids for s, ids in owners.items() if len(ids) > 1}
    assert not shared


def test_person_rows_together_in_date_order_with_the_same_aliases(rows):
    """The file's order: a person's rows are adjacent, by start date, and list the same aliases."""
    seen: set[str] = set()
    for person, group in itertools.groupby(rows, key=lambda r: r["person"]):
        group = list(group)
        assert person not in seen, f"{person}'s rows are split"
        seen.add(person)
        assert [r["from"] for r in group] == sorted(r["from"] for r in group), person
        assert len({r["aliases"] for r in group}) == 1, person


@pytest.mark.parametrize(("person", "date", "office"), [
    ("wopke_hoekstra", datetime.date(2022, 6, 1), ("foreign minister", "NLD")),
    ("mohammed_bin_salman", datetime.date(2020, 1, 1), ("defence minister", "SAU")),
    ("mohammed_bin_salman", datetime.date(2023, 1, 1), ("prime minister", "SAU")),
    ("nikos_dendias", datetime.date(2021, 5, 1), ("foreign minister", "GRC")),
    ("nikos_dendias", datetime.date(2024, 5, 1), ("defence minister", "GRC")),
    ("kaja_kallas", datetime.date(2022, 5, 1), ("prime minister", "EST")),
    ("kaja_kallas", datetime.date(2025, 5, 1), ("head of organisation", "EU")),
    ("marija_pejcinovic_buric", datetime.date(2021, 1, 1), ("secretary-general", "COE")),
    ("shahin_mustafayev", datetime.date(2021, 1, 1), ("deputy prime minister", "AZE")),
    ("abbas_mousavi", datetime.date(2020, 1, 1), ("spokesperson", "IRN")),
    ("kyriakos_mitsotakis", datetime.date(2023, 6, 1), None),  # the 2023 caretaker month
])
def test_office_held_on_a_date(person, date, office):
    assert load_gazetteer().office(person, date) == office


@pytest.mark.parametrize(("text", "published", "name", "country", "role"), [
    ("Jeyhun Bayramov met Wopke Hoekstra in Baku on Tuesday.", datetime.date(2022, 6, 1),
     "Wopke Hoekstra", "NLD", "foreign minister"),
    ("Ilham Aliyev received Nikos Dendias, who conveyed greetings.", datetime.date(2024, 3, 2),
     "Nikos Dendias", "GRC", "defence minister"),
    ("Sahiba Gafarova held talks with Alen Simonyan in Geneva.", datetime.date(2023, 10, 1),
     "Alen Simonyan", "ARM", "speaker of parliament"),
])
def test_dictionary_gives_country_and_role_the_text_leaves_out(nlp, text, published, name, country, role):
    doc = nlp.make_doc(text)
    doc._.published = published
    doc = next(nlp.pipe([doc]))
    people = {e.text: e for e in doc.ents if e.label_ == "PERSON"}
    assert name in people, [e.text for e in doc.ents]
    assert (people[name]._.country_iso3, people[name]._.role) == (country, role)

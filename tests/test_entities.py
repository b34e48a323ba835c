"""Entity tagging against the hand-checked gold, canonical actors, roles and dyads."""

from __future__ import annotations

import itertools

import pytest

from corpuskit.entities import add_dyads, plain_entities
from corpuskit.evaluate import gold_entity_spans, score_systems
from corpuskit.gazetteer import FUZZY_THRESHOLD, fold, load_gazetteer, same_person_spelling
from corpuskit.tables import validate
from tests.conftest import SEEDS


def test_corpuskit_beats_plain_spacy_on_gold(articles, entities):
    gold = set(gold_entity_spans(articles["body"].to_dict()))
    ours = {(r.doc_id, r.start_char, r.end_char, r.label) for r in entities.itertuples()}
    plain = {(doc_id, start, end, label)
             for doc_id, spans in zip(articles.index, plain_entities(articles["body"]), strict=True)
             for start, end, label in spans}
    scores = score_systems(gold, {"corpuskit": ours, "plain spaCy": plain}).set_index("system")["f1"]
    assert scores["corpuskit"] >= 0.90
    assert scores["corpuskit"] > scores["plain spaCy"]


def test_canonical_ids_match_gold(articles, entities):
    gold = {span[:3]: cid for span, cid in gold_entity_spans(articles["body"].to_dict()).items()}
    ours = {(r.doc_id, r.start_char, r.end_char): r.canonical_id for r in entities.itertuples()}
    shared = gold.keys() & ours.keys()
    wrong = {k: (gold[k], ours[k]) for k in shared if gold[k] != ours[k]}
    assert not wrong
    assert len(shared) == len(gold)


def _persons(entities, doc, text):
    rows = entities[(entities["doc_id"] == SEEDS[doc]) & (entities["text"] == text)]
    assert len(rows), text
    return rows


@pytest.mark.parametrize(("doc", "text", "person"), [
    ("lavrov_2023", "Sergei Lavrov", "sergey_lavrov"),       # spelling variant
    ("mfa_2019", "Sergey Lavrov", "sergey_lavrov"),
    ("mfa_2019", "S.Lavrov", "sergey_lavrov"),                # initial
    ("mfa_2019", "E.Mammadyarov", "elmar_mammadyarov"),
    ("azernews_2022", "Hasanov", "zakir_hasanov"),            # surname after a full mention
    ("azernews_2022", "Pabriks", "artis_pabriks"),
    ("lavrov_2023", "Lavrov", "sergey_lavrov"),
    ("azernews_2022", "Zakir Hasanov", "zakir_hasanov"),      # title "Col-Gen" not in the name
    ("latvia_2020", "Klahaf Khalafov", "khalaf_khalafov"),    # the source's typo
    ("latvia_2020", "Jānis Mažeiks", "janis_mazeiks"),        # diacritics
])
def test_canonicalisation(entities, doc, text, person):
    assert set(_persons(entities, doc, text)["canonical_id"]) == {person}


@pytest.mark.parametrize(("sentence", "name", "actor"), [
    # typos in a first word, next to an exact match of the rest of the name (not in the seeds)
    ("The Eastren Partnership summit opened in Brussels.", "Eastren Partnership", "eastern_partnership"),
    ("The Southren Gas Corridor delivers gas to Europe.", "Southren Gas Corridor", "southern_gas_corridor"),
    ("It was done in the framework of the OCSE Minsk Group.", "OCSE Minsk Group", "osce_minsk_group"),
    # typos the statistical NER finds, resolved by fuzzy look-up
    ("Azerbaijan wants closer ties with the Europian Union.", "Europian Union", "eu"),
    ("Ships crossed the Caspain Sea on Monday.", "Caspain Sea", "caspian_sea"),
    # exact names stay whole
    ("Mediation efforts of the OSCE Minsk Group co-chairs.", "OSCE Minsk Group", "osce_minsk_group"),
    ("It chairs the Non-Aligned Movement.", "Non-Aligned Movement", "nam"),
])
def test_misspelt_names_resolve(nlp, sentence, name, actor):
    found = {e.text: e._.canonical_id for e in nlp(sentence).ents}
    assert found.get(name) == actor, found


def test_titles_are_not_persons(entities):
    persons = set(entities.loc[entities["label"] == "PERSON", "text"])
    assert not persons & {"Col-Gen", "Col-Gen Zakir Hasanov", "President Ilham Aliyev", "tête à tête"}


@pytest.mark.parametrize(("doc", "text", "country", "role"), [
    ("azernews_2022", "Zakir Hasanov", "AZE", "defence minister"),    # "Azerbaijani Defence Minister"
    ("azernews_2022", "Artis Pabriks", "LVA", "defence minister"),    # "his Latvian counterpart"
    ("latvia_2020", "Khalaf Khalafov", "AZE", "deputy foreign minister"),  # ", Deputy Minister of ..."
    ("newsaz_2024", "Fariz Rzayev", "AZE", "deputy foreign minister"),     # "the country's Deputy ..."
    ("newsaz_2024", "Jeroen Cooreman", "BEL", "director"),            # "Director-General ... of Belgium's"
    ("lavrov_2023", "Sergei Lavrov", "RUS", "foreign minister"),      # "Russian Foreign Minister"
    ("mfa_2019", "Polad Bulbuloglu", "AZE", "ambassador"),            # "Ambassador ... of Azerbaijan to"
    ("mfa_2019", "Mikhail Bocharnikov", "RUS", "ambassador"),
    ("mfa_2019", "E.Mammadyarov", "AZE", "foreign minister"),
])
def test_affiliation_and_role(entities, doc, text, country, role):
    rows = _persons(entities, doc, text)
    assert set(rows["country_iso3"]) == {country}
    assert set(rows["role"]) == {role}


def test_capital_demonym_and_country_resolve_to_one_country(entities):
    for text in ("Baku", "Azerbaijani", "Azerbaijan", "Republic of Azerbaijan"):
        assert set(entities.loc[entities["text"] == text, "canonical_id"]) == {"AZE"}
    assert set(entities.loc[entities["text"] == "Nagorno-Karabakh", "label"]) == {"LOC"}
    assert set(entities.loc[entities["text"] == "COP29", "label"]) == {"EVENT"}


def test_fuzzy_threshold_separates_variants_from_different_people():
    """Known spelling variants are one person's spellings; no two gazetteer people are."""
    variants = [("Sergei Lavrov", "Sergey Lavrov"), ("Klahaf Khalafov", "Khalaf Khalafov"),
                ("Janis Mazeiks", "Jānis Mažeiks"), ("Edgars Rinkevics", "Edgars Rinkēvičs")]
    from rapidfuzz import fuzz

    assert min(fuzz.ratio(fold(a), fold(b)) for a, b in variants) >= FUZZY_THRESHOLD
    assert all(same_person_spelling(a, b) for a, b in variants)
    people = [a.name for a in load_gazetteer().actors.values() if a.label == "PERSON"]
    assert not [(a, b) for a, b in itertools.combinations(people, 2) if same_person_spelling(a, b)]
    gazetteer = load_gazetteer()
    assert gazetteer.resolve("Sergei Lavrow", "PERSON").id == "sergey_lavrov"
    assert gazetteer.resolve("Ilham Aliyeva", "PERSON").id == "ilham_aliyev"
    assert gazetteer.resolve("Pieter Vandermolen", "PERSON") is None


@pytest.mark.parametrize(("doc", "dyad"), [
    ("latvia_2020", "AZE–LVA"), ("azernews_2022", "AZE–LVA"), ("newsaz_2024", "AZE–BEL"),
    ("mfa_2019", "AZE–RUS"), ("lavrov_2023", "AZE–RUS"),
])
def test_dyad_of_every_article(articles, entities, doc, dyad):
    table = add_dyads(articles.reset_index(drop=True), entities).set_index("doc_id")
    assert table.loc[SEEDS[doc], "dyad"] == dyad
    assert table.loc[SEEDS[doc], "partner_iso3"] == dyad[-3:]


def test_entity_table_schema_and_offsets(articles, entities, sentences):
    validate(entities, "entities")
    for row in entities.itertuples():
        assert articles.loc[row.doc_id, "body"][row.start_char:row.end_char] == row.text
        in_doc = sentences[sentences["doc_id"] == row.doc_id]
        sentence = in_doc[in_doc["sent_id"] == row.sent_id].iloc[0]
        assert sentence.start_char <= row.start_char < sentence.end_char

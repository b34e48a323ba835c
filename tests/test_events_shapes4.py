"""Event shapes of round four, on sentences of our own: recipients from paired modifiers, participation
in a mission, nominal adoption inside an evaluation, "his / her country", commemorations and aid."""

from __future__ import annotations

import pytest

from corpuskit.events.coder import code_doc

_MET = "Azerbaijani Foreign Minister Jeyhun Bayramov met Latvian Foreign Minister Baiba Braze in Riga. "


def _events(nlp, text: str) -> list[tuple]:
    return [(e["trigger"], e["event_type"], e["actor"], e["recipient"])
            for e in code_doc(nlp(text), use_classifier=False)]


@pytest.mark.parametrize(("text", "expected"), [
    ("Overchuk expressed Moscow's readiness for the deepening of Azerbaijani-Russian cooperation.",
     ("expressed", "AGREE", "RUS", "AZE")),
    (_MET + "Braze confirmed Latvia's interest in finalising talks on a new EU-Azerbaijan partnership "
            "agreement.",
     ("confirmed", "AGREE", "LVA", "AZE")),
    ("Bayramov said that his country is ready to sign the Azerbaijan–Armenia peace treaty.",
     ("said", "AGREE", "AZE", "ARM")),
])
def test_a_paired_modifier_names_the_other_side(nlp, text, expected):
    assert expected in _events(nlp, text)


def test_participation_in_a_mission_is_cooperation_in_a_forum_none(nlp):
    text = ("Kazakh Defence Minister Ruslan Zhaksylykov held talks with Azerbaijani Defence Minister "
            "Zakir Hasanov. The upcoming visit of the minister to Baku was mentioned, and Kazakhstan's "
            "participation in Azerbaijan's peacekeeping mission was emphasised. Kazakhstan's participation "
            "in the forum was also welcomed.")
    found = [e for e in _events(nlp, text) if e[0] == "participation"]
    assert found == [("participation", "COOPERATE", "KAZ", "AZE")]


@pytest.mark.parametrize("sentence", [
    "It was noted that the adoption, as a result of the talks, of such decisions is important for deepening "
    "Azerbaijan-Kazakhstan cooperation.",
    "The adoption of the roadmap is an important step for relations between Kazakhstan and Azerbaijan.",
    "It was noted that the adoption as a result of the talks of such important decisions as launching a "
    "joint investment fund, as well as making the business forum an annual event is important for the "
    "further deepening of the Azerbaijani-Kazakh cooperation.",
])
def test_adoption_inside_an_evaluation_is_agree_between_the_sides(nlp, sentence):
    text = "Kazakh President Kassym-Jomart Tokayev held talks with President Ilham Aliyev. " + sentence
    found = [e for e in _events(nlp, text) if e[0] == "adoption"]
    assert [(e[1], {e[2], e[3]}) for e in found] == [("AGREE", {"KAZ", "AZE"})]


@pytest.mark.parametrize("sentence", [
    "The adoption of the law took two years.",
    "The ministers said that the signing of the convention on the Caspian Sea is important for the region.",
])
def test_adoption_without_evaluation_or_anchor_is_no_event(nlp, sentence):
    assert not [e for e in _events(nlp, _MET + sentence) if e[0] in ("adoption", "signing")]


@pytest.mark.parametrize(("sentence", "trigger", "expected"), [
    ("The Latvian minister said that his country supports the territorial integrity of Azerbaijan.",
     "supports", ("SUPPORT", "LVA", "AZE")),
    ("Braze noted that her country supports the peace agenda.", "supports", ("SUPPORT", "LVA", "AZE")),
    ('"Our country supports the peace process," Braze said.', "supports", ("SUPPORT", "LVA", "AZE")),
    ("The Azerbaijani minister noted that our country values the cooperation with Latvia.", "values",
     ("SUPPORT", "AZE", "LVA")),
])
def test_his_her_our_country_is_the_speakers_state(nlp, sentence, trigger, expected):
    found = [e[1:] for e in _events(nlp, _MET + sentence) if e[0] == trigger]
    assert found == [expected]


@pytest.mark.parametrize(("sentence", "trigger", "recipient"), [
    ("Braze laid a wreath at the monument to the victims of the Azerbaijani tragedy.", "laid", "AZE"),
    ("Braze honoured the memory of the fallen soldiers.", "honoured", "AZE"),
    ("Bayramov wrote words of condolence in the memorial book at the Latvian Foreign Ministry.", "wrote",
     "LVA"),
])
def test_a_visitors_commemoration_supports_the_honoured(nlp, sentence, trigger, recipient):
    found = [e for e in _events(nlp, _MET + sentence) if e[0] == trigger]
    assert [(e[1], e[3]) for e in found] == [("SUPPORT", recipient)]


def test_the_focus_country_honouring_its_own_is_no_event(nlp):
    text = _MET + "Azerbaijani veterans honoured the memory of the martyrs in Baku."
    assert not [e for e in _events(nlp, text) if e[0] == "honoured"]


@pytest.mark.parametrize(("sentence", "trigger", "actor"), [
    ("Japan offered humanitarian assistance to Azerbaijan.", "offered", "JPN"),
    ("Latvia has sent humanitarian aid to Azerbaijan.", "sent", "LVA"),
    ("The Latvian Red Cross delivered medical supplies to Azerbaijan.", "delivered", "LVA"),
])
def test_aid_offered_sent_or_delivered_is_aid(nlp, sentence, trigger, actor):
    found = [e for e in _events(nlp, _MET + sentence) if e[0] == trigger]
    assert [(e[1], e[2], e[3]) for e in found] == [("AID", actor, "AZE")]


def test_offered_help_stays_a_promise(nlp):
    found = [e for e in _events(nlp, "Germany offered its help to Azerbaijan.") if e[0] == "offered"]
    assert [e[1] for e in found] == ["AGREE"]


def test_a_paired_modifier_of_a_place_names_no_side(nlp):
    text = ("Azerbaijan summoned the Belgian ambassador on Monday. Bayramov stated that the remarks made by "
            "members of the Belgian Senate during their trip to the Armenian-Azerbaijani border constituted "
            "interference in the internal affairs of Azerbaijan.")
    assert ("stated", "ACCUSE", "AZE", "BEL") in _events(nlp, text)

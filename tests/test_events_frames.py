"""Event shapes of round three, on sentences of our own: intent named by a noun, planned meetings,
acts inside evaluative frames, doer-less passives and coordinated recipients."""

from __future__ import annotations

import pytest

from corpuskit.events.coder import code_doc


def _events(nlp, text: str) -> list[tuple]:
    return [(e["trigger"], e["event_type"], e["actor"], e["recipient"], e["modality"])
            for e in code_doc(nlp(text), use_classifier=False)]


@pytest.mark.parametrize(("text", "expected"), [
    ("Hungarian Foreign Minister Peter Szijjarto met Azerbaijani Foreign Minister Jeyhun Bayramov. "
     "Szijjarto expressed Hungary's interest in expanding cooperation with Azerbaijan.",
     ("expressed", "AGREE", "HUN", "AZE", None)),
    ("Uzbekistan has expressed interest in finalising talks on a free trade agreement with Azerbaijan.",
     ("expressed", "AGREE", "UZB", "AZE", None)),
    ("The Azerbaijani delegation voiced its willingness to launch a joint fund with Kazakhstan.",
     ("voiced", "AGREE", "AZE", "KAZ", None)),
    ("Georgia reaffirmed its desire to deepen the strategic partnership with Azerbaijan.",
     ("reaffirmed", "AGREE", "GEO", "AZE", None)),
    ("The Italian side noted its interest in increasing gas purchases from Azerbaijan.",
     ("noted", "AGREE", "ITA", "AZE", None)),
])
def test_intent_named_by_a_noun_is_agree_and_its_content_no_event(nlp, text, expected):
    events = _events(nlp, text)
    assert expected in events
    assert [e for e in events if e[0] == expected[0]] == [expected]
    content = {"expanding", "finalising", "talks", "launch", "deepen", "increasing"}
    assert not [e for e in events if e[0] in content]  # the act intended is the AGREE's content


@pytest.mark.parametrize("text", [
    "The Egyptian side expressed interest in Azerbaijan's experience in reconstruction.",
    "The minister noted the growing interest of Turkish companies in the region.",
    "Azerbaijan expressed hope that Armenia would sign the treaty.",
])
def test_interest_in_no_act_is_no_intent(nlp, text):
    assert not [e for e in _events(nlp, text) if e[1] == "AGREE"]


@pytest.mark.parametrize(("text", "trigger"), [
    ("Azerbaijani Foreign Minister Jeyhun Bayramov arrived in Tbilisi. He will also meet with his "
     "Georgian counterpart.", "meet"),
    ("Bayramov is expected to hold talks with Georgian Prime Minister Irakli Kobakhidze.", "talks"),
    ("The Slovak president will visit Baku next month.", "visit"),
    ("The next meeting of the intergovernmental commissions of Azerbaijan and Armenia is scheduled for May.",
     "meeting"),
])
def test_a_planned_meeting_is_consult_future(nlp, text, trigger):
    found = [e for e in _events(nlp, text) if e[0] == trigger]
    assert [(e[1], e[4]) for e in found] == [("CONSULT", "future")]


@pytest.mark.parametrize(("text", "trigger"), [
    ("Germany offered to host talks between Azerbaijan and Armenia.", "host"),
    ("Azerbaijan and Serbia will sign a memorandum on energy cooperation.", "sign"),
])
def test_an_offered_or_promised_act_is_agree(nlp, text, trigger):
    found = [e for e in _events(nlp, text) if e[0] == trigger]
    assert [(e[1], e[4]) for e in found] == [("AGREE", "future")]


@pytest.mark.parametrize(("text", "trigger", "actor", "recipients"), [
    ("The European Union called on Azerbaijan and Armenia to refrain from escalation.", "called", "EU",
     ["AZE", "ARM"]),
    ("Baku held talks with Armenia and Russia on the opening of transport links.", "talks", "AZE",
     ["ARM", "RUS"]),
    ("Azerbaijan is ready to work together with the Armenian side and Russia on transport links.", "work",
     "AZE", ["ARM", "RUS"]),
    ("Azerbaijan is determined to work together with Armenia and Russia, Deputy Prime Minister Shahin "
     "Mustafayev said.", "said", "AZE", ["ARM", "RUS"]),
])
def test_one_event_per_coordinated_recipient(nlp, text, trigger, actor, recipients):
    found = [e for e in _events(nlp, text) if e[0] == trigger]
    assert [(e[2], e[3]) for e in found] == [(actor, r) for r in recipients]


def test_events_of_one_trigger_share_it_and_keep_unique_ids(nlp):
    from corpuskit.events import event_rows

    rows = event_rows("d", nlp("The EU called on Azerbaijan and Armenia to refrain from escalation."))
    called = [r for r in rows if r["trigger"] == "called"]
    start = called[0]["start_char"]
    assert [r["event_id"] for r in called] == [f"d:{start}", f"d:{start}:ARM"]
    assert {(r["start_char"], r["end_char"], r["recipients"]) for r in called} == {
        (called[0]["start_char"], called[0]["end_char"], "AZE; ARM")}
    assert len({r["event_id"] for r in rows}) == len(rows)


@pytest.mark.parametrize(("sentence", "trigger", "event_type"), [
    ("A number of important decisions were adopted as a result of the visit.", "adopted", "AGREE"),
    ("Several decisions were adopted following the talks.", "adopted", "AGREE"),
    ("Documents defining the priorities of cooperation in transport and energy were signed.", "signed",
     "SUPPORT"),
    ("A roadmap for the expansion of the Middle Corridor was also approved.", "approved", "SUPPORT"),
])
def test_doerless_passive_acts_belong_to_the_sides_under_way(nlp, sentence, trigger, event_type):
    text = "Kazakh President Kassym-Jomart Tokayev held talks with President Ilham Aliyev. " + sentence
    found = [e for e in _events(nlp, text) if e[0] == trigger]
    assert [(e[1], {e[2], e[3]}) for e in found] == [(event_type, {"KAZ", "AZE"})]


_RECEIVED = "President Ilham Aliyev received a delegation led by Turkish Defence Minister Yasar Guler. "


@pytest.mark.parametrize(("sentence", "trigger", "event_type"), [
    ("The importance of the recent official visit of President Recep Tayyip Erdogan to Azerbaijan was "
     "stressed.", "visit", "CONSULT"),
    ("The results of the talks in Ankara last month were also welcomed.", "talks", "CONSULT"),
    ("The significance of the agreement on military cooperation signed in Shusha was underlined.", "signed",
     "SUPPORT"),
])
def test_an_act_inside_an_evaluative_frame_is_an_event(nlp, sentence, trigger, event_type):
    found = [e for e in _events(nlp, _RECEIVED + sentence) if e[0] == trigger]
    assert [(e[1], {e[2], e[3]}, e[4]) for e in found] == [(event_type, {"TUR", "AZE"}, None)]
    assert not [e for e in _events(nlp, _RECEIVED + sentence) if e[0] in ("stressed", "underlined")]


@pytest.mark.parametrize("sentence", [
    "The sides stressed the importance of holding regular consultations.",
    "Guler stressed the importance of a visit by the president.",
    "The importance of the next visit of the president was stressed.",
])
def test_an_act_only_wished_for_in_a_frame_is_no_event(nlp, sentence):
    assert _events(nlp, _RECEIVED + sentence)[1:] == []


@pytest.mark.parametrize("text", [
    "Bayramov arrived in Tbilisi. He will also meet with his counterpart Maka Botchorishvili to discuss "
    "regional connectivity.",
    "President Ilham Aliyev met with Recep Tayyip Erdogan and discussed regional security.",
])
def test_what_a_meeting_is_about_is_no_second_meeting(nlp, text):
    assert not [e for e in _events(nlp, text) if e[0] in ("discuss", "discussed")]
    assert len([e for e in _events(nlp, text) if e[0] in ("meet", "met")]) == 1


def test_one_states_officials_are_that_state_not_both_sides(nlp):
    text = ("Azerbaijani Deputy Prime Minister Shahin Mustafayev arrived in Yerevan. Mustafayev held "
            "talks with Armenia and Russia's deputy prime ministers.")
    found = [e for e in _events(nlp, text) if e[0] == "talks"]
    assert [(e[2], e[3]) for e in found] == [("AZE", "ARM"), ("AZE", "RUS")]


@pytest.mark.parametrize(("text", "trigger", "recipients"), [
    ("Fidan also met with the ambassadors of Azerbaijan and Georgia.", "met", ["AZE", "GEO"]),
    ("The Azerbaijani Foreign Ministry condemned the statements of France and the Netherlands.", "condemned",
     ["FRA", "NLD"]),
])
def test_coordinated_recipients_inside_an_of_phrase(nlp, text, trigger, recipients):
    assert [e[3] for e in _events(nlp, text) if e[0] == trigger] == recipients


@pytest.mark.parametrize(("text", "trigger", "expected"), [
    ("Lithuanian Foreign Minister Kestutis Budrys met Jeyhun Bayramov. The Azerbaijani side confirmed its "
     "interest in finalising negotiations on a new EU-Azerbaijan partnership agreement.", "confirmed",
     ("AGREE", "AZE", "EU")),
    ("Lithuanian Foreign Minister Kestutis Budrys met Jeyhun Bayramov. The Azerbaijani minister expressed "
     "interest in the transit opportunities offered by Lithuania.", "expressed", ("AGREE", "AZE", "LTU")),
    ("Russian Foreign Minister Sergey Lavrov met Jeyhun Bayramov. He said that documents defining the "
     "principles of the settlement were adopted.", "adopted", ("SUPPORT", "RUS", "AZE")),
])
def test_intent_and_adoption_in_other_wordings(nlp, text, trigger, expected):
    assert [e[1:4] for e in _events(nlp, text) if e[0] == trigger] == [expected]

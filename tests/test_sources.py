"""Sources: listed outlets, credit patterns that need no list, issuing ministries."""

from __future__ import annotations

import pytest

from corpuskit.sources import (
    canonical_outlet,
    dateline_credit,
    find_credit,
    find_source,
    known_outlet,
    labelled_credit,
    masthead_outlet,
    ministry_named,
    source_table,
)


@pytest.mark.parametrize(("text", "outlet"), [
    ("The talks were held in Riga, Trend reports.", "Trend"),
    ("The ministers met in Baku, Report informs citing the ministry.", "Report.az"),
    ("The talks went well, the deputy minister told News.Az on Monday.", "News.Az"),
    ("The talks were held in Tashkent, Dunyo IA reports.", "Dunyo"),
    ("The talks were held in Kyiv, Bugle Daily reports.", "Bugle Daily"),  # unlisted: still found
    ("Министры провели переговоры в Баку, сообщает ТАСС.", "TASS"),
    ("Nazirlər Bakıda görüşüblər, APA xəbər verir.", "APA"),
    ("Bu barədə Report-un Astana müxbiri xəbər verir.", "Report.az"),
    ("Drills were held near the coast, Report informs, citing the Ministry of Defense.", "Report.az"),
    ("The crossing stays open, Trend reports, citing the State Border Service.", "Trend"),
    ("A trade house will open, APA reported, referring to the Ministry of Economy.", "APA"),
    ("The railway deal was signed, Interpressnews reported on Tuesday.", "Interpressnews"),
    ("The forum opened in Sofia, Caspian Weekly reports.", "Caspian Weekly"),  # an outlet word
    ("India and Azerbaijan met, IANS reported.", "IANS"),  # an acronym
    ("The sides discussed a cable, a Kazinform correspondent reports.", "Kazinform"),
    ("Report's Moscow correspondent informs that the talks ended.", "Report.az"),
    ("Trend reports that the ministers met in Baku on Monday.", "Trend"),
    ("The envoy was received in Yerevan, news.am reports.", "News.am"),
    ("Report informs, the document was signed in Astana.", "Report.az"),
    ("The talks began in Almaty, reported Kazinform news agency.", "Kazinform"),
    ("Qafqazinfo APA-ya istinadən xəbər verir ki, nazirlər görüşüb.", "Qafqazinfo"),
])
def test_credit_sentences(text, outlet):
    assert find_credit(text) == outlet


@pytest.mark.parametrize("text", [
    "The president told Aliyev that the talks would continue.",  # "told" + a person
    "The ministry reported a rise in trade.",
    "Observers see a trend in the region, analysts say.",
    "The talks were held in Riga, Azerbaijan's Defence Ministry reported.",  # an office, not an outlet
    "The commissions met on the border, Helen Carver reports.",  # a reporter, not an outlet
    "The route has changed the region, Anna Petrova writes.",
    "Anna Petrova reports that the route has changed the region.",
    "Aliyev's foreign policy adviser told reporters the talks ended.",
    "Trade grew, Report informs citing data.".replace("Report", "Jane Doe"),
])
def test_no_credit_where_none_is_named(text):
    assert find_credit(text) is None


@pytest.mark.parametrize(("line", "outlet"), [
    ("BAKU, Dec. 20 (Xinhua) -- Azerbaijan's president met ...", "Xinhua"),
    ("MOSCOW, March 5. /TASS/. Russian Foreign Minister ...", "TASS"),
    ("(Baku) TASS - Azerbaijan is ready to continue talks", "TASS"),
    ("Baku/30.05.23/Turan: The Foreign Ministry summoned", "Turan"),
    ("(MENAFN- AzerNews) Azerbaijan and Hungary have discussed", "Azernews"),
    ("Tehran, IRNA -- Iranian Foreign Minister and his counterpart discussed", "IRNA"),
    ("ASTANA, March 14 (Kazinform) - Kazakh and Azerbaijani officials met", "Kazinform"),
    ("NEW DELHI, March 14 (IANS) - Indian and Azerbaijani officials met", "IANS"),
    ("ANKARA (Anka) -- Turkish officials met", "Anka"),  # an agency's place in a dateline
    ("Yerevan, Kavkazpress -- Armenian officials met", "Kavkazpress"),  # unlisted, after a place
    ("Baku, Monday -- Officials met", None),
    ("Baku, Azerbaijan - Officials met", None),
    ("Baku, December 20, AZERTAC Foreign Minister of Azerbaijan met", "AZERTAC"),
    ("ANKARA (AA) - Turkish Foreign Minister met", "Anadolu Agency"),
    ("Bakı. 5 mart. Trend: Azərbaycan və Polşa", "Trend"),
    ("Special Report: Baku and Riga sign a deal", None),  # a common word alone is not a credit
    ("(Baku) The ministers met on Monday and discussed the agenda.", None),  # a place, not a credit
    ("Azerbaijan's Deputy Foreign Minister received a delegation, the ministry told APA.", None),
])
def test_dateline_agencies(line, outlet):
    assert dateline_credit(line) == outlet


def test_labelled_credits_take_people_only_as_authors_not_sources():
    assert labelled_credit("Autor: Tanjug") == "Tanjug"
    assert labelled_credit("Source: Caspian News") == "Caspian News"
    assert labelled_credit("Источник: РИА Новости") == "RIA Novosti"
    assert labelled_credit("By Sabina Mammadli") is None
    assert labelled_credit("By the end of the year trade grew") is None
    assert labelled_credit("Caspian News Desk") == "Caspian News"
    assert labelled_credit("John Smith, Staff Writer") is None and labelled_credit("John Smith Staff") is None


def test_short_spellings_only_in_upper_case():
    assert known_outlet("AA") == "Anadolu Agency" and known_outlet("aa") is None
    assert known_outlet("trend") is None and canonical_outlet("trend.az") == "Trend"


@pytest.mark.parametrize(("line", "issuer"), [
    ("Ministry of Foreign Affairs of the Republic of Azerbaijan",
     "Ministry of Foreign Affairs of Azerbaijan"),
    ("Republic of Türkiye Ministry of Foreign Affairs", "Ministry of Foreign Affairs of Turkey"),
    ("Latvian Foreign Ministry", "Ministry of Foreign Affairs of Latvia"),
    ("MINISTRY OF FOREIGN AFFAIRS OF THE REPUBLIC OF AZERBAIJAN",
     "Ministry of Foreign Affairs of Azerbaijan"),
    ("The talks were useful", None),
])
def test_issuing_ministries(line, issuer):
    assert ministry_named(line) == issuer


def test_release_is_issued_by_its_own_country():
    paragraphs = ["The Foreign Minister of Georgia received the Ambassador of Azerbaijan.",
                  "Partnership with Azerbaijan is important for our country, Georgia, he said."]
    assert find_source([], paragraphs, release=True) == ("Ministry of Foreign Affairs of Georgia", [])


def test_source_unknown_is_flagged():
    assert find_source([], ["The ministers met in Baku and discussed trade."]) == (None, ["source unknown"])


def test_the_outlet_table_covers_the_field():
    outlets = source_table()["outlets"]
    for name in ["AZERTAC", "TASS", "Anadolu Agency", "IRNA", "Armenpress", "Agenda.ge", "Kazinform",
                 "Xinhua", "Reuters", "Tanjug", "LETA"]:
        assert name in outlets
    owners: dict[str, set[str]] = {}
    for name, aliases in outlets.items():
        for spelling in [name, *aliases]:
            owners.setdefault(spelling.lower(), set()).add(name)
    assert not {s: o for s, o in owners.items() if len(o) > 1}, "a spelling names two outlets"


def test_an_outlet_cited_for_a_fact_is_the_last_resort():
    text = "The bridge was opened on Thursday, according to IRNA."
    assert find_credit(text) is None and find_credit(text, cited=True) == "IRNA"
    assert find_credit("The talks went well, according to Aliyev.", cited=True) is None
    assert find_source([], [text]) == ("IRNA", [])
    assert find_source([], [text], sign_off="News.Az") == ("News.Az", [])  # its own sign-off wins


@pytest.mark.parametrize(("line", "outlet"), [
    ("DAILY SABAH WITH AA", "Daily Sabah"),
    ("TRT World and agencies", "TRT World"),
    ("news.am", "News.am"),
    ("AZERTAC INTERVIEW WITH THE MINISTER", None),  # a title in capitals, not a masthead
    ("TREND", None),  # a common word alone is no masthead
])
def test_mastheads(line, outlet):
    assert masthead_outlet(line) == outlet

"""Sources: the publishing page's own evidence (web address, handle, copyright) before outlets its
text cites; office acronyms; releases citing agencies."""

from __future__ import annotations

import pytest

from corpuskit.sources import (
    _squashed,
    address_outlet,
    dateline_credit,
    find_credit,
    find_source,
    home_country,
    labelled_credit,
    masthead_outlet,
    ministry_named,
    url_outlet,
)


@pytest.mark.parametrize(("line", "outlet"), [
    ("https://www.dailysabah.com/politics/diplomacy/some-story", "Daily Sabah"),
    ("https://oc-media.org/georgia-and-azerbaijan/", "OC Media"),
    ("www.gazeta.uz/en/2024/04/10/trade/", "Gazeta.uz"),
    ("https://en.trend.az/azerbaijan/politics/3900000.html", "Trend"),
    ("https://www.bbc.co.uk/news/world-europe-1", "BBC"),
    ("https://apnews.com/article/azerbaijan-1", "AP"),
    ("https://t.me/azertac/12345", "AZERTAC"),
    ("@report_az", "Report.az"),
    ("https://www.example.com/news/1", None),  # an unlisted site
    ("Baku hosts talks", None),
    ("news.am", None),  # a bare name, not an address: left to the masthead rules
])
def test_web_addresses_and_handles(line, outlet):
    assert url_outlet(line) == outlet


def test_a_url_line_is_a_masthead_and_an_address_inside_a_line_counts():
    assert masthead_outlet("https://oc-media.org/x/") == "OC Media"
    assert address_outlet("Home Politics https://www.dailysabah.com/x Talks held") == "Daily Sabah"
    assert address_outlet("Read more at dailysabah") is None


def test_squashed_spellings_name_one_outlet_each():
    # a squashed spelling (no spaces, dots, dashes) must not stand for two outlets
    from corpuskit.sources import _NOT_ALNUM, _aliases
    owners: dict[str, set[str]] = {}
    for alias, name in _aliases().items():
        owners.setdefault(_NOT_ALNUM.sub("", alias), set()).add(name)
    assert not {k: v for k, v in owners.items() if len(v) > 1}
    assert _squashed()["dailysabah"] == "Daily Sabah"


@pytest.mark.parametrize(("line", "outlet"), [
    ("Source: Al Jazeera and news agencies", "Al Jazeera"),
    ("Published in Dawn, March 5th, 2024", "Dawn"),
    ("Published in June 2024", None),
    ("via @report_az", "Report.az"),
    ("Source: https://www.dailysabah.com/politics/x", "Daily Sabah"),
    ("Источник: Sputnik Азербайджан", "Sputnik Azerbaijan"),
])
def test_credit_lines(line, outlet):
    assert labelled_credit(line) == outlet


def test_the_page_own_footer_outranks_an_outlet_its_text_credits():
    text = ["TEHRAN – The minister said on Tuesday that transit would grow, IRNA reported."]
    assert find_source([], text) == ("IRNA", [])
    assert find_source([], text, footer=["© 2024 Tehran Times. All rights reserved."]) == ("Tehran Times", [])
    ru = ["Как сообщает IRNA, министры обсудили строительство моста."]
    assert find_source([], ru, footer=["© 1news.az, 2024. Все права защищены."])[0] == "1news.az"


def test_an_office_acronym_is_no_outlet():
    text = "Azerbaijan's State Security Service (SSS) has detained a suspect in Baku, SSS reported."
    assert dateline_credit(text) is None
    assert find_source([], [text]) == (None, ["source unknown"])
    assert find_source([], ["Talks were held in Baku, IANS reported."])[0] == "IANS"  # undefined: an outlet


def test_a_release_is_never_credited_to_the_agency_it_cites():
    paragraphs = ["We have taken note of the remarks of the Armenian Prime Minister, as reported by "
                  "Armenpress, about the border.",
                  "Our country calls on Armenia to refrain from steps that undermine the talks between "
                  "Azerbaijan and Armenia."]
    title = "Statement on the remarks of the Armenian side"
    assert find_source([], paragraphs, title=title, release=True)[0] == \
        "Ministry of Foreign Affairs of Azerbaijan"
    assert find_source([], paragraphs, title=title)[0] == "Armenpress"  # not a release: the cited outlet
    assert home_country(paragraphs[1:]) == "AZE"  # the country called on is not counted


def test_a_short_closing_line_naming_an_outlet():
    paragraphs = ["The ministry said on Thursday that it was ready to sign the deal.",
                  "Armenia said the text was agreed.", "Our Standards: The Thomson Reuters Trust Principles."]
    assert find_source([], paragraphs)[0] == "Reuters"
    longer = "Officials met again in Baku for further talks on trade, transit and the Reuters report."
    assert find_source([], [*paragraphs[:2], longer])[0] is None  # a closing sentence is text


@pytest.mark.parametrize(("line", "issuer"), [
    ("Azərbaycan Respublikası Xarici İşlər Nazirliyi", "Ministry of Foreign Affairs of Azerbaijan"),
    ("Министерство иностранных дел Азербайджанской Республики", "Ministry of Foreign Affairs of Azerbaijan"),
    ("Пресс-служба Минобороны России", "Ministry of Defence of Russia"),
    ("Türkiye Cumhuriyeti Dışişleri Bakanlığı", "Ministry of Foreign Affairs of Turkey"),
    ("МИД Азербайджана осудил заявление Еревана", None),  # a headline about the ministry
    ("Xarici İşlər Nazirliyi bəyanat yayıb", None),
    ("Египетская пирамида", None),
])
def test_letterheads_in_other_languages(line, issuer):
    assert ministry_named(line) == issuer


def test_copyright_notices_name_the_page_even_with_a_common_word():
    text = ["Talks were held.", "Officials met."]
    assert find_source([], text, footer=["© 1991-2024 Interfax."])[0] == "Interfax"
    notice = "All materials are the property of ARMENPRESS. Reproduction is allowed with a reference."
    assert find_source([], [*text, notice])[0] == "Armenpress"
    assert find_source([], [*text, "The new rail link to Kars opened."])[0] is None


def test_the_page_own_title_suffix_and_sign_off_outrank_a_credit_in_its_text():
    text = ["ANKARA - The ministers signed a pact on Tuesday, Anadolu Agency reported."]
    assert find_source([], text)[0] == "Anadolu Agency"
    assert find_source([], text, title="Pact signed - Hürriyet Daily News")[0] == "Hurriyet Daily News"
    assert find_source([], text, sign_off="News.Az")[0] == "News.Az"


def test_a_photo_copyright_is_not_the_page_notice():
    text = ["The ministers met in Baku, Trend reports."]
    assert find_source([], text, footer=["© AFP"])[0] == "Trend"
    assert find_source([], text, footer=["Photo: © Reuters 2024"])[0] == "Trend"
    assert find_source([], text, footer=["© 2024 Azernews. All rights reserved."])[0] == "Azernews"
    assert find_source([], ["The ministers met in Baku."], footer=["© AFP"])[0] == "AFP"  # the last resort


def test_a_correspondent_in_the_dateline_and_an_agency_kind_in_a_credit():
    assert dateline_credit("Georgia, Tbilisi, Feb. 7 /Trend, N. Kirtskhalia/ The government said") == "Trend"
    assert find_credit("The president met the guest, AzerTAj state news agency reported.") == "AZERTAC"


@pytest.mark.parametrize(("line", "issuer"), [
    ("https://mfa.gov.az/en/news/no12324", "Ministry of Foreign Affairs of Azerbaijan"),
    ("https://www.mid.ru/ru/foreign_policy/news/1", "Ministry of Foreign Affairs of Russia"),
    ("https://mod.gov.az/en/news/1", "Ministry of Defence of Azerbaijan"),
    ("https://mfa.example.com/x", None),  # no country ending
])
def test_government_sites_name_their_ministry(line, issuer):
    assert url_outlet(line) == issuer


def test_an_unlisted_web_address_after_a_label_and_a_logo_line():
    assert labelled_credit("Source: 7days.ru") == "7days.ru"
    assert labelled_credit("Source: 12 March 2024") is None
    assert masthead_outlet("Trend News Agency logo") == "Trend"

"""The parser gets the true metadata of each real article and removes all page chrome."""

from __future__ import annotations

import datetime as dt
import re
import time
from pathlib import Path

import pandas as pd
import pytest
import yaml

from corpuskit.parse import chrome_kind, parse_text
from tests.conftest import SEEDS

FIXTURES = Path(__file__).parent / "fixtures" / "articles"
TRUTH = yaml.safe_load((FIXTURES / "truth.yaml").read_text(encoding="utf-8"))

# Read from the articles themselves (see data/raw/).
EXPECTED = {
    # opening sentence "On 26 October 2020, on Latvia's initiative ..."; no outlet or title.
    "latvia_2020": (dt.date(2020, 10, 26), "opening sentence", None, None),
    # header " date 2022-04-27 By Azernews"
    "azernews_2022": (dt.date(2022, 4, 27), "header", "Azernews", None),
    # header " date 2024-10-21 + ↺ − 16 px"; "..., News.Az reports." and the sign-off "News.Az"
    "newsaz_2024": (dt.date(2024, 10, 21), "header", "News.Az", None),
    # "Press release 04 December 2019", "No:386/19, <title>", "our country" = Azerbaijan
    "mfa_2019": (dt.date(2019, 12, 4), "header", "Ministry of Foreign Affairs of Azerbaijan",
                 "Foreign Minister Elmar Mammadyarov met with his Russian counterpart Sergey Lavrov"),
    # "arrived ... on February 27": the text never gives the article's own year, so no date
    # (years elsewhere in the text are background, never a guess)
    "lavrov_2023": (None, "none", None, "Ilham Aliyev and Sergey Lavrov hold talks in Baku"),
}

CHROME = [
    "news banner image", "Desktop", "Press release", "No:386/19", "Share this page",
    "All rights reserved", "Privacy Policy", "16 px", "↺", "1155 views", "Поделиться", "Print:",
    " date ", "By Azernews",
]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_metadata_of_each_seed_article(articles, name):
    row = articles.loc[SEEDS[name]]
    published, basis, source, title = EXPECTED[name]
    assert (None if pd.isna(row["published"]) else row["published"].date()) == published
    assert row["date_basis"] == basis
    assert (None if row["source"] is None or row["source"] != row["source"] else row["source"]) == source
    assert (row["title"] if isinstance(row["title"], str) else None) == title


@pytest.mark.parametrize("doc_id", sorted(SEEDS.values()))
def test_no_page_chrome_left_in_body(articles, doc_id):
    body = articles.loc[doc_id, "body"]
    for chrome in CHROME:
        assert chrome not in body, chrome
    assert not body.rstrip().endswith("News.Az")


def test_title_printed_twice_is_kept_once_and_not_in_body(articles):
    row = articles.loc[SEEDS["lavrov_2023"]]
    assert row["title"] not in row["body"]
    assert any(r.startswith("repeated title:") for r in row["removed"])
    assert row["body"].startswith("Azerbaijani President Ilham Aliyev")


def test_glued_sentences_are_repaired_but_web_names_are_not(articles):
    body = articles.loc[SEEDS["newsaz_2024"], "body"]
    for glued in ["Affairs.During", "countries.They", "Azerbaijan.The", "November.The", "there.The"]:
        assert glued not in body
        assert glued.replace(".", ". ") in body
    assert "News.Az reports" in body
    assert articles.loc[SEEDS["newsaz_2024"], "glue_repairs"] == 6


def test_diacritics_kept_quotes_and_spaces_normalised(articles):
    body = articles.loc[SEEDS["latvia_2020"], "body"]
    assert "Jānis Mažeiks" in body
    assert "Latvia's initiative" in body and "\u2019" not in body
    assert "tête à tête" in articles.loc[SEEDS["mfa_2019"], "body"]
    assert "\u00a0" not in "".join(articles["body"])


def test_body_keeps_every_paragraph(articles):
    row = articles.loc[SEEDS["mfa_2019"]]
    assert row["body"].startswith("On December 3, 2019, a bilateral meeting")
    assert row["body"].endswith("100th anniversary of the Diplomatic Service of Azerbaijan.")
    assert len(row["paragraphs"]) == len(row["body"].split("\n\n")) == 12
    # Sub-headings inside an article are article text, not chrome.
    assert "Lavrov comments on regional security" in articles.loc[SEEDS["lavrov_2023"], "body"]


def test_source_from_credit_when_no_byline():
    text = "Riga hosted talks between the foreign ministries of Latvia and Azerbaijan, Trend reports."
    rec = parse_text(text + " The sides discussed transit and logistics.", "x")
    assert rec["source"] == "Trend"
    assert rec["date_basis"] == "none" and rec["published"] is None


def _with_known_failures(truth: list[dict]) -> list:
    """Each entry as a test case; an entry with ``known_failure`` (the reason) must still fail
    (strict xfail): it is a limitation on record, and the test says when it is fixed."""
    return [pytest.param(t, id=t["file"], marks=pytest.mark.xfail(strict=True, reason=t["known_failure"]))
            if t.get("known_failure") else pytest.param(t, id=t["file"]) for t in truth]


@pytest.mark.parametrize("truth", _with_known_failures(TRUTH))
def test_own_articles_metadata(truth):
    """Articles written for these tests in real outlets' shapes: every date right or missing
    with its reason (never wrong), every named source found, the language and title right."""
    rec = parse_text((FIXTURES / truth["file"]).read_text(encoding="utf-8"), truth["file"])
    assert rec["published"] == truth["published"], (rec["date_basis"], rec["date_text"], rec["flags"])
    if truth["published"] is None:
        assert rec["date_basis"] == "none"
        assert any(truth["reason"] in flag for flag in rec["flags"]), rec["flags"]
    assert rec["source"] == truth["source"]
    assert rec["language"] == truth["language"]
    assert (rec["language"] != "en") == any(f.startswith("not analysed: language") for f in rec["flags"])
    assert rec["title"] == truth["title"]
    assert rec["body"].startswith(truth.get("body_starts", ""))
    for text in truth.get("not_in_body", []):
        assert text not in rec["body"]
    for text in truth.get("in_body", []):
        assert text in rec["body"]


def test_own_articles_cover_the_shapes_asked_for():
    assert len(TRUTH) >= 30
    assert sum(t["language"] in ("ru", "az") for t in TRUTH) >= 4
    assert sum(t["published"] is None for t in TRUTH) >= 5
    assert len({t["source"] for t in TRUTH}) >= 25


def test_lead_sentence_sharing_the_date_line_is_kept():
    rec = parse_text("Talks in Baku\n12 July 2023 10:07 (UTC+04:00) The ministers of Azerbaijan and "
                     "Hungary met in Baku on Wednesday and signed a plan of consultations.", "x")
    assert rec["published"] == dt.date(2023, 7, 12) and rec["date_basis"] == "timestamp"
    assert rec["body"].startswith("The ministers of Azerbaijan and Hungary met")


def test_hard_wrapped_lines_are_rejoined_but_paragraphs_are_not():
    rec = parse_text("The ministers met in Baku on Monday and discussed the\nsituation in the region. "
                     "He\nsaid the well-\nknown talks were useful.\nThe sides agreed to meet again in "
                     "Riga next year.", "x")
    assert rec["paragraphs"] == [
        "The ministers met in Baku on Monday and discussed the situation in the region. He said "
        "the well-known talks were useful.", "The sides agreed to meet again in Riga next year."]


def test_byline_is_not_the_title_and_release_number_is_not_in_it():
    rec = parse_text("By Anna Smith\nNo: 36/17, Ministers meet in Baku\nThe foreign ministers of "
                     "Azerbaijan and Latvia met in Baku and discussed transit and logistics.", "x")
    assert rec["title"] == "Ministers meet in Baku"
    assert "byline: By Anna Smith" in rec["removed"] and "release number: No: 36/17" in rec["removed"]


@pytest.mark.parametrize(("line", "kind"), [
    ("Read also: Baku hosts a forum on connectivity", "read also"),
    ("Photo: Press service of the President", "photo credit"),
    ("Tags: Azerbaijan, Latvia", "tags"),
    ("Home > News > Politics", "navigation"),
    ("Subscribe to our Telegram channel", "subscribe or follow"),
    ("© 2024 All materials are protected", "copyright"),
    ("The views expressed in this article are the author's own.", "disclaimer"),
    ("Bölüş", "share or print"),
    ("Civil.Ge © 2001-2024", "copyright"),
    ("Region:Armenia, Azerbaijan", "category label"),
    ("This text available in Armenian and Russian", "language versions"),
    ("Комментарии (2)", "comments or login"),
    ("*Writing by Farid Aliyev; Editing by Nigar Guliyeva", "writer credit"),
    ("Translated by: Leyla Hasanova", "writer credit"),
    ("#Azerbaijan #Latvia", "tags"),
    ("Editor's note: this interview was shortened.", None),
    ("The ministers met in Baku and discussed the peace agenda.", None),
])
def test_chrome_kinds(line, kind):
    assert chrome_kind(line) == kind


def test_related_stories_end_the_article():
    rec = parse_text("The ministers of Azerbaijan and Latvia met in Riga on Monday and discussed "
                     "transit.\nRelated news\nPresident receives a delegation\nPorts report "
                     "record cargo", "x")
    assert rec["body"].endswith("discussed transit.")
    assert "related stories: Ports report record cargo" in rec["removed"]


@pytest.mark.parametrize("filler", ["-" * 400_000, "+ " * 200_000 + "16 px", "Read also " * 40_000,
                                    "1" * 400_000, "A." * 200_000, "A-" * 200_000, "12:30 " * 60_000,
                                    "our country " * 40_000 + ".", "May 1 " * 60_000, "AaBb" * 60_000])
def test_pathological_lines_parse_in_linear_time(filler):
    text = "The ministers of Azerbaijan and Latvia met in Riga and discussed transit and trade.\n"
    parse_text(text * 2, "warm-up")  # load the language model and the data files first
    start = time.perf_counter()
    parse_text(text + filler + "\n" + text, "x")
    assert time.perf_counter() - start < 3


def test_dated_headlines_of_other_stories_are_not_text_and_not_the_date():
    rec = parse_text("Baku, December 20, AZERTAC The ministers met in Baku and discussed transit and "
                     "trade.\n20.12.2023 14:35 President receives a delegation\n19.12.2023 Ports "
                     "report record cargo", "x")
    assert rec["published"] is None and rec["source"] == "AZERTAC"
    assert rec["body"].endswith("transit and trade.")
    assert "story list item: 19.12.2023 Ports report record cargo" in rec["removed"]


def test_html_date_from_trafilatura_is_year_month_day():
    """rawio writes trafilatura's ISO date as a ``date …`` header: 2024-03-04 is 4 March."""
    from corpuskit.rawio import html_to_text

    html = ("<html><head><title>Talks on transit</title><meta property='article:published_time' "
            "content='2024-03-04T10:00:00+04:00'><meta property='og:site_name' content='Trend.Az'>"
            "</head><body><article><h1>Talks on transit</h1><p>The foreign ministers of Azerbaijan "
            "and Latvia discussed transit and logistics at a meeting in Baku on Monday.</p><p>They "
            "agreed to meet again in Riga in the autumn.</p></article></body></html>")
    rec = parse_text(html_to_text(html, "x.html"), "x")
    assert (rec["published"], rec["date_basis"], rec["source"]) == (dt.date(2024, 3, 4), "header", "Trend")
    assert rec["title"] == "Talks on transit"


def test_dated_story_list_above_the_article_gives_no_date():
    rec = parse_text("20.12.2023 14:35 President receives a delegation of a bank\n19.12.2023 09:10 Ports "
                     "report record cargo volumes\nMinisters meet in Riga\nThe ministers of Azerbaijan "
                     "and Latvia met in Riga and discussed transit and trade.", "x")
    assert rec["published"] is None and rec["title"] == "Ministers meet in Riga"
    assert sum(item.startswith("story list item") for item in rec["removed"]) == 2


def test_sign_off_before_chrome_and_after_a_writer_line_names_the_source():
    text = ("The foreign ministers of Azerbaijan and Georgia discussed transport projects in a "
            "phone call on Monday.\n*Writing by Farid Aliyev; Editing by Nigar Guliyeva\nNews.Az\n"
            "Related topics\nAzerbaijan Georgia\nПоделиться в соцсетях\nComments")
    rec = parse_text(text, "x")
    assert rec["source"] == "News.Az"
    assert rec["body"].endswith("phone call on Monday.")


@pytest.mark.parametrize(("top", "source"), [
    ("news.am\nPolitics", "News.am"),
    ("Talks in Baku\nDAILY SABAH WITH AA\nISTANBUL", "Daily Sabah"),
    ("Ministry of Foreign Affairs\nGovernment of Pakistan\nPR No. 312/2024",
     "Ministry of Foreign Affairs of Pakistan"),
    ("Republic of Moldova\nMinistry of Foreign Affairs", "Ministry of Foreign Affairs of Moldova"),
    ("MINISTRY OF FOREIGN AFFAIRS\nREPUBLIC OF AZERBAIJAN", "Ministry of Foreign Affairs of Azerbaijan"),
    ("Civil.ge | Politics", "Civil.ge"),
])
def test_mastheads_and_letterheads_name_the_source(top, source):
    rec = parse_text(f"{top}\nThe foreign ministers of Azerbaijan and the host country met and "
                     "discussed transit and trade.", "x")
    assert rec["source"] == source
    assert rec["body"].startswith("The foreign ministers")


def test_title_with_a_year_is_no_header_year():
    rec = parse_text("Agenda 2025\nBaku, March 5\nAzerbaijani officials presented the priorities of "
                     "the country for the coming year at a meeting with diplomats.", "x")
    assert rec["published"] is None and any("no year" in f for f in rec["flags"])


def test_short_lines_after_a_sign_off_are_not_text():
    rec = parse_text("The ministers of Azerbaijan and Latvia met in Riga and discussed transit and "
                     "trade.\nThey agreed to meet again.\nAzertac\nAzerbaijan Latvia transit\n"
                     "Diplomacy", "x")
    assert rec["source"] == "AZERTAC" and rec["body"].endswith("meet again.")
    rec = parse_text("The ministers of Azerbaijan and Latvia met in Riga and discussed transit and "
                     "trade.\nThe Middle Corridor\nIt was discussed at length by the two sides.", "x")
    assert rec["body"].endswith("by the two sides.")  # a sub-heading is not a sign-off


def test_a_dated_plan_opening_the_text_is_no_dateline():
    rec = parse_text("COP29, 11 November 2024, will open in Baku with leaders of many countries "
                     "expected to attend the talks.", "x")
    assert rec["published"] is None
    rec = parse_text("TASHKENT, May 6, 2024 (Daryo) -- Business leaders of Azerbaijan and Uzbekistan "
                     "will meet at a joint forum.", "x")
    assert rec["published"] == dt.date(2024, 5, 6) and rec["date_basis"] == "dateline"


@pytest.mark.parametrize(("by", "source"), [
    ("Azernews", "Azernews"), ("Caspiannews", "Caspiannews"), ("Baku Weekly Times", "Baku Weekly Times"),
    ("Leyla Huseynova", None),  # an author's name where the site's name usually stands
])
def test_date_header_names_the_site_not_an_author(by, source):
    rec = parse_text(f" date 2024-02-06 By {by}\nThe deputy foreign ministers of Azerbaijan and "
                     "Estonia discussed e-government and cyber security in Tallinn.", "x")
    assert rec["source"] == source


def test_year_and_month_header_dates_the_dateline_day_of_that_month():
    rec = parse_text(" date 2020-08 Téhéran, 17 août, AZERTAC\nLe nouveau porte-parole du ministère "
                     "iranien des Affaires étrangères a été présenté au public à Téhéran.", "x")
    assert (rec["published"], rec["source"]) == (dt.date(2020, 8, 17), "AZERTAC")
    rec = parse_text(" date 2020-09 Téhéran, 17 août, AZERTAC\nLe nouveau porte-parole du ministère "
                     "iranien des Affaires étrangères a été présenté au public à Téhéran.", "x")
    assert rec["published"] is None  # the months disagree: no guess


@pytest.mark.parametrize(("top", "published"), [
    ("Talks in Baku\n05 May\n2025", dt.date(2025, 5, 5)),  # a date split over two lines
    ("Talks in Baku\nPolitics | 2025\n05 May", dt.date(2025, 5, 5)),
    ("Talks in Baku\n2025\n05 May", None),  # a number alone (a view count?) is no year
])
def test_a_year_on_its_own_header_line(top, published):
    rec = parse_text(f"{top}\nThe foreign ministers of Azerbaijan and Latvia met and discussed "
                     "transit and trade.", "x")
    assert rec["published"] == published


def test_a_lead_on_the_date_header_line_is_kept():
    rec = parse_text(" date 2024-05-10 ASTANA – The foreign ministers of Azerbaijan and Armenia began "
                     "talks in Almaty on May 10, reported Kazinform news agency.\nThe sides thanked "
                     "Kazakhstan for hosting the talks.", "x")
    assert rec["published"] == dt.date(2024, 5, 10)
    assert rec["body"].startswith("ASTANA – The foreign ministers")
    assert rec["source"] == "Kazinform"


def test_chrome_patterns_that_cannot_be_joined_are_tried_one_by_one(monkeypatch):
    """A project's own chrome.yaml may use groups and backreferences: its lines are still found."""
    from corpuskit import parse

    table = {"lines": {"repeated word": re.compile(r"(\w+) \1$", re.IGNORECASE),
                       "photo credit": re.compile(r"photo:", re.IGNORECASE)}}
    monkeypatch.setattr(parse, "chrome_table", lambda: table)
    parse._chrome_pattern.cache_clear()
    try:
        assert parse._chrome_pattern("lines")[0] is None
        assert [parse.chrome_kind(line) for line in ("Baku Baku", "Photo: AZERTAC", "Baku")] == [
            "repeated word", "photo credit", None]
    finally:
        parse._chrome_pattern.cache_clear()


def test_years_are_read_as_the_plain_year_pattern_reads_them():
    import random
    import re

    from corpuskit.parse import _YEAR
    plain = re.compile(r"(?<![\d.:/-])(19\d\d|20\d\d)(?![\d.:/-]\d)")
    rnd = random.Random(3)
    for _ in range(20_000):
        text = "".join(rnd.choice(["19", "20", "2", "1", "0", "9", ".", ":", "/", "-", " ", "x"])
                       for _ in range(rnd.randint(1, 12)))
        assert [(m.span(), m.group(1)) for m in _YEAR.finditer(text)] == \
               [(m.span(), m.group(1)) for m in plain.finditer(text)]

"""The parser gets the true metadata of each real article and removes all page chrome."""

from __future__ import annotations

import datetime as dt

import pytest

from corpuskit.parse import parse_text
from tests.conftest import SEEDS

# Read from the articles themselves (see data/raw/).
EXPECTED = {
    # date line "On 26 October 2020, on Latvia's initiative ..."; no outlet or title in the text.
    "latvia_2020": (dt.date(2020, 10, 26), "dateline", None, None),
    # header " date 2022-04-27 By Azernews"
    "azernews_2022": (dt.date(2022, 4, 27), "header", "Azernews", None),
    # header " date 2024-10-21 + ↺ − 16 px"; "..., News.Az reports." and the sign-off "News.Az"
    "newsaz_2024": (dt.date(2024, 10, 21), "header", "News.Az", None),
    # "Press release 04 December 2019", "No:386/19, <title>", "our country" = Azerbaijan
    "mfa_2019": (dt.date(2019, 12, 4), "header", "Ministry of Foreign Affairs of Azerbaijan",
                 "Foreign Minister Elmar Mammadyarov met with his Russian counterpart Sergey Lavrov"),
    # "arrived ... on February 27"; the year only from context ("a good start in 2023")
    "lavrov_2023": (dt.date(2023, 2, 27), "inferred from context", None,
                    "Ilham Aliyev and Sergey Lavrov hold talks in Baku"),
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
    assert row["published"].date() == published
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

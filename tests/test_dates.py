"""Publication dates: explicit formats, ranked candidates, abstention, plausible range."""

from __future__ import annotations

import datetime as dt

import pytest

from corpuskit.dates import (
    DATE_BASES,
    choose_date,
    find_dates,
    plausible_range,
    reference_date,
    split_date_line,
)


@pytest.mark.parametrize(("text", "expected"), [
    ("2024-03-04", dt.date(2024, 3, 4)),  # ISO is year-month-day, never day-first
    ("2023-10-11", dt.date(2023, 10, 11)),
    ("2023/10/01", dt.date(2023, 10, 1)),
    ("04.03.2024", dt.date(2024, 3, 4)),  # dotted numbers are day first
    ("30.05.23", dt.date(2023, 5, 30)),
    ("07/24/2024", dt.date(2024, 7, 24)),  # month first only when the day cannot be a month
    ("12 July 2023", dt.date(2023, 7, 12)),
    ("July 04, 2024", dt.date(2024, 7, 4)),
    ("Dec. 20, 2023", dt.date(2023, 12, 20)),
    ("5 MAR 2024", dt.date(2024, 3, 5)),
    ("12 июля 2023 г.", dt.date(2023, 7, 12)),
    ("7 noyabr 2023", dt.date(2023, 11, 7)),
    ("2023-cü il 7 noyabr", dt.date(2023, 11, 7)),
    ("1 Kasım 2023", dt.date(2023, 11, 1)),
    ("7. novembar 2023.", dt.date(2023, 11, 7)),
    ("13 Dec.'12", dt.date(2012, 12, 13)),  # a short year after an apostrophe
    ("March 5 '24", dt.date(2024, 3, 5)),
])
def test_explicit_formats(text, expected):
    (found,) = find_dates(text)
    assert found.value == expected and found.problem is None


@pytest.mark.parametrize(("text", "problem"), [
    ("04/03/2024", "ambiguous day and month"),
    ("June 11", "no year"),
    ("31.02.2024", "not a calendar date"),
    ("2500-01-01", "outside"),
    ("0001-01-01", "outside"),
    ("1970-01-01", "placeholder date"),
])
def test_unusable_dates_say_why(text, problem):
    (found,) = find_dates(text)
    assert found.value is None and found.problem.startswith(problem)


def test_plausible_range_is_fixed_not_the_clock():
    first, last = plausible_range()
    assert first == dt.date(1900, 1, 1)
    assert last == reference_date().replace(year=reference_date().year + 1)


def test_header_beats_dateline_opening_and_body():
    cands = (find_dates("In 1992 relations were established on 18 November 1992.", "body")
             + find_dates("On 3 May 2018 it began.", "opening")
             + find_dates("Published 05.03.2021", "header"))
    assert choose_date(cands).published == dt.date(2021, 3, 5)
    assert choose_date(cands).basis == "header"


def test_body_mentions_are_never_chosen():
    choice = choose_date(find_dates("The treaty was signed on 22 February 2022.", "body"))
    assert choice.published is None and choice.basis == "none"
    assert choice.flags == ("only body mentions of dates, not taken",)


def test_no_year_means_no_date_even_with_years_in_the_text():
    cands = (find_dates("The ministry on June 11 rejected the statements", "opening")
             + find_dates("about the 2020 war and the events of 10 November 2020.", "body"))
    choice = choose_date(cands)
    assert choice.published is None
    assert choice.flags == ("no year for the date in the opening sentence: June 11",)


def test_opening_date_with_a_later_date_in_the_text_is_not_taken():
    cands = (find_dates("On 18 November 1992 relations were established.", "opening")
             + find_dates("The pipeline opened on 13 July 2006.", "body"))
    choice = choose_date(cands)
    assert choice.published is None and "not taken" in choice.flags[0]


def test_out_of_range_header_is_missing_with_a_reason():
    choice = choose_date(find_dates("2500-01-01", "header"))
    assert choice.published is None and "outside" in choice.flags[0]


def test_bases_are_the_schema_vocabulary():
    assert {"header", "timestamp", "signature", "dateline", "opening sentence", "none"} == set(DATE_BASES)


@pytest.mark.parametrize(("line", "expected"), [
    ("12 July 2023 10:07 (UTC+04:00)", ("12 July 2023 10:07 (UTC+04:00)", "")),
    ("Published: 04.07.2024 | 08:23", ("Published: 04.07.2024 | 08:23", "")),
    ("14:20, 4 April 2024 The commissions met at the border on Thursday.",
     ("14:20, 4 April 2024", "The commissions met at the border on Thursday.")),
    ("Khojaly victims remembered on 26 February 1992 anniversary", None),
    ("The ministers met on 12 July 2023 in Baku.", None),
])
def test_date_lines(line, expected):
    assert split_date_line(line) == expected


def test_signature_line_dates_a_statement_but_a_header_wins():
    signature = find_dates("Baku, 3 April 2023", "signature")
    assert choose_date(signature).published == dt.date(2023, 4, 3)
    assert choose_date(signature).basis == "signature"
    assert choose_date(find_dates("05.04.2023", "header") + signature).published == dt.date(2023, 4, 5)


def test_ambiguous_header_date_ordered_by_the_dateline():
    cands = find_dates("05/06/2023", "header") + find_dates("YEREVAN, June 5 (ARKA) -", "dateline")
    choice = choose_date(cands)
    assert choice.published == dt.date(2023, 6, 5)
    assert choice.flags == ("day and month order from another date of the article",)


def test_ambiguous_header_date_ordered_by_another_full_date_or_a_weekday():
    cands = find_dates("06/05/2024", "header") + find_dates("TASHKENT, May 6, 2024 (Daryo) --", "dateline")
    assert choose_date(cands).published == dt.date(2024, 5, 6)
    assert find_dates("Monday, 06/05/2024")[0].value == dt.date(2024, 5, 6)  # 5 June was a Wednesday
    assert find_dates("Friday, 06/05/2024")[0].value is None  # neither reading is a Friday
    assert choose_date(find_dates("06/05/2024", "header")).published is None


def test_day_and_month_get_the_one_year_the_header_states():
    dateline = find_dates("БАКУ, 26 апр — Sputnik.", "dateline")
    choice = choose_date(dateline, header_years=[2024])
    assert (choice.published, choice.basis) == (dt.date(2024, 4, 26), "dateline")
    assert "year of '26 апр' from the header" in choice.flags
    assert choose_date(dateline, header_years=[2023, 2024]).published is None  # two years: no guess
    assert choose_date(dateline).published is None
    assert choose_date(dateline, years=[2024]).published is None  # a year of the body is no evidence


def test_first_date_of_a_byline_line_is_the_publication_date():
    line = "12.09.2024 - Update : 16.09.2024"
    assert split_date_line(line) == (line, "")
    first, update = find_dates(line, "header")
    assert update.update and choose_date([first, update]).published == dt.date(2024, 9, 12)


def test_an_update_date_is_not_the_publication_date_when_another_is_given():
    line = "Updated: 14.09.2024 | Published: 12.09.2024"
    update, published = find_dates(line, "header")
    assert update.update and not published.update
    assert choose_date([update, published]).published == dt.date(2024, 9, 12)
    assert choose_date(find_dates("Last updated on: 14.09.2024", "header")).published == dt.date(2024, 9, 14)


def test_dateline_day_dated_by_the_year_of_an_update_shortly_after_it():
    update = find_dates("Yenilənib: 27.04.2024 09:40", "timestamp")
    choice = choose_date(update + find_dates("Bakı, 26 aprel, Report.", "dateline"))
    assert (choice.published, choice.basis) == (dt.date(2024, 4, 26), "dateline")
    late = find_dates("Updated: 02.01.2025", "header") + find_dates("BAKU, Dec. 30", "dateline")
    assert choose_date(late).published == dt.date(2024, 12, 30)  # the year before the update
    far = find_dates("Updated: 27.09.2024", "header") + find_dates("BAKU, April 26", "dateline")
    assert choose_date(far).published is None  # the update is not the day the dateline states
    assert "not taken" in choose_date(far).flags[-1]


def test_date_patterns_match_as_their_plain_forms():
    """The patterns open with a digit for speed; they match what the plain forms match."""
    import random
    import re

    from corpuskit.dates import _patterns
    plain = [r"(?<![\d.])(?P<y>\d{4})(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})(?!\d)",
             r"(?<![\d.:])(?P<d>\d{1,2})(?P<sep>[./-])(?P<m>\d{1,2})(?P=sep)(?P<y>\d{4}|\d{2})(?![\d:])"]
    day_plain = re.compile(r"(?<!\d)[0-3]?\d")
    day = re.compile(r"\d(?<!\d\d)(?:(?<=[0-3])\d)?")
    rnd = random.Random(7)
    for _ in range(20_000):
        text = "".join(rnd.choice("0123456789 .:/-x") for _ in range(rnd.randint(1, 16)))
        for ours, theirs in zip(_patterns()[:2], plain, strict=True):
            assert [m.groupdict() | {"at": m.span()} for m in ours.finditer(text)] == \
                   [m.groupdict() | {"at": m.span()} for m in re.finditer(theirs, text)]
        assert [m.span() for m in day.finditer(text)] == [m.span() for m in day_plain.finditer(text)]

"""Find the publication date of an article and say how it was found.

Dates are parsed with ``dateutil`` against a fixed default, never the clock.

>>> find_date(["On 26 October 2020, talks were held."])
(datetime.date(2020, 10, 26), 'dateline')
>>> find_date(["He arrived on February 27.", "It was signed on February 22, 2022, and in 2023 ..."])
(datetime.date(2023, 2, 27), 'inferred from context')
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime

from dateutil import parser as dateutil_parser

_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
          r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
FULL_DATE = re.compile(
    rf"\b(?:{_DAY}\s+{_MONTH},?\s+\d{{4}}|{_MONTH}\s+{_DAY},?\s+\d{{4}}"
    r"|\d{4}-\d{2}-\d{2}|\d{1,2}[./]\d{1,2}[./]\d{4})\b",
    re.IGNORECASE,
)
DAY_MONTH = re.compile(rf"\b(?:{_DAY}\s+{_MONTH}|{_MONTH}\s+{_DAY})\b(?!,?\s*\d)", re.IGNORECASE)
YEAR = re.compile(r"\b(19[5-9]\d|20\d\d)\b")
_DEFAULT = datetime(2000, 1, 1)
DATELINE_CHARS = 60

DATE_BASES = ("header", "dateline", "body mention", "inferred from context", "none")


def parse_date(text: str, year: int | None = None) -> date | None:
    """Parse one date expression; ``year`` fills in a missing year.

    >>> parse_date("04 December 2019"), parse_date("February 27", year=2023)
    (datetime.date(2019, 12, 4), datetime.date(2023, 2, 27))
    """
    default = _DEFAULT.replace(year=year) if year else _DEFAULT
    try:
        return dateutil_parser.parse(text, default=default, dayfirst=True, fuzzy=True).date()
    except (ValueError, OverflowError):
        return None


def find_date(paragraphs: Sequence[str], header_date: str | None = None) -> tuple[date | None, str]:
    """Publication date of an article and its basis (one of ``DATE_BASES``).

    A date in the header wins; then a full date opening the text (dateline);
    then the first date in the text: a full one (body mention), or a day and
    month whose year is the latest year the article mentions (inferred).
    """
    if header_date and (found := parse_date(header_date)):
        return found, "header"
    if paragraphs and (opening := FULL_DATE.search(paragraphs[0][:DATELINE_CHARS])):
        return parse_date(opening.group(0)), "dateline"
    text = "\n".join(paragraphs)
    full = FULL_DATE.search(text)
    partial = DAY_MONTH.search(text)
    if partial and (full is None or partial.start() < full.start()):
        years = [int(y) for y in YEAR.findall(text)]
        if years and (found := parse_date(partial.group(0), year=max(years))):
            return found, "inferred from context"
    if full:
        return parse_date(full.group(0)), "body mention"
    return None, "none"

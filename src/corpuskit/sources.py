"""Who published an article: a news outlet or a foreign ministry.

Outlet spellings live in ``data/sources.yaml``.

>>> canonical_outlet("AzerNews"), canonical_outlet("news.az")
('Azernews', 'News.Az')
>>> find_credit("Baku hosted talks, News.Az reports.")
'News.Az'
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

import yaml

from corpuskit.config import data_file
from corpuskit.countries import country_name, find_countries
from corpuskit.text import rough_sentences

_NAME = r"[A-Z][\w.&-]*(?:\s+[A-Z][\w.&-]*){0,3}"
_CREDITS = (
    re.compile(rf"(?:^|,\s+)(?P<name>{_NAME})\s+(?:reports|reported|informs|writes)\.?$"),
    re.compile(rf"\b(?:according to|reported by|reports)\s+(?P<name>{_NAME})[.,]"),
)
_FIRST_PERSON_HOME = re.compile(r"\bour (?:country|state|republic|nation)\b", re.IGNORECASE)


@lru_cache(maxsize=1)
def source_table() -> dict:
    """The parsed ``sources.yaml``."""
    return yaml.safe_load(data_file("sources.yaml").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _aliases() -> dict[str, str]:
    return {alias.lower(): name for name, aliases in source_table()["outlets"].items()
            for alias in [name, *aliases]}


def canonical_outlet(name: str) -> str:
    """The canonical spelling of an outlet; unknown names are returned stripped."""
    name = name.strip(" .,;:")
    return _aliases().get(name.lower(), name)


def is_outlet(line: str) -> bool:
    """True if a whole line is just an outlet's name (a sign-off such as ``News.Az``)."""
    return line.strip(" .").lower() in _aliases()


def find_credit(text: str) -> str | None:
    """The outlet credited in a sentence such as ``"…, News.Az reports."``."""
    for sentence in rough_sentences(text):
        for pattern in _CREDITS:
            if match := pattern.search(sentence):
                return canonical_outlet(match.group("name"))
    return None


def is_ministry_release(header: str) -> bool:
    """True if a header line marks an official release (``"Press release 04 December 2019"``)."""
    return any(header.lower().startswith(word) for word in source_table()["ministry_release"])


def home_country(paragraphs: Sequence[str]) -> str | None:
    """ISO3 of the country a release calls "our country" (most named in those sentences)."""
    counts: Counter[str] = Counter()
    for paragraph in paragraphs:
        for sentence in rough_sentences(paragraph):
            if _FIRST_PERSON_HOME.search(sentence):
                counts.update(find_countries(sentence))
    top = counts.most_common(2)
    if not top or (len(top) == 2 and top[0][1] == top[1][1]):
        return None
    return top[0][0]


def find_source(paragraphs: Sequence[str], byline: str | None = None,
                release_header: bool = False, sign_off: str | None = None) -> str | None:
    """Normalised source: byline, then credit or sign-off, then the issuing ministry.

    >>> find_source(["Visit to our country by the President of Azerbaijan."], release_header=True)
    'Ministry of Foreign Affairs of Azerbaijan'
    """
    if byline:
        return canonical_outlet(byline)
    if credit := find_credit("\n".join(paragraphs[:2])) or (sign_off and canonical_outlet(sign_off)):
        return credit
    if release_header:
        iso3 = home_country(paragraphs)
        return "Ministry of Foreign Affairs" + (f" of {country_name(iso3)}" if iso3 else "")
    return None

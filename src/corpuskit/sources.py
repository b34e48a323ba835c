"""Who published an article: a news outlet, or the ministry that issued a release.

Outlets and their spellings live in ``data/sources.yaml``; credits are found by patterns that do
not depend on knowing the outlet (``"…, X reports."``, ``"(Xinhua) --"``, ``"Source: X"``, a
dateline agency, a sign-off ``"—Azer News"``), and a listed outlet is also found where only a
known name can be trusted (``"…, the ministry told Trend."``, ``"Baku, December 20, AZERTAC"``).
What the page says of itself (masthead, web address, dateline, copyright notice, title suffix,
sign-off) outranks an outlet its text credits or cites ("…, IRNA reported" on a Tehran Times page).

>>> canonical_outlet("AzerNews"), canonical_outlet("news.az")
('Azernews', 'News.Az')
>>> find_credit("Baku hosted talks, News.Az reports.")
'News.Az'
>>> find_credit("The deputy minister told Trend that talks went well.")
'Trend'
>>> dateline_credit("BAKU, Dec. 20 (Xinhua) -- Azerbaijan's president met ...")
'Xinhua'
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

import pycountry
import yaml

from corpuskit.config import data_file
from corpuskit.countries import country_lookup, country_name, find_countries
from corpuskit.dates import find_dates, month_words, only_meta_words
from corpuskit.text import rough_sentences, uncapitalise

CREDIT_CHARS = 5000  # credits stand at the start or the end of a text: a bound on the search
CLOSING_WORDS = 10  # a closing line this short naming an outlet is the page's ("Our Standards: …")
_UPPER = "A-ZÀ-ÖØ-ÞƏŞĞİČĆŠŽĐА-ЯЁЇІЄҐЈЉЊЋЏ0-9"
# News.Az, Interfax-Azerbaijan; bounded quantifiers keep every search linear in the text's length
_TOKEN = rf"[{_UPPER}][\w&/']{{0,30}}(?:\.\w{{1,12}}|-[{_UPPER}][\w&']{{0,30}}){{0,3}}"
_NAME = rf"{_TOKEN}(?:[ ]+(?:{_TOKEN}|de|of|the)){{0,3}}"
_WEB = r"[a-z][\w-]{1,30}\.[a-z]{2,6}\b"  # "news.am", "civil.ge"
# "…, Report informs, citing the ministry." / "…, APA reported on Tuesday, referring to …"
_WHEN = r"(?:\s+(?:(?:late\s+)?on\s+[A-Z]\w+(?:\s+\d{1,2})?|today|yesterday|earlier))?"
_END = rf"{_WHEN}(?:,?\s+(?:citing|quoting|with reference to|referring to|via)\b[^.!?]*)?[.!?\"]?$"
# "…, reported Kazinform news agency."
_KIND = (r"(?:\s+(?:state\s+)?(?:news\s+agency|information\s+agency|agency|news\s+portal|newspaper|"
         r"website|portal))?")
_CREDITS = (
    # "..., News.Az reports." / "..., Report informs citing the ministry."
    re.compile(rf"(?:^|,\s+|\.\s+)(?:(?:a|an|the)\s+)?(?P<name>{_NAME}|{_WEB})"
               rf"(?:\s+(?:correspondent|reporter)s?)?{_KIND}"
               rf"\s+(?:reports|reported|informs|writes|has learned|learned|learnt){_END}"),
    re.compile(rf"\b(?:reports|reported|informs|writes)\s+(?:the\s+)?(?P<name>{_NAME}|{_WEB}){_KIND}{_END}"),
    # Russian and Azerbaijani credits: "сообщает ТАСС", "APA xəbər verir", "Report-un müxbiri"
    re.compile(rf"(?i:сообщает|сообщили|передает|передаёт|пишет|информирует)\s+"
               rf"(?:агентство\s+|корреспондент\s+)?(?P<name>{_NAME})"),
    # "APA xəbər verir", "Qafqazinfo APA-ya istinadən xəbər verir" (the outlet citing APA)
    re.compile(rf"(?P<name>{_NAME})\s+(?:\S+-(?:y?[aə])\s+istinadən\s+)?xəbər verir"),
    re.compile(rf"(?P<name>{_NAME})-[a-zəıöüğşç]+\s+(?:\S+\s+)?müxbir"),
    re.compile(rf"(?P<name>{_NAME})(?:-[a-zəıöüğşç]+)?\s+məlumatına görə"),
)
# Credits only a listed outlet can fill ("told Trend" but not "told Aliyev").
_KNOWN_CREDITS = (
    re.compile(rf"\b(?:told|in an interview (?:with|to)|said to|reported to)\s+"
               rf"(?P<name>{_NAME}|{_WEB})"),  # "told news.am"
    re.compile(rf"(?:^|[.!?]\s+)[—–-]+\s*(?P<name>{_NAME})\s*$"),
    # "Report's Moscow correspondent informs", "Trend reports that the ministers met"
    re.compile(rf"(?P<name>{_TOKEN})'s\s+(?:[A-Z][\w-]+\s+){{0,2}}(?:correspondent|reporter)"),
    re.compile(rf"(?:^|,\s+|\.\s+)(?P<name>{_NAME})\s+(?:reports|reported|informs)\s+that\b"),
    # a sentence opening with the credit: "Report informs, the press service said …",
    # "Report informs referring to the ministry, …"
    re.compile(rf"(?:^|[.!?]\s+)(?P<name>{_NAME})\s+(?:reports|reported|informs)(?:\s*,|\s+(?:citing|"
               rf"quoting|referring to|with reference to|via)\b)"),
)
# A copyright notice in the text: "All materials are the property of ARMENPRESS", "При
# использовании материалов ссылка на Day.Az обязательна" (listed outlets only: "rail link to Kars").
_NOTICES = (
    re.compile(rf"\b(?:(?:are|is)\s+(?:the\s+)?property\s+of|copyright\s+(?:©\s*)?(?:\d{{4}}\s+)?)"
               rf"\s*(?:the\s+)?(?P<name>{_NAME}|{_WEB})", re.IGNORECASE),
    # "a link to Trend.az is required" (not "with reference to TASS", which cites)
    re.compile(rf"\b(?:(?:hyper)?link|reference|(?:гипер)?ссылка)\s+(?:to|на)\s+(?P<name>{_NAME}|{_WEB})\s+"
               rf"(?:is\s+)?(?:required|obligatory|mandatory|обязательна)", re.IGNORECASE),
)
# A footer line that is the page's own notice (a year, "All rights reserved"), not a photo's "© AFP"
_PAGE_NOTICE = re.compile(r"\b(?:19|20)\d{2}\b|rights|права|hüquq|copyright", re.IGNORECASE)
_PICTURE = re.compile(r"\b(?:photo|фото|foto|image|picture|video)", re.IGNORECASE)
# A listed outlet cited for a fact ("…, according to IRNA."): weaker than a credit, since a text
# may cite another outlet than its own; used when nothing else names the source.
_CITED = (re.compile(rf"\b(?:according to|as reported by|reported by)\s+(?P<name>{_NAME})"),)
_PLACE_AGENCY = re.compile(rf"^(?P<place>[{_UPPER}][\w'-]{{1,30}}(?: [{_UPPER}][\w'-]{{1,30}})?),\s+"
                           rf"(?P<name>{_TOKEN}(?: {_TOKEN}){{0,2}})\s*(?:--|[—–]|-\s|:\s)")
_AFTER_DATE = re.compile(rf"[\s.,;/—–-]*(?P<name>{_NAME})\s*(?:[:.—–-]|$)")
_PARENS = re.compile(r"\((?:MENAFN\s*[-–—]\s*)?(?P<name>[^()]{2,40})\)|/(?P<slash>[^/\d]{2,30})/")
_NAME_LIST = re.compile(r"\s*[|,;]\s*")
_AUTHOR_LIST = re.compile(r"\s*[|,;/]\s*|\s+(?:and|[-–—])\s+")
_WEB_END = re.compile(r"\w\.[a-z]{2,6}$", re.IGNORECASE)
_NAME_PARTS = re.compile(r"[A-Z][a-z]+|[a-z]+|[A-Z]+(?![a-z])")
_SECTION_SPLIT = re.compile(r"\s+[|/»›]\s+")
_DIGIT = re.compile(r"\d")
_SLASHED = re.compile(r"/(?P<name>[^/\d]{2,30}?)\s*[:.](?:\s|$)")
_THE = re.compile(r"^The\s+")
_TITLE_SPLIT = re.compile(r"\s+[|–—-]\s+")
_DESK_WORDS = (r"\s+(?:Editorial\s+(?:Staff|Team|Board|Desk)|News\s+Desk|Web\s+Desk|Newsroom|"
               r"Staff(?:\s+Writer|\s+Reporter)?|Desk|Bureau)$")
_DESKS = tuple(re.compile(rf"^(?:By\s+)?(?:The\s+)?(?P<name>[^,;:]{{2,40}}{lazy}){_DESK_WORDS}")
               for lazy in ("?", ""))
_FIRST_PERSON_HOME = re.compile(r"\bour (?:country|state|republic|nation)\b", re.IGNORECASE)
_MINISTRY = re.compile(
    r"\b(?P<kind>Ministry of Foreign Affairs|Foreign Ministry|Ministry of (?:National )?Defen[cs]e|"
    r"Ministry of Economy|Ministry of Energy|Embassy)\b(?:\s+of(?:\s+the)?\s+(?P<of>[^,.;:|]{3,60}))?")
_MINISTRY_BEFORE = re.compile(r"(?P<before>[A-Z][\w' -]{2,40}?)(?:'s)?\s+(?P<kind>Ministry of Foreign "
                              r"Affairs|Foreign Ministry|MFA|Ministry of (?:National )?Defen[cs]e)\b")


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
    name = name.strip(" .,;:-–—'\"")
    return _aliases().get(name.lower(), name)


def known_outlet(name: str) -> str | None:
    """The canonical name if ``name`` is a listed spelling written as a name: capitalised or a
    web address, and spellings of three letters or fewer (AA, AP) only in upper case."""
    name = name.strip(" .,;:-–—'\"")
    found = _aliases().get(name.lower())
    if found is None or not (name[:1].isupper() or name[:1].isdigit() or "." in name):
        return None
    return None if len(name) <= 3 and not name.isupper() else found


_URL = re.compile(r"^(?:https?://)?(?P<host>(?:[a-z0-9-]+\.)+[a-z]{2,6})(?::\d+)?(?:/(?P<path>\S*))?$",
                  re.IGNORECASE)
_HOST_PREFIXES = {"www", "en", "ru", "az", "eng", "m", "amp", "news", "mobile"}
_HANDLE = re.compile(r"^@(?P<handle>[A-Za-z][\w.]{1,40})$")
_NOT_ALNUM = re.compile(r"[^0-9a-zа-яёəşğıöüç]+")


@lru_cache(maxsize=1)
def _squashed() -> dict[str, str]:
    """Listed spellings without spaces, dots and dashes (``dailysabah``, ``ocmedia``, ``reportaz``)."""
    return {_NOT_ALNUM.sub("", alias): name for alias, name in _aliases().items()}


def _squashed_outlet(name: str) -> str | None:
    key = _NOT_ALNUM.sub("", name.lower())
    return _squashed().get(key) if len(key) >= 2 else None


def _ministry_host(labels: list[str]) -> str | None:
    """The ministry of a government site (``mfa.gov.az``, ``mid.ru``): its first name in
    ``ministry_hosts`` (``sources.yaml``), its country from the country-code ending."""
    kind = source_table().get("ministry_hosts", {}).get(labels[0])
    country = pycountry.countries.get(alpha_2=labels[-1].upper()) if len(labels[-1]) == 2 else None
    return f"{kind} of {country_name(country.alpha_3)}" if kind and country else None


def url_outlet(line: str) -> str | None:
    """The listed outlet whose web address or Telegram/X handle a whole line is: the host is
    read without ``www.`` or a language prefix, then each of its names with and without the
    domain ending (``dailysabah.com`` -> Daily Sabah); a handle (``@report_az``, ``t.me/apa_az``)
    is read with its underscores as dots or spaces.

    >>> url_outlet("https://www.dailysabah.com/politics/x"), url_outlet("oc-media.org/news/1/")
    ('Daily Sabah', 'OC Media')
    >>> url_outlet("@report_az"), url_outlet("https://t.me/azertac"), url_outlet("https://example.com/")
    ('Report.az', 'AZERTAC', None)
    >>> url_outlet("https://mfa.gov.az/en/news/1")
    'Ministry of Foreign Affairs of Azerbaijan'
    """
    line = line.strip().rstrip(".,;")
    if match := _HANDLE.match(line):
        handle = match["handle"]
        return (_aliases().get(handle.replace("_", ".").lower()) or _squashed_outlet(handle)
                or next((found for part in handle.split("_") if (found := _squashed_outlet(part))), None))
    match = _URL.match(line)
    if not match or (not line.lower().startswith(("http", "www.")) and "/" not in line):
        return None
    labels = match["host"].lower().split(".")
    if labels[:-1] in (["t"], ["telegram"], ["twitter"], ["x"]) and match["path"]:
        return url_outlet("@" + match["path"].split("/")[0])
    while len(labels) > 2 and labels[0] in _HOST_PREFIXES:
        labels = labels[1:]
    host = ".".join(labels)
    if found := _aliases().get(host) or _ministry_host(labels):
        return found
    names = [label for label in labels[:-1] if label not in ("co", "com", "org", "net", "gov")]
    return next((found for label in names if (found := _squashed_outlet(label))), None)


def address_outlet(line: str) -> str | None:
    """The outlet of the first explicit web address (``https://…``, ``www.…``) inside a line.

    >>> address_outlet("Politics https://www.dailysabah.com/politics/x Talks held")
    'Daily Sabah'
    """
    return next((found for token in line.split() if token.lower().startswith(("http://", "https://", "www."))
                 and (found := url_outlet(token))), None)


def is_outlet(line: str) -> bool:
    """True if a whole line is just a listed outlet's name (a sign-off such as ``News.Az``)."""
    return known_outlet(line.strip(" .—–-")) is not None


@lru_cache(maxsize=1)
def _outlet_regex() -> re.Pattern[str]:
    names = sorted(_aliases(), key=len, reverse=True)
    return re.compile(r"(?<![\w.])(" + "|".join(map(re.escape, names)) + r")(?![\w])", re.IGNORECASE)


def outlets_in(text: str, credit: bool = False) -> list[str]:
    """Listed outlets named in ``text``, in order (canonical names); spellings that are also
    common words (``words_needing_a_credit`` in ``sources.yaml``: Report, Trend) only count in a
    credit (``told Report``, ``Trend reports``, or a whole ``credit`` line such as a copyright
    notice), never as a bare word.

    >>> outlets_in("Baku, December 20, AZERTAC. The trend continued."), outlets_in("Special Report")
    (['AZERTAC'], [])
    >>> outlets_in("© 1991-2024 Interfax", credit=True)
    ['Interfax']
    """
    common = set() if credit else {w.lower() for w in source_table()["words_needing_a_credit"]}
    return [found for m in _outlet_regex().finditer(text)
            if m.group(1).lower() not in common and (found := known_outlet(m.group(1)))]


@lru_cache(maxsize=2)
def _label_regex(kind: str) -> re.Pattern[str]:
    labels = "|".join(sorted(map(re.escape, source_table()[kind]), key=len, reverse=True))
    return re.compile(rf"^(?:{labels})\s*[:：]?\s+(?P<name>.{{2,60}}?)\s*$", re.IGNORECASE)


def labelled_credit(line: str) -> str | None:
    """The outlet a credit line names: ``Source: Xinhua`` (any name), ``Autor: Tanjug`` (listed
    outlets only: authors are usually people).

    >>> [labelled_credit(line) for line in ("Autor: Tanjug", "By Sabina Mammadli", "Source: Kun.uz")]
    ['Tanjug', None, 'Kun.uz']
    >>> labelled_credit("By Rufiz Hafizoglu – Trend:"), labelled_credit("IFP Editorial Staff")
    ('Trend', 'Iran Front Page')
    >>> labelled_credit("Source: Al Jazeera and news agencies"), labelled_credit("via @report_az")
    ('Al Jazeera', 'Report.az')
    >>> labelled_credit("Published in Dawn, March 5th, 2024"), labelled_credit("Published in June 2024")
    ('Dawn', None)
    """
    line = line.strip()
    for desk in _DESKS:  # "IFP Editorial Staff", "Caspian News Desk": the shorter name, then the longer
        if (match := desk.match(line)) and (known_outlet(match["name"]) or looks_like_outlet(match["name"])):
            return canonical_outlet(match["name"])
    if match := _label_regex("source_labels").match(line):
        name = _NAME_LIST.split(match["name"])[0]
        if not name:  # "Source: , AFP"
            return None
        if found := url_outlet(name) or _listed_prefix(name):  # "Al Jazeera and news agencies"
            return found
        dated = name[:1].isdigit() or name.split()[0].lower() in month_words()  # "June 2024"
        if not _is_place(name) and (not dated or _WEB_END.search(name)):  # but "7days.ru"
            return canonical_outlet(name)
    if match := _label_regex("author_labels").match(line):
        for part in _AUTHOR_LIST.split(match["name"]):
            if found := known_outlet(part):
                return found
            if looks_like_outlet(part) and not _is_place(part):  # "Author: Front News Georgia"
                return canonical_outlet(part)
    return None


def is_credit_label(line: str) -> bool:
    """True if a line is only a credit label (``Author``, ``Source:``), its name on the next line."""
    label = line.strip(" :").lower()
    return label in {w.lower() for w in (*source_table()["source_labels"], *source_table()["author_labels"])}


def is_byline(line: str) -> bool:
    """True if a line is an author or source credit (``By …``, ``Autor: …``, ``Source: …``)."""
    line = line.strip()
    return bool(len(line.split()) <= 8 and (_label_regex("author_labels").match(line)
                                            or _label_regex("source_labels").match(line)))


def _is_place(name: str) -> bool:
    words = name.replace(",", " ").split()
    return bool(words) and all(w.lower() in country_lookup() or w.lower() in ("azerbaijan",)
                               for w in words)


# Words that make an unlisted credited name an official or an office, not an outlet
# ("…, Azerbaijan's Defence Ministry reported.").
_NOT_OUTLET = re.compile(r"'s\b|\b(?:Ministry|Ministers?|Office|Service|Government|President|"
                         r"Department|Embassy|Spokes\w+|Parliament|Council|Committee)\b", re.IGNORECASE)


def looks_like_outlet(name: str) -> bool:
    """True if an unlisted name reads as an outlet, not a person: a web address, an acronym
    (``IANS``), or a name with an outlet word (``outlet_words`` in ``sources.yaml``: Daily, News,
    also joined: ``TuraNews``) and a word of its own (not ``Breaking News``: ``generic_words``).

    >>> [looks_like_outlet(n) for n in ("Bugle Daily", "IANS", "kavkaz.info", "TuraNews")]
    [True, True, True, True]
    >>> [looks_like_outlet(n) for n in ("Helen Carver", "Breaking News", "News")]
    [False, False, False]
    """
    words = name.split()
    if _WEB_END.search(name) or (
            len(words) == 1 and 2 <= len(name) <= 6 and name.isupper()):
        return True
    parts = [p.lower() for w in words for p in (_NAME_PARTS.findall(w) or [w])]
    outlet_words = {w.lower() for w in source_table()["outlet_words"]}
    generic = outlet_words | {w.lower() for w in source_table()["generic_words"]}
    return any(p in outlet_words for p in parts) and any(p not in generic for p in parts)


def _defines_office(name: str, text: str) -> bool:
    """True if ``text`` introduces ``name`` as the short form of an office (``State Security
    Service (SSS)``): then ``SSS reported`` credits no outlet."""
    for match in re.finditer(rf"\(\s*{re.escape(name)}\s*\)", text):
        if _NOT_OUTLET.search(text[max(0, match.start() - 60):match.start()].split(",")[-1]):
            return True
    return False


def _accept(name: str, known_only: bool, person_like: bool = True, text: str = "") -> str | None:
    """A credited name as a source: a listed outlet, or (unless ``known_only``) an unlisted name
    that is no place and no office (nor the short form ``text`` gives an office); where a person
    could stand (``person_like``: "Jane Doe reports"), an unlisted name must also look like an
    outlet."""
    if found := known_outlet(name):
        return found
    if known_only or _is_place(name) or _NOT_OUTLET.search(name) or _defines_office(name, text):
        return None
    if person_like and not looks_like_outlet(name):
        return None
    return canonical_outlet(name)


def _listed_prefix(name: str) -> str | None:
    words = name.split()
    for n in range(len(words), 0, -1):  # longest listed prefix: "Trend that" -> Trend
        if found := known_outlet(" ".join(words[:n])):
            return found
    return None


def find_credit(text: str, cited: bool = False) -> str | None:
    """The outlet credited in a sentence such as ``"…, News.Az reports."``; with ``cited``, a
    listed outlet cited for a fact instead (``"…, according to IRNA."``).

    >>> find_credit("The bridge opened, according to IRNA."), find_credit("…, according to IRNA.", cited=True)
    (None, 'IRNA')
    >>> find_credit("The State Security Service (SSS) detained a spy, SSS reported.")
    >>> find_credit("All materials are the property of ARMENPRESS."), find_credit("A rail link to Kars.")
    ('Armenpress', None)
    >>> find_credit("Ссылка на Day.Az обязательна."), find_credit("He spoke with reference to TASS.")
    ('Day.Az', None)
    """
    for sentence in rough_sentences(text):
        for pattern in () if cited else _CREDITS:
            for match in pattern.finditer(sentence):
                if found := _accept(match.group("name"), known_only=False, text=text):
                    return found
        for pattern in _CITED if cited else (*_KNOWN_CREDITS, *_NOTICES):
            for match in pattern.finditer(sentence):
                if found := _listed_prefix(match.group("name")):
                    return found
    return None


_MASTHEAD_WORDS = {"with", "and", "agencies", "agency", "wires", "staff", "logo", "&", "+", "/", "-", "|",
                   ","}


def masthead_outlet(line: str) -> str | None:
    """The outlet of a masthead line: only listed outlets and joining words (``DAILY SABAH WITH
    AA``, ``TRT World and agencies``), the first one named; None for any other line, and for
    spellings that are common words (``TREND``, ``REPORT``: section names too).

    >>> masthead_outlet("DAILY SABAH WITH AA"), masthead_outlet("AZERTAC INTERVIEW WITH MINISTER")
    ('Daily Sabah', None)
    >>> masthead_outlet("Civil.ge | Politics"), masthead_outlet("www.gazeta.uz/en/2024/04/10/trade/")
    ('Civil.ge', 'Gazeta.uz')
    """
    if found := url_outlet(line):  # "https://www.dailysabah.com/politics/…" over the title
        return found
    if len(line) > 80:
        return None
    parts = _SECTION_SPLIT.split(line)  # "Civil.ge | Politics": a masthead and a section
    if len(parts) > 1 and all(len(p.split()) <= 3 and not _DIGIT.search(p) for p in parts[1:]):
        line = parts[0]
    common = {w.lower() for w in source_table()["words_needing_a_credit"]}
    found = [m for m in _outlet_regex().finditer(line)
             if known_outlet(m.group(1)) and m.group(1).lower() not in common]
    rest = _outlet_regex().sub(" ", line).lower().replace(",", " , ").split()
    if not found or any(w not in _MASTHEAD_WORDS for w in rest):
        return None
    return known_outlet(found[0].group(1))


def _dateline_head(line: str) -> str:
    """The opening run of capitalised words, numbers, months and punctuation of a line (at most
    12 tokens): ``"BAKU, Dec. 20 (Xinhua) -- Azerbaijan"`` of ``"… -- Azerbaijan and …"``."""
    head: list[str] = []
    for token in line.split()[:12]:
        letters = token.strip("()/.,:;-–—\"'")
        enclosed = token.startswith(("(", "/")) and token.rstrip(".,:;").endswith((")", "/"))
        if letters[:1].islower() and letters.lower() not in month_words() and not enclosed:
            break
        head.append(token)
    return " ".join(head)


def dateline_credit(line: str) -> str | None:
    """The agency in the dateline opening a text: ``(Xinhua)``, ``/TASS/``, ``Baku/30.05.23/Turan:``,
    ``(MENAFN- AzerNews)``, a listed outlet in it (``Baku, December 20, AZERTAC``), or any
    name between a place and a dash (``Yerevan, Arminfo --``).

    >>> dateline_credit("Yerevan, Arminfo -- Officials said"), dateline_credit("Baku, Azerbaijan - The")
    ('Arminfo', None)
    >>> dateline_credit("Georgia, Tbilisi, Feb. 7 /Trend, N. Kirtskhalia/ The government said")
    'Trend'
    """
    head = _dateline_head(line)
    for match in _PARENS.finditer(head):
        name = _NAME_LIST.split((match["name"] or match["slash"]).strip())[0]  # "/Trend, N. Surname/"
        if len(name.split()) <= 3 and (found := _accept(name, known_only=False, person_like=False,
                                                        text=head)):  # not "Security Service (SSS)"
            return found
    match = _SLASHED.search(head)
    if match and (found := _accept(match["name"], known_only=False, person_like=False)):
        return found
    if dates := find_dates(head):  # "Bakı. 5 mart. Trend:", "БАКУ, 15 мар — Sputnik."
        after = head[dates[-1].start + len(dates[-1].text):]
        match = _AFTER_DATE.match(after)
        if match and (found := known_outlet(match["name"])):
            return found
    found = outlets_in(head)
    if found:
        return found[0]
    match = _PLACE_AGENCY.match(line)  # "Yerevan, Arminfo -- …": an unlisted agency after a place
    if match and _is_place(match["place"]) and not only_meta_words(match["name"]) \
            and match["name"].lower() not in month_words():
        return _accept(match["name"], known_only=False, person_like=False)
    return None


def is_ministry_release(header: str) -> bool:
    """True if a header line marks an official release (``"Press release 04 December 2019"``)."""
    return any(header.lower().startswith(word) for word in source_table()["ministry_release"])


def _ministry_kind(kind: str) -> str:
    return {"Foreign Ministry": "Ministry of Foreign Affairs", "MFA": "Ministry of Foreign Affairs",
            "Ministry of National Defense": "Ministry of Defence",
            "Ministry of National Defence": "Ministry of Defence",
            "Ministry of Defense": "Ministry of Defence"}.get(kind, kind)


_LETTERHEAD_WORD = re.compile(r"[\wəı-]+")


def _letterhead_abroad(line: str) -> str | None:
    """A letterhead in Azerbaijani, Russian or Turkish that names only a ministry and its country
    (``ministries`` and ``issuer_countries`` in ``sources.yaml``)."""
    low = line.lower().replace("i̇", "i")
    table = source_table()
    kind = next((k for k, names in table.get("ministries", {}).items() for n in names if n in low), None)
    if kind is None:
        return None
    stems = {stem: iso3 for iso3, names in table.get("issuer_countries", {}).items() for stem in names}
    countries, rest = [], low
    for name in (n for names in table.get("ministries", {}).values() for n in names):
        rest = rest.replace(name, " ")
    for word in _LETTERHEAD_WORD.findall(rest):
        if iso3 := next((iso3 for stem, iso3 in stems.items() if word.startswith(stem)), None):
            countries.append(iso3)
        elif word not in table.get("letterhead_words", []):
            return None  # a sentence or a headline about a ministry, not its letterhead
    return f"{kind} of {country_name(countries[0])}" if len(set(countries)) == 1 else None


def ministry_named(line: str) -> str | None:
    """The issuer a header line names: ``Ministry of Foreign Affairs of the Republic of Latvia``,
    ``Latvian Foreign Ministry``, ``Embassy of Azerbaijan in ...`` (country names normalised;
    a line in capitals is read in title case).

    >>> ministry_named("Republic of Türkiye Ministry of Foreign Affairs")
    'Ministry of Foreign Affairs of Turkey'
    >>> ministry_named("MINISTRY OF FOREIGN AFFAIRS OF THE REPUBLIC OF AZERBAIJAN")
    'Ministry of Foreign Affairs of Azerbaijan'
    >>> ministry_named("Azərbaycan Respublikası Xarici İşlər Nazirliyi")
    'Ministry of Foreign Affairs of Azerbaijan'
    >>> ministry_named("МИД Азербайджана осудил заявление Еревана") is None  # a headline
    True
    """
    if found := _letterhead_abroad(line):
        return found
    line = uncapitalise(line)
    if match := _MINISTRY.search(line):
        countries = find_countries(match["of"] or "")
        if countries:
            return f"{_ministry_kind(match['kind'])} of {country_name(countries[0])}"
    if match := _MINISTRY_BEFORE.search(line):
        countries = find_countries(match["before"].replace("Türkiye", "Turkey"))
        if countries:
            return f"{_ministry_kind(match['kind'])} of {country_name(countries[-1])}"
    return None


_GUEST = re.compile(r"\b(?:pay|pays|paid|paying|make|makes|made|making)\s+(?:an?\s+)?"
                    r"(?:\w+\s+){0,2}visit\s+to\s+our\s+country", re.IGNORECASE)
# a country a release addresses ("calls on Armenia to refrain …") is not the issuer's own
_ADDRESSED = re.compile(r"\b(?:call(?:s|ed|ing)?\s+(?:up)?on|urg(?:es|ed|ing|e)|"
                        r"demand(?:s|ed|ing)?\s+(?:that|from))\s+(?:the\s+)?[A-Z][\w-]+(?:\s+[A-Z][\w-]+)?")
_VISIT_TO = re.compile(r"\bvisit\b.{0,80}?\bto\s+(?P<host>(?:the\s+)?[A-Z][\w ]{2,40})", re.IGNORECASE)


def _countries(text: str) -> list[str]:
    return find_countries(text.replace("Türkiye", "Turkey"))


def home_country(paragraphs: Sequence[str], title: str | None = None) -> str | None:
    """ISO3 of the country a release calls "our country": the most named in those sentences
    (not counting a guest who "will pay a visit to our country"), then the host of a visit the
    title announces; a country the sentence calls on or urges is not counted; a tie goes to the
    one country the title does not name (a title names the other side), then to the country the
    release names first (an issuer names itself first).

    >>> home_country(["The Minister of Latvia received the Ambassador of Azerbaijan.",
    ...               "Our country values cooperation with Azerbaijan, Latvia's minister said."])
    'LVA'
    >>> home_country(["Our country calls on Armenia to respect the deal between Azerbaijan and Armenia."],
    ...              title="Statement on the remarks of the Armenian side")
    'AZE'
    >>> home_country(["The Minister of Azerbaijan will pay an official visit to our country."],
    ...              title="Visit of the Foreign Minister of Azerbaijan to Türkiye")
    'TUR'
    """
    counts: Counter[str] = Counter()
    for paragraph in paragraphs:
        for sentence in rough_sentences(paragraph):
            if _FIRST_PERSON_HOME.search(sentence):
                guest = _GUEST.search(sentence)
                counts.update(_countries(_ADDRESSED.sub(" ", sentence[guest.end():] if guest else sentence)))
    if not counts and title and (visit := _VISIT_TO.search(title)):
        counts.update(_countries(visit["host"]))
    top = counts.most_common()
    if not top:
        return None
    tied = {iso3 for iso3, n in top if n == top[0][1]}
    if len(tied) == 1:
        return top[0][0]
    if title and len(untitled := tied - set(_countries(title))) == 1:
        return untitled.pop()  # "Statement … on the remarks of the Armenian side": the other one
    opening = _ADDRESSED.sub(" ", " ".join(paragraphs[:2]))
    return next((iso3 for iso3 in _countries(opening) if iso3 in tied), None)


def find_source(header: Sequence[str], paragraphs: Sequence[str], *, title: str | None = None,
                sign_off: str | None = None, release: bool = False,
                footer: Sequence[str] = ()) -> tuple[str | None, list[str]]:
    """Normalised source and flags, from the strongest evidence down. First what the publishing
    page says of itself: header lines (byline, credit label, ministry, masthead, web address),
    the dateline agency, a listed outlet in a ``footer`` line (copyright, "More from …"), a title
    suffix ("… - Hürriyet Daily News"), a sign-off. Then credits in the text, which may name
    another outlet the page cites: a credit in the first two paragraphs or the last one, a short
    closing line naming a listed
    outlet, an outlet cited in the first two paragraphs ("according to IRNA"; never for a
    release); and for a release the ministry that opens its text or that of "our country".

    >>> find_source([], ["Visit to our country by the President of Azerbaijan."], release=True)
    ('Ministry of Foreign Affairs of Azerbaijan', [])
    >>> find_source([], ["Talks were held, IRNA reported."], footer=["© 2024 Tehran Times."])
    ('Tehran Times', [])
    """
    last = paragraphs[-1] if len(paragraphs) > 1 else ""
    found = (
        next((s for line in header if (s := labelled_credit(line) or ministry_named(line)
                                       or url_outlet(line) or next(iter(outlets_in(line)), None))), None)
        or (title and address_outlet(title))
        or (dateline_credit(paragraphs[0]) if paragraphs else None)
        or _footer_outlet(footer, page=True)
        or (title and _title_suffix(title))
        or (sign_off and (labelled_credit(sign_off) or ministry_named(sign_off) or url_outlet(sign_off)
                          or canonical_outlet(sign_off)))
        or find_credit("\n".join(paragraphs[:2])[:CREDIT_CHARS])
        or (find_credit(paragraphs[-1][-CREDIT_CHARS:]) if len(paragraphs) > 2 else None)
        or (len(last.split()) <= CLOSING_WORDS and next(iter(outlets_in(last)), None))
        or _footer_outlet(footer, page=False)
        or (None if release else find_credit("\n".join(paragraphs[:2])[:CREDIT_CHARS], cited=True))
    )
    flags: list[str] = []
    if found is None and release and paragraphs and (opening := _MINISTRY.match(
            _THE.sub("", paragraphs[0][:150]))):
        found = ministry_named(opening.group(0))
    if found is None and release:
        iso3 = home_country(paragraphs, title)
        found = "Ministry of Foreign Affairs" + (f" of {country_name(iso3)}" if iso3 else "")
        if iso3 is None:
            flags.append("issuing country of the release unknown")
    if found is None:
        flags.append("source unknown")
    elif not found.startswith(("Ministry", "Embassy")) and found not in source_table()["outlets"]:
        flags.append(f"source not in sources.yaml: {found}")
    return found, flags


def _footer_outlet(footer: Sequence[str], page: bool) -> str | None:
    """The first listed outlet in footer lines that are (``page``) or are not the page's own
    notice: a notice has a year or a rights clause and no picture word ("© 2024 Tehran Times",
    not "Photo: © AFP" nor a bare "© AFP")."""
    return next((found for line in footer
                 if bool(_PAGE_NOTICE.search(line) and not _PICTURE.search(line)) == page
                 and (found := next(iter(outlets_in(line, credit=True)), None))), None)


def _title_suffix(title: str) -> str | None:
    parts = _TITLE_SPLIT.split(title)
    return known_outlet(parts[-1]) if len(parts) > 1 else None


def split_title_suffix(title: str) -> str:
    """A title without a trailing outlet name (``"Talks held - Trend"`` -> ``"Talks held"``)."""
    parts = _TITLE_SPLIT.split(title)
    return " - ".join(parts[:-1]) if len(parts) > 1 and known_outlet(parts[-1]) else title

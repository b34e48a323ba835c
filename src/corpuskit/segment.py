"""Paragraph and sentence tables with character offsets into each article's ``body``.

Every later result (entities, topics, events) points back to a ``sent_id`` here.

>>> import pandas as pd
>>> arts = pd.DataFrame({"doc_id": ["d"], "body": ["First one. Second one.\\n\\nNew paragraph."]})
>>> paragraph_table(arts)[["para_id", "start_char", "end_char"]].values.tolist()
[[0, 0, 22], [1, 24, 38]]
"""

from __future__ import annotations

from collections.abc import Iterator

import pandas as pd
from tqdm import tqdm

from corpuskit.nlp import load_spacy

PARAGRAPH_BREAK = "\n\n"
SENTENCE_PIPES = ("tok2vec", "parser")


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
    return pd.DataFrame(rows, columns=["doc_id", "para_id", "start_char", "end_char", "text"])


def sentence_table(paragraphs: pd.DataFrame, batch_size: int = 256,
                   progress: bool = True) -> pd.DataFrame:
    """One row per sentence (spaCy's dependency parser decides the boundaries).

    Sentences never cross paragraphs; ``sent_id`` counts from 0 within each doc.
    """
    nlp = load_spacy()
    rows: list[dict] = []
    docs = nlp.pipe(paragraphs["text"], batch_size=batch_size,
                    disable=[p for p in nlp.pipe_names if p not in SENTENCE_PIPES])
    counter: dict[str, int] = {}
    records = paragraphs[["doc_id", "para_id", "start_char"]].itertuples(index=False)
    for para, doc in tqdm(zip(records, docs, strict=True), total=len(paragraphs),
                          desc="sentences", disable=not progress):
        for sent in doc.sents:
            text = sent.text.strip()
            if not text:
                continue
            start = para.start_char + sent.start_char + (len(sent.text) - len(sent.text.lstrip()))
            sent_id = counter.get(para.doc_id, 0)
            counter[para.doc_id] = sent_id + 1
            rows.append({"doc_id": para.doc_id, "sent_id": sent_id, "para_id": para.para_id,
                         "start_char": start, "end_char": start + len(text), "text": text})
    return pd.DataFrame(rows, columns=["doc_id", "sent_id", "para_id", "start_char", "end_char", "text"])

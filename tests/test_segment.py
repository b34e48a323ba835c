"""Paragraph and sentence offsets point back to the exact text of the clean body."""

from __future__ import annotations

import pandas as pd

from corpuskit.nlp import load_spacy
from corpuskit.segment import paragraph_table, sentence_spans, sentence_table
from corpuskit.tables import validate


def test_sentence_offsets_point_into_body(articles, sentences):
    validate(sentences, "sentences")
    bodies = articles["body"].to_dict()
    for row in sentences.itertuples():
        assert bodies[row.doc_id][row.start_char:row.end_char] == row.text


def test_paragraph_offsets_and_counts(articles):
    paragraphs = validate(paragraph_table(articles.reset_index(drop=True)), "paragraphs")
    assert paragraphs.groupby("doc_id").size().to_dict() == {
        "000_28aa6f7de2c80480": 8, "001_23ce66ccd23087cf": 11, "002_fb7bccd89f12d2ad": 2,
        "003_405cc9b473164806": 12, "004_a58800300360e8da": 23,
    }
    bodies = articles["body"].to_dict()
    assert all(bodies[r.doc_id][r.start_char:r.end_char] == r.text for r in paragraphs.itertuples())


def test_glued_sentences_become_separate_sentences(sentences):
    texts = sentences.loc[sentences["doc_id"] == "002_fb7bccd89f12d2ad", "text"].tolist()
    assert any(t.startswith("During the consultations") for t in texts)
    assert any(t.startswith("They underscored the significance") for t in texts)


def test_sentences_never_cross_paragraphs():
    # Paragraphs that do not end in a full stop (headings, captions, lists) are still closed.
    body = ("Ministers meet in Baku\n\nThe foreign ministers of Azerbaijan and Georgia met on Monday "
            "to discuss the Middle Corridor\n\nPhoto: the ministers\n\nThey signed two documents. "
            "Both sides praised the talks.")
    articles = pd.DataFrame({"doc_id": ["d"], "body": [body]})
    sentences = validate(sentence_table(paragraph_table(articles), progress=False), "sentences")
    assert sentences[["para_id", "text"]].values.tolist() == [
        [0, "Ministers meet in Baku"],
        [1, "The foreign ministers of Azerbaijan and Georgia met on Monday to discuss the Middle Corridor"],
        [2, "Photo: the ministers"], [3, "They signed two documents."], [3, "Both sides praised the talks."]]
    assert all(body[r.start_char:r.end_char] == r.text for r in sentences.itertuples())


def test_punctuation_alone_joins_a_sentence_of_its_paragraph():
    from spacy.tokens import Doc

    from corpuskit.nlp import load_spacy
    from corpuskit.segment import sentence_rows

    words = ['"', "We", "agreed", ".", '"', "\n\n", '"', "Talks", "ended", "."]
    spaces = [False, True, False, False, False, False, False, True, False, False]
    starts = [True, True, False, False, True, False, True, True, False, False]
    doc = Doc(load_spacy().vocab, words=words, spaces=spaces, sent_starts=starts)
    rows = sentence_rows("d", doc)
    assert [(r["sent_id"], r["para_id"], r["text"]) for r in rows] == [
        (0, 0, '"We agreed."'), (1, 1, '"Talks ended.')]
    assert all(doc.text[r["start_char"]:r["end_char"]] == r["text"] for r in rows)


def test_sentence_spans_are_the_docs_sentences(articles):
    nlp = load_spacy(("ner",))
    texts = ["Talks ended.  They met.\n\n  Then: a visit!", "One", " ", "\n\nA paragraph.\n\n", "",
             *articles["body"]]
    for doc in nlp.pipe(texts):
        assert sentence_spans(doc) == [(s.start, s.end, s.start_char, s.end_char) for s in doc.sents]

"""flag_duplicates: the candidate filter and blocks give the flags of comparing every pair."""

import hashlib
import random
import string

import pandas as pd
from rapidfuzz import fuzz

from corpuskit import corpus

SENTENCES = ["The foreign ministers met in Baku.", "Talks covered energy and transport.",
             "A memorandum on education was signed.", "The sides agreed to meet again in spring.",
             "Trade grew by a fifth last year.", "The delegation visited the port of Alat."]


def _every_pair(articles: pd.DataFrame) -> list[tuple]:
    """The definition, pair by pair: the first earlier article with the same body or a similar opening."""
    bodies = articles["body"].tolist()
    prints = [body[:corpus.FINGERPRINT_CHARS].lower() for body in bodies]
    flags = []
    for i, body in enumerate(bodies):
        found = (None, None)
        for j in range(i):
            if hashlib.sha256(bodies[j].encode()).digest() == hashlib.sha256(body.encode()).digest():
                found = (articles["doc_id"].iat[j], "exact")
                break
            if fuzz.ratio(prints[j], prints[i], score_cutoff=corpus.NEAR_DUPLICATE_SCORE):
                found = (articles["doc_id"].iat[j], "near")
                break
        flags.append(found)
    return flags


def test_blocks_give_the_flags_of_every_pair(monkeypatch):
    rng = random.Random(3)
    bodies = []
    for _ in range(40):
        if bodies and rng.random() < 0.3:  # a copy, or a copy with one sentence more
            body = rng.choice(bodies) + (" " + rng.choice(SENTENCES) if rng.random() < 0.5 else "")
        else:
            body = " ".join(rng.sample(SENTENCES, 4))
        bodies.append(body)
    articles = pd.DataFrame({"doc_id": [f"a{i:02d}" for i in range(40)], "body": bodies})
    monkeypatch.setattr(corpus, "DUPLICATE_BLOCK", 7)  # many blocks, pairs across and within them
    flagged = corpus.flag_duplicates(articles)
    got = list(zip(flagged["duplicate_of"], flagged["duplicate_kind"], strict=True))
    assert got == _every_pair(articles)
    assert {"exact", "near"} <= set(flagged["duplicate_kind"].dropna())


def _edited(rng: random.Random, text: str, edits: int) -> str:
    chars = list(text)
    for _ in range(edits):
        at = rng.randrange(len(chars) + 1)
        if rng.random() < 0.5 and at < len(chars):
            del chars[at]
        else:
            chars.insert(at, rng.choice("abc xyz"))
    return "".join(chars) or "x"


def test_the_candidate_filter_misses_no_near_pair(monkeypatch):
    """Long openings edited character by character around the score's edge (and a few texts too
    short for the q-gram bound): the filtered flags are those of scoring every pair."""
    rng = random.Random(5)
    words = ["the", "talks", "in", "baku", "foreign", "minister", "met", "agreed", "energy", "signed"]
    bodies: list[str] = []
    for _ in range(150):
        if bodies and rng.random() < 0.4:  # an earlier body, edited a little or a lot
            bodies.append(_edited(rng, rng.choice(bodies), rng.choice([0, 5, 40, 80, 100, 120, 160])))
        else:
            bodies.append(" ".join(rng.choice(words) for _ in range(rng.choice([1, 2, 30, 200]))))
    articles = pd.DataFrame({"doc_id": [f"a{i:03d}" for i in range(len(bodies))], "body": bodies})
    monkeypatch.setattr(corpus, "DUPLICATE_BLOCK", 16)
    flagged = corpus.flag_duplicates(articles)
    assert list(zip(flagged["duplicate_of"], flagged["duplicate_kind"], strict=True)) == _every_pair(articles)
    assert (flagged["duplicate_kind"] == "near").sum() >= 10
    prints = list(dict.fromkeys(body[:corpus.FINGERPRINT_CHARS].lower() for body in bodies))
    pairs = len(prints) * (len(prints) - 1) // 2
    assert len(list(corpus._candidate_pairs(prints, corpus.NEAR_DUPLICATE_SCORE))) < pairs / 2  # it filters


def test_an_empty_corpus_has_no_duplicates():
    flagged = corpus.flag_duplicates(pd.DataFrame({"doc_id": [], "body": []}))
    assert flagged.empty and {"duplicate_of", "duplicate_kind"} <= set(flagged.columns)


def test_shared_counts_equal_the_whole_product(monkeypatch):
    """The block-by-block counts of shared tokens (no copy of the matrix) are the full product's."""
    rng = random.Random(7)
    prints = [" ".join(rng.sample(SENTENCES, rng.randint(0, 5))).lower() for _ in range(23)]
    monkeypatch.setattr(corpus, "DUPLICATE_BLOCK", 5)
    tokens = corpus._token_arrays(prints, 40)
    spread = corpus._token_arrays(prints, 40, spread=True)
    whole = (corpus._rows(tokens, 0, 23) @ corpus._rows(spread, 0, 23).T).toarray()
    for start in range(0, len(prints), 5):
        stop = min(start + 5, len(prints))
        later = corpus._token_arrays(prints[start:stop], 40, spread=True)
        assert (corpus._shared(tokens, later, stop) == whole[:stop, start:stop].T).all()


def _pairs(prints: list[str]) -> int:
    return sum(len(earlier) for earlier, _ in corpus._candidate_pairs(prints, corpus.NEAR_DUPLICATE_SCORE))


def test_matched_q_grams_are_counted_in_the_windows_around_them():
    """A text and the same text shifted by almost a window (inserted characters) keep every
    q-gram of the common part in the count; an unrelated text of the same words does not pass."""
    rng = random.Random(11)
    text = " ".join(rng.sample(SENTENCES, 6) * 4).lower()[:1000]
    width = corpus.window_width(1000, corpus.NEAR_DUPLICATE_SCORE)
    shifted = "x" * (width - 1) + text[: 1000 - width + 1]
    tokens = corpus._token_arrays([text], width)
    later = corpus._token_arrays([shifted], width, spread=True)
    assert corpus._shared(tokens, later, 1)[0, 0] >= len(text) - width + 1 - corpus.QGRAM + 1


def test_shared_paragraphs_elsewhere_are_ruled_out_and_copies_kept(monkeypatch):
    """Openings made of the same paragraphs in other orders share most q-grams but not their
    places: the windows rule out most pairs that the q-gram count alone keeps, and the flags are
    still those of scoring every pair (the edited copies are found)."""
    rng = random.Random(13)
    words = ["".join(rng.choices(string.ascii_lowercase, k=rng.randint(2, 8))) for _ in range(500)]
    pool = [" ".join(rng.choices(words, k=35)) + "." for _ in range(8)]
    bodies = [" ".join(rng.sample(pool, 5)) for _ in range(60)]
    bodies += [_edited(rng, bodies[i], 20) for i in range(0, 60, 6)]
    prints = list(dict.fromkeys(body[:corpus.FINGERPRINT_CHARS].lower() for body in bodies))
    windowed = _pairs(prints)
    monkeypatch.setattr(corpus, "window_width", lambda longest, score: 10 ** 6)  # one window
    assert windowed < _pairs(prints) / 3
    monkeypatch.undo()
    articles = pd.DataFrame({"doc_id": [f"a{i:03d}" for i in range(len(bodies))], "body": bodies})
    flagged = corpus.flag_duplicates(articles)
    assert list(zip(flagged["duplicate_of"], flagged["duplicate_kind"], strict=True)) == _every_pair(articles)
    assert (flagged["duplicate_kind"] == "near").sum() == 10

"""Term lexicons over sentences: cooperation areas and the framing of the Karabakh question.

>>> import pandas as pd
>>> sents = pd.DataFrame({"doc_id": ["d", "d"], "sent_id": [0, 1],
...                       "text": ["They discussed energy and trade.", "Demining goes on."]})
>>> hits = term_hits(sents, {"energy": ["energy"], "post-conflict": ["demining"], "tech": ["IT"]})
>>> hits[["sent_id", "term_set", "term"]].values.tolist()
[[0, 'energy', 'energy'], [1, 'post-conflict', 'demining']]
"""

from __future__ import annotations

import re
from functools import lru_cache

import pandas as pd
import yaml

from corpuskit.config import data_file


@lru_cache(maxsize=1)
def lexicons() -> dict[str, dict[str, list[str]]]:
    """The term lists of ``data/framing.yaml``."""
    return yaml.safe_load(data_file("framing.yaml").read_text(encoding="utf-8"))


def _term_pattern(term: str) -> str:
    """Acronyms ("IT", "NATO") match in capitals only, so "it" is not information technology."""
    return f"(?-i:{re.escape(term)})" if term.isupper() else re.escape(term)


def term_hits(sentences: pd.DataFrame, term_sets: dict[str, list[str]]) -> pd.DataFrame:
    """One row per term occurrence: doc_id, sent_id, term_set, term, sentence text."""
    patterns = {name: re.compile(r"(?<![\w-])(" + "|".join(
        _term_pattern(t) for t in sorted(terms, key=len, reverse=True)) + r")(?![\w-])", re.IGNORECASE)
        for name, terms in term_sets.items()}
    rows = [{"doc_id": s.doc_id, "sent_id": s.sent_id, "term_set": name, "term": m.group(1).lower(),
             "text": s.text}
            for s in sentences.itertuples() for name, pattern in patterns.items()
            for m in pattern.finditer(s.text)]
    return pd.DataFrame(rows, columns=["doc_id", "sent_id", "term_set", "term", "text"])


def area_table(sentences: pd.DataFrame, articles: pd.DataFrame, by: str = "partner_iso3") -> pd.DataFrame:
    """Partner × cooperation area: sentences mentioning the area, and the first as evidence."""
    hits = term_hits(sentences, lexicons()["cooperation_areas"]).merge(articles[["doc_id", by]])
    per_sentence = hits.drop_duplicates(["doc_id", "sent_id", "term_set"])
    per_sentence = per_sentence.sort_values([by, "term_set", "doc_id", "sent_id"])
    return per_sentence.groupby([by, "term_set"]).agg(
        sentences=("text", "size"),
        evidence_id=("sent_id", lambda s: f"{per_sentence.loc[s.index[0], 'doc_id']}:{s.iloc[0]}"),
        evidence=("text", "first"),
    ).reset_index().rename(columns={"term_set": "area"})


def frame_shares(sentences: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Year × Karabakh frame: each frame's share of all frame terms that year (rows sum to 1)."""
    hits = term_hits(sentences, lexicons()["karabakh_frames"]).merge(articles[["doc_id", "published"]])
    hits["year"] = hits["published"].dt.year
    counts = hits.pivot_table(index="year", columns="term_set", values="term", aggfunc="size", fill_value=0)
    counts = counts.reindex(columns=list(lexicons()["karabakh_frames"]), fill_value=0)
    return counts.div(counts.sum(axis=1), axis=0).round(3)

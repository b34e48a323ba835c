"""Tables that show what cleaning did, for notebooks and reviews.

>>> import pandas as pd
>>> arts = pd.DataFrame({"doc_id": ["d"], "removed": [["banner: news banner image"]]})
>>> removal_table(arts).values.tolist()
[['d', 'banner', 'news banner image']]
"""

from __future__ import annotations

import pandas as pd


def removal_table(articles: pd.DataFrame) -> pd.DataFrame:
    """One row per line (or widget) removed from an article: doc_id, kind, text."""
    rows = [{"doc_id": doc_id, "kind": item.split(": ", 1)[0], "text": item.split(": ", 1)[1]}
            for doc_id, removed in zip(articles["doc_id"], articles["removed"], strict=True)
            for item in removed]
    return pd.DataFrame(rows, columns=["doc_id", "kind", "text"])


def quality_table(articles: pd.DataFrame) -> pd.DataFrame:
    """Per article: characters kept and removed, glue repairs, how the date was found."""
    table = articles[["doc_id", "n_chars_raw", "n_chars_removed", "glue_repairs",
                      "date_basis", "encoding", "duplicate_kind"]].copy()
    table.insert(3, "share_removed", (table["n_chars_removed"] / table["n_chars_raw"]).round(3))
    table["lines_removed"] = articles["removed"].map(len)
    return table

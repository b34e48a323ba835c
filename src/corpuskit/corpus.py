"""Load a folder of raw articles into an article table and an error table.

Bad files never stop the run: each is reported by name with a one-line reason,
logged as a warning, and returned in the error table.

>>> from corpuskit.config import RAW_DIR
>>> articles, errors = load_corpus(RAW_DIR, progress=False)
>>> articles.loc[1, ["doc_id", "source"]].tolist()
['001_23ce66ccd23087cf', 'Azernews']
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable, Iterator
from pathlib import Path

import pandas as pd
from rapidfuzz import fuzz, process
from tqdm import tqdm

from corpuskit.config import RAW_SUFFIXES
from corpuskit.parse import parse_raw
from corpuskit.rawio import ArticleError, read_raw

log = logging.getLogger(__name__)
NEAR_DUPLICATE_SCORE = 90.0
FINGERPRINT_CHARS = 1000
ERROR_COLUMNS = ["path", "severity", "reason"]


def raw_files(folder: str | Path) -> list[Path]:
    """Every visible file in ``folder``, sorted by name."""
    return sorted(p for p in Path(folder).iterdir() if p.is_file() and not p.name.startswith("."))


def iter_records(paths: Iterable[Path], errors: list[dict]) -> Iterator[dict]:
    """Parse each path; append a row to ``errors`` (and log it) for each bad one."""
    for path in paths:
        try:
            if path.suffix.lower() not in RAW_SUFFIXES:
                raise ArticleError(path, f"unsupported file type {path.suffix or '(none)'!r}")
            raw = read_raw(path)
            record = parse_raw(raw)
        except ArticleError as exc:
            log.warning("skipped %s: %s", path.name, exc.reason)
            errors.append({"path": path.name, "severity": "error", "reason": exc.reason})
            continue
        if raw.encoding != "utf-8":
            reason = f"not UTF-8: decoded as {raw.encoding}"
            log.warning("%s: %s", path.name, reason)
            errors.append({"path": path.name, "severity": "warning", "reason": reason})
        yield record


def flag_duplicates(articles: pd.DataFrame) -> pd.DataFrame:
    """Add ``duplicate_of`` and ``duplicate_kind`` (exact / near); nothing is removed.

    An article is a duplicate of the first article (by ``doc_id``) with the same
    body (exact) or a body whose opening is at least ``NEAR_DUPLICATE_SCORE``
    similar by ``rapidfuzz.fuzz.ratio`` (near).
    """
    articles = articles.assign(duplicate_of=None, duplicate_kind=None)
    digests = articles["body"].map(lambda b: hashlib.sha256(b.encode()).hexdigest())
    prints = articles["body"].str[:FINGERPRINT_CHARS].str.lower().tolist()
    scores = process.cdist(prints, prints, scorer=fuzz.ratio, score_cutoff=NEAR_DUPLICATE_SCORE)
    for i in range(len(articles)):
        for j in range(i):
            if digests.iat[j] == digests.iat[i] or scores[i, j] > 0:
                articles.iat[i, articles.columns.get_loc("duplicate_of")] = articles["doc_id"].iat[j]
                kind = "exact" if digests.iat[j] == digests.iat[i] else "near"
                articles.iat[i, articles.columns.get_loc("duplicate_kind")] = kind
                break
    return articles


def load_corpus(folder: str | Path, progress: bool = True) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Parse every file in ``folder``: (articles sorted by doc_id, errors by path)."""
    errors: list[dict] = []
    paths = raw_files(folder)
    records = list(iter_records(tqdm(paths, desc="parse", disable=not progress), errors))
    articles = pd.DataFrame.from_records(records)
    if not articles.empty:
        articles = flag_duplicates(articles.sort_values("doc_id", ignore_index=True))
        articles["published"] = pd.to_datetime(articles["published"])
    return articles, pd.DataFrame(errors, columns=ERROR_COLUMNS)

"""Parse raw articles into structured records: source, date, title, clean body.

Each raw line is classified as header, title, page chrome, sign-off or body;
what is removed is kept in ``removed`` so a reader can see every cut.

>>> rec = parse_text(" date 2022-04-27 By Azernews\\n\\nBaku and Riga signed a military cooperation "
...                  "accord.The ministers met in Baku and discussed trade.", "demo")
>>> rec["published"], rec["source"], rec["title"], rec["glue_repairs"]
(datetime.date(2022, 4, 27), 'Azernews', None, 1)
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

import yaml

from corpuskit.config import data_file
from corpuskit.dates import FULL_DATE, find_date
from corpuskit.language import detect_language
from corpuskit.rawio import ArticleError, RawText
from corpuskit.sources import find_source, is_ministry_release, is_outlet
from corpuskit.text import normalise, repair_glued_sentences

MIN_WORDS = 12
TITLE_MAX_WORDS = 25
_DATE_HEADER = re.compile(r"^date\s+(?P<rest>.*)$", re.IGNORECASE)
_BYLINE = re.compile(r"\bby\s+(?P<by>.+)$", re.IGNORECASE)
_RELEASE_NUMBER = re.compile(r"^No\s*[:.]?\s*\d+(?:/\d+)?\s*,?\s*(?P<title>.+)$", re.IGNORECASE)
_TRAILING_WIDGET = re.compile(r"\s*[+↺↻−–-][\s+↺↻−–-]*\d{1,2}\s*px$")
_TERMINAL = (".", "!", "?", ":", ";", '"')


@lru_cache(maxsize=1)
def chrome_patterns() -> dict[str, re.Pattern[str]]:
    """Kinds of page chrome and their line patterns, from ``data/chrome.yaml``."""
    table = yaml.safe_load(data_file("chrome.yaml").read_text(encoding="utf-8"))
    return {kind: re.compile(pattern, re.IGNORECASE) for kind, pattern in table.items()}


def chrome_kind(line: str) -> str | None:
    """The kind of page chrome a whole line is, or None if it is not chrome."""
    return next((kind for kind, pattern in chrome_patterns().items() if pattern.match(line)), None)


def _looks_like_title(line: str, n_lines_after: int) -> bool:
    return n_lines_after > 0 and not line.endswith(_TERMINAL) and len(line.split()) <= TITLE_MAX_WORDS


def parse_text(text: str, doc_id: str) -> dict[str, Any]:
    """Parse the text of one article into a record (see ``ARTICLE_COLUMNS`` in schemas)."""
    removed: list[str] = []
    lines = [line for line in normalise(text).split("\n") if line]
    header_date = byline = sign_off = title = None
    release = False
    kept: list[str] = []
    for line in lines:
        if widget := _TRAILING_WIDGET.search(line):
            removed.append(f"font size widget: {widget.group(0).strip()}")
            line = line[: widget.start()].strip()
        in_header = not kept and title is None
        if kind := chrome_kind(line):
            removed.append(f"{kind}: {line}")
        elif in_header and (match := _DATE_HEADER.match(line)):
            removed.append(f"header: {line}")
            header_date = (found.group(0) if (found := FULL_DATE.search(match["rest"])) else None)
            byline = (by["by"] if (by := _BYLINE.search(match["rest"])) else None)
        elif in_header and is_ministry_release(line):
            removed.append(f"header: {line}")
            release = True
            header_date = found.group(0) if (found := FULL_DATE.search(line)) else header_date
        elif in_header and release and (match := _RELEASE_NUMBER.match(line)):
            removed.append(f"release number: {line[: match.start('title')].strip(' ,')}")
            title = match["title"]
        elif line == title:
            removed.append(f"repeated title: {line}")
        else:
            kept.append(line)
    if title is None and kept and _looks_like_title(kept[0], len(kept) - 1):
        title = kept.pop(0)
        while kept and kept[0] == title:
            removed.append(f"repeated title: {kept.pop(0)}")
    if kept and is_outlet(kept[-1]):
        sign_off = kept.pop()
        removed.append(f"sign-off: {sign_off}")
    paragraphs, repairs = [], 0
    for line in kept:
        fixed, n = repair_glued_sentences(line)
        paragraphs.append(fixed)
        repairs += n
    body = "\n\n".join(paragraphs)
    n_words = len(body.split())
    if n_words < MIN_WORDS:
        raise ArticleError(doc_id, f"no recognisable article text ({n_words} words after cleaning)")
    published, date_basis = find_date(paragraphs, header_date)
    return {
        "doc_id": doc_id,
        "source": find_source(paragraphs, byline, release, sign_off),
        "published": published,
        "date_basis": date_basis,
        "title": title,
        "language": detect_language(body),
        "body": body,
        "paragraphs": paragraphs,
        "n_words": n_words,
        "n_chars_raw": len(text),
        "n_chars_removed": sum(len(item.split(": ", 1)[1]) for item in removed),
        "removed": removed,
        "glue_repairs": repairs,
    }


def parse_raw(raw: RawText) -> dict[str, Any]:
    """Parse one decoded raw file, adding its provenance (path, sha256, encoding)."""
    record = parse_text(raw.text, raw.doc_id)
    record.update(sha256=raw.sha256, encoding=raw.encoding, path=raw.name)
    return record

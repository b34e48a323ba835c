"""Read raw article files into text, with a clear error for bad input.

Raw files are only ever opened for reading.

>>> from corpuskit.rawio import decode_bytes
>>> decode_bytes("Jānis".encode("utf-8"), "x.txt")
('Jānis', 'utf-8')
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import charset_normalizer
import trafilatura

HTML_SUFFIXES = (".html", ".htm")
# Single-byte code pages often tie in detection; for English news, prefer these in this order.
PREFERRED_ENCODINGS = ("utf_8", "cp1252", "latin_1", "cp1251", "cp1254")


class ArticleError(ValueError):
    """A raw file that cannot become an article; ``reason`` is one line."""

    def __init__(self, path: str | Path, reason: str) -> None:
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"{self.path.name}: {reason}")


@dataclass(frozen=True)
class RawText:
    """The decoded text of one raw file and what was needed to decode it."""

    path: Path
    text: str
    encoding: str
    sha256: str


def decode_bytes(data: bytes, path: str | Path) -> tuple[str, str]:
    """Decode ``data`` as UTF-8, else with the charset ``charset_normalizer`` detects."""
    if not data.strip():
        raise ArticleError(path, "empty file")
    if b"\x00" in data[:4096]:
        raise ArticleError(path, "binary file (NUL bytes), not text")
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    matches = charset_normalizer.from_bytes(data)
    best = matches.best()
    if best is None:
        raise ArticleError(path, "not UTF-8 and no text encoding could be detected")
    tied = {m.encoding: m for m in matches if (m.chaos, m.coherence) == (best.chaos, best.coherence)}
    chosen = next((tied[e] for e in PREFERRED_ENCODINGS if e in tied), best)
    return str(chosen), chosen.encoding


def html_to_text(html: str, path: str | Path) -> str:
    """Main text of an HTML page (title first, as its own line) via trafilatura."""
    doc = trafilatura.bare_extraction(html, include_comments=False, with_metadata=True)
    if doc is None or not doc.text:
        raise ArticleError(path, "HTML page with no extractable article text")
    parts = [doc.title or "", doc.text]
    if doc.date:
        parts.insert(0, f"date {doc.date}" + (f" By {doc.sitename}" if doc.sitename else ""))
    return "\n\n".join(p for p in parts if p)


def read_raw(path: str | Path) -> RawText:
    """Read one raw file (``.txt`` or ``.html``) into text; raise ``ArticleError`` if unusable."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ArticleError(path, f"unreadable: {exc.strerror or exc}") from exc
    text, encoding = decode_bytes(data, path)
    if path.suffix.lower() in HTML_SUFFIXES:
        text = html_to_text(text, path)
    return RawText(path, text, encoding, hashlib.sha256(data).hexdigest())

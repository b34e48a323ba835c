"""Read raw article files into text, with a clear error for bad input.

Raw files are only ever opened for reading, once each: the text and the sha256 come from the
same bytes. A file is refused (``ArticleError`` with a one-line reason) when it is empty, larger
than ``MAX_FILE_BYTES``, binary (a known signature such as ``%PDF``, NUL bytes in its first
4 KB that are not UTF-16/32, or more than 1 % control characters), not a regular file, or
changed while it was read. What is read with a caveat is kept, with a warning in
``RawText.warnings``: any encoding other than UTF-8 (UTF-16/32 are found by their byte-order
mark or by the pattern of their NUL bytes), a file that mixes UTF-8 with a single-byte code page
(each part decoded with its own encoding), NUL bytes after the first 4 KB (removed) and HTML
saved as ``.txt`` (read as HTML).

>>> decode_bytes("Jānis".encode("utf-8"), "x.txt")
Decoded(text='Jānis', encoding='utf-8', warnings=())
>>> decode_bytes("Jānis".encode("utf-16-le"), "x.txt").encoding
'utf-16-le'
>>> printable(os.fsdecode(b"caf\\xe9\\nmenu.txt"))
'caf\\\\xe9\\\\nmenu.txt'
"""

from __future__ import annotations

import codecs
import hashlib
import os
import re
import stat
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import charset_normalizer
import trafilatura

HTML_SUFFIXES = (".html", ".htm")
# Single-byte code pages often tie in detection; for English news, prefer these in this order.
PREFERRED_ENCODINGS = ("utf_8", "cp1252", "latin_1", "cp1251", "cp1254")
MAX_FILE_BYTES = 20_000_000  # a news article is kilobytes; anything above this is refused unread
HEAD = 4096  # NUL bytes in the first HEAD bytes mean binary (unless UTF-16/32)
MAX_CONTROL_SHARE = 0.01  # more control characters than this (other than tab, newlines, form feed)
MIXED_MIN_SHARE = 0.05  # UTF-8 characters per undecodable byte for a file to count as mixed
BOMS = ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
        (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
# Opening bytes of common non-text files (after any leading whitespace).
SIGNATURES = {b"%PDF-": "PDF document", b"PK\x03\x04": "ZIP archive (or DOCX/ODT)",
              b"\xd0\xcf\x11\xe0": "MS Office document", b"{\\rtf": "RTF document",
              b"\x89PNG": "PNG image", b"\xff\xd8\xff": "JPEG image", b"GIF8": "GIF image",
              b"\x1f\x8b": "gzip archive", b"BZh": "bzip2 archive", b"7z\xbc\xaf": "7-Zip archive",
              b"%!PS": "PostScript document", b"\x7fELF": "executable", b"Rar!": "RAR archive"}
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")  # control characters but tab, newlines, form feed
_ESCAPED_BYTE = re.compile("[\udc80-\udcff]")  # a byte that is not UTF-8, after surrogateescape
_HTML_START = re.compile(r"\A\s*(?:<\?xml[^>]{0,200}>\s*)?(?:<!--.{0,500}?-->\s*)?"
                         r"<(?:!doctype\s+html|html|head|body)\b", re.IGNORECASE | re.DOTALL)
_HTML_TAG = re.compile(r"</?(?:p|div|span|a|br|script|style|meta|link|title|li|ul|ol|table|tr|td|"
                       r"h[1-6]|article|section|nav|header|footer|img|strong|em|b|i)\b[^<>]{0,300}>",
                       re.IGNORECASE)
HTML_MIN_TAGS = 5  # HTML in a .txt: it opens like a page, or has this many tags and one per 500 chars


class ArticleError(ValueError):
    """A raw file that cannot become an article; ``reason`` is one line."""

    def __init__(self, path: str | Path, reason: str) -> None:
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"{printable(self.path.name)}: {reason}")


class Signature(NamedTuple):
    """What identifies one state of a file: device, inode, size and modification time."""

    device: int
    inode: int
    size: int
    mtime_ns: int

    @classmethod
    def of(cls, st: os.stat_result) -> Signature:
        return cls(st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


class Decoded(NamedTuple):
    """Text decoded from bytes, the encoding used and any caveats."""

    text: str
    encoding: str
    warnings: tuple[str, ...]


@dataclass(frozen=True)
class RawText:
    """The decoded text of one raw file and what was needed to decode it.

    ``path`` is the file as the operating system names it (it may hold undecodable bytes as
    surrogates); ``name`` is its printable name and ``doc_id`` the article's id.
    """

    path: Path
    text: str
    encoding: str
    sha256: str
    doc_id: str
    name: str
    warnings: tuple[str, ...] = ()


def printable(name: str) -> str:
    """A file name as one printable line, reversibly: undecodable bytes as ``\\xNN``, control
    and format characters as ``\\n``, ``\\t``, ``\\r`` or ``\\uNNNN``, a backslash as two.

    >>> printable("report\\u202etxt.html"), printable("a\\tb")
    ('report\\\\u202etxt.html', 'a\\\\tb')
    """
    out = []
    for char in name:
        code = ord(char)
        if 0xDC80 <= code <= 0xDCFF:  # a byte os.fsdecode could not decode (surrogateescape)
            out.append(f"\\x{code - 0xDC00:02x}")
        elif char == "\\":
            out.append("\\\\")
        elif char in "\n\t\r":
            out.append(char.encode("unicode_escape").decode("ascii"))
        elif unicodedata.category(char) in ("Cc", "Cf", "Cs", "Zl", "Zp"):
            out.append(f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}")
        else:
            out.append(char)
    return "".join(out)


def _signature_kind(data: bytes) -> str | None:
    start = data[:64].lstrip()
    return next((kind for magic, kind in SIGNATURES.items() if start.startswith(magic)), None)


def _nul_pattern_encoding(head: bytes) -> str | None:
    """UTF-16/32 without a byte-order mark, from where the NUL bytes fall: in UTF-32 two of every
    four bytes are NUL; in UTF-16 the NULs of spaces, digits and Latin letters all fall on one side.

    >>> _nul_pattern_encoding("Bakı, 2024".encode("utf-16-be")), _nul_pattern_encoding(bytes(range(9)))
    ('utf-16-be', None)
    """
    units = [head[i:i + 4] for i in range(0, len(head) - len(head) % 4, 4)]
    if len(units) >= 2:
        for zeros, name in ((slice(2, 4), "utf-32-le"), (slice(0, 2), "utf-32-be")):
            if sum(unit[zeros] == b"\0\0" for unit in units) >= 0.9 * len(units):
                return name
    odd, even = head[1::2].count(0), head[0::2].count(0)
    if max(odd, even) >= 4 and min(odd, even) <= 0.05 * max(odd, even):
        return "utf-16-le" if odd > even else "utf-16-be"
    return None


def _control_share(text: str) -> float:
    return len(_CONTROL.findall(text)) / max(len(text), 1)


def _legacy(data: bytes, path: str | Path) -> str:
    """The single-byte code page ``charset_normalizer`` finds for ``data`` (ties by preference)."""
    matches = charset_normalizer.from_bytes(data)
    best = matches.best()
    if best is None:
        raise ArticleError(path, "not UTF-8 and no text encoding could be detected")
    tied = {m.encoding: m for m in matches if (m.chaos, m.coherence) == (best.chaos, best.coherence)}
    return next((e for e in PREFERRED_ENCODINGS if e in tied), best.encoding)


def _decode_8bit(data: bytes, path: str | Path) -> Decoded:
    """UTF-8; else a file mixing UTF-8 with one code page; else one code page for the file."""
    try:
        return Decoded(data.decode("utf-8"), "utf-8", ())
    except UnicodeDecodeError:
        pass
    escaped = data.decode("utf-8", errors="surrogateescape")
    n_bad = len(_ESCAPED_BYTE.findall(escaped))
    n_utf8 = len(re.findall("[^\x00-\x7f]", escaped)) - n_bad
    if n_utf8 >= 2 and n_utf8 >= MIXED_MIN_SHARE * n_bad:
        all_lines = data.split(b"\n")
        lines = [line for line in all_lines if _invalid_utf8(line)]
        encoding = _legacy(b"\n".join(lines), path)
        text = re.sub("[\udc80-\udcff]+",
                      lambda m: m.group().encode("utf-8", "surrogateescape").decode(encoding, "replace"),
                      escaped)
        reason = (f"mixed encodings: UTF-8, and {n_bad:,} bytes on {len(lines):,} of "
                  f"{len(all_lines):,} lines decoded as {encoding}")
        return Decoded(text, f"utf-8+{encoding}", (reason,))
    encoding = _legacy(data, path)
    return Decoded(data.decode(encoding, errors="replace"), encoding, (f"not UTF-8: decoded as {encoding}",))


def _invalid_utf8(line: bytes) -> bool:
    try:
        line.decode("utf-8")
    except UnicodeDecodeError:
        return True
    return False


def _decode_wide(data: bytes, path: str | Path) -> Decoded | None:
    """UTF-16/32 by byte-order mark, or by the pattern of NUL bytes in the first ``HEAD`` bytes."""
    bom = next(((mark, name) for mark, name in BOMS if data.startswith(mark)), None)
    encoding = bom[1] if bom else _nul_pattern_encoding(data[:HEAD]) if b"\0" in data[:HEAD] else None
    if encoding is None:
        return None
    try:
        text = data[len(bom[0]) if bom else 0:].decode(encoding)
    except UnicodeDecodeError as exc:
        if not bom:
            raise ArticleError(path, "binary file (NUL bytes), not text") from None
        reason = f"not valid {encoding.upper()} despite its byte-order mark: {exc.reason}"
        raise ArticleError(path, reason) from None
    how = "byte-order mark" if bom else "no byte-order mark, from its NUL bytes"
    warnings = [f"not UTF-8: decoded as {encoding} ({how})"]
    if n_nul := text.count("\0"):
        warnings.append(f"{n_nul:,} NUL characters removed (the first at character {text.index(chr(0)):,})")
        text = text.replace("\0", "")
    return Decoded(text, encoding, tuple(warnings))


def decode_bytes(data: bytes, path: str | Path) -> Decoded:
    """Decode the bytes of a text file, or raise ``ArticleError`` saying why they are not text."""
    if kind := _signature_kind(data):
        raise ArticleError(path, f"binary content: {kind}, not text")
    data = data.removeprefix(codecs.BOM_UTF8)
    decoded = _decode_wide(data, path)
    if decoded is None:
        if b"\0" in data[:HEAD]:
            raise ArticleError(path, "binary file (NUL bytes), not text")
        removed = ()
        if n_nul := data.count(b"\0"):
            removed = (f"{n_nul:,} NUL bytes removed (the first at byte {data.index(0):,})",)
            data = data.replace(b"\0", b"")
        text, encoding, caveats = _decode_8bit(data, path)
        decoded = Decoded(text, encoding, removed + caveats)
    if not decoded.text.strip():
        raise ArticleError(path, "empty file")
    if (share := _control_share(decoded.text)) > MAX_CONTROL_SHARE:
        raise ArticleError(path, f"binary content ({share:.0%} control characters), not text")
    return decoded


def looks_like_html(text: str) -> bool:
    """Whether plain text is in fact HTML source (it opens like a page, or is dense with tags).

    >>> looks_like_html("<!DOCTYPE html><html><body><p>Talks</p></body></html>"), looks_like_html("a < b")
    (True, False)
    """
    if _HTML_START.match(text):
        return True
    n_tags = sum(1 for _ in _HTML_TAG.finditer(text))
    return n_tags >= HTML_MIN_TAGS and n_tags * 500 >= len(text)


def html_to_text(html: str, path: str | Path) -> str:
    """Main text of an HTML page (title first, as its own line) via trafilatura."""
    doc = trafilatura.bare_extraction(html, include_comments=False, with_metadata=True)
    if doc is None or not doc.text:
        raise ArticleError(path, "HTML page with no extractable article text")
    parts = [doc.title or "", doc.text]
    if doc.date:
        parts.insert(0, f"date {doc.date}" + (f" By {doc.sitename}" if doc.sitename else ""))
    return "\n\n".join(p for p in parts if p)


def read_bytes_once(path: str | Path, expect: Signature | None = None,
                    max_bytes: int = MAX_FILE_BYTES) -> tuple[bytes, Signature]:
    """The bytes of a regular file, read once and without blocking (a FIFO put in its place is
    refused, never waited on).

    Refused when the file is too large, is not a regular file, differs from ``expect`` (its
    state when the folder was listed) or changes while it is read.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise ArticleError(path, f"unreadable: {exc.strerror or exc}") from exc
    with open(fd, "rb", closefd=True) as handle:
        before = os.fstat(fd)
        if not stat.S_ISREG(before.st_mode):
            raise ArticleError(path, "not a regular file")
        if before.st_size > max_bytes:
            raise ArticleError(path, f"too large: {before.st_size:,} bytes (limit {max_bytes:,})")
        if expect is not None and Signature.of(before) != expect:
            raise ArticleError(path, "changed while the folder was read (rerun when it is complete)")
        try:
            data = handle.read(max_bytes + 1)
        except OSError as exc:
            raise ArticleError(path, f"unreadable: {exc.strerror or exc}") from exc
        after = os.fstat(fd)
    if Signature.of(after) != Signature.of(before) or len(data) != after.st_size:
        raise ArticleError(path, f"changed while being read ({before.st_size:,} bytes at the start, "
                                 f"{len(data):,} read, {after.st_size:,} at the end)")
    return data, Signature.of(after)


def read_raw(path: str | Path, doc_id: str | None = None, name: str | None = None,
             expect: Signature | None = None, max_bytes: int = MAX_FILE_BYTES) -> RawText:
    """Read one raw file (``.txt`` or ``.html``) into text; raise ``ArticleError`` if unusable.

    ``doc_id`` and ``name`` default to the printable stem and name of ``path``; the loader
    (``corpuskit.corpus``) passes ids that are unique in the folder.
    """
    path = Path(path)
    data, _ = read_bytes_once(path, expect, max_bytes)
    text, encoding, warnings = decode_bytes(data, path)
    if path.suffix.lower() in HTML_SUFFIXES:
        text = html_to_text(text, path)
    elif looks_like_html(text):
        text = html_to_text(text, path)
        warnings += ("HTML markup in a text file: read as an HTML page",)
    return RawText(path, text, encoding, hashlib.sha256(data).hexdigest(),
                   doc_id if doc_id is not None else printable(path.stem),
                   name if name is not None else printable(path.name), warnings)

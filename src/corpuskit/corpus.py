"""Load a folder of raw articles into an article table and an error table.

Bad files never stop the run: every entry of the folder becomes an article or a row of the error
table (``path``, ``severity``, ``reason``), logged as a warning. Severity ``error``: the entry
could be an article but is not one (unsupported type, unreadable, binary, empty, too large, no
article text, a symlink that is dangling, looping or points outside the corpus folder, a named
pipe, socket or device, a file that changed while it was read, a parse that failed or took longer
than ``PARSE_SECONDS``). Severity ``warning``: an article kept with a caveat (not UTF-8, mixed
encodings, NUL bytes removed, HTML saved as ``.txt``), or an entry deliberately not read: a
dot-file, or a subfolder unless ``recursive=True``. Only regular files are ever opened, each once
and read-only; a symlink is followed only when its target lies inside the corpus folder.

``doc_id`` is the file name without its suffix, unless another file of the folder has the same
stem (``story.txt`` and ``story.html``): then both keep their suffix (``doc_id`` ``story.txt``).
Names are made printable (``printable``: undecodable bytes as ``\\xNN``, newlines as ``\\n``);
the ``path`` column holds the printable name relative to the folder.

>>> import tempfile
>>> from pathlib import Path
>>> folder = Path(tempfile.mkdtemp())
>>> _ = (folder / "talks.txt").write_text("date 2024-03-04 By Trend\\n\\nThe foreign ministers of "
...                                      "Azerbaijan and Georgia met in Baku and discussed transport links.")
>>> _ = (folder / "empty.txt").write_text("")
>>> articles, errors = load_corpus(folder, progress=False)
>>> articles.loc[0, ["doc_id", "source", "published"]].astype(str).tolist(), errors["reason"].tolist()
(['talks', 'Trend', '2024-03-04 00:00:00'], ['empty file'])
>>> unique_doc_ids(["story.txt", "story.html", "notes.txt", "sub/notes.txt"])
['story.txt', 'story.html', 'notes', 'sub/notes']
"""

from __future__ import annotations

import errno
import hashlib
import logging
import math
import os
import signal
import stat
import threading
import time
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import numpy as np
import pandas as pd
import scipy.sparse as sp
from rapidfuzz import fuzz, process
from tqdm import tqdm

from corpuskit.config import RAW_SUFFIXES
from corpuskit.language import detector
from corpuskit.parse import parse_raw
from corpuskit.rawio import ArticleError, Signature, printable, read_raw

log = logging.getLogger(__name__)
NEAR_DUPLICATE_SCORE = 90.0
FINGERPRINT_CHARS = 1000
ERROR_COLUMNS = ["path", "severity", "reason"]
PARSE_SECONDS = 60.0  # time budget to read and parse one file (main thread only; None: no limit)
SETTLE_SECONDS = 0.5  # a file modified more recently than this is checked again after this long
_SPECIAL = ((stat.S_ISFIFO, "named pipe (FIFO)"), (stat.S_ISSOCK, "socket"),
            (stat.S_ISCHR, "character device"), (stat.S_ISBLK, "block device"))


@dataclass(frozen=True)
class RawFile:
    """One file of the corpus folder to read: where it is, its printable name and its doc_id."""

    path: Path  # as listed (folder / name); the name may hold undecodable bytes as surrogates
    name: str  # printable, relative to the corpus folder: the ``path`` column of both tables
    doc_id: str
    signature: Signature | None = None  # its state (symlinks followed) when the folder was listed

    @classmethod
    def of(cls, path: Path) -> RawFile:
        """A file outside a folder listing: doc_id and name from its own name."""
        return cls(path, printable(path.name), printable(path.stem))


def _row(name: str, reason: str, severity: str = "error") -> dict:
    log.warning("%s %s: %s", "skipped" if severity == "error" else "note on", name, reason)
    return {"path": name, "severity": severity, "reason": reason}


def unique_doc_ids(names: Sequence[str]) -> list[str]:
    """The doc_id of each relative file name: its printable stem when no other name has the same,
    else its printable full name (so ids never collide and depend on names only)."""
    ids = [printable(name[: len(name) - len(PurePosixPath(name).suffix)]) for name in names]
    while shared := {doc_id for doc_id, n in Counter(ids).items() if n > 1}:
        ids = [printable(name) if doc_id in shared else doc_id
               for name, doc_id in zip(names, ids, strict=True)]
    return ids


def _inside(path: str, root: str) -> bool:
    return os.path.commonpath([path, root]) == root


def _link_problem(entry: os.DirEntry, root: str) -> str | None:
    """Why a symlink is not followed (dangling, looping, pointing outside ``root``), or None."""
    try:
        os.stat(entry.path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "symlink loop (the link leads back to itself)"
        if exc.errno == errno.ENOENT:
            return "dangling symlink (its target does not exist)"
        return f"symlink that cannot be followed: {exc.strerror or exc}"
    if not _inside(os.path.realpath(entry.path), root):
        return f"symlink outside the corpus (to {printable(os.readlink(entry.path))}): not read"
    return None


def _scan(folder: Path, prefix: str, root: str, recursive: bool,
          found: list[tuple[Path, str, Signature]], errors: list[dict]) -> None:
    """Sort every entry of ``folder`` into ``found`` (files to read) or ``errors`` (with why)."""
    with os.scandir(folder) as listing:
        entries = sorted(listing, key=lambda entry: entry.name)
    for entry in entries:
        name = prefix + entry.name
        shown = printable(name)
        if entry.name.startswith("."):
            errors.append(_row(shown, "hidden (dot) file or folder: not read", "warning"))
            continue
        try:
            if entry.is_symlink():
                if problem := _link_problem(entry, root):
                    errors.append(_row(shown, problem))
                    continue
                if entry.is_dir():
                    errors.append(_row(shown, "symlink to a folder: not followed", "warning"))
                    continue
            st = entry.stat()
        except OSError as exc:
            errors.append(_row(shown, f"unreadable: {exc.strerror or exc}"))
            continue
        if stat.S_ISDIR(st.st_mode):
            if not recursive:
                errors.append(_row(shown, "subfolder: not read (load with recursive=True to read it)",
                                   "warning"))
                continue
            try:
                _scan(Path(entry.path), name + "/", root, recursive, found, errors)
            except OSError as exc:
                errors.append(_row(shown, f"subfolder that cannot be listed: {exc.strerror or exc}"))
        elif not stat.S_ISREG(st.st_mode):
            kind = next((kind for test, kind in _SPECIAL if test(st.st_mode)), "special file")
            errors.append(_row(shown, f"{kind}, not a regular file: not read"))
        elif (suffix := PurePosixPath(entry.name).suffix).lower() not in RAW_SUFFIXES:
            errors.append(_row(shown, f"unsupported file type {suffix or '(none)'!r}"))
        else:
            found.append((Path(entry.path), name, Signature.of(st)))


def scan_folder(folder: str | Path, recursive: bool = False) -> tuple[list[RawFile], list[dict]]:
    """The files of ``folder`` to read, sorted by name, with unique doc_ids; and a row (path,
    severity, reason) for every other entry. Nothing is opened here."""
    found: list[tuple[Path, str, Signature]] = []
    errors: list[dict] = []
    _scan(Path(folder), "", os.path.realpath(folder), recursive, found, errors)
    ids = unique_doc_ids([name for _, name, _ in found])
    files = [RawFile(path, printable(name), doc_id, signature)
             for (path, name, signature), doc_id in zip(found, ids, strict=True)]
    return sorted(files, key=lambda f: f.name), errors


def raw_files(folder: str | Path) -> list[Path]:
    """The paths of the files in ``folder`` that ``scan_folder`` would read, sorted by name."""
    return [file.path for file in scan_folder(folder)[0]]


class OverBudget(TimeoutError):
    """Reading and parsing one file took longer than its time budget."""


@contextmanager
def time_budget(seconds: float | None) -> Iterator[None]:
    """Raise ``OverBudget`` in the block after ``seconds`` (a SIGALRM timer: only in the main
    thread and when no other timer runs; elsewhere the block runs without a limit)."""
    usable = (seconds and hasattr(signal, "setitimer")
              and threading.current_thread() is threading.main_thread()
              and signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0))
    if not usable:
        yield
        return

    def expire(signum, frame):
        raise OverBudget(f"took longer than {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _reason(exc: Exception) -> str:
    if isinstance(exc, ArticleError):
        return exc.reason
    if isinstance(exc, OverBudget):
        return f"timed out: reading and parsing {exc}"
    return " ".join(f"failed: {type(exc).__name__}: {exc}".split())


def iter_records(files: Iterable[RawFile | Path], errors: list[dict],
                 seconds: float | None = PARSE_SECONDS) -> Iterator[dict]:
    """Read and parse each file; append a row to ``errors`` (and log it) for each failure (any
    exception, or more than ``seconds``) and for each caveat of an article that is kept.

    ``files`` come from ``scan_folder``; a bare ``Path`` is read with ids from its own name. The
    language detector is built before the first budget starts; a language's model loads (in well
    under a second) inside the budget of the first file that needs it.
    """
    detector()
    for file in files:
        file = file if isinstance(file, RawFile) else RawFile.of(file)
        try:
            with time_budget(seconds):
                raw = read_raw(file.path, file.doc_id, file.name, file.signature)
                record = parse_raw(raw)
        except Exception as exc:  # one bad file never stops the corpus
            errors.append(_row(file.name, _reason(exc)))
            continue
        errors.extend(_row(file.name, warning, "warning") for warning in raw.warnings)
        yield record


def _wait_until_settled(files: Sequence[RawFile]) -> None:
    """Sleep until the youngest of ``files`` was last modified ``SETTLE_SECONDS`` ago (at most that
    long): a writer that pauses between two writes is seen when the files are checked again."""
    if youngest := max((file.signature.mtime_ns for file in files if file.signature), default=0):
        time.sleep(min(max(SETTLE_SECONDS - (time.time() - youngest / 1e9), 0.0), SETTLE_SECONDS))


def _changed_since_listed(file: RawFile) -> bool:
    try:
        return Signature.of(os.stat(file.path)) != file.signature
    except OSError:
        return True


QGRAM = 3  # characters per q-gram of the near-duplicate candidate filter (three code points packed)
FILTER_BITS = 20  # the filter's tokens are hashed into 2 ** FILTER_BITS columns
DUPLICATE_BLOCK = 256  # texts whose shared tokens with all earlier ones are counted at a time
# odd multipliers of the filter's hashes: q-gram, window, occurrence
_GRAM, _WINDOW, _OCCURRENCE = (np.uint64(0x9E3779B97F4A7C15), np.uint64(0xC2B2AE3D27D4EB4F),
                               np.uint64(0x165667B19E3779F9))


def window_width(longest: int, score: float) -> int:
    """Width of the filter's position windows: in a longest common subsequence of two texts of at
    most ``longest`` characters whose ``fuzz.ratio`` reaches ``score``, a character of one is less
    than this far from the character it is matched with in the other.

    The offset of a match is at most the longer text's unmatched characters, n_a - L, with
    L >= r (n_a + n_b) / 2 (r = score / 100) and n_b >= L, so n_b >= r n_a / (2 - r) and
    n_a - L <= n_a (1 - r/2 - r^2 / (2 (2 - r))).

    >>> window_width(1000, 90.0)
    182
    """
    rate = score / 100
    return max(1, math.floor(longest * max(0.0, 1 - rate / 2 - rate * rate / (2 * (2 - rate)))) + 1)


def _grams(text: str) -> np.ndarray:
    """The text's q-grams (three code points packed in 63 bits), in order of position."""
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    return (codes[:-2] << np.uint64(42)) | (codes[1:-1] << np.uint64(21)) | codes[2:]


def _columns(keys: np.ndarray) -> np.ndarray:
    """Column of each key numbered by its occurrence among equal keys (so that a row of the
    filter's matrix is a set, and the product of two rows counts min(count, count) per key)."""
    order = np.argsort(keys, kind="stable")
    ordered = keys[order]
    index = np.arange(len(keys), dtype=np.uint64)
    occurrence = np.empty(len(keys), dtype=np.uint64)
    occurrence[order] = index - np.maximum.accumulate(np.where(np.r_[True, ordered[1:] != ordered[:-1]],
                                                               index, 0))
    return ((keys + occurrence * _OCCURRENCE) * _GRAM >> np.uint64(64 - FILTER_BITS)).astype(np.int32)


def _window_keys(text: str, width: int, spread: bool) -> np.ndarray:
    """Keys (q-gram, window of its position) of a text; with ``spread`` each q-gram once for each
    window next to its own too (the windows c-1, c, c+1 of position window c are counted as c's)."""
    grams = _grams(text) if len(text) >= QGRAM else np.empty(0, dtype=np.uint64)
    windows = np.arange(len(grams), dtype=np.uint64) // np.uint64(width)
    if spread:
        grams = np.concatenate([grams, grams, grams[windows > 0]])
        windows = np.concatenate([windows, windows + np.uint64(1), windows[windows > 0] - np.uint64(1)])
    return grams + windows * _WINDOW


def _token_arrays(prints: list[str], width: int, spread: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """(indptr, indices) of the filter's matrix, one row per text (``_window_keys`` as columns):
    4 bytes per q-gram; the values, all 1, are made block by block (``_rows``)."""
    rows = [_columns(_window_keys(text, width, spread)) for text in prints]
    indptr = np.r_[0, np.cumsum([len(row) for row in rows], dtype=np.int64)]
    indices = np.concatenate(rows) if rows else np.empty(0, dtype=np.int32)
    return indptr, indices


def _rows(tokens: tuple[np.ndarray, np.ndarray], start: int, stop: int) -> sp.csr_matrix:
    """Rows ``start:stop`` of the filter's matrix, sharing its indices."""
    indptr, indices = tokens
    first, last = indptr[start], indptr[stop]
    return sp.csr_matrix((np.ones(last - first, dtype=np.float32), indices[first:last],
                          indptr[start:stop + 1] - first), shape=(stop - start, 1 << FILTER_BITS), copy=False)


def _candidate_pairs(prints: list[str], score: float) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Per block of texts, (earlier, later) index arrays of every pair that can reach
    ``fuzz.ratio`` >= ``score`` (and of others).

    ``fuzz.ratio`` is 200 L / S (L: the longest common subsequence, S: the lengths' sum); the L
    common characters hold at least (2q-1) L - q + 1 - (q-1) S q-grams that both texts have at
    matched positions (each of the S - 2L characters outside it breaks at most q-1 of them), so
    with L >= r S / 2 (r = score / 100) a pair shares at least (q - 1/2) r S - (q-1) S - q + 1 such
    q-grams (with their repeats). A matched q-gram is less than ``window_width`` from its partner,
    so it is counted by the product of the earlier text's (q-gram, window) set with the later
    text's set in which each q-gram also stands for the windows next to its own: a product below
    the bound rules the pair out. Unrelated texts of one subject share many q-grams, but few at
    the same place, so this filter keeps few pairs; the products are made ``DUPLICATE_BLOCK``
    texts at a time.
    """
    rate = score / 100
    coef = (QGRAM - 0.5) * rate - (QGRAM - 1)
    lengths = np.array([len(p) for p in prints], dtype=np.float32)
    width = window_width(int(lengths.max()) if len(prints) else 0, score)
    tokens = _token_arrays(prints, width) if coef > 0 else None
    for start in range(0, len(prints), DUPLICATE_BLOCK):
        stop = min(start + DUPLICATE_BLOCK, len(prints))
        pair_sum = lengths[start:stop, None] + lengths[None, :stop]
        if tokens is None:
            possible = np.ones(pair_sum.shape, dtype=bool)
        else:  # one less than the bound: a margin for the floats
            block = _token_arrays(prints[start:stop], width, spread=True)
            possible = _shared(tokens, block, stop) >= coef * pair_sum - QGRAM
        in_block, earlier = np.nonzero(possible)  # row: a text of the block; column: any text before stop
        keep = earlier < in_block + start
        yield earlier[keep], in_block[keep] + start


def _shared(tokens: tuple[np.ndarray, np.ndarray], later: tuple[np.ndarray, np.ndarray],
            stop: int) -> np.ndarray:
    """The tokens each text of ``later`` shares with each of texts ``:stop`` (a dense block), the
    earlier texts taken ``DUPLICATE_BLOCK`` at a time: no copy of the whole matrix is made."""
    block = _rows(later, 0, len(later[0]) - 1).T.tocsr()  # converted once, not once per product
    shared = np.empty((block.shape[1], stop), dtype=np.float32)
    for first in range(0, stop, DUPLICATE_BLOCK):
        last = min(first + DUPLICATE_BLOCK, stop)
        shared[:, first:last] = (_rows(tokens, first, last) @ block).toarray().T
    return shared


def flag_duplicates(articles: pd.DataFrame) -> pd.DataFrame:
    """Add ``duplicate_of`` and ``duplicate_kind`` (exact / near); nothing is removed.

    An article is a duplicate of the first article (by ``doc_id``) with the same
    body (exact) or a body whose opening is at least ``NEAR_DUPLICATE_SCORE``
    similar by ``rapidfuzz.fuzz.ratio`` (near). Only the pairs of distinct openings that can
    reach the score (``_candidate_pairs``, a q-gram filter that misses none) are scored with
    rapidfuzz; the filter itself still counts every pair, block by block, in one sparse product.

    >>> frame = pd.DataFrame({"doc_id": ["a", "b", "c"], "body": ["Talks held in Baku today.",
    ...                       "Talks held in Baku today.", "Talks held in Baku today!"]})
    >>> flag_duplicates(frame)[["duplicate_of", "duplicate_kind"]].values.tolist()
    [[None, None], ['a', 'exact'], ['a', 'near']]
    """
    signatures = [body_signature(body) for body in articles["body"].tolist()]
    duplicate_of, kinds = duplicate_flags(articles["doc_id"].tolist(), [s[0] for s in signatures],
                                          [s[1] for s in signatures])
    return articles.assign(duplicate_of=pd.Series(duplicate_of, index=articles.index, dtype=object),
                           duplicate_kind=pd.Series(kinds, index=articles.index, dtype=object))


def body_signature(body: str) -> tuple[str, str]:
    """What ``duplicate_flags`` needs of a body: its sha256 and its opening (lower case).

    >>> body_signature("Talks IN Baku")[1]
    'talks in baku'
    """
    return hashlib.sha256(body.encode()).hexdigest(), body[:FINGERPRINT_CHARS].lower()


def duplicate_flags(doc_ids: Sequence[str], digests: Sequence[str],
                    openings: Sequence[str]) -> tuple[list[str | None], list[str | None]]:
    """(duplicate_of, duplicate_kind) of each article from its ``body_signature``, articles in
    order (``flag_duplicates`` of a table whose bodies are gone: what a streamed write keeps)."""
    first_print: dict[str, int] = {}  # opening -> the first article with it
    for i, opening in enumerate(openings):
        first_print.setdefault(opening, i)
    prints, first = list(first_print), list(first_print.values())
    earliest = list(first)  # the first article with this opening or a near one
    for earlier, later in _candidate_pairs(prints, NEAR_DUPLICATE_SCORE):
        scores = process.cpdist([prints[i] for i in earlier], [prints[i] for i in later], scorer=fuzz.ratio,
                                score_cutoff=NEAR_DUPLICATE_SCORE, workers=-1)
        for a, b in zip(earlier[scores > 0].tolist(), later[scores > 0].tolist(), strict=True):
            earliest[a], earliest[b] = min(earliest[a], first[b]), min(earliest[b], first[a])
    near_first = dict(zip(prints, earliest, strict=True))
    del first_print, prints
    first_with: dict[str, int] = {}  # digest -> first article with that body
    duplicate_of: list[str | None] = [None] * len(doc_ids)
    kinds: list[str | None] = [None] * len(doc_ids)
    for i, opening in enumerate(openings):
        near = near_first[opening]
        found = [j for j in (first_with.get(digests[i]), near) if j is not None and j < i]
        first_with.setdefault(digests[i], i)
        if found:
            j = min(found)
            duplicate_of[i] = doc_ids[j]
            kinds[i] = "exact" if digests[j] == digests[i] else "near"
    return duplicate_of, kinds


def load_corpus(folder: str | Path, progress: bool = True, recursive: bool = False,
                seconds: float | None = PARSE_SECONDS) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Parse every file in ``folder`` (and its subfolders if ``recursive``): (articles sorted by
    doc_id, a row per entry that is not an article or has a caveat, sorted by path).

    A file that changed after it was listed (its size, time or inode differ from the listing's
    at the end, checked again ``SETTLE_SECONDS`` after its last modification) is dropped and
    reported: the loader does not keep a file that is still being written. For a folder that is
    not being written to, the result does not depend on timing.
    """
    files, errors = scan_folder(folder, recursive)
    records = list(iter_records(tqdm(files, desc="parse", disable=not progress), errors, seconds))
    kept = {record["path"] for record in records}
    read = [file for file in files if file.name in kept]
    _wait_until_settled(read)
    changed = {file.name for file in read if _changed_since_listed(file)}
    if changed:
        records = [record for record in records if record["path"] not in changed]
        errors = [row for row in errors if row["path"] not in changed]
        errors += [_row(name, "changed while the folder was read (rerun when it is complete)")
                   for name in sorted(changed)]
    articles = pd.DataFrame.from_records(records)
    if not articles.empty:
        articles = flag_duplicates(articles.sort_values("doc_id", ignore_index=True))
        articles["published"] = pd.to_datetime(articles["published"])
    errors_table = pd.DataFrame(errors, columns=ERROR_COLUMNS)
    return articles, errors_table.sort_values("path", kind="stable", ignore_index=True)

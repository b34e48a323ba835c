"""No single file can stop the corpus, and nothing is lost or invented (issue 17).

A folder of adversarial entries (``tests/adversarial.py``: odd names, sizes, encodings,
symlinks, a FIFO, a socket, a subfolder, binary files) next to good articles goes through
``load_corpus``: every entry must come out as an article or as a row naming it with its reason,
no row may be invented, the folder must be byte-identical afterwards and the load bounded in time.
"""

from __future__ import annotations

import faulthandler
import os
import threading
import time
from pathlib import Path

import pandas as pd
import pytest

from corpuskit import corpus
from corpuskit.corpus import load_corpus, scan_folder, unique_doc_ids
from corpuskit.rawio import ArticleError, Signature, decode_bytes, looks_like_html, printable, read_raw
from corpuskit.tables import validate
from tests.adversarial import (
    DATELINE,
    GOOD,
    NEWS,
    RUSSIAN,
    build_adversarial_folder,
    entry_names,
    problems,
    snapshot,
    unaccounted,
)

TIME_LIMIT = 60.0  # seconds for the whole adversarial load
PARSE_BUDGET = 5.0  # seconds per file in these tests (about 20 times the slowest file's need)


@pytest.fixture(scope="module")
def adversarial(tmp_path_factory):
    """The adversarial folder, loaded once: (expected, articles, errors, seconds, before, after)."""
    folder = tmp_path_factory.mktemp("adversarial") / "raw"
    expected = build_adversarial_folder(folder)
    before = snapshot(folder)
    faulthandler.dump_traceback_later(3 * TIME_LIMIT, exit=True)  # a hang (a FIFO opened) ends the run
    try:
        start = time.monotonic()
        articles, errors = load_corpus(folder, progress=False, seconds=PARSE_BUDGET)
        seconds = time.monotonic() - start
    finally:
        faulthandler.cancel_dump_traceback_later()
    return folder, expected, articles, errors, seconds, before


def test_every_entry_is_an_article_or_a_row_naming_it(adversarial):
    folder, expected, articles, errors, seconds, _ = adversarial
    assert sorted(expected) == entry_names(folder)  # the builder describes every entry it made
    assert unaccounted(entry_names(folder), articles, errors) == []
    assert seconds < TIME_LIMIT


def test_each_entry_becomes_what_it_should(adversarial):
    """Outcome, reason, doc_id, date and body of each entry: out-of-range dates (2500, 0001) become
    missing dates, and 400 KB of dashes parses in time."""
    _, expected, articles, errors, _, _ = adversarial
    assert problems(expected, articles, errors) == []
    validate(errors, "errors")
    assert articles["doc_id"].is_unique and articles["path"].is_unique
    assert all(doc_id.isprintable() for doc_id in articles["doc_id"])


def test_good_articles_load_unchanged_next_to_bad_ones(adversarial, tmp_path):
    _, _, articles, errors, _, _ = adversarial
    for name, text in GOOD.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    alone, alone_errors = load_corpus(tmp_path, progress=False)
    assert alone_errors.empty
    together = articles.set_index("path").loc[sorted(GOOD)]
    assert together["doc_id"].tolist() == [Path(name).stem for name in sorted(GOOD)]
    assert together["body"].tolist() == alone.set_index("path").loc[sorted(GOOD), "body"].tolist()
    assert errors[errors["path"].isin(GOOD)].empty


def test_raw_folder_is_byte_identical_afterwards(adversarial):
    folder, _, _, _, _, before = adversarial
    assert snapshot(folder) == before


def test_subfolders_are_read_with_recursive(tmp_path):
    (tmp_path / "story.txt").write_text(NEWS, encoding="utf-8")
    (tmp_path / "2023").mkdir()
    (tmp_path / "2023" / "story.txt").write_text(DATELINE, encoding="utf-8")
    (tmp_path / "2023" / ".DS_Store").write_bytes(b"\0\0\0\1Bud1")
    flat, flat_errors = load_corpus(tmp_path, progress=False)
    assert flat["doc_id"].tolist() == ["story"]
    assert flat_errors[["path", "severity"]].values.tolist() == [["2023", "warning"]]
    deep, deep_errors = load_corpus(tmp_path, progress=False, recursive=True)
    assert deep[["path", "doc_id"]].values.tolist() == [["2023/story.txt", "2023/story"],
                                                        ["story.txt", "story"]]
    assert deep_errors[["path", "severity"]].values.tolist() == [["2023/.DS_Store", "warning"]]


def test_doc_ids_are_unique_and_depend_on_names_only():
    names = ["story.txt", "story.html", "story.txt.html", "notes.txt", "notes", "a/notes.txt"]
    ids = unique_doc_ids(names)
    assert ids == ["story.txt", "story.html", "story.txt.html", "notes.txt", "notes", "a/notes"]
    assert len(set(ids)) == len(ids)
    assert unique_doc_ids(["x.txt", "y.txt"]) == ["x", "y"]


def test_printable_names_are_one_line_and_reversible():
    raw = [os.fsdecode(b"caf\xe9.txt"), "caf\u00e9.txt", "caf\\xe9.txt", "a\nb.txt", "a\\nb.txt",
           "nel\u0085.txt", os.fsdecode(b"nel\x85.txt"), "zwj\u200d.txt", "Bak\u0131.txt"]
    shown = [printable(name) for name in raw]
    assert len(set(shown)) == len(raw)  # distinct names stay distinct
    assert all(name.isprintable() for name in shown)
    assert shown[0] == "caf\\xe9.txt" and shown[1] == "café.txt" and shown[-1] == "Bakı.txt"
    for name in shown:
        name.encode("utf-8")  # no lone surrogate: every name can be written to Parquet


def test_an_unexpected_exception_or_a_slow_file_is_one_error_row(tmp_path, monkeypatch):
    for name in ("a.txt", "boom.txt", "slow.txt", "z.txt"):
        (tmp_path / name).write_text(NEWS.replace("Tuesday", name), encoding="utf-8")
    real = corpus.parse_raw

    def parse(raw):
        if raw.name == "boom.txt":
            raise RuntimeError("something\nunforeseen")
        if raw.name == "slow.txt":
            time.sleep(30)
        return real(raw)

    monkeypatch.setattr(corpus, "parse_raw", parse)
    start = time.monotonic()
    articles, errors = load_corpus(tmp_path, progress=False, seconds=1)
    assert time.monotonic() - start < 15
    assert articles["doc_id"].tolist() == ["a", "z"]
    assert errors.values.tolist() == [
        ["boom.txt", "error", "failed: RuntimeError: something unforeseen"],
        ["slow.txt", "error", "timed out: reading and parsing took longer than 1 s"]]


def test_a_file_rewritten_during_loading_is_never_taken_half_written(tmp_path):
    """A writer keeps rewriting one file (first half, pause, second half) while the folder is loaded
    again and again: the loader may report it, or take a complete copy, never a half."""
    (tmp_path / "steady.txt").write_text(DATELINE, encoding="utf-8")
    (tmp_path / "moving.txt").write_text(NEWS, encoding="utf-8")
    full = _body_of(NEWS)
    half = NEWS.encode()[: len(NEWS) // 2]
    stop = threading.Event()

    def rewrite() -> None:
        while not stop.is_set():
            with open(tmp_path / "moving.txt", "wb") as handle:
                handle.write(half)
                handle.flush()
                time.sleep(0.002)
                handle.write(NEWS.encode()[len(half):])

    writer = threading.Thread(target=rewrite)
    writer.start()
    outcomes = []
    try:
        for _ in range(20):
            articles, errors = load_corpus(tmp_path, progress=False)
            assert "steady.txt" in set(articles["path"])
            moving = articles[articles["path"] == "moving.txt"]
            assert moving.empty or moving["body"].iat[0] == full
            assert not moving.empty or (errors["path"] == "moving.txt").any()
            outcomes.append(moving.empty)
    finally:
        stop.set()
        writer.join()
    assert any(outcomes)  # the race did happen at least once


def _body_of(text: str) -> str:
    from corpuskit.parse import parse_text

    return parse_text(text, "x")["body"]


def test_a_file_that_differs_from_the_listing_is_refused(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(NEWS, encoding="utf-8")
    listed = Signature.of(os.stat(path))
    with open(path, "a", encoding="utf-8") as handle:
        handle.write("More text.\n")
    with pytest.raises(ArticleError, match="changed while the folder was read"):
        read_raw(path, expect=listed)


def test_a_fifo_is_reported_without_being_opened(tmp_path, monkeypatch):
    os.mkfifo(tmp_path / "pipe.txt")
    opened = []
    real = os.open
    monkeypatch.setattr(os, "open", lambda path, *a, **k: opened.append(path) or real(path, *a, **k))
    files, errors = scan_folder(tmp_path)
    assert files == [] and opened == []
    assert errors == [{"path": "pipe.txt", "severity": "error",
                       "reason": "named pipe (FIFO), not a regular file: not read"}]
    # Even if a FIFO takes a file's place after the listing, reading it refuses, not blocks.
    with pytest.raises(ArticleError, match="not a regular file"):
        read_raw(tmp_path / "pipe.txt")


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"])
def test_utf16_and_utf32_with_or_without_byte_order_mark(encoding):
    for text in (DATELINE, RUSSIAN):
        decoded = decode_bytes(text.encode(encoding), "x.txt")
        assert decoded.text == text
        assert decoded.warnings[0].startswith("not UTF-8: decoded as utf-")


def test_binary_content_is_refused_with_its_kind():
    with pytest.raises(ArticleError, match="PDF document"):
        decode_bytes(b"\n%PDF-1.7\n1 0 obj", "x.txt")
    with pytest.raises(ArticleError, match="binary file"):
        decode_bytes(bytes(range(256)) * 8, "x.txt")
    with pytest.raises(ArticleError, match="control characters"):
        decode_bytes(bytes(range(1, 32)) * 40 + DATELINE.encode(), "x.txt")


def test_nul_bytes_after_the_first_4_kb_are_removed_with_a_warning():
    data = DATELINE.encode() * 30 + b"\0" * 10 + b" Talks ended."
    decoded = decode_bytes(data, "x.txt")
    assert "\0" not in decoded.text and decoded.text.endswith(" Talks ended.")
    assert decoded.warnings == (f"10 NUL bytes removed (the first at byte {len(DATELINE.encode()) * 30:,})",)


def test_mixed_encodings_are_decoded_part_by_part_and_flagged():
    lines = ["İlham Əliyev received the délégation in Bakı.", "Tête-à-tête talks followed.", "Fin."]
    data = "\n".join(lines[:1]).encode("utf-8") + b"\n" + "\n".join(lines[1:]).encode("latin-1")
    decoded = decode_bytes(data, "x.txt")
    assert decoded.text.splitlines() == lines
    assert decoded.warnings == ("mixed encodings: UTF-8, and 3 bytes on 1 of 3 lines decoded as cp1252",)


def test_a_single_code_page_file_is_not_called_mixed():
    """Russian in cp1251 has byte pairs that happen to be valid UTF-8 ("О»" reads as "λ")."""
    text = "Заявление МИД «О СОТРУДНИЧЕСТВЕ» и «ПО ВОПРОСАМ ТРАНЗИТА» опубликовано сегодня. " * 20
    decoded = decode_bytes(text.encode("cp1251"), "x.txt")
    assert decoded.text == text and decoded.warnings == ("not UTF-8: decoded as cp1251",)


def test_html_in_a_text_file_is_recognised():
    assert looks_like_html(GOOD["good_page.html"])
    fragment = "".join(f"<p>Paragraph {i} of the article about the talks in Baku.</p>\n" for i in range(8))
    assert looks_like_html(fragment)
    assert not looks_like_html(NEWS + "\nThe share of trade grew (<5% in 2019, >7% in 2023).\n")


def test_oversized_files_are_refused_unread(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text(NEWS, encoding="utf-8")
    with pytest.raises(ArticleError, match=f"too large: {len(NEWS.encode()):,} bytes"):
        read_raw(path, max_bytes=100)


def test_error_table_is_empty_and_typed_for_a_clean_folder(tmp_path):
    (tmp_path / "a.txt").write_text(NEWS, encoding="utf-8")
    _, errors = load_corpus(tmp_path, progress=False)
    assert errors.empty and list(errors.columns) == corpus.ERROR_COLUMNS
    assert isinstance(errors, pd.DataFrame)


def test_corpuskit_run_and_notebook_01_take_the_whole_adversarial_folder(tmp_path):
    """The same folder through the command line and notebook 01 (papermill, into another output
    folder): no crash, no hang, every entry accounted for, nothing invented, the raw folder and the
    project's own data/processed/ unchanged.
    The two texts that cost spaCy minutes are left out here (``large=False``): the pipeline's own
    tests cover long texts."""
    import papermill
    from typer.testing import CliRunner

    from corpuskit.cli import app
    from corpuskit.config import PROCESSED_DIR, ROOT
    from corpuskit.tables import read_table

    raw, out = tmp_path / "raw", tmp_path / "out"
    expected = build_adversarial_folder(raw, large=False)
    before, processed = snapshot(raw), snapshot(PROCESSED_DIR)
    faulthandler.dump_traceback_later(600, exit=True)
    try:
        start = time.monotonic()
        result = CliRunner().invoke(app, ["run", str(raw), "--out", str(out)])
        assert result.exit_code == 0, result.output
        articles, errors = read_table("articles", out), read_table("errors", out)
        assert unaccounted(entry_names(raw), articles, errors) == []
        assert problems(expected, articles, errors) == []
        papermill.execute_notebook(
            ROOT / "notebooks" / "01_cleaning.ipynb", tmp_path / "01.ipynb", progress_bar=False,
            parameters={"RAW_DIR": str(raw), "PROCESSED_DIR": str(out), "GOLD_DIR": str(tmp_path / "none")})
        seconds = time.monotonic() - start
    finally:
        faulthandler.cancel_dump_traceback_later()
    assert snapshot(raw) == before
    assert snapshot(PROCESSED_DIR) == processed
    assert seconds < 300

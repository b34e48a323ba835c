"""Bad input is reported by name with a reason; good articles still load; raw data is untouched."""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path

import pytest

from corpuskit.corpus import load_corpus
from corpuskit.tables import validate
from tests.adversarial import snapshot
from tests.fixtures import SEEDS_DIR as RAW_DIR

GOOD = "001_23ce66ccd23087cf.txt"


@pytest.fixture
def messy_dir(tmp_path: Path) -> Path:
    shutil.copy(RAW_DIR / GOOD, tmp_path / GOOD)
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_text("  \n\n \n")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (tmp_path / "chrome_only.txt").write_text("Share this page\n\nPrivacy Policy\n1155 views\n")
    (tmp_path / "scan.pdf").write_bytes(b"%PDF-1.4 not an article")
    (tmp_path / "unreadable.txt").write_text("x")
    latin = ("On 3 December 2019 the ministers met in Baku. The exchange of views started in a "
             "tête à tête format and later continued in an expanded framework, with the délégations "
             "of both countries. ") * 3
    (tmp_path / "latin1.txt").write_bytes(latin.encode("latin-1"))
    return tmp_path


@pytest.fixture
def unreadable(monkeypatch):
    """Opening ``unreadable.txt`` fails as without read permission (tests may run as root)."""
    real = os.open

    def open_(path, flags, *args, **kwargs):
        if os.fspath(path).endswith("unreadable.txt"):
            raise PermissionError(13, "Permission denied")
        return real(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", open_)


def test_each_bad_file_is_reported_by_name_with_reason(messy_dir, unreadable, caplog):
    before = snapshot(messy_dir)
    with caplog.at_level(logging.WARNING, logger="corpuskit"):
        articles, errors = load_corpus(messy_dir, progress=False)
    reasons = dict(zip(errors["path"], errors["reason"], strict=True))
    assert reasons["empty.txt"] == "empty file"
    assert reasons["blank.txt"] == "empty file"
    assert reasons["binary.txt"].startswith("binary file")
    assert reasons["chrome_only.txt"].startswith("no recognisable article text")
    assert reasons["scan.pdf"] == "unsupported file type '.pdf'"
    assert reasons["unreadable.txt"] == "unreadable: Permission denied"
    assert reasons["latin1.txt"].startswith("not UTF-8: decoded as")
    for name in reasons:
        assert name in caplog.text
    # Good articles still load, the mis-encoded one with its diacritics intact.
    assert sorted(articles["path"]) == ["001_23ce66ccd23087cf.txt", "latin1.txt"]
    assert "tête à tête" in articles.set_index("path").loc["latin1.txt", "body"]
    validate(errors, "errors")
    assert snapshot(messy_dir) == before


def test_duplicates_are_flagged_not_removed(tmp_path):
    text = (RAW_DIR / GOOD).read_text(encoding="utf-8")
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "b_copy.txt").write_text(text, encoding="utf-8")
    (tmp_path / "c_edit.txt").write_text(text.replace("warm welcome", "very warm welcome"), encoding="utf-8")
    articles, _ = load_corpus(tmp_path, progress=False)
    flags = articles.set_index("doc_id")[["duplicate_of", "duplicate_kind"]]
    assert len(articles) == 3
    assert flags.loc["a"].isna().all()
    assert flags.loc["b_copy"].tolist() == ["a", "exact"]
    assert flags.loc["c_edit"].tolist() == ["a", "near"]


def test_loading_never_modifies_raw_data():
    before = snapshot(RAW_DIR)
    load_corpus(RAW_DIR, progress=False)
    assert snapshot(RAW_DIR) == before


def test_html_input_is_parsed(tmp_path):
    html = ("<html><head><title>Azerbaijan and Latvia hold consultations</title></head><body>"
            "<nav>Home | News | Share</nav><article><h1>Azerbaijan and Latvia hold consultations</h1>"
            "<p>On 26 October 2020, political consultations were held between Latvia and Azerbaijan "
            "in a video-conference format.</p><p>The diplomats discussed cooperation in transit, "
            "logistics, culture and education, and the Eastern Partnership.</p></article>"
            "<footer>All rights reserved.</footer></body></html>")
    (tmp_path / "page.html").write_text(html, encoding="utf-8")
    articles, errors = load_corpus(tmp_path, progress=False)
    assert errors.empty
    row = articles.iloc[0]
    assert row["published"].date().isoformat() == "2020-10-26"
    assert "video-conference" in row["body"] and "All rights reserved" not in row["body"]

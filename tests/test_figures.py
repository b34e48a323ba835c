"""Generic figures stay readable on a corpus of any size: years as years, n in every title,
annotations that contrast with their cell, no per-article labels once they would overlap."""

from __future__ import annotations

import re

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from corpuskit.plots import plot_corpus_timeline, plot_heatmap, plot_shares


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _articles(n: int, n_sources: int) -> pd.DataFrame:
    """A made-up corpus: n articles from n_sources outlets over five years, the last one undated."""
    rng = np.random.default_rng(0)
    days = rng.integers(0, 5 * 365, n)
    published = pd.to_datetime("2019-01-01") + pd.to_timedelta(days, unit="D")
    return pd.DataFrame({"doc_id": [f"{i:03d}_x" for i in range(n)],
                         "source": [f"Outlet {i % n_sources}" if i % 7 else None for i in range(n)],
                         "published": published.where(np.arange(n) < n - 1)})


def _labels(axis) -> list[str]:
    axis.figure.canvas.draw()
    return [t.get_text() for t in axis.get_ticklabels() if t.get_text()]


def test_timeline_of_many_articles_shows_n_years_and_no_overlapping_labels():
    ax = plot_corpus_timeline(_articles(55, 40))
    assert "n = 54 dated articles; 1 undated" in ax.get_title()
    assert all(re.fullmatch(r"\d{4}", label) for label in _labels(ax.xaxis)), _labels(ax.xaxis)
    assert not ax.texts  # no doc_id labels: 54 would overlap
    assert ax.figure.get_figheight() > 10  # a row per source, 41 rows


def test_timeline_of_a_few_articles_labels_each_one():
    ax = plot_corpus_timeline(_articles(5, 3))
    assert [t.get_text() for t in ax.texts] == ["000", "001", "002", "003"]


def test_heatmap_writes_dark_cells_in_white_and_gives_the_total():
    ax = plot_heatmap(pd.DataFrame({"a": [0, 8], "b": [1, 2]}, index=["X", "Y"]), "Counts")
    colours = {t.get_text(): t.get_color() for t in ax.texts}
    assert colours["8"] == "white" and colours["0"] == "black"
    assert ax.get_title() == "Counts (total = 11)"
    assert plot_heatmap(pd.DataFrame({"a": [0.5]}), "Shares", n=3).get_title() == "Shares (n = 3)"


def test_shares_by_year_read_as_years_with_n():
    years = pd.to_datetime(["2019-01-01", "2020-01-01", "2022-01-01"])
    shares = pd.DataFrame({"war": [1.0, 0.2, 0.5], "peace": [0.0, 0.8, 0.5]}, index=years)
    ax = plot_shares(shares, "Frames", n=pd.Series([1, 5, 2], index=years), n_label="frame terms")
    assert _labels(ax.xaxis) == ["2019", "2020", "2022"]
    assert ax.get_title() == "Frames (n = 8 frame terms)"

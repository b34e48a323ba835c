"""Matplotlib figures used by the notebooks (static, so nbval compares them stably)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.axes import Axes


def plot_corpus_timeline(articles: pd.DataFrame, ax: Axes | None = None) -> Axes:
    """One marker per article: publication date (x) by source (y)."""
    ax = ax or plt.subplots(figsize=(8, 3))[1]
    sources = articles["source"].fillna("(unknown source)")
    order = sorted(sources.unique())
    ax.scatter(articles["published"], sources.map(order.index), s=60, zorder=3)
    for date, y, doc_id in zip(articles["published"], sources.map(order.index), articles["doc_id"],
                               strict=True):
        ax.annotate(doc_id[:3], (date, y), xytext=(4, 6), textcoords="offset points", fontsize=8)
    ax.set_yticks(range(len(order)), order)
    ax.set_xlabel("publication date")
    ax.set_title("Corpus over time, by source")
    ax.grid(axis="x", alpha=0.3)
    return ax

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


def plot_event_timeline(events: pd.DataFrame, articles: pd.DataFrame, ax: Axes | None = None) -> Axes:
    """Dyad timeline: one row per partner, one marker per event at its date, coloured by type."""
    ax = ax or plt.subplots(figsize=(10, 3.5))[1]
    frame = events.merge(articles[["doc_id", "partner_iso3"]], on="doc_id")
    partners = sorted(frame["partner_iso3"].dropna().unique())
    types = sorted(frame["event_type"].unique())
    for offset, (event, colour) in enumerate(zip(types, plt.cm.tab10.colors, strict=False)):
        part = frame[frame["event_type"] == event]
        counts = part.groupby(["partner_iso3", "date"]).size().reset_index(name="n")
        y = counts["partner_iso3"].map(partners.index) + (offset - len(types) / 2) * 0.07
        ax.scatter(counts["date"], y, s=40 * counts["n"], color=colour, label=event, alpha=0.8)
    ax.set_yticks(range(len(partners)), partners)
    ax.set_xlabel("article date")
    ax.set_title("Coded events by partner over time (marker area: number of events)")
    ax.legend(loc="upper left", bbox_to_anchor=(1, 1), fontsize=8)
    return ax


def plot_heatmap(table: pd.DataFrame, title: str, ax: Axes | None = None) -> Axes:
    """A labelled heatmap of a numeric table (rows × columns), with the value in each cell."""
    ax = ax or plt.subplots(figsize=(1.2 * len(table.columns) + 2, 0.6 * len(table) + 1.5))[1]
    ax.imshow(table.to_numpy(dtype=float), cmap="Blues", aspect="auto")
    ax.set_xticks(range(len(table.columns)), table.columns, rotation=30, ha="right")
    ax.set_yticks(range(len(table.index)), table.index)
    for (i, j), value in pd.DataFrame(table.to_numpy()).stack().items():
        ax.text(j, i, f"{value:g}", ha="center", va="center", fontsize=9)
    ax.set_title(title)
    return ax


def plot_shares(shares: pd.DataFrame, title: str, ax: Axes | None = None) -> Axes:
    """Lines of shares over an ordered index (e.g. year × frame)."""
    ax = ax or plt.subplots(figsize=(8, 3.5))[1]
    for column in shares.columns:
        ax.plot(shares.index, shares[column], marker="o", label=column)
    ax.set_xticks(shares.index)
    ax.set_ylim(-0.05, 1.05)
    ax.set_ylabel("share of frame terms")
    ax.set_title(title)
    ax.legend(loc="upper left", bbox_to_anchor=(1, 1), fontsize=8)
    return ax


def plot_dyad_balance(table: pd.DataFrame, axes=None):
    """Two panels per partner-year (``corpuskit.events.timeline.dyad_years``): cooperative vs.
    conflictual event counts (bars, n above), and the PLOVER balance (mean score, -10..+10)."""
    if axes is None:
        _, axes = plt.subplots(1, 2, figsize=(12, 0.45 * max(len(table), 4) + 1.5))
    count_ax, balance_ax = axes
    labels = [f"{p} {y}" for p, y in zip(table["partner"], table["year"], strict=True)]
    rows = range(len(table))
    count_ax.barh(rows, table["cooperation"], color="tab:blue", label="cooperation (quad 1-2)")
    count_ax.barh(rows, -table["conflict"], color="tab:red", label="conflict (quad 3-4)")
    for y, (coop, n) in enumerate(zip(table["cooperation"], table["n"], strict=True)):
        count_ax.annotate(f"n={n}", (coop, y), xytext=(3, -3), textcoords="offset points", fontsize=8)
    count_ax.set_yticks(list(rows), labels)
    reach = max(int(table["cooperation"].max()), int(table["conflict"].max()), 1) * 1.25
    count_ax.set_xlim(-reach, reach)
    count_ax.axvline(0, color="black", linewidth=0.8)
    count_ax.set_xlabel("events (conflict to the left)")
    count_ax.set_title("Cooperation vs. conflict, per partner and year")
    count_ax.legend(loc="upper left", bbox_to_anchor=(0, -0.12), ncol=2, fontsize=8)
    colours = ["tab:blue" if b >= 0 else "tab:red" for b in table["balance"]]
    balance_ax.barh(rows, table["balance"], color=colours)
    balance_ax.set_yticks(list(rows), labels)
    balance_ax.set_xlim(-10, 10)
    balance_ax.axvline(0, color="black", linewidth=0.8)
    balance_ax.set_xlabel("mean PLOVER score (-10 conflict … +10 cooperation)")
    balance_ax.set_title("PLOVER balance")
    for ax in axes:
        ax.invert_yaxis()
    return axes

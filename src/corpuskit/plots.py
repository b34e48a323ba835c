"""Matplotlib figures used by the notebooks (static, so nbval compares them stably)."""

from __future__ import annotations

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.ticker import MaxNLocator, StrMethodFormatter


def plot_corpus_timeline(articles: pd.DataFrame, ax: Axes | None = None, label_limit: int = 20) -> Axes:
    """One marker per dated article: publication date (x) by source (y), with n in the title.

    Markers carry the first digits of their ``doc_id`` up to ``label_limit`` articles (beyond, the
    labels would overlap); the date axis names years as years (months only within a short span).
    """
    sources = articles["source"].fillna("(unknown source)")
    order = sorted(sources.unique())
    ax = ax or plt.subplots(figsize=(8, max(3.0, 0.28 * len(order) + 1.2)))[1]
    published = pd.to_datetime(articles["published"])
    dated = published.notna()
    y = sources.map(order.index)
    ax.scatter(published[dated], y[dated], s=40 if dated.sum() > label_limit else 60, alpha=0.8, zorder=3)
    if dated.sum() <= label_limit:
        for date, row, doc_id in zip(published[dated], y[dated], articles["doc_id"][dated], strict=True):
            ax.annotate(doc_id[:3], (date, row), xytext=(4, 6), textcoords="offset points", fontsize=8)
    locator = mdates.AutoDateLocator(minticks=3, maxticks=10)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.set_yticks(range(len(order)), order, fontsize=8 if len(order) > 15 else 10)
    ax.set_ylim(-0.7, len(order) - 0.3)
    ax.set_xlabel("publication date")
    undated = len(articles) - int(dated.sum())
    ax.set_title(f"Corpus over time, by source (n = {int(dated.sum())} dated articles"
                 + (f"; {undated} undated, not shown)" if undated else ")"))
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


def plot_heatmap(table: pd.DataFrame, title: str, ax: Axes | None = None, n: int | None = None) -> Axes:
    """A labelled heatmap of a numeric table (rows × columns), with the value in each cell.

    Each value is written in white on dark cells and black on light ones. The title ends with
    ``n`` if given, else with the total of a table of counts.
    """
    ax = ax or plt.subplots(figsize=(1.2 * len(table.columns) + 2, 0.45 * len(table) + 1.8))[1]
    values = table.to_numpy(dtype=float)
    image = ax.imshow(values, cmap="Blues", aspect="auto")
    ax.set_xticks(range(len(table.columns)), table.columns, rotation=30, ha="right")
    ax.set_yticks(range(len(table.index)), table.index)
    for (i, j), value in np.ndenumerate(values):
        if not np.isnan(value):
            red, green, blue, _ = image.cmap(image.norm(value))
            dark = 0.2126 * red + 0.7152 * green + 0.0722 * blue < 0.5
            ax.text(j, i, f"{value:g}", ha="center", va="center", fontsize=9,
                    color="white" if dark else "black")
    integral = np.isnan(values).all() or np.allclose(values[~np.isnan(values)] % 1, 0)
    if n is not None:
        title = f"{title} (n = {n:,})"
    elif integral:
        title = f"{title} (total = {int(np.nansum(values)):,})"
    ax.set_title(title)
    return ax


def plot_shares(shares: pd.DataFrame, title: str, ax: Axes | None = None, n: pd.Series | None = None,
                n_label: str = "terms") -> Axes:
    """Lines of shares over an ordered index (e.g. year × frame); years are labelled as years.

    ``n`` (indexed like ``shares``) is what each point's shares are computed from: drawn as grey
    bars on a right-hand axis, and totalled in the title, so a share of 1.0 from one term shows.
    """
    ax = ax or plt.subplots(figsize=(8, 3.5))[1]
    index = shares.index
    if isinstance(index, pd.DatetimeIndex) and (index.month == 1).all() and (index.day == 1).all():
        index = index.year
    if n is not None:
        counts = ax.twinx()
        counts.bar(index, n.reindex(shares.index).to_numpy(), color="grey", alpha=0.2, width=0.6, zorder=0)
        counts.set_ylabel(f"n ({n_label})")
        counts.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_zorder(counts.get_zorder() + 1)
        ax.patch.set_visible(False)
        title = f"{title} (n = {int(n.sum()):,} {n_label})"
    for column in shares.columns:
        ax.plot(index, shares[column], marker="o", label=column)
    if pd.api.types.is_integer_dtype(index):  # a tick per point while they fit, never "2,019" or "2019.5"
        ax.set_xticks(index) if len(index) <= 15 else ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.xaxis.set_major_formatter(StrMethodFormatter("{x:.0f}"))
    ax.set_ylim(-0.05, 1.05)
    ax.set_ylabel("share of frame terms")
    ax.set_title(title)
    ax.legend(loc="upper left", bbox_to_anchor=(1.08 if n is not None else 1, 1), fontsize=8)
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

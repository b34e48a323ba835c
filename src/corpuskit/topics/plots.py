"""Figures of notebook 03 (static matplotlib). The only module of ``corpuskit.topics`` that
imports matplotlib: modelling and the embedding cache never do."""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from corpuskit.topics.model import TopicFit


def _color(topic: int) -> str:
    return f"C{topic % 10}"


def _short(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def plot_k_choice(sweep: pd.DataFrame, chosen: int, min_ari: float, ax: Axes | None = None) -> Axes:
    """Mean ARI between seeds (± sd) by number of topics, the goal line and the chosen k."""
    ax = ax or plt.subplots(figsize=(7, 3.2))[1]
    ax.errorbar(sweep["k"], sweep["mean_ari"], yerr=sweep["sd_ari"], marker="o", capsize=3,
                label="mean ARI between seeds (± sd)")
    ax.axhline(min_ari, color="grey", linestyle="--", label=f"goal {min_ari}")
    ax.axvline(chosen, color="C3", linestyle=":", label=f"chosen k = {chosen}")
    ax.set_xlabel("number of topics k")
    ax.set_ylabel("adjusted Rand index")
    ax.set_ylim(min(0.0, float(sweep["mean_ari"].min()) - 0.1), 1.05)
    ax.set_title(f"Stability of the partition by k ({len(sweep)} candidates)")
    ax.legend(fontsize=8, loc="lower left")
    ax.figure.tight_layout()
    return ax


def plot_topic_words(fit: TopicFit, n_words: int = 8, ncols: int = 3, max_topics: int = 24) -> Figure:
    """One bar chart per topic: its top c-TF-IDF words (title: label and number of units);
    the ``max_topics`` largest topics (topic ids are numbered by size), all of them in the table."""
    topics = sorted(fit.words)[:max_topics]
    sizes = fit.assignments["topic"].value_counts()
    nrows = max(1, math.ceil(len(topics) / ncols))
    fig, axes = plt.subplots(nrows, ncols, figsize=(4.2 * ncols, 2.4 * nrows), squeeze=False)
    for ax, topic in zip(axes.flat, topics, strict=False):
        pairs = [(w, s) for w, s in fit.model.get_topic(topic) if w][:n_words][::-1]
        ax.barh([w for w, _ in pairs], [s for _, s in pairs], color=_color(topic))
        ax.set_title(f"{_short(fit.labels[topic], 36)} (n={int(sizes.get(topic, 0))})", fontsize=9)
        ax.tick_params(labelsize=8)
    for ax in list(axes.flat)[len(topics):]:
        ax.axis("off")
    shown = (f"the {len(topics)} largest of {len(fit.words)} topics" if len(topics) < len(fit.words)
             else "every topic")
    fig.suptitle(f"Top c-TF-IDF words per topic, {shown} (the label is the first three)", fontsize=10)
    fig.tight_layout()
    return fig


def plot_partner_heatmap(per_partner: pd.DataFrame, labels: dict[int, str], ax: Axes | None = None) -> Axes:
    """Partner × topic heatmap: share of each partner's units (numbers: units; rows: partner, n)."""
    shares = per_partner.pivot_table(index="partner_iso3", columns="topic", values="share", fill_value=0.0)
    counts = per_partner.pivot_table(index="partner_iso3", columns="topic", values="n_units", fill_value=0)
    totals = per_partner.groupby("partner_iso3")["n_partner"].first()
    width = min(20.0, 0.6 * shares.shape[1] + 4.5)
    ax = ax or plt.subplots(figsize=(width, min(14.0, 0.5 * shares.shape[0] + 2.8)))[1]
    small = 8 if shares.shape[1] <= 15 else 5
    top = max(0.01, float(shares.to_numpy().max()))
    image = ax.imshow(shares.to_numpy(), cmap="Blues", vmin=0, vmax=top, aspect="auto")
    for (i, j), n in np.ndenumerate(counts.to_numpy()):
        ax.text(j, i, str(int(n)), ha="center", va="center", fontsize=small,
                color="white" if shares.iat[i, j] > 0.5 * top else "black")
    ax.set_xticks(range(shares.shape[1]), [_short(labels[t], 30) for t in shares.columns],
                  fontsize=7 if small == 8 else 5, rotation=35 if small == 8 else 90, ha="right")
    ax.set_yticks(range(shares.shape[0]), [f"{p} (n={int(totals[p])})" for p in shares.index])
    ax.figure.colorbar(image, ax=ax, label="share of the partner's units")
    ax.set_title("Topics by partner country (numbers: units)")
    ax.figure.tight_layout()
    return ax


def plot_topics_over_time(over_time: pd.DataFrame, labels: dict[int, str], ax: Axes | None = None) -> Axes:
    """Stacked bars: share of each period's units in each topic; n above each bar."""
    shares = over_time.pivot_table(index="period", columns="topic", values="share", fill_value=0.0)
    totals = over_time.groupby("period")["n_period"].first()
    ax = ax or plt.subplots(figsize=(9.5, 3.8))[1]
    positions = np.arange(len(shares))
    bottom = np.zeros(len(shares))
    for topic in shares.columns:
        ax.bar(positions, shares[topic], bottom=bottom, color=_color(topic), label=_short(labels[topic], 40))
        bottom += shares[topic].to_numpy()
    for x, period in zip(positions, shares.index, strict=True):
        ax.text(x, 1.02, f"n={int(totals[period])}", ha="center", fontsize=8)
    ax.set_xticks(positions, list(shares.index))
    ax.set_ylim(0, 1.12)
    ax.set_ylabel("share of the period's units")
    ax.set_title("Topics over time (undated units in their own bar)")
    ax.legend(fontsize=7 if len(shares.columns) <= 20 else 5, loc="center left", bbox_to_anchor=(1.01, 0.5),
              ncol=math.ceil(len(shares.columns) / 20))
    ax.figure.tight_layout()
    return ax

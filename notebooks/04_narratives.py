# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 04 · Narratives: who does what to whom, coded events, dyad timelines and framing
#
# From the dependency parse of every sentence, `corpuskit` extracts **narrative statements**
# (agent – verb – patient, in the style of the relatio method): passives are turned round ("an
# accord was signed by X" has X as agent), conjoined agents, objects and verbs each give a
# statement, negation is kept as a flag, and speech verbs ("X stressed that …") give a statement
# whose agent is the speaker. Agents and patients are the canonical actors and countries of
# notebook 02 where they name one, otherwise the head noun.
#
# Statements are then **coded as events** in a small ontology modelled on PLOVER/CAMEO (consult,
# agree, praise, cooperate, mediate, support, congratulate, visit), by a verb lexicon kept as data
# (`src/corpuskit/data/events.yaml`). Every event keeps its sentence, so each count below can be
# read back to the words.
#
# Reads `articles` (with `dyad`), `sentences`, `narratives` (the statements) and `events` from the
# tables `corpuskit run` (notebook 01) wrote: statements and events come from the same parse as the
# sentences, so every quoted sentence is the one its `sent_id` names.

# %%
# %load_ext autoreload
# %autoreload 2
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd

from corpuskit import config
from corpuskit.evaluate import gold_statements, in_sentence, score_narratives
from corpuskit.events import event_type, ontology
from corpuskit.framing import area_table, frame_shares, lexicons, term_hits
from corpuskit.network import event_graph, plot_directed
from corpuskit.plots import plot_event_timeline, plot_heatmap, plot_shares
from corpuskit.tables import read_table

pd.set_option("display.max_colwidth", 110)

# %% tags=["parameters"]
PROCESSED_DIR = config.PROCESSED_DIR  # the tables of `corpuskit run` (notebook 01); only read
EVIDENCE_ROWS = 12  # rows of evidence shown under each figure
RELATION_TYPES = ("PRAISE", "SUPPORT", "CONGRATULATE", "CONSULT", "AGREE")  # the actor graph

# %% [markdown]
# ## Statements

# %%
PROCESSED_DIR = Path(PROCESSED_DIR)
articles = read_table("articles", PROCESSED_DIR)
sentences = read_table("sentences", PROCESSED_DIR)
statements = read_table("narratives", PROCESSED_DIR)
events = read_table("events", PROCESSED_DIR)
print(f"{len(statements)} statements in {statements['doc_id'].nunique()} articles; "
      f"{int(statements['negated'].sum())} negated, {int((statements['kind'] == 'speech').sum())} speech")
statements[["doc_id", "sent_id", "agent", "agent_country", "verb", "patient", "patient_country",
            "negated", "kind"]].head(12)

# %% [markdown]
# ## How good are they? Against a hand-checked gold set
# `tests/gold/narratives.yaml` holds, for every sentence of two articles (Azernews 2022, News.Az
# 2024), the statements and event types a reader finds (guidelines in `tests/gold/NARRATIVES.md`).
# A statement counts as found when sentence, agent, verb and patient all agree; an event when
# sentence, agent, verb and type agree.

# %%
gold = gold_statements(articles.set_index("doc_id")["body"].to_dict())
gold["sent_id"] = in_sentence(gold, sentences)
predicted = statements.assign(event=[event_type(v, p) for v, p in
                                     zip(statements["verb"], statements["patient"], strict=True)])
score_narratives(predicted, gold)

# %% [markdown]
# ## Events
# The ontology, and how many events of each type each partner's articles hold.

# %%
pd.DataFrame(ontology()["types"]).T[["plover", "cameo", "description"]]

# %%
with_partner = events.merge(articles[["doc_id", "partner_iso3"]], on="doc_id")
with_partner.pivot_table(index="partner_iso3", columns="event_type", values="verb", aggfunc="size",
                         fill_value=0)

# %% [markdown]
# ## Dyad timeline
# One row per partner of Azerbaijan, one marker per event type and article date.

# %%
plot_event_timeline(events, articles)
plt.show()

# %% [markdown]
# The evidence behind the timeline: each event with the words it was coded from.

# %%
evidence = with_partner.assign(date=with_partner["date"].dt.date)
evidence[["date", "partner_iso3", "event_type", "source_actor", "verb_text", "target_actor",
          "sentence"]].head(EVIDENCE_ROWS)

# %% [markdown]
# ## Cooperation areas by partner
# Sentences that name each area of cooperation (term lists in `src/corpuskit/data/framing.yaml`),
# by partner; the table after the heatmap gives the first sentence behind every cell.

# %%
areas = area_table(sentences, articles)
plot_heatmap(areas.pivot(index="partner_iso3", columns="area", values="sentences").fillna(0).astype(int),
             "Sentences naming each area of cooperation")
plt.show()

# %%
areas[["partner_iso3", "area", "sentences", "evidence_id", "evidence"]]

# %% [markdown]
# ## How the Karabakh question is framed, year by year
# Share of each frame's terms among all frame terms of the year: conflict and mediation (Minsk
# Group, peaceful settlement), war and liberation, post-conflict recovery (demining, restoration),
# normalisation and peace (peace treaty, territorial integrity).

# %%
shares = frame_shares(sentences, articles)
plot_shares(shares, "Framing of the Karabakh question")
plt.show()
shares

# %% [markdown]
# The terms behind the lines, with their sentences.

# %%
frames = term_hits(sentences, lexicons()["karabakh_frames"]).merge(articles[["doc_id", "published"]])
frames.assign(year=frames["published"].dt.year).sort_values(["year", "doc_id", "sent_id"])[
    ["year", "doc_id", "sent_id", "term_set", "term", "text"]].head(EVIDENCE_ROWS)

# %% [markdown]
# ## Who praises, supports, meets and agrees with whom
# A directed graph of events from their source to their target actor (targets that are not actors,
# such as "the development", are left out of the graph but kept in the table).

# %%
graph = event_graph(events, RELATION_TYPES)
print(f"{graph.number_of_nodes()} actors, {graph.number_of_edges()} directed links")
plot_directed(graph, "Events between actors")
plt.show()

# %%
relations = events[events["event_type"].isin(RELATION_TYPES)]
relations[["doc_id", "event_type", "source_actor", "source_country", "verb_text", "target_actor",
           "target_country", "sentence"]].sort_values(["event_type", "doc_id"], kind="stable").head(
    EVIDENCE_ROWS)

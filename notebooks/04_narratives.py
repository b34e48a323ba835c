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
# # 04 · Narratives: who does what to whom, PLOVER events, dyad timelines and framing
#
# From the dependency parse of every sentence, `corpuskit` extracts **narrative statements**
# (agent – verb – patient, in the style of the relatio method) and codes **events** in the
# [PLOVER](https://github.com/openeventdata/PLOVER) ontology: 16 categories (AGREE … ASSAULT) with
# their modes, contexts and CAMEO root codes, kept as data in `src/corpuskit/data/plover.yaml`.
# Each event has an actor and a recipient (a country as ISO3 or an organisation id, and the
# person where named), a modality (negated, future, conditional), the speaker who reports it,
# and the sentence and character offsets it was read from. Triggers come from a lexicon kept as
# data (`event_lexicon.yaml`: verbs, verb + object, verb + particle, event nouns), and a sentence
# classifier (MiniLM embeddings, logistic regression on exemplars we wrote,
# `event_exemplars.yaml`) types dyadic verbs the lexicon does not know.
#
# Reads `articles` (with `partner_iso3`), `sentences`, `narratives` (the statements) and `events`
# from the tables `corpuskit run` (notebook 01) wrote: statements and events come from the same
# parse as the sentences, so every quoted sentence is the one its `sent_id` names. The same run
# wrote `events.jsonl` (PLOVER records) and `events.csv`.

# %%
# %load_ext autoreload
# %autoreload 2
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd

from corpuskit import config
from corpuskit.evaluate import gold_statements, in_sentence, score_narratives
from corpuskit.events import (
    EVENT_SCHEMA,
    ontology,
    plover_record,
    validate_record,
)
from corpuskit.events.classifier import cross_validated, reliability
from corpuskit.events.coder import CLASSIFIER_MARGIN, CLASSIFIER_THRESHOLD
from corpuskit.events.evaluate import code_gold_texts, load_event_gold, score_events, with_files
from corpuskit.events.timeline import dyad_events, dyad_years
from corpuskit.framing import area_table, frame_shares, lexicons, term_hits
from corpuskit.plots import plot_dyad_balance, plot_heatmap, plot_shares
from corpuskit.tables import read_table

pd.set_option("display.max_colwidth", 110)

# %% tags=["parameters"]
PROCESSED_DIR = config.PROCESSED_DIR  # the tables of `corpuskit run` (notebook 01); only read
GOLD_DIR = config.GOLD_DIR  # seed gold (in-sample), own test texts, and the blind dev gold in dev/
EVIDENCE_ROWS = 12  # rows of evidence shown under each figure
DEV_GOLDS = {"dev": "dev_gold", "dev2": "dev2_gold"}  # gold folder -> its tables (notebook 01)

# %% [markdown]
# ## Statements and events

# %%
PROCESSED_DIR, GOLD_DIR = Path(PROCESSED_DIR), Path(GOLD_DIR)
articles = read_table("articles", PROCESSED_DIR)
sentences = read_table("sentences", PROCESSED_DIR)
statements = read_table("narratives", PROCESSED_DIR)
events = EVENT_SCHEMA.validate(read_table("events", PROCESSED_DIR))
print(f"{len(statements)} statements and {len(events)} events in {articles['doc_id'].nunique()} articles")

# %% [markdown]
# ## Statements against the seed gold (in-sample)
# `tests/gold/narratives.yaml` holds the statements of two seed articles (guidelines in
# `tests/gold/NARRATIVES.md`). The extractor was built while reading these same articles, so this
# score is **in-sample**: it says the rules do what they were written to do, not how they fare
# on new text.

# %%
gold = gold_statements(articles.set_index("doc_id")["body"].to_dict())
gold["sent_id"] = in_sentence(gold, sentences)
score_narratives(statements.assign(event=None), gold).iloc[:1].assign(sample="in-sample (seed articles)")

# %% [markdown]
# ## The ontology
# The 16 PLOVER categories, their CAMEO root codes, quad class and PLOVER score, and how many
# events of each the corpus holds.

# %%
types = pd.DataFrame(ontology()["types"]).T[["cameo", "quad", "score", "description"]]
types.assign(events=events["event_type"].value_counts().reindex(types.index, fill_value=0))

# %% [markdown]
# ## Dyad timelines: cooperation vs. conflict
# Events between Azerbaijan and each partner (the other side of actor/recipient), each act once
# (repeats linked by `same_as` are left out) and only acts that happened (negated, future and
# conditional ones are left out). Left: cooperative (PLOVER quad classes 1–2) and conflictual
# (3–4) counts per partner and year, with n; right: the balance, the mean PLOVER score
# (−10 conflict … +10 cooperation).

# %%
balance = dyad_years(events)
if balance.empty:
    print("no events between Azerbaijan and a partner")
else:
    plot_dyad_balance(balance)
    plt.tight_layout()
    plt.show()
balance

# %% [markdown]
# The evidence behind the figure: each counted event with its sentence.

# %%
evidence = dyad_events(events).sort_values(["partner", "date", "doc_id", "start_char"], kind="stable")
evidence.assign(date=evidence["date"].dt.date)[
    ["date", "partner", "event_type", "mode", "actor", "recipient", "mutual", "trigger", "confidence",
     "sentence"]].head(EVIDENCE_ROWS)

# %% [markdown]
# ## PLOVER export
# One JSON record per event (`events.jsonl`, PLOVER field names plus corpuskit's doc_id, sent_id,
# offsets and confidence) and a CSV for R and Stata; every record is checked against the PLOVER
# field list and ontology.

# %%
problems = [p for _, row in events.iterrows() for p in validate_record(plover_record(row))]
print(f"{len(events)} records, {len(problems)} problems")
plover_record(events.iloc[0]) if len(events) else None

# %% [markdown]
# ## How good is the coder? Own test texts, then a blind development gold
# Sets of short articles we wrote in the shapes outlets use (wire copy, ministry readouts,
# long quotes; summons, protests, expulsions, shelling, detentions, phone calls, visits, aid), with
# their events, none of them blind (all written by the coder's developers). Each set was scored once
# with the coder as it stood when the set was written; that first, untuned figure is the set's
# out-of-sample number and is recorded in the file's header (printed below). Misses then led to
# general changes, so every score computed here is **in-sample**. `events_own` was written while
# the coder was built (in-sample from the start). Categories follow the PLOVER manual (a realized
# signing SUPPORT, a promise AGREE) except where issue 13 specifies otherwise: a summons or a note
# of protest is PROTEST summon (the manual would code it ACCUSE). Only the blind development golds
# further down measure new text.
# Three coders are compared on each set, to see what each part adds: the lexicon and dependency
# rules alone; plus the classifier, which codes dyadic verbs outside the lexicon; and the
# classifier typing every trigger candidate by itself.

# %%
OWN_SETS = ["events_own", "events_heldout", "events_more", "events_fresh", "events_wire", "events_long",
            "events_press", "events_agency", "events_digest", "events_mixed", "events_paragraphs",
            "events_conflict", "events_recall", "events_shapes", "events_late",
            "events_shapes4"]
for name in OWN_SETS[1:]:  # events_own has no first-run figure: it was written with the coder
    header = (GOLD_DIR / f"{name}.yaml").read_text(encoding="utf-8").split("\n- file:")[0]
    print(f"== {name} ==\n{header}\n")

# %%
variants = {"lexicon + rules": {"use_classifier": False}, "lexicon + rules + classifier": {},
            "classifier types every candidate": {"classifier_only": True}}
own_scores = pd.concat([
    score_events(code_gold_texts(texts, **options), texts).assign(texts=f"{name} (in-sample)", coder=coder)
    for name in OWN_SETS for texts in [load_event_gold(GOLD_DIR / f"{name}.yaml")]
    for coder, options in variants.items()])
own_scores[own_scores["coder"] == "lexicon + rules + classifier"].pivot_table(
    index="measure", columns="texts", values="value", sort=False)

# %% [markdown]
# All three coders on every set:

# %%
own_scores.pivot_table(index="measure", columns=["texts", "coder"], values="value", sort=False)

# %% [markdown]
# The counts behind the shares (hits of n):

# %%
own_scores.assign(counts=own_scores["hits"].astype(str) + " / " + own_scores["of"].astype(str)).pivot_table(
    index="measure", columns=["texts", "coder"], values="counts", aggfunc="first", sort=False)

# %% [markdown]
# How far can the classifier's confidence be trusted? Out-of-fold predictions on the exemplars
# (3 stratified folds, fixed seed): accuracy per confidence band, and of the predictions the coder
# accepts (confidence at least `CLASSIFIER_THRESHOLD` and `CLASSIFIER_MARGIN` times the
# runner-up's).

# %%
folds = cross_validated()
accepted = folds[(folds["confidence"] >= CLASSIFIER_THRESHOLD) & (folds["predicted"] != "NONE")
                 & (folds["confidence"] >= CLASSIFIER_MARGIN * folds["runner_up"])]
print(f"out-of-fold accuracy on {len(folds)} exemplars: {folds['correct'].mean():.2f}; "
      f"of the {len(accepted)} predictions the coder would accept: {accepted['correct'].mean():.2f}")
reliability(folds)

# %% [markdown]
# The blind development golds (`tests/gold/dev/` and `tests/gold/dev2/`, annotated by someone who
# had not read the lexicon or the code, on articles the lexicon was not built from): their articles
# go through the same pipeline as the corpus (notebook 01 runs them), and the coded events are
# scored against them. A gold event is found when a coded event stands in its sentence; the sides
# must match in direction unless the gold event is mutual. Caveats: on `dev`, after a first
# measurement (right type 0.59, right actor and recipient 0.53, conflictual found 0.65), the
# aggregate confusions (SUPPORT coded AGREE, AGREE coded CONSULT) were described to a developer, who
# re-read the PLOVER manual and wrote new test texts; its scores are therefore partly informed by
# it. `dev2` was written later by another annotator; no developer has seen its texts or its
# misses. Both golds code a summons as PROTEST summon, as the issue does; the coder's return to that
# convention (a developer had moved summonses to ACCUSE, after the PLOVER manual) was made after
# both golds had been scored.

# %%
dev_scores = []
for gold_name, tables in DEV_GOLDS.items():
    gold_file = GOLD_DIR / gold_name / "gold.yaml"
    if not gold_file.exists():
        print(f"no development gold at {gold_file}")
        continue
    folder = PROCESSED_DIR / tables  # written by notebook 01's run of this gold
    coded = with_files(read_table("events", folder), read_table("articles", folder))
    dev_scores.append(score_events(coded, load_event_gold(gold_file)).assign(sample=f"blind {gold_name}"))
pd.concat(dev_scores or [pd.DataFrame(columns=["measure", "value", "hits", "of", "sample"])],
          ignore_index=True)

# %% [markdown]
# The five seed articles, annotated for events afterwards by someone who had not read the code or
# the lexicon (`tests/gold/seed_events_blind.yaml`). The scores are **in-sample**: the lexicon and
# the rules were built while reading these articles. Scored on the corpus' own events table, for the
# seed files the corpus holds.

# %%
corpus_files = {Path(str(path)).name for path in articles["path"]}
seed_gold = [article for article in load_event_gold(GOLD_DIR / "seed_events_blind.yaml")
             if article["file"] in corpus_files]
seed_scores = score_events(with_files(events, articles), seed_gold).assign(sample="seeds (in-sample)")
seed_scores["value"] = seed_scores["value"].map(lambda x: "undefined" if pd.isna(x) else f"{x:.3f}")
seed_scores if seed_gold else "no seed article in this corpus"

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
# ## Exports
# `corpuskit run` wrote the events as `events.parquet`, `events.csv` and `events.jsonl` (one
# PLOVER record per line) beside the other tables; the export check above validates every record.

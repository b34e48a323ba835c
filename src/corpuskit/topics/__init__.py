"""Topics of the corpus: BERTopic's words on a seed-stable k-means partition of sentences.

One module per concern: ``vocabulary`` (tokens, seed themes, stop and artefact words as data),
``units`` (which sentences are units), ``embeddings`` (offline model, cache), ``model`` (k by a
stated stability criterion, consensus partition, c-TF-IDF words and labels, views by partner and
over time), ``evaluation`` (LDA and NMF baselines, coherence and diversity over seeds),
``plots`` (figures; the only module that imports matplotlib, never imported from here).
"""

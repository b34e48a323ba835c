"""corpuskit: Azerbaijan's bilateral diplomacy in news text, from raw articles to narratives.

One module per concern: ``rawio`` (reading files), ``text`` (normalisation),
``dates`` and ``sources`` (metadata), ``parse`` (one article), ``corpus`` (a
folder), ``segment`` (paragraphs and sentences), ``tables`` (schemas and
Parquet I/O), ``countries`` (names to ISO codes).
"""

__version__ = "0.1.0"

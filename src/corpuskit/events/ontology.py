"""The PLOVER ontology (``data/plover.yaml``) and the trigger lexicon (``data/event_lexicon.yaml``).

>>> category("ACCUSE")["cameo"], quad_class("ACCUSE"), score("CONSULT", "visit"), score("CONSULT", None)
('11', 3, 4.0, 2.5)
>>> is_conflict("PROTEST"), is_conflict("AID")
(True, False)
"""

from __future__ import annotations

from functools import lru_cache

import yaml

from corpuskit.config import data_file

QUAD_NAMES = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict",
              4: "material conflict"}


@lru_cache(maxsize=1)
def ontology() -> dict:
    """The parsed ``plover.yaml``: ``types`` (the 16 PLOVER categories), ``contexts``."""
    return yaml.safe_load(data_file("plover.yaml").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def lexicon() -> dict:
    """The parsed ``event_lexicon.yaml``, checked against the ontology (every label is PLOVER's)."""
    data = yaml.safe_load(data_file("event_lexicon.yaml").read_text(encoding="utf-8"))
    for label in _labels(data):
        check_label(*label)
    return data


def _labels(data: dict) -> list[tuple[str, str | None]]:
    pairs = [*data["verbs"].values(), *data["phrasal"].values(), *data["nouns"].values(),
             *(data.get("happened_nouns") or {}).values()]
    pairs += [v for table in data["with_object"].values() for v in table.values()]
    return [tuple(p) for p in pairs if p and p[0]]


def check_label(event_type: str, mode: str | None = None) -> None:
    """Raise ``ValueError`` unless ``event_type`` (and ``mode``) are labels of the ontology."""
    types = ontology()["types"]
    if event_type not in types:
        raise ValueError(f"{event_type!r} is not a PLOVER category")
    if mode is not None and mode not in (types[event_type].get("modes") or {}):
        raise ValueError(f"{mode!r} is not a mode of {event_type}")


def category(event_type: str) -> dict:
    """The ontology entry of one PLOVER category."""
    return ontology()["types"][event_type]


def quad_class(event_type: str) -> int:
    """PLOVER quad class: 1 verbal cooperation, 2 material cooperation, 3 verbal / 4 material conflict."""
    return int(category(event_type)["quad"])


def is_conflict(event_type: str) -> bool:
    """True for the verbal and material conflict categories."""
    return quad_class(event_type) >= 3


def score(event_type: str, mode: str | None) -> float:
    """PLOVER conflict-cooperation score (-10..+10) of a category and mode."""
    entry = category(event_type)
    return float(((entry.get("modes") or {}).get(mode) or {}).get("score", entry["score"]))

"""Score coded events against a gold standard of hand-coded events.

Gold format (YAML): a list of articles ``{file, language, partner, events: [{sentence, trigger,
type, mode, actor, recipient, mutual, modality}]}`` (or ``{articles: [...]}``). A gold event is
*found* when a coded event of its article stands in the same sentence; each coded event matches
at most one gold event (best first: right type and sides, then right type, then any).

>>> import pandas as pd
>>> coded = pd.DataFrame([{"file": "a.txt", "sentence": "Baku accused Paris of meddling.",
...                        "event_type": "ACCUSE", "actor": "AZE", "recipient": "FRA", "mutual": False}])
>>> gold = [{"file": "a.txt", "events": [{"sentence": "Baku accused Paris of meddling.", "type": "ACCUSE",
...          "actor": "AZE", "recipient": "FRA", "mutual": False}]}]
>>> float(score_events(coded, gold).set_index("measure").loc["found with right actor and recipient", "value"])
1.0
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pandas as pd
import yaml
from rapidfuzz import fuzz

from corpuskit.events.ontology import is_conflict, ontology

SENTENCE_MATCH = 90.0  # rapidfuzz partial ratio at which two sentence strings are the same sentence


def load_event_gold(path: str | Path) -> list[dict]:
    """The articles of a gold file (``gold.yaml``)."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    return data["articles"] if isinstance(data, dict) else data


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", str(text)).strip().lower()


def _same_sentence(a: str, b: str) -> bool:
    a, b = _norm(a), _norm(b)
    if not a or not b:
        return False
    return a in b or b in a or fuzz.ratio(a, b) >= SENTENCE_MATCH or (
        min(len(a), len(b)) > 40 and fuzz.partial_ratio(a, b) >= SENTENCE_MATCH)


def _codes(value) -> set[str]:
    if value is None or (isinstance(value, float) and value != value):
        return set()
    if isinstance(value, (list, tuple, set)):
        return {c for v in value for c in _codes(v)}
    return {c.upper() for c in re.split(r"[;,|/ ]+", str(value)) if c}


def _sides_right(coded: pd.Series, gold: dict) -> bool:
    actor, recipient = _codes(coded.get("actor")), _codes(coded.get("recipient"))
    gold_actor, gold_recipient = _codes(gold.get("actor")), _codes(gold.get("recipient"))
    direct = bool(actor & gold_actor) and (bool(recipient & gold_recipient) or not gold_recipient)
    crossed = bool(actor & gold_recipient) and bool(recipient & gold_actor)
    return direct or (bool(gold.get("mutual")) and crossed)


def _type_of(gold: dict) -> str:
    return str(gold.get("type") or gold.get("event_type") or "")


def match_events(coded: pd.DataFrame, gold: list[dict]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(gold events with their best coded match, coded events of the gold's articles with whether
    their sentence holds a gold event). ``coded`` needs ``file`` and ``sentence`` columns."""
    gold_rows, coded_parts = [], []
    for article in gold:
        mine = coded[coded["file"] == article["file"]].reset_index(drop=True)
        events = article.get("events") or []
        used: set[int] = set()
        for event in events:
            candidates = [i for i, row in mine.iterrows()
                          if i not in used and _same_sentence(row["sentence"], event["sentence"])]
            ranked = sorted(candidates, key=lambda i: (
                -(mine.loc[i, "event_type"] == _type_of(event) and _sides_right(mine.loc[i], event)),
                -(mine.loc[i, "event_type"] == _type_of(event)), i))
            best = ranked[0] if ranked else None
            if best is not None:
                used.add(best)
            hit = mine.loc[best] if best is not None else None
            gold_type = _type_of(event)
            gold_rows.append({
                "file": article["file"], "sentence": event["sentence"], "gold_type": gold_type,
                "gold_actor": event.get("actor"), "gold_recipient": event.get("recipient"),
                "coded_type": None if hit is None else hit["event_type"],
                "coded_actor": None if hit is None else hit["actor"],
                "coded_recipient": None if hit is None else hit["recipient"],
                "found": hit is not None,
                "right_type": hit is not None and hit["event_type"] == gold_type,
                "right_quad": hit is not None and gold_type in ontology()["types"]
                and _quad(hit["event_type"]) == _quad(gold_type),
                "right_sides": hit is not None and hit["event_type"] == gold_type
                and _sides_right(hit, event),
                "conflict": gold_type in ontology()["types"] and is_conflict(gold_type),
                "conflict_found": hit is not None and gold_type in ontology()["types"]
                and is_conflict(gold_type) and is_conflict(hit["event_type"])})
        mine = mine.assign(in_event_sentence=[any(_same_sentence(s, e["sentence"]) for e in events)
                                              for s in mine["sentence"]])
        coded_parts.append(mine)
    coded_out = pd.concat(coded_parts, ignore_index=True) if coded_parts else coded.assign(
        in_event_sentence=pd.Series(dtype=bool))
    return pd.DataFrame(gold_rows), coded_out


def _quad(event_type: str) -> int:
    return int(ontology()["types"][event_type]["quad"])


def score_events(coded: pd.DataFrame, gold: list[dict]) -> pd.DataFrame:
    """The measures of the issue, with their counts: gold events found with the right type, with
    the right actor and recipient (either direction for a mutual gold event), conflictual gold
    events found as conflict, and coded events in sentences with no gold event."""
    matched, coded_out = match_events(coded, gold)
    n_gold, n_coded = len(matched), len(coded_out)
    n_conflict = int(matched["conflict"].sum()) if n_gold else 0

    def share(hits: int, total: int) -> float:
        return round(hits / total, 3) if total else float("nan")

    rows = [
        ("found in the right sentence", int(matched["found"].sum()) if n_gold else 0, n_gold),
        ("found with right quad class", int(matched["right_quad"].sum()) if n_gold else 0, n_gold),
        ("found with right type", int(matched["right_type"].sum()) if n_gold else 0, n_gold),
        ("found with right actor and recipient", int(matched["right_sides"].sum()) if n_gold else 0, n_gold),
        ("conflictual found as conflict", int(matched["conflict_found"].sum()) if n_gold else 0, n_conflict),
        ("coded events in sentences with no gold event",
         int((~coded_out["in_event_sentence"].astype(bool)).sum()) if n_coded else 0, n_coded),
    ]
    return pd.DataFrame([{"measure": m, "value": share(h, t), "hits": h, "of": t} for m, h, t in rows])


def with_files(events: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Events with the ``file`` name of their article (``articles.path``, else the doc_id)."""
    names = articles.drop_duplicates("doc_id").set_index("doc_id")
    column = names["path"] if "path" in names else pd.Series(names.index, index=names.index)
    return events.assign(file=events["doc_id"].map(column.map(lambda p: Path(str(p)).name)))


@lru_cache(maxsize=1)
def _default_pipeline():
    """The corpuskit pipeline, built once per process for coding gold texts."""
    from corpuskit.entities import build_pipeline

    return build_pipeline()


def code_gold_texts(gold: list[dict], nlp=None, **options) -> pd.DataFrame:
    """Code the ``text`` of each gold article (own test texts carry their text); one row per event
    with ``file`` and ``sentence``. ``nlp`` defaults to the corpuskit pipeline; ``options`` go to
    ``corpuskit.events.coder.code_doc``."""
    from corpuskit.events.coder import code_doc

    nlp = nlp or _default_pipeline()

    rows = []
    for article in gold:
        doc = nlp(article["text"])
        for event in code_doc(doc, **options):
            rows.append({"file": article["file"], **event,
                         "sentence": article["text"][event["sent_start"]:event["sent_end"]]})
    return pd.DataFrame(rows, columns=["file", "sentence", "event_type", "mode", "actor", "recipient",
                                       "mutual",
                                       "modality", "trigger", "confidence", "coder"])

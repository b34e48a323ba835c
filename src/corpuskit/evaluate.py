"""Score predictions against the hand-checked gold annotations in ``tests/gold/``.

>>> align_gold("Baku and Riga; Baku again.", [["Baku", "GPE", "AZE"], ["Baku", "GPE", "AZE"]])
[(0, 4, 'GPE', 'AZE'), (15, 19, 'GPE', 'AZE')]
>>> prf({1, 2, 3}, {2, 3, 4})["f1"]
0.667
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import pandas as pd
import yaml

from corpuskit.config import GOLD_DIR
from corpuskit.gazetteer import fold, same_person_spelling


def load_gold(name: str, folder: Path = GOLD_DIR) -> dict:
    """A gold file from ``tests/gold/`` (YAML)."""
    return yaml.safe_load((folder / f"{name}.yaml").read_text(encoding="utf-8"))


def align_gold(body: str, mentions: Sequence[Sequence[str]]) -> list[tuple[int, int, str, str]]:
    """Character spans of gold mentions listed in textual order: each is the next whole-word
    occurrence of its text after the previous one. Raises if a mention is not found."""
    spans, position = [], 0
    for text, label, canonical_id in mentions:
        match = re.compile(rf"(?<!\w){re.escape(text)}(?!\w)").search(body, position)
        if match is None:
            raise ValueError(f"gold mention {text!r} not found after offset {position}")
        spans.append((match.start(), match.end(), label, canonical_id))
        position = match.end()
    return spans


def prf(predicted: set, gold: set) -> dict[str, float]:
    """Precision, recall and F1 (rounded to 3 places) of two sets, with the counts."""
    tp = len(predicted & gold)
    precision = tp / len(predicted) if predicted else 0.0
    recall = tp / len(gold) if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3),
            "tp": tp, "fp": len(predicted) - tp, "fn": len(gold) - tp}


def gold_entity_spans(bodies: dict[str, str], name: str = "entities") -> dict[tuple, str]:
    """Gold entity spans ``(doc_id, start, end, label)`` -> canonical id, for the docs in ``bodies``."""
    return {(doc_id, start, end, label): canonical_id
            for doc_id, mentions in load_gold(name).items() if doc_id in bodies
            for start, end, label, canonical_id in align_gold(bodies[doc_id], mentions)}


def score_systems(gold: set, systems: dict[str, set]) -> pd.DataFrame:
    """One row of precision/recall/F1 per system, scored on exact span and label."""
    return pd.DataFrame([{"system": name, **prf(spans, gold)} for name, spans in systems.items()])


def trim_leading_the(bodies: dict[str, str], spans: set[tuple]) -> set[tuple]:
    """The same ``(doc_id, start, end, label)`` spans without a leading "the " (a fairer baseline)."""
    trimmed = set()
    for doc_id, start, end, label in spans:
        if bodies[doc_id][start:end].lower().startswith("the "):
            start += 4
        trimmed.add((doc_id, start, end, label))
    return trimmed


def gold_statements(bodies: dict[str, str], name: str = "narratives") -> pd.DataFrame:
    """Gold statements with the character offset of their sentence in the body (found from the
    sentence's opening words, so the gold survives changes in sentence splitting)."""
    rows = []
    for doc_id, sentences in load_gold(name).items():
        position = 0
        for sentence in sentences:
            offset = bodies[doc_id].find(sentence["check"], position)
            if offset < 0:
                raise ValueError(f"{doc_id}: gold sentence {sentence['check']!r} not found")
            position = offset
            rows += [{"doc_id": doc_id, "offset": offset, **s} for s in sentence["statements"]]
    return pd.DataFrame(rows, columns=["doc_id", "offset", "agent", "verb", "patient", "negated", "event"])


def in_sentence(statements: pd.DataFrame, sentences: pd.DataFrame) -> pd.Series:
    """The ``sent_id`` of each row's ``offset`` (a character offset into the body)."""
    ids = []
    for row in statements.itertuples():
        doc = sentences[sentences["doc_id"] == row.doc_id]
        ids.append(int(doc.loc[(doc["start_char"] <= row.offset) & (row.offset < doc["end_char"]),
                               "sent_id"].iloc[0]))
    return pd.Series(ids, index=statements.index, dtype=int)


def _triple_keys(frame: pd.DataFrame) -> set[tuple]:
    return {(r.doc_id, r.sent_id, r.agent, r.verb, r.patient if isinstance(r.patient, str) else None)
            for r in frame.itertuples()}


def _event_keys(frame: pd.DataFrame) -> set[tuple]:
    return {(r.doc_id, r.sent_id, r.agent, r.verb, r.event) for r in frame.itertuples()
            if isinstance(r.event, str)}


def score_narratives(predicted: pd.DataFrame, gold: pd.DataFrame) -> pd.DataFrame:
    """Precision/recall/F1 of triples (sentence, agent, verb, patient) and of event types
    (sentence, agent, verb, type) on the gold documents; both frames need ``sent_id`` and
    ``event``."""
    predicted = predicted[predicted["doc_id"].isin(set(gold["doc_id"]))]
    return pd.DataFrame([
        {"unit": "statements (agent, verb, patient)", **prf(_triple_keys(predicted), _triple_keys(gold))},
        {"unit": "events (agent, verb, type)", **prf(_event_keys(predicted), _event_keys(gold))},
    ])


# --- persons and partners against a development gold (tests/gold/dev/gold.yaml) -------------------
# A gold file lists articles: {file, published, source, language, partner, persons: [{name, country,
# role}], events: [...]}; only the persons and the partner are scored here.


def gold_articles(gold: dict | list) -> list[dict]:
    """The article entries of a gold file (a list, or a mapping holding one under ``articles``)."""
    if isinstance(gold, dict):
        gold = gold.get("articles", gold.get("entries", []))
    return list(gold)


def doc_ids_for(gold: dict | list, articles: pd.DataFrame | None = None) -> dict[str, str]:
    """Gold ``file`` -> the article's ``doc_id``: the article whose ``path`` ends with the file,
    else whose ``doc_id`` is the file or its stem.

    >>> arts = pd.DataFrame({"doc_id": ["a1"], "path": ["/x/articles/talks.txt"]})
    >>> doc_ids_for([{"file": "talks.txt"}, {"file": "other.txt"}], arts)
    {'talks.txt': 'a1', 'other.txt': 'other'}
    """
    by_name: dict[str, str] = {}
    if articles is not None and "path" in articles:
        by_name = {Path(str(p)).name: d for d, p in zip(articles["doc_id"], articles["path"], strict=True)}
    known = set(articles["doc_id"]) if articles is not None else set()
    out = {}
    for entry in gold_articles(gold):
        file = entry["file"]
        out[file] = by_name.get(Path(file).name) or (file if file in known else Path(file).stem)
    return out


def same_person(gold_name: str, mention: str) -> bool:
    """A predicted mention names a gold person: the same folded name, a close spelling of it
    (``same_person_spelling``), or the same surname with the same first initial (so "Prince
    Faisal bin Farhan" and "Faisal bin Farhan Al Saud" do not both need every word).

    >>> same_person("Péter Szijjártó", "Peter Szijjarto"), same_person("Ramiz Hasanov", "Zakir Hasanov")
    (True, False)
    """
    a, b = fold(gold_name), fold(mention)
    if not a or not b:
        return False
    if a == b or same_person_spelling(a, b):
        return True
    wa, wb = a.split(), b.split()
    shared = set(wa) & set(wb)
    return len(wa) > 1 and len(wb) > 1 and wa[0][0] == wb[0][0] and len(shared) >= 2


def _most_common(values: pd.Series) -> str | None:
    values = values.dropna()
    return values.value_counts(sort=True).index[0] if len(values) else None


def person_matches(entities: pd.DataFrame, gold: dict | list,
                   articles: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per gold person and per predicted person not in the gold: ``file``, gold name,
    country and role, the predicted actor (``canonical_name``), its country (or organisation)
    and role (the most frequent over its mentions in the article), and ``found``."""
    doc_ids = doc_ids_for(gold, articles)
    people = entities[entities["label"] == "PERSON"]
    rows = []
    for entry in gold_articles(gold):
        mentions = people[people["doc_id"] == doc_ids[entry["file"]]]
        predicted = {cid: group for cid, group in mentions.groupby("canonical_id", sort=True)}
        used: set[str] = set()
        for person in entry.get("persons") or []:
            hit = next((cid for cid, group in predicted.items() if cid not in used
                        and any(same_person(person["name"], text) for text in _spellings(group))), None)
            row = {"file": entry["file"], "gold_name": person["name"], "gold_country": person.get("country"),
                   "gold_role": person.get("role"), "found": hit is not None}
            if hit is not None:
                used.add(hit)
                row.update(_predicted(predicted[hit]))
            rows.append(row)
        for cid in sorted(set(predicted) - used):
            rows.append({"file": entry["file"], "gold_name": None, "found": False,
                         **_predicted(predicted[cid])})
    columns = ["file", "gold_name", "gold_country", "gold_role", "found", "name", "country", "role"]
    return pd.DataFrame(rows, columns=columns)


def _spellings(group: pd.DataFrame) -> set[str]:
    return {*group["text"], *group["canonical_name"]}


def _predicted(group: pd.DataFrame) -> dict:
    country = _most_common(group["country_iso3"])
    if country is None and "organisation" in group:
        country = _most_common(group["organisation"])
    return {"name": group["canonical_name"].iloc[0], "country": country, "role": _most_common(group["role"])}


def _share(numerator: int, denominator: int) -> float:
    return round(numerator / denominator, 3) if denominator else float("nan")


def score_persons(entities: pd.DataFrame, gold: dict | list, articles: pd.DataFrame | None = None
                  ) -> pd.DataFrame:
    """Persons against the gold: found (recall), precision (predicted persons that are gold
    persons), and among the found the country and the role right; one row per measure with
    its counts (``right`` of ``n``).

    >>> ents = pd.DataFrame({"doc_id": ["a"] * 3, "label": ["PERSON"] * 3,
    ...     "text": ["Ana Lima", "Lima", "Worthy"], "canonical_id": ["ana_lima", "ana_lima", "worthy"],
    ...     "canonical_name": ["Ana Lima", "Ana Lima", "Worthy"], "country_iso3": ["PRT", None, None],
    ...     "role": ["foreign minister", None, None]})
    >>> gold = [{"file": "a.txt", "persons": [{"name": "Ana Lima", "country": "PRT", "role": "ambassador"}]}]
    >>> score_persons(ents, gold)[["measure", "right", "n"]].values.tolist()
    [['persons found', 1, 1], ['precision', 1, 2], ['country right', 1, 1], ['role right', 0, 1]]
    """
    table = person_matches(entities, gold, articles)
    in_gold = table[table["gold_name"].notna()]
    found = in_gold[in_gold["found"]]
    predicted = table[table["name"].notna()]
    measures = [("persons found", int(in_gold["found"].sum()), len(in_gold)),
                ("precision", int(predicted["found"].sum()), len(predicted)),
                ("country right", int((found["country"] == found["gold_country"]).sum()), len(found)),
                ("role right", int((found["role"] == found["gold_role"]).sum()), len(found))]
    return pd.DataFrame([{"measure": m, "right": r, "n": n, "share": _share(r, n)} for m, r, n in measures])


def _partner_code(value) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return None
    return re.split(r"[–—-]", value.strip())[-1].strip().upper()


def partner_matches(articles: pd.DataFrame, gold: dict | list) -> pd.DataFrame:
    """One row per gold article: gold partner, predicted ``partner_iso3``, and whether they agree."""
    doc_ids = doc_ids_for(gold, articles)
    predicted = articles.set_index("doc_id")["partner_iso3"].to_dict()
    rows = [{"file": e["file"], "gold_partner": _partner_code(e.get("partner")),
             "partner": predicted.get(doc_ids[e["file"]])} for e in gold_articles(gold)]
    table = pd.DataFrame(rows, columns=["file", "gold_partner", "partner"])
    return table.assign(right=[g == p for g, p in zip(table["gold_partner"], table["partner"], strict=True)])


def score_partners(articles: pd.DataFrame, gold: dict | list) -> pd.DataFrame:
    """Partner of each article against the gold (``partner`` as ISO3 or an "AZE–POL" dyad; none
    must be predicted as none): right of n.

    >>> arts = pd.DataFrame({"doc_id": ["a", "b"], "partner_iso3": ["POL", "ARM"]})
    >>> score_partners(arts, [{"file": "a.txt", "partner": "POL"}, {"file": "b.txt", "partner": "AZE–HUN"}])
       measure  right  n  share
    0  partner      1  2    0.5
    """
    table = partner_matches(articles, gold)
    right = int(table["right"].sum())
    return pd.DataFrame([{"measure": "partner", "right": right, "n": len(table),
                          "share": _share(right, len(table))}])


_MFA = re.compile(r"\bmfa\b")
_OF = re.compile(r"\bof\b ?")


def _same_source(predicted, gold: str | None) -> bool:
    """A predicted source names the gold outlet: the same canonical outlet, or one name inside the
    other once folded, "MFA" read as "Ministry of Foreign Affairs".

    >>> _same_source("Ministry of Foreign Affairs of Pakistan", "MFA Pakistan"), _same_source(None, "Trend")
    (True, False)
    """
    if gold is None or pd.isna(predicted):
        return gold is None and pd.isna(predicted)
    from corpuskit.sources import canonical_outlet

    said, truth = (_OF.sub("", _MFA.sub("ministry foreign affairs", fold(canonical_outlet(name)))).strip()
                   for name in (str(predicted), gold))
    return bool(said) and (said == truth or said in truth or truth in said)


METADATA_COLUMNS = ["file", "published", "gold_published", "date", "source", "gold_source", "source_right",
                    "language", "gold_language", "language_right"]


def metadata_matches(articles: pd.DataFrame, gold: dict | list) -> pd.DataFrame:
    """One row per gold article: the parsed date, source and language beside the gold's, and a
    verdict for each (``date``: right / wrong / missing / invented; a missing date is not wrong).

    >>> arts = pd.DataFrame({"doc_id": ["a"], "path": ["a.txt"], "published": [pd.Timestamp("2024-03-04")],
    ...                      "source": ["Trend"], "language": ["en"]})
    >>> gold = [{"file": "a.txt", "published": "2024-03-04", "source": "Trend", "language": "en"}]
    >>> metadata_matches(arts, gold)[["date", "source_right", "language_right"]].values.tolist()
    [['right', True, True]]
    """
    ids = doc_ids_for(gold, articles)
    by_id = articles.set_index("doc_id")
    rows = []
    for entry in gold_articles(gold):
        article = by_id.loc[ids[entry["file"]]]
        parsed = None if pd.isna(article["published"]) else pd.Timestamp(article["published"]).date()
        truth = None if entry["published"] is None else pd.Timestamp(str(entry["published"])).date()
        date = ("right" if parsed == truth else "missing" if parsed is None
                else "invented" if truth is None else "wrong")
        rows.append({"file": entry["file"], "published": parsed, "gold_published": truth, "date": date,
                     "source": article["source"], "gold_source": entry["source"],
                     "source_right": _same_source(article["source"], entry["source"]),
                     "language": article["language"], "gold_language": entry["language"],
                     "language_right": article["language"] == entry["language"]})
    return pd.DataFrame(rows, columns=METADATA_COLUMNS)


def score_metadata(matches: pd.DataFrame) -> pd.DataFrame:
    """Counts behind ``metadata_matches``: dates right / missing / wrong (wrong includes a date
    given where the gold has none), sources right (of the articles that name one, and of all),
    languages right."""
    named = matches["gold_source"].notna()
    rows = [("dates right", int((matches["date"] == "right").sum()), len(matches)),
            ("dates missing", int((matches["date"] == "missing").sum()), len(matches)),
            ("dates wrong", int(matches["date"].isin(["wrong", "invented"]).sum()), len(matches)),
            ("sources right (named in the text)", int(matches.loc[named, "source_right"].sum()),
             int(named.sum())),
            ("sources right (all)", int(matches["source_right"].sum()), len(matches)),
            ("languages right", int(matches["language_right"].sum()), len(matches))]
    table = pd.DataFrame(rows, columns=["measure", "hits", "of"])
    shares = [round(hit / n, 3) if n else float("nan")
              for hit, n in zip(table["hits"], table["of"], strict=True)]
    return table.assign(share=shares)

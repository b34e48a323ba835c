"""Dyad timelines: Azerbaijan's events with each partner, per year, as cooperation vs. conflict.

>>> import pandas as pd
>>> events = pd.DataFrame({"date": pd.to_datetime(["2023-01-05", "2023-02-01", "2024-03-01"]),
...     "event_type": ["CONSULT", "ACCUSE", "ASSAULT"], "mode": [None, "allege", None],
...     "actor": ["AZE", "AZE", "ARM"], "recipient": ["FRA", "FRA", "AZE"], "same_as": [None] * 3,
...     "modality": [None] * 3, "event_id": ["a", "b", "c"]})
>>> dyad_years(events)[["partner", "year", "n", "cooperation", "conflict", "balance"]].to_dict("records")[0]
{'partner': 'ARM', 'year': 2024, 'n': 1, 'cooperation': 0, 'conflict': 1, 'balance': -9.0}
"""

from __future__ import annotations

import pandas as pd

from corpuskit.config import FOCUS_COUNTRY
from corpuskit.events.ontology import quad_class, score

COUNTED_MODALITIES = (None,)  # negated, future, conditional and hoped-for acts did not happen


def dyad_events(events: pd.DataFrame, focus: str = FOCUS_COUNTRY) -> pd.DataFrame:
    """Events that happened between ``focus`` and one partner, each act once (no ``same_as``),
    with ``partner``, ``year``, ``quad_class`` and ``plover_score``."""
    happened = events[events["same_as"].isna() & events["modality"].isna()]
    partner = happened["recipient"].where(happened["actor"] == focus, happened["actor"].where(
        happened["recipient"] == focus))
    frame = happened.assign(partner=partner).dropna(subset=["partner", "date"])
    frame = frame[frame["partner"] != focus]
    return frame.assign(
        year=pd.to_datetime(frame["date"]).dt.year.astype(int),
        quad_class=[quad_class(t) for t in frame["event_type"]],
        plover_score=[score(t, m if isinstance(m, str) else None)
                      for t, m in zip(frame["event_type"], frame["mode"], strict=True)])


def dyad_years(events: pd.DataFrame, focus: str = FOCUS_COUNTRY) -> pd.DataFrame:
    """Per partner and year: events (n), cooperative and conflictual counts, the four PLOVER quad
    classes, and the balance (mean PLOVER conflict-cooperation score, -10..+10)."""
    frame = dyad_events(events, focus)
    columns = ["partner", "year", "n", "cooperation", "conflict", "q1_verbal_coop", "q2_material_coop",
               "q3_verbal_conflict", "q4_material_conflict", "balance"]
    if frame.empty:
        return pd.DataFrame(columns=columns)
    grouped = frame.groupby(["partner", "year"])
    table = grouped.agg(n=("event_id", "size"), balance=("plover_score", "mean")).reset_index()
    quads = frame.pivot_table(index=["partner", "year"], columns="quad_class", values="event_id",
                              aggfunc="size", fill_value=0).reindex(columns=[1, 2, 3, 4], fill_value=0)
    quads.columns = columns[5:9]
    table = table.merge(quads.reset_index(), on=["partner", "year"])
    table["cooperation"] = table["q1_verbal_coop"] + table["q2_material_coop"]
    table["conflict"] = table["q3_verbal_conflict"] + table["q4_material_conflict"]
    table["balance"] = table["balance"].round(2)
    return table[columns].sort_values(["partner", "year"], ignore_index=True)

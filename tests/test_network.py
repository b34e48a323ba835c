"""Actor networks: outlets are credited, not actors; figures stay legible."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import pandas as pd

from corpuskit.network import cooccurrence_graph, outlet_ids, plot_network


def _mentions(rows: list[tuple[int, str, str]]) -> pd.DataFrame:
    return pd.DataFrame([{"doc_id": "d", "sent_id": s, "label": "ORG" if cid in outlet_ids() else "PERSON",
                          "canonical_id": cid, "canonical_name": name} for s, cid, name in rows])


def test_an_outlet_is_not_an_actor_of_the_network():
    outlet = sorted(outlet_ids())[0]
    graph = cooccurrence_graph(_mentions([(0, "a", "A"), (0, "b", "B"), (0, outlet, "Outlet")]))
    assert set(graph) == {"A", "B"} and graph.edges["A", "B"]["weight"] == 1


def test_only_the_most_mentioned_actors_are_named_and_n_is_in_the_title():
    rows = [(s, f"p{i}", f"P{i}") for s in range(3) for i in range(s * 10, s * 10 + 12)]
    graph = cooccurrence_graph(_mentions(rows))
    ax = plot_network(graph, title="Actors", max_labels=5)
    assert len([t for t in ax.texts if t.get_text()]) == 5
    assert f"n = {len(graph)} actors" in ax.get_title()

"""Actor co-occurrence networks: who is named together in the same sentence.

>>> import pandas as pd
>>> ents = pd.DataFrame({"doc_id": ["d"] * 3, "sent_id": [0, 0, 1], "label": ["PERSON"] * 3,
...                      "canonical_name": ["A", "B", "A"]})
>>> sorted(cooccurrence_graph(ents).edges(data="weight"))
[('A', 'B', 1)]
"""

from __future__ import annotations

from itertools import combinations

import matplotlib.pyplot as plt
import networkx as nx
import pandas as pd
from matplotlib.axes import Axes

ACTOR_LABELS = ("PERSON", "ORG")
MAX_LABELS = 25  # actors named on the figure (the most mentioned): more would overlap


def outlet_ids() -> set[str]:
    """Canonical ids of the news outlets (``sources.yaml``): credited in the text, not actors."""
    from corpuskit.gazetteer import slug
    from corpuskit.sources import source_table

    return {slug(outlet) for outlet in source_table()["outlets"]}


def cooccurrence_graph(entities: pd.DataFrame, labels: tuple[str, ...] = ACTOR_LABELS) -> nx.Graph:
    """Undirected graph of actors (outlets left out); an edge's ``weight`` counts the sentences
    naming both."""
    graph = nx.Graph()
    actors = entities[entities["label"].isin(labels)]
    if "canonical_id" in actors:
        actors = actors[~actors["canonical_id"].isin(outlet_ids())]
    kinds = actors.groupby("canonical_name")["label"].first()
    for name, count in actors["canonical_name"].value_counts().sort_index().items():
        graph.add_node(name, mentions=int(count), label=kinds[name])
    for _, sentence in actors.groupby(["doc_id", "sent_id"]):
        for a, b in combinations(sorted(set(sentence["canonical_name"])), 2):
            weight = graph.get_edge_data(a, b, {"weight": 0})["weight"]
            graph.add_edge(a, b, weight=weight + 1)
    return graph


def plot_network(graph: nx.Graph, ax: Axes | None = None, title: str = "",
                 max_labels: int = MAX_LABELS) -> Axes:
    """Draw the actors linked to at least one other: size by mentions, width by shared sentences;
    the ``max_labels`` most mentioned are named, and the title gives n."""
    ax = ax or plt.subplots(figsize=(11, 8))[1]
    graph = graph.subgraph(n for n in graph if graph.degree(n) > 0)
    position = nx.kamada_kawai_layout(graph)
    widths = [graph.edges[e]["weight"] for e in graph.edges]
    nx.draw_networkx_edges(graph, position, ax=ax, width=widths, alpha=0.4)
    for label, colour in zip(sorted({graph.nodes[n]["label"] for n in graph}), plt.cm.tab10.colors,
                             strict=False):
        nodes = [n for n in graph if graph.nodes[n]["label"] == label]
        sizes = [60 * graph.nodes[n]["mentions"] for n in nodes]
        nx.draw_networkx_nodes(graph, position, nodelist=nodes, ax=ax, alpha=0.8, label=label,
                               node_color=[colour], node_size=sizes)
    named = sorted(graph, key=lambda n: (-graph.nodes[n]["mentions"], n))[:max_labels]
    nx.draw_networkx_labels(graph, position, labels={n: n for n in named}, ax=ax, font_size=8)
    ax.legend(loc="lower left", markerscale=0.5)
    ax.set_title(f"{title} (n = {len(graph)} actors, {graph.number_of_edges()} links; "
                 f"the {len(named)} most mentioned named)")
    ax.axis("off")
    return ax

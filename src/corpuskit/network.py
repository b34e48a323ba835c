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

from corpuskit.config import SEED

ACTOR_LABELS = ("PERSON", "ORG")


def cooccurrence_graph(entities: pd.DataFrame, labels: tuple[str, ...] = ACTOR_LABELS) -> nx.Graph:
    """Undirected graph of actors; an edge's ``weight`` counts the sentences naming both."""
    graph = nx.Graph()
    actors = entities[entities["label"].isin(labels)]
    for name, count in actors["canonical_name"].value_counts().sort_index().items():
        graph.add_node(name, mentions=int(count))
    for _, sentence in actors.groupby(["doc_id", "sent_id"]):
        for a, b in combinations(sorted(set(sentence["canonical_name"])), 2):
            weight = graph.get_edge_data(a, b, {"weight": 0})["weight"]
            graph.add_edge(a, b, weight=weight + 1)
    return graph


def plot_network(graph: nx.Graph, ax: Axes | None = None, title: str = "") -> Axes:
    """Draw a co-occurrence graph: node size by mentions, edge width by shared sentences."""
    ax = ax or plt.subplots(figsize=(9, 7))[1]
    position = nx.spring_layout(graph, seed=SEED, weight="weight")
    sizes = [80 * graph.nodes[n].get("mentions", 1) for n in graph]
    widths = [graph.edges[e]["weight"] for e in graph.edges]
    nx.draw_networkx_edges(graph, position, ax=ax, width=widths, alpha=0.4)
    nx.draw_networkx_nodes(graph, position, ax=ax, node_size=sizes, node_color="tab:blue", alpha=0.8)
    nx.draw_networkx_labels(graph, position, ax=ax, font_size=8)
    ax.set_title(title)
    ax.axis("off")
    return ax

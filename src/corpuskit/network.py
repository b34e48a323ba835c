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


def cooccurrence_graph(entities: pd.DataFrame, labels: tuple[str, ...] = ACTOR_LABELS) -> nx.Graph:
    """Undirected graph of actors; an edge's ``weight`` counts the sentences naming both."""
    graph = nx.Graph()
    actors = entities[entities["label"].isin(labels)]
    kinds = actors.groupby("canonical_name")["label"].first()
    for name, count in actors["canonical_name"].value_counts().sort_index().items():
        graph.add_node(name, mentions=int(count), label=kinds[name])
    for _, sentence in actors.groupby(["doc_id", "sent_id"]):
        for a, b in combinations(sorted(set(sentence["canonical_name"])), 2):
            weight = graph.get_edge_data(a, b, {"weight": 0})["weight"]
            graph.add_edge(a, b, weight=weight + 1)
    return graph


def plot_network(graph: nx.Graph, ax: Axes | None = None, title: str = "") -> Axes:
    """Draw the actors linked to at least one other: size by mentions, width by shared sentences."""
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
    nx.draw_networkx_labels(graph, position, ax=ax, font_size=8)
    ax.legend(loc="lower left", markerscale=0.5)
    ax.set_title(title)
    ax.axis("off")
    return ax


def _node(actor: str | None, country: str | None, is_actor: bool) -> str | None:
    return actor if is_actor else country


def event_graph(events: pd.DataFrame, types: tuple[str, ...]) -> nx.DiGraph:
    """Directed graph source -> target of events of ``types``. A node is the actor when the
    argument names one, else the country its phrase names ("the Belgian official": BEL); events
    with no actor or country on either side are left out. An edge's ``weight`` counts events and
    ``types`` lists them."""
    graph = nx.DiGraph()
    chosen = events[events["event_type"].isin(types)]
    for row in chosen.sort_values(["doc_id", "sent_id"]).itertuples():
        source = _node(row.source_actor, row.source_country, row.source_is_actor)
        target = _node(row.target_actor, row.target_country, row.target_is_actor)
        if not isinstance(source, str) or not isinstance(target, str) or source == target:
            continue
        data = graph.get_edge_data(source, target, {"weight": 0, "types": ""})
        kinds = sorted(set(filter(None, data["types"].split(", "))) | {row.event_type})
        graph.add_edge(source, target, weight=data["weight"] + 1, types=", ".join(kinds))
    return graph


def plot_directed(graph: nx.DiGraph, title: str, ax: Axes | None = None) -> Axes:
    """Draw a directed event graph with edge labels naming the event types."""
    ax = ax or plt.subplots(figsize=(10, 6))[1]
    position = nx.kamada_kawai_layout(graph) if len(graph) > 2 else nx.circular_layout(graph)
    nx.draw_networkx(graph, position, ax=ax, node_color="tab:orange", node_size=900, font_size=8,
                     width=[graph.edges[e]["weight"] for e in graph.edges], arrowsize=15,
                     connectionstyle="arc3,rad=0.1")
    nx.draw_networkx_edge_labels(graph, position, ax=ax, font_size=7,
                                 edge_labels={e: graph.edges[e]["types"] for e in graph.edges})
    ax.set_title(title)
    ax.axis("off")
    return ax

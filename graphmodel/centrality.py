"""Node metrics of one window's agreement graph.

Strength, eigenvector and PageRank use agreement as weight; betweenness and closeness use the
distance 1 − agreement (a short path is a chain of close partners). The participation
coefficient (Guimerà & Amaral 2005, Nature 433:895) measures how evenly a country's agreement
spreads over the blocs: high values mark the brokers.
"""
from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd
from scipy.sparse.csgraph import shortest_path


def participation(graph: nx.Graph, blocs: list[set], *, weight: str = "weight",
                  weights: np.ndarray | None = None) -> dict:
    """P_i = 1 − Σ_s (k_is / k_i)², k_is the strength of i towards bloc s."""
    nodes = list(graph)
    w = weights if weights is not None else nx.to_numpy_array(graph, nodelist=nodes, weight=weight)
    w = np.clip(np.nan_to_num(w), 0, None)
    member = np.zeros((len(nodes), len(blocs)))
    index = {v: i for i, v in enumerate(nodes)}
    for b, bloc in enumerate(blocs):
        member[[index[v] for v in bloc if v in index], b] = 1
    towards = w @ member
    strength = towards.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        value = 1 - ((towards / strength[:, None]) ** 2).sum(axis=1)
    return dict(zip(nodes, np.nan_to_num(value)))


def node_metrics(graph: nx.Graph, blocs: list[set] | None = None, *, distance_graph: nx.Graph | None = None,
                 weight: str = "weight", weights: np.ndarray | None = None) -> pd.DataFrame:
    """One row per country: strength, eigenvector, pagerank, betweenness, closeness, participation.

    ``distance_graph`` (a backbone, say) is used for betweenness, where the complete graph would
    make every shortest path a direct edge; closeness uses the complete graph's distances.
    ``weights`` (the weight matrix in ``graph``'s node order) skips rebuilding it from the graph.
    """
    nodes = list(graph)
    w = weights if weights is not None else nx.to_numpy_array(graph, nodelist=nodes, weight=weight)
    w = np.clip(np.nan_to_num(w), 0, None)
    table = pd.DataFrame(index=pd.Index(nodes, name="iso3"))
    table["strength"] = w.sum(axis=1)
    table["eigenvector"] = _eigenvector(w)
    table["pagerank"] = pagerank(w)
    distance = np.where(w > 0, 1 - np.minimum(w, 1) + 1e-9, 0)
    paths = shortest_path(distance, directed=False)
    with np.errstate(divide="ignore"):
        reachable = np.isfinite(paths) & (paths > 0)
        table["closeness"] = reachable.sum(axis=1) / np.where(reachable, paths, 0).sum(axis=1)
    between_graph = distance_graph if distance_graph is not None else graph
    for u, v, d in between_graph.edges(data=True):
        d["distance"] = 1 - min(d.get(weight, 0), 1) + 1e-9
    table["betweenness"] = pd.Series(nx.betweenness_centrality(between_graph, weight="distance", normalized=True))
    if blocs is not None:
        table["participation"] = pd.Series(participation(graph, blocs, weights=w))
    return table


def pagerank(w: np.ndarray, damping: float = 0.85, tol: float = 1e-10, max_iter: int = 200) -> np.ndarray:
    """Weighted PageRank (Brin & Page 1998) by power iteration on the whole matrix; equals
    ``nx.pagerank`` on the same graph (dangling nodes spread uniformly)."""
    size = len(w)
    out = w.sum(axis=1)
    transition = np.divide(w, out[:, None], out=np.zeros_like(w), where=out[:, None] > 0)
    dangling = out == 0
    rank = np.full(size, 1 / size)
    for _ in range(max_iter):
        new = damping * (rank @ transition + rank[dangling].sum() / size) + (1 - damping) / size
        if np.abs(new - rank).sum() < tol * size:
            return new
        rank = new
    return rank


def _eigenvector(w: np.ndarray) -> np.ndarray:
    """Leading eigenvector of the symmetric weight matrix (numpy, not power iteration in Python)."""
    if not w.any():
        return np.zeros(len(w))
    values, vectors = np.linalg.eigh(w)
    leading = np.abs(vectors[:, np.argmax(values)])
    return leading / np.linalg.norm(leading)

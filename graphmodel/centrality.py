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

from .communities import bloc_indicator, igraph_from_matrix
from .graphs import as_matrix


def participation(graph, blocs: list[set], *, weight: str = "weight") -> dict:
    """P_i = 1 − Σ_s (k_is / k_i)², k_is the strength of i towards bloc s.

    >>> import networkx as nx
    >>> g = nx.Graph([("a", "b"), ("a", "c")])
    >>> participation(g, [{"a", "b"}, {"c"}])["a"]
    0.5
    """
    nodes, w = as_matrix(graph, weight)
    w = np.clip(w, 0, None)
    towards = w @ bloc_indicator(nodes, blocs)
    strength = towards.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        value = 1 - ((towards / strength[:, None]) ** 2).sum(axis=1)
    return dict(zip(nodes, np.nan_to_num(value).tolist()))


def node_metrics(
    graph, blocs: list[set] | None = None, *, distance_graph: nx.Graph | None = None, weight: str = "weight"
) -> pd.DataFrame:
    """One row per country: strength, eigenvector, pagerank, betweenness, closeness, participation.

    ``graph`` is a networkx graph or a square agreement DataFrame. ``distance_graph`` (a
    backbone, say) is used for betweenness, where the complete graph would make every shortest
    path a direct edge; closeness uses the complete graph's distances. Betweenness runs in
    igraph's C code (Brandes 2001); path lengths equal within igraph's 1e-10 tolerance count
    as ties, where networkx would pick one by float rounding.
    """
    nodes, w = as_matrix(graph, weight)
    w = np.clip(w, 0, None)
    table = pd.DataFrame(index=pd.Index(nodes, name="iso3"))
    table["strength"] = w.sum(axis=1)
    table["eigenvector"] = _eigenvector(w)
    table["pagerank"] = pagerank(w)
    distance = np.where(w > 0, 1 - np.minimum(w, 1) + 1e-9, 0)
    paths = shortest_path(distance, directed=False)
    with np.errstate(divide="ignore"):
        reachable = np.isfinite(paths) & (paths > 0)
        table["closeness"] = reachable.sum(axis=1) / np.where(reachable, paths, 0).sum(axis=1)
    if distance_graph is None:
        between_nodes, between_w = nodes, w
    else:
        between_nodes, between_w = as_matrix(distance_graph, weight)
        between_w = np.clip(between_w, 0, None)
    table["betweenness"] = pd.Series(betweenness(between_w), index=between_nodes)
    if blocs is not None:
        table["participation"] = pd.Series(participation(pd.DataFrame(w, index=nodes, columns=nodes), blocs))
    return table


def betweenness(w: np.ndarray) -> np.ndarray:
    """Normalised shortest-path betweenness on distance 1 − weight (edges where weight > 0),
    on the scale of ``nx.betweenness_centrality(normalized=True)``."""
    size = len(w)
    if size < 3:
        return np.zeros(size)
    g, weights = igraph_from_matrix(w)
    raw = np.array(g.betweenness(weights=(1 - np.minimum(weights, 1) + 1e-9).tolist(), directed=False))
    return raw * 2 / ((size - 1) * (size - 2))


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

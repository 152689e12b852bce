"""Node metrics of one window's agreement graph.

Strength, eigenvector and PageRank use agreement as weight; betweenness and closeness use the
distance 1 − agreement (a short path is a chain of close partners). On a complete agreement
graph almost every shortest path is the direct edge, so both path metrics run on a sparse
backbone by default (the k-nearest-neighbour one in the engine): betweenness then finds the
brokers between blocs and closeness how few strong ties separate a country from everyone else.
``closeness="complete"`` keeps the complete graph's meaning (distance to every other country).
The participation coefficient (Guimerà & Amaral 2005, Nature 433:895) measures how evenly a
country's agreement spreads over the blocs: high values mark the brokers.
"""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd
from scipy.sparse.linalg import eigsh

from .communities import bloc_indicator, igraph_from_matrix
from .errors import GraphmodelError
from .graphs import as_matrix

CLOSENESS = ("backbone", "complete")
#: Added to every distance so that a pair with agreement 1 is still an edge of positive length.
EPSILON = 1e-9


def participation(graph, blocs: list[set], *, weight: str = "weight") -> dict:
    """P_i = 1 − Σ_s (k_is / k_i)², k_is the strength of i towards bloc s.

    >>> import networkx as nx
    >>> g = nx.Graph([("a", "b"), ("a", "c")])
    >>> participation(g, [{"a", "b"}, {"c"}])["a"]
    0.5
    """
    nodes, w = as_matrix(graph, weight)
    return dict(zip(nodes, participation_matrix(np.clip(w, 0, None), bloc_indicator(nodes, blocs)).tolist()))


def participation_matrix(w: np.ndarray, member: np.ndarray) -> np.ndarray:
    """Participation coefficient from a non-negative weight matrix and a country × bloc 0/1 matrix."""
    towards = w @ member
    strength = towards.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        value = 1 - ((towards / strength[:, None]) ** 2).sum(axis=1)
    return np.nan_to_num(value)


def node_metrics(
    graph,
    blocs: list[set] | None = None,
    *,
    distance_graph: nx.Graph | None = None,
    weight: str = "weight",
    closeness: str = "backbone",
) -> pd.DataFrame:
    """One row per country: strength, eigenvector, pagerank, closeness, betweenness, participation.

    ``graph`` is a networkx graph or a square agreement DataFrame. ``distance_graph`` (a
    backbone, say) is used for betweenness, where the complete graph would make every shortest
    path a direct edge, and for closeness unless ``closeness="complete"`` (distances on the
    complete graph, the meaning before version 0.2). Betweenness and closeness run in igraph's
    C code (Brandes 2001); path lengths equal within igraph's 1e-10 tolerance count as ties,
    where networkx would pick one by float rounding.
    """
    nodes, w = as_matrix(graph, weight)
    skeleton = None
    if distance_graph is not None:
        between_nodes, skeleton = as_matrix(distance_graph, weight)
        if between_nodes != nodes:
            order = pd.Index(between_nodes).get_indexer(nodes)
            if (order < 0).any():
                raise GraphmodelError("the distance graph must have the same nodes as the graph")
            skeleton = skeleton[np.ix_(order, order)]
    member = bloc_indicator(nodes, blocs) if blocs is not None else None
    columns = metrics(w, member, skeleton, closeness=closeness)
    return pd.DataFrame(columns, index=pd.Index(nodes, name="iso3"))


def metrics(
    w: np.ndarray, member: np.ndarray | None = None, skeleton: np.ndarray | None = None, *, closeness: str = "backbone"
) -> dict[str, np.ndarray]:
    """:func:`node_metrics` on arrays: ``w`` the agreement weights (NaN-free, zero diagonal),
    ``member`` a country × bloc 0/1 matrix (or None), ``skeleton`` the backbone's weights in the
    same node order (or None: the complete graph). Returns one array per metric."""
    if closeness not in CLOSENESS:
        raise GraphmodelError(f"unknown closeness {closeness!r}: use one of {', '.join(CLOSENESS)}")
    w = np.clip(w, 0, None)
    paths = w if skeleton is None else np.clip(skeleton, 0, None)
    # Both path metrics run Dijkstra on the same distance graph: build it once.
    graph = _distance_graph(paths) if len(paths) >= 2 else None
    out = {
        "strength": w.sum(axis=1),
        "eigenvector": eigenvector(w),
        "pagerank": pagerank(w),
        "closeness": closeness_centrality(paths, graph) if closeness == "backbone" else closeness_centrality(w),
        "betweenness": betweenness(paths, graph),
    }
    if member is not None:
        out["participation"] = participation_matrix(w, member)
    return out


def _distance_graph(w: np.ndarray):
    g, weights = igraph_from_matrix(w)
    return g, 1 - np.minimum(weights, 1) + EPSILON


def betweenness(w: np.ndarray, graph: tuple | None = None) -> np.ndarray:
    """Normalised shortest-path betweenness on distance 1 − weight (edges where weight > 0),
    on the scale of ``nx.betweenness_centrality(normalized=True)``. ``graph``: the igraph graph
    and distances of ``w`` when already built."""
    size = len(w)
    if size < 3:
        return np.zeros(size)
    g, distance = graph or _distance_graph(w)
    raw = np.array(g.betweenness(weights=distance, directed=False))
    return raw * 2 / ((size - 1) * (size - 2))


def closeness_centrality(w: np.ndarray, graph: tuple | None = None) -> np.ndarray:
    """Closeness on distance 1 − weight (edges where weight > 0): the number of countries a
    country reaches over the sum of its shortest distances to them (NaN when it reaches none).

    Equals ``nx.closeness_centrality(g, distance=..., wf_improved=False)`` on a connected graph.
    """
    size = len(w)
    if size < 2:
        return np.full(size, np.nan)
    g, distance = graph or _distance_graph(w)
    # igraph averages over the reachable vertices only, which is the formula above.
    return np.array(g.closeness(weights=distance, normalized=True), dtype=float)


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


def eigenvector(w: np.ndarray, *, tol: float = 1e-13, max_iter: int = 1000) -> np.ndarray:
    """Leading eigenvector of a symmetric non-negative weight matrix, unit length, non-negative.

    Only the top eigenpair is needed, so this runs power iteration (matrix–vector products)
    instead of a full eigendecomposition: agreement matrices are dense and positive, the
    leading eigenvalue is far above the second, and a few dozen products converge to 1e-13.
    The iteration runs on w + I (same eigenvectors, every eigenvalue shifted up) so that a
    bipartite-like spectrum (−λ₁ also an eigenvalue) cannot make it oscillate; when it has not
    converged after ``max_iter`` products (a near-tie of the top two eigenvalues, e.g. two
    disconnected blocs of equal weight), ARPACK's Lanczos (``scipy.sparse.linalg.eigsh``) decides.
    """
    size = len(w)
    if not w.any():
        return np.zeros(size)
    vector = np.full(size, 1 / np.sqrt(size))
    for _ in range(max_iter):
        new = w @ vector + vector
        new /= np.linalg.norm(new)
        if np.abs(new - vector).max() < tol:
            return np.abs(new)
        vector = new
    if size < 3:
        values, vectors = np.linalg.eigh(w)
        leading = vectors[:, np.argmax(values)]
    else:
        _, vectors = eigsh(w, k=1, which="LA", v0=vector)
        leading = vectors[:, 0]
    leading = np.abs(leading)
    return leading / np.linalg.norm(leading)

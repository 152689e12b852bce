"""Blocs: community detection on a window's agreement graph, and naming them from data.

Methods: Louvain (Blondel et al. 2008; ``louvain`` runs igraph's C implementation, about 30×
faster than ``louvain-nx``, networkx's pure-Python one, on these dense graphs), Leiden (Traag, Waltman & van Eck 2019,
leidenalg), greedy modularity (Clauset, Newman & Moore 2004). Modularity with a resolution
parameter as in Macon, Mucha & Porter (2012). A consensus partition over many seeded runs
follows Lancichinetti & Fortunato (2012): the co-assignment matrix, thresholded, is
partitioned again until it stops changing.

Every random step takes ``random_state``: the same seed gives the same blocs.
"""
from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd

from .countries import ANCHORS, eu_members
from .errors import GraphmodelError

METHODS = ("louvain", "louvain-nx", "leiden", "greedy")


def detect(graph: nx.Graph, method: str = "louvain", *, resolution: float = 1.0, random_state: int = 0,
           weight: str = "weight") -> list[set]:
    """One partition of ``graph`` into blocs, largest first (ties broken by member codes).

    >>> g = nx.barbell_graph(5, 0)
    >>> [len(b) for b in detect(g, random_state=1)]
    [5, 5]
    """
    positive = _positive(graph, weight)
    if method == "louvain":
        parts = _igraph_louvain(positive, resolution, random_state, weight)
    elif method == "louvain-nx":
        parts = nx.community.louvain_communities(positive, weight=weight, resolution=resolution, seed=random_state)
    elif method == "greedy":
        parts = nx.community.greedy_modularity_communities(positive, weight=weight, resolution=resolution)
    elif method == "leiden":
        parts = _leiden(positive, resolution, random_state, weight)
    else:
        raise GraphmodelError(f"unknown method {method!r}: use one of {', '.join(METHODS)}")
    return sorted((set(p) for p in parts), key=lambda p: (-len(p), sorted(p)))


def _positive(graph: nx.Graph, weight: str) -> nx.Graph:
    """Modularity needs non-negative weights: κ, π and S can go below zero."""
    if all(d.get(weight, 1) >= 0 for _, _, d in graph.edges(data=True)):
        return graph
    positive = nx.Graph()
    positive.add_nodes_from(graph.nodes(data=True))
    positive.add_edges_from((u, v, {**d, weight: d[weight]}) for u, v, d in graph.edges(data=True) if d[weight] > 0)
    return positive


def _to_igraph(graph: nx.Graph, weight: str):
    import igraph as ig

    nodes = list(graph)
    index = {v: i for i, v in enumerate(nodes)}
    g = ig.Graph(n=len(nodes), edges=[(index[u], index[v]) for u, v in graph.edges()])
    return nodes, g, [d.get(weight, 1.0) for _, _, d in graph.edges(data=True)]


def _igraph_louvain(graph: nx.Graph, resolution: float, random_state: int, weight: str) -> list[set]:
    import random

    import igraph as ig

    nodes, g, weights = _to_igraph(graph, weight)
    # igraph draws from a module-level generator: give it our own, seeded, and put it back.
    ig.set_random_number_generator(random.Random(random_state))
    try:
        clusters = g.community_multilevel(weights=weights, resolution=resolution)
    finally:
        ig.set_random_number_generator(random)
    return [{nodes[i] for i in community} for community in clusters]


def _leiden(graph: nx.Graph, resolution: float, random_state: int, weight: str) -> list[set]:
    import leidenalg

    nodes, g, weights = _to_igraph(graph, weight)
    partition = leidenalg.find_partition(g, leidenalg.RBConfigurationVertexPartition, weights=weights,
                                         resolution_parameter=resolution, seed=random_state)
    return [{nodes[i] for i in community} for community in partition]


def modularity(graph: nx.Graph, blocs: list[set], *, resolution: float = 1.0, weight: str = "weight",
               weights: np.ndarray | None = None) -> float:
    """Newman–Girvan modularity with resolution γ, from the weight matrix (negative weights as 0):
    Q = 1/2m Σ_ij (A_ij − γ k_i k_j / 2m) δ(c_i, c_j).
    """
    nodes = list(graph)
    w = weights if weights is not None else nx.to_numpy_array(graph, nodelist=nodes, weight=weight)
    w = np.clip(np.nan_to_num(w), 0, None)
    index = {v: i for i, v in enumerate(nodes)}
    member = np.zeros((len(nodes), len(blocs)))
    for b, bloc in enumerate(blocs):
        member[[index[v] for v in bloc], b] = 1
    k = w.sum(axis=1)
    two_m = k.sum()
    if two_m == 0:
        return 0.0
    inside = np.einsum("ib,ij,jb->", member, w, member)
    expected = ((member.T @ k) ** 2).sum()
    return float(inside / two_m - resolution * expected / two_m**2)


def coassignment(graph: nx.Graph, method: str = "louvain", *, runs: int = 50, resolution: float = 1.0,
                 random_state: int = 0) -> tuple[list, np.ndarray]:
    """Share of ``runs`` seeded partitions in which each pair of countries shares a bloc."""
    nodes = sorted(graph)
    index = {v: i for i, v in enumerate(nodes)}
    together = np.zeros((len(nodes), len(nodes)))
    rng = np.random.default_rng(random_state)
    for seed in rng.integers(0, 2**31 - 1, size=runs):
        labels = np.empty(len(nodes), dtype=int)
        for b, bloc in enumerate(detect(graph, method, resolution=resolution, random_state=int(seed))):
            labels[[index[v] for v in bloc]] = b
        together += labels[:, None] == labels[None, :]
    return nodes, together / runs


def consensus(graph: nx.Graph, method: str = "louvain", *, runs: int = 50, resolution: float = 1.0,
              threshold: float = 0.5, random_state: int = 0, max_rounds: int = 10):
    """Consensus blocs (Lancichinetti & Fortunato 2012) and each country's stability.

    Returns ``(blocs, stability)``; ``stability[iso3]`` is the mean co-assignment of a country
    with the members of its consensus bloc over the first round's runs (1 = always together).
    """
    nodes, together = coassignment(graph, method, runs=runs, resolution=resolution, random_state=random_state)
    first = together
    for round_ in range(max_rounds):
        if np.all((together < 1e-9) | (together > 1 - 1e-9)):
            break
        consensus_graph = nx.Graph()
        consensus_graph.add_nodes_from(nodes)
        i, j = np.nonzero(np.triu(together >= threshold, k=1))
        consensus_graph.add_weighted_edges_from((nodes[a], nodes[b], together[a, b]) for a, b in zip(i, j))
        nodes, together = coassignment(consensus_graph, method, runs=runs, resolution=1.0,
                                       random_state=random_state + round_ + 1)
    index = {v: i for i, v in enumerate(nodes)}
    labels = -np.ones(len(nodes), dtype=int)
    for a in range(len(nodes)):
        if labels[a] < 0:
            labels[(together[a] > 0.5) & (labels < 0)] = a
            labels[a] = a
    blocs = sorted(({nodes[k] for k in np.flatnonzero(labels == lab)} for lab in np.unique(labels)),
                   key=lambda p: (-len(p), sorted(p)))
    stability = {}
    for bloc in blocs:
        members = [index[v] for v in bloc]
        for v in bloc:
            others = [m for m in members if m != index[v]]
            stability[v] = float(first[index[v], others].mean()) if others else 1.0
    return blocs, stability


def name_blocs(blocs: list[set], date) -> list[str]:
    """Name each bloc by the anchors it holds (USA, RUS, CHN, GBR, FRA, IND, BRA, ZAF, and 'EU'
    when it holds most EU members present), derived from membership, never per-session.

    A bloc with no anchor is named by its first three members in alphabetical order.
    """
    eu = set(eu_members(date))
    present_eu = set().union(*blocs) & eu
    names = []
    for bloc in blocs:
        holds_eu = bool(present_eu) and len(bloc & present_eu) > len(present_eu) / 2
        parts = [a for a in ANCHORS if a in bloc and not (holds_eu and a in eu)]
        if holds_eu:
            parts.append("EU")
        if not parts:
            parts = sorted(bloc)[:3] + (["…"] if len(bloc) > 3 else [])
        names.append("+".join(parts))
    # Two blocs can share a name (e.g. two anchor-free blocs); keep names unique within a window.
    seen: dict[str, int] = {}
    unique = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        unique.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return unique


def resolution_sweep(graph: nx.Graph, resolutions, method: str = "louvain", *, random_state: int = 0) -> pd.DataFrame:
    """Number of blocs and modularity across resolution values (Macon, Mucha & Porter 2012)."""
    rows = []
    for gamma in resolutions:
        blocs = detect(graph, method, resolution=gamma, random_state=random_state)
        rows.append({"resolution": gamma, "blocs": len(blocs),
                     "modularity": modularity(graph, blocs, resolution=gamma),
                     "largest": len(blocs[0])})
    return pd.DataFrame(rows)

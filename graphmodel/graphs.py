"""networkx graphs of one window: complete, backbone, signed and bipartite.

Nodes carry ``iso3``, ``name`` and ``regional_group``; edges carry ``weight`` (the agreement
index) and ``n`` (roll calls both voted on). Co-voting graphs are nearly complete, so most
analyses want a backbone.
"""
from __future__ import annotations

import networkx as nx
import numpy as np
from scipy import stats

from .countries import country_table
from .errors import GraphmodelError


def _node_attributes(codes):
    table = country_table().set_index("iso3")
    return {c: {"iso3": c, "name": table.at[c, "name"] if c in table.index else c,
                "regional_group": table.at[c, "regional_group"] if c in table.index else ""} for c in codes}


def complete_graph(agreement: np.ndarray, n: np.ndarray, codes: list[str], *, name: str = "") -> nx.Graph:
    """Every pair with a defined agreement becomes an edge (``weight``, ``n``).

    >>> import numpy as np
    >>> g = complete_graph(np.array([[1, .8], [.8, 1]]), np.array([[50, 40], [40, 50]]), ["USA", "ISR"])
    >>> g["USA"]["ISR"]["weight"]
    0.8
    """
    graph = nx.Graph(name=name)
    graph.add_nodes_from((c, attrs) for c, attrs in _node_attributes(codes).items())
    i, j = np.triu_indices(len(codes), k=1)
    ok = ~np.isnan(agreement[i, j])
    graph.add_edges_from((codes[a], codes[b], {"weight": float(agreement[a, b]), "n": int(n[a, b])})
                         for a, b in zip(i[ok], j[ok]))
    return graph


def disparity_backbone(graph: nx.Graph, alpha: float = 0.05, *, weight: str = "weight",
                       weights: np.ndarray | None = None, baseline: str | float | None = None) -> nx.Graph:
    """Serrano, Boguñá & Vespignani (2009), PNAS 106:6483: keep an edge when it is significant
    (p < ``alpha``) for at least one of its ends under the null of uniformly spread strength.

    Negative weights (κ, π, S below zero) are clipped to 0 for the test. Raw agreement is
    nearly uniform (every pair agrees on most consensual votes), so at α = 0.05 the filter keeps
    almost nothing (0 of 18,334 edges for 2019); ``baseline="median"`` tests the agreement in
    excess of the window's median instead, which brings out the blocs' cores.
    """
    nodes = list(graph)
    w = weights if weights is not None else nx.to_numpy_array(graph, nodelist=nodes, weight=weight)
    w = np.nan_to_num(w)
    if baseline is not None:
        off_diagonal = w[~np.eye(len(w), dtype=bool) & (w != 0)]
        w = w - (float(np.median(off_diagonal)) if baseline == "median" else float(baseline))
    w = np.clip(w, 0, None)
    np.fill_diagonal(w, 0)
    strength = w.sum(axis=1)
    degree = (w > 0).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        p = w / strength[:, None]
        # p-value of edge (i, j) from i's side: (1 - p_ij)^(k_i - 1)
        pvalue = np.power(1 - p, (degree - 1)[:, None])
    significant = (pvalue < alpha) | (pvalue.T < alpha)
    significant &= degree[:, None] > 1
    backbone = nx.Graph(name=graph.graph.get("name", ""), backbone=f"disparity alpha={alpha}")
    backbone.add_nodes_from(graph.nodes(data=True))
    i, j = np.nonzero(np.triu(significant & (w > 0), k=1))
    backbone.add_edges_from((nodes[a], nodes[b], graph.edges[nodes[a], nodes[b]]) for a, b in zip(i, j))
    return backbone


def knn_backbone(graph: nx.Graph, k: int = 5, *, weight: str = "weight") -> nx.Graph:
    """Keep each node's ``k`` strongest edges (union over both ends)."""
    backbone = nx.Graph(name=graph.graph.get("name", ""), backbone=f"knn k={k}")
    backbone.add_nodes_from(graph.nodes(data=True))
    for node in graph:
        edges = sorted(graph[node].items(), key=lambda item: -item[1][weight])[:k]
        backbone.add_edges_from((node, other, data) for other, data in edges)
    return backbone


def threshold_backbone(graph: nx.Graph, threshold: float, *, weight: str = "weight") -> nx.Graph:
    """Keep edges with ``weight >= threshold``."""
    backbone = nx.Graph(name=graph.graph.get("name", ""), backbone=f"threshold {threshold}")
    backbone.add_nodes_from(graph.nodes(data=True))
    backbone.add_edges_from((u, v, d) for u, v, d in graph.edges(data=True) if d[weight] >= threshold)
    return backbone


def backbone(graph: nx.Graph, method: str = "knn", **kwargs) -> nx.Graph:
    methods = {"disparity": disparity_backbone, "knn": knn_backbone, "threshold": threshold_backbone}
    if method not in methods:
        raise GraphmodelError(f"unknown backbone {method!r}: use disparity, knn or threshold")
    return methods[method](graph, **kwargs)


def signed_graph(graph: nx.Graph, *, baseline: str | float = "median", weight: str = "weight") -> nx.Graph:
    """Edges signed against a baseline agreement (the window's median by default).

    ``sign`` is +1 above the baseline, −1 below; ``weight`` becomes the distance from it.
    """
    weights = np.array([d[weight] for _, _, d in graph.edges(data=True)])
    level = float(np.median(weights)) if baseline == "median" else float(baseline)
    signed = nx.Graph(name=graph.graph.get("name", ""), baseline=level)
    signed.add_nodes_from(graph.nodes(data=True))
    for u, v, d in graph.edges(data=True):
        delta = d[weight] - level
        signed.add_edge(u, v, weight=abs(delta), sign=1 if delta >= 0 else -1, agreement=d[weight], n=d["n"])
    return signed


def bipartite_graph(vm, rollcalls=None) -> nx.Graph:
    """Country–roll-call graph: an edge per vote cast, with attribute ``vote`` (Y/N/A/X)."""
    from .windows import ABSENT, ABSTAIN, NO, YES

    labels = {YES: "Y", NO: "N", ABSTAIN: "A", ABSENT: "X"}
    graph = nx.Graph()
    graph.add_nodes_from(((c, {**attrs, "bipartite": 0}) for c, attrs in _node_attributes(vm.countries).items()))
    meta = rollcalls.set_index("rollcall_id") if rollcalls is not None else None
    for rid in vm.rollcall_ids:
        attrs = {"bipartite": 1}
        if meta is not None and rid in meta.index:
            attrs.update(symbol=str(meta.at[rid, "symbol"]), date=str(meta.at[rid, "date"].date()))
        graph.add_node(rid, **attrs)
    rows, cols = np.nonzero(vm.codes)
    graph.add_edges_from((vm.countries[r], vm.rollcall_ids[c], {"vote": labels[int(vm.codes[r, c])]})
                         for r, c in zip(rows, cols))
    return graph


def write_graph(graph: nx.Graph, path, fmt: str | None = None) -> None:
    """Write GraphML or GEXF (by ``fmt`` or the file suffix); attributes must be scalars."""
    from pathlib import Path

    path = Path(path)
    fmt = fmt or path.suffix.lstrip(".")
    clean = graph.copy()
    for _, data in clean.nodes(data=True):
        for key, value in list(data.items()):
            if value is None or isinstance(value, (list, tuple, set, dict)):
                data[key] = "" if value is None else str(value)
    if fmt == "graphml":
        nx.write_graphml(clean, path)
    elif fmt == "gexf":
        nx.write_gexf(clean, path)
    else:
        raise GraphmodelError(f"unknown graph format {fmt!r}: use graphml or gexf")

"""networkx graphs of one window: complete, backbone, signed and bipartite.

Nodes carry ``iso3``, ``name`` and ``regional_group``; edges carry ``weight`` (the agreement
index) and ``n`` (roll calls both voted on). Co-voting graphs are nearly complete, so most
analyses want a backbone.
"""

from __future__ import annotations

from functools import lru_cache

import networkx as nx
import numpy as np
import pandas as pd

from .countries import country_table
from .errors import GraphmodelError


@lru_cache(maxsize=1)
def _country_attributes() -> dict:
    return {
        row.iso3: {"iso3": row.iso3, "name": row.name, "regional_group": row.regional_group}
        for row in country_table().itertuples()
    }


def _node_attributes(codes):
    known = _country_attributes()
    return {c: dict(known.get(c, {"iso3": c, "name": c, "regional_group": ""})) for c in codes}


def as_matrix(graph, weight: str = "weight") -> tuple[list, np.ndarray]:
    """Nodes and a clean weight matrix (NaN → 0, zero diagonal) of a graph.

    ``graph`` is a networkx graph or a square pandas DataFrame of agreement indexed by iso3
    on both axes (what :func:`graphmodel.indices.frame` returns). The engine works on the
    matrix: building networkx objects for nearly complete graphs costs more than the analysis.
    """
    if isinstance(graph, pd.DataFrame):
        nodes = list(graph.index)
        w = np.array(graph.to_numpy(dtype=float), order="C")
    else:
        nodes = list(graph)
        w = nx.to_numpy_array(graph, nodelist=nodes, weight=weight)
    w = np.nan_to_num(w)
    np.fill_diagonal(w, 0)
    return nodes, w


def _graph_from_mask(nodes, w, mask, n=None, *, name="", **graph_attrs) -> nx.Graph:
    """A graph whose edges are the upper-triangle cells of ``mask``, weighted from ``w``."""
    graph = nx.Graph(name=name, **graph_attrs)
    graph.add_nodes_from(_node_attributes(nodes).items())
    i, j = np.nonzero(np.triu(mask, k=1))
    weights = w[i, j].tolist()
    counts = n[i, j].astype(int).tolist() if n is not None else [None] * len(i)
    graph.add_edges_from(
        (nodes[a], nodes[b], {"weight": x} if c is None else {"weight": x, "n": c})
        for a, b, x, c in zip(i.tolist(), j.tolist(), weights, counts)
    )
    return graph


def complete_graph(agreement: np.ndarray, n: np.ndarray, codes: list[str], *, name: str = "") -> nx.Graph:
    """Every pair with a defined agreement becomes an edge (``weight``, ``n``).

    >>> import numpy as np
    >>> g = complete_graph(np.array([[1, .8], [.8, 1]]), np.array([[50, 40], [40, 50]]), ["USA", "ISR"])
    >>> g["USA"]["ISR"]["weight"]
    0.8
    """
    return _graph_from_mask(codes, agreement, ~np.isnan(agreement), n, name=name)


def _parts(graph, weight: str, covotes=None):
    """Nodes, weights, which pairs have an edge, and co-vote counts (or None)."""
    nodes, w = as_matrix(graph, weight)
    if isinstance(graph, pd.DataFrame):
        defined = ~np.isnan(graph.to_numpy(dtype=float))
        n = None if covotes is None else np.asarray(covotes)
    else:
        defined = nx.to_numpy_array(graph, nodelist=nodes, weight=None) > 0
        has_n = graph.number_of_edges() and "n" in next(iter(graph.edges(data=True)))[2]
        n = nx.to_numpy_array(graph, nodelist=nodes, weight="n") if has_n else None
    np.fill_diagonal(defined, False)
    return nodes, w, defined, n


def _name(graph) -> str:
    return graph.graph.get("name", "") if isinstance(graph, nx.Graph) else ""


def disparity_backbone(
    graph,
    alpha: float = 0.05,
    *,
    weight: str = "weight",
    covotes=None,
    baseline: str | float | None = None,
    name: str | None = None,
) -> nx.Graph:
    """Serrano, Boguñá & Vespignani (2009), PNAS 106:6483: keep an edge when it is significant
    (p < ``alpha``) for at least one of its ends under the null of uniformly spread strength.

    ``graph`` is a networkx graph or a square agreement DataFrame (then ``covotes``, the
    matching co-vote counts, labels edges with ``n``). Negative weights (κ, π, S below zero)
    are clipped to 0 for the test. Raw agreement is nearly uniform (every pair agrees on most
    consensual votes), so at α = 0.05 the filter keeps almost nothing (0 of 18,334 edges for
    2019); ``baseline="median"`` tests the agreement in excess of the window's median instead,
    which brings out the blocs' cores.

    >>> import pandas as pd
    >>> frame = pd.DataFrame([[1, .9, .1], [.9, 1, .2], [.1, .2, 1]], index=list("ABC"), columns=list("ABC"))
    >>> sorted(disparity_backbone(frame, alpha=0.2).edges())
    [('A', 'B')]
    """
    nodes, w, defined, n = _parts(graph, weight, covotes)
    significant = disparity_mask(w, defined, alpha, baseline=baseline)
    return _graph_from_mask(nodes, w, significant, n, name=name or _name(graph), backbone=f"disparity alpha={alpha}")


def disparity_mask(w: np.ndarray, defined: np.ndarray, alpha: float = 0.05, *, baseline=None) -> np.ndarray:
    """Symmetric mask of the edges :func:`disparity_backbone` keeps (``w`` NaN-free, ``defined``
    the pairs with an edge)."""
    if baseline is not None:
        off_diagonal = w[defined & (w != 0)]
        w = w - (float(np.median(off_diagonal)) if baseline == "median" else float(baseline))
    w = np.clip(np.where(defined, w, 0), 0, None)
    strength = w.sum(axis=1)
    degree = (w > 0).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        p = w / strength[:, None]
        # p-value of edge (i, j) from i's side: (1 - p_ij)^(k_i - 1)
        pvalue = np.power(1 - p, (degree - 1)[:, None])
    significant = (pvalue < alpha) | (pvalue.T < alpha)
    significant &= degree[:, None] > 1
    return significant & (w > 0)


def backbone_mask(values: np.ndarray, method: str = "knn", **options) -> np.ndarray:
    """Which pairs a backbone keeps, from an agreement matrix with NaN for undefined pairs.

    The array-level core of :func:`backbone` (same options: ``k``; ``alpha`` and ``baseline``;
    ``threshold``), for the engine, which builds networkx objects only when asked for.
    """
    defined = ~np.isnan(values)
    np.fill_diagonal(defined, False)
    w = np.nan_to_num(values)
    np.fill_diagonal(w, 0)
    if method == "knn":
        return knn_mask(w, options.get("k", 5), defined)
    if method == "disparity":
        return disparity_mask(w, defined, options.get("alpha", 0.05), baseline=options.get("baseline"))
    if method == "threshold":
        return defined & (w >= options["threshold"])
    raise GraphmodelError(f"unknown backbone {method!r}: use disparity, knn or threshold")


def graph_from_mask(nodes, values: np.ndarray, mask: np.ndarray, n=None, *, name: str = "", **graph_attrs) -> nx.Graph:
    """A networkx graph on ``nodes`` with the upper-triangle edges of ``mask``, weighted from
    ``values`` (NaN-free) and labelled with co-vote counts ``n`` when given."""
    return _graph_from_mask(nodes, values, mask, n, name=name, **graph_attrs)


def knn_mask(w: np.ndarray, k: int, defined: np.ndarray | None = None) -> np.ndarray:
    """Symmetric mask of each row's ``k`` largest entries (union over both ends)."""
    score = np.where(defined if defined is not None else ~np.eye(len(w), dtype=bool), w, -np.inf)
    k = min(k, max(len(w) - 1, 0))
    if k == 0:
        return np.zeros_like(w, dtype=bool)
    # stable sort on the negated row keeps ties in node order, as a Python sort would
    top = np.argsort(-score, axis=1, kind="stable")[:, :k]
    mask = np.zeros_like(w, dtype=bool)
    np.put_along_axis(mask, top, True, axis=1)
    mask &= np.isfinite(score)
    return mask | mask.T


def knn_backbone(graph, k: int = 5, *, weight: str = "weight", covotes=None, name: str | None = None) -> nx.Graph:
    """Keep each node's ``k`` strongest edges (union over both ends).

    >>> import pandas as pd
    >>> frame = pd.DataFrame([[1, .9, .1], [.9, 1, .2], [.1, .2, 1]], index=list("ABC"), columns=list("ABC"))
    >>> sorted(knn_backbone(frame, k=1).edges())
    [('A', 'B'), ('B', 'C')]
    """
    nodes, w, defined, n = _parts(graph, weight, covotes)
    return _graph_from_mask(nodes, w, knn_mask(w, k, defined), n, name=name or _name(graph), backbone=f"knn k={k}")


def threshold_backbone(
    graph, threshold: float, *, weight: str = "weight", covotes=None, name: str | None = None
) -> nx.Graph:
    """Keep edges with ``weight >= threshold``."""
    nodes, w, defined, n = _parts(graph, weight, covotes)
    return _graph_from_mask(
        nodes, w, defined & (w >= threshold), n, name=name or _name(graph), backbone=f"threshold {threshold}"
    )


def backbone(graph, method: str = "knn", **kwargs) -> nx.Graph:
    """Dispatch to :func:`disparity_backbone`, :func:`knn_backbone` or :func:`threshold_backbone`."""
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
    graph.add_edges_from(
        (vm.countries[r], vm.rollcall_ids[c], {"vote": labels[int(vm.codes[r, c])]}) for r, c in zip(rows, cols)
    )
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

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

from .countries import ANCHORS, european_union_name, group_members, seat_holder, seat_label
from .errors import GraphmodelError
from .graphs import as_matrix, knn_mask

METHODS = ("louvain", "louvain-nx", "leiden", "greedy")


def detect(
    graph, method: str = "louvain", *, resolution: float = 1.0, random_state: int = 0, weight: str = "weight"
) -> list[set]:
    """One partition of ``graph`` into blocs, largest first (ties broken by member codes).

    ``graph`` is a networkx graph or a square agreement DataFrame indexed by iso3. Negative
    weights (κ, π and S can go below zero) count as no edge: modularity needs non-negative ones.

    >>> g = nx.barbell_graph(5, 0)
    >>> [len(b) for b in detect(g, random_state=1)]
    [5, 5]
    """
    nodes, w = as_matrix(graph, weight)
    w = np.clip(w, 0, None)
    if method == "louvain":
        parts = _igraph_louvain(nodes, w, resolution, random_state)
    elif method == "leiden":
        parts = _leiden(nodes, w, resolution, random_state)
    elif method in ("louvain-nx", "greedy"):
        positive = nx.Graph()
        positive.add_nodes_from(nodes)
        i, j = np.nonzero(np.triu(w > 0, k=1))
        positive.add_weighted_edges_from(zip([nodes[a] for a in i], [nodes[b] for b in j], w[i, j].tolist()))
        if method == "greedy":
            parts = nx.community.greedy_modularity_communities(positive, weight="weight", resolution=resolution)
        else:
            parts = nx.community.louvain_communities(
                positive, weight="weight", resolution=resolution, seed=random_state
            )
    else:
        raise GraphmodelError(f"unknown method {method!r}: use one of {', '.join(METHODS)}")
    return sorted((set(p) for p in parts), key=lambda p: (-len(p), sorted(p)))


def igraph_from_matrix(w: np.ndarray):
    """An igraph graph with an edge wherever ``w > 0`` (upper triangle) and those edges' weights.

    Returns ``(graph, weights)`` with ``weights`` a float64 array in igraph's edge order (the
    row-major order of the upper triangle). Co-voting graphs are nearly complete, and passing
    ~18,000 edges as Python tuples costs more than Louvain itself; so a dense graph starts as
    igraph's complete graph (built in C, same edge order) and drops its few missing edges, and
    only a sparse one (a backbone) goes through an edge list.
    """
    import igraph as ig

    size = len(w)
    upper = np.triu_indices(size, k=1)
    values = w[upper]
    present = values > 0
    if present.sum() * 2 >= len(values):
        g = ig.Graph.Full(size)
        missing = np.flatnonzero(~present)
        if len(missing):
            # igraph keeps the remaining edges in their order, so the weights stay aligned.
            g.delete_edges(missing.tolist())
        return g, values[present]
    edges = np.column_stack([upper[0][present], upper[1][present]])
    return ig.Graph(n=size, edges=edges.tolist()), values[present]


def _igraph_louvain(nodes, w, resolution: float, random_state: int) -> list[set]:
    import random

    import igraph as ig

    g, weights = igraph_from_matrix(w)
    # igraph draws from a module-level generator: give it our own, seeded, and put it back.
    ig.set_random_number_generator(random.Random(random_state))
    try:
        clusters = g.community_multilevel(weights=weights, resolution=resolution)
    finally:
        ig.set_random_number_generator(random)
    return [{nodes[i] for i in community} for community in clusters]


def _leiden(nodes, w, resolution: float, random_state: int) -> list[set]:
    import leidenalg

    g, weights = igraph_from_matrix(w)
    partition = leidenalg.find_partition(
        g,
        leidenalg.RBConfigurationVertexPartition,
        weights=weights.tolist(),
        resolution_parameter=resolution,
        seed=random_state,
    )
    return [{nodes[i] for i in community} for community in partition]


def bloc_indicator(nodes, blocs) -> np.ndarray:
    """Country × bloc 0/1 matrix in ``nodes`` order."""
    index = {v: i for i, v in enumerate(nodes)}
    member = np.zeros((len(nodes), len(blocs)))
    for b, bloc in enumerate(blocs):
        member[[index[v] for v in bloc if v in index], b] = 1
    return member


def modularity(graph, blocs: list[set], *, resolution: float = 1.0, weight: str = "weight") -> float:
    """Newman–Girvan modularity with resolution γ, from the weight matrix (negative weights as 0):
    Q = 1/2m Σ_ij (A_ij − γ k_i k_j / 2m) δ(c_i, c_j).

    >>> round(modularity(nx.barbell_graph(3, 0), [{0, 1, 2}, {3, 4, 5}]), 3)
    0.357
    """
    nodes, w = as_matrix(graph, weight)
    w = np.clip(w, 0, None)
    member = bloc_indicator(nodes, blocs)
    k = w.sum(axis=1)
    two_m = k.sum()
    if two_m == 0:
        return 0.0
    inside = np.einsum("ib,ij,jb->", member, w, member)
    expected = ((member.T @ k) ** 2).sum()
    return float(inside / two_m - resolution * expected / two_m**2)


def coassignment(
    graph, method: str = "louvain", *, runs: int = 50, resolution: float = 1.0, random_state: int = 0
) -> tuple[list, np.ndarray]:
    """Share of ``runs`` seeded partitions in which each pair of countries shares a bloc."""
    nodes, w = as_matrix(graph)
    frame = pd.DataFrame(w, index=nodes, columns=nodes)
    together = np.zeros((len(nodes), len(nodes)))
    rng = np.random.default_rng(random_state)
    for seed in rng.integers(0, 2**31 - 1, size=runs):
        labels = bloc_indicator(nodes, detect(frame, method, resolution=resolution, random_state=int(seed))).argmax(
            axis=1
        )
        together += labels[:, None] == labels[None, :]
    return nodes, together / runs


def consensus(
    graph,
    method: str = "louvain",
    *,
    runs: int = 50,
    resolution: float = 1.0,
    threshold: float = 0.5,
    random_state: int = 0,
    max_rounds: int = 10,
):
    """Consensus blocs (Lancichinetti & Fortunato 2012) and each country's stability.

    Returns ``(blocs, stability)``; ``stability[iso3]`` is the mean co-assignment of a country
    with the members of its consensus bloc over the first round's runs (1 = always together).
    """
    nodes, together = coassignment(graph, method, runs=runs, resolution=resolution, random_state=random_state)
    first = together
    for round_ in range(max_rounds):
        if np.all((together < 1e-9) | (together > 1 - 1e-9)):
            break
        consensus_graph = pd.DataFrame(np.where(together >= threshold, together, 0), index=nodes, columns=nodes)
        nodes, together = coassignment(
            consensus_graph, method, runs=runs, resolution=1.0, random_state=random_state + round_ + 1
        )
    index = {v: i for i, v in enumerate(nodes)}
    labels = -np.ones(len(nodes), dtype=int)
    for a in range(len(nodes)):
        if labels[a] < 0:
            labels[(together[a] > 0.5) & (labels < 0)] = a
            labels[a] = a
    blocs = sorted(
        ({nodes[k] for k in np.flatnonzero(labels == lab)} for lab in np.unique(labels)),
        key=lambda p: (-len(p), sorted(p)),
    )
    stability = {}
    for bloc in blocs:
        members = [index[v] for v in bloc]
        for v in bloc:
            others = [m for m in members if m != index[v]]
            stability[v] = float(first[index[v], others].mean()) if others else 1.0
    return blocs, stability


#: Groups whose name a bloc takes when it holds most of their members present in the window.
NAMING_GROUPS = ("Warsaw Pact", "NATO")


def name_blocs(blocs: list[set], date, *, since=None) -> list[str]:
    """Name each bloc from who is in it at ``date``, with period-true names.

    Members are read as the seats they stood for at ``date`` (a harmonised RUS row in 1985 is the
    USSR, DEU in 1980 the FRG, CHN in 1960 the Republic of China seat). A bloc takes:
    the anchor states it holds (USA, USSR/RUS, CHN/ROC, GBR, FRA, IND, BRA, ZAF), then the name of a
    group when it holds more than half of that group's members present — EEC, EC or EU by date,
    Warsaw Pact, NATO (dated memberships in ``graphmodel/resources/groups.csv``). Anchors inside a
    named EEC/EC/EU are left to that name. A bloc with neither is named by its first three members.
    Names never mention a state that is not in the bloc, nor a group that did not exist then.
    With ``since`` (the window's first date), a harmonised member whose seat changed within the
    window is named by both seats: session 46 (October 1991 to August 1992) holds votes of the
    USSR and of Russia in one row, written "USSR/RUS".

    >>> name_blocs([{"RUS", "POL", "CSK", "BGR"}, {"USA", "FRA", "BEL", "NLD", "ITA", "GBR", "DEU"}], "1985-12-01")
    ['USSR+Warsaw Pact', 'USA+EC+NATO']
    >>> name_blocs([{"RUS", "CHN"}], "1992-08-03", since="1991-10-03")
    ['USSR/RUS+CHN']
    """
    date = pd.Timestamp(date)
    since = date if since is None else pd.Timestamp(since)

    def label(code: str) -> str:
        first, last = seat_label(seat_holder(code, since)), seat_label(seat_holder(code, date))
        return last if first == last else f"{first}/{last}"

    seats = [{seat_holder(c, date) for c in bloc} for bloc in blocs]
    present = set().union(*seats) if seats else set()
    european = european_union_name(date)
    groups = ([european] if european else []) + list(NAMING_GROUPS)
    group_present = {g: set(group_members(g, date)) & present for g in groups}
    names = []
    for members, bloc in zip(blocs, seats):
        held = [
            g for g in groups if len(group_present[g]) >= 2 and len(bloc & group_present[g]) > len(group_present[g]) / 2
        ]
        covered = group_present[european] if european in held else set()
        parts = [label(a) for a in ANCHORS if seat_holder(a, date) in bloc and seat_holder(a, date) not in covered]
        parts += held
        if not parts:
            parts = sorted(label(c) for c in members)[:3] + (["…"] if len(bloc) > 3 else [])
        names.append("+".join(parts))
    # Two blocs can share a name (e.g. two anchor-free blocs); keep names unique within a window.
    seen: dict[str, int] = {}
    unique = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        unique.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return unique


def resolution_sweep(graph, resolutions, method: str = "louvain", *, random_state: int = 0) -> pd.DataFrame:
    """Number of blocs and modularity across resolution values (Macon, Mucha & Porter 2012)."""
    rows = []
    for gamma in resolutions:
        blocs = detect(graph, method, resolution=gamma, random_state=random_state)
        rows.append(
            {
                "resolution": gamma,
                "blocs": len(blocs),
                "modularity": modularity(graph, blocs, resolution=gamma),
                "largest": len(blocs[0]),
            }
        )
    return pd.DataFrame(rows)


def multislice(
    frames: dict, *, interslice_weight: float = 1.0, resolution: float = 1.0, k: int | None = 20, random_state: int = 0
) -> pd.DataFrame:
    """Temporal blocs over ordered windows, found jointly (Mucha et al. 2010, Science 328:876).

    ``frames`` maps window label → square agreement DataFrame, in time order. Each country is
    coupled to itself in the next window with ``interslice_weight``; leidenalg optimises the
    multislice modularity, so bloc labels are comparable across windows by construction (no
    after-the-fact matching). Returns a table with ``window``, ``iso3``, ``bloc``.

    ``k`` keeps each country's k strongest ties per window (see :func:`graphs.knn_mask`):
    on the complete graphs of all 79 GA sessions the optimisation takes ~200 s on 2 cores and
    finds two blocs per session; with k=20 it takes ~50 s and finds three or four, the
    East–West split of the Cold War and the post-1991 Western bloc intact in both.

    >>> import pandas as pd
    >>> f = pd.DataFrame([[0, 1, 0, 0], [1, 0, 0, 0], [0, 0, 0, 1], [0, 0, 1, 0]],
    ...                  index=list("abcd"), columns=list("abcd"))
    >>> t = multislice({"w1": f, "w2": f})
    >>> t.groupby("window")["bloc"].nunique().tolist()
    [2, 2]
    """
    import leidenalg

    slices = []
    for _label, values in frames.items():
        nodes, w = as_matrix(values)
        w = np.clip(w, 0, None)
        if k is not None:
            w = np.where(knn_mask(w, k), w, 0)
        g, weights = igraph_from_matrix(w)
        g.vs["id"] = nodes
        g.es["weight"] = weights.tolist()
        slices.append(g)
    memberships, _ = leidenalg.find_partition_temporal(
        slices,
        leidenalg.RBConfigurationVertexPartition,
        interslice_weight=interslice_weight,
        resolution_parameter=resolution,
        seed=random_state,
    )
    rows = [
        (label, node, bloc)
        for label, g, membership in zip(frames, slices, memberships)
        for node, bloc in zip(g.vs["id"], membership)
    ]
    return pd.DataFrame(rows, columns=["window", "iso3", "bloc"])


def multiplex(
    frames: dict,
    *,
    layer_weights=None,
    resolution: float = 1.0,
    k: int | None = 8,
    random_state: int = 0,
) -> pd.DataFrame:
    """One partition of the same countries across several layers (e.g. votes and co-sponsorship),
    optimised jointly: the sum over layers of each layer's modularity times its weight (the multiplex
    formulation of Mucha et al. 2010 without interslice coupling; Traag, Waltman & van Eck 2019's
    Leiden optimiser, leidenalg ``Optimiser.optimise_partition_multiplex``, seeded).

    ``frames`` maps a layer name to a square weight DataFrame; every layer must hold the same
    countries. ``k`` keeps each country's k strongest ties per layer, as the default blocs do;
    each layer's weights are then scaled to sum to one. Returns ``iso3, bloc`` (blocs numbered largest first) with ``quality`` in ``attrs``.

    >>> import pandas as pd
    >>> f = pd.DataFrame([[0, 1, 0, 0], [1, 0, 0, 0], [0, 0, 0, 1], [0, 0, 1, 0]],
    ...                  index=list("abcd"), columns=list("abcd"))
    >>> multiplex({"one": f, "two": f}, k=None)["bloc"].tolist()
    [0, 0, 1, 1]
    """
    import leidenalg

    names = list(frames)
    if not names:
        raise GraphmodelError("multiplex needs at least one layer")
    nodes = list(frames[names[0]].index)
    partitions = []
    for name in names:
        values = frames[name]
        if sorted(values.index) != sorted(nodes) or sorted(values.columns) != sorted(nodes):
            raise GraphmodelError(f"layer {name!r} does not hold the same countries as layer {names[0]!r}")
        _, w = as_matrix(values.loc[nodes, nodes])
        w = np.clip(w, 0, None)
        if k is not None:
            w = np.where(knn_mask(w, k), w, 0)
        if w.sum() > 0:
            # Each layer's quality is in units of its total weight: scaled to one, the sum weighs
            # the layers' modularities as ``layer_weights`` say, not by how heavy their ties are.
            w = w / w.sum()
        g, weights = igraph_from_matrix(w)
        g.es["weight"] = weights.tolist()
        partitions.append(
            leidenalg.RBConfigurationVertexPartition(g, weights="weight", resolution_parameter=resolution)
        )
    weights = [1.0] * len(names) if layer_weights is None else [float(x) for x in layer_weights]
    if len(weights) != len(names):
        raise GraphmodelError(f"{len(weights)} layer weights for {len(names)} layers")
    optimiser = leidenalg.Optimiser()
    optimiser.set_rng_seed(int(random_state))
    optimiser.optimise_partition_multiplex(partitions, layer_weights=weights, n_iterations=-1)
    membership = np.asarray(partitions[0].membership)
    groups = sorted(
        (sorted(nodes[i] for i in np.flatnonzero(membership == label)) for label in np.unique(membership)),
        key=lambda members: (-len(members), members),
    )
    bloc = {c: b for b, members in enumerate(groups) for c in members}
    table = pd.DataFrame({"iso3": nodes, "bloc": [bloc[c] for c in nodes]})
    table.attrs["quality"] = {name: float(p.quality()) for name, p in zip(names, partitions)}
    return table

"""The main job: windows → agreement → graph → blocs → centrality → tracking, in one call.

>>> from graphmodel import load_dataset
>>> from graphmodel.pipeline import analyze
>>> result = analyze(load_dataset(), by="year", start="2024-01-01", end="2025-12-31")
>>> sorted(result.blocs["window"].unique())
['2024', '2025']
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd

from . import agreement, centrality, communities, graphs, tracking
from .errors import GraphmodelError
from .windows import VoteMatrix, filter_rollcalls, make_windows, vote_matrix


@dataclass
class Analysis:
    """Tables of one run. ``nodes``: window × country; ``blocs``: window × bloc;
    ``transitions``: bloc events; ``graphs``: window label → complete networkx graph."""

    nodes: pd.DataFrame
    blocs: pd.DataFrame
    transitions: pd.DataFrame
    switches: pd.DataFrame
    graphs: dict = field(default_factory=dict)
    backbones: dict = field(default_factory=dict)
    matrices: dict = field(default_factory=dict)
    params: dict = field(default_factory=dict)

    def write(self, out: str | Path, *, graph_format: str = "graphml") -> Path:
        out = Path(out)
        (out / "graphs").mkdir(parents=True, exist_ok=True)
        self.nodes.drop(columns="window_order").to_csv(out / "nodes.csv", index=False)
        self.blocs.to_csv(out / "blocs.csv", index=False)
        self.transitions.to_csv(out / "transitions.csv", index=False)
        self.switches.to_csv(out / "switches.csv", index=False)
        for label, graph in self.graphs.items():
            graphs.write_graph(graph, out / "graphs" / f"{_safe(label)}.{graph_format}")
        return out


def _safe(label: str) -> str:
    return label.replace("/", "-").replace(":", "-").replace("..", "_to_")


def analyze(dataset, *, body: str = "GA", by: str = "session", start=None, end=None, size=None, step=None,
            issues=None, keywords=None, important: bool = False, exclude_amendments: bool = False,
            index: str = "agree", absent: str = "exclude", min_covotes: int = 10, min_rollcalls: int = 10,
            method: str = "louvain", resolution: float = 1.0, random_state: int = 0,
            consensus_runs: int = 0, backbone: str = "knn", alpha: float = 0.05, k: int = 8,
            track_threshold: float = 0.3, harmonize: bool = True, progress=None) -> Analysis:
    """Run the whole analysis over windows of ``body`` and return its tables.

    ``consensus_runs`` > 0 replaces the single seeded partition by a consensus over that many
    runs and adds each country's ``stability``.
    """
    if index not in agreement.INDICES:
        raise GraphmodelError(f"unknown index {index!r}: use one of {', '.join(agreement.INDICES)}")
    if method not in communities.METHODS:
        raise GraphmodelError(f"unknown method {method!r}: use one of {', '.join(communities.METHODS)}")
    calls = filter_rollcalls(dataset.rollcalls, body=body, issues=issues, keywords=keywords,
                             important=important, exclude_amendments=exclude_amendments)
    windows = make_windows(calls, by, start=start, end=end, size=size, step=step, min_rollcalls=min_rollcalls)
    full = vote_matrix(dataset, calls["rollcall_id"].tolist(), harmonize=harmonize)
    node_rows, bloc_rows, partitions = [], [], []
    result = Analysis(pd.DataFrame(), pd.DataFrame(), pd.DataFrame(), pd.DataFrame())
    iterator = progress(windows) if progress else windows
    for order, window in enumerate(iterator):
        vm = full.subset(window.rollcall_ids)
        values, n = agreement.compute(vm, index, absent=absent, min_covotes=min_covotes)
        connected = ~np.all(np.isnan(values) | np.eye(len(values), dtype=bool), axis=1)
        codes = [c for c, keep in zip(vm.countries, connected) if keep]
        values, n = values[np.ix_(connected, connected)], n[np.ix_(connected, connected)]
        if len(codes) < 2:
            continue
        graph = graphs.complete_graph(values, n, codes, name=window.label)
        weights = np.where(np.eye(len(codes), dtype=bool), 0, np.nan_to_num(values))
        if consensus_runs:
            blocs, stability = communities.consensus(graph, method, runs=consensus_runs, resolution=resolution,
                                                     random_state=random_state)
        else:
            blocs = communities.detect(graph, method, resolution=resolution, random_state=random_state)
            stability = {}
        names = communities.name_blocs(blocs, window.end)
        q = communities.modularity(graph, blocs, resolution=resolution, weights=weights)
        skeleton = (graphs.disparity_backbone(graph, alpha, weights=weights, baseline="median")
                    if backbone == "disparity" else graphs.backbone(graph, backbone, **({"k": k} if backbone == "knn" else {})))
        metrics = centrality.node_metrics(graph, blocs, distance_graph=skeleton, weights=weights)
        bloc_of = {c: b for b, bloc in enumerate(blocs) for c in bloc}
        for iso3, row in metrics.iterrows():
            node_rows.append({"window": window.label, "window_order": order, "iso3": iso3,
                              "name": graph.nodes[iso3]["name"], "local_bloc": bloc_of[iso3],
                              "bloc_name": names[bloc_of[iso3]], "stability": stability.get(iso3),
                              **row.to_dict()})
        for b, bloc in enumerate(blocs):
            bloc_rows.append({"window": window.label, "local_bloc": b, "name": names[b], "size": len(bloc),
                              "members": " ".join(sorted(bloc)), "modularity": q,
                              "start": window.start.date(), "end": window.end.date(),
                              "rollcalls": len(window.rollcall_ids)})
        partitions.append((window.label, blocs))
        nx.set_node_attributes(graph, {c: names[bloc_of[c]] for c in graph}, "bloc")
        result.graphs[window.label] = graph
        result.backbones[window.label] = skeleton
        result.matrices[window.label] = vm
    if not partitions:
        raise GraphmodelError("no window had enough co-votes to build a graph")
    ids, transitions = tracking.track(partitions, threshold=track_threshold)
    persistent = {(label, b): ids[w][b] for w, (label, blocs) in enumerate(partitions) for b in range(len(blocs))}
    nodes = pd.DataFrame(node_rows)
    nodes.insert(3, "bloc", [persistent[(w, b)] for w, b in zip(nodes["window"], nodes["local_bloc"])])
    blocs_table = pd.DataFrame(bloc_rows)
    blocs_table.insert(1, "bloc", [persistent[(w, b)] for w, b in zip(blocs_table["window"], blocs_table["local_bloc"])])
    for label, graph in result.graphs.items():
        nx.set_node_attributes(graph, {r.iso3: int(r.bloc) for r in nodes[nodes["window"] == label].itertuples()}, "bloc_id")
    result.nodes, result.blocs, result.transitions = nodes, blocs_table, transitions
    result.switches = tracking.bloc_switches(nodes)
    result.params = dict(body=body, by=by, index=index, absent=absent, method=method, resolution=resolution,
                         random_state=random_state, min_covotes=min_covotes, backbone=backbone, alpha=alpha)
    return result


def summary(result: Analysis, focus: str = "USA") -> str:
    """Blocs of the latest window and where ``focus`` sits, as text."""
    last = result.blocs["window"].iloc[-1]
    blocs = result.blocs[result.blocs["window"] == last]
    lines = [f"Latest window {last} ({blocs['rollcalls'].iloc[0]} roll calls, modularity {blocs['modularity'].iloc[0]:.3f}):"]
    for row in blocs.itertuples():
        members = row.members.split()
        lines.append(f"  bloc {row.bloc:>3} {row.name:<22} {row.size:>3} members: {' '.join(members[:12])}"
                     + (" …" if len(members) > 12 else ""))
    nodes = result.nodes[(result.nodes["window"] == last)].set_index("iso3")
    if focus in nodes.index:
        me = nodes.loc[focus]
        lines.append(f"{focus} sits in bloc {me['bloc']} ({me['bloc_name']}); participation {me['participation']:.2f}, "
                     f"strength rank {int(nodes['strength'].rank(ascending=False)[focus])} of {len(nodes)}")
        vm = result.matrices[last]
        values, _ = agreement.compute(vm, result.params["index"], absent=result.params["absent"],
                                      min_covotes=result.params["min_covotes"])
        i = vm.countries.index(focus)
        row = pd.Series(values[i], index=vm.countries).drop(focus).dropna().sort_values()
        lines.append(f"  closest to {focus}: " + ", ".join(f"{c} {v:.2f}" for c, v in row[::-1].head(5).items()))
        lines.append(f"  furthest from {focus}: " + ", ".join(f"{c} {v:.2f}" for c, v in row.head(5).items()))
    events = result.transitions["event"].value_counts().to_dict()
    lines.append(f"Tracking over {result.blocs['window'].nunique()} windows: {events}")
    return "\n".join(lines)

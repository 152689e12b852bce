"""The main job: windows → agreement → graph → blocs → centrality → tracking, in one call.

>>> from graphmodel import load_dataset
>>> from graphmodel.pipeline import analyze
>>> result = analyze(load_dataset(), by="year", start="2024-01-01", end="2025-12-31")
>>> sorted(result.blocs["window"].unique())
['2024', '2025']
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx
import pandas as pd

from . import agreement, centrality, communities, graphs, tracking
from .errors import GraphmodelError
from .windows import filter_rollcalls, make_windows, vote_matrix


@dataclass
class Analysis:
    """Tables of one run. ``nodes``: window × country; ``blocs``: window × bloc;
    ``transitions``: bloc events; ``graphs``: window label → complete networkx graph."""

    nodes: pd.DataFrame
    blocs: pd.DataFrame
    transitions: pd.DataFrame
    switches: pd.DataFrame
    graphs: Mapping = field(default_factory=dict)
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


class LazyGraphs(Mapping):
    """Window label → complete agreement graph, built on first access.

    A session's complete graph has ~18,000 edges; building all 80 as networkx objects costs
    more than the whole analysis, which runs on the matrices, so they are made when asked for.
    Each graph carries node attributes ``bloc`` (name) and ``bloc_id`` (persistent id).
    """

    def __init__(self):
        self._frames: dict = {}
        self._built: dict = {}
        self.nodes: pd.DataFrame | None = None

    def add(self, label: str, values: pd.DataFrame, n: pd.DataFrame) -> None:
        self._frames[label] = (values, n)
        self._built.pop(label, None)

    def node_attributes(self, label: str) -> dict:
        if self.nodes is None:
            return {}
        rows = self.nodes[self.nodes["window"] == label]
        return {
            iso3: {"bloc": name, "bloc_id": int(bloc)}
            for iso3, name, bloc in zip(rows["iso3"], rows["bloc_name"], rows["bloc"])
        }

    def frame(self, label: str) -> tuple[pd.DataFrame, pd.DataFrame]:
        """The agreement and co-vote DataFrames behind a window's graph."""
        return self._frames[label]

    def __getitem__(self, label: str) -> nx.Graph:
        if label not in self._built:
            values, n = self._frames[label]
            graph = graphs.complete_graph(values.to_numpy(), n.to_numpy(), list(values.index), name=label)
            nx.set_node_attributes(graph, self.node_attributes(label))
            self._built[label] = graph
        return self._built[label]

    def __iter__(self):
        return iter(self._frames)

    def __len__(self) -> int:
        return len(self._frames)


def _safe(label: str) -> str:
    return label.replace("/", "-").replace(":", "-").replace("..", "_to_")


def analyze(
    dataset,
    *,
    body: str = "GA",
    by: str = "session",
    start=None,
    end=None,
    size=None,
    step=None,
    issues=None,
    keywords=None,
    important: bool = False,
    exclude_amendments: bool = False,
    index: str = "agree",
    absent: str = "exclude",
    min_covotes: int = 10,
    min_rollcalls: int = 10,
    method: str = "louvain",
    resolution: float = 1.0,
    random_state: int = 0,
    consensus_runs: int = 0,
    backbone: str = "knn",
    alpha: float = 0.05,
    k: int = 8,
    track_threshold: float = 0.3,
    harmonize: bool = True,
    progress=None,
) -> Analysis:
    """Run the whole analysis over windows of ``body`` and return its tables.

    ``consensus_runs`` > 0 replaces the single seeded partition by a consensus over that many
    runs and adds each country's ``stability``.
    """
    if index not in agreement.INDICES:
        raise GraphmodelError(f"unknown index {index!r}: use one of {', '.join(agreement.INDICES)}")
    if method not in communities.METHODS:
        raise GraphmodelError(f"unknown method {method!r}: use one of {', '.join(communities.METHODS)}")
    calls = filter_rollcalls(
        dataset.rollcalls,
        body=body,
        issues=issues,
        keywords=keywords,
        important=important,
        exclude_amendments=exclude_amendments,
    )
    windows = make_windows(calls, by, start=start, end=end, size=size, step=step, min_rollcalls=min_rollcalls)
    full = vote_matrix(dataset, calls["rollcall_id"].tolist(), harmonize=harmonize)
    node_rows, bloc_rows, partitions = [], [], []
    result = Analysis(pd.DataFrame(), pd.DataFrame(), pd.DataFrame(), pd.DataFrame(), graphs=LazyGraphs())
    iterator = progress(windows) if progress else windows
    for order, window in enumerate(iterator):
        vm = full.subset(window.rollcall_ids)
        values, n = agreement.frame(vm, index, absent=absent, min_covotes=min_covotes)
        if len(values) < 2:
            continue
        if consensus_runs:
            blocs, stability = communities.consensus(
                values, method, runs=consensus_runs, resolution=resolution, random_state=random_state
            )
        else:
            blocs = communities.detect(values, method, resolution=resolution, random_state=random_state)
            stability = {}
        names = communities.name_blocs(blocs, window.end)
        q = communities.modularity(values, blocs, resolution=resolution)
        options = (
            {"alpha": alpha, "baseline": "median"} if backbone == "disparity" else {"k": k} if backbone == "knn" else {}
        )
        skeleton = graphs.backbone(values, backbone, covotes=n, name=window.label, **options)
        metrics = centrality.node_metrics(values, blocs, distance_graph=skeleton)
        bloc_of = {c: b for b, bloc in enumerate(blocs) for c in bloc}
        country_names = nx.get_node_attributes(skeleton, "name")
        for iso3, row in zip(metrics.index, metrics.to_dict("records")):
            node_rows.append(
                {
                    "window": window.label,
                    "window_order": order,
                    "iso3": iso3,
                    "name": country_names[iso3],
                    "local_bloc": bloc_of[iso3],
                    "bloc_name": names[bloc_of[iso3]],
                    "stability": stability.get(iso3),
                    **row,
                }
            )
        for b, bloc in enumerate(blocs):
            bloc_rows.append(
                {
                    "window": window.label,
                    "local_bloc": b,
                    "name": names[b],
                    "size": len(bloc),
                    "members": " ".join(sorted(bloc)),
                    "modularity": q,
                    "start": window.start.date(),
                    "end": window.end.date(),
                    "rollcalls": len(window.rollcall_ids),
                }
            )
        partitions.append((window.label, blocs))
        nx.set_node_attributes(skeleton, {c: names[bloc_of[c]] for c in skeleton}, "bloc")
        result.graphs.add(window.label, values, n)
        result.backbones[window.label] = skeleton
        result.matrices[window.label] = vm
    if not partitions:
        raise GraphmodelError("no window had enough co-votes to build a graph")
    ids, transitions = tracking.track(partitions, threshold=track_threshold)
    persistent = {(label, b): ids[w][b] for w, (label, blocs) in enumerate(partitions) for b in range(len(blocs))}
    nodes = pd.DataFrame(node_rows)
    nodes.insert(3, "bloc", [persistent[(w, b)] for w, b in zip(nodes["window"], nodes["local_bloc"])])
    blocs_table = pd.DataFrame(bloc_rows)
    blocs_table.insert(
        1, "bloc", [persistent[(w, b)] for w, b in zip(blocs_table["window"], blocs_table["local_bloc"])]
    )
    result.graphs.nodes = nodes
    for label, skeleton in result.backbones.items():
        nx.set_node_attributes(skeleton, result.graphs.node_attributes(label))
    result.nodes, result.blocs, result.transitions = nodes, blocs_table, transitions
    result.switches = tracking.bloc_switches(nodes)
    result.params = dict(
        body=body,
        by=by,
        index=index,
        absent=absent,
        method=method,
        resolution=resolution,
        random_state=random_state,
        min_covotes=min_covotes,
        backbone=backbone,
        alpha=alpha,
    )
    return result


def summary(result: Analysis, focus: str = "USA") -> str:
    """Blocs of the latest window and where ``focus`` sits, as text."""
    last = result.blocs["window"].iloc[-1]
    blocs = result.blocs[result.blocs["window"] == last]
    lines = [
        f"Latest window {last} ({blocs['rollcalls'].iloc[0]} roll calls, modularity {blocs['modularity'].iloc[0]:.3f}):"
    ]
    for row in blocs.itertuples():
        members = row.members.split()
        lines.append(
            f"  bloc {row.bloc:>3} {row.name:<22} {row.size:>3} members: {' '.join(members[:12])}"
            + (" …" if len(members) > 12 else "")
        )
    nodes = result.nodes[(result.nodes["window"] == last)].set_index("iso3")
    if focus in nodes.index:
        me = nodes.loc[focus]
        lines.append(
            f"{focus} sits in bloc {me['bloc']} ({me['bloc_name']}); participation {me['participation']:.2f}, "
            f"strength rank {int(nodes['strength'].rank(ascending=False)[focus])} of {len(nodes)}"
        )
        values, _ = result.graphs.frame(last)
        row = values.loc[focus].drop(focus).dropna().sort_values()
        lines.append(f"  closest to {focus}: " + ", ".join(f"{c} {v:.2f}" for c, v in row[::-1].head(5).items()))
        lines.append(f"  furthest from {focus}: " + ", ".join(f"{c} {v:.2f}" for c, v in row.head(5).items()))
    events = result.transitions["event"].value_counts().to_dict()
    lines.append(f"Tracking over {result.blocs['window'].nunique()} windows: {events}")
    return "\n".join(lines)

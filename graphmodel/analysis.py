"""The analysis API: windows → agreement → graph → blocs → centrality → tracking.

Everything a notebook needs from one module, also exported at the top level:

- :func:`analyze` runs the whole job over windows and returns an :class:`Analysis` of tidy tables;
- :func:`agreement` gives one window's agreement matrix as a DataFrame;
- :func:`compare` gives a pair's (or group's) agreement per window, with bootstrap intervals;
- :func:`shifts` ranks countries by how far their agreement with an anchor moved between two windows.

Options are the three settings objects of :mod:`graphmodel.settings` (``windows``, ``index``,
``blocs``), or their fields as flat keywords (``by="year"``, ``index="kappa"``, ``random_state=1``).

>>> import graphmodel as gm
>>> result = gm.analyze(gm.load_dataset(), by="year", start="2024-01-01", end="2025-12-31")
>>> sorted(result.blocs["window"].unique())
['2024', '2025']
"""

from __future__ import annotations

import dataclasses
import json
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd

from . import engine, graphs, indices, tracking
from .countries import eu_members, resolve  # noqa: F401  (eu_members: re-exported for callers)
from .errors import GraphmodelError
from .groups import canonical as group_name
from .groups import members as group_members
from .groups import names as group_names
from .groups import of_country as groups_of_country
from .resample import bootstrap, pair_draws, percentile_interval
from .settings import Blocs, Index, Windows, as_dict
from .settings import resolve as resolve_settings
from .windows import VoteMatrix

__all__ = ["Analysis", "analyze", "agreement", "compare", "shifts", "summary"]

#: Mean pairwise ARI of the consensus runs at or above which a window's partition counts as stable.
STABLE_ARI = 0.8
#: Groups accepted wherever a country is (see :mod:`graphmodel.groups`): their members at each
#: window's last date. Kept as a mapping name → function(date) for callers of the old ``{"EU": ...}``.
GROUPS = {name: partial(group_members, name) for name in group_names()}


@dataclass
class Analysis:
    """Tables of one run of :func:`analyze`.

    Attributes
    ----------
    nodes : DataFrame
        One row per window × country: ``window``, ``window_order``, ``iso3``, ``bloc`` (persistent
        id), ``name``, ``local_bloc``, ``bloc_name``, ``stability`` (share of consensus runs with
        its bloc), ``unstable`` (stability < 0.8), ``cohesion`` (mean agreement with its bloc-mates),
        ``fit`` (cohesion minus the mean agreement with the closest other bloc; < 0: nearer another
        bloc), ``strength``, ``eigenvector``, ``pagerank``,
        ``closeness``, ``betweenness``, ``participation``.
    blocs : DataFrame
        One row per window × bloc: ``window``, ``bloc``, ``local_bloc``, ``name``, ``size``,
        ``members`` (list of ISO3), ``modularity`` (the representation's quality), ``representation``,
        ``z`` and ``p`` against the vote-permutation null and ``significant`` (with ``null_draws``),
        ``ari`` (mean pairwise ARI of the consensus runs) and ``stable`` (ari ≥ 0.8), ``start``,
        ``end``, ``rollcalls``, ``partial`` (the session or year had not ended at the data's last
        date, or the window is cut by start/end) and ``coverage`` (roll calls over the norm).
    transitions : DataFrame
        Bloc events between consecutive windows (continue, split, merge, birth, death).
    switches : DataFrame
        Countries whose persistent bloc changed between consecutive windows.
    agreement : Mapping
        Window label → square agreement DataFrame (NaN where a pair has too few co-votes).
    covotes : Mapping
        Window label → square DataFrame of shared roll calls per pair.
    graphs : Mapping
        Window label → complete networkx graph, built on first access.
    backbones : dict
        Window label → sparse backbone graph (networkx).
    matrices : dict
        Window label → :class:`~graphmodel.windows.VoteMatrix`.
    params : dict
        The settings of the run, the package version and the dataset it read.
    """

    nodes: pd.DataFrame
    blocs: pd.DataFrame
    transitions: pd.DataFrame
    switches: pd.DataFrame
    graphs: Mapping = field(default_factory=dict)
    backbones: dict = field(default_factory=dict)
    matrices: dict = field(default_factory=dict)
    agreement: dict = field(default_factory=dict)
    covotes: dict = field(default_factory=dict)
    params: dict = field(default_factory=dict)

    @property
    def windows(self) -> list[str]:
        """Window labels in order."""
        return list(self.agreement)

    def write(self, out: str | Path, *, graph_format: str | None = "graphml", progress=None) -> Path:
        """Write the tables as CSV, ``params.json``, and (unless ``graph_format`` is None) one
        graph file per window under ``graphs/``: ``graphml`` or ``gexf``, gzip-compressed with a
        ``.gz`` suffix (``graphml.gz``: about a tenth of the size). Bloc members are written
        space-separated. ``progress`` wraps the loop over graph files (e.g. ``tqdm``)."""
        out = Path(out)
        out.mkdir(parents=True, exist_ok=True)
        self.nodes.drop(columns="window_order").to_csv(out / "nodes.csv", index=False)
        blocs = self.blocs.assign(members=self.blocs["members"].map(" ".join))
        blocs.to_csv(out / "blocs.csv", index=False)
        self.transitions.to_csv(out / "transitions.csv", index=False)
        self.switches.to_csv(out / "switches.csv", index=False)
        (out / "params.json").write_text(json.dumps(self.params, indent=1, default=str) + "\n")
        if graph_format:
            (out / "graphs").mkdir(exist_ok=True)
            labels = progress(list(self.graphs), desc="graph files", unit="file") if progress else self.graphs
            for label in labels:
                # networkx compresses when the path ends in .gz
                graphs.write_graph(
                    self.graphs[label], out / "graphs" / f"{_safe(label)}.{graph_format}", graph_format.split(".")[0]
                )
        return out


class LazyGraphs(Mapping):
    """Window label → complete agreement graph, built on first access.

    A session's complete graph has ~18,000 edges; building all 80 as networkx objects costs
    more than the whole analysis, which runs on the matrices, so they are made when asked for.
    Each graph carries node attributes ``bloc`` (name), ``bloc_id`` (persistent id) and ``groups``
    (the country's groups at the window's last date, ``;``-separated: "G77;NAM;OIC").
    """

    def __init__(self, agreement: Mapping, covotes: Mapping):
        self._agreement, self._covotes = agreement, covotes
        self._built: dict = {}
        self.nodes: pd.DataFrame | None = None
        self.window_ends: dict = {}

    def node_attributes(self, label: str) -> dict:
        if self.nodes is None:
            return {}
        rows = self.nodes[self.nodes["window"] == label]
        # Ideal points, when graphmodel.idealpoints.attach added them to the nodes table.
        extra = [c for c in ("ideal", "ideal_lo", "ideal_hi") if c in rows]
        member_of = groups_of_country(self.window_ends[label]) if label in self.window_ends else {}
        return {
            iso3: {
                "name": country,  # as the seat was called then (engine._period_names)
                "bloc": name,
                "bloc_id": int(bloc),
                "groups": ";".join(member_of.get(iso3, [])),
                **{c: float(r[c]) for c in extra if pd.notna(r[c])},
            }
            for iso3, country, name, bloc, r in zip(
                rows["iso3"], rows["name"], rows["bloc_name"], rows["bloc"], rows[extra].to_dict("records")
            )
        }

    def __getitem__(self, label: str) -> nx.Graph:
        if label not in self._built:
            values, n = self._agreement[label], self._covotes[label]
            graph = graphs.complete_graph(values.to_numpy(), n.to_numpy(), list(values.index), name=label)
            nx.set_node_attributes(graph, self.node_attributes(label))
            self._built[label] = graph
        return self._built[label]

    def __iter__(self):
        return iter(self._agreement)

    def __len__(self) -> int:
        return len(self._agreement)


def _safe(label: str) -> str:
    return label.replace("/", "-").replace(":", "-").replace("..", "_to_")


def _dataset_record(dataset) -> dict:
    record = {"rollcalls": len(dataset.rollcalls), "votes": len(dataset.votes)}
    if getattr(dataset, "source", None):
        record["folder"] = str(dataset.source)
    if len(dataset.rollcalls):
        record["last_date"] = str(pd.Timestamp(dataset.rollcalls["date"].max()).date())
    return record


def _params(dataset, *settings) -> dict:
    from . import __version__

    record = {"graphmodel": __version__, **as_dict(*settings), "dataset": _dataset_record(dataset)}
    windows = next((s for s in settings if isinstance(s, Windows)), None)
    if windows is not None:
        record["warnings"] = coverage_warnings(dataset, windows) + left_out_warnings(dataset, windows)
    return record


def coverage_warnings(dataset, windows: Windows) -> list[str]:
    """Years of the requested period a filter cannot see (:func:`graphmodel.topics.coverage_warnings`)."""
    from .topics import coverage_warnings as gaps

    return gaps(dataset.rollcalls[dataset.rollcalls["body"] == windows.body], windows)


def left_out_warnings(dataset, windows: Windows) -> list[str]:
    """The windows of the period dropped for having fewer than ``min_rollcalls`` roll calls, named
    with their sizes (a table that silently skips 1964 reads as if the year had no votes).

    >>> import graphmodel as gm
    >>> left_out_warnings(gm.load_dataset(), Windows(by="year", start="1950-01-01", end="1952-12-31"))
    ['1 window left out with fewer than 10 roll calls (--min-rollcalls): 1951 (7 roll calls)']
    """
    if windows.min_rollcalls <= 1 or windows.by in ("range", "rolling"):
        return []  # a range is one window (an error when too small); rolling windows are cut by size
    try:
        every = dataset.windows(dataclasses.replace(windows, min_rollcalls=1))
    except GraphmodelError:
        return []
    messages = []
    small = [(w.label, len(w.rollcall_ids)) for w in every if len(w.rollcall_ids) < windows.min_rollcalls]
    if small:
        listed = ", ".join(f"{label} ({n} roll call{'s' * (n != 1)})" for label, n in small)
        many = "s" * (len(small) != 1)
        messages.append(
            f"{len(small)} window{many} left out with fewer than {windows.min_rollcalls} roll calls "
            f"(--min-rollcalls): {listed}"
        )
    labels = sorted(int(w.label) for w in every if w.label.isdigit())
    if windows.by in ("year", "session") and labels:
        from .topics import _span

        # a year with no recorded vote at all (1964: session 19 voted once, in February 1965)
        empty = sorted(set(range(labels[0], labels[-1] + 1)) - set(labels))
        if empty:
            what = "roll call matching the filters" if windows.issues or windows.keywords else "roll call"
            messages.append(f"no {windows.by} window for {_span(empty)}: no {what} then")
    return messages


def analyze(
    dataset,
    windows: Windows | None = None,
    index: Index | str | None = None,
    blocs: Blocs | None = None,
    *,
    progress=None,
    **options,
) -> Analysis:
    """Run the whole analysis over windows and return its tables.

    Parameters
    ----------
    dataset : Dataset
        From :func:`graphmodel.load_dataset` or :meth:`graphmodel.Dataset.from_frames`.
    windows, index, blocs : settings objects, optional
        :class:`~graphmodel.settings.Windows`, :class:`~graphmodel.settings.Index` (or an index
        name), :class:`~graphmodel.settings.Blocs`; defaults: GA sessions, ``agree``, consensus blocs on
        the k-NN representation, seed 0, no significance null (``null_draws=99`` adds it).
    progress : callable, optional
        Wraps the iterator of finished windows (e.g. ``tqdm``).
    **options
        Any settings field as a flat keyword (``by="year"``, ``min_covotes=20``, ``random_state=1``);
        unknown names are an error.

    Returns
    -------
    Analysis
        Tidy tables (``nodes``, ``blocs``, ``transitions``, ``switches``), agreement matrices,
        graphs and the ``params`` that made them.

    Notes
    -----
    Blocs: by default Louvain (Blondel et al. 2008) modularity on each window's k-NN backbone of
    Voeten agreement, as the consensus (Lancichinetti & Fortunato 2012) of 5 seeds at resolutions
    0.9/1/1.1, chosen over the complete graph, the chance-corrected signed graph and CPM by
    ``tools/compare_representations.py``; ``null_draws`` tests each window against votes permuted
    within each roll call, detection re-run per draw (:mod:`graphmodel.significance`). Names are
    period-true (USSR, EEC/EC/EU, Warsaw Pact, NATO by date). Tracking by Jaccard matching
    (Greene, Doyle & Cunningham 2010); participation coefficient (Guimerà & Amaral 2005).

    Examples
    --------
    >>> import graphmodel as gm
    >>> r = gm.analyze(gm.load_dataset(), by="year", start="2025-01-01", end="2025-12-31", index="kappa")
    >>> r.params["index"]["name"], r.windows
    ('kappa', ['2025'])
    """
    windows, index, blocs = resolve_settings(windows, index, blocs, **options)
    prepared = []
    for window, vm in dataset.window_matrices(windows):
        values, n = indices.frame(vm, index.name, **index.kwargs(window))
        if len(values) >= 2:
            prepared.append((window, vm, values, n))
    computed = {}
    if blocs.representation != "index" and prepared:
        from . import significance

        computed = significance.blocs_for_windows(
            {window.label: (vm, list(values.index)) for window, vm, values, _ in prepared},
            consensus=blocs.consensus_runs > 0,
            seeds=max(blocs.consensus_runs, 1),
            draws=blocs.null_draws,
            **significance.options_for(blocs, index),
        )
    settings = engine.Settings(
        index=index.name,
        absent=index.absent,
        min_covotes=index.min_covotes,
        method=blocs.method,
        resolution=blocs.resolution,
        random_state=blocs.random_state,
        consensus_runs=blocs.consensus_runs,
        backbone=blocs.backbone,
        backbone_options=blocs.backbone_kwargs(),
        closeness=blocs.closeness,
    )
    # With a representation other than "index" the blocs come from significance (computed above);
    # the engine then only adds indices, backbone and centrality around them.
    tasks = [
        (
            vm.codes,
            vm.countries,
            computed[window.label][0].blocs if computed else None,
            index.kwargs(window)["absent"],  # per window: a convention's absence rule can depend on the year
        )
        for window, vm, _, _ in prepared
    ]
    results = engine.run(tasks, settings, jobs=blocs.jobs or None, progress=progress)
    tables = engine.assemble([window for window, _, _, _ in prepared], results, track_threshold=blocs.track_threshold)
    _add_bloc_evidence(tables, prepared, computed, blocs)
    agreement_frames: dict = {}
    covote_frames: dict = {}
    result = Analysis(
        tables["nodes"],
        tables["blocs"],
        tables["transitions"],
        tables["switches"],
        agreement=agreement_frames,
        covotes=covote_frames,
    )
    kept = {}
    for (window, vm, _, _), window_result in zip(prepared, results):
        if window_result is None:
            continue
        agreement_frames[window.label], covote_frames[window.label] = window_result.frames()
        result.matrices[window.label] = vm
        kept[window.label] = window_result
    result.graphs = LazyGraphs(agreement_frames, covote_frames)
    result.graphs.window_ends.update({window.label: window.end for window, _, _, _ in prepared})
    result.graphs.nodes = result.nodes
    result.backbones = LazyBackbones(kept, result.graphs, f"{blocs.backbone} {_backbone_label(blocs)}")
    result.params = _params(dataset, windows, index, blocs)
    return result


def _add_bloc_evidence(tables: dict, prepared: list, computed: dict, blocs: Blocs) -> None:
    """The columns that come from :mod:`graphmodel.significance` (stability, unstable members,
    cohesion and fit; the quality, significance and stability of each window's partition) and the
    window's calendar flags, added to the engine's tables in place."""
    nodes, table = tables["nodes"], tables["blocs"]
    found = {label: result for label, (result, _) in computed.items()}
    tests = {label: test for label, (_, test) in computed.items()}
    windows = {window.label: window for window, _, _, _ in prepared}

    def per_country(attribute):
        return [
            (getattr(found[w], attribute) or {}).get(c) if w in found else None
            for w, c in zip(nodes["window"], nodes["iso3"])
        ]

    if found:
        nodes["stability"] = per_country("stability")
    at = nodes.columns.get_loc("stability") + 1
    unstable = {w: set(found[w].unstable) for w in found}
    nodes.insert(at, "unstable", [c in unstable.get(w, ()) for w, c in zip(nodes["window"], nodes["iso3"])])
    nodes.insert(at + 1, "cohesion", per_country("cohesion"))
    nodes.insert(at + 2, "fit", per_country("fit"))
    label = table["window"]
    if found:
        table["modularity"] = [found[w].quality if w in found else q for w, q in zip(label, table["modularity"])]
    ari = [found[w].ari if w in found else None for w in label]
    test = [tests.get(w) for w in label]
    at = table.columns.get_loc("modularity") + 1
    table.insert(at, "representation", blocs.representation)
    table.insert(at + 1, "z", [t.z if t else None for t in test])
    table.insert(at + 2, "p", [t.p if t else None for t in test])
    table.insert(at + 3, "significant", [(t.p < blocs.significance_level) if t else None for t in test])
    table.insert(at + 4, "ari", ari)
    table.insert(at + 5, "stable", [(a >= STABLE_ARI) if a is not None else None for a in ari])
    table["partial"] = [windows[w].partial for w in label]
    table["coverage"] = [windows[w].coverage for w in label]


def _backbone_label(blocs: Blocs) -> str:
    # the graph attribute the networkx backbones have always carried
    return {"knn": f"k={blocs.k}", "disparity": f"alpha={blocs.alpha}", "threshold": f"{blocs.threshold}"}[
        blocs.backbone
    ]


class LazyBackbones(Mapping):
    """Window label → backbone as a networkx graph (edges ``weight`` and ``n``; nodes ``iso3``,
    ``name``, ``regional_group``, ``bloc``, ``bloc_id``), built on first access from the engine's
    edge arrays: most runs never look at them, and building 80 networkx graphs is slow."""

    def __init__(self, results: dict, graphs: LazyGraphs, label: str):
        self._results, self._graphs, self._label = results, graphs, label
        self._built: dict = {}

    def __getitem__(self, label: str) -> nx.Graph:
        if label not in self._built:
            graph = self._results[label].backbone_graph(name=label, backbone=self._label)
            nx.set_node_attributes(graph, self._graphs.node_attributes(label))
            self._built[label] = graph
        return self._built[label]

    def __iter__(self):
        return iter(self._results)

    def __len__(self) -> int:
        return len(self._results)


def stability_note(row) -> str | None:
    """What the consensus runs say of one window's partition (a row of ``Analysis.blocs``), in the
    words the summary and the figures share: None when it is stable (mean pairwise ARI of the
    runs at least :data:`STABLE_ARI`) or was not measured (one run).

    >>> stability_note({"stable": False, "ari": 0.62})
    'unstable partition: consensus runs agree only to ARI 0.62'
    """
    stable = row.get("stable")
    if stable is None or pd.isna(stable) or bool(stable):
        return None
    return f"unstable partition: consensus runs agree only to ARI {row['ari']:.2f}"


def summary(result: Analysis, focus: str = "USA", window: str | None = None) -> str:
    """Blocs of one window and where ``focus`` sits, as text.

    ``window`` defaults to the latest *complete* window: a session or year that had not ended at
    the data's last date (``partial``) is named but not summarised. A window whose bloc structure
    is not significant against the null says so instead of presenting blocs as real.
    ``focus`` must be a country present in that window; anything else is an error, not silence.
    """
    order = list(dict.fromkeys(result.blocs["window"]))
    flags = result.blocs.drop_duplicates("window").set_index("window")
    partial = flags["partial"] if "partial" in flags else pd.Series(False, index=flags.index)
    if window is None:
        complete = [w for w in order if not bool(partial.get(w, False))]
        last = complete[-1] if complete else order[-1]
    elif str(window) in order:
        last = str(window)
    else:
        raise GraphmodelError(f"no window {window!r} in this analysis (windows: {order[0]} … {order[-1]})")
    blocs = result.blocs[result.blocs["window"] == last]
    top = blocs.iloc[0]
    index = result.params.get("index", {}).get("name", "agree")
    representation = top.get("representation", "index")
    coverage = top.get("coverage")
    size = f"{top['rollcalls']} roll calls" + (
        f", {coverage:.2f}× the usual" if coverage is not None and pd.notna(coverage) else ""
    )
    label = (
        "Latest complete window" if window is None and last != order[-1] else "Window" if window else "Latest window"
    )
    lines = [
        f"{label} {last} ({top['start']} to {top['end']}, {size}, index {index}, "
        f"blocs on {representation}, quality {top['modularity']:.3f}):"
    ]
    if bool(partial.get(last, False)):
        lines.append("  partial window: not finished at the data's last date (or cut by --from/--to)")
    significant = top.get("significant")
    if significant is not None and pd.notna(significant):
        if not bool(significant):
            lines.append(
                f"  no significant bloc structure (z {top['z']:.1f}, p {top['p']:.3f} against the vote-permutation "
                "null): the blocs below do not differ from chance"
            )
        else:
            lines.append(f"  bloc structure significant: z {top['z']:.1f}, p {top['p']:.3f} (vote-permutation null)")
    else:
        lines.append("  bloc significance not tested (null_draws=0; --null-draws 99 tests it against permuted votes)")
    unstable = stability_note(top)
    if unstable:
        lines.append(f"  {unstable}")
    for row in blocs.itertuples():
        members = list(row.members)
        lines.append(
            f"  bloc {row.bloc:>3} {row.name:<22} {row.size:>3} members: {' '.join(members[:12])}"
            + (" …" if len(members) > 12 else "")
        )
    nodes = result.nodes[(result.nodes["window"] == last)].set_index("iso3")
    if "unstable" in nodes and nodes["unstable"].any():
        shaky = sorted(nodes.index[nodes["unstable"].astype(bool)])
        lines.append(
            f"  unstable countries (with their bloc in < 80% of runs): {' '.join(shaky[:15])}"
            + (f" … ({len(shaky)})" if len(shaky) > 15 else "")
        )
    code = _code(focus)
    if code not in nodes.index:
        raise GraphmodelError(f"{focus!r} is not in window {last} (no defined agreement there)")
    me = nodes.loc[code]
    attachment = ""
    if "cohesion" in me and pd.notna(me["cohesion"]):
        median = nodes["cohesion"].median()
        attachment = f"mean agreement with its bloc {me['cohesion']:.2f} (median country {median:.2f}), "
        if pd.notna(me["fit"]) and me["fit"] < 0:
            attachment += "nearer another bloc on average, "
    lines.append(
        f"{code} sits in bloc {me['bloc']} ({me['bloc_name']}); {attachment}participation {me['participation']:.2f}, "
        f"strength rank {int(nodes['strength'].rank(ascending=False)[code])} of {len(nodes)}"
    )
    row = result.agreement[last].loc[code].drop(code).dropna().sort_values()
    lines.append(f"  closest to {code}: " + ", ".join(f"{c} {v:.2f}" for c, v in row[::-1].head(5).items()))
    lines.append(f"  furthest from {code}: " + ", ".join(f"{c} {v:.2f}" for c, v in row.head(5).items()))
    later = [w for w in order[order.index(last) + 1 :] if bool(partial.get(w, False))]
    if later and window is None:
        lines.append(f"Partial window(s) not summarised: {', '.join(later)} (summary(result, window=...) shows them)")
    events = result.transitions["event"].value_counts()
    verbs = {"continue": "continued", "birth": "born", "death": "ended", "split": "split", "merge": "merged"}
    told = ", ".join(f"{n} {verbs.get(event, event)}" for event, n in events.items())
    lines.append(
        f"Bloc tracking between consecutive windows ({result.blocs['window'].nunique()} windows, Jaccard overlap "
        f"of members), blocs: {told or 'no transitions'}"
    )
    return "\n".join(lines)


def agreement(
    dataset, window: str, index: Index | str | None = None, windows: Windows | None = None, **options
) -> pd.DataFrame:
    """One window's agreement matrix as a square DataFrame indexed by ISO3.

    Parameters
    ----------
    dataset : Dataset
    window : str
        A window label as :func:`analyze` names them ("79", "2025", "2025-01-20..2025-12-31").
    index, windows, **options
        As for :func:`analyze` (only window and index settings apply).

    Examples
    --------
    >>> import graphmodel as gm
    >>> a = gm.agreement(gm.load_dataset(), "79")
    >>> bool(a.loc["USA", "ISR"] > a.loc["USA", "RUS"])
    True
    """
    windows, index, _ = resolve_settings(windows, index, None, **options)
    for found, vm in dataset.window_matrices(windows):
        if found.label == window:
            return indices.frame(vm, index.name, **index.kwargs(found))[0]
    raise GraphmodelError(f"no window {window!r} (by {windows.by}); windows are labelled like '79', '2025' or A..B")


def _code(name: str, date=None) -> str:
    try:
        return resolve(name, date)
    except GraphmodelError:
        raise GraphmodelError(f"unknown country {name!r}") from None


def _side(name: str, date, harmonize: bool = False) -> list[str]:
    """A country, or a group's members at ``date``, as ISO3 codes; with ``harmonize`` as the
    continuing seat the vote matrices use (SUN → RUS), so a historic code finds its row."""
    group = group_name(name)
    codes = group_members(group, date) if group else [_code(name)]
    if harmonize:
        from .countries import harmonize as harmonize_codes

        codes = list(dict.fromkeys(harmonize_codes(np.array(codes, dtype=object))))
    return codes


def _group_mean(values: np.ndarray, n: np.ndarray, rows: list[int], cols: list[int]) -> tuple[float, int]:
    """Mean agreement over the defined pairs between two sets of rows (never a row with itself)."""
    pairs = [(i, j) for i in rows for j in cols if i != j]
    if not pairs:
        return np.nan, 0
    i, j = np.array(pairs).T
    block = values[i, j]
    defined = ~np.isnan(block)
    if not defined.any():
        # undefined (too few shared votes): the count still says how many there were
        return np.nan, int(n[i, j].max(initial=0))
    return float(block[defined].mean()), int(n[i, j][defined].max(initial=0))


def _check_bootstrap(n_boot, ci) -> None:
    if isinstance(n_boot, bool) or not isinstance(n_boot, int) or n_boot < 0:
        raise GraphmodelError(f"n_boot must be an integer >= 0 (value: {n_boot!r})")
    if not 0 < ci < 1:
        raise GraphmodelError(f"ci must be in (0, 1) (value: {ci!r})")


def compare(
    dataset,
    a: str,
    b: str,
    windows: Windows | None = None,
    index: Index | str | None = None,
    *,
    n_boot: int = 0,
    ci: float = 0.95,
    random_state: int = 0,
    **options,
) -> pd.DataFrame:
    """Agreement of ``a`` with ``b`` per window; either may be a group ("EU": its members then).

    Parameters
    ----------
    dataset : Dataset
    a, b : str
        ISO3 code, country name, or a group in :data:`GROUPS`; a group side averages over its
        members at each window's last date. ``compare(ds, "EU", "USA")`` equals
        ``compare(ds, "USA", "EU")``.
    windows, index, **options
        As for :func:`analyze`.
    n_boot : int
        With ``n_boot`` > 0, adds ``ci_low`` and ``ci_high``: a percentile bootstrap interval from
        resampling each window's roll calls (:func:`graphmodel.resample.bootstrap`).
    ci : float
        Interval coverage.
    random_state : int
        Seed of the bootstrap.

    Returns
    -------
    DataFrame
        ``window, start, end, partial, rollcalls`` (+ ``without_vote``: how many of them are adoptions
        without a vote, with ``with_consensus``), ``n, agreement`` (+ ``ci_low, ci_high``), then every index
        side by side (``agree, coincidence, kappa, pi, s_score``; see ``docs/indices.md`` for why
        they can move in opposite directions); ``partial``: the session or year had not ended at the
        data's last date, or is cut by start/end; ``agreement`` is the chosen index; ``n`` is the
        largest number of shared roll calls among the pairs averaged (among all pairs when none has
        ``min_covotes``: the agreement is NaN then, and ``attrs["params"]["warnings"]`` says so).

    Examples
    --------
    >>> import graphmodel as gm
    >>> t = gm.compare(gm.load_dataset(), "USA", "RUS", by="year", start="2024-01-01", end="2025-12-31")
    >>> list(t["window"]), bool(t["agreement"].iloc[1] < t["agreement"].iloc[0])
    (['2024', '2025'], True)
    """
    _check_bootstrap(n_boot, ci)
    windows, index, _ = resolve_settings(windows, index, None, **options)
    first_date = dataset.rollcalls["date"].max()
    side_a, side_b = _side(a, first_date, windows.harmonize), _side(b, first_date, windows.harmonize)
    if len(side_a) == 1 and side_a == side_b:
        same = f"{a!r} twice" if str(a).upper() == str(b).upper() else f"{a!r} and {b!r}, one seat with merged seats"
        raise GraphmodelError(f"compare needs two different sides (got {same}; harmonize=False keeps them apart)")
    rows = []
    found_a = found_b = False
    for window, vm in dataset.window_matrices(windows):
        left, right = _side(a, window.end, windows.harmonize), _side(b, window.end, windows.harmonize)
        found_a |= any(c in vm.countries for c in left)
        found_b |= any(c in vm.countries for c in right)
        keep = [c for c in dict.fromkeys(left + right) if c in vm.countries]
        small = vm.restrict(keep)
        where = {c: small.countries.index(c) for c in keep}
        rows_a, rows_b = [where[c] for c in left if c in where], [where[c] for c in right if c in where]

        def statistic(m: VoteMatrix, rows_a=rows_a, rows_b=rows_b, window=window) -> float:
            values, n = indices.compute(m, index.name, **index.kwargs(window))
            return _group_mean(values, n, rows_a, rows_b)[0]

        values, n = indices.compute(small, index.name, **index.kwargs(window))
        mean, covotes = _group_mean(values, n, rows_a, rows_b)
        row = {
            "window": window.label,
            "start": window.start.date(),
            "end": window.end.date(),
            # the window's period has not ended by the data's last vote (e.g. session 80 in June 2026)
            "partial": bool(window.partial),
            "rollcalls": len(window.rollcall_ids),
            "n": covotes,
            "agreement": mean,
        }
        if windows.with_consensus:
            # which rows rest partly on adoptions without a vote (read as all present voting yes)
            row["without_vote"] = sum(str(r).startswith("consensus:") for r in window.rollcall_ids)
        if n_boot:
            pairs = np.array([(i, j) for i in rows_a for j in rows_b if i != j], dtype=int).reshape(-1, 2)
            fast = pair_draws(
                small, pairs[:, 0], pairs[:, 1], index.name, n_boot=n_boot, random_state=random_state, **index.kwargs()
            )
            if fast is not None:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore", RuntimeWarning)  # a draw with no defined pair is NaN
                    draws = np.nanmean(fast, axis=1) if len(pairs) else np.full(n_boot, np.nan)
            else:
                draws = bootstrap(statistic, (small,), n_boot, random_state)
            low, high = percentile_interval(draws, ci)
            row.update(ci_low=float(low), ci_high=float(high))
        # every index side by side: they answer different questions (docs/indices.md)
        for name in indices.INDICES:
            kwargs = index.kwargs(window)
            if name != "agree" and kwargs["absent"] == "half":
                kwargs["absent"] = "exclude"  # half credit for absence is defined for agree only
            other, other_n = indices.compute(small, name, **kwargs)
            row[name] = _group_mean(other, other_n, rows_a, rows_b)[0]
        rows.append(row)
    for name, found in ((a, found_a), (b, found_b)):
        if not found:
            raise GraphmodelError(f"{name!r} has no votes in any of these windows (a member then? try other dates)")
    columns = ["window", "start", "end", "partial", "rollcalls"] + (["without_vote"] if windows.with_consensus else [])
    columns += ["n", "agreement"]
    columns += ["ci_low", "ci_high"] if n_boot else []
    columns += list(indices.INDICES)
    table = pd.DataFrame(rows, columns=columns)
    table.attrs["params"] = as_dict(windows, index) | {
        "a": a,
        "b": b,
        "n_boot": n_boot,
        "ci": ci,
        "warnings": coverage_warnings(dataset, windows)
        + left_out_warnings(dataset, windows)
        + _undefined_warnings(table, index.min_covotes)
        + (
            [
                "agreement holds the State Department's coincidence; the 'coincidence' column is this "
                "project's index of that name (identical votes among roll calls where both voted Yes or No), not the report's figure"
            ]
            if index.convention == "statedept"
            else []
        ),
    }
    return table


def _undefined_warnings(table: pd.DataFrame, min_covotes: int) -> list[str]:
    """Windows whose agreement is NaN because the sides shared fewer than ``min_covotes`` votes."""
    short = table[table["agreement"].isna() & (table["n"] < min_covotes)]
    if short.empty:
        return []
    listed = ", ".join(f"{w} ({n} shared)" for w, n in zip(short["window"], short["n"]))
    scope = "every window" if len(short) == len(table) else f"{len(short)} of {len(table)} windows"
    return [
        f"agreement undefined in {scope}: fewer than {min_covotes} shared roll calls (min_covotes, "
        f"--min-covotes): {listed}"
    ]


def _named_window(dataset, spec: str, windows: Windows) -> tuple:
    """A window named like the CLI's --from/--to: a label of ``windows.by`` or ``A..B`` dates."""
    if ".." in str(spec):
        start, end = str(spec).split("..", 1)
        found = dataset.window_matrices(
            Windows(**(as_dict(windows)["windows"] | {"by": "range", "start": start, "end": end, "min_rollcalls": 1}))
        )
        return found[0]
    found = [
        (w, vm)
        for w, vm in dataset.window_matrices(Windows(**(as_dict(windows)["windows"] | {"min_rollcalls": 1})))
        if w.label == str(spec)
    ]
    if not found:
        raise GraphmodelError(f"no window {spec!r} (by {windows.by}); try a session number, a year or A..B dates")
    return found[0]


def shifts(
    dataset,
    window_from: str,
    window_to: str,
    *,
    anchor: str = "USA",
    windows: Windows | None = None,
    index: Index | str | None = None,
    n_boot: int = 500,
    ci: float = 0.95,
    random_state: int = 0,
    **options,
) -> pd.DataFrame:
    """How far every country's agreement with ``anchor`` moved between two windows.

    Parameters
    ----------
    dataset : Dataset
    window_from, window_to : str
        Window labels of ``windows.by`` ("79", "2024") or date ranges "2025-01-20..2025-12-31".
    anchor : str
        The country whose partners are compared.
    windows, index, **options
        As for :func:`analyze` (``start``/``end`` are ignored: the two windows set the dates).
    n_boot, ci, random_state
        Bootstrap draws (both windows' roll calls resampled independently), coverage, seed.

    Returns
    -------
    DataFrame
        ``iso3, name, before, after, shift, ci_low, ci_high``, largest absolute shift first;
        ``attrs["params"]`` names the anchor, the windows and their dates.

    Examples
    --------
    >>> import graphmodel as gm
    >>> t = gm.shifts(gm.load_dataset(), "2024", "2025", by="year", n_boot=0)
    >>> t.attrs["params"]["anchor"]
    'USA'
    """
    _check_bootstrap(n_boot, ci)
    windows, index, _ = resolve_settings(windows, index, None, **options)
    code = _code(anchor)
    (w_from, vm_from), (w_to, vm_to) = (_named_window(dataset, spec, windows) for spec in (window_from, window_to))
    table = tracking.shifts(
        vm_from, vm_to, code, index=index.name, n_boot=n_boot, random_state=random_state, ci=ci, **index.kwargs()
    )
    names = dataset.countries.set_index("iso3")["name"]
    table.insert(1, "name", table["iso3"].map(names))
    ends = {
        side: {
            "window": w.label,
            "start": str(w.start.date()),
            "end": str(w.end.date()),
            "partial": bool(w.partial),
            "rollcalls": len(w.rollcall_ids),
        }
        for side, w in (("from", w_from), ("to", w_to))
    }
    table.attrs["params"] = (
        as_dict(windows, index)
        | ends
        | {
            "anchor": code,
            "n_boot": n_boot,
            "ci": ci,
            "random_state": random_state,
            "warnings": coverage_warnings(dataset, windows) + _shift_window_warnings(ends, windows.min_rollcalls),
        }
    )
    return table


def _shift_window_warnings(ends: dict, min_rollcalls: int) -> list[str]:
    """A named window is always used, so say when one is unfinished or thinner than the analyses allow.

    >>> _shift_window_warnings({"to": {"window": "80", "start": "2025-09-09", "end": "2026-06-04",
    ...     "partial": True, "rollcalls": 9}}, 10)  # doctest: +NORMALIZE_WHITESPACE
    ["window 80 is partial: not finished at the data's last date; it holds its roll calls of 2025-09-09 to 2026-06-04 only",
     'window 80 rests on 9 roll calls, fewer than --min-rollcalls 10 that other analyses require of a window']
    """
    out = []
    for end in ends.values():
        if end["partial"]:
            out.append(
                f"window {end['window']} is partial: not finished at the data's last date; it holds its roll "
                f"calls of {end['start']} to {end['end']} only"
            )
        if end["rollcalls"] < min_rollcalls:
            out.append(
                f"window {end['window']} rests on {end['rollcalls']} roll calls, fewer than --min-rollcalls "
                f"{min_rollcalls} that other analyses require of a window"
            )
    return out

"""The per-window engine: one window's vote codes in, plain arrays and tables out.

:func:`analyze_window` does everything that depends on one window only — the agreement indices
(one stacked product), blocs, modularity, the backbone and the node metrics — with BLAS and
OpenMP pinned to one thread. :func:`run` maps it over windows, in this process or in a pool of
``jobs`` processes; windows are independent and every random step is seeded per window, so
the results are the same for any ``jobs``. :func:`assemble` turns the results into the tidy
tables (naming and tracking need every window, so they run afterwards in the calling process).

Why one thread per window: the matrices are small (~200 × 200), where OpenBLAS's threads cost
more in start-up and contention than they save, and on a busy machine they made the same job
take anything from 4 to 57 s. Parallelism across windows uses the cores instead.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

# Imported here, not on first use: forked workers then inherit it instead of each importing it.
import igraph  # noqa: F401
import numpy as np
import pandas as pd
from threadpoolctl import threadpool_limits

from . import centrality, communities, graphs, parallel, tracking
from .errors import GraphmodelError
from .indices import INDICES, CoVotes
from .windows import VoteMatrix

#: With fewer windows than this, a process pool costs more than it saves.
MANY_WINDOWS = 8
METRICS = ("strength", "eigenvector", "pagerank", "closeness", "betweenness", "participation")


@dataclass(frozen=True)
class Settings:
    """What :func:`analyze_window` needs besides the votes (picklable, for the process pool)."""

    index: str = "agree"
    absent: str = "exclude"
    min_covotes: int = 10
    method: str = "louvain"
    resolution: float = 1.0
    random_state: int = 0
    consensus_runs: int = 0
    backbone: str = "knn"
    backbone_options: dict = field(default_factory=lambda: {"k": 8})
    closeness: str = "backbone"
    extra_indices: tuple = ()

    def __post_init__(self):
        for name in (self.index, *self.extra_indices):
            if name not in INDICES:
                raise GraphmodelError(f"unknown index {name!r}: use one of {', '.join(INDICES)}")
        if self.method not in communities.METHODS:
            raise GraphmodelError(f"unknown method {self.method!r}: use one of {', '.join(communities.METHODS)}")
        if self.closeness not in centrality.CLOSENESS:
            raise GraphmodelError(f"unknown closeness {self.closeness!r}: use one of {', '.join(centrality.CLOSENESS)}")


@dataclass
class WindowResult:
    """One window's analysis as plain arrays, in the order of ``countries``.

    ``values``/``n``: agreement of ``Settings.index`` and co-vote counts (countries with no
    defined pair dropped); ``blocs``: member lists, largest first; ``stability``: per country
    with consensus, else empty; ``edges``: the backbone's pairs (i < j) as an (m, 2) array;
    ``metrics``: one array per column of :data:`METRICS`; ``extra``: other indices' values.
    """

    countries: list
    values: np.ndarray
    n: np.ndarray
    blocs: list
    stability: dict
    modularity: float
    edges: np.ndarray
    metrics: dict
    extra: dict = field(default_factory=dict)

    def frames(self) -> tuple[pd.DataFrame, pd.DataFrame]:
        """Agreement and co-vote counts as square DataFrames indexed by iso3."""
        labels = pd.Index(self.countries, name="iso3")
        return (
            pd.DataFrame(self.values, index=labels, columns=labels),
            pd.DataFrame(self.n.astype(float), index=labels, columns=labels),
        )

    def backbone_graph(self, *, name: str = "", backbone: str = ""):
        """The backbone as a networkx graph (edges carry ``weight`` and ``n``)."""
        mask = np.zeros(self.values.shape, dtype=bool)
        mask[self.edges[:, 0], self.edges[:, 1]] = True
        return graphs.graph_from_mask(
            self.countries, np.nan_to_num(self.values), mask, self.n, name=name, backbone=backbone
        )


def analyze_window(
    codes: np.ndarray, countries: Sequence[str], settings: Settings | None = None, blocs: list | None = None
) -> WindowResult | None:
    """Analyse one window from its countries × roll calls vote codes (None: fewer than two countries
    with a defined pair). BLAS/OpenMP run on one thread inside. ``blocs`` (sets or lists of
    countries), when given, replace community detection (blocs found elsewhere, e.g. by
    :mod:`graphmodel.significance`); modularity and participation are then computed for them."""
    with threadpool_limits(1):
        return _analyze(codes, countries, settings or Settings(), blocs)


def _analyze(
    codes: np.ndarray,
    countries: Sequence[str],
    settings: Settings,
    given: list | None = None,
    absent: str | None = None,
) -> WindowResult | None:
    # ``absent`` overrides the settings' rule for this window (a convention can depend on the year).
    absent = absent or settings.absent
    if absent == "half":
        # The State Department convention (absences count half from 2021) has its own formula.
        if settings.index != "agree" or settings.extra_indices:
            raise GraphmodelError("absent 'half' is defined for the agree index only")
        from .conventions import agree_half_absent

        covotes = None
        matrix = VoteMatrix(list(countries), list(range(codes.shape[1])), codes)
        values, n = agree_half_absent(matrix, min_covotes=settings.min_covotes)
    else:
        covotes = CoVotes(codes, absent)
        values, n = covotes.index(settings.index, settings.min_covotes)
    size = len(values)
    connected = ~np.all(np.isnan(values) | np.eye(size, dtype=bool), axis=1)
    keep = np.flatnonzero(connected)
    if len(keep) < 2:
        return None
    cells = np.ix_(keep, keep)
    result = _from_weights(values[cells], n[cells].astype(np.int32), [countries[i] for i in keep], settings, given)
    result.extra = {name: covotes.index(name, settings.min_covotes)[0][cells] for name in settings.extra_indices}
    return result


def analyze_weights(
    values: np.ndarray, n: np.ndarray, countries: Sequence[str], settings: Settings | None = None, blocs=None
) -> WindowResult:
    """:func:`analyze_window` from a ready weight matrix instead of votes: blocs, modularity, the
    backbone and the node metrics of any graph of countries (e.g. co-sponsorship,
    :mod:`graphmodel.cosponsorship`). ``values`` is square and symmetric in ``countries`` order,
    NaN for an undefined pair; path metrics read 1 − weight as a distance, so weights should lie
    in [0, 1]. ``n`` counts the observations behind each pair; ``settings.index`` only labels.

    >>> triangle = np.ones((3, 3)) - np.eye(3)
    >>> w = np.block([[triangle, np.zeros((3, 3))], [np.zeros((3, 3)), triangle]])
    >>> w[2, 3] = w[3, 2] = 0.1
    >>> analyze_weights(w, np.ones((6, 6)), list("abcdef")).blocs
    [['a', 'b', 'c'], ['d', 'e', 'f']]
    """
    with threadpool_limits(1):
        return _from_weights(
            np.asarray(values, dtype=float), np.asarray(n), list(countries), settings or Settings(), blocs
        )


def _from_weights(values: np.ndarray, n: np.ndarray, names: list, settings: Settings, given) -> WindowResult:
    frame = pd.DataFrame(values, index=names, columns=names)
    if given is not None:
        blocs, stability = [set(b) for b in given], {}
    elif settings.consensus_runs:
        blocs, stability = communities.consensus(
            frame,
            settings.method,
            runs=settings.consensus_runs,
            resolution=settings.resolution,
            random_state=settings.random_state,
        )
    else:
        blocs = communities.detect(
            frame, settings.method, resolution=settings.resolution, random_state=settings.random_state
        )
        stability = {}
    q = communities.modularity(frame, blocs, resolution=settings.resolution)
    mask = graphs.backbone_mask(values, settings.backbone, **settings.backbone_options)
    w = np.nan_to_num(values)
    np.fill_diagonal(w, 0)
    member = communities.bloc_indicator(names, blocs)
    columns = centrality.metrics(w, member, np.where(mask, w, 0), closeness=settings.closeness)
    return WindowResult(
        countries=names,
        values=values,
        n=n,
        blocs=[sorted(b) for b in blocs],
        stability=stability,
        modularity=q,
        edges=np.argwhere(np.triu(mask, k=1)).astype(np.int32),
        metrics=columns,
    )


def _task(settings: Settings, task: tuple) -> WindowResult | None:
    return _analyze(*task[:2], settings, *task[2:])


def default_jobs(windows: int) -> int:
    """min(2, usable cores) for many windows, else 1: two processes already use both cores of a
    small machine, and more would only contend with the user's other work."""
    if windows < MANY_WINDOWS:
        return 1
    return max(1, min(2, parallel.usable_cores()))


def run(
    tasks: Sequence[tuple[np.ndarray, Sequence[str]]],
    settings: Settings | None = None,
    *,
    jobs: int | None = None,
    progress: Callable | None = None,
) -> list:
    """:func:`analyze_window` over ``tasks`` (``(codes, countries)``, optionally followed by the
    window's given ``blocs`` and its absence rule) per window, in order.

    ``jobs`` processes (None: :func:`default_jobs`); ``jobs=1`` runs here. The results do not
    depend on ``jobs``. ``progress`` wraps the iterator of finished windows (e.g. ``tqdm``).
    """
    settings = settings or Settings()
    tasks = list(tasks)
    jobs = default_jobs(len(tasks)) if jobs is None else int(jobs)
    if jobs < 1:
        raise GraphmodelError(f"jobs must be at least 1 (value: {jobs})")
    return parallel.map_shared(functools.partial(_task, settings), tasks, jobs, progress=progress)


def assemble(windows: Sequence, results: Sequence, *, track_threshold: float = 0.3) -> dict:
    """Tidy tables from per-window results: ``nodes``, ``blocs``, ``transitions``, ``switches``.

    ``windows`` are :class:`~graphmodel.windows.Window` objects (label, roll calls, dates) in
    the order of ``results``; windows whose result is None are skipped. Bloc names come from
    membership at each window's last date; persistent bloc ids from Jaccard tracking.
    """
    pairs = [(w, r) for w, r in zip(windows, results) if r is not None]
    if not pairs:
        raise GraphmodelError("no window had enough co-votes to build a graph (lower min_covotes?)")
    partitions = [(w.label, [set(b) for b in r.blocs]) for w, r in pairs]
    ids, transitions = tracking.track(partitions, threshold=track_threshold)
    known = graphs._country_attributes()
    # Columns collected as lists and made into one frame: a DataFrame per window (string
    # columns converted each time) cost more than everything else here.
    columns: dict[str, list] = {}
    bloc_rows = []
    for order, ((window, r), persistent) in enumerate(zip(pairs, ids)):
        names = communities.name_blocs([set(b) for b in r.blocs], window.end, since=window.start)
        local = np.empty(len(r.countries), dtype=np.int64)
        position = {c: i for i, c in enumerate(r.countries)}
        for b, members in enumerate(r.blocs):
            local[[position[c] for c in members]] = b
        size = len(r.countries)
        part = {
            "window": [window.label] * size,
            "window_order": np.full(size, order, dtype=np.int64),
            "iso3": r.countries,
            "bloc": np.asarray(persistent, dtype=np.int64)[local],
            "name": _period_names(r.countries, window.start, window.end, known),
            "local_bloc": local,
            "bloc_name": np.asarray(names, dtype=object)[local],
            "stability": [r.stability.get(c) for c in r.countries],
        }
        part.update({m: r.metrics[m] for m in METRICS if m in r.metrics})
        for key, values in part.items():
            columns.setdefault(key, []).append(values)
        for b, members in enumerate(r.blocs):
            bloc_rows.append(
                {
                    "window": window.label,
                    "bloc": persistent[b],
                    "local_bloc": b,
                    "name": names[b],
                    "size": len(members),
                    "members": list(members),
                    "modularity": r.modularity,
                    "start": window.start.date(),
                    "end": window.end.date(),
                    "rollcalls": len(window.rollcall_ids),
                }
            )
    nodes = pd.DataFrame(
        {
            key: np.concatenate(parts) if isinstance(parts[0], np.ndarray) else [v for p in parts for v in p]
            for key, parts in columns.items()
        }
    )
    return {
        "nodes": nodes,
        "blocs": pd.DataFrame(bloc_rows),
        "transitions": transitions,
        "switches": tracking.bloc_switches(nodes),
        "partitions": partitions,
    }


def _period_names(codes, start, end, known: dict) -> list[str]:
    """Each member's name as its seat was called in the window: a harmonised RUS row is the Union of
    Soviet Socialist Republics in 1950, DEU the Federal Republic of Germany in 1980; a seat that
    changed inside the window gets both ("Union of Soviet Socialist Republics / Russia")."""
    from .countries import seat_holder

    def name(code):
        return known.get(code, {}).get("name", code)

    names = []
    for code in codes:
        first, last = seat_holder(code, start), seat_holder(code, end)
        names.append(name(last) if first == last else f"{name(first)} / {name(last)}")
    return names

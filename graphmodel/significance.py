"""Is there bloc structure in a window at all? Representations, a vote-permutation null, consensus.

The detected partition's quality is compared with the quality community detection reaches on
null windows in which each roll call's votes are permuted among that roll call's voters: every
roll call keeps its margin (how many Y, N, A), every country keeps its participation (which roll
calls it voted on, X and non-membership stay put), and only *who voted with whom* is random. The
detection is re-run on every null draw (Guimerà, Sales-Pardo & Amaral 2004, Phys Rev E 70:025101:
random graphs reach high modularity too, so a partition's quality alone is no evidence; re-scoring
the observed partition on null data would test nothing). The z-score is
``(q - mean(null)) / sd(null)`` and the p-value ``(1 + #{null >= q}) / (1 + draws)``.

Representations (what the detection sees; ``resolution`` always scales the null term):

``agree``
    complete graph on raw agreement (Voeten), Louvain modularity (Newman–Girvan with γ).
``excess``
    agreement minus its expectation under the same permutation null — a signed matrix, positive
    for pairs that agree more than the roll calls' margins imply — partitioned by maximising the
    within-bloc sum of the excess (Leiden, Constant Potts Model with γ = 0 on signed weights;
    Traag, Van Dooren & Nesterov 2011). This is modularity with the roll-call null model in place
    of the configuration model, the signed/bipartite null of Macon, Mucha & Porter (2012),
    Physica A 391:343. ``resolution`` r gives ``A - r·E``.
``knn``
    each country's k strongest raw-agreement ties (the engine's backbone), Louvain modularity.
``cpm``
    Leiden CPM on raw agreement with γ = r × the window's mean agreement (a uniform expectation).

Null draws are vectorised: one permutation of the whole window per draw, and all agreement
cells from one stacked matrix product (``H @ G.T``; co-vote counts do not change under the null).
Windows run in parallel (:func:`graphmodel.parallel.map_shared`, this process included); BLAS is
pinned to one thread in each so that ``jobs`` processes do not oversubscribe the cores.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from . import parallel
from .errors import GraphmodelError
from .windows import ABSTAIN, NO, YES

REPRESENTATIONS = ("knn", "agree", "excess", "cpm")
DEFAULT_REPRESENTATION = "knn"
#: Resolutions (multiples of the null term) for consensus and stability.
RESOLUTIONS = (0.9, 1.0, 1.1)


# --- agreement from vote codes ---------------------------------------------------------------


def _hot(codes: np.ndarray):
    y = (codes == YES).astype(np.float64)
    n = (codes == NO).astype(np.float64)
    a = (codes == ABSTAIN).astype(np.float64)
    return y, n, a


def _stacked(codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``H`` and ``G`` with ``H @ G.T`` = Voeten agreement score (same 1, abstain vs Y/N ½)."""
    y, n, a = _hot(codes)
    # float32 is exact here (multiples of ½ up to a few hundred) and halves the product's cost
    h = np.hstack([y, n, a]).astype(np.float32)
    return h, np.hstack([y + 0.5 * a, n + 0.5 * a, a + 0.5 * (y + n)]).astype(np.float32)


def agree_matrix(codes: np.ndarray, min_covotes: int = 10) -> tuple[np.ndarray, np.ndarray]:
    """Voeten agreement (absences excluded) and co-vote counts; NaN below ``min_covotes``.

    Equals :func:`graphmodel.indices.agree` with ``absent="exclude"``.
    """
    h, g = _stacked(codes)
    voted = (codes == YES) | (codes == NO) | (codes == ABSTAIN)
    v = voted.astype(np.float64)
    n = v @ v.T
    with np.errstate(invalid="ignore", divide="ignore"):
        a = (h @ g.T).astype(np.float64) / n
    a[n < max(min_covotes, 1)] = np.nan
    return a, n


def expected_agree(codes: np.ndarray, n: np.ndarray) -> np.ndarray:
    """Expected Voeten agreement of each pair when every roll call's votes are permuted among
    its voters: two distinct voters of a roll call with y, n, a votes agree with probability
    [y(y−1) + n(n−1) + a(a−1) + (y·a + n·a)] / (v(v−1)); the pair's expectation is the mean of that
    over the roll calls both voted on.
    """
    y, no, a = (x.sum(axis=0) for x in _hot(codes))
    v = y + no + a
    with np.errstate(invalid="ignore", divide="ignore"):
        e = (y * (y - 1) + no * (no - 1) + a * (a - 1) + y * a + no * a) / (v * (v - 1))
    e = np.nan_to_num(e)
    voted = ((codes == YES) | (codes == NO) | (codes == ABSTAIN)).astype(np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        return (voted * e) @ voted.T / n


def permute_votes(codes: np.ndarray, rng: np.random.Generator, _src: np.ndarray | None = None) -> np.ndarray:
    """Permute each roll call's Y/N/A votes among that roll call's voters (one draw, vectorised).

    X (present, not voting) and 0 (not a member) stay where they are, so margins and each
    country's participation are kept exactly.
    """
    rows = codes.shape[0]
    voter = (codes == YES) | (codes == NO) | (codes == ABSTAIN)
    # Voters get random keys in [0, 1), non-voters keys above 1 in row order, so that sorting
    # puts each column's voters first (shuffled) and leaves non-voters in the same order as `src`.
    keys = rng.random(codes.shape)
    keys[~voter] = 2.0 + np.broadcast_to(np.arange(rows)[:, None], codes.shape)[~voter]
    target = np.argsort(keys, axis=0)
    src = np.argsort(~voter, axis=0, kind="stable") if _src is None else _src
    out = np.empty_like(codes)
    np.put_along_axis(out, target, np.take_along_axis(codes, src, axis=0), axis=0)
    return out


# --- detection on a weight matrix --------------------------------------------------------------


@lru_cache(maxsize=8)
def _complete(n: int):
    import igraph as ig

    i, j = np.triu_indices(n, 1)
    return ig.Graph(n=n, edges=np.column_stack([i, j]).tolist()), (i, j)


class _seeded:
    """igraph draws from a module-level generator: give it our own, seeded, and put it back."""

    def __init__(self, seed: int):
        self.seed = seed

    def __enter__(self):
        import igraph as ig

        ig.set_random_number_generator(random.Random(self.seed))

    def __exit__(self, *exc):
        import igraph as ig

        ig.set_random_number_generator(random)


def weights(representation: str, a: np.ndarray, e: np.ndarray | None, resolution: float = 1.0, k: int = 8):
    """The matrix detection works on for ``representation`` (zero diagonal, NaN → 0)."""
    defined = ~np.isnan(a)
    np.fill_diagonal(defined, False)
    clean = np.where(defined, a, 0.0)
    if representation == "agree":
        return np.clip(clean, 0, None)
    if representation == "knn":
        return np.where(_knn(clean, k, defined), np.clip(clean, 0, None), 0.0)
    if representation == "excess":
        return np.where(defined, clean - resolution * np.nan_to_num(e), 0.0)
    if representation == "cpm":
        return np.where(defined, clean - resolution * clean[defined].mean(), 0.0)
    raise GraphmodelError(f"unknown representation {representation!r}: use one of {', '.join(REPRESENTATIONS)}")


def _knn(w: np.ndarray, k: int, defined: np.ndarray) -> np.ndarray:
    """Symmetric mask of each row's ``k`` largest defined entries (as :func:`graphs.knn_mask`,
    with a partial sort: this runs once per null draw)."""
    k = min(k, max(len(w) - 1, 0))
    if k == 0:
        return np.zeros_like(defined)
    score = np.where(defined, w, -np.inf)
    top = np.argpartition(-score, k - 1, axis=1)[:, :k]
    mask = np.zeros_like(defined)
    np.put_along_axis(mask, top, True, axis=1)
    mask &= np.isfinite(score)
    return mask | mask.T


def _signed(representation: str) -> bool:
    return representation in ("excess", "cpm")


def _prepare(w: np.ndarray, representation: str):
    """The igraph graph and its weight list for ``w`` (built once, reused across seeds)."""
    if not _signed(representation) and (w > 0).mean() < 0.5:
        import igraph as ig

        # a backbone (or a thresholded co-assignment) is sparse: Louvain on its edges only, not
        # on the complete graph with zero weights (5× faster for a k = 8 backbone)
        i, j = np.nonzero(np.triu(w > 0, k=1))
        graph = ig.Graph(n=len(w), edges=np.column_stack([i, j]).tolist())
    else:
        graph, (i, j) = _complete(len(w))
    return graph, w[i, j].tolist()


def _run(prepared, representation: str, resolution: float, seed: int) -> np.ndarray:
    graph, values = prepared
    with _seeded(seed):
        if _signed(representation):
            clusters = graph.community_leiden(objective_function="CPM", weights=values, resolution=0, n_iterations=-1)
        else:
            clusters = graph.community_multilevel(weights=values, resolution=resolution)
    return np.asarray(clusters.membership)


def detect_labels(w: np.ndarray, representation: str, resolution: float = 1.0, seed: int = 0) -> np.ndarray:
    """Bloc label per row of ``w``: Louvain modularity (``agree``, ``knn``; γ = ``resolution``) or
    Leiden CPM at γ = 0 on the signed matrix (``excess``, ``cpm``; the resolution is in ``w``)."""
    return _run(_prepare(w, representation), representation, resolution, seed)


def quality(w: np.ndarray, labels: np.ndarray, representation: str, resolution: float = 1.0) -> float:
    """Modularity (``agree``, ``knn``) or the within-bloc share of the signed weight (``excess``,
    ``cpm``: Σ_same w / Σ|w|, in [-1, 1])."""
    same = labels[:, None] == labels[None, :]
    if _signed(representation):
        total = np.abs(w).sum()
        return float((w * same).sum() / total) if total else 0.0
    k = w.sum(axis=1)
    two_m = k.sum()
    if two_m == 0:
        return 0.0
    onehot = np.eye(labels.max() + 1)[labels]
    return float((w * same).sum() / two_m - resolution * ((onehot.T @ k) ** 2).sum() / two_m**2)


# --- one window --------------------------------------------------------------------------------


@dataclass
class WindowSignificance:
    """Observed quality, the null's mean and sd, z, p and the number of null draws."""

    quality: float
    null_mean: float
    null_sd: float
    z: float
    p: float
    draws: int


def _keep_connected(codes: np.ndarray, min_covotes: int) -> np.ndarray:
    a, _ = agree_matrix(codes, min_covotes)
    return ~np.all(np.isnan(a) | np.eye(len(a), dtype=bool), axis=1)


def window_significance(
    codes: np.ndarray,
    representation: str = DEFAULT_REPRESENTATION,
    *,
    draws: int = 99,
    seed: int = 0,
    resolution: float = 1.0,
    min_covotes: int = 10,
    k: int = 8,
) -> WindowSignificance:
    """Quality of the detected partition of one window against ``draws`` permutation nulls.

    ``codes`` is the window's countries × roll calls vote-code matrix (rows of countries with too
    few co-votes are dropped as in :func:`graphmodel.indices.frame`).
    """
    codes = codes[_keep_connected(codes, min_covotes)]
    a, n = agree_matrix(codes, min_covotes)
    e = expected_agree(codes, n) if representation == "excess" else None
    w = weights(representation, a, e, resolution, k)
    observed = quality(w, detect_labels(w, representation, resolution, seed), representation, resolution)
    rng = np.random.default_rng(seed)
    null = np.empty(draws)
    h_mask = n < max(min_covotes, 1)
    voter = (codes == YES) | (codes == NO) | (codes == ABSTAIN)
    src = np.argsort(~voter, axis=0, kind="stable")  # the same for every draw
    for d in range(draws):
        h, g = _stacked(permute_votes(codes, rng, src))
        with np.errstate(invalid="ignore", divide="ignore"):
            a_null = (h @ g.T).astype(np.float64) / n
        a_null[h_mask] = np.nan
        w_null = weights(representation, a_null, e, resolution, k)
        null[d] = quality(
            w_null, detect_labels(w_null, representation, resolution, seed + d + 1), representation, resolution
        )
    sd = float(null.std(ddof=1)) if draws > 1 else float("nan")
    z = (observed - null.mean()) / sd if sd > 0 else float("inf") if observed > null.mean() else 0.0
    p = (1 + int((null >= observed).sum())) / (1 + draws)
    return WindowSignificance(observed, float(null.mean()), sd, float(z), p, draws)


def _run_window(args):
    # Runs under parallel.map_shared, which pins BLAS to one thread.
    label, codes, options = args
    return label, window_significance(codes, **options)


def options_for(blocs, index) -> dict:
    """The keyword arguments of :func:`significance_table` and :func:`blocs_for_windows` that a
    :class:`~graphmodel.settings.Blocs` and an :class:`~graphmodel.settings.Index` set, so an
    analysis and a later test of its windows (the figures) cannot drift apart."""
    return {
        "representation": blocs.representation,
        "seed": blocs.random_state,
        "resolution": blocs.resolution,
        "min_covotes": index.min_covotes,
        "k": blocs.k,
        "alpha": blocs.significance_level,
        "jobs": blocs.jobs or None,
    }


def significance_table(
    matrices: dict,
    representation: str = DEFAULT_REPRESENTATION,
    *,
    draws: int = 99,
    seed: int = 0,
    resolution: float = 1.0,
    min_covotes: int = 10,
    k: int = 8,
    alpha: float = 0.05,
    jobs: int | None = None,
) -> pd.DataFrame:
    """:func:`window_significance` for every window (``matrices``: label → VoteMatrix or code array),
    in parallel over ``jobs`` processes (default: the usable cores). One row per window:
    ``window``, ``quality``, ``null_mean``, ``null_sd``, ``z``, ``p``, ``draws``, ``significant``
    (p < ``alpha``). The same seed gives the same table whatever ``jobs`` is.
    """
    if draws < 1:
        raise GraphmodelError("draws must be at least 1")
    options = dict(
        representation=representation, draws=draws, seed=seed, resolution=resolution, min_covotes=min_covotes, k=k
    )
    tasks = [(label, getattr(m, "codes", m), options) for label, m in matrices.items()]
    # biggest windows first, so the pool does not wait on one large window at the end
    tasks.sort(key=lambda t: -t[1].size)
    if jobs is None:
        jobs = parallel.usable_cores()
    results = dict(parallel.map_shared(_run_window, tasks, jobs, chunk=1))
    rows = [{"window": label, **vars(results[label])} for label in matrices]
    table = pd.DataFrame(rows)
    table["significant"] = table["p"] < alpha
    return table


# --- consensus and stability ------------------------------------------------------------------


def adjusted_rand(a: np.ndarray, b: np.ndarray) -> float:
    """Adjusted Rand index of two label vectors (Hubert & Arabie 1985)."""
    _, ia = np.unique(a, return_inverse=True)
    _, ib = np.unique(b, return_inverse=True)
    table = np.zeros((ia.max() + 1, ib.max() + 1))
    np.add.at(table, (ia, ib), 1)

    def pairs(x):
        return (x * (x - 1) / 2).sum()

    total = pairs(np.array([len(a)]))
    index, rows, cols = pairs(table), pairs(table.sum(axis=1)), pairs(table.sum(axis=0))
    expected = rows * cols / total if total else 0.0
    maximum = (rows + cols) / 2
    return float((index - expected) / (maximum - expected)) if maximum != expected else 1.0


@dataclass
class Consensus:
    """Consensus labels, each country's stability, the runs' mean pairwise ARI, and the runs."""

    labels: np.ndarray
    stability: np.ndarray
    ari: float
    runs: list


def consensus_labels(
    a: np.ndarray,
    e: np.ndarray | None,
    representation: str = DEFAULT_REPRESENTATION,
    *,
    seeds: int = 5,
    resolutions=RESOLUTIONS,
    seed: int = 0,
    k: int = 8,
    threshold: float = 0.5,
    max_rounds: int = 3,
) -> Consensus:
    """Consensus partition over ``seeds`` seeded runs at each of ``resolutions`` (Lancichinetti &
    Fortunato 2012, Sci Rep 2:336): the co-assignment matrix, thresholded, is partitioned again
    (Louvain, ``seeds`` runs) until every pair is always or never together (at most ``max_rounds``).

    ``stability[i]`` is the mean share of the first runs in which country i sat with the other
    members of its consensus bloc (1 = always); ``ari`` the runs' mean pairwise adjusted Rand.
    """
    runs = []
    for r in resolutions:
        prepared = _prepare(weights(representation, a, e, r, k), representation)
        runs.extend(_run(prepared, representation, r, seed + s) for s in range(seeds))
    together = np.mean([x[:, None] == x[None, :] for x in runs], axis=0)
    first = together
    for round_ in range(max_rounds):
        if np.all((together < 1e-9) | (together > 1 - 1e-9)):
            break
        w = np.where(together >= threshold, together, 0.0)
        np.fill_diagonal(w, 0)
        # the co-assignment graph has sharp structure: a few runs per round settle it
        prepared = _prepare(w, "agree")
        again = [_run(prepared, "agree", 1.0, seed + 1000 * (round_ + 1) + s) for s in range(seeds)]
        together = np.mean([x[:, None] == x[None, :] for x in again], axis=0)
    # read the blocs off the (now binary) co-assignment matrix
    labels = -np.ones(len(a), dtype=int)
    for i in range(len(a)):
        if labels[i] < 0:
            labels[(together[i] > 0.5) & (labels < 0)] = i
            labels[i] = i
    _, labels = np.unique(labels, return_inverse=True)
    same = labels[:, None] == labels[None, :]
    np.fill_diagonal(same, False)
    with np.errstate(invalid="ignore"):
        stability = np.where(same.any(axis=1), (first * same).sum(axis=1) / same.sum(axis=1), 1.0)
    return Consensus(labels, stability, _mean_pairwise_ari(runs), runs)


def _mean_pairwise_ari(runs: list) -> float:
    """Mean adjusted Rand index over all pairs of runs, from one contingency count per pair."""
    if len(runs) < 2:
        return 1.0
    coded = [np.unique(r, return_inverse=True)[1] for r in runs]
    n = len(coded[0])
    total = n * (n - 1) / 2
    sums = [float((np.bincount(c) * (np.bincount(c) - 1) / 2).sum()) for c in coded]
    values = []
    for i in range(len(coded)):
        for j in range(i + 1, len(coded)):
            width = coded[j].max() + 1
            cells = np.bincount(coded[i] * width + coded[j])
            index = float((cells * (cells - 1) / 2).sum())
            expected = sums[i] * sums[j] / total
            maximum = (sums[i] + sums[j]) / 2
            values.append((index - expected) / (maximum - expected) if maximum != expected else 1.0)
    return float(np.mean(values))


# --- one window's blocs, as the analysis uses them --------------------------------------------

#: A country whose consensus co-assignment with its bloc is below this is marked unstable.
UNSTABLE_BELOW = 0.8


@dataclass
class WindowBlocs:
    """Blocs of one window (largest first), each country's stability (empty without consensus),
    the countries marked unstable, the runs' mean pairwise ARI and the partition's quality;
    ``cohesion[c]`` is c's mean agreement with its bloc-mates and ``fit[c]`` that minus its mean
    agreement with the closest other bloc (negative: c sits nearer another bloc on average)."""

    blocs: list
    stability: dict
    unstable: list
    ari: float | None
    quality: float
    cohesion: dict = None
    fit: dict = None


def window_blocs(
    vm,
    representation: str = DEFAULT_REPRESENTATION,
    *,
    countries=None,
    consensus: bool = True,
    seeds: int = 5,
    resolutions=RESOLUTIONS,
    resolution: float = 1.0,
    seed: int = 0,
    min_covotes: int = 10,
    k: int = 8,
) -> WindowBlocs:
    """Blocs of a window's :class:`~graphmodel.windows.VoteMatrix` in ``representation``.

    With ``consensus`` (default), the consensus over ``seeds`` seeds at each of ``resolutions``
    (multiplied by ``resolution``); otherwise one run at ``resolution`` and ``seed``.
    ``countries`` restricts the rows (e.g. to the nodes of the analysis's agreement frame).
    """
    rows = list(vm.countries)
    if countries is not None:
        wanted = set(countries)
        keep = [i for i, c in enumerate(rows) if c in wanted]
        rows = [rows[i] for i in keep]
        codes = vm.codes[keep]
    else:
        codes = vm.codes
    a, n = agree_matrix(codes, min_covotes)
    e = expected_agree(codes, n) if representation == "excess" else None
    if consensus:
        result = consensus_labels(
            a, e, representation, seeds=seeds, resolutions=[resolution * r for r in resolutions], seed=seed, k=k
        )
        labels, ari = result.labels, result.ari
        stability = dict(zip(rows, result.stability.round(4).tolist()))
    else:
        labels = detect_labels(weights(representation, a, e, resolution, k), representation, resolution, seed)
        ari, stability = None, {}
    q = quality(weights(representation, a, e, resolution, k), labels, representation, resolution)
    blocs = sorted(
        ({rows[i] for i in np.flatnonzero(labels == lab)} for lab in np.unique(labels)),
        key=lambda p: (-len(p), sorted(p)),
    )
    unstable = sorted(c for c, s in stability.items() if s < UNSTABLE_BELOW)
    cohesion, fit = _attachment(a, labels)
    return WindowBlocs(
        blocs,
        stability,
        unstable,
        ari,
        q,
        dict(zip(rows, np.round(cohesion, 4).tolist())),
        dict(zip(rows, np.round(fit, 4).tolist())),
    )


def _attachment(a: np.ndarray, labels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each row's mean agreement with its own bloc and that minus the best other bloc's mean."""
    defined = ~np.isnan(a)
    np.fill_diagonal(defined, False)
    onehot = np.eye(labels.max() + 1)[labels]
    sums = np.where(defined, a, 0.0) @ onehot
    counts = defined.astype(float) @ onehot
    with np.errstate(invalid="ignore", divide="ignore"):
        means = sums / counts
    rows = np.arange(len(labels))
    own = means[rows, labels]
    others = means.copy()
    others[rows, labels] = np.nan
    with np.errstate(invalid="ignore"):
        best = np.where(
            np.isnan(others).all(axis=1), np.nan, np.nanmax(np.where(np.isnan(others), -np.inf, others), axis=1)
        )
    return own, own - best


def _blocs_task(args):
    # Runs under parallel.map_shared, which pins BLAS to one thread.
    label, vm, countries, options, draws, alpha = args
    blocs = window_blocs(vm, countries=countries, **options)
    test = None
    if draws:
        rows = [i for i, c in enumerate(vm.countries) if countries is None or c in set(countries)]
        test = window_significance(
            vm.codes[rows],
            options["representation"],
            draws=draws,
            seed=options["seed"],
            resolution=options["resolution"],
            min_covotes=options["min_covotes"],
            k=options["k"],
        )
    return label, blocs, test


def blocs_for_windows(
    windows: dict,
    representation: str = DEFAULT_REPRESENTATION,
    *,
    consensus: bool = True,
    seeds: int = 5,
    resolution: float = 1.0,
    seed: int = 0,
    min_covotes: int = 10,
    k: int = 8,
    draws: int = 0,
    alpha: float = 0.05,
    jobs: int | None = None,
) -> dict:
    """Blocs (and, with ``draws`` > 0, their significance) for many windows at once.

    ``windows`` maps label → ``(VoteMatrix, countries or None)``. Returns label →
    ``(WindowBlocs, WindowSignificance or None)``, in the order given. Windows run in parallel
    over ``jobs`` processes (default: the usable cores; 1 = in this process); the result does
    not depend on ``jobs``.
    """
    if representation not in REPRESENTATIONS:
        raise GraphmodelError(f"unknown representation {representation!r}: use one of {', '.join(REPRESENTATIONS)}")
    options = dict(
        representation=representation,
        consensus=consensus,
        seeds=seeds,
        resolution=resolution,
        seed=seed,
        min_covotes=min_covotes,
        k=k,
    )
    tasks = [(label, vm, countries, options, draws, alpha) for label, (vm, countries) in windows.items()]
    tasks.sort(key=lambda t: -t[1].codes.size)
    if jobs is None:
        jobs = parallel.usable_cores()
    done = parallel.map_shared(_blocs_task, tasks, jobs, chunk=1)
    found = {label: (blocs, test) for label, blocs, test in done}
    return {label: found[label] for label in windows}

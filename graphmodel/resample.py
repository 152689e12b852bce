"""The one bootstrap of the package: resample roll calls with replacement, read percentiles.

Roll calls are the sampling unit: the uncertainty of an agreement score comes from which
resolutions happened to be put to a vote (Efron & Tibshirani 1993, percentile intervals).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable

import numpy as np

from .windows import VoteMatrix


def resample_rollcalls(vm: VoteMatrix, rng: np.random.Generator) -> VoteMatrix:
    """The same countries, with roll calls drawn with replacement (as many as there were)."""
    columns = rng.integers(0, vm.codes.shape[1], vm.codes.shape[1])
    return VoteMatrix(vm.countries, [vm.rollcall_ids[c] for c in columns], vm.codes[:, columns])


def bootstrap(statistic: Callable, matrices: tuple, n_boot: int, random_state: int = 0) -> np.ndarray:
    """``n_boot`` draws of ``statistic(*resampled matrices)``, stacked along the first axis.

    Each matrix is resampled independently in every draw (two windows are two samples).

    >>> from graphmodel.windows import VoteMatrix
    >>> vm = VoteMatrix(["A", "B"], [1, 2, 3], np.array([[1, 1, 2], [1, 2, 2]], dtype=np.int8))
    >>> bootstrap(lambda m: (m.codes[0] == m.codes[1]).mean(), (vm,), 5).shape
    (5,)
    """
    rng = np.random.default_rng(random_state)
    draws = [
        np.asarray(statistic(*(resample_rollcalls(vm, rng) for vm in matrices)), dtype=float) for _ in range(n_boot)
    ]
    return np.stack(draws) if draws else np.empty((0,))


def percentile_interval(draws: np.ndarray, ci: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """Lower and upper percentile bounds over the draws (axis 0); NaN where no draw is defined."""
    with warnings.catch_warnings():
        # a pair with too few co-votes in every draw has no interval: NaN, reported as such
        warnings.simplefilter("ignore", RuntimeWarning)
        low, high = np.nanpercentile(draws, [(1 - ci) / 2 * 100, (1 + ci) / 2 * 100], axis=0)
    return low, high


#: Indices that are a ratio of sums over roll calls, so a bootstrap draw is a re-weighting.
LINEAR_INDICES = ("agree", "coincidence", "s_score")


def _per_rollcall_terms(codes_i: np.ndarray, codes_j: np.ndarray, index: str, absent: str):
    """Score and count contributed by each roll call to each pair (pairs × roll calls), such that
    ``index = Σ score / Σ count`` as in :mod:`graphmodel.indices`."""
    from .windows import ABSENT, ABSTAIN, NO, YES

    def category(codes):
        if absent == "abstain":
            return np.where(codes == ABSENT, ABSTAIN, codes)
        return codes

    a, b = category(codes_i), category(codes_j)
    if index == "coincidence":
        count = np.isin(a, (YES, NO)) & np.isin(b, (YES, NO))
        return (count & (a == b)).astype(float), count.astype(float)
    cast = (YES, NO, ABSTAIN, ABSENT) if absent == "category" else (YES, NO, ABSTAIN)
    count = np.isin(a, cast) & np.isin(b, cast)
    half = ((a == ABSTAIN) & np.isin(b, (YES, NO))) | ((b == ABSTAIN) & np.isin(a, (YES, NO)))
    score = np.where(a == b, 1.0, np.where(half, 0.5, 0.0))
    return score * count, count.astype(float)


def pair_draws(
    vm: VoteMatrix,
    rows: np.ndarray,
    cols: np.ndarray,
    index: str = "agree",
    *,
    n_boot: int,
    random_state: int | np.random.Generator = 0,
    absent: str = "exclude",
    min_covotes: int = 10,
) -> np.ndarray | None:
    """Bootstrap draws of the index for the pairs ``(rows[k], cols[k])``, all draws at once.

    Resampling roll calls with replacement is the same as giving each roll call a multinomial
    count; for an index that is a ratio of sums over roll calls (:data:`LINEAR_INDICES`) every
    draw is then two matrix products, with no resampled matrix built (same distribution as
    :func:`bootstrap`, a different random stream). Returns ``(n_boot, pairs)``, NaN where a draw
    leaves a pair fewer than ``min_covotes`` shared roll calls, or None for kappa and pi (use
    :func:`bootstrap`).
    """
    if index not in LINEAR_INDICES:
        return None
    rng = random_state if isinstance(random_state, np.random.Generator) else np.random.default_rng(random_state)
    size = vm.codes.shape[1]
    weights = rng.multinomial(size, np.full(size, 1 / size), size=n_boot).astype(float) if size else None
    score, count = _per_rollcall_terms(vm.codes[rows], vm.codes[cols], index, absent)
    if weights is None:
        return np.full((n_boot, len(rows)), np.nan)
    num, den = weights @ score.T, weights @ count.T
    with np.errstate(invalid="ignore", divide="ignore"):
        value = np.where(den >= max(min_covotes, 1), num / den, np.nan)
    return 2 * value - 1 if index == "s_score" else value

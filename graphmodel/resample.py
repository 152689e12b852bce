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

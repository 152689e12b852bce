"""Notebook-sized helpers over windows: a pair's agreement per window, and shifts between two.

>>> from graphmodel import load_dataset
>>> t = pair_agreement(load_dataset(), "USA", "RUS", by="year", start="2024-01-01", end="2025-12-31")
>>> list(t["window"])
['2024', '2025']
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import tracking
from .countries import eu_members, resolve
from .errors import GraphmodelError
from .windows import VoteMatrix, filter_rollcalls, make_windows, vote_matrix


def _code(name: str) -> str:
    try:
        return resolve(name)
    except Exception:
        raise GraphmodelError(f"unknown country {name!r}") from None


def _window_matrices(
    dataset,
    *,
    body="GA",
    by="session",
    start=None,
    end=None,
    size=None,
    step=None,
    issues=None,
    important=False,
    exclude_amendments=False,
    min_rollcalls=10,
):
    calls = filter_rollcalls(
        dataset.rollcalls, body=body, issues=issues, important=important, exclude_amendments=exclude_amendments
    )
    windows = make_windows(calls, by, start=start, end=end, size=size, step=step, min_rollcalls=min_rollcalls)
    full = vote_matrix(dataset, calls["rollcall_id"].tolist())
    return windows, [(w.label, full.subset(w.rollcall_ids)) for w in windows]


def pair_agreement(
    dataset,
    a: str,
    b: str,
    *,
    index: str = "agree",
    absent: str = "exclude",
    min_covotes: int = 10,
    n_boot: int = 0,
    ci: float = 0.95,
    random_state: int = 0,
    **window_kwargs,
) -> pd.DataFrame:
    """Agreement of ``a`` with ``b`` per window; ``b='EU'`` is the mean over EU members then.

    With ``n_boot`` > 0, adds ``ci_low`` and ``ci_high``: a percentile bootstrap interval from
    resampling each window's roll calls with replacement (Efron & Tibshirani 1993), the
    uncertainty that comes from which resolutions happened to be put to a vote.
    """
    a = _code(a)
    windows, matrices = _window_matrices(dataset, **window_kwargs)
    rng = np.random.default_rng(random_state)
    rows = []
    for window, (label, vm) in zip(windows, matrices):
        other = eu_members(window.end) if b.upper() == "EU" else [_code(b)]
        keep = [c for c in [a, *other] if c in vm.countries]
        small = VoteMatrix(keep, vm.rollcall_ids, vm.codes[[vm.countries.index(c) for c in keep]])
        row = (
            tracking.pair_trajectory([(label, small)], a, other, index=index, absent=absent, min_covotes=min_covotes)
            .iloc[0]
            .to_dict()
        )
        row.update(start=window.start.date(), end=window.end.date(), rollcalls=len(window.rollcall_ids))
        if n_boot:
            draws = []
            for _ in range(n_boot):
                columns = rng.integers(0, small.codes.shape[1], small.codes.shape[1])
                resampled = VoteMatrix(keep, small.rollcall_ids, small.codes[:, columns])
                draws.append(
                    tracking.pair_trajectory(
                        [(label, resampled)], a, other, index=index, absent=absent, min_covotes=min_covotes
                    )["agreement"].iloc[0]
                )
            draws = np.array(draws, dtype=float)
            finite = draws[~np.isnan(draws)]
            low, high = (
                np.percentile(finite, [(1 - ci) / 2 * 100, (1 + ci) / 2 * 100]) if len(finite) else (np.nan, np.nan)
            )
            row.update(ci_low=float(low), ci_high=float(high))
        rows.append(row)
    columns = ["window", "start", "end", "rollcalls", "n", "agreement"] + (["ci_low", "ci_high"] if n_boot else [])
    return pd.DataFrame(rows, columns=columns)


def anchor_shifts(
    dataset,
    window_from: str,
    window_to: str,
    *,
    anchor: str = "USA",
    body: str = "GA",
    by: str = "session",
    index: str = "agree",
    n_boot: int = 500,
    random_state: int = 0,
    min_covotes: int = 10,
) -> pd.DataFrame:
    """:func:`tracking.shifts` between two windows named like the CLI's --from/--to."""
    anchor = _code(anchor)
    matrices = []
    for spec in (window_from, window_to):
        if ".." in spec:
            start, end = spec.split("..")
            _, found = _window_matrices(dataset, body=body, by="range", start=start, end=end, min_rollcalls=1)
        else:
            _, all_windows = _window_matrices(dataset, body=body, by=by, min_rollcalls=1)
            found = [(label, vm) for label, vm in all_windows if label == spec]
            if not found:
                raise GraphmodelError(f"no window {spec!r} (by {by}); try a session number, a year or A..B dates")
        matrices.append(found[0][1])
    table = tracking.shifts(
        matrices[0], matrices[1], anchor, index=index, n_boot=n_boot, random_state=random_state, min_covotes=min_covotes
    )
    names = dataset.countries.set_index("iso3")["name"]
    table.insert(1, "name", table["iso3"].map(names))
    return table

"""Agreement indices between every pair of countries, as matrix algebra over a whole window.

Each function takes a :class:`~graphmodel.windows.VoteMatrix` and returns ``(agreement, n)``:
two countries × countries arrays, the index and the number of roll calls on which both voted.
Pairs with fewer than ``min_covotes`` shared roll calls are NaN, not 0.

Absence (X, a member that did not vote) is an explicit option, ``absent``:
``"exclude"`` (default; the roll call does not count for that pair), ``"abstain"`` (X counts as
an abstention, as in some State Department tallies), or ``"category"`` (X is a fourth choice
that agrees only with X).

References: Voeten (2000) agreement with partial credit for abstention; US State Department
"Voting Practices in the United Nations" coincidence (votes only); Häge (2011), Political
Analysis 19:287, chance-corrected agreement (Cohen's κ and Scott's π, here with the same
partial-credit weights as ``agree``); Signorino & Ritter (1999), ISQ 43:115, S score.

>>> from graphmodel import load_dataset
>>> from graphmodel.windows import vote_matrix, filter_rollcalls, make_windows
>>> ds = load_dataset()
>>> w = make_windows(filter_rollcalls(ds.rollcalls), by="year", start="2024-01-01", end="2024-12-31")[0]
>>> vm = vote_matrix(ds, w.rollcall_ids)
>>> a, n = agree(vm)
>>> i, j = vm.countries.index("USA"), vm.countries.index("ISR")
>>> bool(a[i, j] > 0.8)
True
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .errors import GraphmodelError
from .windows import ABSENT, ABSTAIN, NO, YES, VoteMatrix

INDICES = ("agree", "coincidence", "kappa", "pi", "s_score")
ABSENT_OPTIONS = ("exclude", "abstain", "category", "half")


def one_hot(vm: VoteMatrix, absent: str = "exclude") -> dict[str, np.ndarray]:
    """Boolean-as-float matrices Y, N, A (and X with ``absent='category'``) for the window."""
    if absent == "half":
        raise GraphmodelError("absent 'half' is defined for the agree index only")
    if absent not in ABSENT_OPTIONS:
        raise GraphmodelError(f"unknown absence option {absent!r}: use one of {', '.join(ABSENT_OPTIONS)}")
    codes = vm.codes
    hot = {"Y": (codes == YES), "N": (codes == NO), "A": (codes == ABSTAIN)}
    if absent == "abstain":
        hot["A"] = hot["A"] | (codes == ABSENT)
    elif absent == "category":
        hot["X"] = codes == ABSENT
    return {k: v.astype(np.float64) for k, v in hot.items()}


# Partial-credit weight between two choices: same = 1, abstain vs yes/no = 0.5, yes vs no = 0.
def _weight(a: str, b: str) -> float:
    if a == b:
        return 1.0
    if "X" in (a, b):
        return 0.0
    return 0.5 if "A" in (a, b) else 0.0


def _mask(values: np.ndarray, n: np.ndarray, min_covotes: int) -> np.ndarray:
    out = np.where(n >= max(min_covotes, 1), values, np.nan)
    return out


def _weighted_observed(hot: dict) -> tuple[np.ndarray, np.ndarray]:
    keys = list(hot)
    voted = sum(hot.values())
    n = voted @ voted.T
    score = np.zeros_like(n)
    for a in keys:
        for b in keys:
            w = _weight(a, b)
            if w:
                score += w * (hot[a] @ hot[b].T)
    return score, n


def agree(vm: VoteMatrix, *, absent: str = "exclude", min_covotes: int = 10):
    """Voeten agreement: 1 same vote, 0.5 when one abstains, 0 for yes against no."""
    if absent == "half":
        from .conventions import agree_half_absent

        return agree_half_absent(vm, min_covotes=min_covotes)
    hot = one_hot(vm, absent)
    score, n = _weighted_observed(hot)
    with np.errstate(invalid="ignore", divide="ignore"):
        return _mask(score / n, n, min_covotes), n


def coincidence(vm: VoteMatrix, *, absent: str = "exclude", min_covotes: int = 10):
    """State Department 'votes only' coincidence: identical votes among roll calls where both voted Y or N."""
    hot = one_hot(vm, absent)
    yn = hot["Y"] + hot["N"]
    n = yn @ yn.T
    same = hot["Y"] @ hot["Y"].T + hot["N"] @ hot["N"].T
    with np.errstate(invalid="ignore", divide="ignore"):
        return _mask(same / n, n, min_covotes), n


def _chance_corrected(vm: VoteMatrix, absent: str, min_covotes: int, pooled: bool):
    hot = one_hot(vm, absent)
    keys = list(hot)
    voted = sum(hot.values())
    score, n = _weighted_observed(hot)
    with np.errstate(invalid="ignore", divide="ignore"):
        observed = score / n
        # Marginal of i's choices over the roll calls that j also voted on (pairwise marginals).
        share = {k: (hot[k] @ voted.T) / n for k in keys}  # share[k][i, j] = p_i(k | j voted)
        other = {k: share[k].T for k in keys}  # p_j(k | i voted)
        if pooled:
            pooled_share = {k: (share[k] + other[k]) / 2 for k in keys}
            share = other = pooled_share
        expected = sum(_weight(a, b) * share[a] * other[b] for a in keys for b in keys)
        value = (observed - expected) / (1 - expected)
    # Two states that always vote the same way have 1 - expected = 0: perfect, not undefined.
    value = np.where(np.isclose(1 - expected, 0) & np.isclose(observed, 1), 1.0, value)
    return _mask(value, n, min_covotes), n


def kappa(vm: VoteMatrix, *, absent: str = "exclude", min_covotes: int = 10):
    """Cohen's κ (Häge 2011): chance agreement from each state's own vote shares."""
    return _chance_corrected(vm, absent, min_covotes, pooled=False)


def pi(vm: VoteMatrix, *, absent: str = "exclude", min_covotes: int = 10):
    """Scott's π (Häge 2011): chance agreement from the pair's pooled vote shares."""
    return _chance_corrected(vm, absent, min_covotes, pooled=True)


def s_score(vm: VoteMatrix, *, absent: str = "exclude", min_covotes: int = 10):
    """Signorino–Ritter S: 1 − 2·d/d_max with votes on the ordinal scale Y=1, A=½, N=0 (d_max = 1)."""
    a, n = agree(vm, absent=absent, min_covotes=min_covotes)
    # With that scale, the mean distance is exactly 1 − agree.
    return 2 * a - 1, n


def compute(vm: VoteMatrix, index: str = "agree", **kwargs):
    """Dispatch by index name: one of :data:`INDICES`."""
    functions = {"agree": agree, "coincidence": coincidence, "kappa": kappa, "pi": pi, "s_score": s_score}
    if index not in functions:
        raise GraphmodelError(f"unknown index {index!r}: use one of {', '.join(INDICES)}")
    return functions[index](vm, **kwargs)


def frame(vm: VoteMatrix, index: str = "agree", **kwargs) -> tuple[pd.DataFrame, pd.DataFrame]:
    """:func:`compute` as two square DataFrames indexed by iso3: agreement and co-vote counts.

    Countries with no defined pair in the window (too few co-votes with anyone) are dropped.

    >>> from graphmodel import load_dataset
    >>> from graphmodel.windows import vote_matrix
    >>> ds = load_dataset()
    >>> ids = ds.rollcalls.query("body == 'GA' and session == '79'")["rollcall_id"].tolist()
    >>> values, n = frame(vote_matrix(ds, ids), "agree")
    >>> bool(values.loc["USA", "ISR"] > values.loc["USA", "RUS"])
    True
    """
    values, n = compute(vm, index, **kwargs)
    connected = ~np.all(np.isnan(values) | np.eye(len(values), dtype=bool), axis=1)
    codes = pd.Index([c for c, keep in zip(vm.countries, connected) if keep], name="iso3")
    keep = np.ix_(connected, connected)
    return pd.DataFrame(values[keep], index=codes, columns=codes), pd.DataFrame(n[keep], index=codes, columns=codes)

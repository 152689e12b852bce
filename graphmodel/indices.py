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
    return {k: v.astype(np.float64) for k, v in _indicators(vm.codes, absent).items()}


def _indicators(codes: np.ndarray, absent: str) -> dict[str, np.ndarray]:
    if absent == "half":
        raise GraphmodelError("absent 'half' is defined for the agree index only")
    if absent not in ABSENT_OPTIONS:
        raise GraphmodelError(f"unknown absence option {absent!r}: use one of {', '.join(ABSENT_OPTIONS)}")
    hot = {"Y": codes == YES, "N": codes == NO, "A": codes == ABSTAIN}
    if absent == "abstain":
        hot["A"] = hot["A"] | (codes == ABSENT)
    elif absent == "category":
        hot["X"] = codes == ABSENT
    return hot


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


class CoVotes:
    """Every pairwise co-vote count of one window from a single stacked product.

    With H = [Y; N; A] (and X with ``absent="category"``) the indicator matrices stacked along the
    country axis, G = H·Hᵀ holds in block (a, b) the number of roll calls on which country i chose
    a while country j chose b. Every index below is a weighted sum of these blocks, so one product
    (a symmetric rank-k update in BLAS) replaces the dozen separate ones the indices would need.
    The product runs in float32: its entries are integer counts below 2**24, which float32 holds
    exactly, so the blocks equal the float64 products bit for bit at half the cost.
    """

    def __init__(self, codes: np.ndarray, absent: str = "exclude"):
        hot = _indicators(np.asarray(codes), absent)
        self.keys = list(hot)
        self.size = len(codes)
        stacked = np.concatenate([hot[k] for k in self.keys], axis=0).astype(np.float32)
        if stacked.shape[1] >= 2**24:
            raise GraphmodelError("more than 16,777,215 roll calls in one window: float32 counts would round")
        self.gram = (stacked @ stacked.T).astype(np.float64)
        self._weighted = None

    def block(self, a: str, b: str) -> np.ndarray:
        i, j = self.keys.index(a) * self.size, self.keys.index(b) * self.size
        return self.gram[i : i + self.size, j : j + self.size]

    def covotes(self) -> np.ndarray:
        """Roll calls on which both voted (any of the counted choices)."""
        c = self.size
        return self.gram.reshape(len(self.keys), c, len(self.keys), c).sum(axis=(0, 2))

    def weighted(self) -> tuple[np.ndarray, np.ndarray]:
        """Partial-credit score Σ w(a, b)·G[a, b] and co-vote counts (computed once)."""
        if self._weighted is None:
            score = np.zeros((self.size, self.size))
            for a in self.keys:
                for b in self.keys:
                    w = _weight(a, b)
                    if w:
                        score += w * self.block(a, b)
            self._weighted = score, self.covotes()
        return self._weighted

    def agree(self, min_covotes: int = 10):
        score, n = self.weighted()
        with np.errstate(invalid="ignore", divide="ignore"):
            return _mask(score / n, n, min_covotes), n

    def coincidence(self, min_covotes: int = 10):
        n = self.block("Y", "Y") + self.block("Y", "N") + self.block("N", "Y") + self.block("N", "N")
        same = self.block("Y", "Y") + self.block("N", "N")
        with np.errstate(invalid="ignore", divide="ignore"):
            return _mask(same / n, n, min_covotes), n

    def chance_corrected(self, min_covotes: int = 10, *, pooled: bool):
        keys = self.keys
        score, n = self.weighted()
        c = self.size
        with np.errstate(invalid="ignore", divide="ignore"):
            observed = score / n
            # share[k][i, j] = p_i(k | j voted): i's marginal over the roll calls j also voted on.
            rows = self.gram.reshape(len(keys), c, len(keys), c).sum(axis=2) / n
            share = dict(zip(keys, rows))
            other = {k: share[k].T for k in keys}  # p_j(k | i voted)
            if pooled:
                pooled_share = {k: (share[k] + other[k]) / 2 for k in keys}
                share = other = pooled_share
            expected = sum(_weight(a, b) * share[a] * other[b] for a in keys for b in keys if _weight(a, b))
            value = (observed - expected) / (1 - expected)
        # Two states that always vote the same way have 1 - expected = 0: perfect, not undefined.
        # (np.isclose's default tolerances, written out: isclose is slow on small arrays.)
        perfect = (np.abs(1 - expected) <= 1e-8) & (np.abs(observed - 1) <= 1e-8 + 1e-5)
        value = np.where(perfect, 1.0, value)
        return _mask(value, n, min_covotes), n

    def index(self, name: str, min_covotes: int = 10):
        """One index by name: ``(values, n)`` as the module-level functions return them."""
        if name == "agree":
            return self.agree(min_covotes)
        if name == "coincidence":
            return self.coincidence(min_covotes)
        if name in ("kappa", "pi"):
            return self.chance_corrected(min_covotes, pooled=name == "pi")
        if name == "s_score":
            a, n = self.agree(min_covotes)
            # With the scale Y=1, A=½, N=0 the mean distance is exactly 1 − agree.
            return 2 * a - 1, n
        raise GraphmodelError(f"unknown index {name!r}: use one of {', '.join(INDICES)}")

    def all(self, min_covotes: int = 10, indices=INDICES) -> dict:
        """``{index: (values, n)}`` for several indices from the one product."""
        return {name: self.index(name, min_covotes) for name in indices}


def agree(vm: VoteMatrix, *, absent: str = "exclude", min_covotes: int = 10):
    """Voeten agreement: 1 same vote, 0.5 when one abstains, 0 for yes against no."""
    if absent == "half":
        from .conventions import agree_half_absent

        return agree_half_absent(vm, min_covotes=min_covotes)
    return CoVotes(vm.codes, absent).agree(min_covotes)


def coincidence(vm: VoteMatrix, *, absent: str = "exclude", min_covotes: int = 10):
    """State Department 'votes only' coincidence: identical votes among roll calls where both voted Y or N."""
    return CoVotes(vm.codes, absent).coincidence(min_covotes)


def kappa(vm: VoteMatrix, *, absent: str = "exclude", min_covotes: int = 10):
    """Cohen's κ (Häge 2011): chance agreement from each state's own vote shares."""
    return CoVotes(vm.codes, absent).chance_corrected(min_covotes, pooled=False)


def pi(vm: VoteMatrix, *, absent: str = "exclude", min_covotes: int = 10):
    """Scott's π (Häge 2011): chance agreement from the pair's pooled vote shares."""
    return CoVotes(vm.codes, absent).chance_corrected(min_covotes, pooled=True)


def s_score(vm: VoteMatrix, *, absent: str = "exclude", min_covotes: int = 10):
    """Signorino–Ritter S: 1 − 2·d/d_max with votes on the ordinal scale Y=1, A=½, N=0 (d_max = 1)."""
    return CoVotes(vm.codes, absent).index("s_score", min_covotes)


def all_indices(vm: VoteMatrix, *, absent: str = "exclude", min_covotes: int = 10, indices=INDICES) -> dict:
    """``{index: (values, n)}`` for every index in ``indices``, from one stacked product.

    >>> from graphmodel.windows import VoteMatrix
    >>> vm = VoteMatrix(["A", "B"], [1, 2], np.array([[1, 1], [1, 3]], dtype=np.int8))
    >>> float(all_indices(vm, min_covotes=1)["agree"][0][0, 1])
    0.75
    """
    return CoVotes(vm.codes, absent).all(min_covotes, indices)


def compute(vm: VoteMatrix, index: str = "agree", **kwargs):
    """Dispatch by index name: one of :data:`INDICES`."""
    if index not in INDICES:
        raise GraphmodelError(f"unknown index {index!r}: use one of {', '.join(INDICES)}")
    absent = kwargs.pop("absent", "exclude")
    if absent == "half":
        if index != "agree":
            raise GraphmodelError(f"absent 'half' is defined for the agree index only (index: {index!r})")
        return agree(vm, absent=absent, **kwargs)
    return CoVotes(vm.codes, absent).index(index, **kwargs)


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

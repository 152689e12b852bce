"""Synthetic roll-call bodies with planted blocs, for tests and scaling benchmarks.

Members belong to ``blocs`` groups of equal size. Each roll call gives every bloc a position
(Y, N or A) drawn at random; a member votes its bloc's position with probability ``loyalty``,
otherwise a uniformly random choice, and is absent (X) with probability ``absence``. Agreement
is then high within blocs and near chance across them, so community detection should return
the planted blocs.

>>> rollcalls, votes, members, truth = planted_blocs(members=30, rollcalls=40, blocs=3, seed=1)
>>> len(votes), sorted(truth.value_counts().tolist())
(1200, [10, 10, 10])
"""

from __future__ import annotations

import numpy as np
import pandas as pd

VOTES = np.array(["Y", "N", "A", "X"])


def planted_blocs(
    *,
    members: int = 100,
    rollcalls: int = 500,
    blocs: int = 3,
    windows: int = 1,
    loyalty: float = 0.85,
    absence: float = 0.05,
    seed: int = 0,
    start: str = "2001-01-01",
):
    """Tables for :meth:`graphmodel.Dataset.from_frames` and the planted truth.

    ``rollcalls`` roll calls per window, ``windows`` calendar years from ``start`` (one window
    per year with ``by="year"``). Returns ``(rollcalls, votes, members, truth)``: ``votes`` has
    one row per member and roll call (categorical columns, so that tens of millions of rows stay
    small); ``truth`` maps member id → planted bloc.
    """
    rng = np.random.default_rng(seed)
    ids = np.array([f"M{i:04d}" for i in range(members)], dtype=object)
    bloc_of = np.arange(members) * blocs // members
    total = rollcalls * windows
    years = np.repeat(np.arange(windows), rollcalls)
    first = pd.Timestamp(start)
    days = rng.integers(0, 360, size=total)
    dates = pd.to_datetime([first.replace(year=first.year + int(y)) for y in range(windows)])[years] + pd.to_timedelta(
        days, unit="D"
    )
    calls = pd.DataFrame(
        {
            "rollcall_id": [f"R{i:06d}" for i in range(total)],
            "date": dates,
            "session_no": (years + 1).astype(np.int16),
            "title": "synthetic",
        }
    )
    # codes 0..3 = Y, N, A, X; built one window at a time to keep the temporaries small
    codes = np.empty((total, members), dtype=np.int8)
    for w in range(windows):
        rows = slice(w * rollcalls, (w + 1) * rollcalls)
        position = rng.choice(3, size=(rollcalls, blocs), p=[0.5, 0.3, 0.2]).astype(np.int8)
        chosen = position[:, bloc_of]
        noise = rng.random((rollcalls, members))
        random_choice = rng.integers(0, 3, size=(rollcalls, members), dtype=np.int8)
        chosen = np.where(noise < loyalty, chosen, random_choice)
        chosen[rng.random((rollcalls, members)) < absence] = 3
        codes[rows] = chosen
    votes = pd.DataFrame(
        {
            "rollcall_id": pd.Categorical.from_codes(
                np.repeat(np.arange(total, dtype=np.int32), members), categories=calls["rollcall_id"]
            ),
            "member": pd.Categorical.from_codes(np.tile(np.arange(members, dtype=np.int32), total), categories=ids),
            "vote": pd.Categorical.from_codes(codes.ravel(), categories=list(VOTES)),
        }
    )
    table = pd.DataFrame({"member": ids, "name": [f"Member {i}" for i in range(members)]})
    truth = pd.Series(bloc_of, index=pd.Index(ids, name="member"), name="bloc")
    return calls, votes, table, truth

"""Slice roll calls into windows and turn a window into a vote matrix.

A window is a set of roll calls: a GA/SC session, a calendar year, a date range, or a rolling
run of N roll calls or N months. Filters narrow it by issue, importance and vote type.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .countries import harmonize as harmonize_codes
from .errors import GraphmodelError

#: Integer codes of the vote matrix. 0 = no row (not a member, or not on the Council).
MISSING, YES, NO, ABSTAIN, ABSENT = 0, 1, 2, 3, 4
_CODE = {"Y": YES, "N": NO, "A": ABSTAIN, "X": ABSENT}


@dataclass
class Window:
    """A labelled set of roll calls."""

    label: str
    rollcall_ids: list
    start: pd.Timestamp
    end: pd.Timestamp


@dataclass
class VoteMatrix:
    """Countries × roll calls matrix of vote codes (int8), with its row and column labels."""

    countries: list
    rollcall_ids: list
    codes: np.ndarray

    def subset(self, rollcall_ids) -> VoteMatrix:
        position = {r: i for i, r in enumerate(self.rollcall_ids)}
        cols = [position[r] for r in rollcall_ids]
        codes = self.codes[:, cols]
        present = (codes != MISSING).any(axis=1)
        return VoteMatrix([c for c, keep in zip(self.countries, present) if keep], list(rollcall_ids), codes[present])

    def restrict(self, countries) -> VoteMatrix:
        """Only the rows of ``countries`` that the matrix has, in the order given."""
        position = {c: i for i, c in enumerate(self.countries)}
        keep = [c for c in dict.fromkeys(countries) if c in position]
        return VoteMatrix(keep, list(self.rollcall_ids), self.codes[[position[c] for c in keep]])


def vote_matrix(dataset, rollcall_ids=None, *, harmonize: bool = True) -> VoteMatrix:
    """Build the vote-code matrix for ``rollcall_ids`` (all roll calls if None).

    With ``harmonize`` (default), historic seats are merged into the member that continued them
    (USSR→RUS, FRG→DEU, ROC seat→CHN, …) so that windows across decades share country rows.
    """
    votes = dataset.votes
    if rollcall_ids is not None:
        votes = votes[votes["rollcall_id"].isin(set(rollcall_ids))]
    # Work on categorical codes: a million rows, but only ~200 countries and ~9,000 roll calls.
    iso3_categories = np.asarray(votes["iso3"].cat.categories, dtype=object)
    if harmonize:
        iso3_categories = harmonize_codes(iso3_categories)
    iso3 = iso3_categories[votes["iso3"].cat.codes.to_numpy()]
    ids = list(rollcall_ids) if rollcall_ids is not None else list(dataset.rollcalls["rollcall_id"])
    countries = sorted(set(iso3))
    row = pd.Index(countries).get_indexer(iso3)
    rollcall_categories = pd.Index(ids).get_indexer(np.asarray(votes["rollcall_id"].cat.categories, dtype=object))
    col = rollcall_categories[votes["rollcall_id"].cat.codes.to_numpy()]
    vote_categories = np.array([_CODE[c] for c in votes["vote"].cat.categories], dtype=np.int8)
    values = vote_categories[votes["vote"].cat.codes.to_numpy()]
    codes = np.zeros((len(countries), len(ids)), dtype=np.int8)
    keep = col >= 0
    codes[row[keep], col[keep]] = values[keep]
    return VoteMatrix(countries, ids, codes)


def filter_rollcalls(
    rollcalls: pd.DataFrame,
    *,
    body: str | None = "GA",
    issues=None,
    keywords=None,
    important: bool = False,
    exclude_amendments: bool = False,
    outcome: str | None = None,
) -> pd.DataFrame:
    """Roll calls of ``body`` that pass the filters.

    ``issues`` takes Voeten issue codes (me, nu, di, hr, co, ec) or UN subject terms (matched
    case-insensitively inside ``subjects``); ``keywords`` match the title.
    """
    calls = rollcalls if body is None else rollcalls[rollcalls["body"] == body]
    if issues:
        wanted = [i.strip() for i in ([issues] if isinstance(issues, str) else issues)]
        codes = calls["issues"].fillna("").str.split(";")
        by_code = codes.map(lambda have: bool(set(have) & set(wanted)))
        by_subject = pd.Series(False, index=calls.index)
        for term in wanted:
            by_subject |= calls["subjects"].fillna("").str.contains(term, case=False, regex=False)
        calls = calls[by_code | by_subject]
    if keywords:
        words = [keywords] if isinstance(keywords, str) else keywords
        hit = pd.Series(False, index=calls.index)
        for word in words:
            hit |= calls["title"].fillna("").str.contains(word, case=False, regex=False)
        calls = calls[hit]
    if important:
        calls = calls[calls["important"].fillna(False)]
    if exclude_amendments:
        calls = calls[~calls["amend"].fillna(False) & ~calls["para"].fillna(False)]
    if outcome:
        calls = calls[calls["outcome"] == outcome]
    return calls


def make_windows(
    rollcalls: pd.DataFrame,
    by: str = "session",
    *,
    start=None,
    end=None,
    size: int | None = None,
    step: int | None = None,
    min_rollcalls: int = 1,
) -> list[Window]:
    """Cut (already filtered) roll calls into windows.

    ``by``: ``session`` (GA regular session in progress, ``session_no``; the SC year), ``year``,
    ``range`` (one window from ``start`` to ``end``), ``rolling`` (``size`` roll calls, moved by
    ``step``), or ``rolling-months`` (``size`` months, moved by ``step`` months).
    Windows with fewer than ``min_rollcalls`` roll calls are dropped.

    >>> # make_windows(filter_rollcalls(ds.rollcalls), by="range", start="2025-01-20", end="2025-12-31")
    """
    calls = rollcalls.sort_values(["date", "rollcall_id"])
    if start is not None:
        calls = calls[calls["date"] >= pd.Timestamp(start)]
    if end is not None:
        calls = calls[calls["date"] <= pd.Timestamp(end)]
    if calls.empty:
        raise GraphmodelError("empty window: no roll calls match the period and filters")
    windows: list[Window] = []
    if by in ("session", "year"):
        key = calls["session_no"] if by == "session" else calls["date"].dt.year
        for value, group in calls.groupby(key, sort=True):
            windows.append(_window(f"{int(value)}", group))
    elif by == "range":
        label = f"{calls['date'].min().date()}..{calls['date'].max().date()}"
        windows.append(_window(label, calls))
    elif by == "rolling":
        size = size or 100
        step = step or size
        for first in range(0, max(len(calls) - size, 0) + 1, step):
            group = calls.iloc[first : first + size]
            windows.append(_window(f"{group['date'].min().date()}..{group['date'].max().date()}", group))
    elif by == "rolling-months":
        size, step = size or 12, step or (size or 12)
        t = calls["date"].min().to_period("M").to_timestamp()
        last = calls["date"].max()
        while t <= last:
            stop = t + pd.DateOffset(months=size)
            group = calls[(calls["date"] >= t) & (calls["date"] < stop)]
            if len(group):
                windows.append(_window(f"{t.date()}..{(stop - pd.Timedelta(days=1)).date()}", group))
            t = t + pd.DateOffset(months=step)
    else:
        raise GraphmodelError(f"unknown window type {by!r}: use session, year, range, rolling or rolling-months")
    kept = [w for w in windows if len(w.rollcall_ids) >= min_rollcalls]
    if not kept:
        raise GraphmodelError(f"every window has fewer than {min_rollcalls} roll calls")
    return kept


def _window(label: str, group: pd.DataFrame) -> Window:
    return Window(label, group["rollcall_id"].tolist(), group["date"].min(), group["date"].max())

"""Slice roll calls into windows and turn a window into a vote matrix.

A window is a set of roll calls: a GA/SC session, a calendar year, a date range, or a rolling
run of N roll calls or N months. Filters narrow it by issue, importance and vote type.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np
import pandas as pd

from .countries import harmonize as harmonize_codes
from .errors import GraphmodelError

#: Integer codes of the vote matrix. 0 = no row (not a member, or not on the Council).
MISSING, YES, NO, ABSTAIN, ABSENT = 0, 1, 2, 3, 4
_CODE = {"Y": YES, "N": NO, "A": ABSTAIN, "X": ABSENT}


@dataclass
class Window:
    """A labelled set of roll calls.

    ``start``/``end`` are the first and last roll call's dates; ``period_start``/``period_end`` the
    calendar span the window stands for (a session runs from its opening to the day before the next
    one opens, a year from 1 January to 31 December). ``partial`` is true when that span is not
    finished at the data's last date (or is cut by the ``start``/``end`` asked for); ``coverage`` is
    the window's roll calls over ``norm``, the median of the (up to ten) complete windows of the same
    kind before it.
    """

    label: str
    rollcall_ids: list
    start: pd.Timestamp
    end: pd.Timestamp
    kind: str = ""
    period_start: pd.Timestamp | None = None
    period_end: pd.Timestamp | None = None
    partial: bool = False
    norm: float | None = None
    coverage: float | None = None


#: A symbol that names its regular session: A/RES/79/329, A/DEC/80/506, A/79/L.5 (not A/RES/ES-11/7).
_SESSION_SYMBOL = re.compile(r"^A/(?:RES/|DEC/)?(\d+)/")


@lru_cache(maxsize=1)
def ga_sessions() -> pd.DataFrame:
    """Regular GA sessions with their opening dates (``graphmodel/resources/ga_sessions.csv``).

    Columns ``session``, ``opened``, ``closes`` (the day before the next session opens; open-ended
    for the last one listed), ``basis`` and ``note`` (see the file's header for sources).

    >>> ga_sessions().set_index("session").loc[80, "opened"].date()
    datetime.date(2025, 9, 9)
    """
    path = resources.files("graphmodel") / "resources" / "ga_sessions.csv"
    with path.open(encoding="utf-8") as f:
        table = pd.read_csv(f, comment="#", dtype={"note": str}, keep_default_na=False)
    table["opened"] = pd.to_datetime(table["opened"])
    following = table["opened"].shift(-1)
    # After the last listed session, assume the usual September cycle.
    following.iloc[-1] = table["opened"].iloc[-1] + pd.DateOffset(years=1)
    table["closes"] = following - pd.Timedelta(days=1)
    return table


def no_session(label: str, kept: list, every: list, min_rollcalls: int) -> str | None:
    """Why ``label`` names none of the session windows ``kept`` (None if it does): a session with
    too few roll calls (it is in ``every``, cut with no minimum), or no such session, with the
    session a year opened when ``label`` looks like a year ('1950' → session 5).

    >>> no_session("1950", [Window("1", [], None, None), Window("80", [], None, None)], [], 10)
    "no GA session '1950'; sessions run 1–80 (1950 is a year: GA session 5 opened on 1950-09-19)"
    """
    label = str(label).strip()
    labels = [w.label for w in kept]
    if label in labels:
        return None
    sizes = {w.label: len(w.rollcall_ids) for w in every}
    if label in sizes:
        n = sizes[label]
        return f"GA session {label} has {n} roll call{'s' * (n != 1)}, fewer than the {min_rollcalls} an analysis needs"
    hint = ""
    if re.fullmatch(r"(19|20)\d\d", label):
        calendar = ga_sessions()
        opened = calendar[calendar["opened"].dt.year == int(label)]
        if len(opened):
            row = opened.iloc[0]
            hint = f" ({label} is a year: GA session {row['session']} opened on {row['opened'].date()})"
    span = f"; sessions run {labels[0]}–{labels[-1]}" if labels else ""
    return f"no GA session {label!r}{span}{hint}"


def session_in_progress(dates) -> np.ndarray:
    """The regular GA session in progress at each date (by the opening dates; 1 before it opened)."""
    opened = ga_sessions()["opened"].to_numpy()
    position = np.searchsorted(opened, pd.to_datetime(pd.Series(dates)).to_numpy(), side="right")
    return ga_sessions()["session"].to_numpy()[np.clip(position - 1, 0, None)]


def ga_session(rollcalls: pd.DataFrame) -> pd.Series:
    """The regular GA session each roll call belongs to.

    A symbol that names its session decides (A/RES/79/329 is session 79 although it was voted on
    5 September 2025, after the 1 September cut the sources use); then the session number recorded
    with the vote; emergency special sessions (ES-11), special sessions (S-32) and votes without
    either go to the regular session in progress at their date.

    >>> calls = pd.DataFrame({"symbol": ["A/RES/79/329", "A/DEC/80/506", "A/RES/ES-11/7"],
    ...                       "session": [None, None, "ES-11"],
    ...                       "date": pd.to_datetime(["2025-09-05", "2025-09-12", "2025-02-24"])})
    >>> ga_session(calls).tolist()
    [79, 80, 79]
    """
    by_symbol = pd.to_numeric(rollcalls["symbol"].astype("string").str.extract(_SESSION_SYMBOL)[0], errors="coerce")
    recorded = rollcalls["session"].astype("string")
    by_session = pd.to_numeric(recorded.where(recorded.str.fullmatch(r"\d+", na=False)), errors="coerce")
    by_date = pd.Series(session_in_progress(rollcalls["date"]), index=rollcalls.index)
    return by_symbol.fillna(by_session).fillna(by_date).astype(int)


@dataclass
class VoteMatrix:
    """Countries × roll calls matrix of vote codes (int8), with its row and column labels."""

    countries: list
    rollcall_ids: list
    codes: np.ndarray

    def subset(self, rollcall_ids) -> VoteMatrix:
        # Built once per matrix: a dataset's windows each take a subset of the same full matrix.
        position = self.__dict__.get("_position")
        if position is None:
            position = self.__dict__["_position"] = {r: i for i, r in enumerate(self.rollcall_ids)}
        cols = [position[r] for r in rollcall_ids]
        codes = self.codes[:, cols]
        present = (codes != MISSING).any(axis=1)
        return VoteMatrix([c for c, keep in zip(self.countries, present) if keep], list(rollcall_ids), codes[present])

    def restrict(self, countries) -> VoteMatrix:
        """Only the rows of ``countries`` that the matrix has, in the order given."""
        position = {c: i for i, c in enumerate(self.countries)}
        keep = [c for c in dict.fromkeys(countries) if c in position]
        return VoteMatrix(keep, list(self.rollcall_ids), self.codes[[position[c] for c in keep]])


def _categorical(column: pd.Series) -> pd.Categorical:
    values = column.array
    return values if isinstance(values, pd.Categorical) else pd.Categorical(column)


def vote_matrix(dataset, rollcall_ids=None, *, harmonize: bool = True) -> VoteMatrix:
    """Build the vote-code matrix for ``rollcall_ids`` (all roll calls if None).

    With ``harmonize`` (default), historic seats are merged into the member that continued them
    (USSR→RUS, FRG→DEU, ROC seat→CHN, …) so that windows across decades share country rows.

    Works on the category codes of ``votes`` (``rollcall_id``, ``iso3``, ``vote``): every lookup
    happens once per category (~200 countries, ~9,000 roll calls) and the vote rows are only
    indexed as integer arrays, with no Python object and no filtered copy per row.
    """
    votes = dataset.votes
    ids = list(rollcall_ids) if rollcall_ids is not None else list(dataset.rollcalls["rollcall_id"])
    rollcall, iso3, vote = (_categorical(votes[c]) for c in ("rollcall_id", "iso3", "vote"))
    # Lookup tables get a trailing -1: a missing value has code -1, so it lands there. int32
    # lookups keep the per-row arrays (as long as the votes table: tens of millions) small.
    wanted = pd.Index(ids).get_indexer(np.asarray(rollcall.categories, dtype=object))
    col = np.append(wanted, -1).astype(np.int32)[rollcall.codes]
    selected = col >= 0
    everything = bool(selected.all())
    seat_codes = iso3.codes
    seats = np.asarray(iso3.categories, dtype=object)
    countries_of_seat = harmonize_codes(seats) if harmonize else seats
    counted = np.bincount((seat_codes if everything else seat_codes[selected]) + 1, minlength=len(seats) + 1)
    used = counted[1:] > 0
    countries = sorted(set(countries_of_seat[used].tolist()))
    row_of_seat = np.append(pd.Index(countries).get_indexer(countries_of_seat), -1).astype(np.int32)
    code_of_vote = np.append(np.array([_CODE[c] for c in vote.categories], dtype=np.int8), MISSING)
    codes = np.zeros((len(countries), len(ids)), dtype=np.int8)
    rows = row_of_seat[seat_codes]
    keep = selected & (rows >= 0)
    flat_type = np.int32 if codes.size < 2**31 else np.int64
    flat = rows.astype(flat_type) * flat_type(len(ids)) + col
    values = code_of_vote[vote.codes]
    if keep.all():
        codes.ravel()[flat] = values
    else:
        codes.ravel()[flat[keep]] = values[keep]
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

    ``issues`` takes Voeten issue codes (me, nu, di, hr, co, ec: Voeten's own up to 2019, the rules
    of :mod:`graphmodel.topics` after), named topics (``UKRAINE``, ``PALESTINE``, …; see
    ``resources/topics.csv``) or UN subject terms (matched case-insensitively inside ``subjects``);
    ``keywords`` match the title.
    """
    from .topics import issue_mask

    calls = rollcalls if body is None else rollcalls[rollcalls["body"] == body]
    if issues:
        wanted = [i.strip() for i in ([issues] if isinstance(issues, str) else issues)]
        calls = calls[issue_mask(calls, wanted).to_numpy(bool)]
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
    horizon=None,
    what: str = "roll calls",
) -> list[Window]:
    """Cut (already filtered) roll calls into windows.

    ``by``: ``session`` (the GA regular session from the calendar, see :func:`ga_session`; the SC
    year), ``year``, ``range`` (one window from ``start`` to ``end``), ``rolling`` (``size`` roll
    calls, moved by ``step``), or ``rolling-months`` (``size`` months, moved by ``step`` months).
    Windows with fewer than ``min_rollcalls`` roll calls are dropped.

    ``horizon`` is the data's last date (default: the last roll call given); a session or year
    that has not ended by then is ``partial``. Pass the unfiltered data's last date when the roll
    calls are filtered (the last vote on an issue is not the end of the data). ``what`` names the
    roll calls given, for the error when none falls in the period ("GA roll calls matching the filters").

    >>> # make_windows(filter_rollcalls(ds.rollcalls), by="range", start="2025-01-20", end="2025-12-31")
    """
    calls = rollcalls.sort_values(["date", "rollcall_id"])
    if start is not None:
        calls = calls[calls["date"] >= pd.Timestamp(start)]
    if end is not None:
        calls = calls[calls["date"] <= pd.Timestamp(end)]
    if calls.empty:
        # say what there is, so that the user can fix the dates (``what`` names the roll calls given)
        if rollcalls.empty:
            raise GraphmodelError(f"empty window: no {what}")
        first, last = (None if d is None else pd.Timestamp(d).date() for d in (start, end))
        asked = f"from {first} to {last}" if first and last else f"from {first} on" if first else f"up to {last}"
        raise GraphmodelError(
            f"empty window: no roll call {asked}; the {what} run from {rollcalls['date'].min().date()} "
            f"to {rollcalls['date'].max().date()}"
        )
    horizon = pd.Timestamp(horizon) if horizon is not None else rollcalls["date"].max()
    windows: list[Window] = []
    if by == "session":
        ga = calls["body"] == "GA" if "body" in calls else pd.Series(True, index=calls.index)
        key = calls["session_no"].astype(int).copy() if "session_no" in calls else pd.Series(0, index=calls.index)
        if ga.any():
            key[ga] = ga_session(calls[ga])
        calendar = ga_sessions().set_index("session")
        opened, closes = calendar["opened"].to_dict(), calendar["closes"].to_dict()
        # Array slices per session instead of a pandas groupby: 80 small frames cost more than the rest.
        keys = key.to_numpy()
        order = np.argsort(keys, kind="stable")  # stable: date order inside each session stays
        ids, dates, all_ga = (
            calls["rollcall_id"].to_numpy()[order],
            calls["date"].to_numpy()[order],
            ga.to_numpy()[order],
        )
        values, firsts = np.unique(keys[order], return_index=True)
        for value, first, last in zip(values.tolist(), firsts, [*firsts[1:], len(keys)]):
            if all_ga[first:last].all() and value in opened:
                period = opened[value], closes[value]
            else:
                period = pd.Timestamp(f"{value}-01-01"), pd.Timestamp(f"{value}-12-31")
            span = dates[first:last]
            windows.append(
                Window(
                    f"{value}",
                    ids[first:last].tolist(),
                    pd.Timestamp(span.min()),
                    pd.Timestamp(span.max()),
                    kind="session",
                    period_start=pd.Timestamp(period[0]),
                    period_end=pd.Timestamp(period[1]),
                )
            )
    elif by == "year":
        for value, group in calls.groupby(calls["date"].dt.year, sort=True):
            period = pd.Timestamp(f"{int(value)}-01-01"), pd.Timestamp(f"{int(value)}-12-31")
            windows.append(_window(f"{int(value)}", group, "year", period))
    elif by == "range":
        label = f"{calls['date'].min().date()}..{calls['date'].max().date()}"
        period = (
            pd.Timestamp(start) if start is not None else calls["date"].min(),
            pd.Timestamp(end) if end is not None else calls["date"].max(),
        )
        windows.append(_window(label, calls, "range", period))
    elif by == "rolling":
        size = size or 100
        step = step or size
        for first in range(0, max(len(calls) - size, 0) + 1, step):
            group = calls.iloc[first : first + size]
            label = f"{group['date'].min().date()}..{group['date'].max().date()}"
            windows.append(_window(label, group, "rolling", (group["date"].min(), group["date"].max())))
    elif by == "rolling-months":
        size, step = size or 12, step or (size or 12)
        t = calls["date"].min().to_period("M").to_timestamp()
        last = calls["date"].max()
        while t <= last:
            stop = t + pd.DateOffset(months=size)
            group = calls[(calls["date"] >= t) & (calls["date"] < stop)]
            if len(group):
                period = (t, stop - pd.Timedelta(days=1))
                windows.append(_window(f"{t.date()}..{period[1].date()}", group, "rolling-months", period))
            t = t + pd.DateOffset(months=step)
    else:
        raise GraphmodelError(f"unknown window type {by!r}: use session, year, range, rolling or rolling-months")
    _mark_coverage(windows, horizon, start, end)
    if by in ("session", "year") and (start is not None or end is not None):
        # Norms come from the whole series, not from the few windows a date range leaves.
        norms = {w.label: w.norm for w in make_windows(rollcalls, by, horizon=horizon)}
        for w in windows:
            w.norm = norms.get(w.label, w.norm)
            w.coverage = len(w.rollcall_ids) / w.norm if w.norm else None
    kept = [w for w in windows if len(w.rollcall_ids) >= min_rollcalls]
    if not kept:
        largest = max(len(w.rollcall_ids) for w in windows)
        raise GraphmodelError(
            f"every window has fewer than {min_rollcalls} roll calls (min_rollcalls, --min-rollcalls): "
            f"the largest has {largest}"
        )
    return kept


def _mark_coverage(windows: list[Window], horizon: pd.Timestamp, start, end) -> None:
    """Flag windows whose calendar span is unfinished or cut, and compare their size with the norm."""
    for w in windows:
        w.partial = bool(
            w.period_end > horizon
            or (start is not None and pd.Timestamp(start) > w.period_start)
            or (end is not None and pd.Timestamp(end) < w.period_end)
        )
    if not windows or windows[0].kind not in ("session", "year", "rolling-months"):
        return
    complete: list[int] = []
    for w in windows:
        # A trailing norm: GA sessions held ~40 recorded votes in the 1950s and ~150 in the 1980s.
        reference = complete[-10:] if complete else [len(x.rollcall_ids) for x in windows if not x.partial][:10]
        if reference:
            w.norm = float(np.median(reference))
            w.coverage = len(w.rollcall_ids) / w.norm
        if not w.partial:
            complete.append(len(w.rollcall_ids))


def latest_complete(windows) -> int:
    """Index of the last window that is not partial (the last window if every one is)."""
    flags = [w.partial if isinstance(w, Window) else bool(w) for w in windows]
    for i in range(len(flags) - 1, -1, -1):
        if not flags[i]:
            return i
    return len(flags) - 1


def _window(label: str, group: pd.DataFrame, kind: str, period) -> Window:
    return Window(
        label,
        group["rollcall_id"].tolist(),
        group["date"].min(),
        group["date"].max(),
        kind=kind,
        period_start=pd.Timestamp(period[0]),
        period_end=pd.Timestamp(period[1]),
    )

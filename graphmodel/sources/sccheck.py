"""Security Council checks across sources: symbol year against date, Council, stated outcome.

The readers take each source as it is; this module tests the Security Council roll calls against
facts the sources themselves hold, and repairs only where they give an unambiguous answer.
Everything found is counted in the ledger and listed in ``build_report.json`` (``sc_checks``).

1. **Symbol year against date.** A resolution's symbol names its year ("S/RES/2423 (2018)") and
   resolution numbers run in order of adoption, so the year of number *n* is the year its
   numerical neighbours were adopted. When the two years differ: if the neighbours agree with the
   date, the symbol's year is the typo and is repaired (sc_voting "S/RES/1588 (2055)" dated
   2005); if they agree with the symbol, the date is wrong and is taken from another source
   holding the same symbol with a date in that year (unxml-sc dates S/RES/2423 (2018) 29 June
   2016, sc_voting 28 June 2018); otherwise the roll call is kept and flagged.
2. **The Council of a year** (terms run January–December): the states that voted on at least half
   the year's roll calls. When that is not 15 states (sc_voting 1995 names 103 states), the
   Council is the voter list shared by the year's roll calls that name exactly 15 states, all
   permanent members (the states on the Council in every year of the data) and otherwise only
   states on the Council in the year before or after (every elected member serves two
   consecutive years). If no such roll call exists or they disagree, the year has no Council.
3. **Roll calls against the Council and the outcome.** A roll call contradicts its source when
   it names a voter outside that year's Council, when sc_voting's "Outcome results" says
   "Adopted unanimously" and a member voted No or abstained, when an adopted draft has fewer
   than 9 in favour, or when a vetoed draft has no permanent member voting No. (An adopted
   draft with a permanent member voting No is no contradiction: procedural votes, such as
   S/RES/2623 (2022), 11-1-3, are not subject to the veto.) Its member votes are dropped (no
   vote is guessed); the roll call is kept with its date, symbol, outcome and any recorded
   totals, and no member is marked absent. Elected members seen in a single year only are
   listed (a term is two years), not changed.

Before these, :func:`check_swapped_dates` repairs sc_voting dates written month/day by the order
of meeting numbers.

>>> sorted(permanent_members({1994: {"USA", "CHN", "NGA"}, 1995: {"USA", "CHN", "ITA"}}))
['CHN', 'USA']
"""

from __future__ import annotations

import json
import re

import pandas as pd

from ..errors import Ledger
from . import SourceTables

_NUMBER_YEAR = re.compile(r"^S/RES/(\d+) \((\d{4})\)$")
#: A Council member votes on nearly every roll call of its year (absences are rare).
MEMBER_SHARE = 0.5
COUNCIL_SIZE = 15
ADOPTION_MAJORITY = 9


def permanent_members(councils: dict) -> set:
    """The states on the Council in every year given (the five permanent members)."""
    sets = [set(members) for members in councils.values() if members]
    return set.intersection(*sets) if sets else set()


# ------------------------------------------------------------------ 1. symbol year against date


def check_symbol_years(tables: dict[str, SourceTables], ledger: Ledger, report: dict) -> None:
    """Repair or flag SC roll calls whose symbol year is not their date's year (in place).

    ``tables`` maps source name to its tables (the SC ones: ``unxml-sc``, ``unga2025``,
    ``scvoting``); ``report`` receives the list ``symbol_year`` of what was found and done.
    """
    frames = {name: t.rollcalls for name, t in tables.items() if (t.rollcalls["body"] == "SC").any()}
    every = pd.concat(
        [f.loc[f["body"] == "SC", ["rollcall_id", "symbol", "date"]].assign(src=name) for name, f in frames.items()],
        ignore_index=True,
    )
    parsed = every["symbol"].astype("string").str.extract(_NUMBER_YEAR.pattern)
    every["number"] = pd.to_numeric(parsed[0])
    every["symbol_year"] = pd.to_numeric(parsed[1])
    every["date_year"] = pd.to_datetime(every["date"]).dt.year
    numbered = every.dropna(subset=["number"])
    wrong = numbered[numbered["symbol_year"] != numbered["date_year"]]
    # The year each resolution number was adopted, from roll calls whose symbol and date agree.
    agreed = numbered[numbered["symbol_year"] == numbered["date_year"]].groupby("number")["date_year"].agg(set)
    found = []
    for row in wrong.itertuples():
        below = agreed[agreed.index < row.number]
        above = agreed[agreed.index > row.number]
        neighbours = (below.iloc[-1] if len(below) else set()) | (above.iloc[0] if len(above) else set())
        entry = {
            "rollcall_id": row.rollcall_id,
            "symbol": row.symbol,
            "date": str(pd.Timestamp(row.date).date()),
            "neighbour_years": sorted(int(y) for y in neighbours),
        }
        frame = frames[row.src]
        at = frame.index[frame["rollcall_id"] == row.rollcall_id]
        if neighbours == {row.date_year}:
            fixed = f"S/RES/{int(row.number)} ({int(row.date_year)})"
            frame.loc[at, "symbol"] = fixed
            entry.update(action="symbol repaired", to=fixed)
            ledger.note("SC symbol year repaired from the date (neighbouring numbers agree)", f"{row.symbol} → {fixed}")
        elif neighbours == {row.symbol_year}:
            other = numbered[
                (numbered["symbol"] == row.symbol)
                & (numbered["src"] != row.src)
                & (numbered["date_year"] == row.symbol_year)
            ]
            if len(other):
                date = pd.Timestamp(other["date"].iloc[0])
                frame.loc[at, "date"] = date
                frame.loc[at, "session"] = str(date.year)
                frame.loc[at, "session_no"] = date.year
                entry.update(action="date repaired", to=str(date.date()), from_source=other["src"].iloc[0])
                ledger.note(
                    "SC date repaired from another source (symbol year and neighbouring numbers agree)",
                    f"{row.symbol} {entry['date']} → {date.date()} ({other['src'].iloc[0]})",
                )
            else:
                entry.update(action="flagged: date year differs from symbol, no source gives another date")
                ledger.note("SC date year differs from its symbol, kept (flagged)", f"{row.symbol} {entry['date']}")
        else:
            entry.update(action="flagged: neighbouring numbers do not decide")
            ledger.note("SC date year differs from its symbol, kept (flagged)", f"{row.symbol} {entry['date']}")
        found.append(entry)
    report["symbol_year"] = found


def check_swapped_dates(tables: SourceTables, ledger: Ledger, report: dict) -> None:
    """Repair sc_voting dates whose day and month are swapped, judged by meeting numbers (in place).

    Meetings are numbered in order, so a roll call's date lies between those of the meetings
    before and after it. Dates with a day above 12, or day equal to month, cannot be swapped and
    serve as anchors; a date with day 1–12 whose own reading falls outside its neighbours' dates
    and whose swapped reading falls inside is repaired. Neither or both fitting: kept, counted.
    ``tables`` needs a ``meeting`` column (the sc_voting reader keeps one).

    >>> t = SourceTables(pd.DataFrame({"rollcall_id": list("abc"), "meeting": [1.0, 2.0, 3.0],
    ...     "date": pd.to_datetime(["1995-01-20", "1995-08-02", "1995-02-14"])}), None)
    >>> check_swapped_dates(t, Ledger(), {}); str(t.rollcalls["date"][1].date())
    '1995-02-08'
    """
    calls = tables.rollcalls
    if "meeting" not in calls:
        return
    dates = pd.to_datetime(calls["date"])
    meeting = pd.to_numeric(calls["meeting"])
    fixed_form = (dates.dt.day > 12) | (dates.dt.day == dates.dt.month)
    anchors = pd.DataFrame({"meeting": meeting, "date": dates})[fixed_form & meeting.notna()]
    latest = anchors.groupby("meeting")["date"].max().sort_index()
    earliest = anchors.groupby("meeting")["date"].min().sort_index()
    tally = {"repaired": 0, "kept: fits as written": 0, "kept: both readings fit": 0, "kept: neither fits": 0}
    repaired = []
    for i in calls.index[~fixed_form & meeting.notna()]:
        date, number = dates[i], meeting[i]
        swapped = pd.Timestamp(date.year, date.day, date.month)
        before, after = latest[latest.index < number], earliest[earliest.index > number]
        low = before.iloc[-1] if len(before) else pd.Timestamp.min
        high = after.iloc[0] if len(after) else pd.Timestamp.max
        as_written, as_swapped = low <= date <= high, low <= swapped <= high
        if as_swapped and not as_written:
            calls.loc[i, "date"] = swapped
            tally["repaired"] += 1
            repaired.append(f"{calls.loc[i, 'rollcall_id']} {date.date()} → {swapped.date()}")
            ledger.note("scvoting: day and month swapped, repaired (meeting order)", repaired[-1])
        elif as_written and as_swapped:
            tally["kept: both readings fit"] += 1
        elif as_written:
            tally["kept: fits as written"] += 1
        else:
            tally["kept: neither fits"] += 1
            ledger.note(
                "scvoting: date fits neither reading of the meeting order (kept)",
                f"{calls.loc[i, 'rollcall_id']} {date.date()}",
            )
    tally["no meeting number (not checked)"] = int((~fixed_form & meeting.isna()).sum())
    report["swapped_dates"] = tally | {"repaired_list": repaired}


# ------------------------------------------------------------------ 2. the Council of each year


def councils(sc_votes: pd.DataFrame) -> tuple[dict, dict]:
    """``({year: set of iso3}, {year: how it was derived})`` from votes with a ``date`` column.

    ``sc_votes`` holds rows ``rollcall_id, iso3, vote, date`` (X rows are ignored).

    >>> v = pd.DataFrame({"rollcall_id": ["a", "a", "b"], "iso3": ["USA", "CHN", "USA"],
    ...                   "vote": ["Y", "Y", "Y"], "date": pd.to_datetime(["1996-01-05"] * 3)})
    >>> councils(v)[1][1996]
    'not derived: 2 states voted on >= half the roll calls, 0 plausible lists'
    """
    cast = sc_votes[sc_votes["vote"] != "X"].assign(year=lambda d: pd.to_datetime(d["date"]).dt.year)
    per_year = cast.groupby("year")["rollcall_id"].nunique()
    named = cast.groupby(["year", "iso3"])["rollcall_id"].nunique()
    share = named / per_year.reindex(named.index.get_level_values("year")).to_numpy()
    core = {int(y): set(m) for y, m in share[share >= MEMBER_SHARE].reset_index().groupby("year")["iso3"]}
    full = {y: m for y, m in core.items() if len(m) == COUNCIL_SIZE}
    permanent = permanent_members(full)
    found, how = {}, {}
    voters = cast.groupby("rollcall_id")["iso3"].agg(frozenset)
    year_of = cast.groupby("rollcall_id")["year"].first()
    for year, members in sorted(core.items()):
        if len(members) == COUNCIL_SIZE:
            found[year], how[year] = members, f"voted on >= half the roll calls: {len(members)} states"
            continue
        candidates = permanent | full.get(year - 1, set()) | full.get(year + 1, set())
        lists = {
            v
            for v in voters[year_of == year]
            if len(v) == COUNCIL_SIZE and permanent <= v and v <= candidates and permanent
        }
        agreeing = int(sum(1 for v in voters[year_of == year] if v in lists))
        if len(lists) == 1:
            found[year] = set(next(iter(lists)))
            how[year] = (
                f"voter list shared by the {agreeing} roll calls naming 15 states, the permanent members "
                "and otherwise only members of the year before or after"
            )
        else:
            how[year] = (
                f"not derived: {len(members)} states voted on >= half the roll calls, {len(lists)} plausible lists"
            )
    return found, how


# ------------------------------------------------------------------ 3. roll calls against Council and outcome


def contradictions(
    rollcalls: pd.DataFrame, votes: pd.DataFrame, council: dict, outcome_text: dict | None = None
) -> dict[str, str]:
    """``{rollcall_id: reason}`` for SC roll calls whose member votes contradict the year's
    Council or the stated outcome (see the module docstring); roll calls without votes are skipped.
    """
    outcome_text = outcome_text or {}
    permanent = permanent_members(council)
    sc = rollcalls[rollcalls["body"] == "SC"].set_index("rollcall_id")
    cast = votes[votes["rollcall_id"].isin(sc.index) & (votes["vote"] != "X")]
    found = {}
    for rollcall_id, rows in cast.groupby("rollcall_id", sort=True, observed=True):
        call = sc.loc[rollcall_id]
        members = council.get(pd.Timestamp(call["date"]).year)
        named = set(rows["iso3"])
        counts = rows["vote"].value_counts()
        yes, no_or_abstain = int(counts.get("Y", 0)), int(counts.get("N", 0) + counts.get("A", 0))
        permanent_no = set(rows.loc[rows["vote"] == "N", "iso3"]) & permanent
        reasons = []
        if members is not None and not named <= members:
            outside = sorted(named - members)
            reasons.append(f"{len(outside)} voters outside the Council of {pd.Timestamp(call['date']).year}")
        if outcome_text.get(rollcall_id) == "Adopted unanimously" and no_or_abstain:
            reasons.append(f"'Adopted unanimously' with {no_or_abstain} No or Abstain")
        if call["outcome"] == "adopted" and yes < ADOPTION_MAJORITY:
            reasons.append(f"adopted with {yes} in favour")
        if call["outcome"] == "vetoed" and permanent and not permanent_no:
            reasons.append("vetoed without a permanent member voting No")
        if reasons:
            found[rollcall_id] = "; ".join(reasons)
    return found


def single_year_members(council: dict) -> list[dict]:
    """Elected members seen on the Council in one year only, between two known years."""
    permanent = permanent_members(council)
    out = []
    for year, members in sorted(council.items()):
        if year - 1 not in council or year + 1 not in council:
            continue
        for iso3 in sorted(members - permanent - council[year - 1] - council[year + 1]):
            out.append({"year": year, "iso3": iso3})
    return out


def check_councils(
    rollcalls: pd.DataFrame, votes: pd.DataFrame, ledger: Ledger, report: dict, outcome_text: dict | None = None
) -> tuple[pd.DataFrame, dict, set]:
    """Drop the member votes of contradicting SC roll calls.

    Returns ``(votes, council by year, ids of roll calls whose votes were dropped)``; ``report``
    receives ``council`` (how each year's Council was found), ``dropped`` (every roll call with
    its reason) and ``single_year_members``.
    """
    sc = rollcalls.loc[rollcalls["body"] == "SC", ["rollcall_id", "date", "symbol", "source"]]
    sc_votes = votes[votes["rollcall_id"].isin(set(sc["rollcall_id"]))].merge(sc, on="rollcall_id")
    first, first_how = councils(sc_votes)
    found = contradictions(rollcalls, votes, first, outcome_text)
    # Once the contradicting lists are out, the years they crowded are derived again; the report
    # keeps how a crowded year was first found (sc_voting 1995: by the plausible voter lists).
    kept = sc_votes[~sc_votes["rollcall_id"].isin(set(found))]
    council, how = councils(kept)
    how = {y: h if first_how.get(y, h) == h else f"first {first_how[y]}; then {h}" for y, h in how.items()}
    found = contradictions(rollcalls, votes, council, outcome_text)
    sizes = votes[votes["rollcall_id"].isin(set(found))].groupby("rollcall_id").size()
    info = sc.set_index("rollcall_id")
    dropped = [
        {
            "rollcall_id": rid,
            "symbol": None if pd.isna(info.loc[rid, "symbol"]) else info.loc[rid, "symbol"],
            "date": str(pd.Timestamp(info.loc[rid, "date"]).date()),
            "source": info.loc[rid, "source"],
            "votes_dropped": int(sizes.get(rid, 0)),
            "reason": reason,
        }
        for rid, reason in sorted(found.items(), key=lambda item: (info.loc[item[0], "date"], item[0]))
    ]
    for entry in dropped:
        ledger.note(
            "SC roll calls whose member votes contradict the Council or the outcome (votes dropped, roll call kept)",
            f"{entry['symbol'] or entry['rollcall_id']} {entry['date']}: {entry['reason']}",
        )
    ledger.note("SC member votes dropped with those roll calls", n=int(sizes.sum()))
    unknown = {str(y): h for y, h in how.items() if y not in council}
    if unknown:
        ledger.note("SC years without a derived Council (no X added)", json.dumps(unknown), n=len(unknown))
    singles = single_year_members(council)
    if singles:
        ledger.note("SC elected members seen in one year only (kept)", json.dumps(singles[:5]), n=len(singles))
    report.update(
        council={str(y): {"members": sorted(council[y]), "how": how[y]} for y in sorted(council)}
        | {str(y): {"members": None, "how": h} for y, h in how.items() if y not in council},
        dropped=dropped,
        dropped_rollcalls=len(dropped),
        dropped_votes=int(sizes.sum()),
        single_year_members=singles,
    )
    return votes[~votes["rollcall_id"].isin(set(found))], council, set(found)

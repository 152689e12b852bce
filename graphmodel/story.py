"""The 24 February 2025 story in a few tables: what the demo prints (``graphmodel story``).

Each function returns data (DataFrames, dicts); :func:`story_text` renders them as text. Every
number says what it rests on: which roll calls, which index, which dates.
"""

from __future__ import annotations

import textwrap

import pandas as pd

from .errors import GraphmodelError

STORY_SYMBOLS = ("A/RES/ES-11/7", "A/RES/ES-11/8", "S/RES/2774")
STORY_COUNTRIES = ("USA", "RUS", "UKR", "CHN", "GBR", "FRA", "DEU", "HUN", "ISR", "IND", "BRA")
#: The periods compared: calendar 2024 against the new US administration's first year.
BEFORE = ("2024-01-01", "2024-12-31")
AFTER = ("2025-01-20", "2025-12-31")


def side_by_side(dataset, symbols=STORY_SYMBOLS, countries=None) -> pd.DataFrame:
    """Votes of ``countries`` (default: every member that voted on any of them) on several roll
    calls, one column per symbol (Y/N/A/X, empty where the country was not a member of that body),
    with a ``totals`` row of recorded Yes–No–Abstain."""
    columns, totals = {}, {}
    for symbol in symbols:
        call = dataset.rollcall(symbol)
        votes = dataset.votes_on(symbol).set_index("iso3")["vote"].astype(str)
        label = str(call["symbol"])
        columns[label] = votes
        counts = votes.value_counts()
        totals[label] = f"{counts.get('Y', 0)}-{counts.get('N', 0)}-{counts.get('A', 0)}"
    table = pd.DataFrame(columns)
    if countries is not None:
        table = table.reindex([c for c in countries])
    table = table.fillna("")
    table.index.name = "iso3"
    names = dataset.countries.set_index("iso3")["name"]
    table.insert(0, "name", table.index.map(names))
    table.loc["totals"] = ["Yes-No-Abstain", *totals.values()]
    return table.reset_index()


def _rollcalls_of(dataset, start, end, issues=()) -> pd.DataFrame:
    from .settings import Windows

    windows = Windows(by="range", start=start, end=end, issues=tuple(issues), min_rollcalls=1)
    found = dataset.window_matrices(windows)
    if not found:
        return dataset.rollcalls.iloc[0:0]
    ids = set(found[0][0].rollcall_ids)
    return dataset.rollcalls[dataset.rollcalls["rollcall_id"].isin(ids)].sort_values("date")


def agreement_change(dataset, a: str = "USA", b: str = "RUS", *, issues=(), index: str = "agree") -> dict:
    """Agreement of ``a`` with ``b`` in :data:`BEFORE` and :data:`AFTER` (GA roll calls, optionally
    only those matching ``issues``), with the roll calls each number rests on."""
    from .analysis import compare

    out = {"a": a, "b": b, "index": index, "issues": list(issues), "periods": []}
    for start, end in (BEFORE, AFTER):
        table = compare(
            dataset,
            a,
            b,
            by="range",
            start=start,
            end=end,
            issues=tuple(issues),
            min_rollcalls=1,
            min_covotes=1,
            index=index,
        )
        calls = _rollcalls_of(dataset, start, end, issues)
        value = float(table["agreement"].iloc[0]) if len(table) else float("nan")
        out.setdefault("warnings", []).extend(table.attrs.get("params", {}).get("warnings", []))
        out["periods"].append(
            {
                "start": start,
                "end": end,
                "agreement": value,
                "rollcalls": len(calls),
                "symbols": [s for s in calls["symbol"].fillna("(no symbol)")],
            }
        )
    return out


def movers(dataset, *, anchor: str = "USA", top: int = 8, n_boot: int = 200, index: str = "agree") -> pd.DataFrame:
    """The countries whose agreement with ``anchor`` moved most between :data:`BEFORE` and
    :data:`AFTER` (:func:`graphmodel.shifts`, bootstrap percentile 95% intervals)."""
    from .analysis import shifts

    table = shifts(dataset, "..".join(BEFORE), "..".join(AFTER), anchor=anchor, n_boot=n_boot, index=index)
    head = table.head(top)
    head.attrs = table.attrs
    return head


def story_text(dataset, *, n_boot: int = 200, top: int = 8) -> str:
    """The whole story as text: the ES-11/7 No list, three votes side by side, US–Russia and US–EU
    agreement before and after 20 January 2025 (all votes and Ukraine votes), the biggest movers."""
    return "\n".join(story_sections(dataset, n_boot=n_boot, top=top))


def story_sections(dataset, *, n_boot: int = 200, top: int = 8):
    """:func:`story_text` one section at a time (a generator), so a terminal shows each as soon as
    it is computed."""
    lines = []
    call = dataset.rollcall("A/RES/ES-11/7")
    votes = dataset.votes_on("A/RES/ES-11/7")
    no = votes.loc[votes["vote"] == "N", "iso3"].tolist()
    lines += [
        f"1. {call['symbol']} ({pd.Timestamp(call['date']).date()}, {call['body']}): recorded "
        f"{call['yes']}-{call['no']}-{call['abstain']} (yes-no-abstain)",
        f"   No ({len(no)}): {' '.join(no)}",
        f"   USA voted {_vote(votes, 'USA')}, RUS voted {_vote(votes, 'RUS')}: the United States voted with Russia "
        "against the resolution on the third anniversary of the invasion.",
        "",
        "2. The same day, side by side (Y yes, N no, A abstain, X absent; blank: not on that body;"
        " all members: graphmodel votes A/RES/ES-11/7 A/RES/ES-11/8 S/RES/2774):",
    ]
    table = side_by_side(dataset, STORY_SYMBOLS, STORY_COUNTRIES)
    lines += ["   " + line for line in table.to_string(index=False).splitlines()]
    yield "\n".join(lines)
    lines = [""]
    from .analysis import shifts

    # One bootstrap of every country's change serves section 3 (US-Russia, EU members) and 4.
    moved = shifts(dataset, "..".join(BEFORE), "..".join(AFTER), anchor="USA", n_boot=n_boot)
    params = moved.attrs["params"]
    spans = {
        key: f"{BEFORE[0][:4] if key == 'from' else 'from ' + AFTER[0]} (votes {params[key]['start']}.."
        f"{params[key]['end']})"
        for key in ("from", "to")
    }
    lines.append(
        f"3. Agreement (index agree, GA roll calls) in {spans['from']} vs {spans['to']}"
        f" (graphmodel compare USA RUS --by range --from {AFTER[0]} --to {AFTER[1]} --min-rollcalls 1 --min-covotes 1 [--issue UKRAINE]):"
    )
    changes = {}
    for key, a, b, issues, what in (
        ("all", "USA", "RUS", (), "all votes"),
        ("ukraine", "USA", "RUS", ("UKRAINE",), "Ukraine votes (subject UKRAINE)"),
        ("eu", "USA", "EU", (), "all votes (EU: mean over its members)"),
    ):
        change = changes[key] = agreement_change(dataset, a, b, issues=issues)
        before, after = change["periods"]
        lines.append(
            f"   {a}-{b}, {what}: {before['agreement']:.2f} ({before['rollcalls']} roll calls) -> "
            f"{after['agreement']:.2f} ({after['rollcalls']} roll calls): {_direction(before, after)}"
        )
        for warning in dict.fromkeys(change.get("warnings", [])):
            lines += ["     note: " + line for line in textwrap.wrap(warning, 92)]
        if key == "all":
            lines.append("     " + _interval(moved, "RUS", n_boot))
        if issues:
            for period in (before, after):
                lines.append(f"     rests on {period['start'][:4]}: {', '.join(period['symbols']) or 'none'}")
            lines.append(
                f"     {after['rollcalls']} roll calls: too few for an interval; vote by vote in {AFTER[0][:4]}:"
            )
            lines += ["       " + line for line in _vote_by_vote(dataset, after["symbols"], a, b)]
        if key == "eu":
            lines.append("     " + _eu_members_moved(moved, params["to"]["end"]))
    lines += ["   " + line for line in _reading(changes, moved, dataset)]
    yield "\n".join(lines)
    lines = [""]
    lines.append(
        f"4. Biggest movers in agreement with {params['anchor']} (index {params['index']['name']}): window "
        f"{params['from']['start']}..{params['from']['end']} ({params['from']['rollcalls']} roll calls) -> "
        f"{params['to']['start']}..{params['to']['end']} ({params['to']['rollcalls']} roll calls), "
        f"{n_boot} bootstrap draws, percentile 95% interval"
        f" (graphmodel shifts --from {'..'.join(BEFORE)} --to {'..'.join(AFTER)} --anchor USA)"
    )
    shown = moved.head(top)[["iso3", "name", "before", "after", "shift", "ci_low", "ci_high"]]
    level, signed = "{:.2f}".format, "{:+.2f}".format
    formatters = {"before": level, "after": level, "shift": signed, "ci_low": signed, "ci_high": signed}
    lines += ["   " + line for line in shown.to_string(index=False, formatters=formatters).splitlines()]
    yield "\n".join(lines)


def _significant(row) -> bool:
    return bool(row["ci_low"] > 0 or row["ci_high"] < 0)


def _interval(moved: pd.DataFrame, code: str, n_boot: int) -> str:
    """The bootstrap interval of ``code``'s change, and whether it excludes no change."""
    row = moved.set_index("iso3").loc[code]
    verdict = "a significant change" if _significant(row) else "includes zero: not a significant change"
    return (
        f"change {row['shift']:+.2f}, 95% interval {row['ci_low']:+.2f} to {row['ci_high']:+.2f} "
        f"({n_boot} bootstrap draws of each period's roll calls): {verdict}"
    )


def _pair_votes(dataset, symbols, a: str, b: str) -> list[tuple[str, str, str]]:
    """``(symbol, a's vote, b's vote)`` for each roll call, each read once."""
    pairs = []
    for symbol in symbols:
        votes = dataset.votes_on(symbol)
        pairs.append((symbol, _vote(votes, a), _vote(votes, b)))
    return pairs


def _vote_by_vote(dataset, symbols, a: str, b: str) -> list[str]:
    return [
        f"{symbol}: {a} {va}, {b} {vb}" + (" (same)" if va == vb else "")
        for symbol, va, vb in _pair_votes(dataset, symbols, a, b)
    ]


def _eu_members_moved(moved: pd.DataFrame, date) -> str:
    from .countries import eu_members

    members = moved[moved["iso3"].isin(eu_members(date))]
    falls = members[members["ci_high"] < 0]
    return (
        f"each EU member's own change: {members['shift'].min():+.2f} to {members['shift'].max():+.2f}; "
        f"{len(falls)} of {len(members)} with a 95% interval below zero"
    )


def _reading(changes: dict, moved: pd.DataFrame, dataset) -> list[str]:
    """What the numbers say together, worded from their values and intervals (not fixed text)."""
    us_rus = moved.set_index("iso3").loc["RUS"]
    fell = moved[moved["ci_high"] < 0]
    rose = moved[moved["ci_low"] > 0]
    largest = moved.iloc[0]
    eu_before, eu_after = (period["agreement"] for period in changes["eu"]["periods"])
    further = int((moved["shift"].abs() > abs(eu_after - eu_before)).sum())
    said = [
        f"The US voted No on {_no_share(dataset, *BEFORE):.0%} of GA roll calls in {BEFORE[0][:4]} and "
        f"{_no_share(dataset, *AFTER):.0%} from {AFTER[0]}. Its agreement fell significantly with {len(fell)} of "
        f"{len(moved)} members and rose significantly with {len(rose) or 'none'}; the largest change is {largest['name']}'s "
        f"({largest['shift']:+.2f}), and {further} members moved further than the EU mean ({eu_after - eu_before:+.2f}). "
        + (
            f"With Russia it moved {us_rus['shift']:+.2f}, a 95% interval that excludes zero."
            if _significant(us_rus)
            else f"With Russia the change ({us_rus['shift']:+.2f}) is not significant: the US moved away from most "
            "members, not towards or away from Russia."
        )
    ]
    ukraine = changes["ukraine"]["periods"][1]["symbols"]
    if ukraine:
        same = [symbol for symbol, us, rus in _pair_votes(dataset, ukraine, "USA", "RUS") if us == rus]
        said.append(
            f"On the {len(ukraine)} Ukraine roll calls from {AFTER[0]} the US voted as Russia did on {len(same)} "
            f"({', '.join(same) or 'none'}) and differently on {len(ukraine) - len(same)}; too few votes to call "
            "a trend."
        )
    counted = set(ukraine)
    missing = [s for s in ("A/RES/ES-11/7", "A/RES/ES-11/8", "A/RES/ES-11/9") if s not in counted]
    missing = [s for s in missing if (dataset.rollcalls["symbol"] == s).any()]
    if missing:
        said.append(
            f"Caveat: {', '.join(missing)} carry no UKRAINE subject in this dataset, so the Ukraine figures "
            "above leave them out; with so few roll calls each one moves the value by a lot."
        )
    return [line for text in said for line in textwrap.wrap(text, 100)]


def _no_share(dataset, start, end, code: str = "USA") -> float:
    calls = _rollcalls_of(dataset, start, end)
    votes = dataset.votes[dataset.votes["rollcall_id"].isin(calls["rollcall_id"]) & (dataset.votes["iso3"] == code)]
    return float((votes["vote"].astype(str) == "N").mean()) if len(votes) else float("nan")


def _vote(votes: pd.DataFrame, code: str) -> str:
    hit = votes.loc[votes["iso3"] == code, "vote"]
    if hit.empty:
        raise GraphmodelError(f"{code} has no vote on this roll call")
    return {"Y": "Yes", "N": "No", "A": "Abstain", "X": "absent"}[str(hit.iloc[0])]


def _direction(before: dict, after: dict) -> str:
    change = after["agreement"] - before["agreement"]
    if pd.isna(change):
        return "not defined (too few shared votes)"
    word = "up" if change > 0 else "down"
    return f"{word} {abs(change):.2f}"

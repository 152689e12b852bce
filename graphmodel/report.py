"""Plain-text and tabular summaries of the dataset (used by the CLI and the README)."""

from __future__ import annotations

import re

import pandas as pd


def coverage(dataset, body: str | None = None) -> pd.DataFrame:
    """Roll calls, votes cast (Y/N/A), members and sources per body and session."""
    calls = dataset.rollcalls if body is None else dataset.rollcalls[dataset.rollcalls["body"] == body]
    votes = dataset.votes.merge(calls[["rollcall_id", "body", "session"]], on="rollcall_id")
    cast = votes[votes["vote"] != "X"]
    table = calls.groupby(["body", "session"]).agg(
        first=("date", "min"),
        last=("date", "max"),
        rollcalls=("rollcall_id", "size"),
        sources=("source", lambda s: ",".join(sorted(set(s)))),
    )
    table["votes"] = cast.groupby(["body", "session"]).size()
    table["countries"] = cast.groupby(["body", "session"])["iso3"].nunique()
    table = table.reset_index()
    table["first"] = table["first"].dt.date
    table["last"] = table["last"].dt.date
    order = table["session"].map(lambda s: (0, int(s), "") if s.isdigit() else (1, 0, s))
    table = table.assign(_o=order).sort_values(["body", "_o"]).drop(columns="_o")
    return table[["body", "session", "first", "last", "rollcalls", "votes", "countries", "sources"]]


_CATALOGUE_SUFFIX = re.compile(r"\s*:\s*(?:draft\s+)?(?:resolution|decision)\b(?:\s*/.*)?$", re.IGNORECASE)


# "Security Council resolution 2774 (2025) [on imploring ...]": the catalogue's wording around the subject
_COUNCIL_TITLE = re.compile(r"^Security Council resolution \d+ \(\d{4}\)\s*\[(.+)\]$", re.IGNORECASE)


def clean_title(title) -> str:
    """A roll call's title without the library catalogue's suffix (": resolution / adopted by
    the General Assembly", also when cut short) or a dangling slash.

    >>> clean_title("The path to peace : resolution / adopted by the General Assembly")
    'The path to peace'
    >>> clean_title("Prevention of an arms race in outer space : resolution / ado")
    'Prevention of an arms race in outer space'
    >>> clean_title("Security Council resolution 2774 (2025) [on imploring a swift end to the conflict]")
    'On imploring a swift end to the conflict'
    """
    text = "" if title is None or (not isinstance(title, str) and pd.isna(title)) else str(title)
    council = _COUNCIL_TITLE.match(text.strip())
    if council:
        text = council.group(1)[:1].upper() + council.group(1)[1:]
    return _CATALOGUE_SUFFIX.sub("", text).strip().rstrip("/:").strip()


def dropped_votes_note(report: dict, rollcall_id: str) -> str | None:
    """Why the build dropped a roll call's member votes (``sc_checks`` of the build report), or None.

    >>> dropped_votes_note({"sc_checks": {"dropped": [{"rollcall_id": "scvoting:94",
    ...     "votes_dropped": 15, "reason": "10 voters outside the Council of 1995"}]}}, "scvoting:94")
    'member votes dropped by the build (15 rows: 10 voters outside the Council of 1995); see build_report.json sc_checks'
    """
    for entry in (report or {}).get("sc_checks", {}).get("dropped", []):
        if entry["rollcall_id"] == rollcall_id:
            return (
                f"member votes dropped by the build ({entry['votes_dropped']} rows: {entry['reason']}); "
                "see build_report.json sc_checks"
            )
    return None


def format_rollcall(
    call: pd.Series, table: pd.DataFrame, note: str | None = None, *, only: pd.DataFrame | None = None
) -> str:
    """The roll call's header (with ``note``, e.g. why the build dropped its member votes) and its
    votes grouped Yes/No/Abstain/Did not vote; with ``only`` (rows ``iso3, name, vote`` of the
    countries asked for), one line per country in its order."""
    counts = table["vote"].value_counts()
    recorded = f"{call['yes']}-{call['no']}-{call['abstain']}" if pd.notna(call["yes"]) else "not stated"
    part = [k for k in ("amend", "para") if pd.notna(call.get(k)) and call.get(k)]
    kind = {"amend": "amendment", "para": "paragraph"}
    lines = [
        f"{call['symbol']}  {call['body']} session {call['session']}  {pd.Timestamp(call['date']).date()}"
        + (f"  ({' and '.join(kind[k] for k in part)} vote, roll call {call['rollcall_id']})" if part else ""),
        clean_title(call["title"]),
        f"recorded totals (yes-no-abstain): {recorded}",
        f"counted: {counts.get('Y', 0)} yes, {counts.get('N', 0)} no, {counts.get('A', 0)} abstain, "
        f"{counts.get('X', 0)} did not vote",
        f"source: {call['source']}",
        *([f"outcome: {call['outcome']}"] if pd.notna(call.get("outcome")) else []),
        *([note] if note else []),
        "",
    ]
    if only is not None:
        words = {"Y": "Yes", "N": "No", "A": "Abstain", "X": "Did not vote"}
        for row in only.itertuples():
            lines.append(f"{row.iso3}  {row.name}: {words.get(row.vote, 'not a member')}")
        return "\n".join(lines)
    for code, label in (("Y", "Yes"), ("N", "No"), ("A", "Abstain"), ("X", "Did not vote")):
        members = table.loc[table["vote"] == code, "iso3"].tolist()
        lines.append(f"{label} ({len(members)}): {' '.join(members)}")
    return "\n".join(lines)


def format_build_report(report: dict) -> str:
    lines = ["Sources read:"]
    for name, n in report["per_source"].items():
        lines.append(f"  {name:10s} {n['rollcalls']:6d} roll calls {n['votes']:8d} votes")
    t = report["totals"]
    lines.append(f"Dataset: {t['rollcalls']} roll calls ({t['by_body']}), {t['votes']} vote rows")
    lines.append("Fixes, drops and checks:")
    for kind in sorted(report["ledger"]):
        example = report["examples"].get(kind)
        lines.append(f"  {kind}: {report['ledger'][kind]}" + (f"  (e.g. {example[0]})" if example else ""))
    lines.append(f"Tally mismatches ({len(report['mismatches'])}):")
    for m in report["mismatches"]:
        lines.append(
            f"  {m['symbol']} recorded {m['recorded']} counted {m['counted']}: {m['explanation'] or 'UNEXPLAINED'}"
        )
    sponsors = report.get("sponsorships")
    if sponsors:
        entries = sponsors["entries"]
        lines.append(
            f"Sponsorships: {sponsors['rows']} rows for {sponsors['resolutions_with_country_sponsor']} of "
            f"{sponsors['resolutions']} GA resolutions ({sponsors.get('recorded_rows', 0)} rows on recorded votes); "
            f"entries: {entries.get('country', 0)} member names, {entries.get('group', 0)} groups "
            f"({sum(sponsors['groups_expanded'].values())} expanded, {sum(sponsors['groups_not_expanded'].values())} "
            f"not), {entries.get('officer', 0)} officers or organs, {entries.get('observer', 0)} observer State, "
            f"{entries.get('unresolved', 0)} unresolved names"
        )
    lines.append(f"Built in {report['seconds']} s")
    return "\n".join(lines)

"""Reader for ``sc_voting.xlsx`` (Security Council 1994-01 – 2025-06, one row per member × draft).

It is the only bundled source for drafts that failed or were vetoed. Known defects handled,
each counted: for 2024–25 rows the Resolution and Draft columns are swapped (detected by their
shape, not by year); member rows repeated within a draft are kept once when identical and
dropped when they conflict; drafts with fewer than 15 members recorded are kept as they are
(the dataset build fills absent Council members as X). The "Outcome results" text is kept in a
column ``outcome_text`` and the meeting number in ``meeting``: the build checks the member
votes against the first and the dates against the second and against the year's
Council (:mod:`graphmodel.sources.sccheck`; sc_voting 1995 lists other years' Councils).
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from .. import countries
from ..errors import InputError, Ledger
from . import SourceTables, make_tables, normalize_symbol

VOTES = {"Yes": "Y", "No": "N", "Abstain": "A"}
OUTCOMES = {
    "Adopted unanimously": "adopted",
    "Adopted by majority": "adopted",
    "Adopted by consensus": "adopted",
    "Adopted by acclamation": "adopted",
    "Not adopted - veto": "vetoed",
    "Not adopted - failed to receive required number of votes": "failed",
}
REQUIRED = ["Date,", "Resolution", "Meeting", "Draft", "Agenda item", "Outcome results", "Vote", "Member State", "ID"]
_RESOLUTION = re.compile(r"^(?:S/RES/|Resolution\s+)?(\d+)\s*(?:\(|/)(\d{4})(\)?)$")
_NO_RESOLUTION = {"", "Missing", "nan"}
_DRAFT = re.compile(r"^S/\d{4}/\d+")


def read_scvoting(path: str | Path, ledger: Ledger | None = None) -> SourceTables:
    path = Path(path)
    ledger = ledger or Ledger()
    sheet = pd.read_excel(path)
    missing = [c for c in REQUIRED if c not in sheet.columns]
    if missing:
        raise InputError("unknown header: missing columns " + ", ".join(missing), str(path), 1)
    sheet["line"] = sheet.index + 2  # spreadsheet row, header on row 1

    resolution = sheet["Resolution"].astype("string").fillna("").str.strip()
    draft = sheet["Draft"].astype("string").fillna("").str.strip()
    swapped = resolution.str.match(_DRAFT.pattern) & draft.str.startswith("S/RES/")
    if swapped.any():
        ledger.note(
            "scvoting: Resolution and Draft columns swapped back (rows)",
            f"{path.name}:{int(sheet.loc[swapped, 'line'].iloc[0])}",
            n=int(swapped.sum()),
        )
        resolution, draft = resolution.where(~swapped, draft), draft.where(~swapped, resolution)
    sheet["resolution"], sheet["draft"] = resolution, draft

    rollcalls, votes, outcome_texts, meetings, copies = [], [], [], [], {}
    for draft_id, rows in sheet.groupby("ID", sort=True):
        first = rows.iloc[0]
        line = int(first["line"])
        outcome = OUTCOMES.get(first["Outcome results"])
        if outcome is None:
            ledger.problem("unknown outcome", InputError("unknown outcome", str(path), line, first["Outcome results"]))
            continue
        date = pd.Timestamp(first["Date,"])
        if pd.isna(date):
            raise InputError("malformed date", str(path), line, first["Date,"])
        match = _RESOLUTION.match(first["resolution"])
        symbol = f"S/RES/{match.group(1)} ({match.group(2)})" if match else None
        if match and not match.group(3):
            ledger.note("scvoting: malformed resolution symbol repaired", f"{path.name}:{line} {first['resolution']}")
        if first["resolution"] == "Missing" and outcome == "adopted":
            ledger.note("scvoting: adopted draft with resolution number 'Missing'", f"{path.name}:{line}")
        if first["resolution"] not in _NO_RESOLUTION and not match:
            ledger.problem(
                "malformed resolution symbol",
                InputError("malformed resolution symbol", str(path), line, first["resolution"]),
            )
        rollcall_id = f"scvoting:{int(draft_id)}"
        member_votes: dict[str, str] = {}
        conflicting: set[str] = set()
        for member, code, line_no in zip(rows["Member State"], rows["Vote"], rows["line"]):
            vote = VOTES.get(code)
            if vote is None:
                ledger.problem("unknown vote code", InputError("unknown vote code", str(path), line_no, code))
                continue
            iso3 = countries.resolve(member, date, file=str(path), line=line_no)
            if iso3 in member_votes:
                if member_votes[iso3] == vote:
                    ledger.note("scvoting: repeated member row dropped", f"{path.name}:{line_no}")
                else:
                    conflicting.add(iso3)
                continue
            member_votes[iso3] = vote
        for iso3 in conflicting:
            ledger.note(
                "scvoting: member with conflicting rows in one draft dropped",
                f"{path.name}:{line} draft {first['draft']} {iso3}",
            )
            member_votes.pop(iso3)
        outcome_texts.append(first["Outcome results"])
        meetings.append(pd.to_numeric(first["Meeting"], errors="coerce"))
        rollcalls.append(
            {
                "rollcall_id": rollcall_id,
                "body": "SC",
                "session": str(date.year),
                "session_no": date.year,
                "date": date.normalize(),
                "symbol": symbol,
                "draft": normalize_symbol(first["draft"]) if first["draft"] else None,
                "title": first["Agenda item"],
                "outcome": outcome,
                "source": "scvoting",
                "subjects": first.get("Topic"),
                "amend": first["draft"].lower().startswith("oral amendment"),
                "para": False,
                "yes": None,
                "no": None,
                "abstain": None,
            }
        )
        votes.extend((rollcall_id, iso3, vote) for iso3, vote in member_votes.items())
        copies.setdefault((first["draft"], first["Meeting"], frozenset(member_votes.items())), []).append(
            (rollcall_id, line)
        )
    drop = _mislabelled_copies(copies, rollcalls, path.name, ledger)
    keep = [r["rollcall_id"] not in drop for r in rollcalls]
    rollcalls = [r for r, k in zip(rollcalls, keep) if k]
    outcome_texts = [t for t, k in zip(outcome_texts, keep) if k]
    meetings = [m for m, k in zip(meetings, keep) if k]
    votes = [v for v in votes if v[0] not in drop]
    tables = make_tables(rollcalls, votes, ledger)
    # Not a canonical column: the build checks member votes against it (sources/sccheck.py).
    tables.rollcalls["outcome_text"] = outcome_texts
    tables.rollcalls["meeting"] = pd.array(meetings, dtype="Float64")
    return tables


def _mislabelled_copies(copies: dict, rollcalls: list[dict], name: str, ledger: Ledger) -> set:
    """Ids of rows repeating a draft voted at the same meeting with the same votes.

    The sheet repeats six vetoed drafts (S/1995/394, S/1996/952, S/1997/18, S/1997/199,
    S/1997/241, S/1999/201) under a new ID labelled "Adopted …" with no resolution number; a
    draft is voted once per meeting, and an adopted draft gets a number, so the copy labelled
    adopted without one is dropped and the vetoed row kept.
    """
    calls = {r["rollcall_id"]: r for r in rollcalls}
    drop = set()
    for (draft, meeting, _), ids in copies.items():
        if len(ids) < 2:
            continue
        unnumbered_adopted = [
            (rid, line) for rid, line in ids if calls[rid]["outcome"] == "adopted" and calls[rid]["symbol"] is None
        ]
        if len(unnumbered_adopted) == len(ids):
            unnumbered_adopted = unnumbered_adopted[1:]  # nothing tells them apart: keep the first
        for rid, line in unnumbered_adopted:
            drop.add(rid)
            ledger.note(
                "scvoting: repeated draft labelled adopted without a resolution number dropped (other row kept)",
                f"{name}:{line} draft {draft} meeting {meeting}",
            )
    return drop

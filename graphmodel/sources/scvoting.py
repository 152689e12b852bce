"""Reader for ``sc_voting.xlsx`` (Security Council 1994-01 – 2025-06, one row per member × draft).

It is the only bundled source for drafts that failed or were vetoed. Known defects handled,
each counted: for 2024–25 rows the Resolution and Draft columns are swapped (detected by their
shape, not by year); member rows repeated within a draft are kept once when identical and
dropped when they conflict; drafts with fewer than 15 members recorded are kept as they are
(the dataset build fills absent Council members as X).
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

    rollcalls, votes = [], []
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
        if first["Outcome results"] == "Adopted unanimously" and set(member_votes.values()) - {"Y"}:
            ledger.note(
                "scvoting: 'Adopted unanimously' with N or A votes (votes kept as recorded)",
                f"{path.name}:{line} {symbol}",
            )
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
    return make_tables(rollcalls, votes, ledger)

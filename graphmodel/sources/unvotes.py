"""Reader for the R package ``unvotes`` (Voeten et al.): GA roll calls 1946–2019, sessions 1–74.

Known defects handled here: three empty ``country_code`` groups (Yemen Arab Republic, Federal
Republic of Germany, Zanzibar) and historic states sharing a label with their successor
("Russia" for the USSR) are resolved by name and date through :func:`countries.resolve`.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .. import countries
from ..errors import InputError, Ledger
from . import SourceTables, make_tables, normalize_symbol

VOTES = {"yes": "Y", "no": "N", "abstain": "A"}


def read_unvotes(folder: str | Path, ledger: Ledger | None = None) -> SourceTables:
    import pyreadr

    folder = Path(folder)
    ledger = ledger or Ledger()
    votes = pyreadr.read_r(folder / "un_votes.rda")["un_votes"]
    calls = pyreadr.read_r(folder / "un_roll_calls.rda")["un_roll_calls"]
    issues = pyreadr.read_r(folder / "un_roll_call_issues.rda")["un_roll_call_issues"]

    issue_codes = issues.groupby("rcid")["short_name"].agg(lambda s: ";".join(sorted(set(s))))
    calls["date"] = pd.to_datetime(calls["date"])
    rows = []
    for call in calls.itertuples():
        if pd.isna(call.date):
            raise InputError("malformed date", str(folder / "un_roll_calls.rda"), call.rcid, call.date)
        symbol = str(call.unres).strip() if isinstance(call.unres, str) and call.unres.strip() else None
        rows.append(
            {
                "rollcall_id": f"unvotes:{call.rcid}",
                "body": "GA",
                "session": str(int(call.session)),
                "session_no": int(call.session),
                "date": call.date,
                "symbol": normalize_symbol(symbol) if symbol else None,
                "title": _text(call.short) or _text(call.descr),
                "description": _text(call.descr) or None,
                "amend": _flag(call.amend),
                "para": _flag(call.para),
                "important": _flag(call.importantvote),
                "issues": issue_codes.get(call.rcid, ""),
                "source": "unvotes",
            }
        )

    date_of = dict(zip(calls["rcid"], calls["date"]))
    unknown = set(votes["vote"].astype(str)) - set(VOTES)
    if unknown:
        ledger.problem(
            "unknown vote code", InputError("unknown vote code", str(folder / "un_votes.rda"), None, sorted(unknown)[0])
        )
    # Resolve each (label, date) pair once: 870k rows but only a few thousand distinct pairs.
    empty_code = votes["country_code"].fillna("") == ""
    for name, n in votes.loc[empty_code, "country"].value_counts().items():
        ledger.note("unvotes: empty country_code resolved by name", f"{name} ({n} votes)", n=n)
    # ISO2 'YU', 'RU' are ambiguous across time; the full name plus the date is not.
    votes["iso3"] = countries.resolve_many(
        votes["country"], votes["rcid"].map(date_of), file=str(folder / "un_votes.rda")
    )
    votes["vote_code"] = votes["vote"].astype(str).map(VOTES)
    vote_rows = list(zip("unvotes:" + votes["rcid"].astype(int).astype(str), votes["iso3"], votes["vote_code"]))
    tables = make_tables(rows, vote_rows, ledger)
    tables.votes = tables.votes.dropna(subset=["vote"])
    return tables


def _text(value) -> str:
    return value.strip() if isinstance(value, str) else ""


def _flag(value) -> bool | None:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    return str(value).strip() in ("1", "1.0", "True")

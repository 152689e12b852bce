"""Reader for the 2025 UN Digital Library scrape (``un_votes_2025_processed.csv``, wide format).

One row per recorded vote, GA and SC, with one ISO3 column per member holding YES / NO /
ABSTAIN or blank. A blank is a member that did not vote (X). Members without a column (AFG, VEN
in this file) did not vote in any row; the dataset build adds them as X from membership.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

from .. import countries
from ..errors import InputError, Ledger
from . import SourceTables, ga_session_of, make_tables, normalize_symbol, parse_count, parse_date

VOTES = {"YES": "Y", "NO": "N", "ABSTAIN": "A", "": "X"}
REQUIRED = [
    "Link",
    "token",
    "Title",
    "Council",
    "Resolution",
    "Date",
    "YES COUNT",
    "NO COUNT",
    "ABSTAIN COUNT",
    "NO-VOTE COUNT",
]
_GA_SESSION = re.compile(r"^A/RES/((?:ES-|S-)?\d+)/")


def read_unga2025(path: str | Path, ledger: Ledger | None = None) -> SourceTables:
    path = Path(path)
    ledger = ledger or Ledger()
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        missing = [c for c in REQUIRED if c not in header]
        if missing:
            raise InputError("unknown header: missing columns " + ", ".join(missing), str(path), 1)
        country_columns = [c for c in header if re.fullmatch(r"[A-Z]{3}", c)]
        col = {c: i for i, c in enumerate(header)}
        rollcalls, votes = [], []
        for line_no, row in enumerate(reader, start=2):
            if len(row) != len(header):
                ledger.problem(
                    "row with wrong number of fields",
                    InputError(f"expected {len(header)} fields, found {len(row)}", str(path), line_no),
                )
                continue
            date = parse_date(row[col["Date"]], str(path), line_no)
            symbol = normalize_symbol(row[col["Resolution"]])
            body = {"General Assembly": "GA", "Security Council": "SC"}.get(row[col["Council"]])
            if body is None:
                ledger.problem("unknown body", InputError("unknown Council", str(path), line_no, row[col["Council"]]))
                continue
            if body == "GA":
                match = _GA_SESSION.match(symbol)
                session, session_no = (match.group(1) if match else None), ga_session_of(date)
            else:
                session, session_no = str(date.year), date.year
            rollcall_id = f"unga2025:{row[col['token']]}"
            rollcalls.append(
                {
                    "rollcall_id": rollcall_id,
                    "body": body,
                    "session": session,
                    "session_no": session_no,
                    "date": date,
                    "symbol": symbol,
                    "title": row[col["Title"]],
                    "outcome": "adopted",
                    "yes": parse_count(row[col["YES COUNT"]], str(path), line_no),
                    "no": parse_count(row[col["NO COUNT"]], str(path), line_no),
                    "abstain": parse_count(row[col["ABSTAIN COUNT"]], str(path), line_no),
                    "subjects": row[col["tags"]] if "tags" in col else None,
                    "source": "unga2025",
                    "amend": False,
                    "para": False,
                }
            )
            for code in country_columns:
                value = row[col[code]].strip().upper()
                if value not in VOTES:
                    ledger.problem(
                        "unknown vote code",
                        InputError(f"unknown vote code in column {code}", str(path), line_no, row[col[code]]),
                    )
                    continue
                if body == "SC" and value == "":
                    continue  # a blank in an SC row is one of the 178 non-members of the Council
                iso3 = countries.resolve(code, date, file=str(path), line=line_no)
                votes.append((rollcall_id, iso3, VOTES[value]))
    tables = make_tables(rollcalls, votes, ledger)
    return tables

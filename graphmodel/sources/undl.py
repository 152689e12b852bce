"""Readers for what users download from the UN Digital Library.

- Bulk CSV, General Assembly (record 4060887): long format, one row per member × resolution.
  Header versions: v2–v5 (singular names; v5 adds ``vote_note``) and v1 (plural names,
  ``NV`` for non-voting). An unknown header is refused, naming it.
- Bulk CSV, Security Council (record 4055387): same layout with ``permanent_member``,
  ``description``, ``agenda``, ``modality`` and no ``session``.
- MARCXML voting records: ``001`` record id, ``269$a`` date, ``791$a`` symbol, one ``967`` per
  member (``$c`` ISO3, ``$d`` vote, no ``$d`` = non-voting, ``$e`` name).

All return :class:`SourceTables` with ``source`` = ``undl`` and roll call ids ``undl:<undl_id>``.
"""

from __future__ import annotations

import csv
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pandas as pd

from .. import countries
from ..errors import InputError, Ledger
from . import SourceTables, ga_session_of, make_tables, normalize_symbol, parse_count, parse_date

GA_COLUMNS = [
    "undl_id",
    "ms_code",
    "ms_name",
    "ms_vote",
    "date",
    "session",
    "resolution",
    "draft",
    "committee_report",
    "meeting",
    "title",
    "agenda_title",
    "subjects",
    "total_yes",
    "total_no",
    "total_abstentions",
    "total_non_voting",
    "total_ms",
    "undl_link",
]
SC_COLUMNS = [
    "undl_id",
    "ms_code",
    "ms_name",
    "permanent_member",
    "ms_vote",
    "date",
    "resolution",
    "draft",
    "meeting",
    "description",
    "agenda",
    "subjects",
    "vote_note",
    "modality",
    "total_yes",
    "total_no",
    "total_abstentions",
    "total_non_voting",
    "total_ms",
    "undl_link",
]
# Version 1 (September/December 2024) used plural names; map them to the current ones.
V1_RENAMES = {
    "ms_codes": "ms_code",
    "ms_names": "ms_name",
    "ms_votes": "ms_vote",
    "resolutions": "resolution",
    "drafts": "draft",
    "committee_reports": "committee_report",
    "meetings": "meeting",
    "titles": "title",
    "agenda_titles": "agenda_title",
    "dates": "date",
    "sessions": "session",
}
VOTES = {"Y": "Y", "N": "N", "A": "A", "X": "X", "NV": "X", "": "X"}
MARC_VOTES = {"Y": "Y", "N": "N", "A": "A", None: "X", "": "X"}


def detect_header(header: list[str], file: str) -> tuple[str, dict]:
    """Return ("GA" | "SC", renames) for a known UN DL header, else raise naming it."""
    columns = [c.strip().lower() for c in header]
    renamed = [V1_RENAMES.get(c, c) for c in columns]
    if set(GA_COLUMNS) <= set(renamed) and "permanent_member" not in renamed:
        return "GA", dict(zip(header, renamed))
    if set(SC_COLUMNS) - {"vote_note"} <= set(renamed):
        return "SC", dict(zip(header, renamed))
    raise InputError(
        "unknown header (not a UN Digital Library GA or SC voting CSV)",
        file,
        1,
        ",".join(header[:8]) + ("…" if len(header) > 8 else ""),
    )


def read_undl_csv(path: str | Path, ledger: Ledger | None = None) -> SourceTables:
    """Read a UN Digital Library bulk voting CSV (GA or SC, any known header version)."""
    path = Path(path)
    ledger = ledger or Ledger()
    rollcalls: dict[str, dict] = {}
    votes: dict[tuple[str, str], tuple[str, int]] = {}
    with path.open(encoding="utf-8-sig", newline="") as f:
        reader = csv.reader(f)
        try:
            header = next(reader)
        except StopIteration:
            raise InputError("empty file", str(path), 1) from None
        body, renames = detect_header(header, str(path))
        names = [renames[h] for h in header]
        for line_no, values in enumerate(reader, start=2):
            if not values:
                continue
            if len(values) != len(names):
                ledger.problem(
                    "row with wrong number of fields",
                    InputError(f"expected {len(names)} fields, found {len(values)}", str(path), line_no),
                )
                continue
            row = dict(zip(names, values))
            vote = VOTES.get(row["ms_vote"].strip().upper())
            if vote is None:
                ledger.problem("unknown vote code", InputError("unknown vote code", str(path), line_no, row["ms_vote"]))
                continue
            date = parse_date(row["date"], str(path), line_no)
            rollcall_id = f"undl:{row['undl_id'].strip()}"
            call = _rollcall(row, body, date, rollcall_id, str(path), line_no)
            known = rollcalls.setdefault(rollcall_id, call)
            if known["symbol"] != call["symbol"] or known["date"] != call["date"]:
                ledger.problem(
                    "conflicting record",
                    InputError(f"record {rollcall_id} has two symbols or dates", str(path), line_no, call["symbol"]),
                )
                continue
            iso3 = countries.resolve(row["ms_code"] or row["ms_name"], date, file=str(path), line=line_no)
            key = (rollcall_id, iso3)
            if key in votes:
                if votes[key][0] != vote:
                    ledger.problem(
                        "conflicting duplicate",
                        InputError(
                            f"{iso3} voted {votes[key][0]} on line {votes[key][1]} and {vote} here",
                            str(path),
                            line_no,
                            row["ms_vote"],
                        ),
                    )
                else:
                    ledger.note("undl: repeated row dropped", f"{path.name}:{line_no}")
                continue
            votes[key] = (vote, line_no)
    vote_rows = [(rid, iso3, vote) for (rid, iso3), (vote, _) in votes.items()]
    return make_tables(list(rollcalls.values()), vote_rows, ledger)


def _rollcall(row: dict, body: str, date: pd.Timestamp, rollcall_id: str, file: str, line: int) -> dict:
    symbol = normalize_symbol(row["resolution"])
    if body == "GA":
        session = row.get("session", "").strip() or None
        session_no = ga_session_of(date)
        title = row.get("title", "")
    else:
        session, session_no, title = str(date.year), date.year, row.get("description", "")
    return {
        "rollcall_id": rollcall_id,
        "body": body,
        "session": session,
        "session_no": session_no,
        "date": date,
        "symbol": symbol,
        "title": title,
        "draft": row.get("draft") or None,
        "yes": parse_count(row.get("total_yes"), file, line),
        "no": parse_count(row.get("total_no"), file, line),
        "abstain": parse_count(row.get("total_abstentions"), file, line),
        "subjects": row.get("subjects") or None,
        "outcome": "adopted",
        "amend": False,
        "para": False,
        "source": "undl",
    }


def read_marcxml(path: str | Path, ledger: Ledger | None = None) -> SourceTables:
    """Read UN Digital Library MARCXML voting records (a ``<collection>`` or single ``<record>``)."""
    path = Path(path)
    ledger = ledger or Ledger()
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as exc:
        raise InputError(f"not well-formed XML ({exc})", str(path), exc.position[0]) from None
    strip = lambda tag: tag.rsplit("}", 1)[-1]  # noqa: E731 - namespaces vary between exports
    records = [el for el in root.iter() if strip(el.tag) == "record"]
    if not records:
        raise InputError("no <record> element", str(path))
    rollcalls, votes = [], []
    for number, record in enumerate(records, start=1):
        control = {f.get("tag"): (f.text or "").strip() for f in record if strip(f.tag) == "controlfield"}
        fields: dict[str, list[dict]] = {}
        for field in record:
            if strip(field.tag) == "datafield":
                subs = {s.get("code"): (s.text or "").strip() for s in field if strip(s.tag) == "subfield"}
                fields.setdefault(field.get("tag"), []).append(subs)
        where = f"record {number}"
        record_id = control.get("001")
        if not record_id:
            raise InputError(f"{where}: missing controlfield 001", str(path))
        try:
            date = parse_date(fields["269"][0]["a"], str(path), None)
            symbol = normalize_symbol(fields["791"][0]["a"])
        except (KeyError, IndexError):
            raise InputError(f"{where} ({record_id}): missing 269$a date or 791$a symbol", str(path)) from None
        body = "SC" if symbol.startswith("S/") else "GA"
        rollcall_id = f"undl:{record_id}"
        match = re.match(r"^A/RES/((?:ES-|S-)?\d+)/", symbol)
        session = (match.group(1) if match else None) if body == "GA" else str(date.year)
        title = fields.get("245", [{}])[0].get("a", "")
        rollcalls.append(
            {
                "rollcall_id": rollcall_id,
                "body": body,
                "session": session,
                "session_no": ga_session_of(date) if body == "GA" else date.year,
                "date": date,
                "symbol": symbol,
                "title": title,
                "outcome": "adopted",
                "amend": False,
                "para": False,
                "source": "undl",
            }
        )
        for member in fields.get("967", []):
            vote = MARC_VOTES.get(member.get("d"))
            if vote is None:
                ledger.problem(
                    "unknown vote code",
                    InputError(f"{where} ({record_id}): unknown vote code", str(path), None, member.get("d")),
                )
                continue
            iso3 = countries.resolve(member.get("c") or member.get("e"), date, file=str(path))
            votes.append((rollcall_id, iso3, vote))
    return make_tables(rollcalls, votes, ledger)


def read_any(path: str | Path, ledger: Ledger | None = None) -> SourceTables:
    """Pick the reader by content: MARCXML by its XML prolog, otherwise a UN DL CSV."""
    path = Path(path)
    if not path.exists():
        raise InputError("no such file", str(path))
    with path.open("rb") as f:
        head = f.read(512).lstrip()
    if head.startswith(b"<"):
        return read_marcxml(path, ledger)
    return read_undl_csv(path, ledger)

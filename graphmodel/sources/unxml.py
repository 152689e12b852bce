"""Reader for the UNxml resolution extracts (GA sessions 74–80, ES-10/ES-11/S-32; SC 2000–2026).

One JSON object per line per adopted resolution; resolutions adopted without a vote carry empty
country lists and are skipped (counted). Country lists hold names in capitals; absentees are
not listed (the dataset build adds them as X from membership).

Repairs, each counted in the ledger:
- a name split over two list items ("CÔTE." + "D'IVOIRE") is rejoined;
- a country listed twice in the same list (``75/290 A`` doubles its lists) is kept once;
- records repeated with identical content (``79.json``, ``80.json``) are kept once; repeated
  symbols with different votes raise an error.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from .. import countries
from ..errors import InputError, Ledger
from . import SourceTables, ga_session_of, make_tables, normalize_symbol, parse_count, parse_date

LISTS = (
    ("MS_in_favour", "Y", "MS_in_favour_count"),
    ("MS_against", "N", "MS_against_count"),
    ("MS_abstaining", "A", "MS_abstaining_count"),
)
_SESSION_FILE = re.compile(r"^(\d+|ES-\d+|S-\d+)$")
_LEADING_DATE = re.compile(r"^\s*\d{1,2} [A-Z][a-z]+ \d{4}")
_SC_TALLY = re.compile(r"Adopted\s+(\d+)-(\d+)-(\d+)")


def read_unxml(folder: str | Path, body: str, ledger: Ledger | None = None) -> SourceTables:
    """Read every ``*.json`` in ``folder``; ``body`` is "GA" or "SC"."""
    ledger = ledger or Ledger()
    rollcalls, votes, seen = [], [], {}
    for path, line_no, record in records(folder):
        parsed = _parse_record(record, body, path, line_no, ledger)
        if parsed is None:
            continue
        call, call_votes = parsed
        key = call["symbol"]
        if key in seen:
            if seen[key] == sorted(call_votes):
                ledger.note(f"unxml-{body.lower()}: duplicate record dropped", f"{path.name}:{line_no} {key}")
                continue
            ledger.problem(
                "conflicting duplicate",
                InputError("conflicting duplicate record (same symbol, different votes)", str(path), line_no, key),
            )
            continue
        seen[key] = sorted(call_votes)
        rollcalls.append(call)
        votes.extend((call["rollcall_id"], iso3, vote) for iso3, vote in call_votes)
    return make_tables(rollcalls, votes, ledger)


def records(folder: str | Path):
    """``(path, line number, record)`` for every JSON line of every ``*.json`` in ``folder``, in order."""
    for path in sorted(Path(folder).glob("*.json")):
        with path.open(encoding="utf-8") as lines:
            for line_no, line in enumerate(lines, start=1):
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise InputError(f"invalid JSON ({exc.msg})", str(path), line_no) from None
                yield path, line_no, record


def adoption_date(record: dict, path: Path, line_no: int, ledger: Ledger | None = None):
    """The record's adoption date; text after a leading date (a footnote) is ignored and counted."""
    date_text = str(record.get("adoption_date", ""))
    leading_date = _LEADING_DATE.match(date_text)
    if leading_date and leading_date.group(0) != date_text.strip():
        if ledger is not None:
            ledger.note("unxml: text after the adoption date ignored", f"{path.name}:{line_no} {date_text!r}")
        date_text = leading_date.group(0)
    return parse_date(date_text, str(path), line_no)


def session_label(path: Path) -> str | None:
    """The session a file holds, from its name ("79", "ES-11"), or None."""
    return path.stem if _SESSION_FILE.match(path.stem) else None


def _parse_record(record: dict, body: str, path: Path, line_no: int, ledger: Ledger):
    symbol = normalize_symbol(record.get("symbol", ""))
    if not symbol:
        raise InputError("record without a symbol", str(path), line_no)
    lists = {code: _rejoin_split_names(record.get(field) or [], ledger, path, line_no) for field, code, _ in LISTS}
    totals = {code: parse_count(record.get(count), str(path), line_no) for _, code, count in LISTS}
    if not any(lists.values()):
        if body == "GA" and any(totals.values()):
            # e.g. 75/254 A-C: a recorded vote whose country lists are missing from the source.
            ledger.note("unxml-ga: recorded vote without country lists dropped", f"{path.name}:{line_no} {symbol}")
        else:
            ledger.note(f"unxml-{body.lower()}: adopted without a recorded vote (not a roll call)")
        return None
    date = adoption_date(record, path, line_no, ledger)
    call = {
        "rollcall_id": f"unxml-{body.lower()}:{symbol}",
        "body": body,
        "date": date,
        "symbol": symbol,
        "source": f"unxml-{body.lower()}",
        "amend": False,
        "para": False,
        "subjects": ";".join(s[0] for s in record.get("subjects") or [] if len(s) > 1 and s[1] == "UNBIS Thesaurus"),
        "outcome": "adopted",
    }
    if body == "GA":
        call.update(
            session=session_label(path),
            session_no=ga_session_of(date),
            title=record.get("title", ""),
            draft=record.get("originating_document"),
        )
    else:
        call.update(
            session=str(date.year),
            session_no=date.year,
            draft=record.get("draft_resolution"),
            title=record.get("resolution_title") or record.get("agenda_item_name", ""),
        )
        tally = _SC_TALLY.search(record.get("adoption_type", ""))
        if tally:
            # The "Adopted 9-0-6" text is the record of the meeting; the count fields are
            # sometimes filled with 15 regardless (S/RES/1559 (2004), 2521 (2020)).
            stated = dict(zip("YNA", map(int, tally.groups())))
            if any(totals[k] not in (None, stated[k]) for k in "YNA"):
                ledger.note(
                    "unxml-sc: count fields disagree with 'Adopted Y-N-A' text (text used)",
                    f"{path.name}:{line_no} {symbol}",
                )
            totals = stated
    if any(v is not None for v in totals.values()):
        # Sources leave a zero total blank ('' or 'N.A.') when the other two are given.
        totals = {k: (v if v is not None else 0) for k, v in totals.items()}
    call.update(yes=totals["Y"], no=totals["N"], abstain=totals["A"])

    call_votes, listed = [], {}
    for code, names in lists.items():
        for name in names:
            iso3 = countries.resolve(name, date, file=str(path), line=line_no)
            if iso3 in listed:
                if listed[iso3] == code:
                    ledger.note(
                        f"unxml-{body.lower()}: country listed twice in one list (kept once)",
                        f"{path.name}:{line_no} {symbol} {name}",
                    )
                    continue
                ledger.problem(
                    "country in two vote lists",
                    InputError(f"{symbol}: country listed as both {listed[iso3]} and {code}", str(path), line_no, name),
                )
                continue
            listed[iso3] = code
            call_votes.append((iso3, code))
    return call, call_votes


def _rejoin_split_names(names: list[str], ledger: Ledger, path: Path, line_no: int) -> list[str]:
    out = []
    for name in names:
        if out and out[-1].endswith("CÔTE.") and name.startswith("D'IVOIRE"):
            out[-1] = "CÔTE D'IVOIRE"
            ledger.note("unxml: name split over two list items rejoined", f"{path.name}:{line_no}")
            continue
        out.append(name)
    return out

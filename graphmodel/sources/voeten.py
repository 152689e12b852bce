"""Reader for Voeten's Dataverse vote file (``UNVotes*.csv`` / ``UNVotes*.RData``).

Voeten, Strezhnev & Bailey, *United Nations General Assembly Voting Data*, Harvard Dataverse
hdl:1902.1/12379: one row per roll call × state, columns ``rcid, ccode, member, vote, Country,
Countryname, year, session, abstain, yes, no, importantvote, date, unres, amend, para, short, descr,
me, nu, di, hr, co, ec`` (later releases add ``ident``, ``resid``). Votes: 1 yes, 2 abstain, 3 no,
8 absent, 9 not a member. States are COW codes (``ccode``), mapped here to the project's codes
with the vote's date (365 is the USSR until 24 Dec 1991 and Russia after; 345 Yugoslavia, then
Serbia). Only ``rcid, ccode, vote, session`` and a ``date`` or ``year`` are required.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .. import countries
from ..errors import InputError, Ledger
from . import SourceTables, ga_session_of, make_tables, normalize_symbol

VOTES = {1: "Y", 2: "A", 3: "N", 8: "X"}
NOT_A_MEMBER = 9
REQUIRED = ("rcid", "ccode", "vote", "session")
ISSUES = ("me", "nu", "di", "hr", "co", "ec")


def read_voeten(path: str | Path, ledger: Ledger | None = None) -> SourceTables:
    """Read a Voeten vote file into canonical tables (source ``voeten``, ids ``voeten:<rcid>``).

    Raises :class:`InputError` naming the file for a missing column, an unknown vote code or a
    COW code that no member of the country table carries.
    """
    from ..export import cow_codes

    path = Path(path)
    ledger = ledger or Ledger()
    frame = _read_frame(path)
    missing = [c for c in REQUIRED if c not in frame]
    if missing or not ({"date", "year"} & set(frame)):
        need = missing + ([] if {"date", "year"} & set(frame) else ["date or year"])
        raise InputError("not a Voeten vote file: missing columns", str(path), 1, ", ".join(need))
    frame["vote"] = pd.to_numeric(frame["vote"], errors="coerce")
    bad = ~frame["vote"].isin([*VOTES, NOT_A_MEMBER])
    if bad.any():
        line = int(bad.to_numpy().argmax()) + 2
        raise InputError(
            "unknown vote code (expected 1, 2, 3, 8 or 9)", str(path), line, frame.loc[bad, "vote"].iloc[0]
        )
    if "date" in frame:
        frame["date"] = pd.to_datetime(frame["date"], errors="coerce")
    else:
        # Year only: the session's opening autumn is the best date available.
        frame["date"] = pd.to_datetime(frame["year"].astype(int).astype(str) + "-12-01")
    ledger.note("voeten: not-a-member rows (vote 9) skipped", n=int((frame["vote"] == NOT_A_MEMBER).sum()))
    frame = frame[frame["vote"] != NOT_A_MEMBER]

    by_cow = {}
    for iso3, ccode in cow_codes().items():
        by_cow.setdefault(int(ccode), iso3)
    # Where two project codes share a COW code (SUN/RUS, YUG/SRB), start from the successor;
    # countries.resolve moves along the continuity chain to the member at the date.
    by_cow.update({365: "RUS", 345: "SRB"})
    unknown = sorted(set(frame["ccode"].astype(int)) - set(by_cow))
    if unknown:
        raise InputError("unknown COW country code", str(path), None, unknown[0])
    frame["iso3"] = countries.resolve_many(frame["ccode"].astype(int).map(by_cow), frame["date"], file=str(path))

    calls = frame.drop_duplicates("rcid")
    rows = []
    for call in calls.to_dict("records"):
        symbol = str(call.get("unres") or "").strip()
        session = str(int(call["session"]))
        rows.append(
            {
                "rollcall_id": f"voeten:{int(call['rcid'])}",
                "body": "GA",
                "session": session,
                "session_no": ga_session_of(call["date"]) if pd.notna(call["date"]) else int(session),
                "date": call["date"],
                "symbol": normalize_symbol(symbol) if symbol and symbol.lower() != "nan" else None,
                "title": _text(call.get("short")) or _text(call.get("descr")),
                "description": _text(call.get("descr")) or None,
                "amend": _flag(call.get("amend")),
                "para": _flag(call.get("para")),
                "important": _flag(call.get("importantvote")),
                "issues": ";".join(sorted(c for c in ISSUES if _flag(call.get(c)))),
                "source": "voeten",
            }
        )
    vote_rows = list(
        zip("voeten:" + frame["rcid"].astype(int).astype(str), frame["iso3"], frame["vote"].astype(int).map(VOTES))
    )
    return make_tables(rows, vote_rows, ledger)


def _read_frame(path: Path) -> pd.DataFrame:
    if not path.exists():
        raise InputError("file not found", str(path), None, path.name)
    if path.suffix.lower() in (".rdata", ".rda"):
        try:
            import pyreadr
        except ImportError:
            raise InputError("reading R data files needs pyreadr (pip install pyreadr)", str(path)) from None
        try:
            frames = pyreadr.read_r(path)
        except Exception as exc:  # pyreadr raises its own error types for any unreadable file
            raise InputError(f"cannot read as R data ({exc})", str(path)) from None
        if not frames:
            raise InputError("no data frame in the R data file", str(path))
        return next(iter(frames.values())).copy()
    return pd.read_csv(path, low_memory=False)


def _text(value) -> str:
    return value.strip() if isinstance(value, str) else ""


def _flag(value) -> bool | None:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    return str(value).strip() in ("1", "1.0", "True", "true")


def is_voeten_file(path: str | Path) -> bool:
    """Whether ``path`` is in Voeten's layout: an ``.RData`` file, or a CSV (plain, gzip or zip)
    whose header names ``rcid``, ``ccode`` and ``vote``."""
    import zipfile

    from .undl import open_binary

    path = Path(path)
    if path.suffix.lower() in (".rdata", ".rda"):
        return True
    try:
        with open_binary(path) as (stream, _name, _size):
            head = stream.read(4096)
    except (OSError, EOFError, ValueError, zipfile.BadZipFile, InputError):
        return False  # the UN DL reader names what is wrong with the file
    first = head.decode("utf-8", errors="ignore").lstrip("\ufeff").splitlines()[:1]
    columns = {c.strip().strip('"').lower() for c in first[0].split(",")} if first else set()
    return set(REQUIRED) <= columns


def rcid_of(rollcall_ids: pd.Series) -> pd.Series:
    """Voeten's rcid in a roll-call id of ``unvotes`` or ``voeten`` (the same numbering), else NaN."""
    return pd.to_numeric(rollcall_ids.astype(str).str.extract(r"^(?:unvotes|voeten):(\d+)$")[0], errors="coerce")

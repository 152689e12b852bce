"""Readers: one per input format, each returning canonical tables and a ledger.

Every reader returns :class:`SourceTables` whose ``rollcalls`` and ``votes`` frames have the
canonical columns below; the dataset build merges them. No analysis happens here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from ..errors import InputError, Ledger

ROLLCALL_COLUMNS = [
    "rollcall_id",
    "body",
    "session",
    "session_no",
    "date",
    "symbol",
    "title",
    "description",
    "yes",
    "no",
    "abstain",
    "amend",
    "para",
    "important",
    "issues",
    "subjects",
    "outcome",
    "draft",
    "source",
]
VOTE_CODES = ("Y", "N", "A", "X")


@dataclass
class SourceTables:
    rollcalls: pd.DataFrame
    votes: pd.DataFrame
    ledger: Ledger = field(default_factory=Ledger)
    #: rollcall_id → the file line where its first row is (CSV readers), for error messages.
    lines: dict = field(default_factory=dict)


def make_tables(
    rollcall_rows: list[dict], vote_rows: list[tuple], ledger: Ledger, lines: dict | None = None
) -> SourceTables:
    """Build canonical frames from plain rows, filling optional columns with nulls."""
    rollcalls = pd.DataFrame(rollcall_rows)
    for column in ROLLCALL_COLUMNS:
        if column not in rollcalls:
            rollcalls[column] = None
    rollcalls = rollcalls[ROLLCALL_COLUMNS]
    votes = pd.DataFrame(vote_rows, columns=["rollcall_id", "iso3", "vote"])
    return SourceTables(rollcalls, votes, ledger, lines or {})


def ga_session_of(date: pd.Timestamp) -> int:
    """The regular GA session in progress on ``date`` (session N opens each September, 1945+N).

    Emergency special sessions (ES-11 …) are labelled separately in ``session``; this number lets
    a window "by session" hold the votes cast during that regular session's year.
    """
    number = date.year - 1945 if date.month >= 9 else date.year - 1946
    return max(number, 1)


def normalize_symbol(symbol: str) -> str:
    """Canonical document symbol: 'S/RES/2774(2025)' → 'S/RES/2774 (2025)', upper case, spaces trimmed.

    UN document symbols are upper case, so 'a/res/es-11/7 ' is the same roll call as 'A/RES/ES-11/7'.
    """
    text = re.sub(r"\s+", " ", str(symbol).strip()).upper()
    text = re.sub(r"\s*/\s*", "/", text)
    text = re.sub(r"^S/RES/(\d+)\s*\(", r"S/RES/\1 (", text)
    return text


_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def _roman(text: str) -> int | None:
    values = [_ROMAN.get(c) for c in text]
    if not values or None in values:
        return None
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


def match_key(body: str, symbol) -> str | None:
    """A key under which the same resolution matches across sources' symbol styles.

    ``unvotes`` writes 'R/40/151C' and 'R/25/2701A', the UN Digital Library 'A/RES/40/151 C' and
    'A/RES/2701(XXV) A' (resolutions before session 31 were numbered across sessions, with the
    session in roman numerals); both give 'GA 40/151C' and 'GA 25/2701A'. SC symbols match with
    or without the year. None for a symbol no rule recognises (it then matches only itself).
    """
    if symbol is None or (not isinstance(symbol, str) and pd.isna(symbol)):
        return None
    text = normalize_symbol(symbol)
    if not text:
        return None
    if body == "SC":
        m = re.match(r"^S/RES/(\d+)\b", text)
        return f"SC {int(m.group(1))}" if m else f"SC {text}"
    m = re.match(r"^(?:A/RES|R)/((?:ES-|S-)?\d+)/(\d+)\s*([A-Z]{0,2})$", text)
    if m:
        return f"GA {m.group(1)}/{int(m.group(2))}{m.group(3)}"
    m = re.match(r"^A/RES/(\d+)\s*\(([IVXLC]+)\)\s*([A-Z]{0,2})$", text)
    if m and _roman(m.group(2)):
        return f"GA {_roman(m.group(2))}/{int(m.group(1))}{m.group(3)}"
    return f"GA {text}"


_DATE_FORMATS = ("%Y-%m-%d", "%d %B %Y", "%Y-%m-%d %H:%M:%S", "%d/%m/%Y")


def parse_date(text, file: str, line: int | None) -> pd.Timestamp:
    """Parse the date formats the sources use; anything else is an InputError naming the value."""
    if isinstance(text, pd.Timestamp):
        return text.normalize()
    raw = str(text).strip()
    for fmt in _DATE_FORMATS:
        try:
            return pd.Timestamp(pd.to_datetime(raw, format=fmt)).normalize()
        except (ValueError, TypeError):
            continue
    raise InputError("malformed date", file, line, text)


def parse_count(text, file: str, line: int | None):
    """Recorded totals: '012' → 12, '120.0' → 120, '' / 'N.A.' → None."""
    raw = str(text).strip() if text is not None else ""
    if raw in ("", "N.A.", "nan", "None"):
        return None
    try:
        value = float(raw)
    except ValueError:
        raise InputError("malformed vote total", file, line, text) from None
    if value != int(value) or value < 0:
        raise InputError("malformed vote total", file, line, text)
    return int(value)

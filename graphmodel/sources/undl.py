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

import codecs
import contextlib
import csv
import gzip
import io
import re
import xml.etree.ElementTree as ET
import zipfile
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
VOTES = {"Y": "Y", "N": "N", "A": "A", "X": "X", "NV": "X"}
# In MARCXML a 967 without $d is a member that did not vote; a $d that is present but blank is not.
MARC_VOTES = {"Y": "Y", "N": "N", "A": "A", None: "X"}
DROPPED = "roll calls dropped: a row or vote of theirs could not be read (never stored as X)"


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


# ----------------------------------------------------------------------------- opening files


def _sniff_encoding(head: bytes, name: str, ledger: Ledger) -> str:
    """The text encoding of a file from its first bytes, or an InputError for binary data.

    UTF-8 (with or without BOM) and UTF-16 (BOM, or the NUL pattern of ASCII text) are read;
    bytes that are not UTF-8 are read as latin-1 and counted, since the UN exports are UTF-8
    and a latin-1 file is most likely a re-save in a spreadsheet.
    """
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    sample = head[:4096]
    if b"\x00" in sample:
        even, odd = sample[0::2].count(0), sample[1::2].count(0)
        if odd > 0.4 * len(sample) / 2 and even == 0:
            return "utf-16-le"
        if even > 0.4 * len(sample) / 2 and odd == 0:
            return "utf-16-be"
        raise InputError("binary data, not a CSV or XML text file", name, None, sample[:16].hex(" "))
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 13, 12))
    if controls > max(2, len(sample) // 100):
        raise InputError("binary data, not a CSV or XML text file", name, None, sample[:16].hex(" "))
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        decoder.decode(head, final=False)
        return "utf-8"
    except UnicodeDecodeError:
        ledger.note("file read as latin-1 (not valid UTF-8)", name)
        return "latin-1"


@contextlib.contextmanager
def open_binary(path: str | Path):
    """(binary stream, display name, size) of a plain, gzip or single-member zip file."""
    path = Path(path)
    if not path.exists():
        raise InputError("no such file", str(path))
    if path.is_dir():
        raise InputError("is a folder, not a file", str(path))
    try:
        with path.open("rb") as f:
            magic = f.read(4)
    except OSError as exc:
        raise InputError(f"cannot read ({exc.strerror})", str(path)) from None
    if magic.startswith(b"\x1f\x8b"):
        with gzip.open(path, "rb") as stream:
            yield stream, str(path), None
    elif magic.startswith(b"PK\x03\x04"):
        try:
            archive = zipfile.ZipFile(path)
        except zipfile.BadZipFile as exc:
            raise InputError(f"damaged zip archive ({exc})", str(path)) from None
        with archive:
            members = [i for i in archive.infolist() if not i.is_dir()]
            if len(members) != 1:
                raise InputError(
                    f"a zip archive must hold exactly one CSV or XML file, this one holds {len(members)}",
                    str(path),
                    None,
                    ", ".join(i.filename for i in members[:5]),
                )
            with archive.open(members[0]) as stream:
                yield stream, f"{path}!{members[0].filename}", members[0].file_size
    else:
        with path.open("rb") as stream:
            yield stream, str(path), path.stat().st_size


def read_any(path: str | Path, ledger: Ledger | None = None, *, progress: bool = False) -> SourceTables:
    """Pick the reader by content: MARCXML by its XML prolog, otherwise a UN DL CSV.

    Plain, gzip and single-file zip input; UTF-8 (BOM or not), UTF-16 and latin-1 text.
    Anything else is an :class:`InputError` naming the file.
    """
    ledger = ledger or Ledger()
    try:
        with open_binary(path) as (stream, name, size):
            head = stream.read(65536)
            stream.seek(0)  # plain, gzip and zip member streams all rewind
            if not head.strip():
                raise InputError("empty file", name, 1)
            encoding = _sniff_encoding(head, name, ledger)
            start = head.decode(encoding, errors="ignore").lstrip("\ufeff \t\r\n")
            if start.startswith("<"):
                return read_marcxml(stream, ledger, name=name)
            return read_undl_csv(stream, ledger, name=name, encoding=encoding, size=size, progress=progress)
    except (OSError, EOFError, zipfile.BadZipFile) as exc:
        # A truncated gzip or zip member shows up only while reading.
        raise InputError(f"cannot read ({exc})", str(path)) from None


# ----------------------------------------------------------------------------- CSV


_undecodable = [0]


def _count_undecodable(exc: UnicodeDecodeError):
    # TextIOWrapper decodes ahead in blocks, so a strict error would name the wrong line; the bad
    # bytes are kept as surrogates instead and the row holding them is found and reported.
    _undecodable[0] += 1
    # Lone surrogates (as surrogateescape makes, but for any byte and any codec) mark the bad bytes.
    return "".join(chr(0xDC00 + b) for b in exc.object[exc.start : exc.end]), exc.end


codecs.register_error("graphmodel-undecodable", _count_undecodable)


class _Rows:
    """Data lines with the physical line each record starts on, and csv errors as InputError."""

    def __init__(self, text, name: str):
        self.reader = csv.reader(text)
        self.encoding = text.encoding.replace("-sig", "")
        self.name = name
        self.start = 1

    def __iter__(self):
        return self

    def __next__(self):
        before = self.reader.line_num
        try:
            values = next(self.reader)
        except csv.Error as exc:
            self.start = before + 1
            raise InputError(
                f"unreadable CSV record ({exc})", self.name, self.start, kind="unreadable CSV record"
            ) from None
        self.start = before + 1
        if _undecodable[0]:
            for value in values:
                try:
                    value.encode("utf-8")
                except UnicodeEncodeError as exc:
                    byte = f"{ord(exc.object[exc.start]) - 0xDC00:02x}"
                    raise InputError(
                        f"not valid {self.encoding} text (byte {byte}); save the file as UTF-8",
                        self.name,
                        self.start,
                        kind="undecodable text",
                    ) from None
        return values


def read_undl_csv(
    path, ledger: Ledger | None = None, *, name=None, encoding=None, size=None, progress: bool = False
) -> SourceTables:
    """Read a UN Digital Library bulk voting CSV (GA or SC, any known header version).

    ``path`` is a file path or a binary stream (then ``encoding`` and ``name`` are given).
    Strict mode stops at the first bad row with ``file:line: message (value: ...)``. Lenient
    mode counts each bad row by kind and drops every roll call that had a bad row, listing it:
    its votes would otherwise be stored incomplete (an unread vote would become X).
    """
    if not hasattr(path, "read"):
        return read_any(path, ledger, progress=progress)
    ledger = ledger or Ledger()
    name = name or getattr(path, "name", "<stream>")
    text = io.TextIOWrapper(path, encoding=encoding or "utf-8-sig", newline="", errors="graphmodel-undecodable")
    _undecodable[0] = 0
    rows = _Rows(text, name)
    try:
        header = next(rows)
    except StopIteration:
        raise InputError("empty file", name, 1) from None
    body, renames = detect_header(header, name)
    names = [renames[h] for h in header]
    width = len(names)
    column = {n: i for i, n in enumerate(names)}
    c_id, c_code, c_name, c_vote = column["undl_id"], column["ms_code"], column["ms_name"], column["ms_vote"]
    c_date, c_res = column["date"], column["resolution"]
    totals = [column[c] for c in ("total_yes", "total_no", "total_abstentions")]

    rollcalls: dict[str, dict] = {}
    identity: dict[str, tuple] = {}
    lines: dict[str, int] = {}
    votes: dict[tuple[str, str], tuple[str, int]] = {}
    damaged: dict[str, str] = {}
    dates: dict[str, pd.Timestamp] = {}
    members: dict[tuple, str] = {}
    bar = _progress(progress, size, name)

    def bad(kind: str, error: InputError, *rollcall_ids: str) -> None:
        ledger.problem(kind, error)
        for rid in rollcall_ids:
            damaged.setdefault(rid, str(error))

    n = 0
    while True:
        try:
            values = next(rows)
        except StopIteration:
            break
        except InputError as exc:
            if exc.kind not in ("unreadable CSV record", "undecodable text"):
                raise
            bad(exc.kind, exc)
            continue
        line = rows.start
        n += 1
        if bar is not None and n % 20000 == 0:
            bar.update(20000)
        if not values:
            continue
        if len(values) != width:
            end = rows.reader.line_num
            spans = f"; the record runs over lines {line}-{end} (an unterminated quote?)" if end > line else ""
            ids = {f"undl:{values[0].strip()}"} | {f"undl:{m}" for m in re.findall(r"\n(\d+),", ",".join(values))}
            if end > line:
                ledger.note("lines swallowed by an unterminated quote", f"{name}:{line}-{end}", n=end - line)
            bad(
                "row with wrong number of fields",
                InputError(f"expected {width} fields, found {len(values)}{spans}", name, line, kind="wrong fields"),
                *ids,
            )
            continue
        rollcall_id = f"undl:{values[c_id].strip()}"
        try:
            raw_vote = values[c_vote].strip().upper()
            vote = VOTES.get(raw_vote)
            if vote is None:
                kind = "blank vote code" if not raw_vote else "unknown vote code"
                raise InputError(kind, name, line, values[c_vote], kind=kind)
            raw_date = values[c_date]
            date = dates.get(raw_date)
            if date is None:
                date = dates[raw_date] = parse_date(raw_date, name, line)
            ident = (values[c_res], raw_date, *(values[i] for i in totals))
            known = identity.get(rollcall_id)
            if known is None:
                if not values[c_id].strip():
                    raise InputError("empty undl_id", name, line, kind="empty undl_id")
                call = _rollcall(dict(zip(names, values)), body, date, rollcall_id, name, line)
                rollcalls[rollcall_id], identity[rollcall_id], lines[rollcall_id] = call, ident, line
            elif known != ident:
                raise InputError(
                    f"record {rollcall_id} has two symbols, dates or totals",
                    name,
                    line,
                    values[c_res],
                    kind="conflicting record",
                )
            label = (values[c_code].strip(), values[c_name].strip(), raw_date)
            iso3 = members.get(label)
            if iso3 is None:
                iso3 = members[label] = countries.resolve(label[0] or label[1], date, file=name, line=line)
        except InputError as exc:
            bad(exc.kind, exc, rollcall_id)
            continue
        key = (rollcall_id, iso3)
        if key in votes:
            if votes[key][0] != vote:
                bad(
                    "conflicting duplicate",
                    InputError(
                        f"{iso3} voted {votes[key][0]} on line {votes[key][1]} and {vote} here",
                        name,
                        line,
                        values[c_vote],
                    ),
                    rollcall_id,
                )
            else:
                ledger.note("undl: repeated row dropped", f"{name}:{line}")
            continue
        votes[key] = (vote, line)
    if bar is not None:
        bar.update(n % 20000)
        bar.close()
    vote_rows = [(rid, iso3, vote) for (rid, iso3), (vote, _) in votes.items()]
    return _drop_damaged(rollcalls, vote_rows, damaged, ledger, lines)


def _progress(enabled: bool, size, name: str):
    # Only for files that take a while, and only on a terminal (disable=None): no bar in logs.
    if not enabled or (size is not None and size < 5_000_000):
        return None
    from tqdm import tqdm

    # About 170 bytes per row in the UN exports: an estimate is enough for a bar.
    return tqdm(
        total=size // 170 if size else None,
        unit=" rows",
        unit_scale=True,
        desc=Path(name).name,
        leave=False,
        disable=None,
    )


def _drop_damaged(rollcalls: dict, vote_rows: list, damaged: dict, ledger: Ledger, lines: dict) -> SourceTables:
    """Lenient mode: drop each roll call with a bad row, listing it by symbol."""
    if damaged:
        ledger.note(DROPPED, n=0)
        for rid in damaged:
            if rid in rollcalls:
                ledger.note(DROPPED, f"{rollcalls[rid]['symbol'] or rid}: {damaged[rid]}")
        rollcalls = {rid: call for rid, call in rollcalls.items() if rid not in damaged}
        vote_rows = [row for row in vote_rows if row[0] not in damaged]
    return make_tables(list(rollcalls.values()), vote_rows, ledger, lines)


def _rollcall(row: dict, body: str, date: pd.Timestamp, rollcall_id: str, file: str, line: int) -> dict:
    symbol = normalize_symbol(row["resolution"])
    if not symbol:
        raise InputError("empty resolution symbol", file, line, row["resolution"], kind="empty symbol")
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


def read_marcxml(path, ledger: Ledger | None = None, *, name: str | None = None) -> SourceTables:
    """Read UN Digital Library MARCXML voting records (a ``<collection>`` or single ``<record>``).

    ``path`` is a file path or a binary stream. A record without 967 fields, a member listed
    twice, a record id (001) used twice, a blank or unknown vote code: an InputError in strict
    mode; in lenient mode counted, and the record dropped and listed.
    """
    if not hasattr(path, "read"):
        return read_any(path, ledger)
    ledger = ledger or Ledger()
    name = name or getattr(path, "name", "<stream>")
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as exc:
        raise InputError(f"not well-formed XML ({exc})", name, exc.position[0]) from None
    strip = lambda tag: tag.rsplit("}", 1)[-1]  # noqa: E731 - namespaces vary between exports
    records = [el for el in root.iter() if strip(el.tag) == "record"]
    if not records:
        raise InputError("no <record> element", name)
    rollcalls, votes, damaged, seen = {}, [], {}, {}
    for number, record in enumerate(records, start=1):
        control = {f.get("tag"): (f.text or "").strip() for f in record if strip(f.tag) == "controlfield"}
        fields: dict[str, list[dict]] = {}
        for field in record:
            if strip(field.tag) == "datafield":
                subs = {s.get("code"): (s.text or "").strip() for s in field if strip(s.tag) == "subfield"}
                fields.setdefault(field.get("tag"), []).append(subs)
        record_id = control.get("001")
        where = f"record {number}" + (f" ({record_id})" if record_id else "")
        try:
            call, members = _marc_record(fields, record_id, where, name, seen, number)
        except InputError as exc:
            ledger.problem(exc.kind, exc)
            if record_id and f"undl:{record_id}" not in rollcalls:
                damaged[f"undl:{record_id}"] = str(exc)
            continue
        rollcalls[call["rollcall_id"]] = call
        votes.extend(members)
    if damaged:
        ledger.note(DROPPED, n=0)
        for rid, reason in damaged.items():
            ledger.note(DROPPED, f"{rid}: {reason}")
    return make_tables(list(rollcalls.values()), votes, ledger)


def _marc_record(fields: dict, record_id, where: str, name: str, seen: dict, number: int):
    if not record_id:
        raise InputError(f"{where}: missing controlfield 001", name, kind="record without 001")
    if record_id in seen:
        raise InputError(
            f"{where}: record id {record_id} is also record {seen[record_id]}", name, kind="duplicate record id (001)"
        )
    seen[record_id] = number
    try:
        raw_date, raw_symbol = fields["269"][0]["a"], fields["791"][0]["a"]
    except (KeyError, IndexError):
        raise InputError(f"{where}: missing 269$a date or 791$a symbol", name, kind="missing date or symbol") from None
    date = parse_date(raw_date, name, None)
    symbol = normalize_symbol(raw_symbol)
    if not symbol:
        raise InputError(f"{where}: empty resolution symbol (791$a)", name, kind="empty symbol")
    members = fields.get("967", [])
    if not members:
        raise InputError(
            f"{where}: no 967 vote fields (no member votes)", name, None, symbol, kind="record without votes"
        )
    body = "SC" if symbol.startswith("S/") else "GA"
    rollcall_id = f"undl:{record_id}"
    match = re.match(r"^A/RES/((?:ES-|S-)?\d+)/", symbol)
    session = (match.group(1) if match else None) if body == "GA" else str(date.year)
    call = {
        "rollcall_id": rollcall_id,
        "body": body,
        "session": session,
        "session_no": ga_session_of(date) if body == "GA" else date.year,
        "date": date,
        "symbol": symbol,
        "title": fields.get("245", [{}])[0].get("a", ""),
        "outcome": "adopted",
        "amend": False,
        "para": False,
        "source": "undl",
    }
    cast, rows = {}, []
    for member in members:
        raw = member.get("d")
        vote = MARC_VOTES.get(raw.upper() if raw is not None else None)
        if vote is None:
            kind = "blank vote code" if raw == "" else "unknown vote code"
            raise InputError(f"{where}: {kind}", name, None, raw, kind=kind)
        iso3 = countries.resolve(member.get("c") or member.get("e"), date, file=name)
        if iso3 in cast:
            raise InputError(
                f"{where}: {iso3} is listed twice ({cast[iso3]} and {vote})",
                name,
                None,
                symbol,
                kind="member listed twice",
            )
        cast[iso3] = vote
        rows.append((rollcall_id, iso3, vote))
    return call, rows

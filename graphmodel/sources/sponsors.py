"""Sponsors of GA resolutions from the UNxml (DGACM) extracts: who drafted and co-sponsored a text.

Each record lists ``sponsors`` (the draft's sponsors when it was introduced) and
``additional_sponsors`` (states that joined later) as free text. One row per resolution and
sponsoring member comes out, with ``role`` "sponsor" or "additional". An entry is read as:

- a member state's name, resolved with the adoption date like a vote (``countries.resolve``);
  typing slips seen in the files are repaired and counted: a leading "the", curly apostrophes,
  a name split over two items ("SOLOMON" + "ISLANDS"), several names in one item ("CHILE,DOMINICAN
  REPUBLIC", "ANGOLA BAHAMAS"), a space inside a name ("GE RMANY");
- "X (on behalf of the States Members of the United Nations that are members of GROUP)": X, and
  every member of GROUP at that date where GROUP is one of :mod:`graphmodel.groups` (Group of 77
  and China, Non-Aligned Movement, Group of African States, GRULAC, OIC, European Union); other
  groups (League of Arab States, ECOWAS, ASEAN ...) have no dated membership here, so only X is
  kept and the group is counted;
- an officer or organ ("submitted by the President of the General Assembly", "... by the Chair of
  the Committee", "introduced ... on behalf of the Bureau", "X (in its capacity as Chair of ...)"):
  no country sponsors; counted by kind;
- the State of Palestine, an observer State with no member code: counted;
- anything else: an unresolved name, counted and listed with its resolution.

Resolutions adopted without a vote are kept: most co-sponsorship happens there.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pandas as pd

from .. import countries, groups
from ..errors import Ledger
from . import ga_session_of, normalize_symbol
from .unxml import adoption_date, records, session_label

COLUMNS = ["symbol", "session", "session_no", "date", "iso3", "role", "via", "recorded", "rollcall_id"]
ROLES = ("sponsor", "additional")

_BEHALF = re.compile(
    r"[\s,]*(\()?\s*on behalf of the states members of the united nations that are members of\s+(?:the\s+)?"
    r"(?:members of the\s+)?",
    re.IGNORECASE,
)
#: Group phrases in the files → the group of graphmodel.groups whose dated members they stand for.
GROUP_PHRASES = (
    (re.compile(r"group of 77 and china", re.I), "G77"),
    (re.compile(r"non-aligned", re.I), "NAM"),
    (re.compile(r"group of african states", re.I), "AFRICAN"),
    (re.compile(r"latin american and caribbean states", re.I), "GRULAC"),
    (re.compile(r"organi[sz]ation of islamic cooperation", re.I), "OIC"),
    (re.compile(r"european union", re.I), "EU"),
)
_OFFICER = re.compile(
    r"^(was )?(submitted by|introduced|on the basis of|the representative of|the amendment|annex)"
    r"|in its capacity as chair|on behalf of the bureau|informal consultations|^\w+ \w+ \(\w+\) and on the basis",
    re.IGNORECASE,
)
_OBSERVERS = {"state of palestine": "State of Palestine"}
#: Longest span of words tried as one name (the longest member name has 8 words).
_MAX_WORDS = 10


def read_sponsorships(folder: str | Path, ledger: Ledger | None = None) -> tuple[pd.DataFrame, dict]:
    """Sponsor rows of every resolution in the ``*.json`` files of ``folder``, and a report.

    Returns ``(table, report)``: ``table`` has the columns of :data:`COLUMNS` without
    ``recorded`` and ``rollcall_id`` (the dataset build adds them from the roll calls);
    ``report`` counts every entry by kind, lists every unresolved name with its resolution and
    counts the groups that were expanded or not.
    """
    ledger = ledger or Ledger()
    rows, seen = [], set()
    report = {
        "resolutions": 0,
        "resolutions_with_country_sponsor": 0,
        "entries": {},
        "groups_expanded": {},
        "groups_not_expanded": {},
        "unresolved": [],
    }
    for path, line_no, record in records(folder):
        symbol = normalize_symbol(record.get("symbol", ""))
        if not symbol or symbol in seen:
            if symbol:
                ledger.note("sponsorships: duplicate record dropped", f"{path.name}:{line_no} {symbol}")
            continue
        seen.add(symbol)
        date = adoption_date(record, path, line_no)
        report["resolutions"] += 1
        found = _resolution_rows(record, symbol, date, report, ledger)
        if found:
            report["resolutions_with_country_sponsor"] += 1
        session = session_label(path)
        for iso3, (role, via) in found.items():
            rows.append((symbol, session, ga_session_of(date), date, iso3, role, via))
    table = pd.DataFrame(rows, columns=COLUMNS[:7])
    report["rows"] = len(table)
    return table, report


def _count(report: dict, key: str, name: str, n: int = 1) -> None:
    report[key][name] = report[key].get(name, 0) + n


def _resolution_rows(record: dict, symbol: str, date, report: dict, ledger: Ledger) -> dict:
    """``iso3 → (role, via)`` for one resolution; a named member wins over the same member reached
    through a group, and a sponsor over an additional sponsor."""
    found: dict[str, tuple[str, str | None]] = {}
    for role, field in zip(ROLES, ("sponsors", "additional_sponsors")):
        for kind, value in parse_entries(record.get(field) or [], date):
            _count(report, "entries", kind)
            if kind == "unresolved":
                report["unresolved"].append({"symbol": symbol, "role": role, "name": value})
                ledger.note("sponsorships: unresolved sponsor name (dropped)", f"{symbol} {value!r}")
                continue
            if kind == "group":
                group, members = value
                if members is None:
                    _count(report, "groups_not_expanded", group)
                    continue
                _count(report, "groups_expanded", group)
                for iso3 in members:
                    if iso3 not in found or (found[iso3][0] == "additional" and role == "sponsor"):
                        found[iso3] = (role, group)
                continue
            if kind != "country":
                continue
            held = found.get(value)
            if held is None or held[1] is not None or (held[0] == "additional" and role == "sponsor"):
                found[value] = (role if held is None or held[1] is not None else "sponsor", None)
            else:
                ledger.note("sponsorships: member named twice for one resolution (kept once)", f"{symbol} {value}")
    return found


def parse_entries(entries: list, date) -> list[tuple[str, object]]:
    """Read one list of sponsor entries: ``[(kind, value), ...]`` with kind ``country`` (iso3),
    ``group`` ((name, member codes or None)), ``officer``, ``observer`` or ``unresolved`` (text).
    Repairs (a leading "the", names split over two items, several names in one item) are applied.

    >>> parse_entries(["FRANCE", "THE GAMBIA", "SOLOMON", "ISLANDS"], "2024-12-01")
    [('country', 'FRA'), ('country', 'GMB'), ('country', 'SLB')]
    >>> [k for k, _ in parse_entries(["submitted by the President of the General Assembly"], "2024-12-01")]
    ['officer']
    >>> kind, (group, members) = parse_entries(
    ...     ["Uganda (on behalf of the States Members of the United Nations that are members of the Group of 77 and China)"],
    ...     "2024-12-01")[1]
    >>> group, "CHN" in members, "USA" in members
    ('G77', True, False)
    """
    date = pd.Timestamp(date)
    out: list[tuple[str, object]] = []
    # Officer texts and group phrases are whole items; names may run over items, so they are
    # segmented over the joined text of the consecutive plain items.
    plain: list[str] = []
    for entry in (_clean(e) for e in entries):
        if not entry:
            continue
        if _OFFICER.search(entry):
            out.extend(_names(" , ".join(plain), date))
            plain = []
            out.append(("officer", entry))
            continue
        behalf = _BEHALF.search(entry)
        if behalf:
            before, rest = entry[: behalf.start()], entry[behalf.end() :]
            if behalf.group(1):
                close = rest.find(")")
                phrase, after = (rest[:close], rest[close + 1 :]) if close >= 0 else (rest, "")
            else:
                phrase, after = rest, ""
            plain.append(before)
            out.extend(_names(" , ".join(plain), date))
            plain = [after] if after.strip(" ,") else []
            out.append(("group", _group(phrase, date)))
            continue
        plain.append(entry)
    out.extend(_names(" , ".join(plain), date))
    return out


def _clean(entry) -> str:
    text = str(entry).replace("\u2019", "'").replace("\xa0", " ")
    return re.sub(r"\s+", " ", text).strip(" ,;")


def _group(phrase: str, date) -> tuple[str, list | None]:
    phrase = re.sub(r"\s+", " ", phrase).strip(" .,)")
    for pattern, group in GROUP_PHRASES:
        if pattern.search(phrase):
            members = set(groups.members(group, date))
            if group == "G77":
                members.add("CHN")
            return group, sorted(members)
    return phrase.upper(), None


@lru_cache(maxsize=1)
def _names_index() -> dict:
    # Names and aliases only: a word such as "AND" or "IN" must never be read as an ISO code.
    index = {}
    for row in countries.country_table().itertuples():
        for alias in [row.name, *row.aliases.split("|")]:
            if alias:
                index.setdefault(countries.normalize_name(alias), row.iso3)
    return index


def _lookup(words: list[str]) -> str | None:
    key = countries.normalize_name(" ".join(words))
    key = re.sub(r"^the ?", "", key)
    hit = _names_index().get(key)
    if hit is None:
        # "BAHAMAS (THE)", "VENEZUELA (BOLIVARIAN REPUBLIC)": the name without its bracket.
        bare = countries.normalize_name(re.sub(r"\(.*?\)", " ", " ".join(words)))
        hit = _names_index().get(re.sub(r"^the ?", "", bare))
    return hit


def _names(text: str, date) -> list[tuple[str, object]]:
    """Segment a run of plain items into member names, longest match first, over word spans;
    commas, full stops and "and" separate names but may also sit inside one ("Trinidad and Tobago")."""
    words = re.sub(r"([,;])|\.(?=\s|$)", r" \1 ", text).split()
    out, pending, i = [], [], 0
    while i < len(words):
        if words[i] in (",", ";") or words[i].lower() == "and":
            out.extend(_leftover(pending))
            pending = []
            i += 1
            continue
        match = None
        for j in range(min(len(words), i + _MAX_WORDS), i, -1):
            if words[j - 1] in (",", ";"):
                continue
            code = _lookup(words[i:j])
            if code is None and j - i == 2:
                code = _lookup(["".join(words[i:j])])  # "GE RMANY", "CZECHI A"
            if code is not None:
                match = (code, j)
                break
        if match is None:
            pending.append(words[i])
            i += 1
            continue
        out.extend(_leftover(pending))
        pending = []
        out.append(("country", countries.resolve(match[0], pd.Timestamp(date))))
        i = match[1]
    out.extend(_leftover(pending))
    return out


def _leftover(words: list[str]) -> list[tuple[str, object]]:
    text = " ".join(w for w in words if w not in (",", ";")).strip(" .")
    if not re.search(r"\w", text) or text.lower() in ("and", "the"):
        return []
    key = countries.normalize_name(text)
    if key in _OBSERVERS:
        return [("observer", _OBSERVERS[key])]
    return [("unresolved", text)]

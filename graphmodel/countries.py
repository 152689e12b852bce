"""Country identity across eight decades of UN votes.

One code per state as a UN member: ISO 3166-1 alpha-3 for current members, ISO 3166-3 codes for
dissolved ones (``SUN`` USSR, ``YUG`` Yugoslavia, ``CSK`` Czechoslovakia, ``DDR``, ``YMD``) and
documented project codes where ISO has none (``FRG`` Federal Republic of Germany 1973–1990,
``YAR`` Yemen Arab Republic, ``ZAN`` Zanzibar, ``TWN`` the Republic of China seat until 1971).

``continuity`` names the member that carried a seat on (USSR → RUS, FRG → DEU, ROC seat → CHN …);
:func:`harmonize` uses it so that a Russia–US trajectory spans 1946–2025. States absorbed by
another member (GDR, South Yemen, Zanzibar) have no continuity and stay separate.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache
from importlib import resources

import numpy as np
import pandas as pd

from .errors import InputError

#: Anchor countries used to name blocs (docs/design.md): permanent members and the G77 core.
ANCHORS = ("USA", "RUS", "CHN", "GBR", "FRA", "IND", "BRA", "ZAF")
P5 = ("USA", "RUS", "CHN", "GBR", "FRA")
#: EU member states with their accession dates, for "EU" anchors and "split the EU" queries.
EU_ACCESSION = {
    "BEL": "1958-01-01",
    "FRA": "1958-01-01",
    "DEU": "1958-01-01",
    "FRG": "1958-01-01",
    "ITA": "1958-01-01",
    "LUX": "1958-01-01",
    "NLD": "1958-01-01",
    "DNK": "1973-01-01",
    "IRL": "1973-01-01",
    "GBR": "1973-01-01",
    "GRC": "1981-01-01",
    "PRT": "1986-01-01",
    "ESP": "1986-01-01",
    "AUT": "1995-01-01",
    "FIN": "1995-01-01",
    "SWE": "1995-01-01",
    "CYP": "2004-05-01",
    "CZE": "2004-05-01",
    "EST": "2004-05-01",
    "HUN": "2004-05-01",
    "LVA": "2004-05-01",
    "LTU": "2004-05-01",
    "MLT": "2004-05-01",
    "POL": "2004-05-01",
    "SVK": "2004-05-01",
    "SVN": "2004-05-01",
    "BGR": "2007-01-01",
    "ROU": "2007-01-01",
    "HRV": "2013-07-01",
}
EU_EXIT = {"GBR": "2020-01-31"}


def normalize_name(name: str) -> str:
    """Fold case, accents and punctuation so that 'CÔTE D’IVOIRE' matches "Cote d'Ivoire"."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", " ", ascii_name.lower()).strip()


@lru_cache(maxsize=1)
def country_table() -> pd.DataFrame:
    """The curated country table (``graphmodel/resources/countries.csv``).

    Columns: ``iso3``, ``iso2``, ``name``, ``admitted`` and ``left`` (UN membership dates,
    ``left`` empty for current members), ``continuity`` (member that carried the seat on),
    ``successors`` (``;``-separated), ``regional_group`` (UN regional group; the US is counted
    with WEOG, where it is an observer), ``aliases`` (``|``-separated names seen in sources).
    """
    path = resources.files("graphmodel") / "resources" / "countries.csv"
    with path.open(encoding="utf-8") as f:
        table = pd.read_csv(f, dtype=str, keep_default_na=False)
    table["admitted"] = pd.to_datetime(table["admitted"])
    table["left"] = pd.to_datetime(table["left"].replace("", None))
    return table


@lru_cache(maxsize=1)
def _lookup() -> tuple[dict, dict]:
    table = country_table()
    by_key: dict[str, str] = {}
    for row in table.itertuples():
        by_key[row.iso3] = row.iso3
        if row.iso2:
            by_key.setdefault(row.iso2, row.iso3)
        for alias in [row.name, *row.aliases.split("|")]:
            if alias:
                by_key.setdefault(normalize_name(alias), row.iso3)
    periods = {row.iso3: (row.admitted, row.left) for row in table.itertuples()}
    return by_key, periods


def _member_at(iso3: str, date) -> bool:
    admitted, left = _lookup()[1][iso3]
    return admitted <= date and (pd.isna(left) or date < left)


def resolve(name_or_code: str, date=None, *, file: str | None = None, line: int | None = None) -> str:
    """Return the project's code for a country name, ISO2 or ISO3 code, as of ``date``.

    The same label means different members over time: "Russia" voting in 1950 is the USSR,
    "Yugoslavia" voting in 2003 is Serbia (and Montenegro). Given a date, a label whose state
    was not a member then is moved along the continuity chain (either way) to the member that
    held the seat.

    >>> resolve("RUSSIAN FEDERATION", pd.Timestamp("2025-02-24"))
    'RUS'
    >>> resolve("Russia", pd.Timestamp("1950-01-01"))
    'SUN'
    """
    if name_or_code is None or not str(name_or_code).strip():
        raise InputError("empty country name", file, line, name_or_code)
    by_key, _ = _lookup()
    text = str(name_or_code).strip()
    code = by_key.get(text.upper()) if len(text) in (2, 3) and text.isalpha() else None
    code = code or by_key.get(normalize_name(text))
    if code is None:
        raise InputError("unknown country name or code", file, line, name_or_code)
    if date is None or _member_at(code, date):
        return code
    return _along_continuity(code, pd.Timestamp(date))


def resolve_many(labels: pd.Series, dates: pd.Series, *, file: str | None = None) -> np.ndarray:
    """Vectorised :func:`resolve` for a column of labels with their vote dates."""
    labels = pd.Series(labels).reset_index(drop=True)
    dates = pd.to_datetime(pd.Series(dates)).reset_index(drop=True)
    base = {label: resolve(label, file=file) for label in labels.unique()}
    codes = labels.map(base).to_numpy(dtype=object)
    for code in np.unique(codes):
        rows = np.flatnonzero(codes == code)
        outside = ~membership_matrix([code], dates.iloc[rows])[0]
        for row in rows[outside]:
            codes[row] = _along_continuity(code, dates.iloc[row])
    return codes


@cache
def _continuity() -> tuple[dict, dict]:
    """Successor of each seat and the seats each one continued, read from the table once: bloc
    naming asks for thousands of (code, date) pairs."""
    table = country_table()
    successors = dict(zip(table["iso3"].tolist(), table["continuity"].tolist()))
    predecessors: dict = {}
    for code, successor in successors.items():
        if successor:
            predecessors.setdefault(successor, []).append(code)
    return successors, predecessors


@cache
def _along_continuity(code: str, date: pd.Timestamp) -> str:
    successors, predecessors = _continuity()
    successor = successors[code]
    if successor and _member_at(successor, date):
        return successor
    for predecessor in predecessors.get(code, ()):
        if _member_at(predecessor, date):
            return predecessor
    return code


def harmonize(codes: pd.Series | np.ndarray) -> np.ndarray:
    """Map historic seats to the member that continued them (SUN→RUS, FRG→DEU, TWN→CHN, ...).

    Use it before comparing windows across the 1990s; absorbed states (DDR, YMD, ZAN) keep
    their codes because their seat did not continue.
    """
    table = country_table()
    mapping = {r.iso3: r.continuity for r in table.itertuples() if r.continuity}
    # Chains (YUG→SRB) are one step in this table; apply twice to be safe with longer ones.
    out = pd.Series(codes).replace(mapping).replace(mapping)
    return out.to_numpy()


#: Permanent Security Council seats: (iso3, from, to); the Soviet seat passed to Russia on
#: 24 Dec 1991, the China seat from the Republic of China (TWN) to the PRC on 25 Oct 1971.
P5_SEATS = (
    ("USA", "1945-10-24", None),
    ("GBR", "1945-10-24", None),
    ("FRA", "1945-10-24", None),
    ("SUN", "1945-10-24", "1991-12-24"),
    ("RUS", "1991-12-24", None),
    ("TWN", "1945-10-24", "1971-10-25"),
    ("CHN", "1971-10-25", None),
)
GERMAN_UNIFICATION = "1990-10-03"


def eu_periods() -> dict[str, tuple[str, str | None]]:
    """EU (EEC before 1993) membership as ``iso3 → (joined, left or None)``, ISO dates.

    The FRG seat holds West Germany's membership until unification; DEU holds it after.
    """
    periods = {iso3: (joined, EU_EXIT.get(iso3)) for iso3, joined in EU_ACCESSION.items()}
    periods["FRG"] = (periods["FRG"][0], GERMAN_UNIFICATION)
    periods["DEU"] = (GERMAN_UNIFICATION, None)
    return periods


def _within(date, start, end) -> bool:
    return pd.Timestamp(start) <= date and (end is None or date < pd.Timestamp(end))


def eu_members(date) -> list[str]:
    """EU (EEC before 1993) member states at ``date``.

    >>> eu_members("1973-06-01")
    ['BEL', 'DNK', 'FRA', 'FRG', 'GBR', 'IRL', 'ITA', 'LUX', 'NLD']
    """
    date = pd.Timestamp(date)
    return sorted(iso3 for iso3, (joined, left) in eu_periods().items() if _within(date, joined, left))


def p5_members(date) -> list[str]:
    """Holders of the five permanent Security Council seats at ``date``.

    >>> p5_members("1970-01-01")
    ['FRA', 'GBR', 'SUN', 'TWN', 'USA']
    """
    date = pd.Timestamp(date)
    return sorted(iso3 for iso3, start, end in P5_SEATS if _within(date, start, end))


def membership_matrix(codes: list[str], dates: pd.Series) -> np.ndarray:
    """Boolean (len(codes) × len(dates)): was each country a UN member at each date?"""
    _, periods = _lookup()
    dates = pd.to_datetime(pd.Series(dates)).to_numpy()
    admitted = np.array([periods[c][0] for c in codes], dtype="datetime64[ns]")
    left = np.array(
        [periods[c][1] if not pd.isna(periods[c][1]) else np.datetime64("2262-01-01") for c in codes],
        dtype="datetime64[ns]",
    )
    return (admitted[:, None] <= dates[None, :]) & (dates[None, :] < left[:, None])


#: How a historic seat is written in bloc names (ISO 3166-3 codes read poorly in a label).
SEAT_LABELS = {"SUN": "USSR", "TWN": "ROC"}
#: The names of European integration by date: see graphmodel/resources/groups.csv for the convention.
EUROPEAN_NAMES = (("EEC", "1958-01-01"), ("EC", "1967-07-01"), ("EU", "1993-11-01"))


@lru_cache(maxsize=1)
def group_table() -> pd.DataFrame:
    """Dated group memberships (``graphmodel/resources/groups*.csv``, every such file, same
    columns): ``group``, ``iso3``, ``from`` (first day), ``to`` (first day no longer a member;
    NaT = still one)."""
    folder = resources.files("graphmodel") / "resources"
    parts = []
    for path in sorted(
        (p for p in folder.iterdir() if p.name.startswith("groups") and p.name.endswith(".csv")), key=lambda p: p.name
    ):
        with path.open(encoding="utf-8") as f:
            parts.append(pd.read_csv(f, comment="#", dtype=str, keep_default_na=False))
    table = pd.concat(parts, ignore_index=True)[["group", "iso3", "from", "to"]]
    table["from"] = pd.to_datetime(table["from"])
    table["to"] = pd.to_datetime(table["to"].replace("", None))
    return table


def group_members(group: str, date) -> list[str]:
    """Members (UN seat codes) of ``group`` at ``date``; ``EEC``, ``EC`` and ``EU`` only in their
    own naming period, so ``group_members("EU", "1985-01-01")`` is empty.

    >>> group_members("Warsaw Pact", "1980-01-01")
    ['BGR', 'CSK', 'DDR', 'HUN', 'POL', 'ROU', 'SUN']
    >>> group_members("EC", "1986-06-01")[:4]
    ['BEL', 'DNK', 'ESP', 'FRA']
    """
    codes, starts, ends = _group_spans().get(group, _NO_SPANS)
    when = pd.Timestamp(date).to_datetime64()
    return sorted(codes[(starts <= when) & (when < ends)])


_NO_SPANS = (np.array([], dtype=object), np.array([], dtype="datetime64[ns]"), np.array([], dtype="datetime64[ns]"))


@lru_cache(maxsize=1)
def _group_spans() -> dict:
    """Group → (members, first days, end days) as numpy arrays: bloc naming asks for a few groups
    in every window, and a pandas filter over the whole table per call cost more than the
    window's community detection."""
    table = group_table()
    ends = table["to"].to_numpy("datetime64[ns]")
    ends = np.where(np.isnat(ends), np.datetime64("2262-04-11", "ns"), ends)  # still a member
    return {
        group: (table["iso3"].to_numpy(object)[rows], table["from"].to_numpy("datetime64[ns]")[rows], ends[rows])
        for group, rows in table.groupby("group", sort=False).indices.items()
    }


def groups_of(iso3: str, date) -> list[str]:
    """Groups ``iso3`` belonged to at ``date``.

    >>> groups_of("FRG", "1985-06-01")
    ['EC', 'NATO']
    """
    table = group_table()
    date = pd.Timestamp(date)
    rows = table[(table["iso3"] == iso3) & (table["from"] <= date) & (table["to"].isna() | (date < table["to"]))]
    return sorted(rows["group"])


def european_union_name(date) -> str | None:
    """'EEC', 'EC' or 'EU' at ``date`` (None before 1958)."""
    date = pd.Timestamp(date)
    current = None
    for name, since in EUROPEAN_NAMES:
        if date >= pd.Timestamp(since):
            current = name
    return current


def seat_holder(code: str, date) -> str:
    """The seat a (harmonised) code stood for at ``date``: RUS in 1985 is SUN, DEU in 1980 is FRG,
    CHN in 1960 is the Republic of China seat (TWN). Codes unknown to the table pass through.

    >>> seat_holder("RUS", "1985-06-01"), seat_holder("RUS", "1992-06-01"), seat_holder("CHN", "1960-01-01")
    ('SUN', 'RUS', 'TWN')
    """
    if code not in _lookup()[1]:
        return code
    date = pd.Timestamp(date)
    return code if _member_at(code, date) else _along_continuity(code, date)


def seat_label(code: str) -> str:
    """How a seat code is written in a bloc name (SUN → USSR, TWN → ROC)."""
    return SEAT_LABELS.get(code, code)


def name_over(code: str, dates) -> str:
    """How a country or the European group is named over ``dates``: the seats or names it had in
    date order, joined by '/' ("USSR/RUS" for RUS from 1946, "FRG/DEU" for Germany across 1990,
    "EEC/EC/EU" for the EU from 1958); a single name where it did not change.

    >>> name_over("RUS", ["1960-01-01", "2025-01-01"]), name_over("RUS", ["2000-01-01", "2025-01-01"])
    ('USSR/RUS', 'RUS')
    >>> name_over("EU", ["1960-01-01", "1980-01-01", "2025-01-01"])
    'EEC/EC/EU'
    """
    stamps = sorted(pd.Timestamp(d) for d in dates)
    if str(code).upper() in ("EU", "EC", "EEC"):
        names = [european_union_name(d) or "EEC" for d in stamps]
    else:
        names = [seat_label(seat_holder(code, d)) for d in stamps]
    return "/".join(dict.fromkeys(names)) or str(code)

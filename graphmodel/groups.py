"""Country groups with dated memberships, usable wherever a country is.

Groups (all resolved at a date, so "EU" in 1980 is the EC Nine and "BRICS" in 2023 has five):

- UN regional groups ``AFRICAN``, ``ASIA-PACIFIC`` (alias ``APG``), ``EASTERN EUROPEAN`` (``EEG``),
  ``GRULAC``, ``WEOG``: each member's group in ``resources/countries.csv`` for its UN membership
  (the groups' current composition; the Asia-Pacific name dates from 2011 and Israel joined WEOG in
  2000 — both simplifications);
- every group of :func:`graphmodel.countries.group_table`: ``EEC``/``EC``/``EU``, ``NATO``,
  ``Warsaw Pact``, ``P5`` (``resources/groups.csv``) and ``G77``, ``NAM``, ``OIC``, ``AU`` (alias
  ``OAU``), ``BRICS`` (``resources/groups_more.csv``, written by ``tools/make_groups.py``, which
  names its sources and approximations).

Names are case-insensitive. ``EU``, ``EC`` and ``EEC`` given as a side of ``compare`` or as
``--member`` mean the one organisation under whichever name it had at the date (so
``compare(ds, "EU", "USA", by="year")`` spans 1958 to today); the period-true names are kept in
node attributes and Neo4j.
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from .countries import country_table, group_table
from .errors import GraphmodelError

REGIONAL = {
    "AFRICAN": "African",
    "ASIA-PACIFIC": "Asia-Pacific",
    "EASTERN EUROPEAN": "Eastern European",
    "GRULAC": "Latin American and Caribbean",
    "WEOG": "Western European and Others",
}
ALIASES = {"APG": "ASIA-PACIFIC", "EEG": "EASTERN EUROPEAN", "OAU": "AU", "AFRICA": "AFRICAN"}
#: One organisation under three names (resources/groups.csv).
EUROPEAN = ("EEC", "EC", "EU")


@lru_cache(maxsize=1)
def memberships() -> pd.DataFrame:
    """Every dated membership: ``group, iso3, from, to`` (``to`` NaT while current)."""
    table = country_table()
    regional = [
        (name, row.iso3, row.admitted, row.left)
        for name, label in REGIONAL.items()
        for row in table[table["regional_group"] == label].itertuples()
    ]
    frame = pd.DataFrame(regional, columns=["group", "iso3", "from", "to"])
    frame = pd.concat([frame, group_table()[["group", "iso3", "from", "to"]]], ignore_index=True)
    frame["from"] = pd.to_datetime(frame["from"])
    frame["to"] = pd.to_datetime(frame["to"])
    return frame


def names() -> list[str]:
    """Group names accepted by :func:`members` (aliases not repeated)."""
    return sorted(set(memberships()["group"]))


def canonical(name) -> str | None:
    """The group a name refers to (``"oau"`` → ``"AU"``, ``"warsaw pact"`` → ``"Warsaw Pact"``), or None."""
    key = str(name).strip().upper()
    key = ALIASES.get(key, key)
    return {g.upper(): g for g in names()}.get(key)


def is_group(name) -> bool:
    return canonical(name) is not None


def _at(date) -> pd.DataFrame:
    date = pd.Timestamp(date)
    rows = memberships()
    return rows[(rows["from"] <= date) & (rows["to"].isna() | (date < rows["to"]))]


def members(name, date) -> list[str]:
    """ISO3 codes (UN seats) of a group's members at ``date``.

    >>> members("BRICS", "2023-06-01")
    ['BRA', 'CHN', 'IND', 'RUS', 'ZAF']
    >>> members("EU", "1975-01-01") == members("EC", "1975-01-01")
    True
    """
    group = canonical(name)
    if group is None:
        raise GraphmodelError(f"unknown group {name!r}; groups: {', '.join(names())}")
    wanted = EUROPEAN if group in EUROPEAN else (group,)
    rows = _at(date)
    return sorted(set(rows.loc[rows["group"].isin(wanted), "iso3"]))


def of_country(date) -> dict[str, list[str]]:
    """Every country's groups at ``date`` under their period-true names: ``iso3 → [group, ...]``."""
    return {iso3: sorted(set(g)) for iso3, g in _at(date).groupby("iso3")["group"]}

"""One topic coding for every GA roll call, 1946–2026.

Voeten's six issue codes (Voeten, Strezhnev & Bailey, *United Nations General Assembly Voting
Data*, Harvard Dataverse hdl:1902.1/12379) stop with the ``unvotes`` source in 2019. This module
codes every roll call the same way:

- roll calls from ``unvotes`` keep Voeten's own codes (the reference);
- every other roll call is coded by a small classifier (:mod:`graphmodel.topic_model`: logistic
  regression on its title, with the hits of the rules in ``resources/voeten_rules.csv`` as
  features), fit on Voeten's own coding.

The rules were written from roll calls of 1946–1989 only; Voeten's codes of 1990–2019 are held out
to measure them (:func:`evaluate`); the classifier is measured on a time split and leave one
session out (:func:`graphmodel.topic_model.evaluate`; both in ``tools/topic_benchmark.py``). Named topics (UKRAINE, PALESTINE,
ISRAEL, NUCLEAR, HUMAN RIGHTS BY COUNTRY, …) are data in ``resources/topics.csv``.

Codes are computed when a filter asks for them, not stored: the bundled dataset files stay as the
sources gave them, and a change of the rules needs no rebuild (the classifier is fit from the
bundled dataset once per process, a few seconds).
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

import numpy as np
import pandas as pd

CODES = ("me", "nu", "di", "hr", "co", "ec")
CODE_NAMES = {
    "me": "Palestinian conflict",
    "nu": "nuclear weapons and nuclear material",
    "di": "arms control and disarmament",
    "hr": "human rights",
    "co": "colonialism",
    "ec": "economic development",
}
#: Last year of Voeten's own coding in the bundled data (the ``unvotes`` source).
VOETEN_LAST_YEAR = 2019


def _read(name: str) -> pd.DataFrame:
    with (resources.files("graphmodel") / "resources" / name).open(encoding="utf-8") as f:
        return pd.read_csv(f, comment="#", dtype=str, keep_default_na=False)


@lru_cache(maxsize=1)
def rules() -> pd.DataFrame:
    """The code rules: ``code, pattern, unless`` (regular expressions on upper-case text)."""
    return _read("voeten_rules.csv")


@lru_cache(maxsize=1)
def named_topics() -> pd.DataFrame:
    """Named topics: ``topic, field, pattern, unless, note`` (one topic may have several rows)."""
    table = _read("topics.csv")
    table["topic"] = table["topic"].str.upper()
    return table


def _text(series) -> pd.Series:
    return pd.Series(series).fillna("").astype(str)


def _search_text(rollcalls: pd.DataFrame) -> pd.Series:
    return (_text(rollcalls["title"]) + " | " + _text(rollcalls["subjects"])).str.upper()


def rule_codes(rollcalls: pd.DataFrame) -> pd.Series:
    """Voeten codes assigned by the rules alone, ``;``-separated in :data:`CODES` order."""
    text = _search_text(rollcalls)
    joined = np.full(len(rollcalls), "", dtype=object)
    for code in CODES:
        hit = np.zeros(len(rollcalls), dtype=bool)
        for row in rules()[rules()["code"] == code].itertuples():
            found = text.str.contains(row.pattern, regex=True)
            if row.unless:
                found &= ~text.str.contains(row.unless, regex=True)
            hit |= found.to_numpy(bool)
        joined = np.where(hit, joined + code + ";", joined)
    return pd.Series(joined, index=rollcalls.index, dtype=object).str.rstrip(";")


def codes(rollcalls: pd.DataFrame) -> pd.Series:
    """Voeten codes for every roll call: Voeten's own where ``unvotes`` (or an imported Voeten file)
    has them, else the model's.

    The model (:mod:`graphmodel.topic_model`) is a logistic regression per code on titles and rule
    hits, fit on Voeten's coding. Session 74 in ``unvotes`` keeps Voeten's me, nu and hr; its co,
    di and ec come from the model (the source lists the same roll calls under all three).
    """
    from .topic_model import CODES as MODEL_CODES
    from .topic_model import DEFECTIVE_FROM_RCID, bundled_model

    # A user's import of Voeten's own file (source "voeten") carries his codes too.
    own = rollcalls["source"].astype(str).isin(["unvotes", "voeten"]).to_numpy()
    out = pd.Series("", index=rollcalls.index, dtype=object)
    out[own] = _text(rollcalls["issues"]).to_numpy()[own]
    rcid = pd.to_numeric(rollcalls["rollcall_id"].astype(str).str.extract(r"^unvotes:(\d+)$")[0], errors="coerce")
    defective = own & (rcid >= DEFECTIVE_FROM_RCID).to_numpy()
    modelled = ~own | defective
    if modelled.any():
        guess = bundled_model().codes(rollcalls[modelled])
        if defective.any():
            kept = {"me", "nu", "hr"}
            voeten = _text(rollcalls["issues"])[modelled].str.split(";")
            merged = [
                ";".join(c for c in MODEL_CODES if (c in v and c in kept) or (c in g.split(";") and c not in kept))
                for v, g in zip(voeten, guess)
            ]
            guess = pd.Series(np.where(defective[modelled], merged, guess), index=guess.index, dtype=object)
        out[modelled] = guess.to_numpy()
    return out


def is_code(term: str) -> bool:
    return str(term).strip().lower() in CODES


def is_topic(term: str) -> bool:
    return str(term).strip().upper() in set(named_topics()["topic"]) or _rights_country(term) is not None


#: "HUMAN RIGHTS IRAN", "HUMAN RIGHTS: Myanmar": country-situation resolutions on one country.
_RIGHTS_PREFIX = re.compile(r"^HUMAN RIGHTS\s*[:,]?\s+(?P<country>.+)$", re.IGNORECASE)


@lru_cache(maxsize=64)
def _rights_country(term: str) -> str | None:
    """A regex of the names of the country in a "HUMAN RIGHTS <country>" term, or None."""
    from .countries import country_table, resolve
    from .errors import GraphmodelError

    found = _RIGHTS_PREFIX.match(str(term).strip())
    if not found or found.group("country").strip().upper() == "BY COUNTRY":
        return None
    try:
        code = resolve(found.group("country"))
    except GraphmodelError:
        return None
    row = country_table().set_index("iso3").loc[code]
    names = {row["name"], *[a for a in row["aliases"].split("|") if a and len(a) > 3]}
    return "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))


def term_mask(rollcalls: pd.DataFrame, term: str, coded: pd.Series | None = None) -> pd.Series:
    """Which roll calls an ``--issue`` term selects.

    A Voeten code (``hr``) selects by :func:`codes`; a named topic (``UKRAINE``) by its rows in
    ``topics.csv``; anything else is a UNBIS subject term matched inside ``subjects``.
    """
    term = str(term).strip()
    coded = codes(rollcalls) if coded is None else coded
    if is_code(term):
        return coded.str.split(";").map(lambda have: term.lower() in have).astype(bool)
    country = _rights_country(term)
    if country is not None:
        situations = term_mask(rollcalls, "HUMAN RIGHTS BY COUNTRY", coded)
        return situations & _text(rollcalls["title"]).str.contains(country, case=False, regex=True)
    if is_topic(term):
        hit = pd.Series(False, index=rollcalls.index)
        for row in named_topics()[named_topics()["topic"] == term.upper()].itertuples():
            if row.field == "code":
                found = coded.str.split(";").map(lambda have, c=row.pattern: c in have).astype(bool)
            else:
                found = _text(rollcalls[row.field]).str.contains(row.pattern, case=False, regex=True)
            if row.unless:
                found &= ~_text(rollcalls["title"]).str.contains(row.unless, case=False, regex=True)
            hit |= found.to_numpy()
        return hit
    return _text(rollcalls["subjects"]).str.contains(term, case=False, regex=False)


def check_issues(rollcalls: pd.DataFrame, terms) -> None:
    """Stop on an ``--issue`` term that can select nothing: not a Voeten code, not a named topic,
    and inside no roll call's UNBIS subject terms (a typo would otherwise read as an empty period).

    >>> check_issues(pd.DataFrame({"subjects": ["NUCLEAR WEAPONS"]}), ["hr", "UKRAINE", "nuclear"])
    >>> check_issues(pd.DataFrame({"subjects": [""]}), ["xx"])
    Traceback (most recent call last):
    ...
    graphmodel.errors.GraphmodelError: unknown issue 'xx': not a Voeten code (me nu di hr co ec), not a named topic (UKRAINE, PALESTINE, MIDDLE EAST, ISRAEL, NUCLEAR, DISARMAMENT, HUMAN RIGHTS, COLONIALISM, DEVELOPMENT, HUMAN RIGHTS BY COUNTRY, APARTHEID, KOREA, IRAN, SYRIA, MYANMAR, CUBA, AFGHANISTAN, CYPRUS, WESTERN SAHARA; or HUMAN RIGHTS <country>), and in no roll call's UN subject terms
    """
    from .errors import GraphmodelError

    terms = [terms] if isinstance(terms, str) else list(terms)
    subjects = None
    for term in terms:
        if is_code(term) or is_topic(term):
            continue
        subjects = _text(rollcalls["subjects"]) if subjects is None else subjects
        if not subjects.str.contains(str(term).strip(), case=False, regex=False).any():
            topics = ", ".join(dict.fromkeys(named_topics()["topic"]))
            raise GraphmodelError(
                f"unknown issue {term!r}: not a Voeten code ({' '.join(CODES)}), not a named topic ({topics}; "
                "or HUMAN RIGHTS <country>), and in no roll call's UN subject terms"
            )


def issue_mask(rollcalls: pd.DataFrame, terms) -> pd.Series:
    """Roll calls matching any of ``terms`` (see :func:`term_mask`)."""
    terms = [terms] if isinstance(terms, str) else list(terms)
    coded = codes(rollcalls) if any(is_code(t) or is_topic(t) for t in terms) else None
    hit = pd.Series(False, index=rollcalls.index)
    for term in terms:
        hit |= term_mask(rollcalls, term, coded).to_numpy()
    return hit


def coverage_warnings(rollcalls: pd.DataFrame, windows) -> list[str]:
    """Years of the requested period that a filter cannot see, as one message per filter.

    ``rollcalls`` are the body's roll calls before filtering; ``windows`` a
    :class:`~graphmodel.settings.Windows`. Voeten codes and named topics cover every year (the
    classifier fills 2020 on); UNBIS subject terms exist only where a source carries subjects (2019 on);
    the State Department ``important`` flag stops with ``unvotes`` (2017); consensus adoptions
    (``with_consensus``) exist for sessions 74–80 only (October 2019 on).
    """
    calls = rollcalls
    if windows.start:
        calls = calls[calls["date"] >= pd.Timestamp(windows.start)]
    if windows.end:
        calls = calls[calls["date"] <= pd.Timestamp(windows.end)]
    if calls.empty:
        return []
    year = calls["date"].dt.year
    years = sorted(set(year))
    messages = []
    for term in windows.issues:
        if is_code(term) or is_topic(term):
            continue
        has = _text(calls["subjects"]).ne("").to_numpy()
        _lacking(messages, f"issue {term!r} (a UNBIS subject term)", years, set(year[has]))
    if windows.important:
        has = calls["important"].notna().to_numpy()
        _lacking(messages, "important (US State Department list)", years, set(year[has]))
    if getattr(windows, "with_consensus", False):
        from .consensus import consensus_rollcalls

        adopted = set(consensus_rollcalls()["date"].dt.year)
        _lacking(messages, "with_consensus (adoptions without a vote, sessions 74-80)", years, adopted)
    return messages


def _lacking(messages: list, what: str, years: list, covered: set) -> None:
    missing = [y for y in years if y not in covered]
    if missing:
        messages.append(f"{what} is not coded in {_span(missing)}: those years have no roll call to match")


def _span(years: list[int]) -> str:
    """1990, 1991, 1992, 1995 → '1990–1992, 1995'."""
    runs, start = [], years[0]
    for prev, cur in zip(years, years[1:] + [None]):
        if cur != prev + 1 if cur is not None else True:
            runs.append(f"{start}" if start == prev else f"{start}–{prev}")
            start = cur
    return ", ".join(runs)


def evaluate(rollcalls: pd.DataFrame, first_year: int = 1990, last_year: int = VOETEN_LAST_YEAR) -> pd.DataFrame:
    """Precision and recall of the rules against Voeten's own codes on held-out years.

    Parameters
    ----------
    rollcalls : DataFrame
        The dataset's roll calls; only GA roll calls from ``unvotes`` (coded by Voeten) count.
    first_year, last_year : int
        The held-out years (the rules were written from 1946–1989).

    Returns
    -------
    DataFrame
        One row per code: ``code, name, voeten, rules, both, precision, recall``.
    """
    calls = rollcalls[(rollcalls["body"] == "GA") & rollcalls["source"].astype(str).eq("unvotes")]
    year = calls["date"].dt.year
    calls = calls[(year >= first_year) & (year <= last_year)]
    truth = _text(calls["issues"]).str.split(";")
    guess = rule_codes(calls).str.split(";")
    rows = []
    for code in CODES:
        t = truth.map(lambda have, c=code: c in have).to_numpy(bool)
        g = guess.map(lambda have, c=code: c in have).to_numpy(bool)
        both = int((t & g).sum())
        rows.append(
            {
                "code": code,
                "name": CODE_NAMES[code],
                "voeten": int(t.sum()),
                "rules": int(g.sum()),
                "both": both,
                "precision": both / g.sum() if g.sum() else np.nan,
                "recall": both / t.sum() if t.sum() else np.nan,
            }
        )
    table = pd.DataFrame(rows)
    table.attrs["years"] = (first_year, last_year)
    table.attrs["rollcalls"] = len(calls)
    return table


def _check_patterns() -> None:
    for table in (rules(), named_topics()):
        for pattern in list(table["pattern"]) + list(table["unless"]):
            re.compile(pattern)

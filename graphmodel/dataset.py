"""The bundled dataset: build it from the raw sources, validate it, save it, load it.

Tables (tidy, one row per observation; see ``data/README.md`` for every column):

- ``rollcalls``: one row per recorded vote (GA resolution, amendment or paragraph vote; SC draft).
- ``votes``: one row per member × roll call, ``vote`` in {Y, N, A, X}; X is a member at that
  date that did not vote. Non-members have no row.
- ``countries``: identity, membership dates, continuity and regional group.

Overlap rules (which source wins), applied in this order:

1. GA 1946–2019: ``unvotes`` (Voeten). Its session-74 roll calls that ``unxml-ga`` also has keep
   the ``unvotes`` votes and take the recorded totals and subjects from ``unxml-ga``.
2. GA 2019–2026: ``unxml-ga`` (UN DGACM extracts). ``unga2025`` adds what ``unxml-ga`` lacks
   (ES-11/7, ES-11/8, ES-11/9 …); where both have a resolution, ``unxml-ga`` wins.
3. SC adopted 2000–2026: ``unxml-sc``. ``sc_voting.xlsx`` adds 1994–1999, every failed or vetoed
   draft and amendment, and adopted ones ``unxml-sc`` lacks; ``unga2025`` adds S/RES/2770 and
   2772 (2025).
Every overlap is compared member by member and disagreements are counted in the report.
Before the merge, SC symbol years are checked against dates and sc_voting's swapped days and
months repaired; after it, SC member votes contradicting the year's Council or the stated outcome
are dropped (:mod:`graphmodel.sources.sccheck`, report section ``sc_checks``).
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from . import countries as country_module
from . import store
from .errors import GraphmodelError, InputError, Ledger
from .sources import ROLLCALL_COLUMNS, SourceTables, sccheck
from .sources.sponsors import read_sponsorships

#: Remaining tally mismatches that are explained, by symbol. Any other mismatch fails the build.
KNOWN_MISMATCHES = {
    "A/RES/77/293": "unxml-ga lists 58 abstentions against a recorded 59 (a known defect of the "
    "extract: one abstaining member is missing); no other bundled source has the vote.",
    "S/RES/2756 (2024)": "recorded 13-0-2, but unxml-sc and sc_voting both list only 14 members; "
    "the missing member (DZA) is kept as X rather than guessed.",
    "S/RES/2812 (2026)": "unxml-sc records 'Adopted 13-0-2' but lists all 15 members in favour; "
    "no other bundled source covers 2026, so the lists are kept as published.",
}


@dataclass
class Dataset:
    """The canonical tables as pandas DataFrames."""

    rollcalls: pd.DataFrame
    votes: pd.DataFrame
    countries: pd.DataFrame
    report: dict = field(default_factory=dict)
    #: Folder the tables were read from (None when built in memory).
    source: Path | None = None
    #: The folder asked for (a store's root) and the store version read (None for a flat folder).
    origin: Path | None = field(default=None, repr=False, compare=False)
    version: str | None = field(default=None, repr=False, compare=False)
    #: Sponsors of GA resolutions (sessions 74–80), one row per resolution × member; see
    #: :mod:`graphmodel.sources.sponsors` and ``data/README.md``. Empty for a dataset without them.
    sponsorships: pd.DataFrame = field(default_factory=lambda: empty_sponsorships(), repr=False, compare=False)

    def windows(self, settings=None, **options) -> list:
        """Roll calls filtered and cut into windows, as :class:`~graphmodel.windows.Window` objects.

        ``settings`` is a :class:`~graphmodel.settings.Windows`; ``options`` override its fields.

        >>> [w.label for w in load_dataset().windows(by="year", start="2024-01-01", end="2025-12-31")]
        ['2024', '2025']
        """
        from .settings import Windows
        from .settings import resolve as resolve_settings
        from .windows import filter_rollcalls, make_windows

        if settings is not None and not isinstance(settings, Windows):
            raise GraphmodelError(f"settings must be a graphmodel.settings.Windows (value: {settings!r})")
        windows, _, _ = resolve_settings(settings, None, None, **options)
        rollcalls = self.rollcalls
        if windows.issues:
            from .topics import check_issues

            check_issues(rollcalls, windows.issues)
        if windows.with_consensus and windows.body == "GA":
            from .consensus import with_consensus

            rollcalls = with_consensus(rollcalls)
        calls = filter_rollcalls(
            rollcalls,
            body=windows.body,
            issues=list(windows.issues) or None,
            keywords=list(windows.keywords) or None,
            important=windows.important,
            exclude_amendments=windows.exclude_amendments,
        )
        filtered = bool(windows.issues or windows.keywords or windows.important or windows.exclude_amendments)
        return make_windows(
            calls,
            windows.by,
            start=windows.start,
            end=windows.end,
            size=windows.size,
            step=windows.step,
            min_rollcalls=windows.min_rollcalls,
            what=f"{windows.body} roll calls" + (" matching the filters" if filtered else ""),
            # a session or year is partial if unfinished at the data's last date, not the filter's
            horizon=self.rollcalls.loc[self.rollcalls["body"] == windows.body, "date"].max(),
        )

    def matrix(self, rollcall_ids=None, *, harmonize: bool = True):
        """Countries × roll calls vote-code matrix (:func:`graphmodel.windows.vote_matrix`)."""
        from .windows import vote_matrix

        return vote_matrix(self, rollcall_ids, harmonize=harmonize)

    def window_matrices(self, settings=None, **options) -> list[tuple]:
        """``(window, vote matrix)`` for every window: the recipe every analysis starts from.

        With ``members`` set, each matrix keeps only those countries (a group such as "EU" is
        taken at the window's last date).

        >>> (window, vm), = load_dataset().window_matrices(by="range", start="2025-02-24", end="2025-02-24",
        ...                                                min_rollcalls=1)
        >>> len(window.rollcall_ids), "USA" in vm.countries
        (2, True)
        """
        from .settings import Windows
        from .settings import resolve as resolve_settings

        windows, _, _ = resolve_settings(settings if isinstance(settings, Windows) else None, None, None, **options)
        if settings is not None and not isinstance(settings, Windows):
            raise GraphmodelError(f"settings must be a graphmodel.settings.Windows (value: {settings!r})")
        found = self.windows(windows)
        ids = [r for w in found for r in w.rollcall_ids]
        full = self.matrix(list(dict.fromkeys(ids)), harmonize=windows.harmonize)
        if windows.with_consensus and windows.body == "GA":
            from .consensus import consensus_rollcalls, fill

            extra = consensus_rollcalls()
            fill(full, dict(zip(extra["rollcall_id"], extra["date"])))
        pairs = []
        for window in found:
            vm = full.subset(window.rollcall_ids)
            if windows.members:
                vm = vm.restrict(_members(windows.members, window.end, windows.harmonize))
            pairs.append((window, vm))
        return pairs

    def rollcall(self, symbol: str, body: str | None = None) -> pd.Series:
        """The roll call on the final text of ``symbol``, or the one its ``rollcall_id`` names.

        The symbol is matched without regard to case, spacing or hyphens ("a/res/es-11/7",
        "A / RES / ES-11/7", "a/res/es 11/7"; no two symbols of the dataset differ only so), with
        or without the year of a Council resolution ("S/RES/2774"). A symbol voted on only in
        parts (amendment or paragraph votes, 767 older GA symbols) gives its one such roll call;
        with several, the error lists their ``rollcall_id`` values, any of which may be passed
        instead of the symbol ("unvotes:240"). An unknown symbol is an error that suggests the
        nearest known ones ("ES-11/7" → did you mean A/RES/ES-11/7?).

        >>> call = load_dataset().rollcall("R/5/233A")
        >>> call["rollcall_id"], bool(call["para"])
        ('unvotes:240', True)
        """
        from .sources import normalize_symbol

        calls = self.rollcalls if body is None else self.rollcalls[self.rollcalls["body"] == body]
        by_id = calls[calls["rollcall_id"].astype(str) == str(symbol).strip()]
        if len(by_id):
            return by_id.iloc[0]
        wanted = _symbol_key(normalize_symbol(_symbol_key(symbol)))
        keys = calls["symbol"].fillna("").map(_symbol_key)
        final = ~calls["amend"].fillna(False).astype(bool) & ~calls["para"].fillna(False).astype(bool)
        hits = calls[(keys == wanted) & final]
        if hits.empty:
            # Accept 'S/RES/2774' without the year.
            hits = calls[keys.str.startswith(wanted + "(") & final]
        if hits.empty:
            parts = calls[(keys == wanted) & ~final].sort_values(["date", "rollcall_id"])
            if len(parts) == 1:
                return parts.iloc[0]
            if len(parts) > 1:
                listed = "; ".join(
                    f"{row.rollcall_id} ({_part_kind(row)}, {pd.Timestamp(row.date).date()})"
                    for row in parts.itertuples()
                )
                raise GraphmodelError(
                    f"{symbol!r} has no vote on the final text under this symbol, only {len(parts)} amendment or "
                    f"paragraph votes: {listed}; pass one of these rollcall_ids instead of the symbol"
                    + _final_elsewhere(parts.iloc[0], calls[final])
                )
            raise GraphmodelError(
                f"unknown symbol: {symbol!r} (no roll call with that symbol)" + _suggest(symbol, calls)
            )
        return hits.sort_values("date").iloc[-1]

    def votes_on(self, symbol: str) -> pd.DataFrame:
        """Each member's vote on one roll call: columns ``iso3``, ``name``, ``vote``."""
        call = self.rollcall(symbol)
        rows = self.votes[self.votes["rollcall_id"] == call["rollcall_id"]]
        names = self.countries.set_index("iso3")["name"]
        out = rows[["iso3", "vote"]].copy()
        out.insert(1, "name", out["iso3"].map(names))
        return out.sort_values("name").reset_index(drop=True)

    @classmethod
    def from_frames(cls, rollcalls: pd.DataFrame, votes: pd.DataFrame, members: pd.DataFrame | None = None):
        """A dataset from any roll-call body's tables (a parliament, another UN organ, synthetic data),
        checked, so that the same engine runs on it.

        Parameters
        ----------
        rollcalls : DataFrame
            One row per roll call. Required: ``rollcall_id`` (unique) and ``date``. Optional:
            ``body`` (default ``"GA"``, the body the analysis selects by default), ``session_no``
            (integer; default the calendar year, for ``by="session"``), ``session``, ``symbol``,
            ``title``, ``amend``, ``para``, ``important``, ``issues``, ``subjects``, ``outcome``.
        votes : DataFrame
            One row per member and roll call: ``rollcall_id``, ``member`` (or ``iso3``) and ``vote``
            in Y, N, A, X (X: present in the body but not voting; also accepted: yes, no, abstain,
            absent, any case). Members with no row on a roll call did not belong to the body then.
            Categorical columns are used as they are (fast for tens of millions of rows).
        members : DataFrame, optional
            ``member`` (or ``iso3``) and ``name`` (optional ``regional_group``); default: the
            members found in ``votes``, named by their id.

        Returns
        -------
        Dataset

        Raises
        ------
        GraphmodelError
            A missing column, a duplicate or empty roll call id, a bad date, an unknown vote code,
            a vote on an unknown roll call or by an unknown member, or a member voting twice on
            one roll call; the message names the column and shows offending values.

        Notes
        -----
        Member ids are used as given; the engine's merging of historic UN seats (``harmonize``)
        only rewrites the UN codes SUN, FRG, TWN, YAR, CSK and YUG, so switch it off if those
        strings mean something else in your data.

        Examples
        --------
        >>> import pandas as pd
        >>> calls = pd.DataFrame({"rollcall_id": [1, 2], "date": ["2024-01-01", "2024-01-02"]})
        >>> votes = pd.DataFrame({"rollcall_id": [1, 1, 2, 2], "member": ["a", "b", "a", "b"],
        ...                       "vote": ["Y", "N", "yes", "absent"]})
        >>> Dataset.from_frames(calls, votes).votes["vote"].tolist()
        ['Y', 'N', 'Y', 'X']
        """
        return _from_frames(cls, rollcalls, votes, members)


def _symbol_key(symbol) -> str:
    """A symbol reduced for matching: upper case, no spaces or hyphens ('ES 11' is 'ES-11')."""
    return re.sub(r"[\s-]+", "", str(symbol)).upper()


def _final_elsewhere(part: pd.Series, finals: pd.DataFrame) -> str:
    """'(the final text's vote: A/RES/72/50)' when a final roll call of the same resolution is
    filed under another source's symbol style (unvotes' 'R/72/50' for paragraph votes)."""
    from .sources import match_key

    key = match_key(part["body"], part["symbol"])
    same = finals[(finals["body"] == part["body"]) & (finals["date"] == part["date"])]
    found = [s for s in same["symbol"].dropna().unique() if match_key(part["body"], s) == key]
    return f" (the final text's vote: {found[0]})" if key and found else ""


def _part_kind(row) -> str:
    """'amendment', 'paragraph' or both, for a roll call on part of a text."""
    return " and ".join(k for k, flag in (("amendment", row.amend), ("paragraph", row.para)) if pd.notna(flag) and flag)


def _suggest(symbol: str, calls: pd.DataFrame, limit: int = 3) -> str:
    """'; did you mean X?' for the known symbols nearest to ``symbol`` (suffix match first, then
    close spellings), or '' when none is near."""
    import difflib

    known = calls["symbol"].dropna().drop_duplicates()
    key = _symbol_key(symbol)
    by_key = dict(zip(known.map(_symbol_key), known))
    ends = [s for k, s in by_key.items() if key and (k.endswith("/" + key) or k.endswith(key) and "/" in key)]
    ends = [s for s in ends if _symbol_key(s) != key]  # never the symbol itself (another body's)
    near = ends[:limit] or [by_key[k] for k in difflib.get_close_matches(key, list(by_key), n=limit, cutoff=0.75)]
    return f"; did you mean {' or '.join(near)}?" if near else ""


def _members(names, date, harmonize: bool) -> list[str]:
    """ISO3 codes for country names/codes and groups ("EU", "G77", "NAM", ...) as of ``date``."""
    from .countries import harmonize as harmonize_codes
    from .countries import resolve
    from .groups import canonical, members

    codes = []
    for name in names:
        if canonical(name):
            codes += members(canonical(name), date)
        else:
            try:
                codes.append(resolve(name, date))
            except GraphmodelError:
                raise GraphmodelError(f"unknown country or group in members: {name!r}") from None
    return list(harmonize_codes(np.array(codes, dtype=object))) if harmonize else codes


def load_dataset(path: str | Path | None = None) -> Dataset:
    """Load a dataset of roll calls, votes and countries.

    Parameters
    ----------
    path : str or Path, optional
        A dataset folder (from ``graphmodel data build --out`` or ``data import``). Default: the
        user's dataset (``GRAPHMODEL_DATA``, else the platform's user data folder) when one has
        been written there, else the dataset bundled with the package.

    Returns
    -------
    Dataset
        Tables ``rollcalls``, ``votes``, ``countries`` (see ``data/README.md``), the build
        ``report``, and ``source``: the folder actually read, which every analysis records.

    Notes
    -----
    A store written by :func:`save_dataset` is verified against its manifest (sizes, SHA-256,
    row counts); a damaged current version is skipped with a :class:`~graphmodel.store.StoreWarning`
    naming it, and the previous good version loads.

    Examples
    --------
    >>> ds = load_dataset()
    >>> ds.votes_on("A/RES/ES-11/7").set_index("iso3").loc[["USA", "RUS"], "vote"].tolist()
    ['N', 'N']
    """
    from .paths import default_data

    base = Path(path) if path is not None else default_data()
    if base.exists() and not base.is_dir():
        raise GraphmodelError(f"{base}: not a folder (a dataset is a folder of parquet files)")
    folder, manifest, problems = store.resolve(base)
    missing = [n for n in store.TABLES if not (folder / f"{n}.parquet").exists()]
    if missing:
        raise GraphmodelError(
            f"{folder}: no dataset here (missing {', '.join(missing)}.parquet); "
            "run `graphmodel data build --raw ../shared/data/raw`"
        )
    _check_same_write(folder)
    tables = {}
    for name in store.TABLES:
        try:
            tables[name] = pd.read_parquet(folder / f"{name}.parquet")
        except Exception as exc:  # pyarrow raises several types for a damaged file
            raise GraphmodelError(f"{folder / name}.parquet: unreadable ({str(exc).splitlines()[0]})") from None
        if manifest is not None and len(tables[name]) != manifest["files"][f"{name}.parquet"]["rows"]:
            raise GraphmodelError(f"{folder / name}.parquet: row count differs from {store.MANIFEST}")
    for name in store.OPTIONAL_TABLES:
        path = folder / f"{name}.parquet"
        if not path.exists():
            continue
        try:
            tables[name] = pd.read_parquet(path)
        except Exception as exc:  # pyarrow raises several types for a damaged file
            raise GraphmodelError(f"{path}: unreadable ({str(exc).splitlines()[0]})") from None
        listed = (manifest or {}).get("files", {}).get(path.name)
        if listed is not None and len(tables[name]) != listed["rows"]:
            raise GraphmodelError(f"{path}: row count differs from {store.MANIFEST}")
    report_path = folder / store.REPORT
    report = json.loads(report_path.read_text()) if report_path.exists() else {}
    store.warn(problems, folder)
    version = folder.name if folder != base else None
    return Dataset(
        tables["rollcalls"],
        tables["votes"],
        tables["countries"],
        report,
        source=folder,
        origin=base.resolve(),
        version=version,
        sponsorships=tables.get("sponsorships", empty_sponsorships()),
    )


# ----------------------------------------------------------------------------- sponsorships


def empty_sponsorships() -> pd.DataFrame:
    """A sponsorships table with no rows and the canonical columns and dtypes."""
    from .sources.sponsors import COLUMNS

    return _finish_sponsorships(pd.DataFrame({c: [] for c in COLUMNS}))


def link_sponsorships(sponsorships: pd.DataFrame, rollcalls: pd.DataFrame) -> pd.DataFrame:
    """Set ``recorded`` and ``rollcall_id`` of each sponsor row from the GA roll calls: a resolution
    is recorded when the dataset holds its vote (matched across symbol styles, ``match_key``)."""
    from .sources import match_key

    whole = ~rollcalls["amend"].fillna(False).astype(bool) & ~rollcalls["para"].fillna(False).astype(bool)
    ga = rollcalls[(rollcalls["body"] == "GA") & whole]
    by_key = dict(zip(ga["symbol"].map(lambda s: match_key("GA", s)), ga["rollcall_id"]))
    keys = sponsorships["symbol"].map(lambda s: match_key("GA", s))
    out = sponsorships.assign(rollcall_id=keys.map(by_key))
    out["recorded"] = out["rollcall_id"].notna()
    return _finish_sponsorships(out)


def _finish_sponsorships(table: pd.DataFrame) -> pd.DataFrame:
    from .sources.sponsors import COLUMNS

    table = table.copy()
    for column in COLUMNS:
        if column not in table:
            table[column] = None
    table["date"] = pd.to_datetime(table["date"]).astype("datetime64[ns]")
    table["session_no"] = pd.to_numeric(table["session_no"]).astype("int16")
    table["recorded"] = table["recorded"].fillna(False).astype(bool)
    for column in ("symbol", "session", "iso3", "role", "via", "rollcall_id"):
        table[column] = table[column].astype("string")
    table = table[COLUMNS].sort_values(["date", "symbol", "role", "iso3"], kind="stable")
    return table.reset_index(drop=True)


# ----------------------------------------------------------------------------- build


def read_bundled_sources(raw: str | Path, ledger: Ledger) -> dict[str, SourceTables]:
    """Run every reader on the raw folder (the layout of ``../shared/data/raw``)."""
    from .sources.scvoting import read_scvoting
    from .sources.unga2025 import read_unga2025
    from .sources.unvotes import read_unvotes
    from .sources.unxml import read_unxml

    raw = Path(raw)
    if not raw.is_dir():
        raise InputError("raw data folder not found", str(raw))
    expected = {
        "unvotes": raw / "unvotes" / "un_votes.rda",
        "unxml-ga": raw / "unxml-ga",
        "unxml-sc": raw / "unxml-sc",
        "unga2025": raw / "unga-2025" / "un_votes_2025_processed.csv",
        "scvoting": raw / "sc-1994-2025" / "sc_voting.xlsx",
    }
    missing = [f"{name} ({path})" for name, path in expected.items() if not path.exists()]
    if missing:
        raise InputError(f"sources missing from the raw folder: {'; '.join(missing)}", str(raw))
    return {
        "unvotes": read_unvotes(raw / "unvotes", ledger),
        "unxml-ga": read_unxml(raw / "unxml-ga", "GA", ledger),
        "unxml-sc": read_unxml(raw / "unxml-sc", "SC", ledger),
        "unga2025": read_unga2025(raw / "unga-2025" / "un_votes_2025_processed.csv", ledger),
        "scvoting": read_scvoting(raw / "sc-1994-2025" / "sc_voting.xlsx", ledger),
    }


def merge_sources(tables: dict[str, SourceTables], ledger: Ledger) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Apply the overlap rules of the module docstring; return (rollcalls, votes) before X-filling."""
    unvotes, ga_xml, sc_xml = tables["unvotes"], tables["unxml-ga"], tables["unxml-sc"]
    web, scv = tables["unga2025"], tables["scvoting"]

    # 1. unvotes wins over unxml-ga on session 74, taking its totals and subjects.
    final_unvotes = unvotes.rollcalls[
        ~unvotes.rollcalls["amend"].fillna(False) & ~unvotes.rollcalls["para"].fillna(False)
    ]
    unique_symbols = final_unvotes.drop_duplicates("symbol", keep=False).set_index("symbol")["rollcall_id"]
    ga_xml_calls = ga_xml.rollcalls
    overlap = ga_xml_calls["symbol"].isin(unique_symbols.index)
    pairs = dict(zip(ga_xml_calls.loc[overlap, "rollcall_id"], ga_xml_calls.loc[overlap, "symbol"].map(unique_symbols)))
    _compare(ga_xml.votes, unvotes.votes, pairs, "unxml-ga vs unvotes (session 74)", ledger)
    totals = ga_xml_calls.loc[overlap].set_index(ga_xml_calls.loc[overlap, "symbol"].map(unique_symbols))
    rc_unvotes = unvotes.rollcalls.set_index("rollcall_id")
    for column in ("yes", "no", "abstain", "subjects"):
        rc_unvotes.loc[totals.index, column] = totals[column]
    ledger.note("overlap: unxml-ga roll calls already in unvotes (unvotes kept, totals taken)", n=int(overlap.sum()))
    rollcalls = [rc_unvotes.reset_index(), ga_xml_calls.loc[~overlap]]
    votes = [unvotes.votes, ga_xml.votes[~ga_xml.votes["rollcall_id"].isin(pairs)]]

    # 2. unxml-ga wins over unga2025 (GA); 3. unxml-sc wins over unga2025 (SC) and scvoting.
    for body, xml in (("GA", ga_xml), ("SC", sc_xml)):
        web_calls = web.rollcalls[web.rollcalls["body"] == body]
        xml_ids = xml.rollcalls.set_index("symbol")["rollcall_id"]
        dup = web_calls["symbol"].isin(xml_ids.index)
        pairs = dict(zip(web_calls.loc[dup, "rollcall_id"], web_calls.loc[dup, "symbol"].map(xml_ids)))
        _compare(web.votes, xml.votes, pairs, f"unga2025 vs unxml-{body.lower()}", ledger)
        ledger.note(
            f"overlap: unga2025 {body} roll calls already in unxml-{body.lower()} (unxml kept)", n=int(dup.sum())
        )
        added = web_calls.loc[~dup]
        rollcalls.append(added)
        votes.append(web.votes[web.votes["rollcall_id"].isin(added["rollcall_id"])])
    rollcalls.append(sc_xml.rollcalls)
    votes.append(sc_xml.votes)

    sc_symbols = pd.concat([sc_xml.rollcalls["symbol"], web.rollcalls.loc[web.rollcalls["body"] == "SC", "symbol"]])
    sc_ids = (
        pd.concat([sc_xml.rollcalls, web.rollcalls[web.rollcalls["body"] == "SC"]])
        .drop_duplicates("symbol")
        .set_index("symbol")["rollcall_id"]
    )
    scv_calls = scv.rollcalls
    dup = scv_calls["symbol"].notna() & scv_calls["symbol"].isin(sc_symbols)
    pairs = dict(zip(scv_calls.loc[dup, "rollcall_id"], scv_calls.loc[dup, "symbol"].map(sc_ids)))
    _compare(scv.votes, pd.concat([sc_xml.votes, web.votes]), pairs, "scvoting vs unxml-sc/unga2025", ledger)
    ledger.note("overlap: scvoting adopted drafts already in unxml-sc/unga2025 (those kept)", n=int(dup.sum()))
    rollcalls.append(scv_calls.loc[~dup])
    votes.append(scv.votes[scv.votes["rollcall_id"].isin(scv_calls.loc[~dup, "rollcall_id"])])

    rollcalls = pd.concat(rollcalls, ignore_index=True)[ROLLCALL_COLUMNS]
    votes = pd.concat(votes, ignore_index=True)
    return rollcalls, votes


def _compare(a: pd.DataFrame, b: pd.DataFrame, pairs: dict, label: str, ledger: Ledger) -> None:
    """Count member-level disagreements between two sources' copies of the same roll calls."""
    if not pairs:
        return
    left = a[a["rollcall_id"].isin(pairs)].assign(key=lambda d: d["rollcall_id"].map(pairs))
    right = b[b["rollcall_id"].isin(set(pairs.values()))].rename(columns={"rollcall_id": "key"})
    left, right = left[left["vote"] != "X"], right[right["vote"] != "X"]
    both = left.merge(right, on=["key", "iso3"], how="outer", suffixes=("_a", "_b"), indicator=True)
    differ = both[(both["_merge"] != "both") | (both["vote_a"] != both["vote_b"])]
    ledger.note(f"compare {label}: roll calls compared", n=len(pairs))
    if len(differ):
        example = differ.iloc[0]
        ledger.note(
            f"compare {label}: member votes that differ (first source's dropped)",
            f"{example['key']} {example['iso3']} {example['vote_a']} vs {example['vote_b']}",
            n=len(differ),
        )


def fill_absences(
    rollcalls: pd.DataFrame, votes: pd.DataFrame, ledger: Ledger, *, council: dict | None = None, skip=frozenset()
) -> pd.DataFrame:
    """Add X rows for members that did not vote; report votes cast by non-members.

    GA membership comes from admission dates; SC membership per calendar year is ``council``
    (``{year: set of iso3}``), by default derived from the votes by :func:`sccheck.councils`
    (terms run January–December). Roll calls in ``skip`` (member votes dropped) get no X rows.
    """
    votes = votes.drop_duplicates(["rollcall_id", "iso3"])
    table = country_module.country_table()
    codes = table["iso3"].tolist()
    present = set(zip(votes["rollcall_id"], votes["iso3"]))
    added = []
    ga = rollcalls[rollcalls["body"] == "GA"]
    member = country_module.membership_matrix(codes, ga["date"])
    for j, rollcall_id in enumerate(ga["rollcall_id"]):
        for i in np.flatnonzero(member[:, j]):
            if (rollcall_id, codes[i]) not in present:
                added.append((rollcall_id, codes[i], "X"))
    ga_votes = votes[votes["rollcall_id"].isin(set(ga["rollcall_id"]))].merge(
        ga[["rollcall_id", "date"]], on="rollcall_id"
    )
    index = {c: i for i, c in enumerate(codes)}
    col = {r: j for j, r in enumerate(ga["rollcall_id"])}
    # An import of SC roll calls only has no GA votes: an empty float index would not index.
    rows = ga_votes["iso3"].map(index).to_numpy(dtype=np.int64)
    ok = member[rows, ga_votes["rollcall_id"].map(col).to_numpy(dtype=np.int64)]
    outside = ga_votes[~ok & (ga_votes["vote"] != "X")]
    if len(outside):
        by_country = outside.groupby("iso3").size().sort_values(ascending=False)
        ledger.note(
            "GA votes cast outside the member's admission dates (kept)",
            ", ".join(f"{c}:{n}" for c, n in by_country.head(8).items()),
            n=len(outside),
        )

    sc = rollcalls[rollcalls["body"] == "SC"]
    if council is None:
        sc_votes = votes[votes["rollcall_id"].isin(set(sc["rollcall_id"]))].merge(
            sc[["rollcall_id", "date"]], on="rollcall_id"
        )
        council, _ = sccheck.councils(sc_votes)
    cast = votes[votes["vote"] != "X"]
    voters = (
        cast[cast["rollcall_id"].isin(set(sc["rollcall_id"]))].groupby("rollcall_id", observed=True)["iso3"].agg(set)
    )
    for rollcall_id, date in zip(sc["rollcall_id"], sc["date"]):
        if rollcall_id in skip:
            continue  # its member votes contradicted its source (sccheck): nobody is marked absent
        members = council.get(date.year)
        if members is None or not voters.get(rollcall_id, set()) <= members:
            # The Council cannot be inferred or the names are wrong: nobody is marked absent.
            ledger.note(
                "SC roll calls whose voters are not that year's Council (no X added)", f"{rollcall_id} {date.date()}"
            )
            continue
        for iso3 in members:
            if (rollcall_id, iso3) not in present:
                added.append((rollcall_id, iso3, "X"))
    ledger.note("absent members added as X", n=len(added))
    filled = pd.concat([votes, pd.DataFrame(added, columns=votes.columns)], ignore_index=True)
    return filled


def validate_tallies(rollcalls: pd.DataFrame, votes: pd.DataFrame, ledger: Ledger) -> list[dict]:
    """Compare per-country tallies with recorded totals; return the mismatches (explained or not)."""
    counts = votes.pivot_table(index="rollcall_id", columns="vote", aggfunc="size", fill_value=0)
    for code in "YNA":
        if code not in counts:
            counts[code] = 0
    stated = rollcalls.dropna(subset=["yes"]).set_index("rollcall_id")
    joined = stated[["symbol", "yes", "no", "abstain", "source"]].join(counts[["Y", "N", "A"]], how="left").fillna(0)
    bad = joined[(joined["yes"] != joined["Y"]) | (joined["no"] != joined["N"]) | (joined["abstain"] != joined["A"])]
    ledger.note("roll calls with recorded totals checked", n=len(joined))
    mismatches = []
    for rollcall_id, row in bad.iterrows():
        mismatches.append(
            {
                "rollcall_id": rollcall_id,
                "symbol": row["symbol"],
                "source": row["source"],
                "recorded": f"{int(row['yes'])}-{int(row['no'])}-{int(row['abstain'])}",
                "counted": f"{int(row['Y'])}-{int(row['N'])}-{int(row['A'])}",
                "explanation": KNOWN_MISMATCHES.get(row["symbol"]),
            }
        )
    return mismatches


def build_dataset(raw: str | Path, out: str | Path | None = None, *, lenient: bool = False, progress=None) -> Dataset:
    """Build the dataset from the raw folder and write it to ``out`` (default: the user data
    folder; ``make dataset`` writes the repository's ``data/``).

    Raises :class:`GraphmodelError` on an unexplained tally mismatch unless ``lenient``.
    """
    started = time.perf_counter()
    ledger = Ledger(lenient=lenient)
    say = progress or (lambda message: None)
    say("reading sources")
    tables = read_bundled_sources(raw, ledger)
    per_source = {name: {"rollcalls": len(t.rollcalls), "votes": len(t.votes)} for name, t in tables.items()}
    say("checking Security Council symbols, dates and Councils")
    sc_report: dict = {}
    sccheck.check_swapped_dates(tables["scvoting"], ledger, sc_report)
    sccheck.check_symbol_years({name: tables[name] for name in ("unxml-sc", "unga2025", "scvoting")}, ledger, sc_report)
    say("merging overlaps")
    rollcalls, votes = merge_sources(tables, ledger)
    scv = tables["scvoting"].rollcalls
    outcome_text = dict(zip(scv["rollcall_id"], scv["outcome_text"])) if "outcome_text" in scv else {}
    votes, council, dropped = sccheck.check_councils(rollcalls, votes, ledger, sc_report, outcome_text)
    say("adding absences (X)")
    votes = fill_absences(rollcalls, votes, ledger, council=council, skip=dropped)
    rollcalls, votes = _finish(rollcalls, votes)
    say("reading sponsors")
    sponsorships, sponsor_report = read_sponsorships(Path(raw) / "unxml-ga", ledger)
    sponsorships = link_sponsorships(sponsorships, rollcalls)
    sponsor_report["recorded_rows"] = int(sponsorships["recorded"].sum())
    say("validating tallies")
    mismatches = validate_tallies(rollcalls, votes, ledger)
    unexplained = [m for m in mismatches if not m["explanation"]]
    report = {
        "per_source": per_source,
        "totals": {
            "rollcalls": len(rollcalls),
            "votes": len(votes),
            "by_body": rollcalls["body"].value_counts().to_dict(),
        },
        "ledger": dict(ledger.counts),
        "examples": ledger.examples,
        "mismatches": mismatches,
        "sc_checks": sc_report,
        "sponsorships": sponsor_report,
        "seconds": round(time.perf_counter() - started, 1),
    }
    if unexplained and not lenient:
        listed = "; ".join(f"{m['symbol']} recorded {m['recorded']} counted {m['counted']}" for m in unexplained[:20])
        raise GraphmodelError(f"{len(unexplained)} unexplained tally mismatches: {listed}")
    dataset = Dataset(rollcalls, votes, countries_table(), report, sponsorships=sponsorships)
    from .paths import user_data_dir

    folder = Path(out) if out is not None else user_data_dir()
    dataset.version = save_dataset(dataset, folder)
    dataset.source, dataset.origin = store.resolve(folder)[0], folder.resolve()
    return dataset


def _finish(rollcalls: pd.DataFrame, votes: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Canonical dtypes and order: compact, and stable from one build to the next."""
    rollcalls = rollcalls.copy()
    rollcalls["date"] = pd.to_datetime(rollcalls["date"]).astype("datetime64[ns]")
    for column in ("yes", "no", "abstain"):
        rollcalls[column] = pd.to_numeric(rollcalls[column]).astype("Int16")
    for column in ("amend", "para", "important"):
        rollcalls[column] = rollcalls[column].astype("boolean")
    rollcalls["session_no"] = rollcalls["session_no"].astype("int16")
    for column in (
        "session",
        "symbol",
        "title",
        "description",
        "issues",
        "subjects",
        "outcome",
        "draft",
        "source",
        "body",
    ):
        rollcalls[column] = rollcalls[column].astype("string")
    rollcalls = rollcalls.sort_values(["date", "body", "rollcall_id"], kind="stable").reset_index(drop=True)
    order = {r: i for i, r in enumerate(rollcalls["rollcall_id"])}
    votes = votes.assign(_order=votes["rollcall_id"].map(order)).sort_values(["_order", "iso3"]).drop(columns="_order")
    votes = votes.reset_index(drop=True)
    votes["rollcall_id"] = votes["rollcall_id"].astype("category")
    votes["iso3"] = votes["iso3"].astype("category")
    votes["vote"] = pd.Categorical(votes["vote"], categories=["Y", "N", "A", "X"])
    return rollcalls, votes


def countries_table() -> pd.DataFrame:
    table = country_module.country_table().copy()
    table["admitted"] = table["admitted"].dt.date
    table["left"] = table["left"].dt.date
    return table


#: Parquet schema metadata key naming the write a file belongs to.
WRITE_ID = b"graphmodel_write"


def _check_same_write(folder: Path) -> None:
    """Files of one folder must come from one write (a flat folder rewritten file by file can mix)."""
    import pyarrow.parquet as pq

    ids = {}
    optional = [n for n in store.OPTIONAL_TABLES if (folder / f"{n}.parquet").exists()]
    for name in (*store.TABLES, *optional):
        try:
            metadata = pq.read_schema(folder / f"{name}.parquet").metadata or {}
        except Exception as exc:  # pyarrow raises several types for a damaged file
            raise GraphmodelError(f"{folder / name}.parquet: unreadable ({str(exc).splitlines()[0]})") from None
        ids[name] = metadata.get(WRITE_ID)
    if None not in ids.values() and len(set(ids.values())) > 1:
        raise GraphmodelError(
            f"{folder}: its files come from different writes (an interrupted rebuild?): "
            + ", ".join(f"{n}.parquet {i.decode()[:8]}" for n, i in ids.items())
            + "; rebuild it"
        )


def save_dataset(dataset: Dataset, folder: str | Path, *, lock: bool = True) -> str:
    """Write ``dataset`` as a new verified version of the store at ``folder``; return the version.

    All or nothing: see :mod:`graphmodel.store`. ``lock=False`` when the caller holds the lock.
    """

    import uuid

    import pyarrow as pa
    import pyarrow.parquet as pq

    # Every file of one write carries the same id, so files from two writes are never read together.
    write_id = uuid.uuid4().hex.encode()

    def writer(frame):
        def write_table(path):
            table = pa.Table.from_pandas(frame, preserve_index=False)
            table = table.replace_schema_metadata({**(table.schema.metadata or {}), WRITE_ID: write_id})
            pq.write_table(table, path, compression="zstd")
            return len(frame)

        return write_table

    from .paths import bundled_data

    tables = {name: writer(getattr(dataset, name)) for name in store.TABLES + store.OPTIONAL_TABLES}
    # The bundled dataset stays flat parquet files (tracked by git, listed in the wheel's package data).
    flat = Path(folder).resolve() == bundled_data().resolve()
    return store.write(folder, tables, dataset.report, lock=lock, flat=flat)


def import_file(
    path: str | Path,
    dataset: Dataset | None = None,
    *,
    lenient: bool = False,
    replace: bool = False,
    out: str | Path | None = None,
    progress: bool = False,
) -> tuple[Dataset, Ledger]:
    """Add the roll calls of a UN Digital Library file (CSV or MARCXML) or of Voeten's Dataverse
    vote file (``UNVotes*.csv`` / ``.RData``, :mod:`graphmodel.sources.voeten`) to the dataset.

    A Voeten roll call is first matched by its rcid (the numbering ``unvotes`` shares), so its
    amendment and paragraph votes meet their own copies; the rest match by symbol as below.

    Every roll call of the file that the dataset already has (same body and resolution, whatever
    the symbol style, see :func:`~graphmodel.sources.match_key`) is compared member by member and
    on its recorded totals: identical ones are skipped and counted; a different one stops the
    import with the differences listed, unless ``replace`` (take the file's votes, totals and date,
    reported) or ``lenient`` (keep the dataset's, counted). Absent members and a non-voting member
    are the same thing here ("did not vote").

    With ``out``, the merge and the write happen under the store's writer lock, on the state of
    ``out`` read under that lock (when ``dataset`` is None or was loaded from ``out``), so two
    imports at once both land. Nothing is written when nothing changed.
    """
    from .sources.undl import read_any
    from .sources.voeten import is_voeten_file, read_voeten

    ledger = Ledger(lenient=lenient)
    new = read_voeten(path, ledger) if is_voeten_file(path) else read_any(path, ledger, progress=progress)
    if out is None:
        merged, changed = _merge_import(new, dataset or load_dataset(), str(path), ledger, replace)
        return merged, ledger
    out = Path(out)
    with store.locked(out):
        if dataset is None or dataset.origin == out.resolve():
            base = load_dataset(out) if _holds_dataset(out) else (dataset or load_dataset())
        else:
            base = dataset
        merged, changed = _merge_import(new, base, str(path), ledger, replace)
        if changed:
            merged.version = save_dataset(merged, out, lock=False)
            merged.origin, merged.source = out.resolve(), out / merged.version
    return merged, ledger


def _holds_dataset(folder: Path) -> bool:
    return (folder / store.CURRENT).exists() or any(folder.glob("v-*")) or (folder / "votes.parquet").exists()


def _cast(votes: pd.DataFrame) -> pd.DataFrame:
    return votes.astype({"rollcall_id": str, "iso3": str, "vote": str})


def _merge_import(new: SourceTables, dataset: Dataset, file: str, ledger: Ledger, replace: bool):
    """The dataset with the file's roll calls added (or replaced); (dataset, changed)."""
    from .sources import match_key

    calls = new.rollcalls.copy()
    lines = getattr(new, "lines", {}) or {}
    where = lambda rid: lines.get(rid)  # noqa: E731 - the file line where a roll call starts
    if calls.empty:
        ledger.note("import: roll calls added", n=0)
        return dataset, False
    by_rcid = False
    if calls["source"].astype(str).eq("voeten").all():
        dataset, calls, new, by_rcid = _match_voeten_rcids(new, dataset, file, ledger, replace)
        if calls.empty:
            ledger.note("import: roll calls added", n=0)
            return dataset, by_rcid
    calls["key"] = [match_key(b, s) for b, s in zip(calls["body"], calls["symbol"])]
    # An amendment or paragraph vote shares its resolution's symbol: it must not meet the final vote.
    calls.loc[calls["amend"].fillna(False).astype(bool) | calls["para"].fillna(False).astype(bool), "key"] = None
    new_votes = _cast(new.votes)
    new_calls = calls.set_index("rollcall_id")

    # Absences and the tally check first: a roll call contradicting its own totals is not compared.
    filled = fill_absences(calls.drop(columns="key"), new_votes, ledger)
    checked_calls, checked_votes = _finish(calls.drop(columns="key"), filled)
    mismatches = validate_tallies(checked_calls, checked_votes, ledger)
    if mismatches:
        listed = "; ".join(f"{m['symbol']} counted {m['counted']} recorded {m['recorded']}" for m in mismatches[:10])
        more = f" (and {len(mismatches) - 10} more)" if len(mismatches) > 10 else ""
        if not ledger.lenient:
            m = mismatches[0]
            raise InputError(
                f"{m['symbol']}: per-country tally {m['counted']} differs from recorded totals {m['recorded']}"
                + (f"; also {listed}{more}" if len(mismatches) > 1 else ""),
                file,
                where(m["rollcall_id"]),
            )
        bad = {m["rollcall_id"] for m in mismatches}
        ledger.note("import: roll calls dropped, tallies contradict recorded totals", n=0)
        for m in mismatches:
            ledger.note(
                "import: roll calls dropped, tallies contradict recorded totals",
                f"{m['symbol']} counted {m['counted']} recorded {m['recorded']}",
            )
        calls = calls[~calls["rollcall_id"].isin(bad)]
        filled = filled[~filled["rollcall_id"].isin(bad)]
    cast_new = _cast_map(filled)

    # The same resolution twice in one file (two record ids): identical copies collapse.
    dup = calls["key"].notna() & calls.duplicated("key", keep="first")
    for rid, key, symbol in zip(calls.loc[dup, "rollcall_id"], calls.loc[dup, "key"], calls.loc[dup, "symbol"]):
        first = calls.loc[(calls["key"] == key) & ~dup, "rollcall_id"].iloc[0]
        differences = _differences(
            cast_new.get(first, {}), cast_new.get(rid, {}), new_calls.loc[first], new_calls.loc[rid]
        )
        if differences:
            ledger.problem(
                "import: two different records for one resolution in the file",
                InputError(f"{symbol}: {first} and {rid} differ: {differences}", file, where(rid)),
            )
        else:
            ledger.note("import: repeated record in the file dropped", symbol)
    calls = calls[~dup]
    filled = filled[filled["rollcall_id"].isin(set(calls["rollcall_id"]))]

    existing = dataset.rollcalls
    final = existing[~existing["amend"].fillna(False) & ~existing["para"].fillna(False)]
    existing_keys = {}
    for rid, body, symbol in zip(final["rollcall_id"], final["body"], final["symbol"]):
        key = match_key(body, symbol)
        if key is not None:
            existing_keys.setdefault(key, []).append(rid)
    present = calls["key"].isin(existing_keys.keys())
    fresh = calls[~present]
    old_votes = _cast(dataset.votes)
    matched = {
        rid: existing_keys[key] for rid, key in zip(calls.loc[present, "rollcall_id"], calls.loc[present, "key"])
    }
    wanted = {r for ids in matched.values() for r in ids}
    cast_old = _cast_map(old_votes[old_votes["rollcall_id"].isin(wanted)])
    old_calls = existing.set_index("rollcall_id")
    replaced, conflicts, identical = {}, [], 0
    for rid, candidates in matched.items():
        found = [
            _differences(cast_old.get(old, {}), cast_new.get(rid, {}), old_calls.loc[old], new_calls.loc[rid])
            for old in candidates
        ]
        if any(not d for d in found):
            identical += 1
            continue
        symbol = new_calls.loc[rid, "symbol"]
        target = candidates[-1]
        if replace:
            replaced[rid] = target
            ledger.note("import: roll calls replaced by the file's record", f"{symbol}: {found[-1]}")
        else:
            conflicts.append((rid, symbol, found[-1]))
    ledger.note("import: roll calls already in the dataset, identical (skipped)", n=identical)
    if conflicts:
        hint = " (use --replace to take the file's records, --lenient to keep the dataset's)"
        if not ledger.lenient:
            listed = "; ".join(f"{symbol}: {d}" for _, symbol, d in conflicts[:10])
            more = f"; and {len(conflicts) - 10} more" if len(conflicts) > 10 else ""
            raise InputError(
                f"{len(conflicts)} roll call(s) differ from the dataset's copy: {listed}{more}{hint}",
                file,
                where(conflicts[0][0]),
            )
        for _, symbol, d in conflicts:
            ledger.note("import: roll calls that differ from the dataset (dataset's kept)", f"{symbol}: {d}")
    ledger.note("import: roll calls added", n=len(fresh))
    if fresh.empty and not replaced:
        return dataset, by_rcid

    rollcalls = dataset.rollcalls.copy()
    votes = old_votes
    if replaced:
        targets = list(replaced.values())
        votes = votes[~votes["rollcall_id"].isin(targets)]
        swapped = filled[filled["rollcall_id"].isin(replaced.keys())].copy()
        swapped["rollcall_id"] = swapped["rollcall_id"].map(replaced)
        votes = pd.concat([votes, swapped], ignore_index=True)
        rows = rollcalls.set_index("rollcall_id")
        for rid, target in replaced.items():
            for column in ("yes", "no", "abstain", "date"):
                rows.loc[target, column] = new_calls.loc[rid, column]
            rows.loc[target, "source"] = f"undl (replaced {rows.loc[target, 'source']})"
        rollcalls = rows.reset_index()
    fresh_votes = filled[filled["rollcall_id"].isin(set(fresh["rollcall_id"]))]
    rollcalls = pd.concat([rollcalls, fresh.drop(columns="key")], ignore_index=True)
    votes = pd.concat([votes, fresh_votes], ignore_index=True)
    rollcalls, votes = _finish(rollcalls, votes)
    sponsorships = link_sponsorships(dataset.sponsorships, rollcalls)
    return (
        Dataset(rollcalls, votes, dataset.countries, dataset.report, origin=dataset.origin, sponsorships=sponsorships),
        True,
    )


def _match_voeten_rcids(new: SourceTables, dataset: Dataset, file: str, ledger: Ledger, replace: bool):
    """Compare the Voeten roll calls whose rcid the dataset holds (``unvotes:`` or ``voeten:``).

    Identical ones are skipped and counted; different ones stop the import with the differences
    listed, unless ``replace`` (the file's votes and date are taken) or ``lenient`` (the dataset's
    kept, counted). Returns (dataset, the file's other roll calls, their tables, changed).
    """
    from .sources.voeten import rcid_of

    calls = new.rollcalls.copy()
    known = rcid_of(dataset.rollcalls["rollcall_id"])
    have = dict(zip(known[known.notna()].astype(int), dataset.rollcalls["rollcall_id"][known.notna()]))
    target = rcid_of(calls["rollcall_id"]).map(lambda rcid: have.get(int(rcid)) if pd.notna(rcid) else None)
    matched = calls[target.notna()]
    if matched.empty:
        return dataset, calls, new, False
    old_votes, new_votes = _cast(dataset.votes), _cast(new.votes)
    cast_old = _cast_map(old_votes[old_votes["rollcall_id"].isin(set(target.dropna()))])
    cast_new = _cast_map(new_votes[new_votes["rollcall_id"].isin(set(matched["rollcall_id"]))])
    old_calls, new_calls = dataset.rollcalls.set_index("rollcall_id"), matched.set_index("rollcall_id")
    identical, conflicts, replaced = 0, [], {}
    for rid, old in zip(matched["rollcall_id"], target[target.notna()]):
        found = _differences(cast_old.get(old, {}), cast_new.get(rid, {}), old_calls.loc[old], new_calls.loc[rid])
        if not found:
            identical += 1
        elif replace:
            replaced[rid] = old
            ledger.note("import: roll calls replaced by the file's record", f"{old}: {found}")
        else:
            conflicts.append((old, found))
    ledger.note("import: roll calls already in the dataset (same rcid), identical (skipped)", n=identical)
    if conflicts and not ledger.lenient:
        listed = "; ".join(f"{old}: {d}" for old, d in conflicts[:10])
        more = f"; and {len(conflicts) - 10} more" if len(conflicts) > 10 else ""
        raise InputError(
            f"{len(conflicts)} roll call(s) differ from the dataset's copy: {listed}{more}"
            " (use --replace to take the file's records, --lenient to keep the dataset's)",
            file,
        )
    for old, d in conflicts:
        ledger.note("import: roll calls that differ from the dataset (dataset's kept)", f"{old}: {d}")
    rest = calls[target.isna()]
    rest_tables = SourceTables(rest, new.votes[new.votes["rollcall_id"].isin(set(rest["rollcall_id"]))])
    if not replaced:
        return dataset, rest, rest_tables, False
    swapped = new_votes[new_votes["rollcall_id"].isin(replaced.keys())].copy()
    swapped["rollcall_id"] = swapped["rollcall_id"].map(replaced)
    votes = pd.concat([old_votes[~old_votes["rollcall_id"].isin(replaced.values())], swapped], ignore_index=True)
    rows = old_calls.copy()
    for rid, old in replaced.items():
        rows.loc[old, "date"] = new_calls.loc[rid, "date"]
        rows.loc[old, "source"] = f"voeten (replaced {rows.loc[old, 'source']})"
    rollcalls, votes = _finish(rows.reset_index(), votes)
    merged = Dataset(rollcalls, votes, dataset.countries, dataset.report, origin=dataset.origin)
    return merged, rest, rest_tables, True


def _cast_map(votes: pd.DataFrame) -> dict:
    """rollcall_id → {iso3: vote} for the votes cast (Y/N/A), built in one pass."""
    cast = votes[votes["vote"] != "X"]
    out: dict = {}
    for rid, iso3, vote in zip(cast["rollcall_id"], cast["iso3"], cast["vote"]):
        out.setdefault(rid, {})[iso3] = vote
    return out


def _differences(a: dict, b: dict, old: pd.Series, new: pd.Series) -> str:
    """'' when two copies of a roll call agree; else the differences, e.g. 'USA N→Y; totals 93-18-65→94-17-65'."""
    changes = [f"{c} {a.get(c, 'X')}→{b.get(c, 'X')}" for c in sorted(set(a) | set(b)) if a.get(c) != b.get(c)]
    out = []
    if changes:
        out.append(f"{len(changes)} vote(s) differ: " + ", ".join(changes[:8]) + (" …" if len(changes) > 8 else ""))
    totals_old = [old.get(c) for c in ("yes", "no", "abstain")]
    totals_new = [new.get(c) for c in ("yes", "no", "abstain")]
    if not any(pd.isna(v) for v in totals_old + totals_new):
        if [int(v) for v in totals_old] != [int(v) for v in totals_new]:
            out.append(
                "totals " + "-".join(f"{int(v)}" for v in totals_old) + "→" + "-".join(f"{int(v)}" for v in totals_new)
            )
    if pd.Timestamp(old["date"]).normalize() != pd.Timestamp(new["date"]).normalize():
        out.append(f"date {pd.Timestamp(old['date']).date()}→{pd.Timestamp(new['date']).date()}")
    return "; ".join(out)


# ----------------------------------------------------------------------------- custom bodies

_VOTE_WORDS = {"Y": "Y", "YES": "Y", "N": "N", "NO": "N", "A": "A", "ABSTAIN": "A", "X": "X", "ABSENT": "X"}
_OPTIONAL_ROLLCALL_COLUMNS = {
    "session": None,
    "symbol": None,
    "title": "",
    "description": pd.NA,
    "yes": pd.NA,
    "no": pd.NA,
    "abstain": pd.NA,
    "amend": False,
    "para": False,
    "important": False,
    "issues": "",
    "subjects": pd.NA,
    "outcome": pd.NA,
    "draft": pd.NA,
    "source": "from_frames",
}


def _require(table: pd.DataFrame, name: str, columns) -> None:
    if not isinstance(table, pd.DataFrame):
        raise GraphmodelError(f"{name} must be a pandas DataFrame (got {type(table).__name__})")
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise GraphmodelError(
            f"{name}: missing column(s) {', '.join(missing)} (has: {', '.join(map(str, table.columns))})"
        )


def _examples(values, limit: int = 5) -> str:
    shown = [repr(v) for v in list(dict.fromkeys(values))[:limit]]
    return ", ".join(shown) + (" …" if len(set(values)) > limit else "")


def _member_column(table: pd.DataFrame, name: str) -> str:
    if "member" in table.columns:
        return "member"
    if "iso3" in table.columns:
        return "iso3"
    raise GraphmodelError(f"{name}: missing column member (or iso3) (has: {', '.join(map(str, table.columns))})")


def _as_text_categorical(column: pd.Series, label: str) -> pd.Categorical:
    """Categorical with string categories; nulls are an error."""
    values = column.array if isinstance(column.dtype, pd.CategoricalDtype) else pd.Categorical(column)
    if (values.codes < 0).any():
        raise GraphmodelError(f"{label}: {int((values.codes < 0).sum())} empty value(s)")
    text = pd.Index([str(c) for c in values.categories])
    if text.has_duplicates:
        raise GraphmodelError(f"{label}: ids differ only in type ({_examples(text[text.duplicated()])})")
    return pd.Categorical.from_codes(values.codes, categories=text)


def _check_one_vote_each(rollcall: pd.Categorical, member: pd.Categorical) -> None:
    """No member votes twice on a roll call. A flag per (roll call, member) cell finds that in one
    pass when the grid is not much larger than the votes; a sort otherwise."""
    cells = len(rollcall.categories) * len(member.categories)
    dtype = np.int32 if cells < 2**31 else np.int64
    pair = rollcall.codes.astype(dtype) * dtype(len(member.categories)) + member.codes
    if cells <= 8 * len(pair) + 1_000_000:
        seen = np.zeros(cells, dtype=bool)
        seen[pair] = True
        # Fancy assignment writes a repeated cell once, so fewer flags than votes means a repeat.
        if int(np.count_nonzero(seen)) == len(pair):
            return
    elif len(np.unique(pair)) == len(pair):
        return
    counts = pd.Series(pair).value_counts()
    first = int(counts.index[0])
    raise GraphmodelError(
        f"votes: {int((counts > 1).sum())} member(s) vote more than once on a roll call "
        f"(e.g. {member.categories[first % len(member.categories)]!r} on "
        f"{rollcall.categories[first // len(member.categories)]!r})"
    )


def _from_frames(cls, rollcalls: pd.DataFrame, votes: pd.DataFrame, members: pd.DataFrame | None):
    _require(rollcalls, "rollcalls", ["rollcall_id", "date"])
    _require(votes, "votes", ["rollcall_id", "vote"])
    member_column = _member_column(votes, "votes")
    calls = rollcalls.copy()
    if calls["rollcall_id"].isna().any():
        raise GraphmodelError(f"rollcalls.rollcall_id: {int(calls['rollcall_id'].isna().sum())} empty value(s)")
    calls["rollcall_id"] = calls["rollcall_id"].astype(str)
    duplicated = calls["rollcall_id"][calls["rollcall_id"].duplicated()]
    if len(duplicated):
        raise GraphmodelError(f"rollcalls.rollcall_id: duplicate ids ({_examples(duplicated)})")
    dates = pd.to_datetime(calls["date"], errors="coerce")
    bad = calls["date"][dates.isna()]
    if len(bad):
        raise GraphmodelError(f"rollcalls.date: {len(bad)} missing or unreadable date(s) ({_examples(bad)})")
    calls["date"] = dates.astype("datetime64[ns]")
    if "body" not in calls:
        calls["body"] = "GA"
    if "session_no" not in calls:
        calls["session_no"] = calls["date"].dt.year
    try:
        calls["session_no"] = calls["session_no"].astype(np.int64)
    except (TypeError, ValueError):
        raise GraphmodelError(
            f"rollcalls.session_no: whole numbers needed ({_examples(calls['session_no'].astype(str))})"
        ) from None
    for column, default in _OPTIONAL_ROLLCALL_COLUMNS.items():
        if column not in calls:
            calls[column] = calls["rollcall_id"] if column == "symbol" else default
    if calls["session"].isna().all():
        calls["session"] = calls["session_no"].astype(str)

    rollcall = _as_text_categorical(votes["rollcall_id"], "votes.rollcall_id")
    unknown = rollcall.categories.difference(pd.Index(calls["rollcall_id"]))
    used = np.bincount(rollcall.codes, minlength=len(rollcall.categories)) > 0
    unknown = [c for c in unknown if used[rollcall.categories.get_loc(c)]]
    if unknown:
        raise GraphmodelError(f"votes.rollcall_id: votes on unknown roll calls ({_examples(unknown)})")
    member = _as_text_categorical(votes[member_column], f"votes.{member_column}")
    vote = (
        votes["vote"].array if isinstance(votes["vote"].dtype, pd.CategoricalDtype) else pd.Categorical(votes["vote"])
    )
    if (vote.codes < 0).any():
        raise GraphmodelError(f"votes.vote: {int((vote.codes < 0).sum())} empty value(s)")
    words = [_VOTE_WORDS.get(str(c).strip().upper()) for c in vote.categories]
    wrong = [c for c, w in zip(vote.categories, words) if w is None]
    if wrong:
        raise GraphmodelError(
            f"votes.vote: unknown vote code(s) {_examples(wrong)}; use Y, N, A or X (yes, no, abstain, absent)"
        )
    order = ["Y", "N", "A", "X"]
    recode = np.array([order.index(w) for w in words], dtype=np.int8)
    vote = pd.Categorical.from_codes(recode[vote.codes], categories=order)
    _check_one_vote_each(rollcall, member)

    if members is None:
        ids = member.categories[np.bincount(member.codes, minlength=len(member.categories)) > 0]
        table = pd.DataFrame({"iso3": ids, "name": ids})
    else:
        key = _member_column(members, "members")
        _require(members, "members", [key, "name"])
        table = members.rename(columns={key: "iso3"}).copy()
        table["iso3"] = table["iso3"].astype(str)
        missing = member.categories.difference(pd.Index(table["iso3"]))
        if len(missing):
            raise GraphmodelError(f"votes.{member_column}: members not in the members table ({_examples(missing)})")
    if "regional_group" not in table:
        table["regional_group"] = ""
    frame = pd.DataFrame({"rollcall_id": rollcall, "iso3": member, "vote": vote})
    return cls(calls.reset_index(drop=True), frame, table.reset_index(drop=True), {"source": "from_frames"})

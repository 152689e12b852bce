"""Settings as values: what windows, which agreement index, how blocs are found.

Three frozen dataclasses carry every option of an analysis. They validate themselves when made,
so a bad value fails before any work starts, with a one-line :class:`GraphmodelError`; they are
recorded in :attr:`graphmodel.Analysis.params` and in ``params.json`` beside written tables; and
the command line generates its options from their fields (the help text is each field's ``doc``),
so the Python API and the CLI cannot drift apart.

>>> from graphmodel.settings import Windows, Index, Blocs
>>> Windows(by="year", start="2024-01-01").start
'2024-01-01'
>>> Blocs(method="leiden", resolution=0)
Traceback (most recent call last):
...
graphmodel.errors.GraphmodelError: resolution must be a finite number > 0 (value: 0)
"""

from __future__ import annotations

import difflib
import math
from dataclasses import MISSING, asdict, dataclass, field, fields

import pandas as pd

from .errors import GraphmodelError

WINDOW_TYPES = ("session", "year", "range", "rolling", "rolling-months")
BODIES = ("GA", "SC")
#: Agreement indices (see :mod:`graphmodel.indices`). Kept here, not imported, so that settings
#: stay importable without numpy-heavy modules; a test checks both lists are the same.
INDEX_NAMES = ("agree", "coincidence", "kappa", "pi", "s_score")
ABSENT_RULES = ("exclude", "abstain", "category", "half")
#: Named conventions of the field (see :mod:`graphmodel.conventions`).
CONVENTIONS = ("none", "voeten", "statedept")
METHODS = ("louvain", "louvain-nx", "leiden", "greedy")
BACKBONES = ("knn", "disparity", "threshold")
#: What community detection runs on (see :mod:`graphmodel.significance`); ``index`` = ``method``
#: on the complete graph of the chosen index (the behaviour before representations existed).
REPRESENTATIONS = ("knn", "agree", "excess", "cpm", "index")
CLOSENESS = ("backbone", "complete")


def option(default, doc: str, *, cli: str | None = None, choices: tuple | None = None, **extra):
    """A dataclass field with the documentation and CLI spelling that the command line reads."""
    metadata = {"doc": doc, "cli": cli, "choices": choices, **extra}
    if isinstance(default, list | dict | set):
        raise TypeError("mutable defaults are not allowed in frozen settings")
    return field(default=default, metadata=metadata)


def _fail(name: str, rule: str, value) -> None:
    raise GraphmodelError(f"{name} must be {rule} (value: {value!r})")


def _choice(name: str, value, choices) -> None:
    if value not in choices:
        close = difflib.get_close_matches(str(value), choices, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise GraphmodelError(f"{name} must be one of {', '.join(choices)} (value: {value!r}){hint}")


def _integer(name: str, value, minimum: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        _fail(name, f"an integer >= {minimum}", value)


def _number(name: str, value, low: float, high: float, *, open_low=True, open_high=True) -> None:
    ok = isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
    ok = ok and (value > low if open_low else value >= low) and (value < high if open_high else value <= high)
    if not ok:
        left, right = "(" if open_low else "[", ")" if open_high else "]"
        rule = f"a finite number > {low:g}" if high == math.inf else f"a number in {left}{low:g}, {high:g}{right}"
        _fail(name, rule, value)


def parse_date(name: str, value) -> str | None:
    """``value`` as an ISO date string, or a one-line error naming the option and the value."""
    if value is None:
        return None
    text = str(value).strip()
    try:
        stamp = pd.Timestamp(text)
    except (ValueError, TypeError, OverflowError):
        stamp = None
    if stamp is None or pd.isna(stamp) or not (1900 <= stamp.year <= 2100):
        raise GraphmodelError(f"{name} must be a date YYYY-MM-DD (value: {value!r})")
    return stamp.date().isoformat()


def _tuple(value) -> tuple:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(value)


@dataclass(frozen=True)
class Windows:
    """Which roll calls, cut into which windows.

    Parameters
    ----------
    by : {"session", "year", "range", "rolling", "rolling-months"}
        GA session in progress (SC: calendar year), calendar year, one window from ``start`` to
        ``end``, ``size`` roll calls moved by ``step``, or ``size`` months moved by ``step`` months.
    start, end : str, optional
        First and last date (YYYY-MM-DD), inclusive.
    size, step : int, optional
        Rolling windows only.
    body : {"GA", "SC"}
    issues : tuple of str
        Voeten issue codes (me nu di hr co ec; coded for every year, see :mod:`graphmodel.topics`),
        named topics (``resources/topics.csv``) or UN subject terms; a roll call matching any is kept.
    keywords : tuple of str
        Words matched case-insensitively in the title.
    important : bool
        Only votes the US State Department listed as important (coded up to 2017).
    exclude_amendments : bool
        Drop amendment and separate-paragraph votes.
    members : tuple of str
        Restrict the graphs to these countries (ISO3 codes or names) or groups (:mod:`graphmodel.groups`)
        at each window's last date.
    min_rollcalls : int
        Windows with fewer roll calls are dropped.
    harmonize : bool
        Merge continuing seats (USSR→RUS, FRG→DEU, ROC→CHN, …) so rows span the decades.
    with_consensus : bool
        Add the GA resolutions adopted without a vote (sessions 74–80) as roll calls on which every
        member votes yes (Häge & Hug 2016; :mod:`graphmodel.consensus`), flagged ``recorded=False``.
    """

    by: str = option("session", "Window type.", choices=WINDOW_TYPES)
    start: str | None = option(None, "First date, YYYY-MM-DD (inclusive).", cli="--from")
    end: str | None = option(None, "Last date, YYYY-MM-DD (inclusive).", cli="--to")
    size: int | None = option(None, "Rolling windows: roll calls (rolling) or months (rolling-months) per window.")
    step: int | None = option(None, "Rolling windows: how far each window moves (default: size).")
    body: str = option("GA", "UN organ: General Assembly or Security Council.", choices=BODIES)
    issues: tuple = option(
        (),
        "Keep roll calls on this issue: Voeten code (me nu di hr co ec), named topic (UKRAINE, PALESTINE, ...) or UN subject term; repeatable.",
        cli="--issue",
    )
    keywords: tuple = option((), "Keep roll calls whose title contains this word; repeatable.", cli="--keyword")
    important: bool = option(False, "Only US State Department 'important' votes (coded up to 2017).")
    exclude_amendments: bool = option(False, "Drop amendment and paragraph votes.", cli="--no-amendments")
    members: tuple = option(
        (),
        "Restrict graphs to these countries (ISO3 or name) or groups (EU, G77, NAM, WEOG, ...); repeatable.",
        cli="--member",
    )
    min_rollcalls: int = option(10, "Drop windows with fewer roll calls than this.")
    harmonize: bool = option(True, "Merge continuing seats (USSR→RUS, FRG→DEU, …) across decades.")
    with_consensus: bool = option(
        False,
        "Add GA resolutions adopted without a vote (sessions 74-80) as roll calls where every member votes yes "
        "(Häge & Hug 2016).",
    )

    def __post_init__(self):
        _choice("by", self.by, WINDOW_TYPES)
        _choice("body", self.body, BODIES)
        object.__setattr__(self, "start", parse_date("start (--from)", self.start))
        object.__setattr__(self, "end", parse_date("end (--to)", self.end))
        if self.start and self.end and self.start > self.end:
            raise GraphmodelError(f"start {self.start} is after end {self.end}")
        for name in ("size", "step"):
            if getattr(self, name) is not None:
                _integer(name, getattr(self, name), 1)
        _integer("min_rollcalls", self.min_rollcalls, 1)
        for name in ("issues", "keywords", "members"):
            object.__setattr__(self, name, _tuple(getattr(self, name)))


@dataclass(frozen=True)
class Index:
    """How agreement between two countries is measured.

    Parameters
    ----------
    name : {"agree", "coincidence", "kappa", "pi", "s_score"}
        See :mod:`graphmodel.indices` for each index and its reference.
    absent : {"exclude", "abstain", "category"}
        How a member present in the body but not voting (X) counts.
    min_covotes : int
        A pair with fewer roll calls on which both voted has no defined agreement.
    convention : {"none", "voeten", "statedept"}
        A named convention sets ``name`` and ``absent``: ``voeten`` is ``agree`` with absences
        excluded (Voeten's AgreementScores); ``statedept`` is the US State Department's coincidence,
        ``agree`` with absences excluded up to 2020 and worth half from 2021 (by the window's last
        year; see :mod:`graphmodel.conventions`). ``none``: ``name`` and ``absent`` as given.
    """

    name: str = option("agree", "Agreement index.", cli="--index", choices=INDEX_NAMES)
    absent: str = option(
        "exclude",
        "Absences (X): exclude them from the pair's votes, count them as abstentions, or as a category.",
        choices=ABSENT_RULES,
    )
    min_covotes: int = option(10, "Pairs with fewer shared votes get no agreement value.")
    convention: str = option(
        "none",
        "Named convention (sets index and absences): voeten = agree, absences excluded; statedept = "
        "US State Department coincidence, absences excluded to 2020 and worth half from 2021.",
        choices=CONVENTIONS,
    )

    def __post_init__(self):
        _choice("index", self.name, INDEX_NAMES)
        _choice("absent", self.absent, ABSENT_RULES)
        _integer("min_covotes", self.min_covotes, 1)
        _choice("convention", self.convention, CONVENTIONS)
        if self.absent == "half" and self.name != "agree":
            raise GraphmodelError(f"absent 'half' is defined for the agree index only (index: {self.name!r})")
        if self.convention in ("voeten", "statedept"):
            # A convention fixes the index and the absence rule; a different explicit choice conflicts.
            allowed = ("exclude",) if self.convention == "voeten" else ("exclude", "half")
            if self.name != "agree" or self.absent not in allowed:
                raise GraphmodelError(
                    f"convention {self.convention!r} sets the index (agree) and the absence rule "
                    f"(value: index {self.name!r}, absent {self.absent!r})"
                )
            object.__setattr__(self, "name", "agree")
            object.__setattr__(self, "absent", "exclude" if self.convention == "voeten" else "half")

    def kwargs(self, window=None) -> dict:
        """Keyword arguments of :func:`graphmodel.indices.compute` (for ``window``, if given: the
        State Department's absence rule depends on the year)."""
        absent = self.absent
        if self.convention == "statedept" and window is not None:
            from .conventions import statedept_absent

            absent = statedept_absent(window.end.year)
        return {"absent": absent, "min_covotes": self.min_covotes}


@dataclass(frozen=True)
class Blocs:
    """How blocs are found, tracked and skeletonised in each window's graph.

    Parameters
    ----------
    representation : {"knn", "agree", "excess", "cpm", "index"}
        The graph blocs are found on, always from Voeten agreement with absences excluded:
        ``knn`` each country's k strongest ties, Louvain (default: the best of the four on
        significance, stability and ideal-point validity, see ``tools/compare_representations.py``);
        ``agree`` the complete graph, Louvain; ``excess`` agreement minus its expectation under the
        vote-permutation null (signed), Leiden CPM; ``cpm`` Leiden CPM on agreement at its mean;
        ``index`` ``method`` on the complete graph of the chosen index (the pre-0.2 behaviour).
    method : {"louvain", "louvain-nx", "leiden", "greedy"}
        Community detection for ``representation="index"`` (igraph's Louvain, networkx's Louvain,
        leidenalg's Leiden, CNM greedy); the other representations fix their own optimiser.
    resolution : float
        Modularity resolution γ (> 0); larger gives more, smaller blocs.
    random_state : int
        Seed of every random step: the same seed gives the same blocs.
    consensus_runs : int
        Consensus (Lancichinetti & Fortunato 2012) over this many seeds at each of the resolutions
        0.9, 1.0, 1.1 × ``resolution`` (with ``representation="index"``: over this many seeded
        runs); 0 = one run. Countries whose co-assignment with their bloc is below 0.8 are marked
        unstable.
    null_draws : int
        Significance: null draws per window that permute each roll call's votes among its voters,
        detection re-run on each; 0 = off (≥ 99 for a test at 0.01).
    significance_level : float
        p-value below which a window's bloc structure is called significant.
    jobs : int
        Processes over windows for the engine, blocs and the null (0: automatic: min(2, cores) for
        the engine with eight windows or more, every usable core for blocs and the null).
    backbone : {"knn", "disparity", "threshold"}
        Sparse graph for path-based centrality and figures.
    k : int
        Neighbours kept per country by the k-NN backbone.
    alpha : float
        Significance level of the disparity filter (Serrano, Boguñá & Vespignani 2009).
    threshold : float, optional
        Minimum weight kept by the threshold backbone (required with ``backbone="threshold"``).
    track_threshold : float
        Jaccard overlap at which a bloc continues into the next window (Greene et al. 2010).
    closeness : {"backbone", "complete"}
        Closeness centrality on the backbone's distances, like betweenness (default since 0.2),
        or on the complete graph's (every country's distance to every other).
    """

    representation: str = option(
        "knn",
        "Graph blocs are found on: knn backbone, complete agree graph, excess over chance (signed), cpm, or "
        "index (--method on the chosen index, the old behaviour).",
        choices=REPRESENTATIONS,
    )
    method: str = option("louvain", "Community detection method (with --representation index).", choices=METHODS)
    resolution: float = option(1.0, "Modularity resolution (> 0): larger gives more, smaller blocs.")
    random_state: int = option(0, "Seed for every random step (same seed, same blocs).", cli="--seed")
    consensus_runs: int = option(
        5, "Consensus over this many seeds at resolutions 0.9/1/1.1 (0: one run).", cli="--consensus"
    )
    null_draws: int = option(0, "Significance: vote-permutation null draws per window (0: off; 99 typical).")
    significance_level: float = option(0.05, "p-value below which a window's bloc structure is significant.")
    jobs: int = option(
        0, "Processes over windows for the engine, blocs and significance (0: automatic; same results for any value)."
    )
    backbone: str = option("knn", "Sparse backbone for betweenness and figures.", choices=BACKBONES)
    k: int = option(8, "k-NN backbone: neighbours kept per country.")
    alpha: float = option(0.05, "Disparity backbone: significance level, in (0, 1).")
    threshold: float | None = option(None, "Threshold backbone: minimum agreement kept.")
    track_threshold: float = option(0.3, "Jaccard overlap for a bloc to continue into the next window, in (0, 1].")
    closeness: str = option(
        "backbone", "Closeness on the backbone (like betweenness) or on the complete graph.", choices=CLOSENESS
    )

    def __post_init__(self):
        _choice("representation", self.representation, REPRESENTATIONS)
        _choice("method", self.method, METHODS)
        _integer("null_draws", self.null_draws, 0)
        _number("significance_level", self.significance_level, 0, 1)
        if self.null_draws and 1 / (self.null_draws + 1) >= self.significance_level:
            # p = (1 + draws at least as extreme) / (draws + 1) can never fall below the level.
            needed = math.floor(1 / self.significance_level)
            raise GraphmodelError(
                f"null_draws {self.null_draws}: the smallest p-value it can give is 1/{self.null_draws + 1} = "
                f"{1 / (self.null_draws + 1):.3f}, never below significance_level {self.significance_level}; "
                f"use at least {needed} draws (99 is typical)"
            )
        _integer("jobs", self.jobs, 0)
        _number("resolution", self.resolution, 0, math.inf)
        _integer("random_state (--seed)", self.random_state, 0)
        _integer("consensus_runs (--consensus)", self.consensus_runs, 0)
        _choice("backbone", self.backbone, BACKBONES)
        _integer("k", self.k, 1)
        _number("alpha", self.alpha, 0, 1)
        if self.backbone == "threshold" and self.threshold is None:
            raise GraphmodelError("backbone 'threshold' needs a threshold (e.g. threshold=0.8)")
        if self.threshold is not None:
            _number("threshold", self.threshold, -1, 1, open_low=False, open_high=False)
        _number("track_threshold", self.track_threshold, 0, 1, open_high=False)
        if self.representation != "index" and self.method != "louvain":
            raise GraphmodelError(
                f"method {self.method!r} applies to representation 'index' only "
                f"(representation {self.representation!r} fixes its own optimiser)"
            )
        _choice("closeness", self.closeness, CLOSENESS)

    def backbone_kwargs(self) -> dict:
        """Keyword arguments of :func:`graphmodel.graphs.backbone` for this backbone."""
        if self.backbone == "disparity":
            return {"alpha": self.alpha, "baseline": "median"}
        if self.backbone == "threshold":
            return {"threshold": self.threshold}
        return {"k": self.k}


SETTINGS = (Windows, Index, Blocs)
#: Flat keyword → (settings class, field), for ``analyze(ds, by="year", index="kappa")``.
ALIASES = {"index": (Index, "name"), "seed": (Blocs, "random_state")}


def flat_fields() -> dict[str, tuple[type, str]]:
    """Every flat keyword accepted by the analysis functions and where it goes."""
    routes = {f.name: (cls, f.name) for cls in SETTINGS for f in fields(cls) if not (cls is Index and f.name == "name")}
    return routes | ALIASES


def resolve(windows=None, index=None, blocs=None, **flat) -> tuple[Windows, Index, Blocs]:
    """Settings objects from optional objects plus flat keyword overrides.

    ``index`` may be an :class:`Index` or an index name. Unknown keywords are an error with a
    suggestion, never ignored.

    >>> w, i, b = resolve(by="year", index="kappa", seed=3)
    >>> (w.by, i.name, b.random_state)
    ('year', 'kappa', 3)
    """
    routes = flat_fields()
    given = {
        Windows: windows or Windows(),
        Index: index if isinstance(index, Index) else Index(),
        Blocs: blocs or Blocs(),
    }
    for cls, value in ((Windows, windows), (Blocs, blocs)):
        if value is not None and not isinstance(value, cls):
            raise GraphmodelError(
                f"{cls.__name__.lower()} must be a graphmodel.settings.{cls.__name__} (value: {value!r})"
            )
    changes: dict[type, dict] = {cls: {} for cls in SETTINGS}
    if isinstance(index, str):
        changes[Index]["name"] = index
    elif index is not None and not isinstance(index, Index):
        raise GraphmodelError(f"index must be an index name or a graphmodel.settings.Index (value: {index!r})")
    for key, value in flat.items():
        if key not in routes:
            close = difflib.get_close_matches(key, list(routes), n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise GraphmodelError(f"unknown option {key!r}{hint}")
        cls, name = routes[key]
        changes[cls][name] = value
    return tuple(_replace(given[cls], changes[cls]) for cls in SETTINGS)


def _replace(settings, changes: dict):
    if not changes:
        return settings
    return type(settings)(**(asdict(settings) | changes))


def as_dict(*settings) -> dict:
    """JSON-ready record of settings objects, keyed by class name in lower case."""
    return {
        type(s).__name__.lower(): {k: list(v) if isinstance(v, tuple) else v for k, v in asdict(s).items()}
        for s in settings
    }


def defaults(cls) -> dict:
    return {f.name: f.default for f in fields(cls) if f.default is not MISSING}

"""Co-sponsorship networks of GA sessions, next to the voting networks of the same sessions.

Most GA resolutions are adopted without a vote, so votes see only part of alignment; who drafts
and co-sponsors a text with whom is the other half (``Dataset.sponsorships``). A session's
co-sponsorship graph links two members by the resolutions they co-sponsored, each resolution
weighted as in Newman's collaboration networks (M. E. J. Newman, "Scientific collaboration
networks. II. Shortest paths, weighted networks, and centrality", *Phys. Rev. E* 64, 016132,
2001): a resolution with n sponsors adds 1/(n − 1) to each of its pairs, so that every sponsor
spreads one unit of tie over its co-sponsors and a text sponsored by the whole G77 does not
outweigh a dozen texts drafted by five states. Weights are then divided by the session's largest,
so that 1 − w is a distance for the path metrics.

Blocs, modularity, the k-NN backbone and the centralities come from the same engine as the
voting graphs (:func:`graphmodel.engine.analyze_weights`); the comparison with the voting blocs
of the same session uses the adjusted Rand index (Hubert & Arabie 1985) and lists who is where.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from . import engine
from .communities import name_blocs
from .errors import GraphmodelError
from .significance import adjusted_rand
from .sources.sponsors import ROLES


def incidence(sponsorships: pd.DataFrame, *, roles=ROLES, groups: bool = True) -> pd.DataFrame:
    """Member × resolution 0/1 table of one set of sponsor rows (``roles`` kept; ``groups=False``
    drops members reached only through a group sponsor)."""
    rows = sponsorships[sponsorships["role"].isin(list(roles))]
    if not groups:
        rows = rows[rows["via"].isna()]
    if rows.empty:
        raise GraphmodelError("no sponsor rows left for these options")
    table = pd.crosstab(rows["iso3"].astype(str), rows["symbol"].astype(str))
    return table.clip(upper=1).sort_index()


def newman_weights(b: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Collaboration weights and co-sponsorship counts from a member × resolution 0/1 table.

    w_ij = Σ_k b_ik b_jk / (n_k − 1), n_k the sponsors of resolution k (Newman 2001); texts with a
    single sponsor add nothing. Returns ``(weights, counts)`` as square DataFrames, zero diagonal.

    >>> b = pd.DataFrame([[1, 1], [1, 1], [1, 0]], index=["a", "b", "c"], columns=["r1", "r2"])
    >>> w, n = newman_weights(b)
    >>> float(w.loc["a", "b"]), float(w.loc["a", "c"]), int(n.loc["a", "b"])
    (1.5, 0.5, 2)
    """
    m = b.to_numpy(dtype=float)
    size = m.sum(axis=0)
    scale = np.divide(1.0, size - 1, out=np.zeros_like(size), where=size > 1)
    w = (m * scale) @ m.T
    n = m @ m.T
    np.fill_diagonal(w, 0)
    np.fill_diagonal(n, 0)
    labels = pd.Index(b.index, name="iso3")
    return pd.DataFrame(w, index=labels, columns=labels), pd.DataFrame(n, index=labels, columns=labels)


@dataclass
class CoSponsorship:
    """One session's co-sponsorship graph, its blocs and their comparison with the voting blocs.

    ``weights``: Newman weights divided by the largest (square, iso3); ``counts``: resolutions
    co-sponsored per pair; ``nodes``: per member its bloc and the engine's metrics plus the number
    of resolutions sponsored; ``blocs``: bloc, name, size, members; ``comparison``: per member its
    co-sponsorship bloc and voting bloc (names of both); ``ari``: adjusted Rand index between the
    two partitions over the members in both; ``votes``: the voting analysis compared with.
    """

    session: str
    weights: pd.DataFrame
    counts: pd.DataFrame
    nodes: pd.DataFrame
    blocs: pd.DataFrame
    comparison: pd.DataFrame
    ari: float
    params: dict
    votes: object = field(default=None, repr=False)
    result: object = field(default=None, repr=False)

    def significance_note(self) -> str:
        """What the co-sponsorship null says of these blocs, in one line."""
        p = self.params
        if p.get("significant") is None:
            return "bloc significance not tested (null_draws=0)"
        test = (
            f"z {p['z']:.1f}, p {p['p']:.3f}, {p['null_draws']} random tables keeping each text's and member's counts"
        )
        if p["significant"]:
            return f"bloc structure significant ({test})"
        return f"NO significant bloc structure ({test}): partition shown, not blocs"

    def partners(self, iso3: str, top: int = 10) -> pd.DataFrame:
        """``iso3``'s strongest co-sponsorship partners next to its voting agreement with them.

        Columns: ``partner``, ``weight`` (scaled Newman weight), ``cosponsored`` (resolutions),
        ``agreement`` (voting agreement in the same session, NaN without a voting analysis).
        """
        if iso3 not in self.weights.index:
            raise GraphmodelError(f"{iso3!r} co-sponsored nothing in session {self.session}")
        row = self.weights.loc[iso3].drop(iso3)
        table = pd.DataFrame(
            {
                "partner": row.index,
                "weight": row.to_numpy(),
                "cosponsored": self.counts.loc[iso3, row.index].to_numpy().astype(int),
            }
        )
        agreement = self.agreement()
        table["agreement"] = (
            table["partner"].map(agreement.loc[iso3]).astype(float)
            if agreement is not None and iso3 in agreement.index
            else np.nan
        )
        table = table.sort_values(["weight", "partner"], ascending=[False, True], kind="stable")
        return table.head(top).reset_index(drop=True)

    def agreement(self) -> pd.DataFrame | None:
        """The voting agreement matrix of the same session (None without a voting analysis)."""
        if self.votes is None:
            return None
        return self.votes.agreement.get(self.session)

    def crosstab(self) -> pd.DataFrame:
        """Members per (co-sponsorship bloc, voting bloc): who is where in each."""
        c = self.comparison.dropna(subset=["vote_bloc"])
        return pd.crosstab(c["sponsor_bloc_name"], c["vote_bloc_name"])


def cosponsorship(
    dataset,
    session,
    *,
    roles=ROLES,
    groups: bool = True,
    method: str = "louvain",
    resolution: float = 1.0,
    consensus_runs: int = 20,
    k: int = 8,
    random_state: int = 0,
    null_draws: int = 99,
    votes=None,
) -> CoSponsorship:
    """Co-sponsorship graph, blocs and centrality of one GA session, compared with its voting blocs.

    Parameters
    ----------
    dataset : Dataset
        With ``sponsorships`` (GA sessions 74–80 in the bundled data).
    session : int or str
        The regular GA session (``session_no``: session 79 holds the ES-11 resolutions of 2025).
    roles, groups
        Which sponsor rows count (:func:`incidence`).
    method, resolution, consensus_runs, k, random_state
        Blocs by the engine: ``method`` modularity on the Newman-weighted graph, the consensus of
        ``consensus_runs`` seeded runs (0: one run), path metrics on the k-NN backbone.
    null_draws : int
        Tests the bloc structure (:func:`structure_test`) against this many random co-sponsorship
        tables with every resolution's number of sponsors and every member's number of texts
        kept (0: not tested; the result says so).
    votes : Analysis, optional
        A voting analysis holding this session's window; default ``analyze(dataset, by="session")``
        over that session's dates (the project's default blocs).

    Examples
    --------
    >>> import graphmodel as gm
    >>> c = gm.cosponsorship(gm.load_dataset(), 79)
    >>> c.weights.shape[0] > 150, 0 <= c.ari <= 1
    (True, True)
    """
    session = str(int(session)) if str(session).isdigit() else str(session)
    rows = dataset.sponsorships
    rows = rows[rows["session_no"].astype(str) == session]
    if rows.empty:
        sessions = sorted(set(dataset.sponsorships["session_no"].astype(int)))
        raise GraphmodelError(
            f"no sponsorships in session {session}" + (f" (sessions with them: {sessions})" if sessions else "")
        )
    b = incidence(rows, roles=roles, groups=groups)
    weights, counts = newman_weights(b)
    top = weights.to_numpy().max()
    scaled = weights / top if top > 0 else weights
    settings = _settings(method, resolution, random_state, consensus_runs, k)
    result = engine.analyze_weights(scaled.to_numpy(), counts.to_numpy(), list(scaled.index), settings)
    end = pd.Timestamp(rows["date"].max())
    names = name_blocs([set(m) for m in result.blocs], end)
    bloc_of = {c: i for i, members in enumerate(result.blocs) for c in members}
    from .countries import country_table

    country_names = country_table().set_index("iso3")["name"]
    nodes = pd.DataFrame({"iso3": result.countries})
    nodes["name"] = nodes["iso3"].map(country_names)
    nodes["bloc"] = nodes["iso3"].map(bloc_of)
    nodes["bloc_name"] = [names[b] for b in nodes["bloc"]]
    nodes["sponsored"] = b.sum(axis=1).reindex(nodes["iso3"]).to_numpy()
    for metric, values in result.metrics.items():
        nodes[metric] = values
    nodes["stability"] = nodes["iso3"].map(result.stability).astype(float)
    blocs = pd.DataFrame(
        {
            "bloc": range(len(result.blocs)),
            "name": names,
            "size": [len(m) for m in result.blocs],
            "members": [list(m) for m in result.blocs],
        }
    )
    test = structure_test(b, draws=null_draws, resolution=resolution, random_state=random_state) if null_draws else None
    votes = votes if votes is not None else _voting_analysis(dataset, session)
    comparison, ari = _compare(nodes, votes, session)
    params = {
        "session": session,
        "resolutions": int(b.shape[1]),
        "weighting": "Newman 2001 collaboration weights, divided by the session's largest",
        "roles": list(roles),
        "groups": groups,
        "method": method,
        "resolution": resolution,
        "consensus_runs": consensus_runs,
        "k": k,
        "random_state": random_state,
        "modularity": result.modularity,
        "null_draws": null_draws,
        **(test or {"z": None, "p": None, "significant": None}),
        "dataset": str(dataset.source) if dataset.source else None,
    }
    return CoSponsorship(session, scaled, counts, nodes, blocs, comparison, ari, params, votes=votes, result=result)


def curveball(columns: list[np.ndarray], trades: int, rng: np.random.Generator) -> list[np.ndarray]:
    """Random sponsor lists with every resolution's size and every member's number of texts kept:
    the curveball algorithm (Strona, Nappo, Boccacci, Fattorini & San-Miguel-Ayanz 2014, "A fast
    and unbiased procedure to randomize ecological binary matrices with fixed row and column
    totals", *Nature Communications* 5, 4114). Each trade takes two resolutions, keeps the
    sponsors they share and deals the others out again at random in the same numbers.

    >>> rng = np.random.default_rng(0)
    >>> out = curveball([np.array([0, 1]), np.array([2]), np.array([0, 2])], 30, rng)
    >>> [len(c) for c in out], sorted(np.concatenate(out).tolist())
    ([2, 1, 2], [0, 0, 1, 2, 2])
    """
    sets = [set(c.tolist()) for c in columns]
    firsts = rng.integers(0, len(sets), size=trades)
    seconds = rng.integers(0, len(sets) - 1, size=trades)
    for a, b in zip(firsts, seconds + (seconds >= firsts)):
        only_a, only_b = sets[a] - sets[b], sets[b] - sets[a]
        if not only_a or not only_b:
            continue
        pool = np.array(sorted(only_a | only_b))
        rng.shuffle(pool)
        shared = sets[a] & sets[b]
        sets[a] = shared | set(pool[: len(only_a)].tolist())
        sets[b] = shared | set(pool[len(only_a) :].tolist())
    return [np.fromiter(sorted(x), dtype=np.int64, count=len(x)) for x in sets]


def structure_test(b: pd.DataFrame, *, draws: int = 99, resolution: float = 1.0, random_state: int = 0) -> dict:
    """Is there more bloc structure in the co-sponsorship graph than chance gives?

    The quality is the modularity of one seeded Louvain run on the Newman-weighted graph; the
    null re-runs the detection on ``draws`` random tables that keep every resolution's number of
    sponsors and every member's number of texts (:func:`curveball`, chained, 5 trades per
    resolution between draws). Returns ``quality``, ``null_mean``, ``null_sd``, ``z``, ``p``
    (share of draws at least as good, counting the observed) and ``significant`` (p < 0.05).
    """
    from .communities import detect, modularity

    if draws < 20:
        raise GraphmodelError(f"null_draws {draws}: the smallest p-value it can give is 1/{draws + 1}; use at least 20")
    members = list(b.index)
    m = b.to_numpy(dtype=bool)

    def quality(columns, seed):
        table = np.zeros(m.shape, dtype=np.int8)
        for j, rows in enumerate(columns):
            table[rows, j] = 1
        weights, _ = newman_weights(pd.DataFrame(table, index=members))
        top = weights.to_numpy().max()
        frame = weights / top if top > 0 else weights
        return modularity(
            frame, detect(frame, "louvain", resolution=resolution, random_state=seed), resolution=resolution
        )

    columns = [np.flatnonzero(m[:, j]) for j in range(m.shape[1])]
    observed = quality(columns, random_state)
    rng = np.random.default_rng(random_state)
    null = np.empty(draws)
    for d in range(draws):
        columns = curveball(columns, 5 * len(columns), rng)
        null[d] = quality(columns, random_state + d + 1)
    sd = float(null.std(ddof=1))
    p = (1 + int((null >= observed).sum())) / (1 + draws)
    return {
        "quality": float(observed),
        "null_mean": float(null.mean()),
        "null_sd": sd,
        "z": float((observed - null.mean()) / sd) if sd > 0 else float("inf"),
        "p": p,
        "significant": bool(p < 0.05),
    }


def _settings(method, resolution, random_state, consensus_runs, k) -> engine.Settings:
    return engine.Settings(
        method=method,
        resolution=resolution,
        random_state=random_state,
        consensus_runs=consensus_runs,
        backbone_options={"k": k},
    )


def _voting_analysis(dataset, session: str):
    """The default analysis of the session's window, cut on the GA calendar, so the window holds
    exactly the roll calls it holds in ``analyze(dataset)`` (a symbol naming its session decides:
    A/RES/79/329, voted on 5 Sep 2025, is in 79 although its dataset row says 80)."""
    from .analysis import analyze
    from .windows import ga_sessions

    calendar = ga_sessions().set_index("session")
    if not session.isdigit() or int(session) not in calendar.index:
        return None
    opened, closes = calendar.loc[int(session), "opened"], calendar.loc[int(session), "closes"]
    last = dataset.rollcalls.loc[dataset.rollcalls["body"] == "GA", "date"].max()
    end = closes if pd.notna(closes) and closes <= last else last
    try:
        return analyze(dataset, by="session", start=str(opened.date()), end=str(end.date()), min_rollcalls=1)
    except GraphmodelError:
        return None


def _compare(nodes: pd.DataFrame, votes, session: str) -> tuple[pd.DataFrame, float]:
    table = nodes[["iso3", "name", "bloc", "bloc_name"]].rename(
        columns={"bloc": "sponsor_bloc", "bloc_name": "sponsor_bloc_name"}
    )
    if votes is None or session not in set(votes.nodes["window"]):
        table["vote_bloc"], table["vote_bloc_name"] = np.nan, None
        return table, float("nan")
    voting = votes.nodes[votes.nodes["window"] == session].set_index("iso3")
    table["vote_bloc"] = table["iso3"].map(voting["local_bloc"])
    table["vote_bloc_name"] = table["iso3"].map(voting["bloc_name"])
    both = table.dropna(subset=["vote_bloc"])
    ari = adjusted_rand(both["sponsor_bloc"].to_numpy(), both["vote_bloc"].to_numpy())
    return table.reset_index(drop=True), ari


LAYERS = ("votes", "sponsors")


def multilayer(
    dataset,
    session,
    *,
    layer_weights=(1.0, 1.0),
    resolution: float = 1.0,
    k: int = 8,
    random_state: int = 0,
    cosponsor: CoSponsorship | None = None,
    votes=None,
) -> pd.DataFrame:
    """Blocs of one GA session found on votes and co-sponsorship at once: one partition of two
    layers (voting agreement and Newman co-sponsorship weights, each on its k-NN backbone),
    optimised jointly (:func:`graphmodel.communities.multiplex`), seeded.

    One row per member present in both layers: ``bloc`` (joint, largest first), ``bloc_name``,
    ``vote_bloc`` and ``sponsor_bloc`` (each layer's own blocs), and each country's layer
    agreement: ``inside_votes`` and ``inside_sponsors``, the share of its tie weight in that layer
    that stays inside its joint bloc, and ``same_company``, the Jaccard overlap of its bloc-mates in
    the voting and in the co-sponsorship blocs (1: the same partners in both layers). ``attrs``
    holds the quality per layer and the parameters.

    Examples
    --------
    >>> from graphmodel import load_dataset
    >>> from graphmodel.cosponsorship import multilayer
    >>> t = multilayer(load_dataset(), 79)
    >>> t["bloc"].nunique() >= 2, bool(t["same_company"].between(0, 1).all())
    (True, True)
    """
    from .communities import multiplex

    c = cosponsor if cosponsor is not None else cosponsorship(dataset, session, random_state=random_state, votes=votes)
    agreement = c.agreement()
    if agreement is None:
        raise GraphmodelError(f"session {c.session} has no recorded votes to compare with")
    members = sorted(set(agreement.index) & set(c.weights.index))
    layers = {"votes": agreement.loc[members, members], "sponsors": c.weights.loc[members, members]}
    table = multiplex(layers, layer_weights=layer_weights, resolution=resolution, k=k, random_state=random_state)
    blocs = [set(g) for _, g in table.groupby("bloc")["iso3"]]
    end = pd.Timestamp(
        dataset.sponsorships.loc[dataset.sponsorships["session_no"].astype(str) == c.session, "date"].max()
    )
    names = name_blocs(blocs, end)
    table["bloc_name"] = [names[b] for b in table["bloc"]]
    where = c.comparison.set_index("iso3")
    table["vote_bloc"] = table["iso3"].map(where["vote_bloc"])
    table["sponsor_bloc"] = table["iso3"].map(where["sponsor_bloc"])
    joint = table["bloc"].to_numpy()
    same = joint[:, None] == joint[None, :]
    for name, values in layers.items():
        w = np.nan_to_num(values.to_numpy(dtype=float))
        np.fill_diagonal(w, 0)
        w = np.clip(w, 0, None)
        total = w.sum(axis=1)
        table[f"inside_{name}"] = np.divide((w * same).sum(axis=1), total, out=np.full(len(w), np.nan), where=total > 0)
    vote = table["vote_bloc"].to_numpy()
    sponsor = table["sponsor_bloc"].to_numpy()
    mates_v = (vote[:, None] == vote[None, :]) & ~np.eye(len(vote), dtype=bool)
    mates_s = (sponsor[:, None] == sponsor[None, :]) & ~np.eye(len(vote), dtype=bool)
    union = (mates_v | mates_s).sum(axis=1)
    table["same_company"] = np.divide((mates_v & mates_s).sum(axis=1), union, out=np.ones(len(vote)), where=union > 0)
    table.insert(0, "session", c.session)
    table.attrs["quality"] = table.attrs.get("quality", {})
    table.attrs["params"] = {
        "session": c.session,
        "layers": list(LAYERS),
        "layer_weights": list(layer_weights),
        "resolution": resolution,
        "k": k,
        "random_state": random_state,
        "ari_votes": adjusted_rand(joint, vote),
        "ari_sponsors": adjusted_rand(joint, sponsor),
        "ari_layers": c.ari,
    }
    return table

"""Every file in cypher/ runs against the live server loaded with the real data, and its answer is
checked against the same answer computed on the Python side (pandas / networkx)."""

from pathlib import Path

import networkx as nx
import numpy as np
import pytest

from graphmodel import indices
from graphmodel.countries import eu_members, p5_members
from graphmodel.neo4j.loader import read_query, run_file
from graphmodel.neo4j.loader import run as loader_run
from graphmodel.windows import filter_rollcalls, make_windows, vote_matrix

pytestmark = pytest.mark.neo4j
CYPHER = Path(__file__).resolve().parents[1] / "cypher"
LIBRARY = sorted(p.name for p in CYPHER.glob("*.cypher") if p.name != "schema.cypher")
CHECKS = {}


def check(name):
    def register(function):
        CHECKS[name] = function
        return function

    return register


def run(driver, name, **params):
    return [r.data() for r in run_file(driver, CYPHER / name, **params)]


def test_library_has_twelve_documented_queries():
    assert len(LIBRARY) >= 12
    for name in LIBRARY:
        text = (CYPHER / name).read_text()
        header = [line for line in text.splitlines() if line.startswith("//")]
        assert len(header) >= 2, f"{name}: header comment saying what it answers"
        query, params = read_query(CYPHER / name)
        assert params, f"{name}: a :params preset"
        for key in params:
            assert f"${key}" in query, f"{name}: preset parameter {key} unused"


@pytest.mark.parametrize("name", LIBRARY)
def test_query_matches_python(neo4j_driver, dataset, session_analysis, name):
    assert name in CHECKS, f"{name} has no Python cross-check"
    CHECKS[name](neo4j_driver, dataset, session_analysis)


@check("who_voted_with.cypher")
def _who_voted_with(driver, dataset, analysis):
    rows = run(driver, "who_voted_with.cypher")
    votes = dataset.votes_on("A/RES/ES-11/7").set_index("iso3")["vote"]
    assert {r["vote"]: set(r["members"]) for r in rows} == {v: set(g.index) for v, g in votes.groupby(votes)}
    by_vote = {r["vote"]: r for r in rows}
    assert by_vote["N"]["with_a"] and by_vote["N"]["with_b"] and by_vote["N"]["countries"] == 18


@check("session_blocs.cypher")
def _session_blocs(driver, dataset, analysis):
    rows = run(driver, "session_blocs.cypher", window="80")
    expected = analysis.blocs[analysis.blocs["window"] == "80"]
    assert {(r["bloc"], r["size"], tuple(r["members"])) for r in rows} == set(
        zip(expected["bloc"], expected["size"], expected["members"].map(tuple))
    )
    assert any("USA" in r["members"] and "FRA" in r["members"] for r in rows)


@check("closest_partners.cypher")
def _closest_partners(driver, dataset, analysis):
    rows = run(driver, "closest_partners.cypher", limit=5)
    values = analysis.agreement["80"]
    ranked = values.loc["USA"].drop("USA").dropna().reset_index()
    ranked.columns = ["iso3", "agreement"]
    ranked = ranked.sort_values(["agreement", "iso3"], ascending=[False, True])
    closest = [r["iso3"] for r in rows if r["side"] == "closest"]
    furthest = [r["iso3"] for r in rows if r["side"] == "furthest"]
    assert closest == ranked["iso3"].head(5).tolist()
    assert furthest == ranked["iso3"].tail(5).tolist()
    assert closest[0] == "ISR"
    np.testing.assert_allclose([r["agreement"] for r in rows][:5], ranked["agreement"].head(5))


@check("pair_trajectory.cypher")
def _pair_trajectory(driver, dataset, analysis):
    rows = run(driver, "pair_trajectory.cypher")
    expected = [
        (w, analysis.agreement[w].at["USA", "RUS"])
        for w in analysis.graphs
        if {"USA", "RUS"} <= set(analysis.agreement[w].index)
    ]
    expected = [(w, v) for w, v in expected if not np.isnan(v)]
    assert [r["window"] for r in rows] == [w for w, _ in expected]
    np.testing.assert_allclose([r["agreement"] for r in rows], [v for _, v in expected])
    assert len(rows) > 70


@check("bloc_switchers.cypher")
def _bloc_switchers(driver, dataset, analysis):
    rows = run(driver, "bloc_switchers.cypher")
    nodes = analysis.nodes.set_index(["window", "iso3"])["bloc"]
    before, after = nodes.loc["45"], nodes.loc["47"]
    common = before.index.intersection(after.index)
    expected = sorted(c for c in common if before[c] != after[c])
    assert [r["iso3"] for r in rows] == expected


@check("bloc_lineage.cypher")
def _bloc_lineage(driver, dataset, analysis):
    rows = run(driver, "bloc_lineage.cypher")
    lineage = nx.DiGraph()
    events = analysis.transitions.dropna(subset=["from_bloc", "to_bloc"])
    events = events[events["event"].isin(["continue", "split", "merge"])]
    lineage.add_edges_from(
        ((r.from_window, int(r.from_bloc)), (r.to_window, int(r.to_bloc))) for r in events.itertuples()
    )
    nodes = analysis.nodes.set_index(["window", "iso3"])["bloc"]
    origin = ("40", int(nodes["40", "USA"]))
    targets = [n for n in lineage if n[0] == "80"]
    paths = [p for t in targets if origin in lineage and t in lineage for p in nx.all_simple_paths(lineage, origin, t)]
    assert len(rows) == len(paths) >= 1
    assert sorted(r["hops"] for r in rows) == sorted(len(p) - 1 for p in paths)


def _metric_top(analysis, column, limit=10):
    table = analysis.nodes[analysis.nodes["window"] == "80"]
    return table.sort_values([column, "iso3"], ascending=[False, True])["iso3"].head(limit).tolist()


@check("central_countries.cypher")
def _central_countries(driver, dataset, analysis):
    for metric in ("eigenvector", "pagerank", "betweenness"):
        rows = run(driver, "central_countries.cypher", metric=metric)
        assert [r["iso3"] for r in rows] == _metric_top(analysis, metric)


@check("brokers.cypher")
def _brokers(driver, dataset, analysis):
    rows = run(driver, "brokers.cypher")
    assert [r["iso3"] for r in rows] == _metric_top(analysis, "participation")


def _split_ids(dataset, body, start, end, members_at):
    calls = dataset.rollcalls[
        (dataset.rollcalls["body"] == body) & (dataset.rollcalls["date"] >= start) & (dataset.rollcalls["date"] <= end)
    ]
    votes = dataset.votes.merge(calls[["rollcall_id", "date"]], on="rollcall_id")
    votes = votes[votes["vote"].isin(["Y", "N", "A"])]
    keep = [iso3 in members_at(date) for iso3, date in zip(votes["iso3"], votes["date"])]
    split = votes[keep].groupby("rollcall_id")["vote"].nunique()
    return set(split[split > 1].index)


@check("eu_split_resolutions.cypher")
def _eu_split(driver, dataset, analysis):
    rows = run(driver, "eu_split_resolutions.cypher")
    expected = _split_ids(dataset, "GA", "2025-01-01", "2025-12-31", lambda d: set(eu_members(d)))
    assert {r["id"] for r in rows} == expected and len(expected) > 10
    es_11_7 = [r for r in rows if r["symbol"] == "A/RES/ES-11/7"]
    # 26 EU members voted Yes; Hungary voted No with the US and Russia.
    assert es_11_7 and {v["vote"]: v["members"] for v in es_11_7[0]["votes"]}["N"] == ["HUN"]


@check("p5_split_resolutions.cypher")
def _p5_split(driver, dataset, analysis):
    rows = run(driver, "p5_split_resolutions.cypher")
    expected = _split_ids(dataset, "SC", "2022-01-01", "2025-12-31", lambda d: set(p5_members(d)))
    assert {r["id"] for r in rows} == expected
    s2774 = [r for r in rows if r["symbol"] == "S/RES/2774 (2025)"]
    assert s2774 and set(s2774[0]["p5"]) == {"CHN:Y", "FRA:A", "GBR:A", "RUS:Y", "USA:Y"}


@check("sc_vetoes.cypher")
def _sc_vetoes(driver, dataset, analysis):
    rows = run(driver, "sc_vetoes.cypher")
    calls = dataset.rollcalls[(dataset.rollcalls["body"] == "SC") & (dataset.rollcalls["outcome"] == "vetoed")]
    votes = dataset.votes.merge(calls[["rollcall_id", "date"]], on="rollcall_id")
    permanent = np.array([i in p5_members(d) for i, d in zip(votes["iso3"], votes["date"])], dtype=bool)
    votes = votes[(votes["vote"] == "N").to_numpy() & permanent]
    expected = votes["iso3"].astype(str).value_counts()
    assert {r["member"]: r["vetoes"] for r in rows} == expected.to_dict()
    assert rows[0]["member"] == "RUS"  # Russia cast most vetoes since 1994


@check("alignment_path.cypher")
def _alignment_path(driver, dataset, analysis):
    rows = run(driver, "alignment_path.cypher")
    backbone = analysis.backbones["80"]
    assert len(rows) == 1
    path = rows[0]["countries"]
    assert path[0] == "USA" and path[-1] == "PRK"
    assert rows[0]["hops"] == nx.shortest_path_length(backbone, "USA", "PRK") >= 2
    assert all(backbone.has_edge(u, v) for u, v in zip(path, path[1:]))


@check("agreement_from_votes.cypher")
def _agreement_from_votes(driver, dataset, analysis):
    rows = run(driver, "agreement_from_votes.cypher")
    calls = filter_rollcalls(dataset.rollcalls)
    window = make_windows(calls, "range", start="2025-01-20", end="2025-12-31", min_rollcalls=1)[0]
    vm = vote_matrix(dataset, window.rollcall_ids, harmonize=False)
    values, n = indices.agree(vm, min_covotes=1)
    i, j = vm.countries.index("USA"), vm.countries.index("RUS")
    assert rows[0]["covotes"] == n[i, j]
    assert rows[0]["agree"] == pytest.approx(values[i, j])


@check("country_blocs.cypher")
def _country_blocs(driver, dataset, analysis):
    rows = run(driver, "country_blocs.cypher")
    mine = analysis.nodes[analysis.nodes["iso3"] == "POL"].sort_values("window_order")
    assert [(r["window"], r["bloc"]) for r in rows] == list(zip(mine["window"], mine["bloc"]))
    with_rus = dict(zip(mine["window"], mine["bloc"]))
    rus = analysis.nodes[analysis.nodes["iso3"] == "RUS"].set_index("window")["bloc"]
    assert with_rus["40"] == rus["40"] and with_rus["79"] != rus["79"]


@check("ideal_point_gap.cypher")
def _ideal_point_gap(driver, dataset, analysis):
    from graphmodel import idealpoints
    from graphmodel.neo4j.loader import clear_idealpoints, load_idealpoints

    estimates = idealpoints.estimate(dataset, start=2015, end=2024, n_boot=2)
    load_idealpoints(driver, estimates)
    try:
        rows = run(driver, "ideal_point_gap.cypher", first=2015, last=2024)
    finally:
        clear_idealpoints(driver)  # the shared graph stays what the Bolt loader wrote (test_neo4j_bulk)
    wide = estimates.pivot(index="year", columns="iso3", values="ideal")
    assert [r["year"] for r in rows] == wide.index.tolist()
    np.testing.assert_allclose([r["gap"] for r in rows], (wide["USA"] - wide["RUS"]).to_numpy())


def _sponsor_graph(driver, dataset, session=None):
    """Load the sponsorships (and one session's co-sponsorship blocs) for a check; the caller
    removes them afterwards, so the shared graph stays what the Bolt loader wrote."""
    from graphmodel.neo4j.loader import load_cosponsor_blocs, load_sponsorships

    load_sponsorships(driver, dataset)
    if session is None:
        return None
    from graphmodel import cosponsorship

    result = cosponsorship(dataset, session)
    load_cosponsor_blocs(driver, result)
    return result


@check("cosponsor_vote_against.cypher")
def _cosponsor_vote_against(driver, dataset, analysis):
    from graphmodel.neo4j.loader import clear_sponsorships

    _sponsor_graph(driver, dataset)
    try:
        rows = run(driver, "cosponsor_vote_against.cypher")
    finally:
        clear_sponsorships(driver)
    s = dataset.sponsorships[dataset.sponsorships["session_no"] == 79]
    with_us = s[s["symbol"].isin(set(s.loc[s["iso3"] == "USA", "symbol"])) & (s["iso3"] != "USA")]
    cosponsored = with_us.groupby("iso3").size()
    cosponsored = cosponsored[cosponsored >= 10]
    calls = dataset.rollcalls[(dataset.rollcalls["body"] == "GA") & (dataset.rollcalls["session_no"] == 79)]
    votes = dataset.votes[dataset.votes["rollcall_id"].isin(set(calls["rollcall_id"]))]
    wide = votes.pivot(index="rollcall_id", columns="iso3", values="vote").astype(object)
    us = wide["USA"]
    expected = []
    for iso3, n in cosponsored.items():
        other = wide[iso3]
        both = us.isin(["Y", "N", "A"]) & other.isin(["Y", "N", "A"])
        opposed = ((us == "Y") & (other == "N")) | ((us == "N") & (other == "Y"))
        if both.sum():
            expected.append((iso3, int(n), int(both.sum()), int(opposed.sum())))
    expected.sort(key=lambda t: (-t[3], t[0]))
    got = [(r["iso3"], r["cosponsored"], r["covotes"], r["opposed"]) for r in rows]
    assert got == expected[:15]
    assert got[0] == ("NIC", 10, 104, 75)  # Nicaragua, session 79


@check("cosponsor_blocs.cypher")
def _cosponsor_blocs(driver, dataset, analysis):
    from graphmodel.neo4j.loader import clear_sponsorships

    result = _sponsor_graph(driver, dataset, 79)
    try:
        rows = run(driver, "cosponsor_blocs.cypher")
        tested = loader_run(
            driver, "MATCH (b:SponsorBloc {session: '79'}) RETURN DISTINCT b.significant AS s, b.z AS z, b.p AS p"
        )
    finally:
        clear_sponsorships(driver)
    # The blocs carry the co-sponsorship null's verdict, as voting blocs carry theirs.
    assert tested == [{"s": True, "z": pytest.approx(result.params["z"]), "p": result.params["p"]}]
    assert [(r["bloc"], r["name"], r["size"]) for r in rows] == list(
        zip(result.blocs["bloc"], result.blocs["name"], result.blocs["size"])
    )
    assert [sorted(r["members"]) for r in rows] == [sorted(m) for m in result.blocs["members"]]
    assert rows[0]["ari"] == pytest.approx(result.ari)
    s = dataset.sponsorships[dataset.sponsorships["session_no"] == 79]
    for r in rows:
        inside = s[s["iso3"].isin(r["members"])].groupby("symbol").size()
        assert r["cosponsored_inside"] == int((inside >= 2).sum())

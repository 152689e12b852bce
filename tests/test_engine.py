"""The alignment engine on the real data: indices against a per-pair reference, known alignments,
determinism, tracking and CLI errors."""

import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from graphmodel import analyze, compare, indices
from graphmodel.graphs import bipartite_graph, complete_graph, disparity_backbone, signed_graph
from graphmodel.tracking import track
from graphmodel.windows import ABSENT, ABSTAIN, NO, YES, filter_rollcalls, make_windows, vote_matrix


@pytest.fixture(scope="module")
def window_2019(dataset):
    calls = filter_rollcalls(dataset.rollcalls)
    w = make_windows(calls, "year", start="2019-01-01", end="2019-12-31")[0]
    return vote_matrix(dataset, w.rollcall_ids)


def reference(vm, index, absent="exclude", min_covotes=10):
    """Plain per-pair loops, written from the definitions in DESIGN.md."""
    label = {YES: "Y", NO: "N", ABSTAIN: "A", ABSENT: "X"}
    score = {
        ("Y", "Y"): 1,
        ("N", "N"): 1,
        ("A", "A"): 1,
        ("Y", "A"): 0.5,
        ("A", "Y"): 0.5,
        ("N", "A"): 0.5,
        ("A", "N"): 0.5,
        ("Y", "N"): 0,
        ("N", "Y"): 0,
    }
    size = len(vm.countries)
    out = np.full((size, size), np.nan)
    for i in range(size):
        for j in range(size):
            pairs = []
            for a, b in zip(vm.codes[i], vm.codes[j]):
                a, b = label.get(int(a)), label.get(int(b))
                if absent == "abstain":
                    a, b = ("A" if a == "X" else a), ("A" if b == "X" else b)
                if a in (None, "X") or b in (None, "X"):
                    continue
                pairs.append((a, b))
            if index == "coincidence":
                pairs = [(a, b) for a, b in pairs if a != "A" and b != "A"]
            if len(pairs) < min_covotes:
                continue
            if index == "coincidence":
                out[i, j] = np.mean([a == b for a, b in pairs])
                continue
            observed = np.mean([score[p] for p in pairs])
            if index == "agree":
                out[i, j] = observed
            elif index == "s_score":
                out[i, j] = 1 - 2 * np.mean(
                    [abs({"Y": 1, "A": 0.5, "N": 0}[a] - {"Y": 1, "A": 0.5, "N": 0}[b]) for a, b in pairs]
                )
            else:
                pa = {k: np.mean([a == k for a, _ in pairs]) for k in "YNA"}
                pb = {k: np.mean([b == k for _, b in pairs]) for k in "YNA"}
                if index == "pi":
                    pa = pb = {k: (pa[k] + pb[k]) / 2 for k in "YNA"}
                expected = sum(score[(x, y)] * pa[x] * pb[y] for x in "YNA" for y in "YNA")
                out[i, j] = (
                    1.0
                    if np.isclose(expected, 1) and np.isclose(observed, 1)
                    else (observed - expected) / (1 - expected)
                )
    return out


@pytest.mark.parametrize("index", indices.INDICES)
@pytest.mark.parametrize("absent", ["exclude", "abstain"])
def test_indices_match_per_pair_reference(window_2019, index, absent):
    from graphmodel.windows import VoteMatrix

    pick = [
        window_2019.countries.index(c) for c in ["USA", "RUS", "CHN", "ISR", "FRA", "IND", "BRA", "CUB", "PLW", "AFG"]
    ]
    vm = VoteMatrix([window_2019.countries[i] for i in pick], window_2019.rollcall_ids, window_2019.codes[pick])
    values, n = indices.compute(vm, index, absent=absent)
    np.testing.assert_allclose(values, reference(vm, index, absent), atol=1e-12, equal_nan=True)


def test_min_covotes_gives_nan(window_2019):
    values, n = indices.agree(window_2019, min_covotes=10_000)
    assert np.isnan(values).all()


def test_us_israel_closest_in_recent_decades(dataset):
    """US State Department 'Voting Practices' reports list Israel as the state voting most often
    with the US in the GA through the 2000s–2010s (e.g. 2019 report: Israel first)."""
    calls = filter_rollcalls(dataset.rollcalls)
    w = make_windows(calls, "range", start="2000-01-01", end="2019-12-31")[0]
    vm = vote_matrix(dataset, w.rollcall_ids)
    values, _ = indices.agree(vm)
    row = pd.Series(values[vm.countries.index("USA")], index=vm.countries).drop("USA").sort_values(ascending=False)
    assert "ISR" in row.index[:3]
    assert row["ISR"] > row["GBR"] > row["CUB"]


def test_cold_war_blocs_and_1991(dataset):
    """Cold War: the Warsaw Pact states vote with the USSR, NATO with the US (Voeten 2000).
    After 1991 Poland, Hungary and Czechia join the Western bloc (EU accession path)."""
    result = analyze(dataset, start="1975-09-01", end="2005-08-31", random_state=0)
    nodes = result.nodes.set_index(["window", "iso3"])["bloc"]
    for session in ("35", "40"):
        assert nodes[(session, "USA")] != nodes[(session, "RUS")]
        assert nodes[(session, "POL")] == nodes[(session, "RUS")] == nodes[(session, "BGR")]
        assert nodes[(session, "GBR")] == nodes[(session, "USA")] == nodes[(session, "DEU")]
    for session in ("55", "58"):
        assert nodes[(session, "POL")] == nodes[(session, "HUN")] == nodes[(session, "CZE")] == nodes[(session, "FRA")]
        assert nodes[(session, "POL")] != nodes[(session, "CUB")]


def test_2025_ukraine_votes_move_us_toward_russia(dataset):
    """On Ukraine (ES-11 and votes titled Ukraine) the US voted against Russia through 2024, and
    with it on 24 Feb 2025 (A/RES/ES-11/7: both No)."""
    t = compare(
        dataset,
        "USA",
        "RUS",
        by="year",
        start="2022-01-01",
        end="2025-12-31",
        issues=["UKRAINE"],
        min_rollcalls=1,
        min_covotes=1,
    )
    by_year = t.set_index("window")["agreement"]
    assert by_year["2025"] > by_year["2024"] + 0.2
    assert by_year["2022"] < 0.2
    eu = compare(dataset, "USA", "EU", by="year", start="2024-01-01", end="2025-12-31")
    eu = eu.set_index("window")["agreement"]
    assert eu["2025"] < eu["2024"] - 0.3  # the US moved away from Europe across all GA votes


def test_same_seed_same_blocs(dataset):
    a = analyze(dataset, by="year", start="2023-01-01", end="2025-12-31", random_state=7, method="louvain")
    b = analyze(dataset, by="year", start="2023-01-01", end="2025-12-31", random_state=7, method="louvain")
    pd.testing.assert_frame_equal(a.nodes, b.nodes)
    c = analyze(
        dataset,
        by="year",
        start="2023-01-01",
        end="2025-12-31",
        random_state=7,
        method="leiden",
        representation="index",
    )
    d = analyze(
        dataset,
        by="year",
        start="2023-01-01",
        end="2025-12-31",
        random_state=7,
        method="leiden",
        representation="index",
    )
    pd.testing.assert_frame_equal(c.blocs, d.blocs)


def test_consensus_stability(dataset):
    r = analyze(dataset, by="year", start="2025-01-01", end="2025-12-31", consensus_runs=10, random_state=1)
    assert r.nodes["stability"].between(0, 1).all()
    assert r.nodes.set_index("iso3").loc["FRA", "stability"] > 0.9


def test_tracking_events():
    a, b, c, d = set("abcd"), set("efgh"), set("ab"), set("cd")
    ids, transitions = track([("w1", [a, b]), ("w2", [a | set("x"), b]), ("w3", [c, d, b])], threshold=0.3)
    assert ids[0] == ids[1] == [0, 1]
    events = transitions[transitions["to_window"] == "w3"]["event"].value_counts().to_dict()
    assert events == {"continue": 2, "split": 1}
    assert ids[2][2] == 1


def test_graph_builders(window_2019):
    values, n = indices.agree(window_2019)
    g = complete_graph(values, n, window_2019.countries)
    defined = int((~np.isnan(np.triu(values, k=1)) & np.triu(np.ones_like(values, dtype=bool), k=1)).sum())
    assert g.number_of_edges() == defined > 18000
    assert g.nodes["USA"]["regional_group"] == "Western European and Others"
    assert disparity_backbone(g, alpha=0.05).number_of_edges() < 10  # raw agreement is near uniform
    bb = disparity_backbone(g, alpha=0.05, baseline="median")
    assert 0 < bb.number_of_edges() < g.number_of_edges() / 10
    assert sum(1 for v in bb if bb.degree(v) > 0) > 20
    signed = signed_graph(g)
    assert signed["USA"]["ISR"]["sign"] == 1 and signed["USA"]["CUB"]["sign"] == -1
    bip = bipartite_graph(window_2019)
    assert bip.number_of_edges() == int((window_2019.codes > 0).sum())


def test_graphml_and_gexf_export(dataset, tmp_path):
    import networkx as nx

    r = analyze(dataset, by="year", start="2025-01-01", end="2025-12-31")
    r.write(tmp_path, graph_format="graphml")
    g = nx.read_graphml(tmp_path / "graphs" / "2025.graphml")
    assert g.nodes["USA"]["name"] == "United States" and "bloc" in g.nodes["USA"]
    from graphmodel.graphs import write_graph

    write_graph(r.graphs["2025"], tmp_path / "g.gexf")
    assert nx.read_gexf(tmp_path / "g.gexf").number_of_nodes() == r.graphs["2025"].number_of_nodes()
    blocs = pd.read_csv(tmp_path / "blocs.csv")
    assert {"window", "bloc", "name", "size", "members", "modularity"} <= set(blocs.columns)


def run(*args):
    return subprocess.run([sys.executable, "-m", "graphmodel", *args], capture_output=True, text=True)


@pytest.mark.parametrize(
    "args, message",
    [
        (["compare", "USA", "ATLANTIS"], "unknown country"),
        (["analyze", "--from", "2030-01-01", "--out", "/tmp/gm-none"], "empty window"),
        (
            ["analyze", "--by", "year", "--from", "2026-01-01", "--min-rollcalls", "50", "--out", "/tmp/gm-none"],
            "fewer than 50",
        ),
        (["analyze", "--index", "bogus"], "Invalid value for '--index'"),
        (["analyze", "--method", "bogus"], "Invalid value for '--method'"),
    ],
)
def test_cli_bad_input(args, message):
    result = run(*args)
    assert result.returncode != 0
    assert message in result.stderr and "Traceback" not in result.stderr


def test_cli_shifts_2024_to_2025():
    result = run("shifts", "--from", "2024", "--to", "2025", "--by", "year", "--top", "5", "--boot", "50")
    assert result.returncode == 0
    preamble, header = result.stdout.splitlines()[:2]
    assert "with USA: window 2024 (2024-03-15 to 2024-12-24, 92 roll calls) -> window 2025" in preamble
    assert header.split() == ["iso3", "name", "before", "after", "shift", "ci_low", "ci_high"]


def test_multislice_blocs_follow_poland_west(dataset):
    """Multislice communities (Mucha et al. 2010) over GA sessions 40–48 (1985–1993).

    Poland voted with the Soviet bloc until 1989 and moved to the Western group after the end
    of the Warsaw Pact (1991), as every East–West study of UN voting finds (e.g. Voeten 2000,
    Bailey, Strezhnev & Voeten 2017). The joint optimisation must put POL with RUS in session
    40 and with FRA (and not with CUB) in session 48, with labels comparable across slices.
    """
    from graphmodel.communities import multislice

    calls = filter_rollcalls(dataset.rollcalls)
    windows = [w for w in make_windows(calls, "session") if w.label in {str(s) for s in range(40, 49)}]
    full = vote_matrix(dataset, calls["rollcall_id"].tolist())
    frames = {w.label: indices.frame(full.subset(w.rollcall_ids))[0] for w in windows}
    table = multislice(frames, random_state=3)
    bloc = table.set_index(["window", "iso3"])["bloc"]
    assert bloc["40", "POL"] == bloc["40", "RUS"] != bloc["40", "FRA"]
    assert bloc["48", "POL"] == bloc["48", "FRA"] != bloc["48", "CUB"]
    again = multislice(frames, random_state=3)
    assert again.equals(table)

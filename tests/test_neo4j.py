"""Against the real Neo4j server that `make test` starts (or NEO4J_URI): counts, idempotence,
a Cypher file checked against pandas, the Browser over HTTP, and clear failures."""

import os
import subprocess
import sys
import urllib.request
from pathlib import Path

import numpy as np
import pytest

from graphmodel.neo4j import loader

pytestmark = pytest.mark.neo4j
CYPHER = Path(__file__).resolve().parents[1] / "cypher"


@pytest.fixture(scope="module")
def driver(neo4j_driver):
    return neo4j_driver


def test_counts_match_dataset(driver, dataset, session_analysis):
    counts = loader.counts(driver)
    assert counts["Country"] == len(dataset.countries)
    assert counts["RollCall"] == len(dataset.rollcalls)
    assert counts["VOTED"] == len(dataset.votes)
    assert counts["IN_SESSION"] == len(dataset.rollcalls)
    # Every defined pair once per window, as two entries of the partner lists (one per side).
    pairs = loader.run(
        driver,
        """MATCH (w:CountryInWindow {analysis: 'GA by session', index: 'agree'})
           RETURN sum(size(w.partners)) AS entries, count(w) AS nodes""",
    )[0]
    expected = sum(
        int(np.triu(session_analysis.agreement[w].notna().to_numpy(), k=1).sum()) for w in session_analysis.graphs
    )
    assert pairs["entries"] == 2 * expected and expected > 900_000
    assert pairs["nodes"] == sum(len(session_analysis.agreement[w]) for w in session_analysis.graphs)
    # Only backbone edges are relationships, each between two nodes of its own window.
    aligned = loader.run(
        driver,
        """MATCH (a:CountryInWindow)-[e:ALIGNED_WITH {analysis: 'GA by session', index: 'agree'}]->(b)
           RETURN count(e) AS n, sum(CASE WHEN a.window = e.window = b.window THEN 1 ELSE 0 END) AS same""",
    )[0]
    backbone = sum(session_analysis.backbones[w].number_of_edges() for w in session_analysis.graphs)
    assert aligned["n"] == aligned["same"] == backbone
    # Countries carry no alignment: nothing ties two Country nodes directly.
    assert loader.run(driver, "MATCH (:Country)-[r]-(:Country) RETURN count(r) AS n")[0]["n"] == 0
    assert counts["Bloc"] >= len(session_analysis.blocs)
    assert counts["MEMBER_OF"] >= len(session_analysis.nodes)
    transitions = session_analysis.transitions["event"].value_counts()
    assert counts["CONTINUES_AS"] >= transitions["continue"]


def test_vote_tallies_in_graph(driver):
    """ES-11/7 was adopted 93-18-65 and S/RES/2774 10-0-5 on 24 Feb 2025 (UN voting records)."""
    for symbol, expected in (("A/RES/ES-11/7", {"Y": 93, "N": 18, "A": 65}), ("S/RES/2774 (2025)", {"Y": 10, "A": 5})):
        records = loader.run(
            driver,
            """MATCH (:RollCall {symbol: $symbol})<-[v:VOTED]-()
                                        WHERE v.vote <> 'X' RETURN v.vote AS vote, count(*) AS n""",
            symbol=symbol,
        )
        assert {r["vote"]: r["n"] for r in records} == expected


def test_reload_is_idempotent(driver, dataset, session_analysis):
    before = loader.counts(driver)
    loader.load_rollcalls(driver, dataset, votes=False)
    loader.load_analysis(driver, session_analysis)
    # A killed load re-run: replay the votes of one roll call on top of what is there.
    from graphmodel.dataset import Dataset

    rid = dataset.rollcall("A/RES/ES-11/7")["rollcall_id"]
    part = Dataset(
        dataset.rollcalls[dataset.rollcalls["rollcall_id"] == rid],
        dataset.votes[dataset.votes["rollcall_id"] == rid],
        dataset.countries,
    )
    loader.load_rollcalls(driver, part, votes=True)
    assert loader.counts(driver) == before


def test_who_voted_with_matches_pandas(driver, dataset):
    query = (CYPHER / "who_voted_with.cypher").read_text()
    records = loader.run(driver, query, symbol="A/RES/ES-11/7", a="USA", b="RUS")
    got = {r["vote"]: (r["countries"], r["with_a"], r["with_b"]) for r in records}
    votes = dataset.votes_on("A/RES/ES-11/7")
    expected = votes["vote"].value_counts().to_dict()
    assert {k: v[0] for k, v in got.items()} == {k: v for k, v in expected.items() if v}
    assert got["N"][1] and got["N"][2]  # the No votes are with both USA and RUS


def test_parameters_with_quotes_are_harmless(driver):
    query = (CYPHER / "who_voted_with.cypher").read_text()
    records = loader.run(driver, query, symbol="x' OR 1=1 DETACH DELETE n //", a="USA", b="RUS")
    assert records == []
    assert loader.counts(driver)["Country"] > 0


def test_browser_is_served(driver):
    from graphmodel.neo4j import server

    # The port `graphmodel neo4j start` recorded, unless NEO4J_HTTP_PORT names another server's.
    port = os.environ.get("NEO4J_HTTP_PORT") or (server.recorded_ports() or {}).get("http", 7474)
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/browser/", timeout=10) as response:
        assert response.status == 200
        assert b"Neo4j Browser" in response.read()
    assert loader.run(driver, "RETURN 1 AS one")[0]["one"] == 1


def cli(*args, **env):
    return subprocess.run(
        [sys.executable, "-m", "graphmodel", *args], capture_output=True, text=True, env={**os.environ, **env}
    )


def test_wrong_password_is_clear():
    result = cli("neo4j", "load", "--no-votes", NEO4J_PASSWORD="wrong-password")
    assert result.returncode == 1
    assert "wrong password" in result.stderr and "Traceback" not in result.stderr


def test_server_down_is_clear():
    result = cli("neo4j", "load", "--no-votes", NEO4J_URI="bolt://127.0.0.1:7699")
    assert result.returncode == 1
    assert "cannot reach Neo4j" in result.stderr and "Traceback" not in result.stderr


def test_unknown_database_is_clear():
    result = cli("neo4j", "load", "--no-votes", NEO4J_DATABASE="nosuchdb")
    assert result.returncode == 1
    assert "unknown database" in result.stderr and "Traceback" not in result.stderr


def test_killed_load_rerun_converges(driver, dataset):
    """Kill `neo4j load --alignment` while it writes, re-run it: the graph ends exactly as one
    clean load leaves it (each window is replaced in one transaction)."""
    import signal
    import time

    from graphmodel import analyze

    args = ("neo4j", "load", "--no-votes", "--alignment", "--by", "year", "--from", "2000-01-01", "--to", "2025-12-31")
    count = """MATCH (w:CountryInWindow {analysis: 'GA by year', index: 'agree'})
               RETURN coalesce(sum(size(w.partners)), 0) / 2 AS n"""
    process = subprocess.Popen(
        [sys.executable, "-m", "graphmodel", *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.time() + 120
    while time.time() < deadline and loader.run(driver, count)[0]["n"] == 0 and process.poll() is None:
        time.sleep(0.2)
    process.send_signal(signal.SIGKILL)
    process.wait()
    partial = loader.run(driver, count)[0]["n"]
    result = cli(*args)
    assert result.returncode == 0, result.stderr
    expected = analyze(dataset, by="year", start="2000-01-01", end="2025-12-31")
    pairs = sum(int(np.triu(expected.agreement[w].notna().to_numpy(), k=1).sum()) for w in expected.graphs)
    assert 0 < partial < pairs
    assert loader.run(driver, count)[0]["n"] == pairs
    blocs = loader.run(driver, "MATCH (b:Bloc {analysis: 'GA by year'}) RETURN count(b) AS n")[0]["n"]
    assert blocs == len(expected.blocs)
    before = loader.counts(driver)
    assert cli(*args).returncode == 0
    assert loader.counts(driver) == before

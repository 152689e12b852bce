"""Against the real Neo4j server that `make test` starts (or NEO4J_URI): counts, idempotence,
a Cypher file checked against pandas, the Browser over HTTP, and clear failures."""
import os
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from graphmodel.errors import GraphmodelError
from graphmodel.neo4j import loader

pytestmark = pytest.mark.neo4j
CYPHER = Path(__file__).resolve().parents[1] / "cypher"


@pytest.fixture(scope="module")
def driver(dataset):
    try:
        drv = loader.connect()
    except GraphmodelError as exc:
        pytest.fail(f"Neo4j must be running for these tests (make test starts it): {exc}")
    loader.clear(drv)
    loader.load_dataset(drv, dataset, votes=True)
    yield drv
    drv.close()


def test_counts_match_dataset(driver, dataset):
    counts = loader.counts(driver)
    assert counts["Country"] == len(dataset.countries)
    assert counts["RollCall"] == len(dataset.rollcalls)
    assert counts["VOTED"] == len(dataset.votes)
    assert counts["IN_SESSION"] == len(dataset.rollcalls)


def test_reload_is_idempotent(driver, dataset):
    before = loader.counts(driver)
    loader.load_dataset(driver, dataset, votes=False)
    # A killed load re-run: replay the votes of one roll call on top of what is there.
    from graphmodel.dataset import Dataset
    rid = dataset.rollcall("A/RES/ES-11/7")["rollcall_id"]
    part = Dataset(dataset.rollcalls[dataset.rollcalls["rollcall_id"] == rid],
                   dataset.votes[dataset.votes["rollcall_id"] == rid], dataset.countries)
    loader.load_dataset(driver, part, votes=True)
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
    port = os.environ.get("NEO4J_HTTP_PORT", "7474")
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/browser/", timeout=10) as response:
        assert response.status == 200
        assert b"Neo4j Browser" in response.read()
    assert loader.run(driver, "RETURN 1 AS one")[0]["one"] == 1


def cli(*args, **env):
    return subprocess.run([sys.executable, "-m", "graphmodel", *args], capture_output=True, text=True,
                          env={**os.environ, **env})


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

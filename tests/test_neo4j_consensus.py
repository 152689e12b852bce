"""Adoptions without a vote in Neo4j (`neo4j load --with-consensus`), against the real server:
counted against pandas, no VOTED relationships, and every library query answers as before."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from graphmodel.consensus import with_consensus
from graphmodel.neo4j import loader

pytestmark = pytest.mark.neo4j
CYPHER = Path(__file__).resolve().parents[1] / "cypher"
LIBRARY = sorted(p for p in CYPHER.glob("*.cypher") if p.name != "schema.cypher")


def answers(driver) -> dict:
    return {path.name: [r.data() for r in loader.run_file(driver, path)] for path in LIBRARY}


def test_consensus_roll_calls_load_as_unrecorded_and_change_no_library_answer(neo4j_driver, dataset):
    driver = neo4j_driver
    before_counts, before = loader.counts(driver), answers(driver)
    expected = with_consensus(dataset.rollcalls)
    expected = expected[~expected["recorded"].astype(bool)]
    assert len(expected) == 1458
    try:
        result = subprocess.run(
            [sys.executable, "-m", "graphmodel", "neo4j", "load", "--no-votes", "--with-consensus"],
            capture_output=True,
            text=True,
            env=os.environ.copy(),
        )
        assert result.returncode == 0, result.stderr
        assert "'consensus_rollcalls': 1458" in result.stdout
        per_session = loader.run(
            driver,
            """MATCH (r:RollCall {recorded: false})-[:IN_SESSION]->(s:Session {body: 'GA'})
               RETURN s.number AS session, count(r) AS n, sum(COUNT { (r)<-[:VOTED]-() }) AS voted""",
        )
        assert {r["session"]: r["n"] for r in per_session} == expected["session"].value_counts().to_dict()
        assert sum(r["voted"] for r in per_session) == 0
        got = loader.run(
            driver, "MATCH (r:RollCall {recorded: false}) RETURN r.symbol AS symbol, toString(r.date) AS date"
        )
        assert {(r["symbol"], r["date"]) for r in got} == set(
            zip(expected["symbol"], expected["date"].dt.strftime("%Y-%m-%d"))
        )
        counts = loader.counts(driver)
        assert counts["RollCall"] == len(dataset.rollcalls) + 1458
        assert counts["VOTED"] == before_counts["VOTED"] == len(dataset.votes)
        # Loading again converges; the library's answers count recorded votes only.
        assert loader.load_consensus(driver, dataset) == 1458
        assert loader.counts(driver) == counts
        assert answers(driver) == before
    finally:
        loader.clear_consensus(driver)
    assert loader.counts(driver) == before_counts

"""Bloc significance and stability reach Neo4j (needs a server: marker neo4j)."""

import pytest

from graphmodel import analyze
from graphmodel.neo4j import loader

pytestmark = pytest.mark.neo4j


def test_bloc_significance_properties(neo4j_driver, dataset):
    result = analyze(dataset, by="year", start="2024-01-01", end="2026-12-31", null_draws=39, random_state=2)
    loader.load_analysis(neo4j_driver, result)
    rows = loader.run(
        neo4j_driver,
        """MATCH (b:Bloc {analysis: 'GA by year', index: 'agree'})
           RETURN b.window AS window, b.z AS z, b.significant AS significant, b.partial AS partial,
                  b.representation AS representation, b.stable AS stable ORDER BY window""",
    )
    assert {r["window"] for r in rows} == {"2024", "2025", "2026"}
    assert all(r["z"] is not None and r["representation"] == "knn" for r in rows)
    assert all(r["significant"] for r in rows if r["window"] == "2024")
    assert all(r["partial"] for r in rows if r["window"] == "2026")
    unstable = loader.run(
        neo4j_driver,
        "MATCH ()-[m:MEMBER_OF {window: '2025'}]->(:Bloc {analysis: 'GA by year'}) RETURN count(m.unstable) AS n",
    )[0]["n"]
    assert unstable > 0

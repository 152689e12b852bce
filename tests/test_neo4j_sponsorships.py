"""Sponsorships in Neo4j (issue 16): counts against the table, links to roll calls, idempotence."""

import pytest

from graphmodel.neo4j import loader

pytestmark = pytest.mark.neo4j


def test_sponsored_counts_and_recorded_links(neo4j_driver, dataset):
    table = dataset.sponsorships
    try:
        first = loader.load_sponsorships(neo4j_driver, dataset)
        again = loader.load_sponsorships(neo4j_driver, dataset)
        counts = loader.counts(neo4j_driver)
        roles = loader.run(
            neo4j_driver,
            """MATCH (:Country {iso3: "USA"})-[s:SPONSORED]->(r:Resolution {session_no: 79})
               RETURN s.role AS role, count(*) AS n ORDER BY role""",
        )
        linked = loader.run(
            neo4j_driver,
            """MATCH (res:Resolution {symbol: "A/RES/79/147"})<-[s:SPONSORED {via: "G77"}]-(c:Country)
               RETURN count(c) AS n""",
        )[0]["n"]
        es = loader.run(
            neo4j_driver,
            """MATCH (res:Resolution)-[:RECORDED_AS]->(r:RollCall) WHERE r.symbol = res.symbol
               RETURN count(*) AS n""",
        )[0]["n"]
    finally:
        loader.clear_sponsorships(neo4j_driver)
    assert (
        first
        == again
        == {
            "resolutions": table["symbol"].nunique(),
            "sponsored": len(table),
            "recorded_as": table.loc[table["recorded"], "symbol"].nunique(),
        }
    )
    assert counts["SPONSORED"] == len(table) == 97335 and counts["Resolution"] == 1475
    assert counts["RECORDED_AS"] == es == 649
    us = table[(table["iso3"] == "USA") & (table["session_no"] == 79)]["role"].value_counts()
    assert {r["role"]: r["n"] for r in roles} == us.to_dict() == {"additional": 25, "sponsor": 23}
    assert linked == ((table["symbol"] == "A/RES/79/147") & (table["via"] == "G77")).sum()
    assert "SPONSORED" not in loader.counts(neo4j_driver)

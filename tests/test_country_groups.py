"""Country groups with dated memberships: on either side of compare, as --member, in graphs and Neo4j."""

import numpy as np
import pytest

import graphmodel as gm
from graphmodel import groups


def test_dated_memberships():
    assert groups.members("BRICS", "2023-06-01") == ["BRA", "CHN", "IND", "RUS", "ZAF"]
    assert len(groups.members("BRICS", "2025-06-01")) == 10
    assert "MEX" in groups.members("G77", "1990-01-01") and "MEX" not in groups.members("G77", "2000-01-01")
    assert "MAR" not in groups.members("OAU", "1990-01-01") and "MAR" in groups.members("AU", "2020-01-01")
    assert groups.members("EEC", "1975-01-01") == gm.countries.eu_members("1975-01-01")
    assert set(groups.members("P5", "1980-01-01")) == {"USA", "GBR", "FRA", "SUN", "CHN"}
    assert "USA" in groups.members("WEOG", "2025-01-01") and "IND" in groups.members("APG", "2025-01-01")
    with pytest.raises(gm.GraphmodelError, match="unknown group"):
        groups.members("G8", "2025-01-01")


def test_a_group_on_either_side_of_compare_gives_the_same_numbers(dataset):
    options = {"by": "year", "start": "2024-01-01", "end": "2025-12-31"}
    left = gm.compare(dataset, "G77", "USA", **options)
    right = gm.compare(dataset, "USA", "G77", **options)
    assert np.allclose(left["agreement"], right["agreement"]) and len(left) == 2
    eu = gm.compare(dataset, "EU", "USA", **options)["agreement"]
    assert (eu > left["agreement"] + 0.1).all()  # the EU sides with the US more often than the G77


def test_member_group_restricts_an_analysis(dataset):
    ((window, vm),) = dataset.window_matrices(by="range", start="2023-01-01", end="2023-12-31", members=("BRICS",))
    assert vm.countries == ["BRA", "CHN", "IND", "RUS", "ZAF"]
    ((window, vm),) = dataset.window_matrices(by="range", start="2024-01-01", end="2024-12-31", members=("BRICS",))
    assert len(vm.countries) == 9 and "IDN" not in vm.countries  # four joined on 1 Jan 2024, Indonesia in 2025


def test_graph_nodes_carry_their_groups(dataset):
    result = gm.analyze(dataset, by="year", start="2024-01-01", end="2024-12-31", members=("G77", "USA", "EU"))
    graph = result.graphs["2024"]
    assert graph.nodes["IND"]["groups"] == "ASIA-PACIFIC;BRICS;G77;NAM"
    assert "EU" in graph.nodes["DEU"]["groups"].split(";")


@pytest.mark.neo4j
def test_neo4j_in_group_relationships(neo4j_driver):
    from graphmodel.neo4j import loader

    rows = loader.run(
        neo4j_driver,
        """MATCH (c:Country)-[m:IN_GROUP]->(:Group {name: 'BRICS'})
           WHERE m.from <= date('2023-06-01') AND (m.to IS NULL OR date('2023-06-01') < m.to)
           RETURN c.iso3 AS iso3 ORDER BY iso3""",
    )
    assert [r["iso3"] for r in rows] == groups.members("BRICS", "2023-06-01")

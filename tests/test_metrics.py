"""The engine's own metric code against networkx's reference implementations, on random weighted
graphs (no Java, no data): the numbers the tables print are the textbook quantities."""

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from graphmodel import centrality, communities

SEEDS = [0, 1, 2, 3, 4]


def random_agreement(seed: int, size: int = 30, density: float = 1.0) -> nx.Graph:
    """A weighted graph like an agreement graph: weights in (0, 1), connected."""
    rng = np.random.default_rng(seed)
    graph = nx.gnp_random_graph(size, density, seed=seed)
    while not nx.is_connected(graph):
        graph = nx.gnp_random_graph(size, density, seed=seed + 100)
    for u, v in graph.edges:
        graph[u][v]["weight"] = float(rng.uniform(0.05, 0.95))
        graph[u][v]["distance"] = 1 - graph[u][v]["weight"] + 1e-9
    return graph


def as_frame(graph: nx.Graph) -> pd.DataFrame:
    nodes = sorted(graph)
    return pd.DataFrame(nx.to_numpy_array(graph, nodelist=nodes, weight="weight"), index=nodes, columns=nodes)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("density", [1.0, 0.3])
def test_pagerank_equals_networkx(seed, density):
    graph = random_agreement(seed, density=density)
    ours = centrality.pagerank(as_frame(graph).to_numpy())
    theirs = nx.pagerank(graph, weight="weight", tol=1e-12)
    assert np.allclose(ours, [theirs[v] for v in sorted(graph)], atol=1e-8)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("density", [1.0, 0.3])
def test_betweenness_equals_networkx(seed, density):
    graph = random_agreement(seed, density=density)
    ours = centrality.betweenness(as_frame(graph).to_numpy())
    theirs = nx.betweenness_centrality(graph, weight="distance", normalized=True)
    assert np.allclose(ours, [theirs[v] for v in sorted(graph)], atol=1e-9)


@pytest.mark.parametrize("seed", SEEDS)
def test_eigenvector_closeness_strength_equal_networkx(seed):
    graph = random_agreement(seed, density=0.5)
    table = centrality.node_metrics(as_frame(graph))
    eigen = nx.eigenvector_centrality_numpy(graph, weight="weight")
    close = nx.closeness_centrality(graph, distance="distance")
    strength = dict(graph.degree(weight="weight"))
    nodes = sorted(graph)
    assert np.allclose(table["eigenvector"], [eigen[v] for v in nodes], atol=1e-8)
    assert np.allclose(table["closeness"], [close[v] for v in nodes], atol=1e-8)
    assert np.allclose(table["strength"], [strength[v] for v in nodes], atol=1e-12)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("resolution", [0.5, 1.0, 2.0])
def test_modularity_equals_networkx(seed, resolution):
    graph = random_agreement(seed, density=0.4)
    blocs = nx.community.louvain_communities(graph, weight="weight", seed=seed)
    ours = communities.modularity(as_frame(graph), blocs, resolution=resolution)
    theirs = nx.community.modularity(graph, blocs, weight="weight", resolution=resolution)
    assert ours == pytest.approx(theirs, abs=1e-12)


@pytest.mark.parametrize("method", communities.METHODS)
def test_detect_returns_a_partition_and_finds_planted_blocs(method):
    """Two planted blocs (agreement 0.9 inside, 0.2 across, noise ±0.05) are recovered exactly."""
    rng = np.random.default_rng(0)
    size = 40
    bloc = np.arange(size) < 25
    weights = np.where(bloc[:, None] == bloc[None, :], 0.9, 0.2) + rng.uniform(-0.05, 0.05, (size, size))
    weights = np.triu(weights, 1) + np.triu(weights, 1).T
    nodes = [f"C{i:02d}" for i in range(size)]
    found = communities.detect(pd.DataFrame(weights, index=nodes, columns=nodes), method, random_state=3)
    assert sorted(c for part in found for c in part) == nodes  # every node exactly once
    assert sum(len(p) for p in found) == size
    assert [len(p) for p in found] == [25, 15]
    assert found[0] == {nodes[i] for i in range(25)}


def test_participation_matches_its_definition():
    graph = random_agreement(7, density=0.6)
    blocs = nx.community.louvain_communities(graph, weight="weight", seed=7)
    ours = centrality.participation(graph, blocs)
    for v in graph:
        strength = graph.degree(v, weight="weight")
        towards = [sum(graph[v][u]["weight"] for u in graph[v] if u in bloc) for bloc in blocs]
        assert ours[v] == pytest.approx(1 - sum((t / strength) ** 2 for t in towards), abs=1e-12)

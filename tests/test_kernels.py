"""The fast numeric kernels give the same numbers as the straightforward code they replaced,
on real windows: indices from one stacked product, vote matrices from category codes, the
top eigenpair by power iteration, igraph graphs from arrays, path metrics, and the engine's
results whatever the number of processes."""

import random

import igraph as ig
import networkx as nx
import numpy as np
import pandas as pd
import pytest

from graphmodel import centrality, communities, engine, graphs
from graphmodel import indices as agreement
from graphmodel.errors import GraphmodelError
from graphmodel.windows import ABSENT, ABSTAIN, NO, YES, filter_rollcalls, make_windows, vote_matrix


@pytest.fixture(scope="module")
def sessions(dataset):
    calls = filter_rollcalls(dataset.rollcalls)
    return make_windows(calls, "session", min_rollcalls=10)


@pytest.fixture(scope="module")
def sample(dataset, sessions):
    """Four windows from different eras (sizes 50 to 193 countries)."""
    chosen = [w for w in sessions if w.label in ("1", "30", "60", "79")]
    return {w.label: vote_matrix(dataset, w.rollcall_ids) for w in chosen}


def separate_products(vm, index, absent="exclude", min_covotes=10):
    """The indices as they were computed before the stacked product: one float64 product per
    pair of choices (the code of release 0.1, kept here as the reference)."""
    codes = vm.codes
    hot = {"Y": codes == YES, "N": codes == NO, "A": codes == ABSTAIN}
    if absent == "abstain":
        hot["A"] = hot["A"] | (codes == ABSENT)
    elif absent == "category":
        hot["X"] = codes == ABSENT
    hot = {k: v.astype(np.float64) for k, v in hot.items()}
    keys = list(hot)

    def weight(a, b):
        return 1.0 if a == b else 0.0 if "X" in (a, b) else 0.5 if "A" in (a, b) else 0.0

    voted = sum(hot.values())
    n = voted @ voted.T
    score = sum(weight(a, b) * (hot[a] @ hot[b].T) for a in keys for b in keys)
    with np.errstate(invalid="ignore", divide="ignore"):
        if index == "coincidence":
            yn = hot["Y"] + hot["N"]
            n = yn @ yn.T
            value = (hot["Y"] @ hot["Y"].T + hot["N"] @ hot["N"].T) / n
        elif index in ("agree", "s_score"):
            value = score / n if index == "agree" else 2 * (score / n) - 1
        else:
            observed = score / n
            share = {k: (hot[k] @ voted.T) / n for k in keys}
            other = {k: share[k].T for k in keys}
            if index == "pi":
                share = other = {k: (share[k] + other[k]) / 2 for k in keys}
            expected = sum(weight(a, b) * share[a] * other[b] for a in keys for b in keys)
            value = (observed - expected) / (1 - expected)
            value = np.where(np.isclose(1 - expected, 0) & np.isclose(observed, 1), 1.0, value)
    return np.where(n >= max(min_covotes, 1), value, np.nan), n


@pytest.mark.parametrize("absent", [a for a in agreement.ABSENT_OPTIONS if a != "half"])
def test_stacked_product_equals_separate_products(sample, absent):
    for label, vm in sample.items():
        stacked = agreement.all_indices(vm, absent=absent)
        for index in agreement.INDICES:
            expected, expected_n = separate_products(vm, index, absent)
            values, n = stacked[index]
            assert np.array_equal(np.isnan(values), np.isnan(expected)), (label, index)
            np.testing.assert_allclose(values, expected, rtol=0, atol=1e-12, err_msg=f"{label} {index}")
            np.testing.assert_array_equal(n, expected_n)
            single, _ = agreement.compute(vm, index, absent=absent)
            np.testing.assert_array_equal(np.isnan(single), np.isnan(values))
            np.testing.assert_allclose(single, values, rtol=0, atol=1e-12)


def test_half_absent_goes_to_its_own_formula(sample):
    from graphmodel.conventions import agree_half_absent

    vm = sample["79"]
    expected, expected_n = agree_half_absent(vm)
    values, n = agreement.compute(vm, "agree", absent="half")
    np.testing.assert_array_equal(values, expected)
    result = engine.analyze_window(vm.codes, vm.countries, engine.Settings(absent="half"))
    keep = [vm.countries.index(c) for c in result.countries]
    np.testing.assert_array_equal(result.values, expected[np.ix_(keep, keep)])
    with pytest.raises(GraphmodelError):
        agreement.compute(vm, "kappa", absent="half")


def test_vote_matrix_equals_pivot(dataset, sessions):
    window = sessions[-1]
    vm = vote_matrix(dataset, window.rollcall_ids, harmonize=False)
    votes = dataset.votes[dataset.votes["rollcall_id"].isin(set(window.rollcall_ids))]
    code = {"Y": YES, "N": NO, "A": ABSTAIN, "X": ABSENT}
    pivot = (
        votes.assign(code=votes["vote"].astype(str).map(code), iso3=votes["iso3"].astype(str))
        .pivot(index="iso3", columns="rollcall_id", values="code")
        .reindex(columns=window.rollcall_ids)
        .fillna(0)
        .astype(np.int8)
    )
    assert vm.countries == list(pivot.index)
    assert vm.rollcall_ids == list(window.rollcall_ids)
    np.testing.assert_array_equal(vm.codes, pivot.to_numpy())


def test_vote_matrix_harmonizes_by_category(dataset):
    ids = dataset.rollcalls.query("body == 'GA' and session_no in [44, 47]")["rollcall_id"].tolist()
    merged = vote_matrix(dataset, ids)
    apart = vote_matrix(dataset, ids, harmonize=False)
    assert "SUN" in apart.countries and "RUS" in apart.countries
    assert "SUN" not in merged.countries
    rus = merged.codes[merged.countries.index("RUS")]
    both = apart.codes[apart.countries.index("SUN")] + apart.codes[apart.countries.index("RUS")]
    np.testing.assert_array_equal(rus, both)


def test_power_iteration_equals_full_eigendecomposition(sample):
    for vm in sample.values():
        values, _ = agreement.frame(vm)
        _, w = graphs.as_matrix(values)
        w = np.clip(w, 0, None)
        eigenvalues, vectors = np.linalg.eigh(w)
        leading = np.abs(vectors[:, np.argmax(eigenvalues)])
        np.testing.assert_allclose(centrality.eigenvector(w), leading, atol=1e-10)


def test_eigenvector_of_two_equal_components_falls_back():
    block = np.ones((3, 3)) - np.eye(3)
    w = np.block([[block, np.zeros((3, 3))], [np.zeros((3, 3)), block]])
    vector = centrality.eigenvector(w, max_iter=5)
    assert np.isclose(np.linalg.norm(vector), 1)
    np.testing.assert_allclose(w @ vector, 2 * vector, atol=1e-8)


def test_igraph_from_matrix_dense_and_sparse():
    rng = np.random.default_rng(3)
    for density in (0.95, 0.1):
        w = rng.random((30, 30)) * (rng.random((30, 30)) < density)
        w = np.triu(w, 1) + np.triu(w, 1).T
        g, weights = communities.igraph_from_matrix(w)
        i, j = np.nonzero(np.triu(w > 0, k=1))
        assert g.get_edgelist() == list(zip(i.tolist(), j.tolist()))
        np.testing.assert_array_equal(weights, w[i, j])


def test_louvain_partitions_unchanged(sample):
    """Same blocs as Louvain on a graph built from Python edge lists (the former helper)."""
    for vm in sample.values():
        values, _ = agreement.frame(vm)
        nodes, w = graphs.as_matrix(values)
        w = np.clip(w, 0, None)
        i, j = np.nonzero(np.triu(w > 0, k=1))
        g = ig.Graph(n=len(w), edges=np.column_stack([i, j]).tolist())
        ig.set_random_number_generator(random.Random(0))
        try:
            reference = g.community_multilevel(weights=w[i, j].tolist())
        finally:
            ig.set_random_number_generator(random)
        expected = sorted(({nodes[v] for v in c} for c in reference), key=lambda p: (-len(p), sorted(p)))
        assert communities.detect(values, random_state=0) == expected


def test_path_metrics_equal_networkx(sample):
    values, n = agreement.frame(sample["79"])
    skeleton = graphs.knn_backbone(values, k=8, covotes=n)
    table = centrality.node_metrics(values, communities.detect(values), distance_graph=skeleton)
    complete = centrality.node_metrics(values, distance_graph=skeleton, closeness="complete")

    def with_distance(graph):
        graph = graph.copy()
        for _, _, d in graph.edges(data=True):
            d["distance"] = 1 - min(max(d["weight"], 0), 1) + centrality.EPSILON
        return graph

    on_backbone = nx.closeness_centrality(with_distance(skeleton), distance="distance", wf_improved=False)
    np.testing.assert_allclose(table["closeness"], pd.Series(on_backbone)[table.index], rtol=1e-9)
    whole = with_distance(graphs.complete_graph(values.to_numpy(), n.to_numpy(), list(values.index)))
    on_complete = nx.closeness_centrality(whole, distance="distance", wf_improved=False)
    np.testing.assert_allclose(complete["closeness"], pd.Series(on_complete)[complete.index], rtol=1e-9)
    np.testing.assert_array_equal(table["betweenness"], complete["betweenness"])


def test_backbone_mask_matches_graph_backbones(sample):
    values, n = agreement.frame(sample["60"])
    v = values.to_numpy()
    for method, options in (("knn", {"k": 8}), ("disparity", {"alpha": 0.05, "baseline": "median"})):
        mask = graphs.backbone_mask(v, method, **options)
        graph = graphs.backbone(values, method, covotes=n, **options)
        i, j = np.nonzero(np.triu(mask, k=1))
        edges = {frozenset((values.index[a], values.index[b])) for a, b in zip(i, j)}
        assert edges == {frozenset(e) for e in graph.edges()}


def _tasks(dataset, windows):
    calls = filter_rollcalls(dataset.rollcalls)
    full = vote_matrix(dataset, calls["rollcall_id"].tolist())
    return [(vm.codes, vm.countries) for vm in (full.subset(w.rollcall_ids) for w in windows)]


def test_engine_results_do_not_depend_on_jobs(dataset, sessions):
    windows = sessions[-12:]
    tasks = _tasks(dataset, windows)
    settings = engine.Settings(extra_indices=("kappa",))
    one = engine.run(tasks, settings, jobs=1)
    two = engine.run(tasks, settings, jobs=2)
    assert len(one) == len(two) == len(windows)
    for a, b in zip(one, two):
        assert a.countries == b.countries and a.blocs == b.blocs and a.modularity == b.modularity
        np.testing.assert_array_equal(a.values, b.values)
        np.testing.assert_array_equal(a.edges, b.edges)
        np.testing.assert_array_equal(a.extra["kappa"], b.extra["kappa"])
        for column in engine.METRICS:
            np.testing.assert_array_equal(a.metrics[column], b.metrics[column])
    first = engine.assemble(windows, one)["nodes"]
    second = engine.assemble(windows, two)["nodes"]
    pd.testing.assert_frame_equal(first, second)


def test_engine_window_equals_module_functions(dataset, sample):
    vm = sample["79"]
    result = engine.analyze_window(vm.codes, vm.countries)
    values, n = agreement.frame(vm)
    assert result.countries == list(values.index)
    np.testing.assert_array_equal(result.values, values.to_numpy())
    blocs = communities.detect(values)
    assert result.blocs == [sorted(b) for b in blocs]
    skeleton = graphs.knn_backbone(values, k=8, covotes=n)
    table = centrality.node_metrics(values, blocs, distance_graph=skeleton)
    for column in engine.METRICS:
        np.testing.assert_allclose(result.metrics[column], table[column].to_numpy(), rtol=0, atol=1e-12)
    assert {frozenset(e) for e in result.backbone_graph().edges()} == {frozenset(e) for e in skeleton.edges()}


def test_default_jobs():
    assert engine.default_jobs(3) == 1
    assert 1 <= engine.default_jobs(79) <= 2


def test_analyze_same_tables_for_any_jobs(dataset):
    import graphmodel as gm

    one = gm.analyze(dataset, by="year", start="2010-01-01", jobs=1)
    two = gm.analyze(dataset, by="year", start="2010-01-01", jobs=2)
    for table in ("nodes", "blocs", "transitions", "switches"):
        pd.testing.assert_frame_equal(getattr(one, table), getattr(two, table))
    for label in one.windows:
        pd.testing.assert_frame_equal(one.agreement[label], two.agreement[label])
    assert sorted(one.backbones["2024"].edges()) == sorted(two.backbones["2024"].edges())

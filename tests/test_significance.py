"""Permutation null, representations and significance on real windows."""

import numpy as np
import pytest

import graphmodel
from graphmodel import indices
from graphmodel import significance as S
from graphmodel.errors import GraphmodelError
from graphmodel.windows import filter_rollcalls, make_windows, vote_matrix


@pytest.fixture(scope="module")
def sessions():
    ds = graphmodel.load_dataset()
    calls = filter_rollcalls(ds.rollcalls)
    full = vote_matrix(ds, calls["rollcall_id"].tolist())
    return {w.label: full.subset(w.rollcall_ids) for w in make_windows(calls, "session", min_rollcalls=10)}


def test_permutation_keeps_margins_and_participation(sessions):
    codes = sessions["79"].codes
    permuted = S.permute_votes(codes, np.random.default_rng(1))
    assert (np.sort(permuted, axis=0) == np.sort(codes, axis=0)).all()
    assert ((permuted == 0) == (codes == 0)).all() and ((permuted == 4) == (codes == 4)).all()
    assert (permuted != codes).mean() > 0.1


def test_stacked_agreement_equals_the_engine(sessions):
    vm = sessions["40"]
    fast, n = S.agree_matrix(vm.codes, 10)
    engine, n2 = indices.agree(vm, min_covotes=10)
    assert np.array_equal(np.isnan(fast), np.isnan(engine)) and np.allclose(np.nan_to_num(fast), np.nan_to_num(engine))


def test_expected_agreement_matches_simulation(sessions):
    codes = sessions["60"].codes
    a, n = S.agree_matrix(codes, 10)
    expected = S.expected_agree(codes, n)
    rng = np.random.default_rng(0)
    mean = np.mean([S.agree_matrix(S.permute_votes(codes, rng), 10)[0] for _ in range(200)], axis=0)
    off = ~np.eye(len(a), dtype=bool) & ~np.isnan(a)
    assert np.abs(mean - expected)[off].max() < 0.03


def test_cold_war_structure_is_significant_and_reproducible(sessions):
    table = S.significance_table({s: sessions[s] for s in ("35", "38", "40")}, draws=29, seed=3, jobs=2)
    assert table["significant"].all() and (table["z"] > 3).all()
    again = S.significance_table({s: sessions[s] for s in ("35", "38", "40")}, draws=29, seed=3, jobs=1)
    assert np.allclose(table["z"], again["z"])


def test_unknown_representation_is_an_error(sessions):
    with pytest.raises(graphmodel.errors.GraphmodelError):
        S.window_significance(sessions["79"].codes, "nope", draws=1)


def test_too_few_null_draws_for_the_level_is_an_error():
    """With 19 draws the smallest attainable p is 1/20 = 0.05: no window could ever pass at 0.05."""
    from graphmodel import Blocs

    with pytest.raises(GraphmodelError, match=r"null_draws 19: the smallest p-value it can give is 1/20 = 0.050"):
        Blocs(null_draws=19)
    assert Blocs(null_draws=19, significance_level=0.1).null_draws == 19
    assert Blocs(null_draws=20).null_draws == 20

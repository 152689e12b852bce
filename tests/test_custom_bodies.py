"""Any roll-call body through the same engine: Dataset.from_frames checks its input and the
engine recovers blocs planted in synthetic votes."""

import numpy as np
import pandas as pd
import pytest

from graphmodel import engine
from graphmodel.dataset import Dataset
from graphmodel.errors import GraphmodelError
from graphmodel.synthetic import planted_blocs
from graphmodel.windows import filter_rollcalls, make_windows, vote_matrix


def test_planted_blocs_are_recovered():
    rollcalls, votes, members, truth = planted_blocs(members=90, rollcalls=150, blocs=3, windows=3, seed=7)
    ds = Dataset.from_frames(rollcalls, votes, members)
    windows = make_windows(filter_rollcalls(ds.rollcalls), "year")
    assert [w.label for w in windows] == ["2001", "2002", "2003"]
    full = vote_matrix(ds, ds.rollcalls["rollcall_id"].tolist(), harmonize=False)
    tasks = [(vm.codes, vm.countries) for vm in (full.subset(w.rollcall_ids) for w in windows)]
    results = engine.run(tasks, jobs=1)
    planted = sorted(sorted(group.index) for _, group in truth.groupby(truth))
    for result in results:
        assert sorted(result.blocs) == planted
    tables = engine.assemble(windows, results)
    # one persistent id per planted bloc across the three windows
    assert tables["nodes"].groupby("iso3")["bloc"].nunique().eq(1).all()
    assert set(tables["transitions"]["event"]) == {"birth", "continue"}


def test_from_frames_defaults_and_vote_words():
    calls = pd.DataFrame({"rollcall_id": [10, 11], "date": ["2020-03-01", "2021-03-01"]})
    votes = pd.DataFrame(
        {"rollcall_id": [10, 10, 11, 11], "iso3": ["a", "b", "a", "b"], "vote": ["yes", "Abstain", "N", "x"]}
    )
    ds = Dataset.from_frames(calls, votes)
    assert ds.rollcalls["rollcall_id"].tolist() == ["10", "11"]
    assert ds.rollcalls["body"].eq("GA").all() and ds.rollcalls["session_no"].tolist() == [2020, 2021]
    assert ds.votes["vote"].tolist() == ["Y", "A", "N", "X"]
    assert ds.countries["iso3"].tolist() == ["a", "b"]
    vm = vote_matrix(ds, ["10", "11"], harmonize=False)
    np.testing.assert_array_equal(vm.codes, [[1, 2], [3, 4]])


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda c, v, m: (c.drop(columns="date"), v, m), "rollcalls: missing column(s) date"),
        (lambda c, v, m: (c, v.drop(columns="member"), m), "missing column member (or iso3)"),
        (lambda c, v, m: (c, v.assign(vote=v["vote"].astype(str).replace("A", "maybe")), m), "'maybe'"),
        (lambda c, v, m: (c.assign(date=["2020-01-01", "not a date"]), v, m), "'not a date'"),
        (lambda c, v, m: (c.assign(rollcall_id=["r1", "r1"]), v, m), "duplicate ids ('r1')"),
        (lambda c, v, m: (c.iloc[:1], v, m), "votes on unknown roll calls ('r2')"),
        (lambda c, v, m: (c, pd.concat([v, v.iloc[:1]]), m), "vote more than once"),
        (lambda c, v, m: (c, v, m.iloc[:1]), "members not in the members table ('b')"),
        (lambda c, v, m: (c, v.assign(member=[None, "b", "a", "b"]), m), "votes.member: 1 empty value(s)"),
    ],
)
def test_from_frames_errors(change, message):
    calls = pd.DataFrame({"rollcall_id": ["r1", "r2"], "date": ["2020-01-01", "2020-01-02"]})
    votes = pd.DataFrame({"rollcall_id": ["r1", "r1", "r2", "r2"], "member": list("abab"), "vote": list("YNAX")})
    members = pd.DataFrame({"member": ["a", "b"], "name": ["Alpha", "Beta"]})
    with pytest.raises(GraphmodelError) as error:
        Dataset.from_frames(*change(calls, votes, members))
    assert message in str(error.value)


def test_custom_body_through_analyze():
    import graphmodel as gm

    rollcalls, votes, members, truth = planted_blocs(members=60, rollcalls=120, blocs=2, windows=2, seed=3)
    result = gm.analyze(gm.Dataset.from_frames(rollcalls, votes, members), by="year", harmonize=False, jobs=1)
    planted = sorted(sorted(group.index) for _, group in truth.groupby(truth))
    for _, blocs in result.blocs.groupby("window"):
        assert sorted(sorted(m) for m in blocs["members"]) == planted
    assert result.params["dataset"]["votes"] == len(votes)

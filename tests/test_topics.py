"""Topic coding: Voeten codes for every GA roll call, named topics, coverage warnings."""

import pytest

import graphmodel as gm
from graphmodel import topics
from graphmodel.settings import Windows

#: Measured on the held-out years 1990-2019 (tools/topic_benchmark.py); a change of the rules
#: that lowers any of them fails here.
FLOOR = {
    "me": (0.89, 0.95),
    "nu": (0.98, 0.90),
    "di": (0.77, 0.92),
    "hr": (0.91, 0.77),
    "co": (0.79, 0.79),
    "ec": (0.59, 0.69),
}


@pytest.fixture(scope="module")
def held_out(dataset):
    return topics.evaluate(dataset.rollcalls, 1990, 2019).set_index("code")


def test_rules_on_held_out_years_keep_their_measured_precision_and_recall(held_out):
    assert held_out.attrs["rollcalls"] == 2650
    for code, (precision, recall) in FLOOR.items():
        assert held_out.loc[code, "precision"] >= precision, code
        assert held_out.loc[code, "recall"] >= recall, code


@pytest.mark.xfail(strict=True, reason="the issue's target (>= 0.9 for every code) is not reached by the rules yet")
def test_rules_reach_the_target_of_0_9(held_out):
    assert (held_out["precision"] >= 0.9).all() and (held_out["recall"] >= 0.9).all()


def test_every_ga_roll_call_after_2019_is_coded_by_the_rules_and_before_by_voeten(dataset):
    calls = dataset.rollcalls[dataset.rollcalls["body"] == "GA"]
    coded = topics.codes(calls)
    voeten = calls["source"] == "unvotes"
    assert (coded[voeten.to_numpy()] == calls.loc[voeten, "issues"].fillna("")).all()
    late = calls["date"].dt.year >= 2020
    assert (coded[late.to_numpy()] != "").mean() > 0.5


def test_ukraine_in_2025_is_the_three_emergency_session_votes_and_crimea(dataset):
    windows = dataset.windows(
        Windows(by="year", start="2025-01-01", end="2025-12-31", issues=("UKRAINE",), min_rollcalls=1)
    )
    symbols = set(dataset.rollcalls.set_index("rollcall_id").loc[windows[0].rollcall_ids, "symbol"])
    assert symbols == {"A/RES/ES-11/7", "A/RES/ES-11/8", "A/RES/ES-11/9", "A/RES/80/223"}


def test_named_topics_and_codes_are_case_insensitive(dataset):
    calls = dataset.rollcalls[dataset.rollcalls["body"] == "GA"]
    assert topics.issue_mask(calls, ["ukraine"]).sum() == topics.issue_mask(calls, ["UKRAINE"]).sum()
    assert topics.issue_mask(calls, ["HR"]).sum() == topics.issue_mask(calls, ["hr"]).sum() > 1000


def test_a_subject_term_that_covers_part_of_the_period_names_the_years_it_lacks(dataset):
    table = gm.compare(
        dataset, "USA", "RUS", by="year", start="2015-01-01", issues=("INTERNATIONAL SECURITY",), min_rollcalls=1
    )
    (warning,) = table.attrs["params"]["warnings"]
    assert "2015–2018" in warning
    coded = gm.compare(dataset, "USA", "RUS", by="year", start="2015-01-01", issues=("hr",))
    assert coded.attrs["params"]["warnings"] == []
    assert list(coded["window"])[-1] == "2025"


def test_important_flag_warns_after_2017(dataset):
    from graphmodel.analysis import coverage_warnings

    (warning,) = coverage_warnings(dataset, Windows(start="2015-01-01", important=True))
    assert "2018–2026" in warning


def test_human_rights_by_country(dataset):
    calls = dataset.rollcalls[dataset.rollcalls["body"] == "GA"]
    iran = calls[topics.issue_mask(calls, ["HUMAN RIGHTS IRAN"]).to_numpy(bool)]
    assert len(iran) >= 30 and iran["date"].dt.year.min() == 1985 and iran["date"].dt.year.max() == 2025
    crimea = calls[topics.issue_mask(calls, ["human rights: Ukraine"]).to_numpy(bool)]
    assert "A/RES/80/223" in set(crimea["symbol"]) and len(crimea) == 10
    every = topics.issue_mask(calls, ["HUMAN RIGHTS BY COUNTRY"])
    assert (every | ~topics.issue_mask(calls, ["HUMAN RIGHTS SYRIA"])).all()

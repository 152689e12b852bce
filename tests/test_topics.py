"""Topic coding: Voeten codes for every GA roll call, named topics, coverage warnings."""

import pandas as pd
import pytest

import graphmodel as gm
from graphmodel import topics
from graphmodel.settings import Windows

#: Measured on the held-out years 1990-2019 (tools/topic_benchmark.py); a change of the rules
#: that lowers any of them fails here. The rules read ``title``: Voeten's short labels for most of
#: 1990-2013, catalogue titles after (topic_model.full_title says which field holds what).
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


#: The classifier (graphmodel/topic_model.py) fit on 1946-2014 and tested on 2015-2018 (416 roll
#: calls; session 74 left out, its co/di/ec codes are defective in the source), as measured by
#: tools/topic_benchmark.py: (precision, recall, Voeten's roll calls with the code).
TIME_SPLIT = {
    "me": (0.968, 0.938, 64),
    "nu": (1.000, 0.988, 85),
    "di": (0.891, 0.961, 102),
    "hr": (0.935, 0.956, 91),
    "co": (0.783, 0.900, 40),
    "ec": (0.917, 0.917, 60),
}


#: The same run scored on its roll calls with UN catalogue titles only (topic_model.text_kind).
TIME_SPLIT_CATALOGUE = {
    "me": (0.966, 0.933),
    "nu": (1.000, 0.986),
    "di": (0.933, 0.965),
    "hr": (0.935, 0.966),
    "co": (0.778, 0.921),
    "ec": (0.944, 0.962),
}
#: ... and of those, the ones of 2015-2017.
TIME_SPLIT_CATALOGUE_TO_2017 = {
    "me": (0.977, 0.955),
    "nu": (1.000, 0.981),
    "di": (1.000, 0.957),
    "hr": (0.956, 0.970),
    "co": (0.941, 0.914),
    "ec": (0.946, 1.000),
}


def test_classifier_on_the_years_after_its_fit_keeps_its_measured_precision_and_recall(dataset):
    from graphmodel import topic_model

    table = topic_model.evaluate(dataset.rollcalls, topic_model.time_split).set_index("code")
    assert table.attrs["rollcalls"] == 416 and table.attrs["title_seen"] == 286
    for code, (precision, recall, n) in TIME_SPLIT.items():
        assert table.loc[code, "voeten"] == n, code
        assert table.loc[code, "precision"] == pytest.approx(precision, abs=0.0015), code
        assert table.loc[code, "recall"] == pytest.approx(recall, abs=0.0015), code
    # The issue's bar (>= 0.9 both ways) holds on this split for four codes; for the lower of
    # precision and recall the classifier is at least as good as the rules alone for every code.
    passed = {c for c in table.index if table.loc[c, "precision"] >= 0.9 and table.loc[c, "recall"] >= 0.9}
    assert passed == {"me", "nu", "hr", "ec"}
    rules = table.attrs["rules"].set_index("code")
    lower = table[["precision", "recall"]].min(axis=1)
    assert (lower >= rules[["precision", "recall"]].min(axis=1)).all()
    # di and co miss on precision, and most of their false positives give a title the code Voeten
    # gave it at its latest roll call before 2015 (his coding changed: "Nuclear disarmament" is
    # di;nu to 2016 and nu alone after).
    assert table.loc["di", ["model", "both", "fp_coded_before"]].tolist() == [110, 98, 9]
    assert table.loc["co", ["model", "both", "fp_coded_before"]].tolist() == [46, 36, 6]
    # On the text later sources give (UN catalogue titles: 339 of the 416; the rest are 74
    # transcripts of paragraph votes and 3 others), every code but co passes; co's shortfall is
    # 2018's, when Voeten codes 3 roll calls co against 9-17 a year in 2005-2017. On 2015-2017
    # (244 roll calls) every code passes.
    calls = topic_model.voeten_coded(dataset.rollcalls)
    co = pd.Series(topic_model.labels(calls)[:, topic_model.CODES.index("co")]).groupby(calls["year"].to_numpy()).sum()
    assert co.loc[2018] == 3 and co.loc[2005:2017].between(9, 17).all()
    detail = table.attrs["detail"]
    assert detail["kind"].value_counts().to_dict() == {"catalogue": 339, "transcript": 74, "coder": 2, "agenda": 1}
    catalogue = detail[detail["kind"] == "catalogue"]
    for rows, expected in (
        (catalogue, TIME_SPLIT_CATALOGUE),
        (catalogue[catalogue["year"] <= 2017], TIME_SPLIT_CATALOGUE_TO_2017),
    ):
        scored = topic_model.rescore(rows).set_index("code")
        for code, (precision, recall) in expected.items():
            assert scored.loc[code, "precision"] == pytest.approx(precision, abs=0.0015), code
            assert scored.loc[code, "recall"] == pytest.approx(recall, abs=0.0015), code
    assert len(catalogue[catalogue["year"] <= 2017]) == 244


def test_thresholds_chosen_forward_trade_precision_for_recall_on_the_time_split(dataset):
    """The variant not kept (README): on this split it leaves me, nu and di as they are and moves
    hr, co and ec; co's precision falls to 0.722 (mean of the lower of precision and recall 0.897
    against the kept model's 0.909)."""
    from graphmodel import topic_model

    table = topic_model.evaluate(dataset.rollcalls, topic_model.time_split, thresholds="forward").set_index("code")
    moved = {"hr": (0.927, 0.978), "co": (0.722, 0.975), "ec": (0.948, 0.917)}
    for code, (precision, recall, _) in TIME_SPLIT.items():
        precision, recall = moved.get(code, (precision, recall))
        assert table.loc[code, "precision"] == pytest.approx(precision, abs=0.0015), code
        assert table.loc[code, "recall"] == pytest.approx(recall, abs=0.0015), code
    with pytest.raises(ValueError, match="thresholds must be"):
        topic_model.fit(dataset.rollcalls, thresholds="inner")


#: Voeten's own consistency (topic_model.consistency, tools/topic_benchmark.py): a recurring
#: title scored by its code in the nearest other session (precision, recall), and the ceiling of
#: any coder giving one title one answer: min(precision, recall) cannot exceed it.
CONSISTENCY = {
    (1990, 2018): {
        "me": (0.996, 0.990, 0.990),
        "nu": (0.963, 0.953, 0.974),
        "di": (0.940, 0.974, 0.965),
        "hr": (0.968, 0.983, 0.967),
        "co": (0.945, 0.965, 0.954),
        "ec": (0.943, 0.933, 0.973),
    },
    (2015, 2018): {
        "me": (0.983, 0.951, 0.969),
        "nu": (0.948, 0.936, 0.994),
        "di": (0.906, 0.990, 0.951),
        "hr": (0.940, 0.963, 0.938),
        "co": (0.762, 0.821, 0.858),
        "ec": (0.957, 0.918, 0.975),
    },
}


def test_voeten_codes_recurring_titles_consistently_but_for_co_in_2015_2018(dataset):
    from graphmodel import topic_model

    for span, expected in CONSISTENCY.items():
        table = topic_model.consistency(dataset.rollcalls, *span).set_index("code")
        for code, (precision, recall, ceiling) in expected.items():
            assert table.loc[code, "precision"] == pytest.approx(precision, abs=0.0015), (span, code)
            assert table.loc[code, "recall"] == pytest.approx(recall, abs=0.0015), (span, code)
            assert table.loc[code, "ceiling"] == pytest.approx(ceiling, abs=0.0015), (span, code)
        if span == (1990, 2018):
            assert (table.attrs["recurring"], table.attrs["rollcalls"]) == (1911, 2560)
            assert (table.attrs["pairs_changed"], table.attrs["pairs"]) == (52, 1210)
            # The churn at the end of Voeten's coding: 19 of the 59 titles of both sessions 72 and
            # 73 change their code set; at most 9 in any earlier pair of consecutive sessions.
            by_session = table.attrs["by_session"]
            assert by_session.loc[72].tolist() == [59, 19]
            assert by_session.drop(72)["changed"].max() == 9
    # No coder reading titles alone reaches 0.9 both ways for co on the time split's test years,
    # so the classifier's 0.783 precision there cannot be lifted to the bar by better title features.
    assert CONSISTENCY[2015, 2018]["co"][2] < 0.9


#: Leaving one session out over 1990-2018 (2,560 roll calls), as measured by
#: tools/topic_benchmark.py: (precision, recall, Voeten's roll calls with the code).
SESSIONS_OUT = {
    "me": (0.979, 0.989, 567),
    "nu": (0.996, 0.998, 455),
    "di": (0.946, 0.946, 593),
    "hr": (0.921, 0.974, 578),
    "co": (0.917, 0.938, 354),
    "ec": (0.945, 0.918, 243),
}


@pytest.mark.slow
def test_classifier_leaving_one_session_out_reaches_0_9_for_every_code(dataset):
    from graphmodel import topic_model

    table = topic_model.evaluate(dataset.rollcalls, topic_model.session_splits).set_index("code")
    assert table.attrs["rollcalls"] == 2560
    for code, (precision, recall, n) in SESSIONS_OUT.items():
        assert table.loc[code, "voeten"] == n, code
        assert table.loc[code, "precision"] == pytest.approx(precision, abs=0.0015), code
        assert table.loc[code, "recall"] == pytest.approx(recall, abs=0.0015), code
    # The issue's bar, on every session of 1990-2018 held out in turn.
    assert (table[["precision", "recall"]] >= 0.9).all().all()
    # Less than half of that text is what later sources give (UN catalogue titles, 2003 on); the
    # rest is titles and summaries typed by the coders and transcripts of paragraph votes. On the
    # catalogue titles every code passes but co's precision (0.887), which passes up to session
    # 72 (2017), before Voeten's co coding thins out.
    detail = table.attrs["detail"]
    assert detail["kind"].value_counts().to_dict() == {"catalogue": 1199, "coder": 942, "transcript": 418, "agenda": 1}
    catalogue = detail[detail["kind"] == "catalogue"]
    assert catalogue["year"].min() == 2003
    for rows, expected in (
        (catalogue, {"co": (0.887, 0.902), "hr": (0.919, 0.963), "di": (0.972, 0.924)}),
        (catalogue[catalogue["session_no"] <= 72], {"co": (0.926, 0.900), "hr": (0.922, 0.964), "di": (0.992, 0.919)}),
    ):
        scored = topic_model.rescore(rows).set_index("code")
        for code, (precision, recall) in expected.items():
            assert scored.loc[code, "precision"] == pytest.approx(precision, abs=0.0015), code
            assert scored.loc[code, "recall"] == pytest.approx(recall, abs=0.0015), code
        passed = set(scored.index[(scored["precision"] >= 0.9) & (scored["recall"] >= 0.9)])
        assert passed == (set(topic_model.CODES) - {"co"} if len(rows) == len(catalogue) else set(topic_model.CODES))


def test_the_classifier_is_deterministic_and_fit_from_bundled_data_only(dataset):
    from graphmodel import topic_model

    calls = dataset.rollcalls[(dataset.rollcalls["body"] == "GA") & (dataset.rollcalls["date"].dt.year >= 2020)]
    first = topic_model.fit(dataset.rollcalls, random_state=0).codes(calls)
    assert first.equals(topic_model.bundled_model().codes(calls))
    # Session 74's defective co/di/ec are not part of the fit.
    assert topic_model.bundled_model().n_fit == int((~topic_model.voeten_coded(dataset.rollcalls)["defective"]).sum())


def test_every_ga_roll_call_after_2019_is_coded_by_the_classifier_and_before_by_voeten(dataset):
    from graphmodel.topic_model import DEFECTIVE_FROM_RCID

    calls = dataset.rollcalls[dataset.rollcalls["body"] == "GA"]
    coded = topics.codes(calls)
    voeten = calls["source"] == "unvotes"
    rcid = calls["rollcall_id"].str.extract(r"^unvotes:(\d+)$")[0].astype(float)
    sound = voeten & (rcid < DEFECTIVE_FROM_RCID)
    assert (coded[sound.to_numpy()] == calls.loc[sound, "issues"].fillna("")).all()
    # Session 74: Voeten's me/nu/hr are kept; co, di and ec (the same 16 roll calls in the source)
    # come from the classifier, so the Treaty on the Prohibition of Nuclear Weapons is not co/ec.
    tpnw = calls.index[(calls["symbol"] == "A/RES/74/41") & voeten][0]
    assert calls.loc[tpnw, "issues"] == "co;di;ec;nu" and coded[tpnw] == "nu;di"
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
    coverage, undefined = table.attrs["params"]["warnings"]
    assert "not coded in 2015–2018" in coverage
    assert undefined.startswith("agreement undefined in every window") and "2019 (2 shared)" in undefined
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


def test_an_imported_voeten_file_keeps_its_own_codes(dataset):
    calls = dataset.rollcalls[dataset.rollcalls["source"] == "unxml-ga"].head(3).copy()
    calls["source"], calls["issues"] = "voeten", ["hr", "", "co;me"]
    assert topics.codes(calls).tolist() == ["hr", "", "co;me"]


def test_the_classifier_reads_each_roll_calls_full_title_as_sources_after_2019_give_it(dataset):
    from graphmodel import topic_model

    calls = dataset.rollcalls.set_index("rollcall_id", drop=False)
    # unvotes' two fields: Voeten's short label as the title, the catalogue title as description.
    assert calls.loc["unvotes:5094", ["title", "description"]].tolist() == [
        "UNRWA, ACTIVITIES",
        "Assistance to Palestine refugees : resolution / adopted by the General Assembly",
    ]
    # 2016-2018: the catalogue title is in short and descr holds the agenda listing.
    assert calls.loc["unvotes:5467", "description"].startswith("A/71/251 39 - Necessity of ending")
    read = topic_model.full_title(calls.loc[["unvotes:5094", "unvotes:5467"]]).map(topic_model.clean_title)
    assert read.tolist() == [
        "Assistance to Palestine refugees",
        "Necessity of ending the economic, commercial and financial embargo imposed by the United States of America"
        " against Cuba",
    ]
    # Only Voeten's roll calls have a description (all but one of them); the rest give one title.
    given = calls["description"].notna()
    assert set(calls.loc[given, "source"]) == {"unvotes"} and int(given.sum()) == 6202
    # A dataset written before the column existed codes as before, from its titles.
    older = calls[calls["date"].dt.year >= 2020].drop(columns="description")
    assert topic_model.full_title(older).equals(older["title"].astype(object))

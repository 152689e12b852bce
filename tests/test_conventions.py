"""Named agreement conventions: the State Department's coincidence reproduced from its reports."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import graphmodel as gm
from graphmodel.conventions import statedept_table

REFERENCE = (
    Path(__file__).resolve().parents[2] / "shared" / "data" / "reference" / "statedept_coincidence_2021_2024.csv"
)
COUNTS = ["SAME", "OPPOSE", "PARTIAL", "ABSENT"]


@pytest.fixture(scope="module")
def published():
    if not REFERENCE.exists():
        pytest.skip(f"reference tables not found at {REFERENCE}")
    return pd.read_csv(REFERENCE, comment="#")


def _joined(dataset, published, year):
    ours = statedept_table(dataset, year).set_index("iso3")
    theirs = published[published["year"] == year].set_index("ISO")
    both = theirs.merge(ours, left_index=True, right_index=True, how="left", suffixes=("", "_ours"))
    return both, ours.attrs


@pytest.mark.parametrize("year", [2022, 2023])
def test_statedept_2022_and_2023_reproduced_per_country(dataset, published, year):
    both, attrs = _joined(dataset, published, year)
    assert len(both) == 192 and attrs["rollcalls"] == attrs["published"]
    assert np.allclose(both["COINCIDENCE_ours"].round(2), both["COINCIDENCE"], atol=1e-9)
    differing = (both[COUNTS].to_numpy() != both[[c + "_ours" for c in COUNTS]].to_numpy()).any(axis=1)
    # 2023: the report lists Cameroon absent once where the UN record has it abstaining (same coincidence).
    assert list(both.index[differing]) == ([] if year == 2022 else ["CMR"])


def test_statedept_2021_differs_by_the_one_vote_the_dataset_lacks(dataset, published):
    both, attrs = _joined(dataset, published, 2021)
    # A/RES/76/226: the US is recorded as not voting; the report counts the US vote.
    assert (attrs["rollcalls"], attrs["published"]) == (85, 86)
    diff = both[COUNTS].to_numpy() - both[[c + "_ours" for c in COUNTS]].to_numpy()
    assert (diff.sum(axis=1) == 1).all() and np.abs(diff).max() <= 2
    # The 2021 report's own percentages follow neither absence rule: recomputed from its own
    # counts, half credit reproduces 110 of 192 members and exclusion 84, off by up to 0.063; so
    # ours (half credit, one US vote fewer) is off by up to 0.07 (COD), median 0.02.
    half = (both["SAME"] + 0.5 * both["PARTIAL"] + 0.5 * both["ABSENT"]) / both[COUNTS].sum(axis=1)
    exclude = (both["SAME"] + 0.5 * both["PARTIAL"]) / both[["SAME", "OPPOSE", "PARTIAL"]].sum(axis=1)
    assert ((half.round(2) - both["COINCIDENCE"]).abs() < 1e-9).sum() == 110
    assert ((exclude.round(2) - both["COINCIDENCE"]).abs() < 1e-9).sum() == 84
    ours = (both["COINCIDENCE_ours"].round(2) - both["COINCIDENCE"]).abs()
    assert round(ours.max(), 2) == 0.07 and ours.idxmax() == "COD"


def test_statedept_2024_differs_only_by_the_votes_the_dataset_lacks(dataset, published):
    both, attrs = _joined(dataset, published, 2024)
    missing = attrs["published"] - attrs["rollcalls"]
    diff = both[COUNTS].to_numpy() - both[[c + "_ours" for c in COUNTS]].to_numpy()
    assert missing == 4 and (diff >= 0).all()
    assert set(diff.sum(axis=1)) <= {missing, missing + 1}  # 24 members' rows add up to 96 in the report
    assert (both["COINCIDENCE_ours"] - both["COINCIDENCE"]).abs().max() < 0.035


def test_statedept_convention_by_name_gives_the_published_coincidence(dataset, published):
    matrix = gm.agreement(dataset, "2022", by="year", convention="statedept", min_covotes=1, harmonize=False)
    ours = matrix.loc["USA"].drop("USA")
    theirs = published[published["year"] == 2022].set_index("ISO")["COINCIDENCE"]
    assert np.allclose(ours.reindex(theirs.index).round(2), theirs)


def test_voeten_convention_is_agree_with_absences_excluded(dataset):
    index = gm.Index(convention="voeten")
    assert (index.name, index.absent) == ("agree", "exclude")
    a = gm.compare(dataset, "USA", "RUS", by="year", start="2019-01-01", end="2020-12-31", convention="statedept")
    b = gm.compare(dataset, "USA", "RUS", by="year", start="2019-01-01", end="2020-12-31")
    assert np.allclose(a["agreement"], b["agreement"])  # before 2021 absences are excluded in both


def test_completeness_against_the_state_department_counts(dataset):
    from graphmodel.conventions import completeness

    table = completeness(dataset).set_index("year")
    assert table["missing"].to_dict() == {2018: 15, 2019: 10, 2020: 9, 2021: 0, 2022: 0, 2023: 0, 2024: 3}


def test_data_info_prints_completeness():
    from click.testing import CliRunner

    from graphmodel.cli import main
    from graphmodel.paths import bundled_data

    result = CliRunner().invoke(main, ["data", "info", "--body", "GA", "--data-dir", str(bundled_data())])
    assert result.exit_code == 0, result.output
    assert "State Department" in result.output and " 2018       95        110       15      86%" in result.output


def test_a_convention_conflicting_with_an_explicit_index_is_an_error():
    with pytest.raises(gm.GraphmodelError, match="convention 'voeten' sets the index"):
        gm.Index("kappa", convention="voeten")
    with pytest.raises(gm.GraphmodelError, match="convention 'statedept'"):
        gm.Index(absent="abstain", convention="statedept")


def test_statedept_compare_says_which_column_is_the_report_figure(dataset):
    table = gm.compare(dataset, "USA", "RUS", by="year", start="2022-01-01", end="2022-12-31", convention="statedept")
    assert round(table["agreement"].iloc[0], 3) == 0.303  # the report: 0.30
    assert any("agreement holds the State Department's coincidence" in w for w in table.attrs["params"]["warnings"])

"""Facts about the bundled dataset, checked against ../shared/data/README.md and UN records."""

import pandas as pd
import pytest

from graphmodel.countries import harmonize, resolve
from graphmodel.errors import GraphmodelError


def tally(dataset, symbol):
    return dataset.votes_on(symbol)["vote"].value_counts().to_dict()


@pytest.mark.parametrize(
    "symbol, yes, no, abstain",
    [
        ("A/RES/ES-11/7", 93, 18, 65),
        ("A/RES/ES-11/8", 93, 8, 73),
        ("A/RES/ES-11/1", 141, 5, 35),
        ("S/RES/2774 (2025)", 10, 0, 5),
    ],
)
def test_checked_tallies(dataset, symbol, yes, no, abstain):
    counts = tally(dataset, symbol)
    assert (counts.get("Y"), counts.get("N"), counts.get("A")) == (yes, no, abstain)
    call = dataset.rollcall(symbol)
    assert (call["yes"], call["no"], call["abstain"]) == (yes, no, abstain)


def test_ukraine_2025_individual_votes(dataset):
    es7 = dataset.votes_on("A/RES/ES-11/7").set_index("iso3")["vote"]
    es8 = dataset.votes_on("A/RES/ES-11/8").set_index("iso3")["vote"]
    sc = dataset.votes_on("S/RES/2774").set_index("iso3")["vote"]
    assert es7["USA"] == "N" and es7["RUS"] == "N"
    assert es8["USA"] == "A" and es8["RUS"] == "N"
    assert sorted(sc[sc == "A"].index) == ["DNK", "FRA", "GBR", "GRC", "SVN"]
    assert len(sc) == 15  # only Council members have a row
    # AFG and VEN have no column in the 2025 file: members who did not vote, not missing rows.
    assert es7["AFG"] == "X" and es7["VEN"] == "X"


def test_es_11_1_us_yes_russia_no(dataset):
    votes = dataset.votes_on("A/RES/ES-11/1").set_index("iso3")["vote"]
    assert votes["USA"] == "Y" and votes["RUS"] == "N"


def test_every_stated_total_matches_or_is_explained(dataset):
    mismatches = dataset.report["mismatches"]
    assert all(m["explanation"] for m in mismatches)
    assert {m["symbol"] for m in mismatches} <= {"A/RES/77/293", "S/RES/2756 (2024)", "S/RES/2812 (2026)"}
    assert dataset.report["ledger"]["roll calls with recorded totals checked"] > 2000


def test_ga_sessions_complete(dataset):
    ga = dataset.rollcalls[dataset.rollcalls["body"] == "GA"]
    sessions = set(ga["session"])
    assert {str(n) for n in range(1, 81)} <= sessions
    assert {"ES-10", "ES-11"} <= sessions
    # Session 19 (1964-65) famously held a single recorded vote (the Article 19 crisis).
    assert (ga["session"] == "19").sum() == 1
    # Overlap of session 74 between unvotes and unxml-ga is deduplicated: one row per symbol.
    final = ga[~ga["amend"].fillna(False) & ~ga["para"].fillna(False) & ga["session"].isin(["74", "79", "80"])]
    assert final["symbol"].dropna().str.match(r"A/RES/").all()
    assert not final.duplicated(["symbol"]).any()


def test_sc_coverage(dataset):
    sc = dataset.rollcalls[dataset.rollcalls["body"] == "SC"]
    years = sc["date"].dt.year
    assert set(range(1994, 2026)) <= set(years)
    assert (sc["outcome"] == "vetoed").sum() >= 60
    assert (sc["outcome"] == "failed").sum() >= 40
    # Missing from unxml-sc, restored from the 2025 scrape.
    assert {"S/RES/2770 (2025)", "S/RES/2772 (2025)"} <= set(sc["symbol"])
    # Every draft's Council has at most 15 rows.
    per_call = (
        dataset.votes[dataset.votes["rollcall_id"].isin(set(sc["rollcall_id"]))]
        .groupby("rollcall_id", observed=True)
        .size()
    )
    assert per_call.max() <= 15


def test_vetoes_by_russia_on_ukraine_2022(dataset):
    sc = dataset.rollcalls
    vetoed = sc[(sc["outcome"] == "vetoed") & (sc["date"] == pd.Timestamp("2022-02-25"))]
    assert len(vetoed) == 1
    votes = dataset.votes[dataset.votes["rollcall_id"] == vetoed["rollcall_id"].iloc[0]].set_index("iso3")["vote"]
    assert votes["RUS"] == "N" and votes["USA"] == "Y" and votes["CHN"] == "A"


def test_votes_are_canonical(dataset):
    assert set(dataset.votes["vote"].cat.categories) == {"Y", "N", "A", "X"}
    assert not dataset.votes.duplicated(["rollcall_id", "iso3"]).any()
    assert dataset.votes["iso3"].isin(set(dataset.countries["iso3"])).all()
    assert dataset.rollcalls["rollcall_id"].is_unique


def test_historic_identity(dataset):
    v = dataset.votes.merge(dataset.rollcalls[["rollcall_id", "date"]], on="rollcall_id")
    cast = v[v["vote"] != "X"]
    span = cast.groupby("iso3", observed=True)["date"].agg(["min", "max"])
    assert span.loc["SUN", "max"] < pd.Timestamp("1992-01-01") <= span.loc["RUS", "min"]
    assert span.loc["FRG", "min"] >= pd.Timestamp("1973-09-18")
    assert span.loc["TWN", "max"] < pd.Timestamp("1971-10-26") <= span.loc["CHN", "min"]
    assert span.loc["YAR", "max"] < pd.Timestamp("1991-01-01")
    assert "ZAN" in span.index  # the two Zanzibar votes have a code
    assert list(harmonize(["SUN", "FRG", "TWN", "DDR", "YUG"])) == ["RUS", "DEU", "CHN", "DDR", "SRB"]


def test_resolve_names_and_dates():
    assert resolve("RUSSIAN FEDERATION", pd.Timestamp("2025-01-01")) == "RUS"
    assert resolve("Russia", pd.Timestamp("1960-01-01")) == "SUN"
    assert resolve("TÜRKİYE") == "TUR"
    assert resolve("REPUBLIC OF KOREA") == "KOR"
    assert resolve("DEMOCRATIC PEOPLE'S REPUBLIC OF KOREA") == "PRK"
    assert resolve("Yugoslavia", pd.Timestamp("2003-06-01")) == "SRB"
    assert resolve("Côte d’Ivoire") == "CIV"


def test_absent_members_are_x_not_missing(dataset):
    # 193 members in 2025: every GA roll call of 2025 has 193 rows.
    ga = dataset.rollcalls[(dataset.rollcalls["body"] == "GA") & (dataset.rollcalls["date"].dt.year == 2025)]
    sizes = (
        dataset.votes[dataset.votes["rollcall_id"].isin(set(ga["rollcall_id"]))]
        .groupby("rollcall_id", observed=True)
        .size()
    )
    assert (sizes == 193).all()


def test_unknown_symbol(dataset):
    with pytest.raises(GraphmodelError, match="unknown symbol"):
        dataset.rollcall("A/RES/999/999")


def test_countries_table(dataset):
    c = dataset.countries.set_index("iso3")
    assert c.loc["SUN", "continuity"] == "RUS"
    assert c.loc["CSK", "successors"] == "CZE;SVK"
    assert c.loc["USA", "regional_group"] == "Western European and Others"
    assert c.loc["BRA", "regional_group"] == "Latin American and Caribbean"
    current = c[c["left"].isna()]
    assert len(current) == 193

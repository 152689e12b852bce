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


# --- Security Council checks (graphmodel/sources/sccheck.py; data/README.md "Known defects")
# The Council of 1995 (UN Security Council membership: the five permanent members; Argentina,
# Czech Republic, Nigeria, Oman, Rwanda elected for 1994–95; Botswana, Germany, Honduras,
# Indonesia, Italy for 1995–96), which the build derives from the source's own consistent lists.
COUNCIL_1995 = ["ARG", "BWA", "CHN", "CZE", "DEU", "FRA", "GBR", "HND", "IDN", "ITA", "NGA", "OMN", "RUS", "RWA", "USA"]


def test_sc_1995_roll_calls_name_only_the_1995_council(dataset):
    checks = dataset.report["sc_checks"]
    assert checks["council"]["1995"]["members"] == COUNCIL_1995
    sc = dataset.rollcalls[dataset.rollcalls["body"] == "SC"]
    voters = dataset.votes[dataset.votes["rollcall_id"].isin(set(sc["rollcall_id"])) & (dataset.votes["vote"] != "X")]
    year = voters["rollcall_id"].astype(str).map(sc.set_index("rollcall_id")["date"].dt.year).astype(int)
    # No SC roll call of any year keeps a voter outside that year's Council.
    for y, members in voters.groupby(year)["iso3"].agg(set).items():
        assert members <= set(checks["council"][str(y)]["members"]), y


def test_sc_res_985_1995_has_no_contradicting_member_votes(dataset):
    # sc_voting lists the 2009 Council with 1 No and 4 abstentions on a resolution its own
    # "Outcome results" calls "Adopted unanimously": the member votes are dropped, the roll call kept.
    call = dataset.rollcall("S/RES/985 (1995)")
    assert call["outcome"] == "adopted" and call["date"] == pd.Timestamp("1995-04-13")
    assert len(dataset.votes_on("S/RES/985 (1995)")) == 0
    dropped = {d["symbol"]: d for d in dataset.report["sc_checks"]["dropped"]}
    assert "outside the Council of 1995" in dropped["S/RES/985 (1995)"]["reason"]
    assert "S/RES/1111 (1997)" in dropped
    # A 1995 roll call with the right Council is kept as recorded: 15 in favour.
    assert {k: n for k, n in tally(dataset, "S/RES/1025 (1995)").items() if n} == {"Y": 15}


def test_sc_build_report_counts(dataset):
    checks = dataset.report["sc_checks"]
    # 55 of sc_voting's 1995 roll calls, S/RES/1093, 1094, 1111 (1997), S/1999/328 (1999).
    assert checks["dropped_rollcalls"] == 59 and checks["dropped_votes"] == 877
    assert sum(d["date"].startswith("1995") for d in checks["dropped"]) == 55
    assert (
        dataset.report["ledger"][
            "SC roll calls whose member votes contradict the Council or the outcome (votes dropped, roll call kept)"
        ]
        == 59
    )
    # Six vetoed drafts repeated under "Adopted …" without a resolution number: copies dropped.
    assert (
        dataset.report["ledger"][
            "scvoting: repeated draft labelled adopted without a resolution number dropped (other row kept)"
        ]
        == 6
    )
    assert checks["swapped_dates"]["repaired"] == 327
    # Totals after the checks (were 8,901 / 2,050 / 1,116,001 before: 6 repeated drafts and 2
    # sc_voting copies of unxml-sc resolutions whose symbol year was a typo are gone, 877 votes dropped).
    assert dataset.report["totals"]["rollcalls"] == 8893 and dataset.report["totals"]["by_body"]["SC"] == 2042
    assert dataset.report["totals"]["votes"] == 1115004


def test_sc_symbol_year_matches_date(dataset):
    # unxml-sc dates S/RES/2423 (2018) "29 June 2016"; sc_voting holds it on 28 June 2018.
    call = dataset.rollcall("S/RES/2423 (2018)")
    assert call["date"] == pd.Timestamp("2018-06-28") and call["session"] == "2018" and call["session_no"] == 2018
    actions = {e["symbol"]: e["action"] for e in dataset.report["sc_checks"]["symbol_year"]}
    assert actions["S/RES/2423 (2018)"] == "date repaired"
    assert actions["S/RES/1588 (2055)"] == "symbol repaired"
    sc = dataset.rollcalls[(dataset.rollcalls["body"] == "SC") & dataset.rollcalls["symbol"].notna()]
    year = sc["symbol"].str.extract(r"\((\d{4})\)$")[0].astype(int)
    assert (year == sc["date"].dt.year).all()
    assert not sc.duplicated("symbol").any()


def test_sc_voting_swapped_dates_repaired(dataset):
    # sc_voting writes 8 February 1995 as 1995-08-02; the meeting order gives the day back.
    assert dataset.rollcall("S/RES/976 (1995)")["date"] == pd.Timestamp("1995-02-08")
    assert dataset.rollcall("S/RES/893 (1994)")["date"] == pd.Timestamp("1994-01-06")
    # The four repeated vetoes of 1996–1999 are each one roll call, vetoed.
    sc = dataset.rollcalls[dataset.rollcalls["body"] == "SC"]
    for draft in ("S/1996/952", "S/1997/18", "S/1997/199", "S/1999/201"):
        assert sc.loc[sc["draft"] == draft, "outcome"].tolist() == ["vetoed"], draft

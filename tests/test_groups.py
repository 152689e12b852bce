"""Dated group memberships and period-true bloc names."""

import pandas as pd

from graphmodel.communities import name_blocs
from graphmodel.countries import (
    EU_ACCESSION,
    eu_members,
    european_union_name,
    group_members,
    group_table,
    groups_of,
    seat_holder,
)


def test_group_rows_are_well_formed():
    table = group_table()
    assert {"EEC", "EC", "EU", "NATO", "Warsaw Pact", "P5"} <= set(table["group"])  # + groups_more.csv (issue 13)
    assert (table["to"].isna() | (table["from"] < table["to"])).all()


def test_european_rows_agree_with_the_accession_table():
    for date in ["1960-01-01", "1975-01-01", "1987-01-01", "1990-12-01", "2005-01-01", "2015-01-01", "2021-01-01"]:
        assert group_members(european_union_name(date), date) == eu_members(date), date
    assert set(EU_ACCESSION) <= set(group_table()["iso3"])


def test_names_follow_the_calendar():
    assert european_union_name("1959-06-01") == "EEC"
    assert european_union_name("1980-06-01") == "EC"
    assert european_union_name("1994-06-01") == "EU"
    assert group_members("EU", "1985-01-01") == []
    assert "ESP" not in group_members("NATO", "1980-01-01") and "ESP" in group_members("NATO", "1983-01-01")
    assert group_members("Warsaw Pact", "1992-01-01") == []
    assert "ALB" in group_members("Warsaw Pact", "1960-01-01") and "ALB" not in group_members(
        "Warsaw Pact", "1970-01-01"
    )
    assert groups_of("GBR", "2021-01-01") == ["NATO", "P5"]
    assert group_members("P5", "1970-01-01") == ["FRA", "GBR", "SUN", "TWN", "USA"]


def test_seats_are_period_true():
    assert seat_holder("RUS", pd.Timestamp("1991-12-01")) == "SUN"
    assert seat_holder("RUS", pd.Timestamp("1992-01-01")) == "RUS"
    assert seat_holder("DEU", "1985-01-01") == "FRG"
    assert seat_holder("CHN", "1965-01-01") == "TWN"


def test_bloc_names_never_use_absent_states_or_future_groups():
    soviet = {"RUS", "POL", "HUN", "BGR", "CSK", "ROU"}
    west = {"USA", "GBR", "FRA", "DEU", "BEL", "NLD", "ITA", "LUX", "DNK", "IRL", "GRC", "CAN", "NOR"}
    names = name_blocs([west, soviet], "1987-12-01")
    assert names == ["USA+EC+NATO", "USSR+Warsaw Pact"]
    assert "RUS" not in "".join(names) and "EU" not in names[0].split("+")
    # the UK outside the EU after 2020 is named as an anchor again
    assert name_blocs([{"USA", "GBR"}, {"FRA", "DEU", "ITA"}], "2022-01-01") == ["USA+GBR", "EU+NATO"]

"""Dyad files in Voeten's layout with COW codes: round trips through CSV, parquet and Stata."""

import numpy as np
import pandas as pd
import pytest

import graphmodel as gm
from graphmodel.export import cow_codes, dyads, write_dyads


@pytest.fixture(scope="module")
def table(dataset):
    return dyads(dataset, by="year", start="2022-01-01", end="2024-12-31")


def test_every_member_has_a_cow_code_historic_states_included(dataset):
    codes = cow_codes()
    assert set(dataset.countries["iso3"]) <= set(codes.index)
    assert codes[["USA", "SUN", "RUS", "FRG", "DEU", "DDR", "YAR", "YMD", "YEM", "TWN"]].tolist() == [
        2,
        365,
        365,
        260,
        255,
        265,
        678,
        680,
        679,
        713,
    ]


def test_rows_are_every_ordered_pair_of_each_years_states(dataset, table):
    expected = 0
    for _window, vm in dataset.window_matrices(by="year", start="2022-01-01", end="2024-12-31", harmonize=False):
        expected += len(vm.countries) * (len(vm.countries) - 1)
    assert len(table) == expected == 3 * 193 * 192
    assert list(table.columns) == ["ccode1", "ccode2", "iso3_1", "iso3_2", "year", "agree", "n"]
    usa_rus = table[(table["iso3_1"] == "USA") & (table["iso3_2"] == "RUS")].set_index("year")["agree"]
    reverse = table[(table["iso3_1"] == "RUS") & (table["iso3_2"] == "USA")].set_index("year")["agree"]
    assert np.allclose(usa_rus, reverse)
    compared = gm.compare(dataset, "USA", "RUS", by="year", start="2022-01-01", end="2024-12-31")
    assert np.allclose(usa_rus.to_numpy(), compared["agreement"].to_numpy())


@pytest.mark.parametrize("suffix", [".csv", ".parquet", ".dta"])
def test_dyad_file_round_trip(table, tmp_path, suffix):
    path = write_dyads(table, tmp_path / f"dyads{suffix}")
    back = {".csv": pd.read_csv, ".parquet": pd.read_parquet, ".dta": pd.read_stata}[suffix](path)
    assert len(back) == len(table) == 111_168
    assert back["ccode1"].astype(int).tolist() == table["ccode1"].astype(int).tolist()
    assert np.allclose(back["agree"].to_numpy(float), table["agree"].to_numpy(float), equal_nan=True)


def test_session_windows_and_another_index(dataset):
    t = dyads(dataset, by="session", start="2024-09-01", end="2025-08-31", index="kappa")
    assert list(t.columns) == ["ccode1", "ccode2", "iso3_1", "iso3_2", "session", "agree", "kappa", "n"]
    assert set(t["session"]) == {79}

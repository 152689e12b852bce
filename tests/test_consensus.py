"""Consensus adoptions (sessions 74-80) as unrecorded roll calls, only on request (Häge & Hug)."""

from pathlib import Path

import pytest

import graphmodel as gm
from graphmodel.consensus import consensus_rollcalls, read_consensus

RAW = Path(__file__).resolve().parents[2] / "shared" / "data" / "raw" / "unxml-ga"


def test_bundled_table_is_what_the_reader_gives_from_the_dgacm_files():
    if not RAW.is_dir():
        pytest.skip(f"raw files not found at {RAW}")
    fresh = read_consensus(RAW)
    bundled = consensus_rollcalls()
    assert len(fresh) == len(bundled) == 1458  # 1,476 records, 18 repeated in 79.json/80.json
    assert fresh["symbol"].tolist() == bundled["symbol"].tolist()
    assert not bundled["recorded"].any()


def test_consensus_roll_calls_enter_only_on_request_and_raise_agreement(dataset):
    options = {"by": "year", "start": "2022-01-01", "end": "2022-12-31"}
    plain = gm.compare(dataset, "USA", "RUS", **options)
    both = gm.compare(dataset, "USA", "RUS", with_consensus=True, **options)
    assert int(plain["rollcalls"].iloc[0]) == 89
    assert int(both["rollcalls"].iloc[0]) == 89 + 244
    # Every member agrees on each consensus adoption: (0.303 * 89 + 244) / 333.
    expected = (plain["agreement"].iloc[0] * 89 + 244) / 333
    assert both["agreement"].iloc[0] == pytest.approx(expected)


def test_with_consensus_is_an_option_of_every_analysis():
    assert gm.Windows(with_consensus=True).with_consensus
    from click.testing import CliRunner

    from graphmodel.cli import main

    assert "--with-consensus" in CliRunner().invoke(main, ["compare", "--help"]).output


def test_with_consensus_before_2019_warns_which_years_lack_it(dataset):
    t = gm.compare(dataset, "USA", "RUS", by="year", start="2015-01-01", end="2020-12-31", with_consensus=True)
    (warning,) = t.attrs["params"]["warnings"]
    assert "2015–2018" in warning

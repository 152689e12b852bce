"""Sessions from the calendar, partial windows and coverage, on the bundled data."""

import pytest

import graphmodel
from graphmodel.windows import filter_rollcalls, ga_session, ga_sessions, latest_complete, make_windows


@pytest.fixture(scope="module")
def ds():
    return graphmodel.load_dataset()


@pytest.fixture(scope="module")
def ga(ds):
    calls = filter_rollcalls(ds.rollcalls)
    return calls.assign(ga_session=ga_session(calls))


def test_calendar_lists_every_session_once():
    table = ga_sessions()
    assert table["session"].tolist() == list(range(1, 81))
    assert table["opened"].is_monotonic_increasing
    assert (table["closes"].iloc[:-1].to_numpy() < table["opened"].iloc[1:].to_numpy()).all()


def test_symbol_names_the_session(ga):
    by_symbol = ga.set_index("symbol")["ga_session"]
    assert by_symbol["A/RES/79/329"] == 79
    assert all(by_symbol[f"A/RES/79/{n}"] == 79 for n in range(329, 335) if f"A/RES/79/{n}" in by_symbol)
    assert by_symbol["A/DEC/80/506"] == 80
    # emergency special sessions go to the regular session in progress
    assert by_symbol["A/RES/ES-11/7"] == 79
    assert by_symbol["A/RES/ES-11/1"] == 76


def test_opening_dates_agree_with_exact_dated_votes(ga):
    """Sources with day-exact dates (UNxml, UN DL) never put a session's vote before its opening."""
    opened = ga_sessions().set_index("session")["opened"]
    exact = ga[ga["source"] != "unvotes"]
    numbered = exact[exact["session"].str.fullmatch(r"\d+", na=False)]
    first = numbered.groupby("ga_session")["date"].min()
    assert (first >= opened[first.index]).all()
    # and the session before had ended: its last vote precedes the next opening
    last = numbered.groupby("ga_session")["date"].max()
    following = opened.shift(-1)[last.index].dropna()
    assert (last[following.index] < following).all()


def test_session_windows_are_flagged_partial_at_the_data_horizon(ds):
    windows = make_windows(filter_rollcalls(ds.rollcalls), "session", horizon=ds.rollcalls["date"].max())
    by_label = {w.label: w for w in windows}
    assert by_label["80"].partial and not by_label["79"].partial
    assert windows[latest_complete(windows)].label == "79"
    assert 0.5 < by_label["79"].coverage < 2


def test_partial_year_2026(ds):
    windows = make_windows(
        filter_rollcalls(ds.rollcalls), "year", start="2010-01-01", horizon=ds.rollcalls["date"].max()
    )
    last = windows[-1]
    assert last.label == "2026" and last.partial and last.coverage < 0.5
    assert not windows[0].partial  # 2010 starts on 1 January: not cut
    assert windows[latest_complete(windows)].label == "2025"
    cut = make_windows(filter_rollcalls(ds.rollcalls), "year", start="2010-03-01")
    assert cut[0].partial

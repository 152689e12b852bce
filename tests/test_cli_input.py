"""Bad input to the command line as a new user types it: one line naming the value, exit 1, no
traceback, and nothing computed first (a missing --data-dir proves the check came before the load)."""

import subprocess
import sys

import pytest

NO_DATA = ("--data-dir", "/nonexistent/graphmodel-data")


def run(*args):
    return subprocess.run([sys.executable, "-m", "graphmodel", *args], capture_output=True, text=True)


def fails(result, message):
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.strip() == f"error: {message}"


def test_votes_country_unknown_stops_before_the_dataset_loads():
    fails(
        run("votes", "A/RES/ES-11/7", "A/RES/ES-11/8", "--country", "XYZ", *NO_DATA),
        "unknown country 'XYZ' (a country name, ISO2 or ISO3 code)",
    )
    fails(
        run("votes", "A/RES/ES-11/7", "--country", "USA", "--country", "Atlantis", *NO_DATA),
        "unknown country 'Atlantis' (a country name, ISO2 or ISO3 code)",
    )
    fails(
        run("votes", "A/RES/ES-11/7", "--country", "EU", *NO_DATA),
        "--country takes one country, not the group 'EU' (compare accepts groups)",
    )


@pytest.mark.slow
def test_votes_country_filters_one_roll_call_and_resolves_names():
    result = run("votes", "A/RES/ES-11/7", "--country", "USA", "--country", "russia", "--country", "UA")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "recorded totals (yes-no-abstain): 93-18-65" in lines  # the header stays whole
    assert lines[-3:] == ["USA  United States: No", "RUS  Russia: No", "UKR  Ukraine: Yes"]
    rows = run("votes", "A/RES/ES-11/7", "--country", "russia", "--format", "csv").stdout.splitlines()
    assert rows == ["iso3,name,vote", "RUS,Russia,N"]
    side = run("votes", "A/RES/ES-11/7", "A/RES/ES-11/8", "--country", "russia", "--format", "csv").stdout
    assert side.splitlines()[1] == "RUS,Russia,N,N" and "NaN" not in side


@pytest.mark.slow
def test_votes_on_symbols_voted_only_in_parts():
    # 767 older symbols have amendment or paragraph votes only: one is shown with its flag ...
    one = run("votes", "R/5/233A")
    assert one.returncode == 0, one.stderr
    assert one.stdout.splitlines()[0] == "R/5/233A  GA session 5  1950-10-07  (paragraph vote, roll call unvotes:240)"
    assert "counted: 19 yes, 35 no, 6 abstain, 0 did not vote" in one.stdout
    # ... several are listed by rollcall_id, any of which the command then takes
    several = run("votes", "R/72/50")
    assert several.returncode == 1 and "Traceback" not in several.stderr
    assert several.stderr.startswith(
        "error: 'R/72/50' has no vote on the final text under this symbol, only 8 amendment or paragraph votes: "
        "unvotes:5992 (paragraph, 2017-12-04); unvotes:5993 (paragraph, 2017-12-04);"
    )
    assert several.stderr.strip().endswith(
        "pass one of these rollcall_ids instead of the symbol (the final text's vote: A/RES/72/50)"
    )
    picked = run("votes", "unvotes:5992")
    assert picked.returncode == 0 and "(paragraph vote, roll call unvotes:5992)" in picked.stdout
    # spacing and hyphens are ignored ('ES 11' is 'ES-11'; no two symbols differ only so)
    spaced = run("votes", "a/res/es 11/7")
    assert spaced.returncode == 0 and spaced.stdout.startswith("A/RES/ES-11/7  GA session ES-11")

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

"""The command line as a user runs it (subprocess: exit codes and output)."""

import json
import subprocess
import sys


def run(*args):
    return subprocess.run([sys.executable, "-m", "graphmodel", *args], capture_output=True, text=True)


def test_votes_es_11_7_table():
    result = run("votes", "A/RES/ES-11/7")
    assert result.returncode == 0
    assert "recorded totals (yes-no-abstain): 93-18-65" in result.stdout
    no_line = next(line for line in result.stdout.splitlines() if line.startswith("No (18)"))
    assert " USA" in no_line and " RUS" in no_line


def test_votes_csv_and_json():
    csv_out = run("votes", "S/RES/2774", "--format", "csv").stdout.splitlines()
    assert csv_out[0] == "iso3,name,vote"
    assert "GBR,United Kingdom,A" in csv_out and len(csv_out) == 16
    payload = json.loads(run("votes", "A/RES/ES-11/8", "--format", "json").stdout)
    votes = {v["iso3"]: v["vote"] for v in payload["votes"]}
    assert votes["USA"] == "A" and votes["RUS"] == "N"


def test_unknown_symbol_exit_code():
    result = run("votes", "A/RES/NOPE/1")
    assert result.returncode == 1
    assert "unknown symbol" in result.stderr and "Traceback" not in result.stderr


def test_data_info():
    result = run("data", "info", "--body", "GA")
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert lines.pop(0).startswith("dataset: ")
    completeness = lines[lines.index("") + 1 :]  # then completeness against the State Department's counts
    lines = lines[: lines.index("")]
    assert "State Department" in completeness[0] and len(completeness) == 9
    assert lines[0].split()[:4] == ["body", "session", "first", "last"]
    assert any(line.split()[1] == "ES-11" for line in lines[1:])
    assert sum(1 for line in lines[1:] if line.split()[1].isdigit()) == 80


def test_import_unknown_file_is_clear(tmp_path):
    result = run("data", "import", str(tmp_path / "nothing.csv"), "--out", str(tmp_path / "x"))
    assert result.returncode == 1 and "no such file" in result.stderr

"""The command line as a user runs it (subprocess: exit codes and output)."""

import json
import subprocess
import sys

import pytest


def run(*args):
    return subprocess.run([sys.executable, "-m", "graphmodel", *args], capture_output=True, text=True)


def test_votes_es_11_7_table():
    result = run("votes", "A/RES/ES-11/7")
    assert result.returncode == 0
    assert "recorded totals (yes-no-abstain): 93-18-65" in result.stdout
    no_line = next(line for line in result.stdout.splitlines() if line.startswith("No (18)"))
    assert " USA" in no_line and " RUS" in no_line


@pytest.mark.slow
def test_votes_csv_and_json():
    csv_out = run("votes", "S/RES/2774", "--format", "csv").stdout.splitlines()
    assert csv_out[0] == "iso3,name,vote"
    assert "GBR,United Kingdom,A" in csv_out and len(csv_out) == 16
    payload = json.loads(run("votes", "A/RES/ES-11/8", "--format", "json").stdout)
    votes = {v["iso3"]: v["vote"] for v in payload["votes"]}
    assert votes["USA"] == "A" and votes["RUS"] == "N"
    # totals as numbers, flags as booleans, the date as ISO text (they were all strings)
    call = payload["rollcall"]
    assert (call["yes"], call["no"], call["abstain"]) == (93, 8, 73)
    assert call["amend"] is False and call["date"] == "2025-02-24" and call["draft"] is None


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


@pytest.mark.slow
def test_symbols_are_normalised_and_suggested():
    assert run("votes", "a/res/es-11/7").returncode == 0
    assert "A/RES/ES-11/7" in run("votes", "A / RES / ES-11/7").stdout
    result = run("votes", "ES-11/7")
    assert result.returncode == 1 and "did you mean A/RES/ES-11/7?" in result.stderr


@pytest.mark.slow
def test_votes_side_by_side_in_every_format():
    symbols = ("A/RES/ES-11/7", "A/RES/ES-11/8", "S/RES/2774")
    table = run("votes", *symbols, "--country", "USA", "--country", "RUS").stdout.splitlines()
    assert table[0].split()[:2] == ["iso3", "name"] and "S/RES/2774 (2025)" in table[0]
    assert table[1].split()[-3:] == ["N", "A", "Y"] and table[2].split()[-3:] == ["N", "N", "Y"]
    rows = run("votes", *symbols, "--format", "csv").stdout.splitlines()
    assert "USA,United States,N,A,Y" in rows and rows[-1] == "totals,Yes-No-Abstain,93-18-65,93-8-73,10-0-5"
    payload = json.loads(run("votes", *symbols, "--format", "json").stdout)
    usa = next(r for r in payload["rows"] if r["iso3"] == "USA")
    assert usa["A/RES/ES-11/7"] == "N" and payload["params"]["symbols"] == list(symbols)


@pytest.mark.slow
def test_data_info_formats():
    rows = run("data", "info", "--body", "SC", "--format", "csv").stdout.splitlines()
    assert rows[0] == "body,session,first,last,rollcalls,votes,countries,sources"
    payload = json.loads(run("data", "info", "--body", "GA", "--format", "json").stdout)
    assert sum(1 for r in payload["rows"] if r["session"].isdigit()) == 80


@pytest.mark.slow
def test_compare_and_shifts_formats(tmp_path):
    base = ("compare", "USA", "RUS", "--by", "year", "--from", "2024-01-01", "--to", "2025-12-31")
    table = run(*base).stdout.splitlines()
    assert table[0].split()[:6] == ["window", "start", "end", "partial", "rollcalls", "n"]
    assert run(*base, "--format", "csv").stdout.splitlines()[1].startswith("2024,")
    assert [r["window"] for r in json.loads(run(*base, "--format", "json").stdout)["rows"]] == ["2024", "2025"]
    shifts = ("shifts", "--from", "2024", "--to", "2025", "--by", "year", "--boot", "50", "--top", "3")
    text = run(*shifts).stdout
    assert text.startswith("Agreement (agree) with USA: window 2024 (") and "50 bootstrap draws" in text
    rows = run(*shifts, "--format", "csv", "--out", str(tmp_path / "s.json")).stdout.splitlines()
    assert rows[0] == "iso3,name,before,after,shift,ci_low,ci_high" and len(rows) == 4
    saved = json.loads((tmp_path / "s.json").read_text())
    assert saved["params"]["anchor"] == "USA" and saved["params"]["to"]["window"] == "2025"


@pytest.mark.slow
def test_analyze_formats_and_an_out_folder_that_holds_one_run(tmp_path):
    out = tmp_path / "analysis"
    base = ("analyze", "--by", "year", "--from", "2024-01-01", "--out", str(out))
    first = run(*base)
    assert first.returncode == 0 and "Latest complete window 2025" in first.stdout
    assert sorted(p.name for p in out.iterdir()) == [
        "blocs.csv",
        "nodes.csv",
        "params.json",
        "switches.csv",
        "transitions.csv",
    ]  # no graph files unless asked
    again = run(*base)
    assert again.returncode == 1 and "is not empty" in again.stderr and "--overwrite" in again.stderr
    (out / "notes.txt").write_text("mine")
    result = run(*base, "--overwrite", "--graph-format", "graphml.gz", "--format", "csv")
    assert result.returncode == 0
    header, row = result.stdout.splitlines()[:2]
    assert header.startswith("window,bloc,local_bloc,name,size,members") and row.startswith("2025,")
    assert (out / "notes.txt").read_text() == "mine"
    assert sorted(p.name for p in (out / "graphs").iterdir()) == [
        "2024.graphml.gz",
        "2025.graphml.gz",
        "2026.graphml.gz",
    ]
    import gzip

    assert b"<graphml" in gzip.open(out / "graphs" / "2025.graphml.gz").read(4000)
    payload = json.loads(run(*base, "--overwrite", "--format", "json").stdout)
    assert payload["params"]["windows"]["by"] == "year" and not (out / "graphs").exists()


def test_every_option_of_every_command_has_help():
    import click

    from graphmodel.cli import main

    missing = []

    def walk(command, path):
        if isinstance(command, click.Group):
            for name, sub in command.commands.items():
                walk(sub, [*path, name])
        else:
            missing.extend(
                f"{' '.join(path)} {p.opts[0]}" for p in command.params if isinstance(p, click.Option) and not p.help
            )

    walk(main, [])
    assert not missing


def test_story_names_the_votes_and_what_the_numbers_rest_on():
    result = run("story", "--boot", "20")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    no_line = next(line for line in lines if line.strip().startswith("No (18):"))
    assert " USA" in no_line and " RUS" in no_line
    assert "USA voted No, RUS voted No" in result.stdout
    assert "rests on 2025:" in result.stdout and "2025-01-20..2025-12-31" in result.stdout
    assert "Biggest movers in agreement with USA (index agree): window 2024-" in result.stdout
    # the periods as the votes cover them, not as the filter asked
    assert "in 2024 (votes 2024-03-15..2024-12-24) vs from 2025-01-20 (votes 2025-02-24..2025-12-18)" in result.stdout
    # US-Russia on all votes carries its interval; the Ukraine value is shown vote by vote
    assert "USA-RUS, all votes: 0.29 (92 roll calls) -> 0.19 (192 roll calls)" in result.stdout
    assert "change -0.10, 95% interval" in result.stdout
    assert "A/RES/ES-11/7: USA No, RUS No (same)" in result.stdout
    assert "A/RES/ES-11/8: USA Abstain, RUS No" in result.stdout
    reading = " ".join(line.strip() for line in lines)
    assert "the US voted as Russia did on 1 (A/RES/ES-11/7) and differently on 3" in reading
    assert "27 of 27 with a 95% interval below zero" in result.stdout
    # levels unsigned, changes signed
    assert any(line.split()[:5] == ["FSM", "Micronesia", "0.84", "0.29", "-0.55"] for line in lines)


def test_votes_says_why_member_votes_were_dropped():
    result = run("votes", "S/RES/985 (1995)")
    assert result.returncode == 0
    assert "member votes dropped by the build (15 rows: 10 voters outside the Council of 1995" in result.stdout
    assert "Yes (0):" in result.stdout

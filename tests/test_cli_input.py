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


def test_out_files_are_checked_before_any_work(tmp_path):
    existing = tmp_path / "existing.csv"
    existing.write_text("mine")
    fails(
        run("dyads", "--out", f"{existing}/a.csv", *NO_DATA),
        f"cannot write {existing}/a.csv: {existing} is a file, not a folder",
    )
    fails(
        run("idealpoints", "--out", "/nonexistent/x.csv", "--boot", "0", *NO_DATA),
        "cannot write /nonexistent/x.csv: folder /nonexistent does not exist",
    )
    # a file, like a folder, is not replaced without --overwrite
    for command in (("dyads",), ("compare", "USA", "RUS"), ("cosponsors", "--session", "79")):
        fails(
            run(*command, "--out", str(existing), *NO_DATA),
            f"{existing} exists: choose a new --out file, or pass --overwrite to replace it",
        )
    assert existing.read_text() == "mine"


@pytest.mark.slow
def test_out_file_overwrite_replaces_whole(tmp_path):
    target = tmp_path / "agree.csv"
    target.write_text("mine")
    args = ("compare", "USA", "RUS", "--by", "year", "--from", "2024-01-01", "--to", "2025-12-31", "--out", str(target))
    result = run(*args, "--overwrite")
    assert result.returncode == 0, result.stderr
    assert target.read_text().splitlines()[0].startswith("window,start,end,partial,rollcalls,n,agreement")
    assert [p.name for p in tmp_path.iterdir()] == ["agree.csv"]  # no temporary left behind


def test_write_atomic_keeps_the_old_file_when_the_write_fails(tmp_path):
    from graphmodel.errors import GraphmodelError
    from graphmodel.export import write_atomic

    target = tmp_path / "a.csv"
    target.write_text("old")

    def broken(path):
        path.write_text("half")
        raise OSError(28, "No space left on device")

    with pytest.raises(GraphmodelError, match="cannot write .*a.csv: No space left on device"):
        write_atomic(target, broken)
    assert target.read_text() == "old" and [p.name for p in tmp_path.iterdir()] == ["a.csv"]


@pytest.mark.slow
def test_figures_window_is_checked_before_the_analysis(tmp_path):
    out = tmp_path / "figs"
    fails(run("figures", "--window", "99", "--out", str(out)), "no GA session '99'; sessions run 1–80")
    fails(
        run("figures", "--window", "1950", "--out", str(out)),
        "no GA session '1950'; sessions run 1–80 (1950 is a year: GA session 5 opened on 1950-09-19)",
    )
    # 1964's session 19 held one recorded vote (the no-vote session over Article 19)
    fails(
        run("figures", "--window", "19", "--out", str(out)),
        "GA session 19 has 1 roll call, fewer than the 10 an analysis needs",
    )
    assert not out.exists()


@pytest.mark.slow
def test_filter_and_period_errors_name_the_value():
    fails(
        run("compare", "USA", "RUS", "--issue", "xx"),
        "unknown issue 'xx': not a Voeten code (me nu di hr co ec), not a named topic (UKRAINE, PALESTINE, "
        "MIDDLE EAST, ISRAEL, NUCLEAR, DISARMAMENT, HUMAN RIGHTS, COLONIALISM, DEVELOPMENT, HUMAN RIGHTS BY COUNTRY, "
        "APARTHEID, KOREA, IRAN, SYRIA, MYANMAR, CUBA, AFGHANISTAN, CYPRUS, WESTERN SAHARA; or HUMAN RIGHTS "
        "<country>), and in no roll call's UN subject terms",
    )
    # the data's last GA vote is 4 June 2026; the first on Ukraine (topic) 19 December 2016
    fails(
        run("compare", "USA", "RUS", "--from", "2030-01-01"),
        "empty window: no roll call from 2030-01-01 on; the GA roll calls run from 1946-01-01 to 2026-06-04",
    )
    fails(
        run("compare", "USA", "RUS", "--issue", "UKRAINE", "--to", "2010-12-31"),
        "empty window: no roll call up to 2010-12-31; the GA roll calls matching the filters run from "
        "2016-12-19 to 2025-12-18",
    )


def test_country_options_are_checked_before_work():
    message = "unknown country 'XYZ' (a country name, ISO2 or ISO3 code)"
    fails(run("cosponsors", "--session", "79", "--show", "partners", "--country", "XYZ", *NO_DATA), message)
    fails(run("idealpoints", "--focus", "XYZ", *NO_DATA), message)


@pytest.mark.slow
def test_windows_left_out_are_named(tmp_path):
    base = ("compare", "USA", "RUS", "--by", "year")
    result = run(*base, "--from", "1950-01-01", "--to", "1952-12-31")
    assert result.returncode == 0 and [line.split()[0] for line in result.stdout.splitlines()[1:]] == ["1950", "1952"]
    assert (
        result.stderr
        == "warning: 1 window left out with fewer than 10 roll calls (--min-rollcalls): 1951 (7 roll calls)\n"
    )
    # 1964 is not dropped: no GA vote was recorded that year (session 19 voted once, on 6 February 1965)
    result = run(*base, "--from", "1960-01-01", "--to", "1966-12-31")
    assert result.returncode == 0 and result.stderr == "warning: no year window for 1964: no roll call then\n"
    out = tmp_path / "d.csv"
    result = run("dyads", "--by", "year", "--from", "1950-01-01", "--to", "1966-12-31", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines() == [
        "warning: 1 window left out with fewer than 10 roll calls (--min-rollcalls): 1951 (7 roll calls)",
        "warning: no year window for 1964: no roll call then",
    ]
    assert result.stdout.strip().endswith("15 windows (year)")  # 1950-1966 less 1951 and 1964


@pytest.mark.slow
def test_compare_shows_the_real_covotes_and_names_the_thresholds():
    # USA and Russia shared 8 votes on ISRAEL in 2015: n is 8 (not 0), the agreement undefined
    result = run(
        "compare",
        "USA",
        "RUS",
        "--by",
        "year",
        "--from",
        "2015-01-01",
        "--to",
        "2015-12-31",
        "--issue",
        "ISRAEL",
        "--min-rollcalls",
        "1",
        "--format",
        "csv",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[1].startswith("2015,2015-11-24,2015-12-22,False,8,8,,")
    assert result.stderr == (
        "warning: agreement undefined in every window: fewer than 10 shared roll calls (min_covotes, --min-covotes): "
        "2015 (8 shared)\n"
    )
    fails(
        run(
            "compare", "USA", "RUS", "--by", "range", "--from", "2025-01-20", "--to", "2025-12-31", "--issue", "UKRAINE"
        ),
        "every window has fewer than 10 roll calls (min_rollcalls, --min-rollcalls): the largest has 4",
    )


@pytest.mark.slow
def test_the_story_prints_a_command_that_reproduces_it():
    story = run("story", "--boot", "0")
    assert story.returncode == 0, story.stderr
    line = next(line for line in story.stdout.splitlines() if "(graphmodel compare" in line)
    command = line.split("(graphmodel ", 1)[1].split(" [--issue UKRAINE]")[0].split()
    assert command[-4:] == ["--min-rollcalls", "1", "--min-covotes", "1"]
    assert "USA-RUS, Ukraine votes (subject UKRAINE): 0.00 (2 roll calls) -> 0.38 (4 roll calls)" in story.stdout
    result = run(*command, "--issue", "UKRAINE", "--format", "csv")
    assert result.returncode == 0, result.stderr
    row = result.stdout.splitlines()[1].split(",")
    assert row[4:7] == ["4", "4", "0.375"]  # rollcalls, n, agreement: the story's 0.38 on 4 roll calls


def test_write_atomic_removes_the_temporary_a_killed_writer_left(tmp_path):
    """kill -9 during a write leaves the target whole (measured on `dyads --overwrite`: the old file
    or all 1,938,788 rows) but its temporary behind; the next write clears it, not a live one."""
    import subprocess
    import sys

    from graphmodel.export import write_atomic

    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead = tmp_path / f".a.{int(gone.stdout)}.tmp.csv"  # its process has exited
    dead.write_text("partial")
    alive = tmp_path / ".a.1.tmp.csv"  # pid 1 always runs
    alive.write_text("being written")
    write_atomic(tmp_path / "a.csv", lambda p: p.write_text("new"))
    assert sorted(p.name for p in tmp_path.iterdir()) == [".a.1.tmp.csv", "a.csv"]
    assert (tmp_path / "a.csv").read_text() == "new"

"""Voeten's Dataverse vote file layout (UNVotes*.csv): a fixture built from bundled votes reads back."""

import pandas as pd
import pytest

from graphmodel.errors import InputError
from graphmodel.export import cow_codes
from graphmodel.sources.voeten import read_voeten

CODE = {"Y": 1, "A": 2, "N": 3, "X": 8}


def _fixture(dataset, ids, rcids=None) -> pd.DataFrame:
    """Bundled roll calls written in the exact UNVotes layout, non-members included as 9.

    ``rcids`` maps ids without an rcid of their own (not from ``unvotes``) to one."""
    calls = dataset.rollcalls.set_index("rollcall_id").loc[ids]
    votes = dataset.votes[dataset.votes["rollcall_id"].isin(ids)]
    cow = cow_codes()
    everyone = sorted(set(dataset.countries["iso3"]) & set(cow.index))
    rows = []
    for rid, call in calls.iterrows():
        cast = votes[votes["rollcall_id"] == rid].set_index("iso3")["vote"]
        issues = "" if pd.isna(call["issues"]) else str(call["issues"]).split(";")
        for iso3 in everyone:
            vote = CODE[cast[iso3]] if iso3 in cast.index else 9
            if iso3 not in cast.index and iso3 in ("SUN", "YUG", "CSK", "FRG", "DDR", "YAR", "YMD", "ZAN", "TWN"):
                continue  # a historic seat and its successor share a COW code; one row per ccode
            rows.append(
                {
                    "rcid": (rcids or {}).get(rid) or int(rid.split(":")[1]),
                    "ccode": int(cow[iso3]),
                    "member": int(vote != 9),
                    "vote": vote,
                    "Country": iso3,
                    "Countryname": iso3,
                    "year": call["date"].year,
                    "session": int(call["session"]),
                    "abstain": call["abstain"],
                    "yes": call["yes"],
                    "no": call["no"],
                    "importantvote": int(call["important"] is True),
                    "date": call["date"].date().isoformat(),
                    "unres": call["symbol"],
                    "amend": int(call["amend"] is True),
                    "para": int(call["para"] is True),
                    "short": call["title"],
                    "descr": call["title"],
                    **{code: int(code in issues) for code in ("me", "nu", "di", "hr", "co", "ec")},
                }
            )
    return pd.DataFrame(rows)


@pytest.mark.parametrize("session", ["45", "70"])
def test_voeten_layout_reads_back_to_the_bundled_votes(dataset, tmp_path, session):
    calls = dataset.rollcalls
    ids = calls[(calls["source"] == "unvotes") & (calls["session"] == session)]["rollcall_id"].head(12).tolist()
    path = tmp_path / "UNVotes-1.csv"
    _fixture(dataset, ids).to_csv(path, index=False)
    tables = read_voeten(path)
    assert len(tables.rollcalls) == 12
    got = tables.votes.assign(rollcall_id=lambda d: "unvotes:" + d["rollcall_id"].str.split(":").str[1])
    want = dataset.votes[dataset.votes["rollcall_id"].isin(ids)]
    merged = want.astype(str).merge(got.astype(str), on=["rollcall_id", "iso3"], how="outer", indicator=True)
    assert (merged["_merge"] == "both").all() and (merged["vote_x"] == merged["vote_y"]).all()
    original = calls.set_index("rollcall_id").loc[ids, "issues"].fillna("").tolist()
    assert tables.rollcalls["issues"].tolist() == original
    if session == "45":  # 1990: the USSR votes as 365 and is read back as SUN
        assert "SUN" in set(tables.votes["iso3"]) and "RUS" not in set(tables.votes["iso3"])


def test_voeten_reader_names_bad_input(tmp_path):
    path = tmp_path / "UNVotes.csv"
    pd.DataFrame({"rcid": [1], "ccode": [2], "vote": [5], "session": [1], "year": [1946]}).to_csv(path, index=False)
    with pytest.raises(InputError, match="unknown vote code"):
        read_voeten(path)
    pd.DataFrame({"rcid": [1], "ccode": [2], "vote": [1]}).to_csv(path, index=False)
    with pytest.raises(InputError, match="missing columns"):
        read_voeten(path)
    pd.DataFrame({"rcid": [1], "ccode": [1], "vote": [1], "session": [1], "year": [1946]}).to_csv(path, index=False)
    with pytest.raises(InputError, match="unknown COW"):
        read_voeten(path)


@pytest.mark.slow
def test_data_import_takes_a_voeten_file_compares_it_and_data_info_counts_the_year(dataset, tmp_path):
    """A UNVotes CSV through `graphmodel data import`: roll calls the dataset has (by rcid, or by
    symbol after 2019) are compared and skipped, missing ones added, a changed vote is a conflict."""
    import os
    import subprocess
    import sys

    from test_store import subset

    from graphmodel.dataset import load_dataset, save_dataset

    def run(*args):
        return subprocess.run(
            [sys.executable, "-m", "graphmodel", *args], capture_output=True, text=True, env=os.environ
        )

    calls = dataset.rollcalls
    old = calls[(calls["source"] == "unvotes") & (calls["session"] == "73")]["rollcall_id"].head(10).tolist()
    late = calls[(calls["body"] == "GA") & (calls["date"].dt.year == 2022) & calls["session"].str.isdigit()]
    missing = late["rollcall_id"].head(3).tolist()
    folder = tmp_path / "data"
    save_dataset(subset(dataset, since="2018-01-01", drop=set(late["symbol"].head(3))), folder)
    before = run("data", "info", "--data-dir", str(folder))
    assert before.returncode == 0, before.stderr
    assert [line.split()[:4] for line in before.stdout.splitlines() if line.strip().startswith("2022 ")] == [
        ["2022", "86", "89", "3"]
    ]
    rcids = {rid: 990_000 + i for i, rid in enumerate(missing)}
    frame = _fixture(dataset, old + missing, rcids)
    path = tmp_path / "UNVotes2024.csv"
    frame.to_csv(path, index=False)
    result = run("data", "import", str(path), "--data-dir", str(folder))
    assert result.returncode == 0, result.stderr
    assert "import: roll calls already in the dataset (same rcid), identical (skipped): 10" in result.stdout
    assert "import: roll calls added: 3" in result.stdout
    after = run("data", "info", "--data-dir", str(folder))
    assert [line.split()[:4] for line in after.stdout.splitlines() if line.strip().startswith("2022 ")] == [
        ["2022", "89", "89", "0"]
    ]
    imported = load_dataset(folder)
    for rid in missing:
        symbol = calls.set_index("rollcall_id").loc[rid, "symbol"]
        want = dataset.votes_on(symbol).set_index("iso3")["vote"]
        got = imported.votes_on(symbol).set_index("iso3")["vote"]
        assert got.to_dict() == want.to_dict()
    # Importing again changes nothing; a changed vote is a one-line conflict naming it.
    again = run("data", "import", str(path), "--data-dir", str(folder))
    assert "identical (skipped): 13" in again.stdout and "import: roll calls added: 0" in again.stdout
    usa = frame["Country"] == "USA"
    first = frame["rcid"] == frame.loc[usa, "rcid"].iloc[0]
    was = int(frame.loc[usa & first, "vote"].iloc[0])
    frame.loc[usa & first, "vote"] = 3 if was != 3 else 1
    frame.to_csv(path, index=False)
    conflict = run("data", "import", str(path), "--data-dir", str(folder))
    assert conflict.returncode == 1 and "Traceback" not in conflict.stderr
    assert "1 roll call(s) differ from the dataset's copy" in conflict.stderr and "USA " in conflict.stderr


def test_the_rdata_layout_reads_like_the_csv_and_both_are_recognised(dataset, tmp_path):
    import pyreadr

    from graphmodel.sources.voeten import is_voeten_file

    calls = dataset.rollcalls
    ids = calls[(calls["source"] == "unvotes") & (calls["session"] == "73")]["rollcall_id"].head(5).tolist()
    frame = _fixture(dataset, ids)
    csv, rdata = tmp_path / "UNVotes.csv", tmp_path / "UNVotes.RData"
    frame.to_csv(csv, index=False)
    pyreadr.write_rdata(str(rdata), frame, df_name="completeVotes")
    assert is_voeten_file(csv) and is_voeten_file(rdata)
    from_csv, from_r = read_voeten(csv), read_voeten(rdata)
    assert from_r.votes.astype(str).equals(from_csv.votes.astype(str))
    assert from_r.rollcalls["symbol"].tolist() == from_csv.rollcalls["symbol"].tolist()
    (tmp_path / "bad.RData").write_bytes(b"not R data")
    with pytest.raises(InputError, match="cannot read as R data"):
        read_voeten(tmp_path / "bad.RData")
    undl = tmp_path / "undl.csv"
    undl.write_text("Resolution,Vote date,Ms Code,Ms Name,Ms Vote\n")
    assert not is_voeten_file(undl)

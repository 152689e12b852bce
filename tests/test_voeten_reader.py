"""Voeten's Dataverse vote file layout (UNVotes*.csv): a fixture built from bundled votes reads back."""

import pandas as pd
import pytest

from graphmodel.errors import InputError
from graphmodel.export import cow_codes
from graphmodel.sources.voeten import read_voeten

CODE = {"Y": 1, "A": 2, "N": 3, "X": 8}


def _fixture(dataset, ids) -> pd.DataFrame:
    """Bundled roll calls written in the exact UNVotes layout, non-members included as 9."""
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
                    "rcid": int(rid.split(":")[1]),
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

"""Import against the dataset: conflicts, replacement, symbol styles, SC-only files, lenient honesty."""

import pytest
from fixtures import write_ga_csv, write_sc_csv
from test_readers import without

from graphmodel.dataset import import_file
from graphmodel.errors import InputError
from graphmodel.sources.undl import DROPPED

SKIPPED = "import: roll calls already in the dataset, identical (skipped)"
ADDED = "import: roll calls added"


def usa_votes_yes(path):
    """ES-11/7 with the USA's vote changed N→Y and the totals adjusted to match."""
    text = path.read_text().replace(",USA,UNITED STATES,N,", ",USA,UNITED STATES,Y,")
    path.write_text(text.replace(",93.0,18.0,65.0,", ",94.0,17.0,65.0,"))
    return path


def test_changed_vote_is_a_conflict_listing_the_differences(dataset, tmp_path):
    path = usa_votes_yes(write_ga_csv(dataset, "A/RES/ES-11/7", tmp_path / "ga.csv"))
    with pytest.raises(InputError, match=r"A/RES/ES-11/7: 1 vote\(s\) differ: USA N→Y; totals 93-18-65→94-17-65"):
        import_file(path, dataset)
    merged, ledger = import_file(path, dataset, replace=True)
    assert ledger.counts["import: roll calls replaced by the file's record"] == 1
    assert merged.votes_on("A/RES/ES-11/7").set_index("iso3").loc["USA", "vote"] == "Y"
    assert len(merged.rollcalls) == len(dataset.rollcalls)
    kept, lenient = import_file(path, dataset, lenient=True)
    assert lenient.counts["import: roll calls that differ from the dataset (dataset's kept)"] == 1
    assert kept.votes_on("A/RES/ES-11/7").set_index("iso3").loc["USA", "vote"] == "N"


def test_sc_only_import(dataset, tmp_path):
    path = write_sc_csv(dataset, "S/RES/2774", tmp_path / "sc.csv")
    merged, ledger = import_file(path, without(dataset, "S/RES/2774"))
    assert ledger.counts[ADDED] == 1
    assert sorted(merged.votes_on("S/RES/2774").query("vote == 'A'")["iso3"]) == ["DNK", "FRA", "GBR", "GRC", "SVN"]
    _, again = import_file(path, merged)
    assert again.counts[SKIPPED] == 1


def test_symbol_case_and_spaces_and_unvotes_style_match(dataset, tmp_path):
    path = write_ga_csv(dataset, "A/RES/ES-11/7", tmp_path / "ga.csv")
    path.write_text(path.read_text().replace(",A/RES/ES-11/7,", ",a/res/ es-11/7 ,"))
    merged, ledger = import_file(path, dataset)
    assert (ledger.counts[SKIPPED], ledger.counts[ADDED]) == (1, 0)
    # unvotes writes R/58/47 where the UN Digital Library writes A/RES/58/47.
    path = write_ga_csv(dataset, "R/58/47", tmp_path / "old.csv")
    path.write_text(path.read_text().replace(",R/58/47,", ",A/RES/58/47,"))
    _, ledger = import_file(path, dataset)
    assert (ledger.counts[SKIPPED], ledger.counts[ADDED]) == (1, 0)


def test_empty_symbol_is_an_error(dataset, tmp_path):
    path = write_ga_csv(dataset, "A/RES/ES-11/7", tmp_path / "ga.csv")
    path.write_text(path.read_text().replace(",A/RES/ES-11/7,", ",  ,"))
    with pytest.raises(InputError, match=r"ga.csv:2: empty resolution symbol"):
        import_file(path, dataset)


def test_stray_quote_in_lenient_mode_is_listed_not_stored(dataset, tmp_path):
    path = write_ga_csv(dataset, "A/RES/ES-11/7", tmp_path / "ga.csv")
    # Titles without commas need no quotes; then one stray quote swallows every row after it.
    lines = path.read_text().replace("comprehensive, just", "comprehensive just").replace('"', "").splitlines()
    fields = lines[5].split(",")
    fields[12] = '"Peace'
    lines[5] = ",".join(fields)
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(InputError, match=r"ga.csv:6: expected 20 fields, found \d+; the record runs over lines 6-"):
        import_file(path, without(dataset, "A/RES/ES-11/7"))
    merged, ledger = import_file(path, without(dataset, "A/RES/ES-11/7"), lenient=True)
    assert ledger.counts[ADDED] == 0
    assert ledger.counts["lines swallowed by an unterminated quote"] >= 180
    assert "A/RES/ES-11/7" in ledger.examples[DROPPED][0]
    assert "A/RES/ES-11/7" not in set(merged.rollcalls["symbol"])


def test_lenient_mode_counts_every_strict_error_class(dataset, tmp_path):
    """One file, one roll call per defect: each kind is counted, each roll call dropped and listed."""
    symbols = ["A/RES/ES-11/7", "A/RES/ES-11/8", "A/RES/ES-11/1", "A/RES/ES-11/2", "A/RES/ES-11/3", "A/RES/ES-11/4"]
    parts = [write_ga_csv(dataset, s, tmp_path / f"{i}.csv", undl_id=str(100 + i)) for i, s in enumerate(symbols)]
    blocks = [p.read_text().splitlines() for p in parts]
    header, rows = blocks[0][0], [b[1:] for b in blocks]
    rows[0][3] = rows[0][3].replace(",Y,", ",,", 1).replace(",N,", ",,", 1).replace(",A,", ",,", 1)
    rows[1][3] = rows[1][3].replace("2025-02-24", "2025-02-30")
    first = rows[2][0].split(",")
    rows[2][0] = ",".join(first[:1] + ["ZZZ", "ATLANTIS"] + first[3:])
    first = rows[3][0].split(",")
    rows[3][0] = ",".join(first[:14] + ["many"] + first[15:])
    usa = next(r for r in rows[4] if ",USA," in r)
    rows[4].append(usa.replace(",USA,UNITED STATES,Y,", ",USA,UNITED STATES,N,"))
    first = rows[5][0].split(",")
    rows[5][0] = ",".join(first[:1] + ["", ""] + first[3:])
    path = tmp_path / "all.csv"
    path.write_text("\n".join([header] + [r for block in rows for r in block]) + "\n")
    smaller = dataset
    for s in symbols:
        smaller = without(smaller, s)
    merged, ledger = import_file(path, smaller, lenient=True)
    for kind in (
        "blank vote code",
        "malformed date",
        "unknown country name or code",
        "malformed vote total",
        "conflicting duplicate",
        "empty country name",
    ):
        assert ledger.counts[kind] >= 1, kind
    assert ledger.counts[ADDED] == 0
    assert len(ledger.examples[DROPPED]) == 5  # the ledger keeps five examples
    assert not set(symbols) & set(merged.rollcalls["symbol"])

"""Readers for the formats users download, and bad-input handling."""

import http.server
import threading

import pytest
from fixtures import write_ga_csv, write_marcxml, write_sc_csv

from graphmodel.dataset import Dataset, import_file
from graphmodel.errors import GraphmodelError, InputError
from graphmodel.fetch import fetch
from graphmodel.sources.undl import DROPPED, read_any, read_marcxml, read_undl_csv


def without(dataset, symbol):
    """The dataset minus one roll call, so that an import has something to add."""
    rid = dataset.rollcall(symbol)["rollcall_id"]
    return Dataset(
        dataset.rollcalls[dataset.rollcalls["rollcall_id"] != rid],
        dataset.votes[dataset.votes["rollcall_id"] != rid],
        dataset.countries,
    )


@pytest.mark.parametrize("version, non_voting", [(5, "X"), (1, "NV")])
def test_ga_csv_versions(dataset, tmp_path, version, non_voting):
    path = write_ga_csv(dataset, "A/RES/ES-11/7", tmp_path / "ga.csv", version=version, non_voting=non_voting)
    tables = read_undl_csv(path)
    assert tables.rollcalls.iloc[0]["symbol"] == "A/RES/ES-11/7"
    assert tables.rollcalls.iloc[0]["session"] == "ES-11"
    counts = tables.votes["vote"].value_counts()
    assert (counts["Y"], counts["N"], counts["A"], counts["X"]) == (93, 18, 65, 17)
    votes = tables.votes.set_index("iso3")["vote"]
    assert votes["USA"] == "N" and votes["RUS"] == "N"


def test_sc_csv(dataset, tmp_path):
    tables = read_undl_csv(write_sc_csv(dataset, "S/RES/2774", tmp_path / "sc.csv"))
    assert tables.rollcalls.iloc[0]["body"] == "SC"
    assert tables.rollcalls.iloc[0]["symbol"] == "S/RES/2774 (2025)"
    assert sorted(tables.votes.loc[tables.votes["vote"] == "A", "iso3"]) == ["DNK", "FRA", "GBR", "GRC", "SVN"]


def test_marcxml(dataset, tmp_path):
    tables = read_marcxml(write_marcxml(dataset, "A/RES/ES-11/8", tmp_path / "rec.xml"))
    votes = tables.votes.set_index("iso3")["vote"]
    assert votes["USA"] == "A" and votes["RUS"] == "N"
    assert (tables.votes["vote"] == "Y").sum() == 93
    assert (tables.votes["vote"] == "X").sum() == 193 - 93 - 8 - 73


def test_import_restores_a_removed_rollcall(dataset, tmp_path):
    smaller = without(dataset, "A/RES/ES-11/7")
    path = write_ga_csv(dataset, "A/RES/ES-11/7", tmp_path / "ga.csv")
    merged, ledger = import_file(path, smaller)
    assert ledger.counts["import: roll calls added"] == 1
    assert merged.votes_on("A/RES/ES-11/7")["vote"].value_counts()["N"] == 18
    # Importing what is already there adds nothing.
    _, again = import_file(path, merged)
    assert again.counts["import: roll calls already in the dataset, identical (skipped)"] == 1
    assert again.counts["import: roll calls added"] == 0


def test_import_rejects_totals_that_do_not_match(dataset, tmp_path):
    path = write_ga_csv(dataset, "A/RES/ES-11/7", tmp_path / "ga.csv")
    text = path.read_text().replace(",93.0,18.0,", ",94.0,18.0,")
    path.write_text(text)
    with pytest.raises(InputError, match="differs from recorded totals 94-18-65"):
        import_file(path, without(dataset, "A/RES/ES-11/7"))


def test_unknown_header(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("country,vote,resolution\nUSA,Y,A/RES/1\n")
    with pytest.raises(InputError, match=r"bad.csv:1: unknown header.*country,vote,resolution"):
        read_any(path)


def test_unknown_vote_code_strict_and_lenient(dataset, tmp_path):
    path = write_ga_csv(dataset, "A/RES/ES-11/7", tmp_path / "ga.csv")
    lines = path.read_text().splitlines()
    lines[5] = (
        lines[5]
        .replace(",Y,", ",MAYBE,", 1)
        .replace(",N,", ",MAYBE,", 1)
        .replace(",A,", ",MAYBE,", 1)
        .replace(",X,", ",MAYBE,", 1)
    )
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(InputError, match=r"ga.csv:6: unknown vote code.*MAYBE"):
        read_undl_csv(path)
    from graphmodel.errors import Ledger

    tables = read_undl_csv(path, Ledger(lenient=True))
    # The unread vote is counted and its roll call dropped and listed, not stored with an X.
    assert tables.ledger.counts["unknown vote code"] == 1
    assert tables.votes.empty and tables.rollcalls.empty
    assert "A/RES/ES-11/7" in tables.ledger.examples[DROPPED][0]


def test_unknown_country_and_bad_date(dataset, tmp_path):
    path = write_ga_csv(dataset, "A/RES/ES-11/7", tmp_path / "ga.csv")
    text = path.read_text()
    lines = text.splitlines()
    first = lines[1].split(",")
    lines[1] = ",".join([first[0], "ZZZ", "ATLANTIS"] + first[3:])
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(InputError, match=r"ga.csv:2: unknown country.*ZZZ"):
        read_undl_csv(path)
    path.write_text(text.replace("2025-02-24", "24/02/2025x", 1))
    with pytest.raises(InputError, match=r"ga.csv:2: malformed date.*24/02/2025x"):
        read_undl_csv(path)


def test_conflicting_duplicate(dataset, tmp_path):
    path = write_ga_csv(dataset, "A/RES/ES-11/7", tmp_path / "ga.csv")
    lines = path.read_text().splitlines()
    usa = next(line for line in lines if ",USA," in line)
    path.write_text("\n".join(lines + [usa.replace(",USA,UNITED STATES,N,", ",USA,UNITED STATES,Y,")]) + "\n")
    with pytest.raises(InputError, match=r"USA voted N on line \d+ and Y here"):
        read_undl_csv(path)


def test_malformed_xml(tmp_path):
    path = tmp_path / "bad.xml"
    path.write_text("<collection><record></collection>")
    with pytest.raises(InputError, match="bad.xml.*not well-formed"):
        read_marcxml(path)


def test_fetch_from_local_http_server(dataset, tmp_path):
    served = tmp_path / "served"
    served.mkdir()
    write_ga_csv(dataset, "A/RES/ES-11/7", served / "ga.csv")
    (served / "page.html").write_text("<html>not a csv</html>")
    handler = lambda *a, **k: http.server.SimpleHTTPRequestHandler(*a, directory=str(served), **k)  # noqa: E731
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        base = f"http://127.0.0.1:{server.server_port}"
        out = fetch(f"{base}/ga.csv", tmp_path / "got.csv")
        assert read_undl_csv(out).votes["vote"].value_counts()["N"] == 18
        with pytest.raises(InputError, match="not a usable UN DL voting file: no <record> element"):
            fetch(f"{base}/page.html", tmp_path / "page.csv")
        assert not (tmp_path / "page.csv").exists()
        with pytest.raises(GraphmodelError, match="could not download"):
            fetch(f"{base}/missing.csv", tmp_path / "missing.csv")
    finally:
        server.shutdown()

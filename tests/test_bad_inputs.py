"""Encodings, containers and malformed files: read correctly, or one `file:line: message` error."""

import gzip
import zipfile

import pytest
from fixtures import write_ga_csv, write_marcxml

from graphmodel.errors import InputError, Ledger
from graphmodel.sources.undl import DROPPED, read_any


@pytest.fixture()
def ga_csv(dataset, tmp_path):
    return write_ga_csv(dataset, "A/RES/ES-11/7", tmp_path / "ga.csv")


def counts(tables):
    c = tables.votes["vote"].value_counts()
    return c["Y"], c["N"], c["A"], c["X"]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-16-le", "latin-1"])
def test_text_encodings_are_detected(ga_csv, tmp_path, encoding):
    text = ga_csv.read_text(encoding="utf-8")
    assert "CÔTE D'IVOIRE" in text or "TÜRKİYE" in text
    if encoding == "latin-1":
        text = text.replace("TÜRKİYE", "TURKEY")  # latin-1 has no İ
    path = tmp_path / f"ga-{encoding}.csv"
    path.write_bytes(text.encode(encoding))
    ledger = Ledger()
    tables = read_any(path, ledger)
    assert counts(tables) == (93, 18, 65, 17)
    assert tables.votes.set_index("iso3").loc["CIV", "vote"] in "YNAX"
    if encoding == "latin-1":
        assert ledger.counts["file read as latin-1 (not valid UTF-8)"] == 1


def test_gzip_and_zip_are_read(ga_csv, tmp_path):
    gz = tmp_path / "ga.csv.gz"
    gz.write_bytes(gzip.compress(ga_csv.read_bytes()))
    assert counts(read_any(gz)) == (93, 18, 65, 17)
    single = tmp_path / "ga.zip"
    with zipfile.ZipFile(single, "w") as z:
        z.write(ga_csv, "ga.csv")
    assert counts(read_any(single)) == (93, 18, 65, 17)
    double = tmp_path / "two.zip"
    with zipfile.ZipFile(double, "w") as z:
        z.write(ga_csv, "a.csv")
        z.write(ga_csv, "b.csv")
    with pytest.raises(
        InputError, match=r"two.zip: a zip archive must hold exactly one .* holds 2 \(value: 'a.csv, b.csv'\)"
    ):
        read_any(double)
    truncated = tmp_path / "cut.csv.gz"
    truncated.write_bytes(gz.read_bytes()[:-200])
    with pytest.raises(InputError, match="cut.csv.gz: cannot read"):
        read_any(truncated)


@pytest.mark.parametrize(
    "content, message",
    [
        (bytes(range(256)) * 40, "binary data, not a CSV or XML text file"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "binary data"),
        (b"", "empty file"),
        (b"   \n\n", "empty file"),
    ],
)
def test_binary_and_empty_files(tmp_path, content, message):
    path = tmp_path / "x.csv"
    path.write_bytes(content)
    with pytest.raises(InputError, match=f"x.csv(:1)?: {message}"):
        read_any(path)


def test_folder_and_missing_file(tmp_path):
    with pytest.raises(InputError, match="is a folder, not a file"):
        read_any(tmp_path)
    with pytest.raises(InputError, match="no such file"):
        read_any(tmp_path / "nope.csv")


def test_huge_field_and_bad_utf8_late_in_the_file(ga_csv, tmp_path):
    lines = ga_csv.read_text().splitlines()
    huge = tmp_path / "huge.csv"
    huge.write_text("\n".join(lines[:4] + [lines[4].replace("A/ES-11/PV.24", "x" * 200_000)] + lines[5:]) + "\n")
    with pytest.raises(InputError, match=r"huge.csv:5: unreadable CSV record \(field larger than field limit"):
        read_any(huge)
    tables = read_any(huge, Ledger(lenient=True))
    assert tables.ledger.counts["unreadable CSV record"] == 1
    late = tmp_path / "late.csv"
    body = ga_csv.read_bytes().split(b"\n", 1)[1]  # repeated rows: past the 64 KB the encoding is sniffed from
    late.write_bytes(ga_csv.read_bytes() + body * 2 + b"4076672,USA,\xe9TATS-UNIS,Y\n")
    with pytest.raises(InputError, match=r"late.csv:581: not valid utf-8 text \(byte e9\)"):
        read_any(late)


def marc(dataset, tmp_path, edit):
    path = write_marcxml(dataset, "A/RES/ES-11/8", tmp_path / "rec.xml")
    path.write_text(edit(path.read_text()))
    return path


def test_marcxml_with_bom(dataset, tmp_path):
    path = write_marcxml(dataset, "A/RES/ES-11/8", tmp_path / "rec.xml")
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert (read_any(path).votes["vote"] == "Y").sum() == 93


def test_marcxml_record_without_votes(dataset, tmp_path):
    path = marc(dataset, tmp_path, lambda t: t.split('<datafield tag="967"')[0] + "</record></collection>\n")
    with pytest.raises(InputError, match=r"record 1 \(4076673\): no 967 vote fields"):
        read_any(path)
    tables = read_any(path, Ledger(lenient=True))
    assert tables.rollcalls.empty and tables.ledger.counts["record without votes"] == 1


def test_marcxml_member_listed_twice(dataset, tmp_path):
    def twice(text):
        usa = next(f for f in text.split("<datafield") if "USA" in f)
        return text.replace("</record>", "<datafield" + usa.replace(">A<", ">Y<") + "</record>")

    path = marc(dataset, tmp_path, twice)
    with pytest.raises(InputError, match=r"USA is listed twice \(A and Y\)"):
        read_any(path)
    tables = read_any(path, Ledger(lenient=True))
    assert tables.votes.empty and tables.ledger.counts["member listed twice"] == 1
    assert "undl:4076673" in tables.ledger.examples[DROPPED][0]


def test_marcxml_duplicate_record_id_and_blank_vote(dataset, tmp_path):
    def two_records(text):
        record = text[text.index("<record>") : text.index("</collection>")]
        return text.replace("</collection>", record + "</collection>")

    path = marc(dataset, tmp_path, two_records)
    with pytest.raises(InputError, match=r"record 2 \(4076673\): record id 4076673 is also record 1"):
        read_any(path)
    tables = read_any(path, Ledger(lenient=True))
    assert len(tables.rollcalls) == 1 and tables.ledger.counts["duplicate record id (001)"] == 1
    path = marc(
        dataset, tmp_path, lambda t: t.replace('<subfield code="d">Y</subfield>', '<subfield code="d"></subfield>', 1)
    )
    with pytest.raises(InputError, match="blank vote code"):
        read_any(path)


def test_build_with_a_source_missing_names_it(tmp_path):
    from graphmodel.dataset import build_dataset

    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "unvotes").mkdir()
    (raw / "unvotes" / "un_votes.rda").write_bytes(b"")
    with pytest.raises(InputError, match=r"sources missing from the raw folder: unxml-ga .*scvoting"):
        build_dataset(raw, tmp_path / "out")
    assert not (tmp_path / "out").exists()

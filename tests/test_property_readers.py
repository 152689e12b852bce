"""Property: a mutated real UN DL file gives a clean project error or a correct import, nothing else."""

import pytest
from fixtures import write_ga_csv, write_marcxml, write_sc_csv
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from test_store import subset

from graphmodel.dataset import import_file
from graphmodel.errors import GraphmodelError

SYMBOLS = ("A/RES/ES-11/7", "S/RES/2774 (2025)")


@pytest.fixture(scope="module")
def originals(dataset, tmp_path_factory):
    folder = tmp_path_factory.mktemp("originals")
    return {
        "csv": write_ga_csv(dataset, "A/RES/ES-11/7", folder / "ga.csv").read_bytes(),
        "sc": write_sc_csv(dataset, "S/RES/2774", folder / "sc.csv").read_bytes(),
        "xml": write_marcxml(dataset, "A/RES/ES-11/8", folder / "rec.xml").read_bytes(),
    }


@pytest.fixture(scope="module")
def base(dataset):
    """A small real dataset without the three roll calls, so that an import has work to do."""
    return subset(dataset, since="2024-06-01", drop={"A/RES/ES-11/7", "A/RES/ES-11/8", "S/RES/2774 (2025)"})


INTERESTING = [
    b'"',
    b",",
    b"\n",
    b"\r",
    b"\x00",
    b"\xff",
    b"\xef\xbb\xbf",
    b"<",
    b">",
    b"&",
    b"Y",
    b"N",
    b"X",
    b" ",
    b"",
]


@st.composite
def mutation(draw):
    kind = draw(st.sampled_from(["csv", "sc", "xml"]))
    ops = draw(
        st.lists(
            st.tuples(
                st.sampled_from(["replace", "insert", "delete", "dup-line", "drop-line", "truncate"]),
                st.floats(0, 1),
                st.one_of(st.sampled_from(INTERESTING), st.binary(min_size=1, max_size=6)),
            ),
            min_size=1,
            max_size=4,
        )
    )
    return kind, ops


def apply(data: bytes, ops) -> bytes:
    for op, where, chunk in ops:
        i = int(where * len(data))
        if op == "replace":
            data = data[:i] + chunk + data[i + len(chunk) :]
        elif op == "insert":
            data = data[:i] + chunk + data[i:]
        elif op == "delete":
            data = data[:i] + data[i + len(chunk) + 1 :]
        elif op == "truncate":
            data = data[:i]
        else:
            lines = data.split(b"\n")
            j = int(where * (len(lines) - 1))
            lines = lines[:j] + ([lines[j], lines[j]] if op == "dup-line" else []) + lines[j + 1 :]
            data = b"\n".join(lines)
    return data


@pytest.mark.slow
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=mutation(), lenient=st.booleans())
def test_mutated_files_fail_cleanly_or_import_correctly(originals, base, tmp_path, case, lenient):
    kind, ops = case
    path = tmp_path / f"mutated.{'xml' if kind == 'xml' else 'csv'}"
    path.write_bytes(apply(originals[kind], ops))
    try:
        merged, ledger = import_file(path, base, lenient=lenient)
    except GraphmodelError as exc:
        assert "Traceback" not in str(exc)
        event(f"{kind}: clean error")
        return
    event(f"{kind}: imported {ledger.counts['import: roll calls added']}")
    added = merged.rollcalls[~merged.rollcalls["rollcall_id"].isin(set(base.rollcalls["rollcall_id"]))]
    assert len(added) == ledger.counts["import: roll calls added"]
    votes = merged.votes[merged.votes["rollcall_id"].isin(set(added["rollcall_id"]))]
    assert set(votes["vote"].astype(str)) <= {"Y", "N", "A", "X"}
    assert not votes.duplicated(["rollcall_id", "iso3"]).any()
    for call in added.itertuples():
        cast = votes.loc[votes["rollcall_id"] == call.rollcall_id, "vote"].astype(str).value_counts()
        if call.yes is not None and str(call.yes) != "<NA>":
            # A stored roll call always agrees with the totals recorded for it.
            assert (cast.get("Y", 0), cast.get("N", 0), cast.get("A", 0)) == (call.yes, call.no, call.abstain)

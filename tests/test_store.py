"""The dataset store: all-or-nothing writes under SIGKILL, verified loads, one writer at a time."""

import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from fixtures import write_ga_csv

from graphmodel import store
from graphmodel.dataset import Dataset, load_dataset, save_dataset
from graphmodel.errors import GraphmodelError

TESTS = Path(__file__).resolve().parent


def subset(dataset, since="2024-01-01", drop=()):
    """A small real dataset (roll calls since ``since``), optionally without some symbols."""
    calls = dataset.rollcalls[dataset.rollcalls["date"] >= since]
    calls = calls[~calls["symbol"].isin(drop)]
    ids = set(calls["rollcall_id"])
    votes = dataset.votes[dataset.votes["rollcall_id"].isin(ids)].copy()
    votes["rollcall_id"] = votes["rollcall_id"].astype(str).astype("category")
    return Dataset(calls.reset_index(drop=True), votes.reset_index(drop=True), dataset.countries, {"note": since})


def fingerprint(dataset):
    return (
        tuple(sorted(dataset.rollcalls["rollcall_id"])),
        len(dataset.votes),
        tuple(dataset.votes["vote"].astype(str).value_counts().sort_index().items()),
    )


def run(code, env=None, **kw):
    return subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(code)],
        env={**os.environ, **(env or {})},
        cwd=TESTS,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **kw,
    )


@pytest.fixture()
def two_states(dataset, tmp_path):
    """A store holding state A, and state B (A without ES-11/7) written to a parquet beside it."""
    folder = tmp_path / "store"
    a = subset(dataset)
    b = subset(dataset, drop={"A/RES/ES-11/7"})
    save_dataset(a, folder)
    save_dataset(b, tmp_path / "b")
    return folder, fingerprint(a), fingerprint(b), tmp_path / "b"


@pytest.mark.parametrize(
    "point", ["after-rollcalls", "after-votes", "after-countries", "before-rename", "before-current", "after-current"]
)
@pytest.mark.slow
def test_sigkill_at_each_step_leaves_old_or_new_state(two_states, point):
    folder, before, after, b = two_states
    proc = run(
        f"""
        from graphmodel.dataset import load_dataset, save_dataset
        save_dataset(load_dataset({str(b)!r}), {str(folder)!r})
        """,
        env={"GRAPHMODEL_STORE_KILL_AT": point},
    )
    proc.communicate(timeout=60)
    assert proc.returncode == -signal.SIGKILL
    loaded = fingerprint(load_dataset(folder))
    assert loaded == (after if point == "after-current" else before)
    # The next write cleans up what the killed one left and succeeds.
    save_dataset(load_dataset(b), folder)
    assert fingerprint(load_dataset(folder)) == after
    assert not list(folder.glob(".tmp-*"))


@pytest.mark.slow
def test_sigkill_at_random_times_never_loads_wrong(two_states):
    """A writer alternating between two states, killed at random moments: A or B loads, intact."""
    folder, a, b_print, b = two_states
    rng = random.Random(10)
    seen = set()
    tries = 8
    for _ in range(tries):
        proc = run(
            f"""
            from graphmodel.dataset import load_dataset, save_dataset
            states = [load_dataset({str(b)!r}), load_dataset({str(folder)!r})]
            print("ready", flush=True)
            i = 0
            while True:
                save_dataset(states[i % 2], {str(folder)!r})
                i += 1
            """
        )
        assert proc.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.05, 0.6))
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=30)
        loaded = fingerprint(load_dataset(folder))
        assert loaded in (a, b_print)
        seen.add(loaded)
    # The next write removes whatever the killed ones left: the new version and the previous one stay.
    before = store.current_version(folder)
    save_dataset(load_dataset(b), folder)
    assert sorted(p.name for p in folder.glob("v-*")) == sorted([before, store.current_version(folder)])
    assert not list(folder.glob(".tmp-*")) and not list(folder.glob(".CURRENT.*"))


def test_damaged_current_version_is_named_and_previous_loads(dataset, tmp_path):
    folder = tmp_path / "store"
    first = subset(dataset)
    save_dataset(first, folder)
    save_dataset(subset(dataset, since="2025-01-01"), folder)
    current = folder / store.current_version(folder)
    votes = current / "votes.parquet"
    votes.write_bytes(votes.read_bytes()[: votes.stat().st_size // 2])
    with pytest.warns(store.StoreWarning, match=r"votes.parquet: \d+ bytes, the manifest says"):
        loaded = load_dataset(folder)
    assert fingerprint(loaded) == fingerprint(first)
    # Same bytes count but flipped content: the checksum names it.
    save_dataset(subset(dataset, since="2025-01-01"), folder)
    current = folder / store.current_version(folder)
    data = bytearray((current / "rollcalls.parquet").read_bytes())
    data[len(data) // 2] ^= 0xFF
    (current / "rollcalls.parquet").write_bytes(bytes(data))
    with pytest.warns(store.StoreWarning, match="rollcalls.parquet: checksum differs"):
        assert fingerprint(load_dataset(folder)) == fingerprint(first)


def test_no_intact_version_is_a_clear_error(dataset, tmp_path):
    folder = tmp_path / "store"
    save_dataset(subset(dataset, since="2025-06-01"), folder)
    (folder / store.current_version(folder) / "manifest.json").unlink()
    with pytest.raises(GraphmodelError, match=r"no intact dataset version: .*no manifest.json"):
        load_dataset(folder)
    with pytest.raises(GraphmodelError, match="not a folder"):
        load_dataset(folder / store.CURRENT)


@pytest.mark.slow
def test_two_imports_at_once_both_land(dataset, tmp_path):
    folder = tmp_path / "store"
    save_dataset(subset(dataset, drop={"A/RES/ES-11/7", "A/RES/ES-11/8"}), folder)
    files = [
        write_ga_csv(dataset, "A/RES/ES-11/7", tmp_path / "es7.csv", undl_id="1"),
        write_ga_csv(dataset, "A/RES/ES-11/8", tmp_path / "es8.csv", undl_id="2"),
    ]
    procs = [
        run(
            f"""
            from graphmodel.dataset import import_file
            _, ledger = import_file({str(f)!r}, out={str(folder)!r})
            print(ledger.counts["import: roll calls added"])
            """
        )
        for f in files
    ]
    outputs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outputs
    assert [o[0].strip() for o in outputs] == ["1", "1"]
    merged = load_dataset(folder)
    assert merged.votes_on("A/RES/ES-11/7")["vote"].value_counts()["N"] == 18
    assert merged.votes_on("A/RES/ES-11/8")["vote"].value_counts()["N"] == 8


@pytest.mark.slow
def test_second_writer_times_out_clearly(dataset, tmp_path):
    folder = tmp_path / "store"
    save_dataset(subset(dataset, since="2025-06-01"), folder)
    before = fingerprint(load_dataset(folder))
    with store.locked(folder):
        proc = run(
            f"""
            from graphmodel.dataset import load_dataset, save_dataset
            from graphmodel.errors import GraphmodelError
            try:
                save_dataset(load_dataset({str(folder)!r}), {str(folder)!r})
            except GraphmodelError as exc:
                raise SystemExit(f"error: {{exc}}")
            """,
            env={"GRAPHMODEL_LOCK_TIMEOUT": "0.5"},
        )
        _, err = proc.communicate(timeout=60)
    assert proc.returncode == 1
    assert f"another process (pid {os.getpid()}) is writing this dataset; waited 0.5 s" in err
    assert fingerprint(load_dataset(folder)) == before


def test_flat_write_for_the_bundled_folder(dataset, tmp_path):
    """`make dataset` rebuilds the bundled data/ in place: flat parquet files, no versions."""
    small = subset(dataset, since="2025-06-01")
    tables = {
        n: (lambda f: lambda p: (f.to_parquet(p, index=False), len(f))[1])(getattr(small, n)) for n in store.TABLES
    }
    store.write(tmp_path, tables, {"flat": True}, flat=True)
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith(".")) == [
        "build_report.json",
        "countries.parquet",
        "rollcalls.parquet",
        "votes.parquet",
    ]
    loaded = load_dataset(tmp_path)
    assert fingerprint(loaded) == fingerprint(small) and loaded.version is None


def test_flat_folder_with_files_from_two_writes_is_refused(dataset, tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    save_dataset(subset(dataset, since="2025-06-01"), first)
    save_dataset(subset(dataset, since="2025-01-01"), second)
    mixed = tmp_path / "mixed"
    mixed.mkdir()
    for name, source in (("rollcalls", second), ("votes", first), ("countries", first)):
        (mixed / f"{name}.parquet").write_bytes(
            (source / store.current_version(source) / f"{name}.parquet").read_bytes()
        )
    with pytest.raises(GraphmodelError, match="its files come from different writes"):
        load_dataset(mixed)

"""`data import` / `data fetch` as a user runs them: exit codes, one-line errors, the store."""

import os
import subprocess
import sys

import pytest
from fixtures import write_ga_csv
from test_store import subset

from graphmodel.dataset import load_dataset, save_dataset


def run(*args, **env):
    return subprocess.run(
        [sys.executable, "-m", "graphmodel", *args], capture_output=True, text=True, env={**os.environ, **env}
    )


@pytest.mark.slow
def test_import_conflict_then_replace(dataset, tmp_path):
    folder = tmp_path / "data"
    save_dataset(subset(dataset, since="2025-01-01"), folder)
    path = write_ga_csv(dataset, "A/RES/ES-11/7", tmp_path / "ga.csv")
    path.write_text(
        path.read_text().replace(",USA,UNITED STATES,N,", ",USA,UNITED STATES,Y,").replace(",93.0,18.0,", ",94.0,17.0,")
    )
    result = run("data", "import", str(path), "--data-dir", str(folder))
    assert result.returncode == 1
    assert "USA N→Y; totals 93-18-65→94-17-65" in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    result = run("data", "import", str(path), "--data-dir", str(folder), "--replace")
    assert result.returncode == 0, result.stderr
    assert "import: roll calls replaced by the file's record: 1" in result.stdout
    assert load_dataset(folder).votes_on("A/RES/ES-11/7").set_index("iso3").loc["USA", "vote"] == "Y"


def test_import_into_the_user_folder_from_the_bundled_dataset(dataset, tmp_path):
    user = tmp_path / "user"
    path = write_ga_csv(dataset, "A/RES/ES-11/7", tmp_path / "ga.csv")
    result = run("data", "import", str(path), GRAPHMODEL_DATA=str(user))
    assert result.returncode == 0, result.stderr
    assert "identical (skipped): 1" in result.stdout
    assert not (user / "CURRENT").exists()  # nothing changed, nothing written


@pytest.mark.slow
def test_bad_inputs_are_one_line(tmp_path):
    binary = tmp_path / "x.csv"
    binary.write_bytes(bytes(range(256)) * 10)
    for args in [
        ("data", "import", str(tmp_path)),
        ("data", "import", str(binary), "--data-dir", str(tmp_path / "d")),
        ("data", "fetch", "--url", "file:///etc/passwd"),
        ("data", "fetch", "--url", "/etc/passwd"),
        ("neo4j", "start", "--bolt-port", "0"),
    ]:
        result = run(*args)
        assert result.returncode != 0, args
        assert "Traceback" not in result.stderr, args
        assert result.stderr.strip(), args


def test_damaged_store_warns_in_one_line_and_loads_the_previous(dataset, tmp_path):
    from graphmodel import store

    folder = tmp_path / "data"
    save_dataset(subset(dataset, since="2025-01-01"), folder)
    save_dataset(subset(dataset, since="2025-06-01"), folder)
    votes = folder / store.current_version(folder) / "votes.parquet"
    votes.write_bytes(votes.read_bytes()[:100])
    result = run("votes", "A/RES/ES-11/7", "--data-dir", str(folder))
    assert result.returncode == 0, result.stderr
    assert (
        result.stderr.startswith("warning: skipped damaged dataset (") and "votes.parquet: 100 bytes" in result.stderr
    )
    assert len(result.stderr.strip().splitlines()) == 1
    assert "recorded totals (yes-no-abstain): 93-18-65" in result.stdout

"""An installed copy carries its data: the wheel holds the dataset, the Cypher library and the
resources, and a non-editable install answers `graphmodel votes` from any folder."""

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    (path,) = out.glob("graphmodel-*.whl")
    return path


def test_wheel_contains_data_cypher_and_resources(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for table in ("rollcalls", "votes", "countries"):
        assert f"graphmodel/data/{table}.parquet" in names
    cypher = {Path(n).name for n in names if n.startswith("graphmodel/cypher/") and n.endswith(".cypher")}
    assert {"schema.cypher", "who_voted_with.cypher", "session_blocs.cypher"} <= cypher
    assert len(cypher) == len(list((ROOT / "cypher").glob("*.cypher")))
    assert "graphmodel/resources/countries.csv" in names and "graphmodel/neo4j/pom.xml" in names
    assert any(n.endswith("licenses/LICENSE") or n.endswith("/LICENSE") for n in names)


def test_installed_copy_answers_from_any_folder(wheel, tmp_path):
    target = tmp_path / "site"
    install = subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target), str(wheel)],
        capture_output=True,
        text=True,
    )
    assert install.returncode == 0, install.stderr[-2000:]
    user = tmp_path / "user-data"
    env = {**os.environ, "PYTHONPATH": str(target), "GRAPHMODEL_DATA": str(user)}
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    where = subprocess.run(
        [
            sys.executable,
            "-c",
            "import graphmodel, graphmodel.paths as p; print(graphmodel.__file__); "
            "print(p.bundled_data()); print(p.cypher_dir())",
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=elsewhere,
    )
    module, data, cypher = where.stdout.split()
    package = target / "graphmodel"
    assert Path(module).parent == package and Path(data) == package / "data" and Path(cypher) == package / "cypher"
    votes = subprocess.run(
        [sys.executable, "-m", "graphmodel", "votes", "A/RES/ES-11/7"],
        capture_output=True,
        text=True,
        env=env,
        cwd=elsewhere,
    )
    assert votes.returncode == 0, votes.stderr
    no_line = next(line for line in votes.stdout.splitlines() if line.startswith("No (18)"))
    assert " USA" in no_line and " RUS" in no_line
    assert not user.exists()  # reading never writes the user folder

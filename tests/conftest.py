import os

import pytest

from graphmodel import analyze, load_dataset
from graphmodel.errors import GraphmodelError
from graphmodel.paths import bundled_data


def pytest_configure(config):
    """Point the user data folder at an empty temporary one for this run (subprocesses inherit it),
    so no test reads or writes a dataset a user imported."""
    import tempfile

    os.environ["GRAPHMODEL_DATA"] = tempfile.mkdtemp(prefix="graphmodel-user-data-")


@pytest.fixture(scope="session")
def dataset():
    """The bundled dataset, whatever a user may have imported into their own data folder."""
    return load_dataset(bundled_data())


@pytest.fixture(scope="session")
def session_analysis(dataset):
    """The default main job: every GA session, agree index, Louvain seed 0 (what `neo4j load
    --alignment` loads)."""
    return analyze(dataset)


@pytest.fixture(scope="session")
def neo4j_driver(dataset, session_analysis):
    """The real server that `make test` starts (or NEO4J_URI), holding the whole dataset and the
    session analysis. An empty graph is loaded directly; a used one is cleared first.

    Without a server the Neo4j tests skip with the reason (e.g. under `make check`), except in CI,
    where `.ci/run` starts one and a missing server is a failure."""
    from graphmodel.neo4j import loader

    try:
        driver = loader.connect()
    except GraphmodelError as exc:
        message = f"no Neo4j server reachable (make test starts one): {exc}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    if loader.run(driver, "MATCH (n) RETURN count(n) > 0 AS used")[0]["used"]:
        loader.clear(driver)
    loader.load_rollcalls(driver, dataset, votes=True)
    loader.load_analysis(driver, session_analysis)
    yield driver
    driver.close()

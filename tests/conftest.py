import pytest

from graphmodel import load_dataset
from graphmodel.errors import GraphmodelError


@pytest.fixture(scope="session")
def dataset():
    return load_dataset()


@pytest.fixture(scope="session")
def session_analysis(dataset):
    """The default main job: every GA session, agree index, Louvain seed 0 (what `neo4j load
    --alignment` loads)."""
    from graphmodel.pipeline import analyze

    return analyze(dataset)


@pytest.fixture(scope="session")
def neo4j_driver(dataset, session_analysis):
    """The real server that `make test` starts (or NEO4J_URI), holding the whole dataset and the
    session analysis. An empty graph is loaded directly; a used one is cleared first."""
    from graphmodel.neo4j import loader

    try:
        driver = loader.connect()
    except GraphmodelError as exc:
        pytest.fail(f"Neo4j must be running for these tests (make test starts it): {exc}")
    if loader.run(driver, "MATCH (n) RETURN count(n) > 0 AS used")[0]["used"]:
        loader.clear(driver)
    loader.load_dataset(driver, dataset, votes=True)
    loader.load_analysis(driver, session_analysis)
    yield driver
    driver.close()

"""The offline importer (neo4j load --bulk) builds the same graph as the Bolt loader: the test
imports the dataset and the session analysis into a second, temporary local server and compares
it with the Bolt-loaded graph of the suite's server, node by node and property by property
(VOTED and ALIGNED_WITH per roll call and per window)."""

import os
import shutil
import socket

import pytest

from graphmodel.neo4j import bulk, loader, server

pytestmark = pytest.mark.neo4j


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def bulk_driver(neo4j_driver, dataset, session_analysis, tmp_path_factory):
    if shutil.which("java") is None:
        pytest.skip("java is needed for neo4j-admin")
    # Compare like with like: the suite's graph also holds what earlier tests loaded on top of the
    # session analysis (a by-year run, ideal points); the importer is given only the session analysis.
    key = loader.analysis_key(session_analysis)
    with neo4j_driver.session(database=loader.database()) as session:
        session.run(
            "MATCH (w:CountryInWindow) WHERE w.analysis <> $key "
            "CALL (w) { DETACH DELETE w } IN TRANSACTIONS OF 5000 ROWS",
            key=key,
        ).consume()
        session.run("MATCH (b:Bloc) WHERE b.analysis <> $key DETACH DELETE b", key=key).consume()
    loader.clear_idealpoints(neo4j_driver)
    jars = server.resolve_jars(server.home())
    home = tmp_path_factory.mktemp("bulk-neo4j")
    (home / "lib").symlink_to(jars, target_is_directory=True)
    saved = {k: os.environ.get(k) for k in ("GRAPHMODEL_NEO4J_HOME", "GRAPHMODEL_NEO4J_DATA")}
    os.environ["GRAPHMODEL_NEO4J_HOME"] = str(home)
    os.environ.pop("GRAPHMODEL_NEO4J_DATA", None)
    bolt = _free_port()
    try:
        done = bulk.import_full(dataset, session_analysis, bolt_port=bolt, http_port=_free_port())
        driver = loader.connect(f"bolt://127.0.0.1:{bolt}")
        yield driver, done
        driver.close()
    finally:
        server.stop()
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def _same(got: list, want: list) -> None:
    """Equal lists, or a failure naming the first differences (pytest's own diff of lists this long
    runs difflib for many minutes)."""
    if got != want:
        differences = [(g, w) for g, w in zip(got, want) if g != w][:3]
        pytest.fail(f"{len(got)} rows against {len(want)}; first differences (bulk, bolt): {differences}")


def _rows(driver, query):
    return [tuple(r.values()) for r in loader.run(driver, query)]


def test_same_counts(bulk_driver, neo4j_driver):
    driver, done = bulk_driver
    assert loader.counts(driver) == loader.counts(neo4j_driver)
    assert done["counts"]["VOTED"] == loader.counts(neo4j_driver)["VOTED"]


@pytest.mark.parametrize(
    "query",
    [
        "MATCH (c:Country) RETURN c.iso3 AS k, COLLECT { UNWIND labels(c) AS l RETURN l ORDER BY l } AS l, properties(c) AS p ORDER BY k",
        "MATCH (r:RollCall) RETURN r.id AS k, properties(r) AS p ORDER BY k",
        "MATCH (r:RollCall)-[:IN_SESSION]->(s:Session) RETURN r.id AS k, properties(s) AS p ORDER BY k",
        "MATCH (b:Bloc) RETURN b.id AS k, properties(b) AS p ORDER BY k",
        "MATCH (c:Country)-[m:MEMBER_OF]->(b:Bloc) RETURN c.iso3 AS c, b.id AS b, properties(m) AS p ORDER BY b, c",
        "MATCH (a:Bloc)-[l]->(b:Bloc) RETURN type(l) AS t, a.id AS a, b.id AS b, properties(l) AS p ORDER BY t, a, b",
        "MATCH (c:Country)-[v:VOTED]->(r:RollCall) WITH r, c.iso3 + ':' + v.vote AS vote ORDER BY vote "
        "RETURN r.id AS k, collect(vote) AS votes ORDER BY k",
        "MATCH (s:Session) RETURN s.body + '|' + s.number AS k, properties(s) AS p ORDER BY k",
        # every per-window node of four countries, exactly (labels, agreement lists); the others by sums below
        "MATCH (w:CountryInWindow)-[:OF]->(c:Country) WHERE c.iso3 IN ['USA', 'RUS', 'BRA', 'AFG'] "
        "RETURN w.id AS k, COLLECT { UNWIND labels(w) AS l RETURN l ORDER BY l } AS l, properties(w) AS p ORDER BY k",
        "MATCH (a:CountryInWindow)-[e:ALIGNED_WITH]->(b) WHERE a.iso3 IN ['USA', 'RUS', 'BRA', 'AFG'] "
        "RETURN a.id AS a, b.id AS b, properties(e) AS p ORDER BY a, b",
        "MATCH (w:CountryInWindow)-[:IN_BLOC]->(b:Bloc) RETURN w.id AS w, b.id AS b ORDER BY w",
    ],
)
def test_same_nodes_and_relationships(bulk_driver, neo4j_driver, query):
    driver, _ = bulk_driver
    _same(_rows(driver, query), _rows(neo4j_driver, query))


def test_same_alignment_per_window(bulk_driver, neo4j_driver):
    driver, _ = bulk_driver
    query = """MATCH (a:CountryInWindow)-[e:ALIGNED_WITH]->(b:CountryInWindow)
               RETURN e.analysis AS analysis, e.index AS index, e.window AS w, min(e.window_order) AS o,
                      count(*) AS edges, sum(e.n) AS n, collect(DISTINCT a.window = b.window = e.window) AS same,
                      sum(e.weight) AS weight
               ORDER BY w"""
    bulk_rows, bolt_rows = _rows(driver, query), _rows(neo4j_driver, query)
    _same([r[:7] for r in bulk_rows], [r[:7] for r in bolt_rows])
    assert [r[7] for r in bulk_rows] == pytest.approx([r[7] for r in bolt_rows], rel=1e-12)
    lists = """MATCH (w:CountryInWindow)
               RETURN w.window AS w, count(w) AS nodes, sum(size(w.partners)) AS entries,
                      sum(reduce(s = 0, n IN w.covotes | s + n)) AS covotes, sum(w.degree) AS degree,
                      sum(reduce(s = 0.0, x IN w.agreement | s + x)) AS agreement
               ORDER BY w"""
    bulk_rows, bolt_rows = _rows(driver, lists), _rows(neo4j_driver, lists)
    _same([r[:5] for r in bulk_rows], [r[:5] for r in bolt_rows])
    assert [r[5] for r in bulk_rows] == pytest.approx([r[5] for r in bolt_rows], rel=1e-12)


def test_schema_created_after_import(bulk_driver, neo4j_driver):
    driver, _ = bulk_driver
    for query in ("SHOW CONSTRAINTS YIELD name RETURN name ORDER BY name", "SHOW INDEXES YIELD name RETURN name"):
        _same(sorted(_rows(driver, query)), sorted(_rows(neo4j_driver, query)))
    states = _rows(driver, "SHOW INDEXES YIELD state RETURN DISTINCT state")
    assert states == [("ONLINE",)]


def test_consensus_and_sponsorships_join_the_imported_graph(bulk_driver, dataset):
    """`neo4j load --bulk --with-consensus --sponsorships` adds both over Bolt after the import;
    they must find the imported roll calls and sessions as they find the Bolt-loaded ones. Runs
    last: it adds to the bulk graph the other tests compare."""
    driver, _ = bulk_driver
    sessions_before = loader.counts(driver)["Session"]
    assert loader.load_consensus(driver, dataset) == 1458
    written = loader.load_sponsorships(driver, dataset)
    counts = loader.counts(driver)
    table = dataset.sponsorships
    assert written["sponsored"] == counts["SPONSORED"] == len(table) == 97335
    # RECORDED_AS joins a sponsored text to the imported RollCall of its recorded vote
    assert written["recorded_as"] == counts["RECORDED_AS"] == 649
    from graphmodel.consensus import with_consensus

    calls = with_consensus(dataset.rollcalls)
    unvoted = calls.loc[~calls["recorded"].astype(bool), "session"].astype(str)
    recorded_sessions = set(dataset.rollcalls.loc[dataset.rollcalls["body"] == "GA", "session"].astype(str))
    in_imported = loader.run(
        driver,
        """MATCH (r:RollCall {recorded: false})-[:IN_SESSION]->(s:Session)
           WHERE EXISTS { (s)<-[:IN_SESSION]-(v:RollCall) WHERE v.recorded IS NULL OR v.recorded }
           RETURN count(r) AS n""",
    )[0]["n"]
    # adoptions of sessions 74-80 join the Session nodes the importer made; the special session
    # S-32 (one adoption, A/RES/S-32/1, no recorded vote) gets its own
    assert in_imported == unvoted.isin(recorded_sessions).sum() == 1457
    assert (
        counts["Session"]
        == sessions_before + unvoted[~unvoted.isin(recorded_sessions)].nunique()
        == sessions_before + 1
    )

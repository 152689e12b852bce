"""Neo4j load throughput: the project's batched UNWIND loader against one statement per row,
on the same sample of VOTED rows, in the same process; then the full load.

Needs a running server (`graphmodel neo4j start`, or NEO4J_URI). It rewrites the sample's votes
and, with --full, clears and reloads the whole graph.

With --bulk it instead compares, in one run, the two ways of a first load of the whole graph
(every vote and the GA-by-session analysis) into an empty local database: the Bolt loader
into a running server, and neo4j-admin's offline importer (graphmodel.neo4j.bulk: CSV, import,
server start, schema). Each gets a fresh temporary database folder of the local server
(GRAPHMODEL_NEO4J_HOME); a server of that home that is running is stopped first.
Run: .venv/bin/python benchmarks/bench_neo4j.py [--full | --bulk [--bolt-port 7687 --http-port 7474]]
"""

import os
import shutil
import sys
import tempfile
import time

from graphmodel import analyze, load_dataset
from graphmodel.neo4j import bulk, loader, server


def _port(flag: str, default: int) -> int:
    return int(sys.argv[sys.argv.index(flag) + 1]) if flag in sys.argv else default


def bolt_against_importer():
    """The Bolt loader and the offline importer, one after the other, on fresh databases."""
    bolt, http = _port("--bolt-port", 7687), _port("--http-port", 7474)
    uri = f"bolt://127.0.0.1:{bolt}"
    ds = load_dataset()
    analysis = analyze(ds)
    if server._running_pid(server.home()):
        server.stop()
    saved = os.environ.get("GRAPHMODEL_NEO4J_DATA")
    folders = []

    def fresh(prefix: str) -> str:
        folders.append(tempfile.mkdtemp(prefix=prefix))
        return folders[-1]

    try:
        os.environ["GRAPHMODEL_NEO4J_DATA"] = fresh("bench-bolt-")
        server.start(bolt_port=bolt, http_port=http)
        driver = loader.connect(uri)
        started = time.perf_counter()
        loader.load_rollcalls(driver, ds, votes=True)
        votes = time.perf_counter() - started
        loader.load_analysis(driver, analysis)
        through_bolt = time.perf_counter() - started
        bolt_counts = loader.counts(driver)
        driver.close()
        server.stop()

        os.environ["GRAPHMODEL_NEO4J_DATA"] = fresh("bench-import-")
        started = time.perf_counter()
        done = bulk.import_full(ds, analysis, bolt_port=bolt, http_port=http)
        imported = time.perf_counter() - started
        driver = loader.connect(uri)
        import_counts = loader.counts(driver)
        driver.close()
        server.stop()
    finally:
        if saved is None:
            os.environ.pop("GRAPHMODEL_NEO4J_DATA", None)
        else:
            os.environ["GRAPHMODEL_NEO4J_DATA"] = saved
        for folder in folders:
            shutil.rmtree(folder, ignore_errors=True)
    steps = done["seconds"]
    without_start = imported - steps["start"]
    print(f"first load of {bolt_counts.get('VOTED', 0):,} VOTED + {bolt_counts.get('ALIGNED_WITH', 0):,} ALIGNED_WITH")
    print("| path | seconds | steps |")
    print("|---|---|---|")
    print(
        f"| Bolt loader (server running) | {through_bolt:.1f} | votes {votes:.1f}, analysis {through_bolt - votes:.1f} |"
    )
    print(
        f"| offline importer | {imported:.1f} | "
        + ", ".join(f"{k} {v:.1f}" for k, v in steps.items())
        + f" (without the server start: {without_start:.1f}) |"
    )
    print(
        f"Bolt / importer: {through_bolt / imported:.1f}x (against the importer without the server start: "
        f"{through_bolt / without_start:.1f}x); same counts: {bolt_counts == import_counts}"
    )
    print(f"load average: {os.getloadavg()[0]:.2f}")


def main():
    if "--bulk" in sys.argv:
        return bolt_against_importer()
    ds = load_dataset()
    driver = loader.connect()
    loader.load_rollcalls(driver, ds, votes=False)
    sample_ids = ds.rollcalls[ds.rollcalls["session"] == "79"]["rollcall_id"].head(40)
    sample = ds.votes[ds.votes["rollcall_id"].isin(set(sample_ids))]
    drop = "MATCH (r:RollCall)<-[v:VOTED]-() WHERE r.id IN $ids DELETE v"
    ids = sample_ids.tolist()

    loader.run(driver, drop, ids=ids)
    started = time.perf_counter()
    with driver.session(database=loader.database()) as session:
        for row in sample.itertuples():
            session.run(
                "MATCH (r:RollCall {id: $r}) MATCH (c:Country {iso3: $c}) MERGE (c)-[v:VOTED]->(r) SET v.vote = $v",
                r=str(row.rollcall_id),
                c=str(row.iso3),
                v=str(row.vote),
            ).consume()
    naive = time.perf_counter() - started

    loader.run(driver, drop, ids=ids)
    started = time.perf_counter()
    loader.load_votes(driver, sample)
    batched = time.perf_counter() - started
    print(
        f"{len(sample):,} VOTED rows: one statement per row {naive:.1f} s ({len(sample) / naive:,.0f} rows/s), "
        f"batched UNWIND {batched:.2f} s ({len(sample) / batched:,.0f} rows/s): ratio {naive / batched:.0f}x"
    )

    if "--full" in sys.argv:
        loader.clear(driver)
        started = time.perf_counter()
        loader.load_rollcalls(driver, ds, votes=True)
        votes = time.perf_counter() - started
        loader.load_analysis(driver, analyze(ds))
        total = time.perf_counter() - started
        counts = loader.counts(driver)
        print(
            f"full load into an empty graph: {counts['VOTED']:,} VOTED in {votes:.0f} s; with the GA-by-session "
            f"analysis ({counts['ALIGNED_WITH']:,} ALIGNED_WITH, {counts['Bloc']} Bloc, {counts['MEMBER_OF']:,} "
            f"MEMBER_OF) {total:.0f} s in all"
        )
    driver.close()


if __name__ == "__main__":
    main()

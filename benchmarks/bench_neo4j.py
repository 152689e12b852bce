"""Neo4j load throughput: the project's batched UNWIND loader against one statement per row,
on the same sample of VOTED rows, in the same process; then the full load.

Needs a running server (`graphmodel neo4j start`, or NEO4J_URI). It rewrites the sample's votes
and, with --full, clears and reloads the whole graph.
Run: .venv/bin/python benchmarks/bench_neo4j.py [--full]
"""

import sys
import time

from graphmodel import analyze, load_dataset
from graphmodel.neo4j import loader


def main():
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

"""Engine speed as a ratio against a naive per-pair pandas baseline, in the same process.

Run: make bench   (or .venv/bin/python benchmarks/bench_engine.py)
"""

import itertools
import resource
import time

import numpy as np
import pandas as pd

from graphmodel import analyze, indices, load_dataset
from graphmodel.windows import filter_rollcalls, make_windows, vote_matrix


def naive_agree(long: pd.DataFrame) -> dict:
    """What one would write first: for each pair, merge their votes and average the scores."""
    score = {("Y", "Y"): 1, ("N", "N"): 1, ("A", "A"): 1, ("Y", "N"): 0, ("N", "Y"): 0}
    by_country = {c: g.set_index("rollcall_id")["vote"] for c, g in long.groupby("iso3", observed=True)}
    out = {}
    for a, b in itertools.combinations(sorted(by_country), 2):
        both = pd.concat([by_country[a], by_country[b]], axis=1, join="inner").dropna()
        if len(both) >= 10:
            out[(a, b)] = np.mean([score.get((x, y), 0.5) for x, y in both.itertuples(index=False)])
    return out


def main():
    ds = load_dataset()
    calls = filter_rollcalls(ds.rollcalls)
    windows = make_windows(calls, "session")
    full = vote_matrix(ds, calls["rollcall_id"].tolist())

    started = time.perf_counter()
    result = analyze(ds)
    for w in windows:
        vm = full.subset(w.rollcall_ids)
        for index in indices.INDICES:
            indices.compute(vm, index)
    whole = time.perf_counter() - started
    started = time.perf_counter()
    complete_graphs = [result.graphs[label] for label in result.graphs]
    materialise = time.perf_counter() - started

    sample = windows[-3:]
    started = time.perf_counter()
    for w in sample:
        indices.agree(full.subset(w.rollcall_ids))
    fast = time.perf_counter() - started
    votes = ds.votes[ds.votes["vote"] != "X"]
    started = time.perf_counter()
    for w in sample:
        naive_agree(votes[votes["rollcall_id"].isin(set(w.rollcall_ids))])
    slow = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"whole GA history by session: {len(result.graphs)} windows, five indices + graphs + Louvain + "
        f"centrality + tracking in {whole:.1f} s"
    )
    print(
        f"  + building all {len(complete_graphs)} complete networkx graphs on demand "
        f"({sum(g.number_of_edges() for g in complete_graphs):,} edges): {materialise:.1f} s"
    )
    print(
        f"agree on {len(sample)} windows: vectorised {fast * 1000:.1f} ms, naive per-pair pandas {slow:.1f} s, "
        f"ratio {slow / fast:.0f}x"
    )
    print(f"peak memory {peak:.0f} MB")


if __name__ == "__main__":
    main()

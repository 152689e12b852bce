"""How the engine's cost grows with members, roll calls and windows, on synthetic bodies with
planted blocs (graphmodel.synthetic) run through the public path: Dataset.from_frames, windows
by year, vote matrix, the engine (five indices, Louvain, k = 8 backbone, centrality) and tracking.

Each configuration runs in a fresh process; the data are generated before the clock starts.
Reported per configuration: from_frames time (validation), analysis wall and CPU time (own plus
worker processes), peak resident memory (the larger of the main process and its largest worker),
and whether the planted blocs were recovered. The exponent b of time ≈ a·x^b is fitted by least
squares on log–log over each series.

Run: .venv/bin/python benchmarks/bench_scaling.py [--quick] [--jobs N]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time

import numpy as np

SERIES = {
    "members": [(m, 1000, 2) for m in (100, 200, 400, 800)],
    "roll calls per window": [(200, r, 2) for r in (500, 1000, 2000, 4000)],
    "windows": [(200, 500, w) for w in (2, 4, 8, 16)],
}
BIG = (800, 5000, 10)


def _cpu() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def one(members: int, rollcalls: int, windows: int, jobs: int | None) -> dict:
    from graphmodel import engine
    from graphmodel.dataset import Dataset
    from graphmodel.synthetic import planted_blocs
    from graphmodel.windows import filter_rollcalls, make_windows, vote_matrix

    calls, votes, table, truth = planted_blocs(members=members, rollcalls=rollcalls, blocs=4, windows=windows)
    started = time.perf_counter()
    ds = Dataset.from_frames(calls, votes, table)
    checked = time.perf_counter() - started
    del calls, votes
    started, cpu = time.perf_counter(), _cpu()
    found = make_windows(filter_rollcalls(ds.rollcalls), "year")
    full = vote_matrix(ds, ds.rollcalls["rollcall_id"].tolist(), harmonize=False)
    tasks = [(vm.codes, vm.countries) for vm in (full.subset(w.rollcall_ids) for w in found)]
    settings = engine.Settings(extra_indices=("coincidence", "kappa", "pi", "s_score"))
    results = engine.run(tasks, settings, jobs=jobs)
    tables = engine.assemble(found, results)
    wall, cpu = time.perf_counter() - started, _cpu() - cpu
    planted = sorted(sorted(group.index) for _, group in truth.groupby(truth))
    recovered = all(sorted(r.blocs) == planted for r in results)
    peak = max(
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    )
    return {
        "members": members,
        "rollcalls": rollcalls,
        "windows": windows,
        "votes": members * rollcalls * windows,
        "from_frames": checked,
        "wall": wall,
        "cpu": cpu,
        "peak_mb": peak / 1024,
        "recovered": recovered,
        "rows": len(tables["nodes"]),
    }


def measure(config, jobs) -> dict:
    command = [sys.executable, __file__, "--one", ",".join(map(str, config))]
    if jobs:
        command += ["--jobs", str(jobs)]
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def exponent(xs, ys) -> float:
    return float(np.polyfit(np.log(xs), np.log(ys), 1)[0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--one", help=argparse.SUPPRESS)
    parser.add_argument("--jobs", type=int, default=None, help="engine processes (default: the engine's)")
    parser.add_argument("--quick", action="store_true", help="only the big configuration")
    args = parser.parse_args()
    if args.one:
        members, rollcalls, windows = map(int, args.one.split(","))
        print(json.dumps(one(members, rollcalls, windows, args.jobs)))
        return
    print(
        "| members | roll calls/window | windows | votes | from_frames s | analysis wall s | CPU s | peak MB | blocs |"
    )
    print("|---|---|---|---|---|---|---|---|---|")

    def row(r):
        print(
            f"| {r['members']} | {r['rollcalls']} | {r['windows']} | {r['votes']:,} | {r['from_frames']:.2f} "
            f"| {r['wall']:.2f} | {r['cpu']:.2f} | {r['peak_mb']:.0f} | {'recovered' if r['recovered'] else 'MISSED'} |",
            flush=True,
        )

    fits = {}
    if not args.quick:
        for name, configs in SERIES.items():
            results = [measure(c, args.jobs) for c in configs]
            for r in results:
                row(r)
            key = {"members": "members", "roll calls per window": "rollcalls", "windows": "windows"}[name]
            xs = [r[key] for r in results]
            fits[name] = (exponent(xs, [r["cpu"] for r in results]), exponent(xs, [r["wall"] for r in results]))
    row(measure(BIG, args.jobs))
    for name, (cpu, wall) in fits.items():
        print(f"time ∝ {name}^b: b = {cpu:.2f} (CPU), {wall:.2f} (wall)")


if __name__ == "__main__":
    main()

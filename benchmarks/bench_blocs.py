"""Blocs over the whole GA history: consensus with and without the significance null.

    .venv/bin/python benchmarks/bench_blocs.py [--draws 99] [--jobs 2]

Times, on the bundled data, by session (79 windows): the default blocs (k-NN representation,
consensus over 5 seeds × 3 resolutions) alone, then with ``--draws`` vote-permutation null draws
per window (community detection re-run on each), parallel over ``--jobs`` processes.
"""

from __future__ import annotations

import argparse
import os
import resource
import time

import graphmodel
from graphmodel import significance as S
from graphmodel.windows import filter_rollcalls, make_windows, vote_matrix


def _cpu() -> float:
    """CPU seconds of this process and its finished children (the pool's workers)."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--draws", type=int, default=99)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--representation", default=S.DEFAULT_REPRESENTATION)
    args = parser.parse_args()
    ds = graphmodel.load_dataset()
    calls = filter_rollcalls(ds.rollcalls)
    full = vote_matrix(ds, calls["rollcall_id"].tolist())
    windows = {w.label: (full.subset(w.rollcall_ids), None) for w in make_windows(calls, "session", min_rollcalls=10)}
    for draws in (0, args.draws):
        started, cpu = time.perf_counter(), _cpu()
        out = S.blocs_for_windows(windows, args.representation, draws=draws, jobs=args.jobs)
        seconds, cpu = time.perf_counter() - started, _cpu() - cpu
        what = f"consensus + {draws} null draws" if draws else "consensus only"
        load = os.getloadavg()[0]
        print(
            f"{len(out)} GA sessions, {args.representation}, {what}, jobs={args.jobs}: {seconds:.1f} s wall, "
            f"{cpu:.1f} s CPU (load average {load:.1f} on {os.cpu_count()} cores)"
        )
        if draws:
            z = {label: test.z for label, (_, test) in out.items()}
            low, high = min(z, key=z.get), max(z, key=z.get)
            print(f"  all {len(z)} sessions: z from {z[low]:.1f} (session {low}) to {z[high]:.1f} (session {high})")
            for label in ("10", "20", "35", "38", "40", "46", "60", "79", "80"):
                test = out[label][1]
                print(
                    f"  session {label}: quality {test.quality:.3f}, null {test.null_mean:.3f} ± {test.null_sd:.3f}, "
                    f"z {test.z:.1f}, p {test.p:.3f}"
                )


if __name__ == "__main__":
    main()

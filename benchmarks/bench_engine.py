"""The engine against its real peers, in one run, on the same 79 GA session windows.

Three implementations of the same job — per window: vote matrix, the five agreement indices,
Louvain blocs, modularity, the k = 8 nearest-neighbour backbone, strength, eigenvector,
PageRank, betweenness and closeness on the backbone, participation; then bloc tracking:

- ``project``: graphmodel's engine (``--jobs`` processes, default 2 and 1 both measured);
- ``python``: what a competent Python researcher would write: pandas ``pivot`` per window, the
  indices as numpy products, networkx graphs with ``louvain_communities`` and networkx
  centralities on the same backbone, Jaccard tracking with scipy's Hungarian algorithm;
- ``r``: base-R matrices and igraph (``cluster_louvain``, ``eigen``, ``page_rank``,
  ``betweenness``, ``closeness``), ``benchmarks/peer_igraph.R`` through ``Rscript``; skipped
  with the reason printed when Rscript or the igraph package is missing
  (Debian/Ubuntu: ``apt-get install -y r-base-core r-cran-igraph``).

Each measurement runs in a fresh process that loads its input first (not timed: the dataset for
the project, a CSV of the windows' votes for the peers) and times the rest: wall clock and CPU
(its own plus its children's). Runs are interleaved so the three see the same machine load;
the table gives the median of ``--runs`` runs with min–max, and the ratios of the medians.
The agreement values of every window are checked to be identical (to 1e-12) across the three.

Run: .venv/bin/python benchmarks/bench_engine.py [--runs 3] [--windows N] [--skip python,r]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
INDEX_NAMES = ("agree", "coincidence", "kappa", "pi", "s_score")


# ----------------------------------------------------------------------------- input


def windows_and_matrices(limit: int | None = None):
    """The project's GA session windows (≥ 10 roll calls) and their vote matrices."""
    import graphmodel
    from graphmodel.windows import filter_rollcalls, make_windows, vote_matrix

    ds = graphmodel.load_dataset()
    calls = filter_rollcalls(ds.rollcalls)
    windows = make_windows(calls, "session", min_rollcalls=10)
    if limit:
        windows = windows[-limit:]
    full = vote_matrix(ds, calls["rollcall_id"].tolist())
    return ds, windows, [full.subset(w.rollcall_ids) for w in windows]


def write_long_csv(path: Path, limit: int | None) -> list[str]:
    """One row per cast vote (window, iso3 with continuing seats merged, roll call number, code):
    the input both peers start from, so all three see the same votes."""
    import pandas as pd

    _, windows, matrices = windows_and_matrices(limit)
    parts = []
    for window, vm in zip(windows, matrices):
        rows, cols = np.nonzero(vm.codes)
        parts.append(
            pd.DataFrame(
                {
                    "window": window.label,
                    "iso3": np.asarray(vm.countries, dtype=object)[rows],
                    "rollcall": cols + 1,
                    "vote": vm.codes[rows, cols].astype(int),
                }
            )
        )
    pd.concat(parts).to_csv(path, index=False)
    return [w.label for w in windows]


# ----------------------------------------------------------------------------- the three


def run_project(limit: int | None, jobs: int, out: Path) -> None:
    """What ``graphmodel.analyze(ds, jobs=jobs)`` runs (window matrices, the engine over windows,
    the tables), with the four other indices computed from the same product as well."""
    import graphmodel
    from graphmodel import engine

    ds = graphmodel.load_dataset()
    with Clock() as clock:
        found = ds.window_matrices(by="session")
        if limit:
            found = found[-limit:]
        settings = engine.Settings(extra_indices=INDEX_NAMES[1:])
        results = engine.run([(vm.codes, vm.countries) for _, vm in found], settings, jobs=jobs)
        tables = engine.assemble([w for w, _ in found], results)
    clock.report(out, {w.label: r.values for (w, _), r in zip(found, results) if r is not None})
    assert len(tables["nodes"])


def five_indices(codes: np.ndarray, min_covotes: int = 10) -> dict:
    """The indices as a numpy user writes them: one product per pair of choices."""
    y, n_, a = (codes == 1).astype(float), (codes == 2).astype(float), (codes == 3).astype(float)
    voted = y + n_ + a
    n = voted @ voted.T
    score = y @ y.T + 0.5 * (y @ a.T) + n_ @ n_.T + 0.5 * (n_ @ a.T) + 0.5 * (a @ y.T) + 0.5 * (a @ n_.T) + a @ a.T
    with np.errstate(invalid="ignore", divide="ignore"):
        agree = score / n
        yn = y + n_
        n_yn = yn @ yn.T
        coincidence = (y @ y.T + n_ @ n_.T) / n_yn
        share = {k: (m @ voted.T) / n for k, m in (("Y", y), ("N", n_), ("A", a))}
        other = {k: v.T for k, v in share.items()}
        pooled = {k: (share[k] + other[k]) / 2 for k in share}

        def chance(s, o):
            return (
                s["Y"] * o["Y"]
                + 0.5 * s["Y"] * o["A"]
                + s["N"] * o["N"]
                + 0.5 * s["N"] * o["A"]
                + 0.5 * s["A"] * o["Y"]
                + 0.5 * s["A"] * o["N"]
                + s["A"] * o["A"]
            )

        def corrected(expected):
            value = (agree - expected) / (1 - expected)
            return np.where((np.abs(1 - expected) <= 1e-8) & (np.abs(agree - 1) <= 1e-8 + 1e-5), 1.0, value)

        kappa, pi = corrected(chance(share, other)), corrected(chance(pooled, pooled))
    defined = n >= min_covotes
    out = {"agree": agree, "coincidence": coincidence, "kappa": kappa, "pi": pi, "s_score": 2 * agree - 1}
    out = {k: np.where(n_yn >= min_covotes if k == "coincidence" else defined, v, np.nan) for k, v in out.items()}
    return out


def run_python(csv: Path, out: Path) -> None:
    import networkx as nx
    import pandas as pd
    from scipy.optimize import linear_sum_assignment

    long = pd.read_csv(csv, dtype={"window": str})
    with Clock() as clock:
        agreements, partitions = {}, []
        for label, rows in long.groupby("window", sort=False):
            table = rows.pivot(index="iso3", columns="rollcall", values="vote").fillna(0)
            values = five_indices(table.to_numpy())
            agree = values["agree"]
            keep = ~np.all(np.isnan(agree) | np.eye(len(agree), dtype=bool), axis=1)
            agree = agree[np.ix_(keep, keep)]
            countries = list(table.index[keep])
            if len(countries) < 2:
                continue
            w = np.clip(np.nan_to_num(agree), 0, None)
            np.fill_diagonal(w, 0)
            graph = nx.Graph()
            graph.add_nodes_from(countries)
            i, j = np.nonzero(np.triu(w > 0, k=1))
            graph.add_weighted_edges_from((countries[a], countries[b], w[a, b]) for a, b in zip(i, j))
            blocs = nx.community.louvain_communities(graph, weight="weight", seed=0)
            nx.community.modularity(graph, blocs, weight="weight")
            defined = ~np.isnan(agree)
            np.fill_diagonal(defined, False)
            score = np.where(defined, w, -np.inf)
            top = np.argsort(-score, axis=1, kind="stable")[:, :8]
            mask = np.zeros_like(defined)
            np.put_along_axis(mask, top, True, axis=1)
            mask &= np.isfinite(score)
            mask |= mask.T
            backbone = nx.Graph()
            backbone.add_nodes_from(countries)
            i, j = np.nonzero(np.triu(mask & (w > 0), k=1))
            backbone.add_edges_from(
                (countries[a], countries[b], {"distance": 1 - min(w[a, b], 1) + 1e-9}) for a, b in zip(i, j)
            )
            dict(graph.degree(weight="weight"))
            nx.eigenvector_centrality_numpy(graph, weight="weight")
            nx.pagerank(graph, weight="weight")
            nx.betweenness_centrality(backbone, weight="distance")
            nx.closeness_centrality(backbone, distance="distance", wf_improved=False)
            member = np.array([[c in b for b in blocs] for c in countries], dtype=float)
            towards = w @ member
            1 - ((towards / towards.sum(axis=1, keepdims=True)) ** 2).sum(axis=1)
            agreements[label] = agree
            partitions.append([set(b) for b in blocs])
        for before, after in zip(partitions, partitions[1:]):
            jac = np.array([[len(a & b) / len(a | b) for b in after] for a in before])
            linear_sum_assignment(-jac)
    clock.report(out, agreements)


def run_r(csv: Path, out: Path) -> str | None:
    """None when R ran, else the reason it was skipped."""
    rscript = shutil.which("Rscript")
    if rscript is None:
        return "Rscript not found (apt-get install -y r-base-core r-cran-igraph)"
    check = subprocess.run([rscript, "-e", "library(igraph)"], capture_output=True, text=True)
    if check.returncode != 0:
        return "the R package igraph is not installed (apt-get install -y r-cran-igraph)"
    binary, timing = out.with_suffix(".bin"), out.with_suffix(".txt")
    started = time.perf_counter()
    subprocess.run([rscript, str(HERE / "peer_igraph.R"), str(csv), str(binary), str(timing)], check=True)
    total = time.perf_counter() - started
    wall, cpu = map(float, timing.read_text().split())
    out.write_text(json.dumps({"wall": wall, "cpu": cpu, "process_wall": total, "peak_mb": None}))
    return None


class Clock:
    """Wall and CPU time (self + waited-for children) of a block, and the peak RSS."""

    def __enter__(self):
        self.wall = time.perf_counter()
        self.cpu = _cpu()
        return self

    def __exit__(self, *exc):
        self.wall = time.perf_counter() - self.wall
        self.cpu = _cpu() - self.cpu

    def report(self, out: Path, agreements: dict) -> None:
        peak = max(
            resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        )
        out.write_text(json.dumps({"wall": self.wall, "cpu": self.cpu, "peak_mb": peak / 1024}))
        np.savez(out.with_suffix(".npz"), **agreements)


def _cpu() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


# ----------------------------------------------------------------------------- driver


def check_identical(folder: Path, labels: list[str], names: list[str]) -> list[str]:
    """Agreement of every window equal (NaN pattern and values to 1e-12) across implementations."""
    reference = np.load(folder / "project-2.npz")
    lines = []
    for name in names:
        if name == "r":
            blob = np.fromfile(folder / "r.bin", dtype="<f8")
            offset, worst, same_nan = 0, 0.0, True
            for label in labels:
                if label not in reference:
                    continue
                a = reference[label]
                upper = a.T[np.tril_indices(len(a), -1)]  # R's upper.tri, column-major
                b = blob[offset : offset + len(upper)]
                offset += len(upper)
                same_nan &= bool(np.array_equal(np.isnan(upper), np.isnan(b)))
                both = ~np.isnan(upper) & ~np.isnan(b)
                worst = max(worst, float(np.max(np.abs(upper[both] - b[both]), initial=0)))
            complete = offset == len(blob)
        else:
            other = np.load(folder / f"{name}.npz")
            worst, same_nan = 0.0, set(other.files) == set(reference.files)
            for label in reference.files:
                a, b = reference[label], other[label]
                same_nan &= a.shape == b.shape and bool(np.array_equal(np.isnan(a), np.isnan(b)))
                if a.shape == b.shape:
                    both = ~np.isnan(a) & ~np.isnan(b)
                    worst = max(worst, float(np.max(np.abs(a[both] - b[both]), initial=0)))
            complete = True
        ok = same_nan and complete and worst <= 1e-12
        lines.append(
            f"agreement, project vs {name}: {'identical' if ok else 'DIFFERENT'} "
            f"(max |diff| {worst:.1e}, same undefined pairs: {same_nan})"
        )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--windows", type=int, default=None, help="only the last N windows (development)")
    parser.add_argument("--skip", default="", help="comma-separated: python, r")
    parser.add_argument("--one", help=argparse.SUPPRESS)
    parser.add_argument("--jobs", type=int, default=2, help=argparse.SUPPRESS)
    parser.add_argument("--csv", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one == "project":
        return run_project(args.windows, args.jobs, Path(args.out))
    if args.one == "python":
        return run_python(Path(args.csv), Path(args.out))

    skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    folder = Path(tempfile.mkdtemp(prefix="graphmodel-bench-"))
    csv = folder / "votes.csv"
    labels = write_long_csv(csv, args.windows)
    print(f"{len(labels)} GA session windows; machine: {os.cpu_count()} cores, load {os.getloadavg()[0]:.2f}")
    base = [sys.executable, __file__] + (["--windows", str(args.windows)] if args.windows else [])

    def python_process(*extra):
        return lambda out: subprocess.run([*base, *extra, "--out", str(out)], check=True) and None

    plan = {
        "project, 2 jobs": ("project-2", python_process("--one", "project", "--jobs", "2")),
        "project, 1 job": ("project-1", python_process("--one", "project", "--jobs", "1")),
    }
    if "python" not in skip:
        plan["Python peer (pandas+numpy+networkx)"] = ("python", python_process("--one", "python", "--csv", str(csv)))
    if "r" not in skip:
        plan["R peer (base R + igraph)"] = ("r", lambda out: run_r(csv, out))
    times: dict[str, list] = {name: [] for name in plan}
    loads = []
    for run in range(args.runs):
        for name, (stem, go) in list(plan.items()):
            out = folder / f"{stem}.json"
            loads.append(os.getloadavg()[0])
            reason = go(out)
            if reason:
                print(f"{name} skipped: {reason}")
                del plan[name], times[name]
                continue
            times[name].append(json.loads(out.read_text()))
        print(f"run {run + 1}/{args.runs} done (load {os.getloadavg()[0]:.2f})", flush=True)
    files = {name: stem for name, (stem, _) in plan.items()}
    project = statistics.median(t["wall"] for t in times["project, 2 jobs"])
    project_cpu = statistics.median(t["cpu"] for t in times["project, 2 jobs"])
    print()
    print(
        "| implementation | wall s, median (min–max) | wall spread (max/min) | CPU s, median (min–max) "
        "| wall ratio | CPU ratio | peak MB |"
    )
    print("|---|---|---|---|---|---|---|")
    for name, runs in times.items():
        if not runs:
            continue
        wall, cpu = [t["wall"] for t in runs], [t["cpu"] for t in runs]
        peak = max((t["peak_mb"] or 0) for t in runs)
        print(
            f"| {name} | {statistics.median(wall):.2f} ({min(wall):.2f}–{max(wall):.2f}) "
            f"| {max(wall) / min(wall):.2f}× "
            f"| {statistics.median(cpu):.2f} ({min(cpu):.2f}–{max(cpu):.2f}) "
            f"| {statistics.median(wall) / project:.1f}× | {statistics.median(cpu) / project_cpu:.1f}× "
            f"| {f'{peak:.0f}' if peak else 'n/a'} |"
        )
    print("(ratios: each implementation's median over the project's with 2 jobs)")
    print(f"load average during the runs: {min(loads):.2f}–{max(loads):.2f}")
    done = [files[n] for n in times if times[n] and not n.startswith("project")]
    for line in check_identical(folder, labels, done):
        print(line)
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()

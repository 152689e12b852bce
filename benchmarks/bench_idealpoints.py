"""Ideal points: validation against Bailey–Strezhnev–Voeten and timings, in one run.

Fits the dynamic model on every GA session 1946–2026 (with the parametric bootstrap), a static
per-session ordinal model (same EM, no random walk, no bridges) and the naive baseline (first
principal component per session), and prints their agreement with BSV side by side.

Run: .venv/bin/python benchmarks/bench_idealpoints.py [--boot N]
"""

import argparse
import resource
import time
import warnings

import pandas as pd

from graphmodel import idealpoints, load_dataset


def row(name, v):
    return {
        "estimate": name,
        "median session r": v["median"],
        "worst session r": v["worst"],
        "worst session": v["worst_session"],
        "within-country r (median)": v["within_median"],
        "changes r": v["changes"],
        "US-RUS gap r": v["gap_r"],
        "gap 1980-90": v["gap_1980s_1990s"]["ours"][0],
        "gap 1992-2000": v["gap_1980s_1990s"]["ours"][1],
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--boot", type=int, default=10)
    args = parser.parse_args()
    ds = load_dataset()
    bsv = idealpoints.load_bsv()

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        started, cpu = time.perf_counter(), time.process_time()
        dynamic = idealpoints.estimate(ds, n_boot=args.boot, random_state=0)
        total, total_cpu = time.perf_counter() - started, time.process_time() - cpu
        started, cpu = time.perf_counter(), time.process_time()
        fit_only = idealpoints.estimate(ds, n_boot=0)
        fit, fit_cpu = time.perf_counter() - started, time.process_time() - cpu
        started, cpu = time.perf_counter(), time.process_time()
        static = idealpoints.estimate(ds, n_boot=0, dynamic=False)
        static_fit, static_cpu = time.perf_counter() - started, time.process_time() - cpu
    assert (fit_only["ideal"].to_numpy() == dynamic["ideal"].to_numpy()).all()
    started = time.perf_counter()
    naive = idealpoints.pca_baseline(ds)
    naive_seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    results = {name: idealpoints.validate(est, bsv) for name, est in [("dynamic", dynamic), ("static", static)]}
    results["naive PC1"] = idealpoints.validate(naive, bsv)
    pd.set_option("display.width", 200)
    print("Agreement with BSV idealpointall, 1946-2014 (Pearson r)")
    print(pd.DataFrame([row(name, v) for name, v in results.items()]).set_index("estimate").round(3).T.to_string())
    print("\nPer decade: median (worst) per-session r")
    decades = pd.DataFrame(
        {
            name: v["decades"].apply(lambda d: f"{d['median']:.3f} ({d['min']:.3f})", axis=1)
            for name, v in results.items()
        }
    )
    decades["sessions"] = results["dynamic"]["decades"]["size"].astype(int)
    # Our spread per unit of BSV's (median slope per decade): a drift here is the scale path.
    decades["dynamic spread / BSV"] = results["dynamic"]["decades"]["slope"].round(2)
    print(decades.to_string())
    bsv_gap = results["dynamic"]["gap_1980s_1990s"]["bsv"]
    print(f"\nBSV US-RUS gap: 1980-90 mean {bsv_gap[0]:.2f}, 1992-2000 mean {bsv_gap[1]:.2f} (ratio {bsv_gap[2]:.2f})")
    for name, v in results.items():
        o = v["gap_1980s_1990s"]["ours"]
        print(f"{name:>10} US-RUS gap: 1980-90 {o[0]:.2f}, 1992-2000 {o[1]:.2f} (ratio {o[2]:.2f})")
    within = results["dynamic"]["within"]
    print(
        "\nwithin-country r (dynamic): "
        + ", ".join(f"{c} {within[c]:.2f}" for c in ["USA", "RUS", "CHN", "DEU", "FRA", "GBR", "IND", "BRA"])
    )
    attrs = dynamic.attrs
    print(
        f"\ndynamic: {len(dynamic)} country-sessions, {attrs['n_votes_used']:,} votes, {attrs['n_items']:,} items "
        f"({sum(attrs['bridges']['bridged']):,} roll calls bridged); EM {attrs['iterations']} steps, "
        f"converged {attrs['converged']} (change {attrs['change']:.2g}); bootstrap {args.boot} replicates, "
        f"{attrs['boot_converged']} converged"
    )
    print(
        f"dropped sessions: {attrs['dropped_sessions']['session']}; country-sessions without estimate: "
        f"{len(attrs['dropped']['iso3'])}"
    )
    print(
        f"\ntimings, wall (CPU of this process): dynamic fit {fit:.1f} s ({fit_cpu:.1f} s), with {args.boot} "
        f"bootstrap replicates {total:.1f} s ({total_cpu:.1f} s); static per-session fit {static_fit:.1f} s "
        f"({static_cpu:.1f} s); dynamic/static = {fit / static_fit:.2f}x wall, {fit_cpu / static_cpu:.2f}x CPU; "
        f"naive PC1 {naive_seconds:.1f} s; peak memory {peak:.0f} MB"
    )
    for w in caught:
        print("warning:", w.message)


if __name__ == "__main__":
    main()

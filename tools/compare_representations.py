"""Compare graph representations for bloc detection on every GA session; print the table.

    .venv/bin/python tools/compare_representations.py [--draws 39] [--jobs 2] [--csv out.csv]

Criteria, per representation (see graphmodel/significance.py for what each one is):
- structure against the vote-permutation null (detection re-run on every draw): median z over
  sessions and the share of sessions with p < 0.05;
- stability: mean pairwise adjusted Rand index between 5 seeds (resolution 1) and between the
  resolutions 0.9, 1.0, 1.1 (seed 0); share of countries whose consensus co-assignment is < 0.8;
- external validity: share of the variance of the Bailey–Strezhnev–Voeten ideal points explained
  by the consensus blocs (adjusted R², i.e. a one-way ANOVA with the blocs as groups), mean over
  sessions 1–69 (1946–2014, the reference's span) and over the Cold War sessions 35–40; and that R²
  over the R² of the best split of the ideal points into as many intervals (more blocs always
  explain more; this ratio does not reward fragmentation);
- known alignments, sessions 35–40: USSR and USA in different blocs; share of the Warsaw Pact
  members present in the USSR's bloc and of NATO members in the USA's bloc;
- size: mean number of blocs with at least 3 members, and the share of countries in smaller ones.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
from threadpoolctl import threadpool_limits

import graphmodel
from graphmodel import significance as S
from graphmodel.countries import group_members, seat_holder
from graphmodel.windows import filter_rollcalls, make_windows, vote_matrix

REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "data" / "reference" / "bsv_idealpoints_1946_2014.csv"
#: BSV's iso3c → the harmonised row that carries that seat in the vote matrix.
BSV_TO_ROW = {"TWN": "CHN", "CSK": "CZE", "YUG": "SRB", "YAR": "YEM"}


def ideal_points(path: Path) -> pd.DataFrame:
    table = pd.read_csv(path, comment="#")
    table["iso3"] = table["iso3c"].fillna("")
    table.loc[table["ccode"] == 680, "iso3"] = "YMD"  # the file labels South Yemen YAR too
    table.loc[(table["iso3c"] == "CHN") & (table["year"] < 1971), "iso3"] = ""  # PRC outside the UN then
    table["iso3"] = table["iso3"].replace(BSV_TO_ROW)
    table = table[table["iso3"] != ""]
    table["session"] = table["year"] - 1945
    return table.groupby(["session", "iso3"], as_index=False)["idealpointall"].mean()


def adjusted_eta2(values: np.ndarray, labels: np.ndarray) -> float:
    groups = np.unique(labels)
    total = ((values - values.mean()) ** 2).sum()
    within = sum(((values[labels == g] - values[labels == g].mean()) ** 2).sum() for g in groups)
    n, k = len(values), len(groups)
    if total == 0 or n - k <= 0:
        return float("nan")
    return 1 - (within / (n - k)) / (total / (n - 1))


def best_split_r2(values: np.ndarray, k: int) -> float:
    """R² of the best split of the ideal points into ``k`` intervals (optimal 1-D k-means, by
    dynamic programming): the most any ``k`` blocs could explain on this one dimension."""
    x = np.sort(values)
    n = len(x)
    k = max(1, min(k, n))
    s1 = np.concatenate([[0.0], np.cumsum(x)])
    s2 = np.concatenate([[0.0], np.cumsum(x * x)])

    def sse(j, i):  # cost of x[j:i] for arrays of j and a scalar i
        m = i - j
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(m > 0, (s2[i] - s2[j]) - (s1[i] - s1[j]) ** 2 / np.maximum(m, 1), 0.0)

    cost = np.array([sse(np.array(0), i) for i in range(n + 1)], dtype=float)
    for _ in range(1, k):
        cost = np.array([np.min(cost[: i + 1] + sse(np.arange(i + 1), i)) for i in range(n + 1)])
    total = s2[n] - s1[n] ** 2 / n
    return 1 - cost[n] / total if total else float("nan")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--draws", type=int, default=39)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--representations", default=",".join(S.REPRESENTATIONS))
    parser.add_argument("--csv", help="also write the per-session rows here")
    args = parser.parse_args(argv)

    ds = graphmodel.load_dataset()
    calls = filter_rollcalls(ds.rollcalls)
    windows = make_windows(calls, "session", min_rollcalls=10)
    full = vote_matrix(ds, calls["rollcall_id"].tolist())
    matrices = {w.label: full.subset(w.rollcall_ids) for w in windows}
    ends = {w.label: w.end for w in windows}
    points = ideal_points(REFERENCE) if REFERENCE.exists() else None

    rows = []
    summary = []
    for rep in args.representations.split(","):
        started = time.perf_counter()
        sig = S.significance_table(matrices, rep, draws=args.draws, seed=args.seed, jobs=args.jobs).set_index("window")
        sig_seconds = time.perf_counter() - started
        for label, vm in matrices.items():
            with threadpool_limits(limits=1):
                codes = vm.codes[S._keep_connected(vm.codes, 10)]
                countries = np.array([c for c, keep in zip(vm.countries, S._keep_connected(vm.codes, 10)) if keep])
                a, n = S.agree_matrix(codes, 10)
                e = S.expected_agree(codes, n)
                cons = S.consensus_labels(a, e, rep, seed=args.seed)
            runs = cons.runs
            at_one = runs[5:10]  # resolutions (0.9, 1.0, 1.1) × 5 seeds: the middle five
            by_res = [runs[0], runs[5], runs[10]]
            pair = lambda xs: np.mean([S.adjusted_rand(x, y) for i, x in enumerate(xs) for y in xs[i + 1 :]])  # noqa: E731
            sizes = np.bincount(cons.labels)
            row = {
                "representation": rep,
                "session": int(label),
                "z": sig.loc[label, "z"],
                "p": sig.loc[label, "p"],
                "ari_seeds": pair(at_one),
                "ari_resolutions": pair(by_res),
                "unstable_share": float((cons.stability < 0.8).mean()),
                "blocs": int((sizes >= 3).sum()),
                "small_share": float(sizes[cons.labels].__lt__(3).mean()),
            }
            if points is not None:
                here = points[points["session"] == int(label)].set_index("iso3")["idealpointall"]
                common = [i for i, c in enumerate(countries) if c in here.index]
                if len(common) > 10:
                    values, labels = here[countries[common]].to_numpy(), cons.labels[common]
                    row["eta2"] = adjusted_eta2(values, labels)
                    raw = 1 - (1 - row["eta2"]) * (len(values) - len(np.unique(labels))) / (len(values) - 1)
                    row["eta2_of_best"] = raw / best_split_r2(values, len(np.unique(labels)))
            date = ends[label]
            bloc = dict(zip(countries, cons.labels))
            if 35 <= int(label) <= 40 and "RUS" in bloc and "USA" in bloc:
                seats = {seat_holder(c, date): c for c in countries}
                pact = [seats[m] for m in group_members("Warsaw Pact", date) if m in seats and m != "SUN"]
                nato = [seats[m] for m in group_members("NATO", date) if m in seats and m != "USA"]
                row["split_us_ussr"] = bloc["RUS"] != bloc["USA"]
                row["pact_with_ussr"] = np.mean([bloc[c] == bloc["RUS"] for c in pact])
                row["nato_with_usa"] = np.mean([bloc[c] == bloc["USA"] for c in nato])
            rows.append(row)
        table = pd.DataFrame([r for r in rows if r["representation"] == rep])
        cold = table[table["session"].between(35, 40)]
        summary.append(
            {
                "representation": rep,
                "median z": table["z"].median(),
                "p<0.05": (table["p"] < 0.05).mean(),
                "ARI seeds": table["ari_seeds"].mean(),
                "ARI resolutions": table["ari_resolutions"].mean(),
                "unstable": table["unstable_share"].mean(),
                "ideal-pt adj R² (1-69)": table["eta2"].mean() if "eta2" in table else np.nan,
                "adj R² (35-40)": cold["eta2"].mean() if "eta2" in cold else np.nan,
                "R² / best k-split": table["eta2_of_best"].mean() if "eta2_of_best" in table else np.nan,
                "US≠USSR (35-40)": cold["split_us_ussr"].mean(),
                "Pact with USSR": cold["pact_with_ussr"].mean(),
                "NATO with USA": cold["nato_with_usa"].mean(),
                "blocs ≥3": table["blocs"].mean(),
                "in blocs <3": table["small_share"].mean(),
                "null s": sig_seconds,
            }
        )
        print(f"{rep}: done in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    out = pd.DataFrame(summary).set_index("representation")
    print(f"GA sessions 1-80 ({len(matrices)} windows), {args.draws} null draws per window, seed {args.seed}")
    print(out.to_markdown(floatfmt=".2f") if _has_tabulate() else out.round(2).to_string())
    if args.csv:
        pd.DataFrame(rows).to_csv(args.csv, index=False)
    return 0


def _has_tabulate() -> bool:
    try:
        import tabulate  # noqa: F401
    except ImportError:
        return False
    return True


if __name__ == "__main__":
    sys.exit(main())

"""Time `import_file` on a UN Digital Library GA CSV as large as the real one (~840k rows).

The file is written from the bundled dataset's real GA votes in the UN DL v5 layout (symbols in
the library's style, 'A/RES/58/47' for unvotes' 'R/58/47'), so that importing it into the full
dataset compares every roll call (all identical) and importing it into a dataset without GA
adds every one.

    .venv/bin/python tools/bench_import.py [--rows 840000] [--keep FILE]
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from fixtures import GA_V5  # noqa: E402

from graphmodel import load_dataset  # noqa: E402
from graphmodel.dataset import Dataset, import_file  # noqa: E402


def undl_symbol(symbol: str) -> str:
    m = re.match(r"^R/(\d+)/(\d+)([A-Z]*)$", symbol)
    return f"A/RES/{m.group(1)}/{m.group(2)}" + (f" {m.group(3)}" if m.group(3) else "") if m else symbol


def write_large(dataset, path: Path, rows: int) -> int:
    calls = dataset.rollcalls
    calls = calls[(calls["body"] == "GA") & ~calls["amend"].fillna(False) & ~calls["para"].fillna(False)]
    calls = calls.dropna(subset=["symbol"]).drop_duplicates("symbol").sort_values("date", ascending=False)
    names = dataset.countries.set_index("iso3")["name"].str.upper()
    votes = dataset.votes.astype({"rollcall_id": str, "iso3": str, "vote": str})
    grouped = dict(tuple(votes.groupby("rollcall_id")))
    written = 0
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(GA_V5)
        for number, call in enumerate(calls.itertuples(), start=1):
            members = grouped.get(call.rollcall_id)
            if members is None or written >= rows:
                continue
            c = members["vote"].value_counts()
            totals = [c.get("Y", 0), c.get("N", 0), c.get("A", 0), c.get("X", 0), len(members)]
            if pd_isna(call.yes):
                stated = ["", "", ""]
            else:
                stated = [f"{call.yes}.0", f"{call.no}.0", f"{call.abstain}.0"]
            for iso3, vote in zip(members["iso3"], members["vote"]):
                w.writerow(
                    [
                        3000000 + number,
                        iso3,
                        names.get(iso3, iso3),
                        vote,
                        call.date.strftime("%Y-%m-%d"),
                        call.session,
                        undl_symbol(call.symbol),
                        "",
                        "",
                        "",
                        call.title or "",
                        "",
                        "",
                        "",
                        *stated,
                        f"{totals[3]}.0",
                        f"{totals[4]}.0",
                        f"https://digitallibrary.un.org/record/{3000000 + number}",
                    ]
                )
            written += len(members)
    return written


def pd_isna(value) -> bool:
    import pandas as pd

    return bool(pd.isna(value))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=840_000)
    parser.add_argument("--keep", type=Path, default=None)
    args = parser.parse_args()
    dataset = load_dataset()
    with tempfile.TemporaryDirectory() as tmp:
        path = args.keep or Path(tmp) / "ga_large.csv"
        started = time.perf_counter()
        n = write_large(dataset, path, args.rows)
        print(f"wrote {n} rows, {path.stat().st_size / 1e6:.0f} MB in {time.perf_counter() - started:.1f} s")
        started = time.perf_counter()
        _, ledger = import_file(path, dataset, progress=True, lenient=True)
        print(f"import into the full dataset (compare every roll call): {time.perf_counter() - started:.1f} s")
        print("  " + "\n  ".join(ledger.lines()))
        no_ga = Dataset(
            dataset.rollcalls[dataset.rollcalls["body"] == "SC"],
            dataset.votes[
                dataset.votes["rollcall_id"].isin(
                    set(dataset.rollcalls.loc[dataset.rollcalls["body"] == "SC", "rollcall_id"])
                )
            ],
            dataset.countries,
        )
        started = time.perf_counter()
        merged, ledger = import_file(path, no_ga, progress=True, lenient=True)
        print(f"import into a dataset without GA (add every roll call): {time.perf_counter() - started:.1f} s")
        print("  " + "\n  ".join(ledger.lines()))


if __name__ == "__main__":
    main()

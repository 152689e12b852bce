"""Ideal points: which random-walk prior do the votes themselves support?

Holds out a seeded 10% of all GA Y/N/A votes 1946-2026, fits the dynamic model on the rest for a
grid of (position_prior, rw_var) and prints the mean log-likelihood and accuracy of the held-out
votes (graphmodel.idealpoints.heldout_loglik). No published estimate is read. About 15 s of CPU per
setting.

Run: .venv/bin/python benchmarks/idealpoints_prior_evidence.py
"""

import pandas as pd

from graphmodel import idealpoints, load_dataset

GRID = [(4, 0.3), (4, 0.1), (4, 0.03), (4, 0.01), (1, 0.1), (1, 0.03), (16, 0.1), (16, 0.03)]


def main():
    ds = load_dataset()
    rows = []
    for prior, rw in GRID:
        r = idealpoints.heldout_loglik(ds, position_prior=prior, rw_var=rw, random_state=0)
        rows.append({"position_prior": prior, "rw_var": rw, **r})
        print(rows[-1], flush=True)
    table = pd.DataFrame(rows).sort_values("loglik", ascending=False)
    print(table.round(5).to_string(index=False))


if __name__ == "__main__":
    main()

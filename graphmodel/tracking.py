"""Bloc identity across windows, events, bloc switches, pair trajectories and shifts.

Blocs of consecutive windows are matched by Jaccard similarity with an optimal one-to-one
assignment (Hungarian algorithm), as in Greene, Doyle & Cunningham (2010): a match at or above
``threshold`` continues a persistent bloc; other overlaps above ``threshold`` mark splits and
merges; an unmatched bloc is born, an unmatched predecessor dies.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.optimize import linear_sum_assignment

from .errors import GraphmodelError
from .indices import compute
from .resample import bootstrap, pair_draws, percentile_interval


def jaccard_matrix(before: list[set], after: list[set]) -> np.ndarray:
    out = np.zeros((len(before), len(after)))
    for i, a in enumerate(before):
        for j, b in enumerate(after):
            union = len(a | b)
            out[i, j] = len(a & b) / union if union else 0.0
    return out


def track(partitions: list[tuple[str, list[set]]], *, threshold: float = 0.3):
    """Persistent bloc ids and transition events across an ordered list of (window, blocs).

    Returns ``(ids, transitions)``: ``ids[w][b]`` is the persistent id of bloc ``b`` of window
    ``w``; ``transitions`` has one row per event with columns ``from_window``, ``from_bloc``,
    ``to_window``, ``to_bloc``, ``jaccard``, ``event`` (continue, split, merge, birth, death).
    """
    ids: list[list[int]] = []
    rows = []
    next_id = 0
    for w, (label, blocs) in enumerate(partitions):
        if w == 0:
            ids.append(list(range(len(blocs))))
            next_id = len(blocs)
            rows.extend(
                {
                    "from_window": None,
                    "from_bloc": None,
                    "to_window": label,
                    "to_bloc": ids[0][b],
                    "jaccard": None,
                    "event": "birth",
                }
                for b in range(len(blocs))
            )
            continue
        prev_label, prev_blocs = partitions[w - 1]
        jac = jaccard_matrix(prev_blocs, blocs)
        r, c = linear_sum_assignment(-jac)
        current = [-1] * len(blocs)
        matched_prev = set()
        for i, j in zip(r, c):
            if jac[i, j] >= threshold:
                current[j] = ids[w - 1][i]
                matched_prev.add(i)
                rows.append(
                    {
                        "from_window": prev_label,
                        "from_bloc": ids[w - 1][i],
                        "to_window": label,
                        "to_bloc": current[j],
                        "jaccard": float(jac[i, j]),
                        "event": "continue",
                    }
                )
        for j in range(len(blocs)):
            if current[j] < 0:
                current[j] = next_id
                next_id += 1
        for i in range(len(prev_blocs)):
            for j in range(len(blocs)):
                if jac[i, j] >= threshold and not (i in matched_prev and current[j] == ids[w - 1][i]):
                    # A second strong overlap: i split (it also feeds j) or j merged (it also takes i).
                    event = "merge" if current[j] in [ids[w - 1][k] for k in matched_prev] else "split"
                    rows.append(
                        {
                            "from_window": prev_label,
                            "from_bloc": ids[w - 1][i],
                            "to_window": label,
                            "to_bloc": current[j],
                            "jaccard": float(jac[i, j]),
                            "event": event,
                        }
                    )
        linked_prev = {i for i in range(len(prev_blocs)) if (jac[i] >= threshold).any()}
        linked_next = {j for j in range(len(blocs)) if (jac[:, j] >= threshold).any()}
        rows.extend(
            {
                "from_window": prev_label,
                "from_bloc": ids[w - 1][i],
                "to_window": label,
                "to_bloc": None,
                "jaccard": None,
                "event": "death",
            }
            for i in range(len(prev_blocs))
            if i not in linked_prev
        )
        rows.extend(
            {
                "from_window": None,
                "from_bloc": None,
                "to_window": label,
                "to_bloc": current[j],
                "jaccard": None,
                "event": "birth",
            }
            for j in range(len(blocs))
            if j not in linked_next
        )
        ids.append(current)
    return ids, pd.DataFrame(rows, columns=["from_window", "from_bloc", "to_window", "to_bloc", "jaccard", "event"])


def bloc_switches(nodes: pd.DataFrame) -> pd.DataFrame:
    """Countries whose persistent bloc changed between consecutive windows they both appear in."""
    ordered = nodes.sort_values(["iso3", "window_order"])
    previous = ordered.groupby("iso3")["bloc"].shift()
    previous_window = ordered.groupby("iso3")["window"].shift()
    moved = ordered[previous.notna() & (ordered["bloc"] != previous)]
    return pd.DataFrame(
        {
            "iso3": moved["iso3"],
            "from_window": previous_window[moved.index],
            "to_window": moved["window"],
            "from_bloc": previous[moved.index].astype(int),
            "to_bloc": moved["bloc"],
        }
    ).reset_index(drop=True)


def pair_trajectory(
    matrices: list[tuple[str, object]], a: str, b: str | list[str], index: str = "agree", **kwargs
) -> pd.DataFrame:
    """Agreement of ``a`` with ``b`` (a country, or the mean over a list such as the EU) per window."""
    rows = []
    group = [b] if isinstance(b, str) else list(b)
    for label, vm in matrices:
        if a not in vm.countries:
            rows.append({"window": label, "agreement": np.nan, "n": 0})
            continue
        values, n = compute(vm, index, **kwargs)
        i = vm.countries.index(a)
        js = [vm.countries.index(c) for c in group if c in vm.countries and c != a]
        rows.append(
            {
                "window": label,
                "agreement": float(np.nanmean(values[i, js])) if js else np.nan,
                "n": int(np.max(n[i, js])) if js else 0,
            }
        )
    return pd.DataFrame(rows)


def shifts(
    vm_from,
    vm_to,
    anchor: str = "USA",
    *,
    index: str = "agree",
    n_boot: int = 500,
    random_state: int = 0,
    ci: float = 0.95,
    **kwargs,
) -> pd.DataFrame:
    """Change of every country's agreement with ``anchor`` between two windows, with bootstrap
    confidence intervals from resampling each window's roll calls (percentile method).
    """
    for vm in (vm_from, vm_to):
        if anchor not in vm.countries:
            raise GraphmodelError(f"unknown country {anchor!r} in window (not a member there)")
    common = sorted(set(vm_from.countries) & set(vm_to.countries) - {anchor})

    def anchor_row(vm):
        values, _ = compute(vm, index, **kwargs)
        row = values[vm.countries.index(anchor)]
        return np.array([row[vm.countries.index(c)] for c in common])

    before, after = anchor_row(vm_from), anchor_row(vm_to)
    draws = None
    if n_boot:
        # Linear indices: all draws at once (resample.pair_draws); kappa and pi: one matrix per draw.
        rng = np.random.default_rng(random_state)
        sides = []
        for vm in (vm_from, vm_to):
            rows = np.full(len(common), vm.countries.index(anchor))
            cols = np.array([vm.countries.index(c) for c in common], dtype=int)
            sides.append(pair_draws(vm, rows, cols, index, n_boot=n_boot, random_state=rng, **kwargs))
        if sides[0] is not None:
            draws = sides[1] - sides[0]
    if draws is None:
        draws = bootstrap(lambda a, b: anchor_row(b) - anchor_row(a), (vm_from, vm_to), n_boot, random_state)
    low, high = percentile_interval(draws, ci) if n_boot else (np.full(len(common), np.nan),) * 2
    table = pd.DataFrame(
        {"iso3": common, "before": before, "after": after, "shift": after - before, "ci_low": low, "ci_high": high}
    )
    return table.sort_values("shift", key=np.abs, ascending=False).reset_index(drop=True)

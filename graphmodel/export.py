"""Files that merge with R and Stata: the dyadic agreement table in Voeten's layout.

Voeten's *AgreementScores* files (Harvard Dataverse hdl:1902.1/12379) hold one row per ordered
pair of states and year: ``ccode1, ccode2, year, agree`` with Correlates of War codes, so that
researchers join them to COW, V-Dem or trade data by ``ccode`` and ``year``. :func:`dyads` writes
the same rows (both orders of every pair, no self-pairs) for any window type, with ISO3 codes
beside the COW codes, the chosen index and the number of shared roll calls.

Seats are kept as recorded (``harmonize=False``): the FRG is 260 until 1990 and Germany 255
after, as in the COW state system; the USSR and Russia share 365.
"""

from __future__ import annotations

import os
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd

from . import indices
from .errors import GraphmodelError
from .settings import Index, Windows, as_dict
from .settings import resolve as resolve_settings

FORMATS = {".csv": "csv", ".parquet": "parquet", ".dta": "stata"}


@lru_cache(maxsize=1)
def cow_codes() -> pd.Series:
    """COW state code per project code (``resources/cow.csv``, from ``tools/make_cow.py``)."""
    with (resources.files("graphmodel") / "resources" / "cow.csv").open(encoding="utf-8") as f:
        table = pd.read_csv(f, comment="#")
    return table.set_index("iso3")["ccode"]


def dyads(dataset, windows: Windows | None = None, index: Index | str | None = None, **options) -> pd.DataFrame:
    """Agreement of every ordered pair of states per window, in Voeten's dyadic layout.

    Parameters
    ----------
    dataset : Dataset
    windows, index, **options
        As for :func:`graphmodel.analyze`; ``by`` is usually ``year`` or ``session``.

    Returns
    -------
    DataFrame
        ``ccode1, ccode2, iso3_1, iso3_2, year`` (or ``session``, or ``window``), ``agree`` (Voeten's
        index, always), the chosen index under its name if it is not ``agree``, and ``n`` (roll
        calls both voted on). Rows: for each window, every ordered pair of the states in its vote
        matrix (n·(n−1)); undefined agreement (fewer than ``min_covotes`` shared votes) is NaN.
    """
    options.setdefault("harmonize", False)
    windows, index, _ = resolve_settings(windows, index, None, **options)
    codes = cow_codes()
    key = {"year": "year", "session": "session"}.get(windows.by, "window")
    parts, skipped = [], []
    for window, vm in dataset.window_matrices(windows):
        if len(vm.countries) < 2:
            skipped.append(f"window {window.label} left out: fewer than two states voted")
            continue
        kwargs = index.kwargs(window)
        agree, n = indices.compute(vm, "agree", absent=kwargs["absent"], min_covotes=index.min_covotes)
        i, j = np.where(~np.eye(len(vm.countries), dtype=bool))
        iso = np.asarray(vm.countries, dtype=object)
        part = {
            "ccode1": codes.reindex(iso[i]).to_numpy(),
            "ccode2": codes.reindex(iso[j]).to_numpy(),
            "iso3_1": iso[i],
            "iso3_2": iso[j],
            key: int(window.label) if key in ("year", "session") else window.label,
            "agree": agree[i, j],
        }
        if index.name != "agree":
            values, _ = indices.compute(vm, index.name, **kwargs)
            part[index.name] = values[i, j]
        part["n"] = n[i, j].astype(np.int32)
        parts.append(pd.DataFrame(part))
    if not parts:
        raise GraphmodelError("no window with two or more states")
    table = pd.concat(parts, ignore_index=True)
    missing = table.loc[table["ccode1"].isna(), "iso3_1"].unique()
    if len(missing):
        raise GraphmodelError(f"no COW code for {', '.join(missing)} (add it to resources/cow.csv)")
    table[["ccode1", "ccode2"]] = table[["ccode1", "ccode2"]].astype(np.int16)
    if key in ("year", "session"):
        table[key] = table[key].astype(np.int16)
    from .analysis import coverage_warnings, left_out_warnings

    table.attrs["params"] = as_dict(windows, index) | {
        "warnings": coverage_warnings(dataset, windows) + left_out_warnings(dataset, windows) + skipped
    }
    return table


def write_dyads(table: pd.DataFrame, path: str | Path) -> Path:
    """Write a dyad table as CSV, parquet or Stata .dta, by the file's extension."""
    path = Path(path)
    kind = FORMATS.get(path.suffix.lower())
    if kind is None:
        raise GraphmodelError(f"unknown dyad file type {path.suffix!r}: use .csv, .parquet or .dta")

    def write(target: Path) -> None:
        if kind == "csv":
            table.to_csv(target, index=False)
        elif kind == "parquet":
            table.to_parquet(target, index=False)
        else:
            frame = table.copy()
            for column in ("iso3_1", "iso3_2", "window"):
                if column in frame:
                    frame[column] = frame[column].astype(str)
            labels = {"ccode1": "COW code, state 1", "ccode2": "COW code, state 2", "n": "roll calls both voted on"}
            labels["agree"] = "Voeten agreement (1 same, 0.5 one abstains)"
            frame.to_stata(target, write_index=False, version=118, variable_labels=labels)

    return write_atomic(path, write)


def write_atomic(path: str | Path, write) -> Path:
    """Call ``write(temporary path)`` beside ``path``, then rename it over ``path``: a reader sees
    the old file or the whole new one, never half (the temporary keeps the suffix, which writers
    such as pandas read). A failed write leaves ``path`` as it was and no temporary behind.

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> write_atomic(folder / "a.txt", lambda p: p.write_text("new")).read_text()
    'new'
    """
    path = Path(path)
    _remove_stale_temporaries(path)
    tmp = path.with_name(f".{path.stem}.{os.getpid()}.tmp{path.suffix}")
    try:
        write(tmp)
        os.replace(tmp, path)
    except OSError as exc:
        raise GraphmodelError(f"cannot write {path}: {exc.strerror or exc}") from None
    finally:
        tmp.unlink(missing_ok=True)
    return path


def _remove_stale_temporaries(path: Path) -> None:
    """Temporaries of ``path`` left by a writer that was killed (``kill -9`` skips the cleanup):
    their process is gone, so nothing will finish them, and they hold a partial file."""
    for stale in path.parent.glob(f".{path.stem}.*.tmp{path.suffix}"):
        pid = stale.name[len(path.stem) + 2 :].split(".", 1)[0]
        if not pid.isdigit() or int(pid) == os.getpid():
            continue
        try:
            os.kill(int(pid), 0)  # signal 0: only asks whether the process exists
        except ProcessLookupError:
            stale.unlink(missing_ok=True)
        except PermissionError:
            pass  # alive, another user's

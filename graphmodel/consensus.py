"""GA resolutions adopted without a vote, as roll calls flagged ``recorded=False``.

About two thirds of GA resolutions are adopted without a vote. Häge & Hug (2016), "Consensus
Decisions and Similarity Measures in International Organizations", *International Interactions*
42(3):503–529, show that leaving them out overstates disagreement; their convention, used here,
reads a consensus adoption as every member present voting yes. Attendance is not recorded for
such adoptions, so every UN member at the date counts as present.

The DGACM extracts (``unxml-ga``, sessions 74–80) list them with ``adoption_type`` "Without a
vote" and empty country lists. ``resources/consensus_ga.csv`` holds them, written by
``python -m graphmodel.consensus RAW_FOLDER`` with the same date and symbol parsing as the
dataset's reader; an analysis includes them only with ``Windows(with_consensus=True)``
(``--with-consensus``).
"""

from __future__ import annotations

import sys
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd

from .sources import ROLLCALL_COLUMNS, ga_session_of, normalize_symbol
from .sources.unxml import adoption_date, records, session_label

RESOURCE = "consensus_ga.csv"
COLUMNS = ["rollcall_id", "session", "date", "symbol", "title", "subjects", "draft"]


def read_consensus(folder: str | Path) -> pd.DataFrame:
    """Resolutions adopted without a vote in the ``unxml-ga`` files of ``folder`` (duplicates once)."""
    rows, seen = [], set()
    for path, line_no, record in records(folder):
        if not str(record.get("adoption_type", "")).startswith("Without a vote"):
            continue
        symbol = normalize_symbol(record.get("symbol", ""))
        if not symbol or symbol in seen:
            continue
        seen.add(symbol)
        subjects = record.get("subjects") or []
        rows.append(
            {
                "rollcall_id": f"consensus:{symbol}",
                "session": session_label(path),
                "date": adoption_date(record, path, line_no).date().isoformat(),
                "symbol": symbol,
                "title": record.get("title", ""),
                "subjects": ";".join(s[0] for s in subjects if len(s) > 1 and s[1] == "UNBIS Thesaurus"),
                "draft": record.get("originating_document"),
            }
        )
    return pd.DataFrame(rows, columns=COLUMNS)


@lru_cache(maxsize=1)
def consensus_rollcalls() -> pd.DataFrame:
    """The bundled consensus adoptions as roll calls (canonical columns plus ``recorded=False``)."""
    with (resources.files("graphmodel") / "resources" / RESOURCE).open(encoding="utf-8") as f:
        table = pd.read_csv(f, comment="#", dtype=str, keep_default_na=False)
    table["date"] = pd.to_datetime(table["date"])
    out = pd.DataFrame({c: table[c] if c in table else None for c in ROLLCALL_COLUMNS})
    out["body"] = "GA"
    out["session_no"] = table["date"].map(ga_session_of).astype("int16")
    out["amend"] = False
    out["para"] = False
    out["outcome"] = "adopted"
    out["issues"] = ""
    out["source"] = "unxml-ga (without a vote)"
    out["recorded"] = False
    return out


def with_consensus(rollcalls: pd.DataFrame) -> pd.DataFrame:
    """The dataset's roll calls (``recorded=True``) followed by the consensus adoptions."""
    recorded = rollcalls.assign(recorded=True)
    extra = consensus_rollcalls()
    extra = extra[~extra["symbol"].isin(set(recorded["symbol"].dropna()))]
    return pd.concat([recorded, extra.astype({"date": recorded["date"].dtype})], ignore_index=True)


def fill(vm, dates: dict) -> None:
    """Set a yes for every UN member at the date in the columns of consensus roll calls (in place).

    ``dates`` maps consensus roll-call ids to their dates; other columns are left alone.
    """
    from .countries import membership_matrix
    from .windows import YES

    columns = [i for i, r in enumerate(vm.rollcall_ids) if r in dates]
    if not columns or not vm.countries:
        return
    when = pd.Series([dates[vm.rollcall_ids[i]] for i in columns])
    member = membership_matrix(list(vm.countries), when)
    block = vm.codes[:, columns]
    vm.codes[:, columns] = np.where(member, YES, block)


def main(argv=None) -> None:
    raw = Path((argv or sys.argv[1:])[0])
    table = read_consensus(raw / "unxml-ga" if (raw / "unxml-ga").is_dir() else raw)
    out = Path(__file__).parent / "resources" / RESOURCE
    with out.open("w", encoding="utf-8") as f:
        f.write(
            "# GA resolutions adopted without a vote (DGACM unxml-ga, sessions 74-80); python -m graphmodel.consensus\n"
        )
        table.to_csv(f, index=False, lineterminator="\n")
    print(f"wrote {out}: {len(table)} resolutions adopted without a vote")


if __name__ == "__main__":
    main()

"""Write graphmodel/resources/cow.csv: Correlates of War state codes for every member in countries.csv.

Codes are read from the Bailey-Strezhnev-Voeten ideal point file (../shared/data/reference, which
carries COW ``ccode`` beside ``iso3c``), taking each code's most frequent ISO3 label; the project's
codes for historic seats, which that file labels inconsistently or not at all, are set here from
the COW state system list (Correlates of War Project, State System Membership v2016):
USSR and Russia 365, FRG 260, Germany 255, GDR 265, Yemen Arab Republic 678, South Yemen 680,
Yemen 679, Yugoslavia and Serbia 345, Czechoslovakia 315, Zanzibar 511, the Republic of China 713.
Run from the repository root: python tools/make_cow.py [path to bsv_idealpoints_1946_2014.csv]
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "data" / "reference" / "bsv_idealpoints_1946_2014.csv"
FIXED = {
    "USA": 2,
    "SUN": 365,
    "RUS": 365,
    "FRG": 260,
    "DEU": 255,
    "DDR": 265,
    "YAR": 678,
    "YMD": 680,
    "YEM": 679,
    "YUG": 345,
    "SRB": 345,
    "MNE": 341,
    "CSK": 315,
    "CZE": 316,
    "SVK": 317,
    "ZAN": 511,
    "TZA": 510,
    "TWN": 713,
    "CHN": 710,
    "SSD": 626,
    "TLS": 860,
    "VNM": 816,
    "KOR": 732,
    "PRK": 731,
}


def main(path: Path = DEFAULT) -> None:
    bsv = pd.read_csv(path, comment="#").dropna(subset=["iso3c"])
    label = bsv.groupby("iso3c")["ccode"].agg(lambda s: int(s.mode().iloc[0]))
    countries = pd.read_csv(ROOT / "graphmodel" / "resources" / "countries.csv", dtype=str, keep_default_na=False)
    rows = []
    for iso3, name in zip(countries["iso3"], countries["name"]):
        code = FIXED.get(iso3, label.get(iso3))
        if code is None:
            raise SystemExit(f"no COW code for {iso3} ({name})")
        rows.append({"iso3": iso3, "ccode": int(code), "name": name})
    out = ROOT / "graphmodel" / "resources" / "cow.csv"
    with out.open("w", encoding="utf-8") as f:
        f.write("# Correlates of War state codes per project code; written by tools/make_cow.py (sources there).\n")
        pd.DataFrame(rows).to_csv(f, index=False, lineterminator="\n")
    print(f"wrote {out}: {len(rows)} rows")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT)

"""Write graphmodel/resources/groups_more.csv: dated memberships of G77, NAM, OIC, OAU/AU, BRICS.

Kept for provenance: the lists are typed here from the organisations' published member lists
(G77: g77.org "Members of the Group of 77"; NAM: the Baku summit (2019) final document's list;
OIC: oic-oci.org "Member States" with accession years; AU: au.int "Member States"; BRICS:
summit declarations). A membership starts at the later of the organisation's founding and the
state's UN admission unless a later accession is written here, so start dates of states that joined
after independence are approximate to the year; exits are the dated ones listed. Run from the
repository root: python tools/make_groups.py
"""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]

G77_FOUNDED = "1964-06-15"
G77 = """AFG DZA AGO ATG ARG AZE BHS BHR BGD BRB BLZ BEN BTN BOL BIH BWA BRA BRN BFA BDI CPV KHM CMR CAF TCD CHL
CHN COL COM COG CRI CIV CUB PRK COD DJI DMA DOM ECU EGY SLV GNQ ERI SWZ ETH FJI GAB GMB GHA GRD GTM GIN GNB GUY HTI
HND IND IDN IRN IRQ JAM JOR KEN KIR KWT LAO LBN LSO LBR LBY MDG MWI MYS MDV MLI MHL MRT MUS FSM MNG MAR MOZ MMR NAM
NRU NPL NIC NER NGA OMN PAK PAN PNG PRY PER PHL QAT RWA KNA LCA VCT WSM STP SAU SEN SYC SLE SGP SLB SOM ZAF SSD LKA
SDN SUR SYR TJK THA TLS TGO TON TTO TUN TKM UGA ARE TZA URY VUT VEN VNM YEM ZMB ZWE""".split()
#: Former G77 members: (iso3, from, to). Mexico and the Republic of Korea left on joining the
#: OECD; Cyprus, Malta and Romania on joining the EU; Yugoslavia's seat lapsed in 1992.
G77_FORMER = [
    ("MEX", G77_FOUNDED, "1994-05-18"),
    ("KOR", "1991-09-17", "1996-12-12"),
    ("CYP", G77_FOUNDED, "2004-05-01"),
    ("MLT", G77_FOUNDED, "2004-05-01"),
    ("ROU", "1976-01-01", "2007-01-01"),
    ("YUG", G77_FOUNDED, "1992-09-22"),
    ("YAR", G77_FOUNDED, "1990-05-22"),
    ("YMD", "1967-12-14", "1990-05-22"),
]
G77_LATER = {"BIH": "1995-01-01", "TJK": "1995-01-01", "TKM": "1995-01-01", "AZE": "2010-01-01"}

NAM_FOUNDED = "1961-09-01"
NAM = """AFG DZA AGO ATG AZE BHS BHR BGD BRB BLR BLZ BEN BTN BOL BWA BRN BFA BDI CPV KHM CMR CAF TCD CHL COL COM COG
CIV CUB PRK COD DJI DMA DOM ECU EGY GNQ ERI SWZ ETH FJI GAB GMB GHA GRD GTM GIN GNB GUY HTI HND IND IDN IRN IRQ JAM
JOR KEN KWT LAO LBN LSO LBR LBY MDG MWI MYS MDV MLI MRT MUS MNG MAR MOZ MMR NAM NPL NIC NER NGA OMN PAK PAN PNG PER
PHL QAT RWA KNA LCA VCT STP SAU SEN SYC SLE SGP SOM ZAF LKA SDN SUR SYR THA TLS TGO TTO TUN TKM UGA ARE TZA UZB VUT
VEN VNM YEM ZMB ZWE""".split()
NAM_FORMER = [
    ("YUG", NAM_FOUNDED, "1992-09-22"),
    ("ARG", "1973-09-01", "1991-09-19"),
    ("CYP", NAM_FOUNDED, "2004-05-01"),
    ("MLT", "1973-09-01", "2004-05-01"),
    ("YAR", NAM_FOUNDED, "1990-05-22"),
    ("YMD", "1970-09-08", "1990-05-22"),
]
NAM_LATER = {"AZE": "2011-05-25", "FJI": "2011-05-25", "BLR": "1998-01-01", "UZB": "1993-01-01", "TKM": "1995-10-20"}

OIC_FOUNDED = "1969-09-25"
OIC = """AFG ALB DZA AZE BHR BGD BEN BRN BFA CMR TCD COM CIV DJI EGY GAB GMB GIN GNB GUY IDN IRN IRQ JOR KAZ KWT KGZ LBN
LBY MYS MDV MLI MRT MAR MOZ NER NGA OMN PAK QAT SAU SEN SLE SOM SDN SUR SYR TJK TGO TUN TUR TKM UGA ARE UZB YEM""".split()
OIC_LATER = {
    "ALB": "1992-12-02",
    "AZE": "1991-12-09",
    "BHR": "1972-01-01",
    "BGD": "1974-02-22",
    "BEN": "1983-01-01",
    "BRN": "1984-01-07",
    "BFA": "1974-01-01",
    "CMR": "1974-01-01",
    "COM": "1976-01-01",
    "CIV": "2001-01-01",
    "DJI": "1978-01-01",
    "GAB": "1974-01-01",
    "GMB": "1974-01-01",
    "GNB": "1974-01-01",
    "GUY": "1998-01-01",
    "IRQ": "1975-01-01",
    "KAZ": "1995-01-01",
    "KGZ": "1992-01-01",
    "MDV": "1976-01-01",
    "MOZ": "1994-01-01",
    "NGA": "1986-01-01",
    "OMN": "1972-01-01",
    "QAT": "1972-01-01",
    "SLE": "1972-01-01",
    "SUR": "1996-01-01",
    "SYR": "1972-01-01",
    "TJK": "1992-01-01",
    "TGO": "1997-01-01",
    "TKM": "1992-01-01",
    "UGA": "1974-01-01",
    "ARE": "1972-01-01",
    "UZB": "1996-01-01",
    "SDN": "1969-09-25",
}
OIC_FORMER = [("YAR", OIC_FOUNDED, "1990-05-22"), ("YMD", "1970-01-01", "1990-05-22")]

OAU_FOUNDED = "1963-05-25"
AU_FOUNDED = "2002-07-09"
#: Every African UN member belongs to the OAU/AU from the later of 1963 and its UN admission,
#: except these dated cases.
AU_EXCEPTIONS = [
    ("MAR", OAU_FOUNDED, "1984-11-12"),
    ("MAR", "2017-01-30", None),
    ("ZAF", "1994-06-06", None),
    ("NAM", "1990-04-23", None),
    ("ERI", "1993-05-24", None),
    ("ZAN", None, None),
]

BRICS = [
    ("BRA", "2006-09-20", None),
    ("RUS", "2006-09-20", None),
    ("IND", "2006-09-20", None),
    ("CHN", "2006-09-20", None),
    ("ZAF", "2010-12-24", None),
    ("EGY", "2024-01-01", None),
    ("ETH", "2024-01-01", None),
    ("IRN", "2024-01-01", None),
    ("ARE", "2024-01-01", None),
    ("IDN", "2025-01-06", None),
]


def _later(a: str, b) -> str:
    return max(pd.Timestamp(a), pd.Timestamp(b)).date().isoformat()


def main() -> None:
    countries = pd.read_csv(ROOT / "graphmodel" / "resources" / "countries.csv", dtype=str, keep_default_na=False)
    admitted = dict(zip(countries["iso3"], countries["admitted"]))
    left = dict(zip(countries["iso3"], countries["left"]))
    rows = []

    def add(group, iso3, start, end, note=""):
        if iso3 not in admitted:
            raise SystemExit(f"{group}: unknown iso3 {iso3}")
        start = _later(start, admitted[iso3])
        end = end or (left[iso3] or None)
        rows.append({"group": group, "iso3": iso3, "from": start, "to": end or "", "note": note})

    for group, current, founded, later, former in (
        ("G77", G77, G77_FOUNDED, G77_LATER, G77_FORMER),
        ("NAM", NAM, NAM_FOUNDED, NAM_LATER, NAM_FORMER),
        ("OIC", OIC, OIC_FOUNDED, OIC_LATER, OIC_FORMER),
    ):
        for iso3 in current:
            add(group, iso3, later.get(iso3, founded), None)
        for iso3, start, end in former:
            add(group, iso3, start, end, "former member")
    special = {iso3 for iso3, _, _ in AU_EXCEPTIONS}
    african = countries.loc[countries["regional_group"] == "African", "iso3"]
    for iso3 in african:
        if iso3 not in special:
            add("AU", iso3, OAU_FOUNDED, None, "OAU until 2002-07-09")
    for iso3, start, end in AU_EXCEPTIONS:
        if start:
            add("AU", iso3, start, end, "OAU until 2002-07-09")
    for iso3, start, end in BRICS:
        add("BRICS", iso3, start, end)
    out = ROOT / "graphmodel" / "resources" / "groups_more.csv"
    with out.open("w", newline="", encoding="utf-8") as f:
        f.write("# Dated group memberships written by tools/make_groups.py (sources and approximations there).\n")
        writer = csv.DictWriter(f, ["group", "iso3", "from", "to", "note"], lineterminator="\n")
        writer.writeheader()
        writer.writerows(sorted(rows, key=lambda r: (r["group"], r["iso3"], r["from"])))
    print(f"wrote {out}: {len(rows)} rows")


if __name__ == "__main__":
    main()

"""One-off generator of graphmodel/resources/countries.csv (kept for provenance).

Admission dates and regional groups are public facts (UN member states list, UN regional
groups); source names were mapped with pycountry and checked by hand.
Run: python tools/make_countries.py ../shared/data/raw
"""

import csv
import glob
import json
import re
import sys
import unicodedata

import pandas as pd
import pycountry
import pyreadr

ADMITTED = """
1945-10-24: ARG AUS BEL BOL BRA BLR CAN CHL TWN COL CRI CUB CSK DNK DOM ECU EGY SLV ETH FRA GRC GTM HTI HND IND IRN IRQ LBN LBR LUX MEX NLD NZL NIC NOR PAN PRY PER PHL POL SUN SAU ZAF SYR TUR UKR GBR USA URY VEN YUG
1946-11-19: AFG ISL SWE
1946-12-16: THA
1947-09-30: PAK YAR
1948-04-19: MMR
1949-05-11: ISR
1950-09-28: IDN
1955-12-14: ALB AUT BGR KHM LKA FIN HUN IRL ITA JOR LAO LBY NPL PRT ROU ESP
1956-11-12: MAR SDN TUN
1956-12-18: JPN
1957-03-08: GHA
1957-09-17: MYS
1958-12-12: GIN
1960-09-20: BEN CMR CAF TCD COG COD CYP GAB CIV MDG NER SOM TGO BFA
1960-09-28: MLI SEN
1960-10-07: NGA
1961-04-27: SLE
1961-10-27: MNG MRT
1961-12-14: TZA
1962-09-18: BDI JAM RWA TTO
1962-10-08: DZA
1962-10-25: UGA
1963-05-14: KWT
1963-12-16: KEN ZAN
1964-12-01: MWI MLT ZMB
1965-09-21: GMB MDV SGP
1966-09-20: GUY
1966-10-17: BWA LSO
1966-12-09: BRB
1967-12-14: YMD
1968-04-24: MUS
1968-09-24: SWZ
1968-11-12: GNQ
1970-10-13: FJI
1971-09-21: BHR BTN QAT
1971-10-07: OMN
1971-10-25: CHN
1971-12-09: ARE
1973-09-18: BHS DDR FRG
1974-09-17: BGD GRD GNB
1975-09-16: CPV MOZ STP
1975-10-10: PNG
1975-11-12: COM
1975-12-04: SUR
1976-09-21: SYC
1976-12-01: AGO
1976-12-15: WSM
1977-09-20: DJI VNM
1978-09-19: SLB
1978-12-18: DMA
1979-09-18: LCA
1980-08-25: ZWE
1980-09-16: VCT
1981-09-15: VUT
1981-09-25: BLZ
1981-11-11: ATG
1983-09-23: KNA
1984-09-21: BRN
1990-04-23: NAM
1990-05-22: YEM
1990-09-18: LIE
1990-10-03: DEU
1991-09-17: EST FSM PRK KOR LVA LTU MHL
1991-12-24: RUS
1992-03-02: ARM AZE KAZ KGZ MDA SMR TJK TKM UZB
1992-05-22: BIH HRV SVN
1992-07-31: GEO
1993-01-19: CZE SVK
1993-04-08: MKD
1993-05-28: ERI MCO
1993-07-28: AND
1994-12-15: PLW
1999-09-14: KIR NRU TON
2000-09-05: TUV
2000-11-01: SRB
2002-09-10: CHE
2002-09-27: TLS
2006-06-28: MNE
2011-07-14: SSD
"""
GROUPS = {
    "African": "DZA AGO BEN BWA BFA BDI CPV CMR CAF TCD COM COG CIV COD DJI EGY GNQ ERI SWZ ETH GAB GMB GHA GIN GNB KEN LSO LBR LBY MDG MWI MLI MRT MUS MAR MOZ NAM NER NGA RWA STP SEN SYC SLE SOM ZAF SSD SDN TGO TUN UGA TZA ZMB ZWE ZAN",
    "Asia-Pacific": "AFG BHR BGD BTN BRN KHM CHN CYP PRK FJI IND IDN IRN IRQ JPN JOR KAZ KWT KGZ LAO LBN MYS MDV MHL FSM MNG MMR NRU NPL OMN PAK PLW PNG PHL QAT KOR WSM SAU SGP SLB LKA SYR TJK THA TLS TON TKM TUV ARE UZB VUT VNM YEM TWN YAR YMD",
    "Eastern European": "ALB ARM AZE BLR BIH BGR HRV CZE EST GEO HUN LVA LTU MNE POL MDA ROU RUS SRB SVK SVN MKD UKR SUN YUG CSK DDR",
    "Latin American and Caribbean": "ATG ARG BHS BRB BLZ BOL BRA CHL COL CRI CUB DMA DOM ECU SLV GRD GTM GUY HTI HND JAM MEX NIC PAN PRY PER KNA LCA VCT SUR TTO URY VEN",
    # The US is an observer in WEOG and counted with it for elections.
    "Western European and Others": "AND AUS AUT BEL CAN DNK FIN FRA DEU GRC ISL IRL ISR ITA LIE LUX MLT MCO NLD NZL NOR PRT SMR ESP SWE CHE TUR GBR USA FRG",
}
# Historic members: code, name, iso2 used by sources, left, continuity (seat carried on by), successors.
HISTORIC = {
    "SUN": ("Union of Soviet Socialist Republics", "SU", "1991-12-24", "RUS", "RUS"),
    "YUG": ("Yugoslavia", "YU", "2000-11-01", "SRB", "SRB;HRV;SVN;BIH;MKD"),
    "CSK": ("Czechoslovakia", "CS", "1993-01-01", "CZE", "CZE;SVK"),
    "DDR": ("German Democratic Republic", "DD", "1990-10-03", "", "DEU"),
    "FRG": ("Federal Republic of Germany", "", "1990-10-03", "DEU", "DEU"),
    "YAR": ("Yemen Arab Republic", "", "1990-05-22", "YEM", "YEM"),
    "YMD": ("People's Democratic Republic of Yemen", "YD", "1990-05-22", "", "YEM"),
    "ZAN": ("Zanzibar", "", "1964-04-26", "", "TZA"),
    "TWN": ("China (Republic of China seat)", "TW", "1971-10-25", "CHN", "CHN"),
}
SHORT = {
    "BOL": "Bolivia",
    "IRN": "Iran",
    "PRK": "North Korea",
    "KOR": "South Korea",
    "LAO": "Laos",
    "MDA": "Moldova",
    "RUS": "Russia",
    "SYR": "Syria",
    "TZA": "Tanzania",
    "VEN": "Venezuela",
    "VNM": "Viet Nam",
    "FSM": "Micronesia",
    "COD": "DR Congo",
    "COG": "Congo",
    "CIV": "Côte d'Ivoire",
    "GBR": "United Kingdom",
    "USA": "United States",
    "BRN": "Brunei",
    "CZE": "Czechia",
    "TUR": "Türkiye",
    "MKD": "North Macedonia",
    "SWZ": "Eswatini",
    "CPV": "Cabo Verde",
    "NLD": "Netherlands",
    "PSE": "Palestine",
    "TWN": "Taiwan",
}
MANUAL_ALIASES = {
    "CHILEs": "CHL",
    "Brunei": "BRN",
    "COTE D'IVOIRE": "CIV",
    "REPUBLIC OF KOREA": "KOR",
    "Republic of Korea": "KOR",
    "TURKIYE": "TUR",
    "TÜRKİYE": "TUR",
    "Micronesia (Federated States of)": "FSM",
    "Ethipia": "ETH",
    "TÜRKÝYE": "TUR",
    "Yemen Arab Republic": "YAR",
    "Federal Republic of Germany": "FRG",
    "Zanzibar": "ZAN",
    "Yemen People's Republic": "YMD",
    "German Democratic Republic": "DDR",
    "Czechoslovakia": "CSK",
    "Yugoslavia": "YUG",
    "Taiwan": "TWN",
    "Russia": "RUS",
    "LIBYAN ARAB JAMAHIRIYA": "LBY",
    "UNION OF SOVIET SOCIALIST REPUBLICS": "SUN",
    "Antigua & Barbuda": "ATG",
    "BOLIVIA (PLURINATIONAL STATE OF)": "BOL",
    "Bosnia & Herzegovina": "BIH",
    "Cape Verde": "CPV",
    "Congo - Brazzaville": "COG",
    "Congo - Kinshasa": "COD",
    "CÔTE D’IVOIRE": "CIV",
    "Côte d’Ivoire": "CIV",
    "DEMOCRATIC REPUBLIC OF THE CONGO": "COD",
    "IRAN (ISLAMIC REPUBLIC OF)": "IRN",
    "MICRONESIA (FEDERATED STATES OF)": "FSM",
    "Myanmar (Burma)": "MMR",
    "Burma": "MMR",
    "NETHERLANDS (KINGDOM OF THE)": "NLD",
    "St. Kitts & Nevis": "KNA",
    "St. Lucia": "LCA",
    "St. Vincent & Grenadines": "VCT",
    "São Tomé & Príncipe": "STP",
    "TURKEY": "TUR",
    "Turkey": "TUR",
    "Trinidad & Tobago": "TTO",
    "VENEZUELA (BOLIVARIAN REPUBLIC OF)": "VEN",
    "Swaziland": "SWZ",
    "Zaire": "COD",
    "Kampuchea": "KHM",
    "Dahomey": "BEN",
    "Upper Volta": "BFA",
    "Ceylon": "LKA",
    "Korea, South": "KOR",
    "Korea, North": "PRK",
    "Ivory Coast": "CIV",
    "Czech Republic": "CZE",
    "The former Yugoslav Republic of Macedonia": "MKD",
    "USSR": "SUN",
    "SERBIA AND MONTENEGRO": "SRB",
}


def norm(s):
    s = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", " ", s.lower()).strip()


def lookup(name):
    for attempt in (name, name.title()):
        try:
            return pycountry.countries.lookup(attempt).alpha_3
        except LookupError:
            pass
    return None  # no fuzzy matching: it maps "REPUBLIC OF KOREA" to PRK


def source_names(raw):
    names = set()
    for f in glob.glob(f"{raw}/unxml-*/*.json"):
        for line in open(f, encoding="utf-8"):
            if line.strip():
                d = json.loads(line)
                for k in ("MS_in_favour", "MS_against", "MS_abstaining"):
                    names.update(d.get(k) or [])
    names.update(pyreadr.read_r(f"{raw}/unvotes/un_votes.rda")["un_votes"].country.unique())
    names.update(pd.read_excel(f"{raw}/sc-1994-2025/sc_voting.xlsx")["Member State"].dropna().unique())
    return names


def main(raw, out):
    admitted = {}
    for line in ADMITTED.strip().splitlines():
        date, codes = line.split(":")
        for c in codes.split():
            admitted[c] = date
    group = {c: g for g, codes in GROUPS.items() for c in codes.split()}
    rows = {}
    for code, date in admitted.items():
        if code in HISTORIC:
            name, iso2, left, cont, succ = HISTORIC[code]
        else:
            pc = pycountry.countries.get(alpha_3=code)
            name = SHORT.get(code) or getattr(pc, "common_name", None) or pc.name
            iso2, left, cont, succ = pc.alpha_2, "", "", ""
        rows[code] = dict(
            iso3=code,
            iso2=iso2,
            name=name,
            admitted=date,
            left=left,
            continuity=cont,
            successors=succ,
            regional_group=group.get(code, ""),
            aliases=set(),
        )
    for n in sorted(source_names(raw) - {"CÔTE.", "D'IVOIRE"}):
        code = MANUAL_ALIASES.get(n) or lookup(n)
        if code not in rows:
            # "CÔTE." + "D'IVOIRE" is one name split in two list items: the reader rejoins it.
            print("UNMATCHED", n, code)
            continue
        rows[code]["aliases"].add(n)
    for n, code in MANUAL_ALIASES.items():
        rows[code]["aliases"].add(n)
    for r in rows.values():
        r["aliases"].add(r["name"])
        pc = pycountry.countries.get(alpha_3=r["iso3"])
        if pc is not None:
            historic_names = {h[0] for h in HISTORIC.values()}
            r["aliases"].update({pc.name, getattr(pc, "official_name", pc.name)} - historic_names)
        seen = {}
        for a in sorted(r["aliases"]):
            seen.setdefault(norm(a), a)
        r["aliases"] = "|".join(sorted(seen.values()))
    with open(out, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=list(next(iter(rows.values())).keys()))
        w.writeheader()
        for code in sorted(rows):
            w.writerow(rows[code])
    print(len(rows), "countries")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else "graphmodel/resources/countries.csv")

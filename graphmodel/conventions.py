"""Agreement conventions of the field, by name.

- ``voeten``: Voeten's agreement index as in his dyadic *AgreementScores* files: 1 for the same
  vote, ½ when one side abstains, 0 for yes against no; absences (and non-membership) excluded.
  It is the project's ``agree`` index with ``absent="exclude"``.
- ``statedept``: the US State Department's "coincidence" of its annual reports to Congress,
  *Voting Practices in the United Nations*: over the GA plenary recorded votes of a calendar year,
  SAME (same vote), OPPOSE (yes against no), PARTIAL (one side abstained) and ABSENT (the member did
  not vote). Up to 2020 absences are excluded: (SAME + ½·PARTIAL) / (SAME + OPPOSE + PARTIAL).
  From 2022 an absence counts half: (SAME + ½·PARTIAL + ½·ABSENT) / all votes. The 2021 report's
  published percentages follow neither rule for every member (recomputed from the report's own
  counts and rounded to two decimals, the half-credit rule matches 110 of 192, the exclusion rule
  84); its SAME/OPPOSE/PARTIAL/ABSENT counts are reproduced but for one US vote (A/RES/76/226,
  recorded "not voting" by the UN, counted by the report), and the half-credit rule is applied to
  2021 as the better of the two.

Consensus adoptions (Häge & Hug 2014, "Consensus Decisions and Similarity Measures in
International Organizations", *International Interactions* 42(3)): a resolution adopted without a
vote is read as every member present agreeing, i.e. a roll call on which every member at the date
votes yes (``recorded=False``; see :func:`consensus_rollcalls`). Such roll calls raise every pair's
agreement toward 1 and shrink differences; they enter an analysis only on request.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .windows import ABSENT, ABSTAIN, MISSING, NO, YES, VoteMatrix

CONVENTIONS = ("none", "voeten", "statedept")
#: First calendar year in which the State Department gives an absence half credit (see above).
STATEDEPT_HALF_CREDIT_FROM = 2021
#: GA plenary recorded votes per calendar year counted by the State Department reports
#: (2018-2020 from the reports as quoted in issue 13; 2021-2024 from the reference tables).
STATEDEPT_VOTES = {2018: 110, 2019: 100, 2020: 100, 2021: 86, 2022: 89, 2023: 88, 2024: 95}


def statedept_absent(year: int) -> str:
    """The State Department's absence rule for a calendar year: ``"exclude"`` or ``"half"``."""
    return "half" if int(year) >= STATEDEPT_HALF_CREDIT_FROM else "exclude"


def agree_half_absent(vm: VoteMatrix, *, min_covotes: int = 10):
    """``agree`` with an absence worth half: a roll call where one side voted and the other was
    absent scores ½; where both were absent it does not count.

    Returns ``(agreement, n)`` like :mod:`graphmodel.indices` (``n``: roll calls counted per pair).
    """
    codes = vm.codes
    y, n_, a, x = ((codes == c).astype(np.float64) for c in (YES, NO, ABSTAIN, ABSENT))
    voted = y + n_ + a
    score = y @ y.T + n_ @ n_.T + a @ a.T + 0.5 * (a @ (y + n_).T + (y + n_) @ a.T)
    one_absent = x @ voted.T + voted @ x.T
    score = score + 0.5 * one_absent
    n = voted @ voted.T + one_absent
    with np.errstate(invalid="ignore", divide="ignore"):
        values = score / n
    return np.where(n >= max(min_covotes, 1), values, np.nan), n


def statedept_table(dataset, year: int, anchor: str = "USA") -> pd.DataFrame:
    """Each member's coincidence with ``anchor`` in one calendar year, as the State Department counts it.

    Parameters
    ----------
    dataset : Dataset
    year : int
        Calendar year; the GA plenary recorded votes of that year (amendment and paragraph votes
        included, as in the reports).
    anchor : str
        ISO3 of the reference country (the reports use the United States).

    Returns
    -------
    DataFrame
        ``iso3, SAME, OPPOSE, PARTIAL, ABSENT, votes, COINCIDENCE`` (COINCIDENCE by the year's rule,
        :func:`statedept_absent`); ``attrs``: ``rollcalls`` (votes in the dataset that year),
        ``published`` (the reports' count, if known) and ``rule``.
    """
    from .windows import vote_matrix

    calls = dataset.rollcalls
    calls = calls[(calls["body"] == "GA") & (calls["date"].dt.year == int(year))]
    vm = vote_matrix(dataset, calls["rollcall_id"].tolist(), harmonize=False)
    us = vm.codes[vm.countries.index(anchor)]
    counted = np.isin(us, (YES, NO, ABSTAIN))
    codes, us = vm.codes[:, counted], us[counted]
    us_yn = np.isin(us, (YES, NO))
    yn = np.isin(codes, (YES, NO))
    same = ((codes == us) & (codes != MISSING) & (codes != ABSENT)).sum(axis=1)
    oppose = (yn & us_yn & (codes != us)).sum(axis=1)
    partial = (((codes == ABSTAIN) & us_yn) | (yn & (us == ABSTAIN))).sum(axis=1)
    absent = (codes == ABSENT).sum(axis=1)
    table = pd.DataFrame({"iso3": vm.countries, "SAME": same, "OPPOSE": oppose, "PARTIAL": partial, "ABSENT": absent})
    table["votes"] = table[["SAME", "OPPOSE", "PARTIAL", "ABSENT"]].sum(axis=1)
    rule = statedept_absent(year)
    numerator = table["SAME"] + 0.5 * table["PARTIAL"] + (0.5 * table["ABSENT"] if rule == "half" else 0)
    denominator = table["votes"] - (0 if rule == "half" else table["ABSENT"])
    table["COINCIDENCE"] = numerator / denominator.where(denominator > 0)
    table = table[(table["iso3"] != anchor) & (table["votes"] > 0)].reset_index(drop=True)
    table.attrs.update(rollcalls=int(counted.sum()), published=STATEDEPT_VOTES.get(int(year)), rule=rule)
    return table


def completeness(dataset) -> pd.DataFrame:
    """GA recorded votes per calendar year in the dataset against the State Department's counts.

    Returns
    -------
    DataFrame
        ``year, dataset, statedept, missing, complete`` for the years the reports count
        (:data:`STATEDEPT_VOTES`); ``complete`` is dataset / statedept (amendment and paragraph
        votes count, as in the reports).
    """
    calls = dataset.rollcalls
    per_year = calls[calls["body"] == "GA"].groupby(calls["date"].dt.year).size()
    rows = []
    for year, published in sorted(STATEDEPT_VOTES.items()):
        have = int(per_year.get(year, 0))
        rows.append(
            {
                "year": year,
                "dataset": have,
                "statedept": published,
                "missing": max(published - have, 0),
                "complete": have / published,
            }
        )
    return pd.DataFrame(rows)

"""Precision and recall of the topic coding against Voeten's own codes on held-out roll calls.

Prints, for GA roll calls coded by Voeten (``unvotes``; session 74 left out, its co/di/ec codes are
defective in the source, see graphmodel/topic_model.py):

1. the rules of graphmodel/resources/voeten_rules.csv (written from 1946-1989) on 1946-1989 and on
   the held-out years 1990-2019;
2. the classifier (graphmodel/topic_model.py) on a time split: fit on 1946-2014, tested on
   2015-2018, the years closest to its use after 2019;
3. the classifier, leave one session out over 1990-2018 (each session tested once, fit on all
   other sessions, 1946-2018);

with the rules alone and an exact-title lookup before the classifier on the same roll calls, and
each run scored again on its roll calls whose text is a UN catalogue title (topic_model.text_kind),
the kind every source after 2019 gives, in all its years and up to session 72 (2017);

4. Voeten's own consistency, the ceiling of any title-based coder (topic_model.consistency): the
   code a recurring title got in the nearest other session, scored against its own code; the
   highest min(precision, recall) of any coder answering alike for one title; and how often a
   title's code changes between consecutive sessions; for 1990-2018 and 2015-2018.

With ``--variants``, also the variants of the classifier measured and not kept (decision thresholds
chosen on the last four years of each fit set or on five folds of its sessions; character n-grams),
beside the kept model, on both splits in the same run (leave one session out takes minutes each).

Each table counts Voeten's roll calls per code (``voeten``), and says how many tested roll calls
have an exact title match in their fit set. Run: .venv/bin/python tools/topic_benchmark.py [--variants]
"""

from __future__ import annotations

import sys

import pandas as pd

import graphmodel as gm
from graphmodel import topic_model, topics

#: The last session before Voeten's co coding thins out (9-17 co roll calls a year in 2005-2017, 3 in
#: 2018, session 73).
LAST_FULL_CO_SESSION = 72


def _show(table, what: str) -> None:
    print(what)
    print(table.to_string(index=False, float_format=lambda v: f"{v:.3f}"))
    print()


VARIANTS = {
    "kept: thresholds 0, word n-grams": {},
    "thresholds on the fit set's last 4 years": {"thresholds": "forward"},
    "thresholds on 5 session folds of the fit set": {"thresholds": "sessions"},
    "character 3-5-grams added": {"char_ngrams": True},
}


def variants(rollcalls, splits) -> None:
    for what, split in splits:
        rows = {}
        for name, options in VARIANTS.items():
            table = topic_model.evaluate(rollcalls, split, **options).set_index("code")
            rows[name] = [f"{table.at[c, 'precision']:.3f} / {table.at[c, 'recall']:.3f}" for c in table.index]
            low = table[["precision", "recall"]].min(axis=1)
            rows[name].append(f"{low.mean():.3f}")
            print(f"  {what}: {name} done", file=sys.stderr, flush=True)
        frame = pd.DataFrame(rows, index=[*topic_model.CODES, "mean of min(p, r)"]).T
        print(f"Variants, {what} (precision / recall)")
        print(frame.to_string())
        print()


def main() -> None:
    rollcalls = gm.load_dataset().rollcalls
    for lo, hi, what in ((1946, 1989, "rule-writing years"), (1990, topics.VOETEN_LAST_YEAR, "held out")):
        table = topics.evaluate(rollcalls, lo, hi)
        _show(table, f"Rules vs Voeten's codes, GA roll calls {lo}-{hi} ({table.attrs['rollcalls']}, {what})")
    splits = (
        ("fit 1946-2014, tested 2015-2018", topic_model.time_split),
        ("leave one session out, sessions of 1990-2018", topic_model.session_splits),
    )
    for what, split in splits:
        table = topic_model.evaluate(rollcalls, split)
        n, seen = table.attrs["rollcalls"], table.attrs["title_seen"]
        _show(table, f"Classifier, {what}: {n} roll calls, {seen} ({seen / n:.0%}) with a title seen in the fit set")
        detail = table.attrs["detail"]
        print("Text kinds tested:", detail["kind"].value_counts().to_dict())
        catalogue = detail[detail["kind"] == "catalogue"]
        _show(
            topic_model.rescore(catalogue), f"Same run, the {len(catalogue)} with UN catalogue titles (as after 2019)"
        )
        early = catalogue[catalogue["session_no"] <= LAST_FULL_CO_SESSION]
        _show(
            topic_model.rescore(early),
            f"Same run, the {len(early)} with catalogue titles up to session {LAST_FULL_CO_SESSION} "
            f"(to {early['year'].max()}; Voeten codes 3 roll calls co in 2018)",
        )
        _show(table.attrs["rules"], "Rules alone on the same roll calls")
        looked = topic_model.evaluate(rollcalls, split, title_lookup=True)
        _show(looked, "A recurring title's latest code in the fit set first, the classifier for the rest")
    if "--variants" in sys.argv[1:]:
        variants(rollcalls, splits)
    tables = {span: topic_model.consistency(rollcalls, *span) for span in ((1990, 2018), (2015, 2018))}
    for (lo, hi), table in tables.items():
        a = table.attrs
        _show(
            table,
            f"Voeten's consistency {lo}-{hi}: {a['recurring']} of {a['rollcalls']} roll calls with a title coded in "
            f"another session, scored by that title's code in the nearest one; ceiling over all {a['rollcalls']}; "
            f"{a['pairs_changed']} of {a['pairs']} titles in consecutive sessions change their code set",
        )
    print("Titles coded in two consecutive sessions (1990-2018) and how many change their code set, by first session")
    print(tables[1990, 2018].attrs["by_session"].T.to_string())


if __name__ == "__main__":
    main()

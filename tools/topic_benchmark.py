"""Precision and recall of the topic rules against Voeten's own codes on held-out years.

The rules in graphmodel/resources/voeten_rules.csv were written from roll calls of 1946-1989;
this prints how they do on 1990-2019, which they never saw. Run: .venv/bin/python tools/topic_benchmark.py
"""

from __future__ import annotations

import sys

import graphmodel as gm
from graphmodel import topics


def main(first: int = 1990, last: int = topics.VOETEN_LAST_YEAR) -> None:
    rollcalls = gm.load_dataset().rollcalls
    for lo, hi, what in ((1946, 1989, "rule-writing years"), (first, last, "held out")):
        table = topics.evaluate(rollcalls, lo, hi)
        print(f"Rules vs Voeten's codes, GA roll calls {lo}-{hi} ({table.attrs['rollcalls']}, {what})")
        print(table.to_string(index=False, float_format=lambda v: f"{v:.3f}"))
        print()


if __name__ == "__main__":
    main(*map(int, sys.argv[1:3]))

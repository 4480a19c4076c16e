#!/usr/bin/env python3
"""Writes stages.csv, the effort fixture of `riskgrid calibrate`: lognormal.csv's cases (same ids,
creation and closing times) with two stage columns, Started (10 minutes after creation) and Finished
(Started + 1 h for even cases, + 2.25 h for odd ones), so a category's started->finished log-normal has
median sqrt(1 x 2.25) = 1.5 h: the handler effort calibrate writes as effort_hours. Run from this folder
after make_lognormal.py:
    python3 make_stages.py"""
import csv
from datetime import datetime, timedelta

FMT = "%m/%d/%Y %I:%M:%S %p"
with open("lognormal.csv") as f:
    rows = list(csv.DictReader(f))
with open("stages.csv", "w", newline="") as f:
    fields = list(rows[0].keys()) + ["Started", "Finished"]
    w = csv.DictWriter(f, fieldnames=fields, lineterminator="\n")
    w.writeheader()
    for i, r in enumerate(rows):
        started = datetime.strptime(r["Created Date"], FMT) + timedelta(minutes=10)
        r["Started"] = started.strftime(FMT)
        r["Finished"] = (started + timedelta(hours=1 if i % 2 == 0 else 2.25)).strftime(FMT)
        w.writerow(r)

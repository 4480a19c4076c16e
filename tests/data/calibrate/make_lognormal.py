#!/usr/bin/env python3
"""Writes lognormal.csv, the hand-checkable calibration fixture, in the NYC 311 web export's format:
80 noise complaints whose handling times are the 80 quantiles (i - 0.5) / 80 of a log-normal with
median 3 h and sigma 0.8 (so the ML fit recovers them almost exactly), created every 10 minutes from
2023-02-28 00:00 on; the 20 longest (5.22 h and more) are still open, all created at 14:54, and the
sample ends at 2023-02-28 20:00 (--observed-until): they are right-censored at 5.1 h (type I censoring;
the longest closed one took 5.07 h). Plus 30 street conditions closed after exactly 2 h or 4 h (sigma ln2 / 2 about
the median sqrt(8) = 2.83 h) and one closed at its creation (skipped). Run from this folder:
    python3 make_lognormal.py"""
import math
from datetime import datetime, timedelta
from statistics import NormalDist

START = datetime(2023, 2, 28)
FMT = "%m/%d/%Y %I:%M:%S %p"
rows = []
n = 80
for i in range(n):
    hours = math.exp(math.log(3) + 0.8 * NormalDist().inv_cdf((i + 0.5) / n))
    created = START + timedelta(minutes=10 * i) if i < 60 else START + timedelta(hours=14, minutes=54)
    closed = "" if i >= 60 else (created + timedelta(seconds=round(hours * 3600))).strftime(FMT)
    rows.append((f"N{i:03d}", created.strftime(FMT), closed, "NYPD", "Noise - Residential"))
for i in range(30):
    created = START + timedelta(minutes=7 * i)
    closed = created + timedelta(hours=2 if i % 2 == 0 else 4)
    rows.append((f"S{i:03d}", created.strftime(FMT), closed.strftime(FMT), "DOT", "Street Condition"))
rows.append(("Z000", START.strftime(FMT), START.strftime(FMT), "DOT", "Street Condition"))
with open("lognormal.csv", "w") as f:
    f.write("Unique Key,Created Date,Closed Date,Agency,Complaint Type,Latitude,Longitude\n")
    for r in rows:
        f.write(",".join(r) + ",40.75,-73.99\n")

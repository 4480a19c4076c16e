#!/usr/bin/python3
"""Writes a large, realistic, deterministic incident CSV for the ingest benchmark.

The rows have the Houston PD file's 17 columns and quoting (so scenarios/examples/houston's mapping
reads them): each row copies the text fields (premise, beat, block, street, address, ...) of a random
real Houston row, gets a new time (hourly, 2010-01-01 .. 2019-12-31), an offense drawn with the
file's shares, and the real row's coordinates moved by ~300 m. Like real exports it has a few faults:
0.05% of rows have NA coordinates, 0.02% a time that does not parse, 0.1% an offense outside the
map (arson: the catch-all takes it), and points near the edge fall outside every ZIP.

Same arguments => byte-identical file (numpy's PCG64 with a fixed seed).
Usage: make_big_csv.py HOUSTON_CSV OUT_CSV [--rows N] [--seed S]
"""
import argparse
import csv
import datetime

import numpy as np

OFFENSES = ["theft", "burglary", "auto theft", "aggravated assault", "robbery", "rape", "murder", "arson"]
SHARES = np.array([0.5394, 0.2062, 0.0921, 0.0831, 0.0730, 0.0044, 0.0018, 0.0010])
MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september",
          "october", "november", "december"]
DAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
START = datetime.datetime(2010, 1, 1)
HOURS = 10 * 365 * 24
CHUNK = 200_000


def quote(text):
    return '"' + text.replace('"', '""') + '"'


def load_templates(path):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    rows = [r for r in rows if r["lon"] not in ("", "NA")]
    premise = [quote(r["premise"]) for r in rows]
    text = [",".join(quote(r[k]) for k in ("beat", "block", "street", "type", "suffix")) + "," + r["number"] + ","
            for r in rows]
    tail = [quote(r["location"]) + "," + quote(r["address"]) for r in rows]
    lon = np.array([float(r["lon"]) for r in rows])
    lat = np.array([float(r["lat"]) for r in rows])
    return premise, text, tail, lon, lat


def write(templates, out, rows, seed):
    premise, text, tail, lon0, lat0 = templates
    rng = np.random.default_rng(seed)
    header = ["time", "date", "hour", "premise", "offense", "beat", "block", "street", "type", "suffix",
              "number", "month", "day", "location", "address", "lon", "lat"]
    with open(out, "w", encoding="utf-8", newline="") as f:
        f.write(",".join(quote(h) for h in header) + "\n")
        for first in range(0, rows, CHUNK):
            n = min(CHUNK, rows - first)
            pick = rng.integers(0, len(text), n)
            hours = rng.integers(0, HOURS, n)
            offense = rng.choice(len(OFFENSES), n, p=SHARES / SHARES.sum())
            lon = lon0[pick] + rng.normal(0, 0.003, n)
            lat = lat0[pick] + rng.normal(0, 0.003, n)
            fault = rng.random(n)
            lines = []
            for i in range(n):
                t = START + datetime.timedelta(hours=int(hours[i]))
                stamp = t.strftime("%Y-%m-%dT%H:00:00") if fault[i] >= 0.0002 else "2010-13-45T99:00:00"
                xy = f"{lon[i]:.7f},{lat[i]:.7f}" if fault[i] < 0.0002 or fault[i] >= 0.0007 else "NA,NA"
                lines.append(f'"{stamp}","{t.month}/{t.day}/{t.year}",{t.hour},'
                             f'{premise[pick[i]]},"{OFFENSES[offense[i]]}",{text[pick[i]]}'
                             f'"{MONTHS[t.month - 1]}","{DAYS[t.weekday()]}",'
                             f'{tail[pick[i]]},{xy}\n')
            f.write("".join(lines))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("houston_csv")
    parser.add_argument("out_csv")
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--seed", type=int, default=20261123)
    args = parser.parse_args()
    write(load_templates(args.houston_csv), args.out_csv, args.rows, args.seed)


if __name__ == "__main__":
    main()

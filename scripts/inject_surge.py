#!/usr/bin/env python3
"""Copies a riskgrid history CSV with a surge injected, for trying `riskgrid monitor` (docs/monitor.md).

Every incident of --category in the chosen grids (--grids ids, or --town) created on the --days days
from --first is repeated so that the day's count is about --factor times what it was: factor 3 adds two
copies of each row (a fractional part adds one more with that probability, seeded). The copies get new
ids (<id>-s1, -s2) and times a minute apart, and are appended after the original rows, as a day's new
rows would be.

  scripts/inject_surge.py scenarios/putuo/history.csv /tmp/h.csv --town yichuan \
      --category fire_safety --factor 3 --first 2026-10-29 --days 3
"""
import argparse
import csv
import datetime as dt
import random
import sys


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("history")
    p.add_argument("out")
    p.add_argument("--grids", default="", help="grid ids, comma-separated")
    p.add_argument("--town", default="", help="every grid of this town (the history's town column)")
    p.add_argument("--category", required=True)
    p.add_argument("--factor", type=float, default=3.0)
    p.add_argument("--first", required=True, help="first surge day, YYYY-MM-DD")
    p.add_argument("--days", type=int, default=3)
    p.add_argument("--seed", type=int, default=1)
    a = p.parse_args()
    grids = {g for g in a.grids.split(",") if g}
    if not grids and not a.town:
        sys.exit("inject_surge: give --grids or --town")
    first = dt.date.fromisoformat(a.first)
    days = {(first + dt.timedelta(days=i)).isoformat() for i in range(a.days)}
    rng = random.Random(a.seed)
    with open(a.history, newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        fields = reader.fieldnames
        rows = list(reader)
    added = []
    for row in rows:
        if row["category"] != a.category or row["created"][:10] not in days:
            continue
        if not (row["grid"] in grids or (a.town and row.get("town") == a.town)):
            continue
        extra = int(a.factor - 1) + (1 if rng.random() < (a.factor - 1) % 1 else 0)
        created = dt.datetime.fromisoformat(row["created"])
        for k in range(1, extra + 1):
            copy = dict(row, id=f"{row['id']}-s{k}")
            copy["created"] = min(created + dt.timedelta(minutes=k),
                                  created.replace(hour=23, minute=59, second=59)).isoformat(" ")
            added.append(copy)
    with open(a.out, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        writer.writerows(added)
    print(f"inject_surge: {len(added)} rows added to {len(rows)} ({a.category} x{a.factor} on {sorted(days)})")


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""The peer of `riskgrid ingest` for bench/ingest_bench.sh: the same job done the way an analyst does
it in Python, with Debian's python3-pandas and python3-geopandas.

pandas.read_csv (only the columns used) -> pandas.to_datetime (the file's ISO format) -> drop missing
coordinates -> geopandas.points_from_xy -> geopandas.sjoin(predicate="intersects") on the units read
with geopandas.read_file (dissolved by id, rows with no id dropped) -> category map with catch-all.
Reads a district.yaml with lon/lat columns and an ISO created column (Houston's shape). With
--chunksize N (default 1,000,000) the CSV is read and joined N rows at a time, which keeps pandas'
memory bounded; --chunksize 0 reads it whole.

Prints one JSON line: rows read, accepted, quarantined by reason and the seconds spent.
Usage: ingest_pandas.py DISTRICT_YAML [--csv PATH] [--data-dir DIR] [--chunksize N]
"""
import argparse
import json
import os
import re
import time
import warnings

import geopandas
import pandas
import yaml

warnings.filterwarnings("ignore")


def load(district_path, data_dir):
    district = yaml.safe_load(open(district_path, encoding="utf-8"))
    base = os.path.dirname(os.path.abspath(district_path))
    data_dir = os.path.abspath(data_dir) if data_dir else os.path.normpath(os.path.join(base, district["data_dir"]))

    def resolve(p):
        return os.path.normpath(os.path.join(base, str(p).replace("${data}", data_dir)))
    return district, resolve


def read_units(spec, resolve):
    units = geopandas.read_file(resolve(spec["path"])).to_crs("EPSG:4326")
    units = units[units[spec["id"]].notna() & (units[spec["id"]].astype(str).str.strip() != "")]
    return units.dissolve(by=spec["id"]).reset_index()[[spec["id"], "geometry"]]


def category_of(mapping):
    exact, wild = {}, []
    for cid, values in mapping.get("map", {}).items():
        for v in values:
            v = str(v).strip().lower()
            if "*" in v:
                wild.append((re.compile("^" + ".*".join(map(re.escape, v.split("*"))) + "$"), cid))
            else:
                exact[v] = cid
    other = mapping.get("other")

    def lookup(raw):
        raw = str(raw).strip().lower()
        if raw in exact:
            return exact[raw]
        return next((cid for rx, cid in wild if rx.match(raw)), other)
    return lookup


def ingest_chunk(frame, cols, units, lookup, tally):
    tally["read"] += len(frame)
    created = pandas.to_datetime(frame[cols["created"]], format="%Y-%m-%dT%H:%M:%S", errors="coerce")
    bad_time = created.isna()
    tally["bad_time"] += int(bad_time.sum())
    frame = frame[~bad_time].assign(created=created[~bad_time])
    lon = pandas.to_numeric(frame[cols["lon"]], errors="coerce")
    lat = pandas.to_numeric(frame[cols["lat"]], errors="coerce")
    missing = lon.isna() | lat.isna() | ((lon == 0) & (lat == 0))
    tally["missing_coordinates"] += int(missing.sum())
    frame = frame[~missing]
    points = geopandas.GeoDataFrame(frame, geometry=geopandas.points_from_xy(lon[~missing], lat[~missing]),
                                    crs="EPSG:4326")
    joined = geopandas.sjoin(points, units, how="left", predicate="intersects")
    joined = joined[~joined.index.duplicated(keep="first")]  # a point on a shared border: the first unit
    outside = joined["index_right"].isna()
    tally["outside_units"] += int(outside.sum())
    joined = joined[~outside]
    categories = joined[cols["category"]].map(lookup)
    unknown = categories.isna()
    tally["unknown_category"] += int(unknown.sum())
    tally["accepted"] += int((~unknown).sum())


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("district")
    parser.add_argument("--csv")
    parser.add_argument("--data-dir")
    parser.add_argument("--chunksize", type=int, default=1_000_000)
    args = parser.parse_args()
    started = time.perf_counter()
    district, resolve = load(args.district, args.data_dir)
    hist = district["history"]
    cols = hist["columns"]
    units = read_units(district["units"], resolve)
    lookup = category_of(hist.get("categories", {}))
    usecols = [cols["created"], cols["lon"], cols["lat"], cols["category"]]
    tally = {k: 0 for k in ("read", "accepted", "bad_time", "missing_coordinates", "outside_units",
                            "unknown_category")}
    path = args.csv or resolve(hist["path"])
    reader = pandas.read_csv(path, usecols=usecols, dtype={cols["category"]: str},
                             sep=hist.get("delimiter", ","), chunksize=args.chunksize or None)
    for chunk in ([reader] if args.chunksize == 0 else reader):
        ingest_chunk(chunk, cols, units, lookup, tally)
    tally["seconds"] = round(time.perf_counter() - started, 3)
    tally["csv_bytes"] = os.path.getsize(path)
    print(json.dumps(tally), flush=True)


if __name__ == "__main__":
    main()

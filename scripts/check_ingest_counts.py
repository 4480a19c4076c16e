#!/usr/bin/python3
"""Independent count of what `riskgrid ingest` must accept and quarantine, per example district.

Reads an example's district.yaml for the file paths, column names and category map, then reads the raw
CSV and the boundary file with Python's csv module, pyproj and shapely (Debian python3-pandas,
python3-geopandas, python3-shapely, python3-pyproj, python3-yaml) -- no riskgrid code -- and classifies
every record by the rules of docs/ingest.md, first failing check wins:

  malformed_row        field count differs from the header's (or broken quoting)
  invalid_utf8         the record is not valid UTF-8
  bad_time             created time (or a non-empty closed time) missing or not in the declared format,
                       or not a real date
  unknown_category     the raw category matches no map entry and there is no catch-all
  missing_coordinates  a coordinate cell empty or NA/N/A/NaN/NULL/None, or a coordinate exactly 0
  bad_coordinates      coordinates not numbers, not finite, or off the globe once in lon/lat
  outside_units        the point lies in no unit (closed polygons: a point on a border is inside)

Usage: check_ingest_counts.py [--data-dir DIR] [--json] EXAMPLE_DIR_OR_DISTRICT_YAML...
(default data dir: the district's data_dir, overridden by RISKGRID_DATA_DIR, overridden by --data-dir,
as riskgrid does). Prints one table row per example, or one JSON object per line with --json.
"""
import argparse
import csv
import datetime
import io
import json
import math
import os
import re
import sys
import warnings

import geopandas
import pyproj
import shapely.geometry
import shapely.ops
import shapely.prepared
import shapely.strtree
import yaml

REASONS = ["malformed_row", "invalid_utf8", "bad_time", "missing_coordinates", "bad_coordinates",
           "outside_units", "unknown_category"]  # the order of the summary, not of the checks
MISSING = {"", "na", "n/a", "nan", "null", "none"}
NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")

csv.field_size_limit(1 << 30)
warnings.filterwarnings("ignore", message="STRtree will be changed")  # shapely 1.8 (Debian 12)


class Rejected(Exception):
    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


# ---- times -------------------------------------------------------------------------------------------

ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?"
                 r"(Z|[+-]\d{2}(?::?\d{2})?)?$")
US = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})(?: (\d{1,2}):(\d{2})(?::(\d{2}))?(?: ?([AaPp][Mm]))?)?$")
DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def valid_clock(y, mo, d, h=0, mi=0, s=0):
    try:
        datetime.datetime(int(y), int(mo), int(d), int(h), int(mi), int(s))
        return True
    except ValueError:
        return False


def time_ok(text, fmt):
    text = text.strip()
    if fmt == "iso":
        m = ISO.match(text)
        return bool(m) and valid_clock(m[1], m[2], m[3], m[4] or 0, m[5] or 0, m[6] or 0)
    if fmt == "us":
        m = US.match(text)
        if not m:
            return False
        hour = int(m[4] or 0)
        if m[7]:
            if not 1 <= hour <= 12:
                return False
            hour = hour % 12 + (12 if m[7].lower() == "pm" else 0)
        return valid_clock(m[3], m[1], m[2], hour, m[5] or 0, m[6] or 0)
    if fmt == "date":
        m = DATE.match(text)
        return bool(m) and valid_clock(m[1], m[2], m[3])
    try:  # a strptime pattern
        datetime.datetime.strptime(text, fmt)
        return True
    except ValueError:
        return False


def parts_time_ok(row, parts):
    values = {}
    for key in ("year", "month", "day", "hour", "minute"):
        if key not in parts:
            continue
        text = row[parts[key]].strip()
        if not re.fullmatch(r"[+-]?\d+(\.0*)?", text):
            return False
        values[key] = int(text)
    return valid_clock(values["year"], values["month"], values["day"], values.get("hour", 0),
                       values.get("minute", 0))


# ---- coordinates -------------------------------------------------------------------------------------

def number(text, decimal):
    text = text.strip()
    if decimal == ",":
        text = text.replace(",", ".")
    if not NUMBER.match(text):
        raise Rejected("bad_coordinates")
    value = float(text)
    if not math.isfinite(value):
        raise Rejected("bad_coordinates")
    return value


def coordinates(row, cols, decimal):
    """(first, second) in the history's CRS axis order: lon, lat or x, y."""
    if "location" in cols:
        text = row[cols["location"]].strip()
        if text.lower() in MISSING or text in ("()", "(,)", "(, )"):
            raise Rejected("missing_coordinates")
        m = re.fullmatch(r"\(\s*([^,()]*?)\s*,\s*([^,()]*?)\s*\)", text)
        if not m:
            raise Rejected("bad_coordinates")
        lat, lon = number(m[1], "."), number(m[2], ".")
        first, second = lon, lat
    else:
        a, b = ("lon", "lat") if "lon" in cols else ("x", "y")
        ta, tb = row[cols[a]].strip(), row[cols[b]].strip()
        if ta.lower() in MISSING or tb.lower() in MISSING:
            raise Rejected("missing_coordinates")
        first, second = number(ta, decimal), number(tb, decimal)
    if first == 0 or second == 0:  # cities write 0 for "not geocoded"
        raise Rejected("missing_coordinates")
    return first, second


# ---- categories --------------------------------------------------------------------------------------

def category_matcher(spec):
    if spec.get("fixed"):
        return lambda raw: True
    patterns = []
    for values in (spec.get("map") or {}).values():
        for v in values:
            v = str(v).strip().casefold()
            patterns.append(re.compile("^" + ".*".join(re.escape(p) for p in v.split("*")) + "$", re.S))
    catch_all = bool(spec.get("other"))

    def known(raw):
        raw = raw.strip().casefold()
        return catch_all or any(p.match(raw) for p in patterns)
    return known


# ---- units -------------------------------------------------------------------------------------------

def local_tmerc(outline_lonlat):
    c = outline_lonlat.centroid  # planar centroid in degrees, as riskgrid centres its projection
    return pyproj.Transformer.from_crs(
        "EPSG:4326", f"+proj=tmerc +lat_0={c.y!r} +lon_0={c.x!r} +k=1 +x_0=0 +y_0=0 +ellps=WGS84 +units=m",
        always_xy=True)


class Units:
    """The district's units as metric polygons, with a query `inside(lon, lat)` (closed shapes)."""

    def __init__(self, spec, resolve):
        if "square" in spec:
            sq = spec["square"]
            if "boundary" in sq:
                shapes = self._read(resolve(sq["boundary"]), None, None, None)
            else:  # the cells of a grid over an extent cover the extent: inside = inside the box
                ext = sq["extent"]
                shapes = [shapely.geometry.box(ext["lon"][0], ext["lat"][0], ext["lon"][1], ext["lat"][1])]
                # Cells along the edge may reach past the box by up to a cell: a point there is
                # ambiguous for this check, so such points are counted and reported (see inside()).
                self.margin_m = 1.5 * float(sq["cell_m"])
            self.count = None
            self.ids = None  # cells: only inside/outside is checked
        else:
            self.ids, shapes = self._read(resolve(spec["path"]), spec.get("layer"), spec["id"], spec.get("crs"))
            self.count = len(shapes)
        outline = shapely.ops.unary_union(shapes)
        self.to_metric = local_tmerc(outline)
        self.shapes = [shapely.ops.transform(self.to_metric.transform, s) for s in shapes]
        self.tree = shapely.strtree.STRtree(self.shapes)
        self.prepared = {id(s): shapely.prepared.prep(s) for s in self.shapes}
        self.index = {id(s): i for i, s in enumerate(self.shapes)}
        self.rank = list(range(len(self.shapes)))  # tie-break on shared borders: the lowest rank wins

    def rank_by(self, order):
        """Shared borders go to the unit first in `order` (riskgrid's unit order, by id)."""
        position = {unit: i for i, unit in enumerate(order)}
        if self.ids is not None and set(position) == set(self.ids):
            self.rank = [position[unit] for unit in self.ids]

    @staticmethod
    def _read(path, layer, id_field, crs):
        frame = geopandas.read_file(path, layer=layer) if layer else geopandas.read_file(path)
        if frame.crs is None:
            frame = frame.set_crs(crs or "EPSG:4326")
        frame = frame.to_crs("EPSG:4326")
        if id_field is None:
            return [g for g in frame.geometry if g is not None and not g.is_empty]
        ids = frame[id_field].map(lambda v: "" if v is None or (isinstance(v, float) and math.isnan(v))
                                  else str(v).strip())
        frame = frame[ids != ""].assign(_id=ids[ids != ""])
        groups = list(frame.groupby("_id", sort=False))
        return [unit for unit, _ in groups], [shapely.ops.unary_union(list(g.geometry)) for _, g in groups]

    margin_m = 0.0
    ambiguous = 0

    def locate(self, lon, lat):
        """The position (in self.ids) of the unit holding the point, -1 for a grid cell, None outside."""
        x, y = self.to_metric.transform(lon, lat)
        point = shapely.geometry.Point(x, y)
        hits = [self.index[id(s)] for s in self.tree.query(point) if self.prepared[id(s)].covers(point)]
        if not hits and self.margin_m and self.shapes[0].distance(point) < self.margin_m:
            self.ambiguous += 1
        if not hits:
            return None
        return -1 if self.ids is None else min(hits, key=lambda i: self.rank[i])


# ---- the count ---------------------------------------------------------------------------------------

def records(path, delimiter):
    """Header and records as lists of str; invalid UTF-8 bytes survive as surrogates."""
    raw = open(path, "rb").read()
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    text = raw.decode("utf-8", errors="surrogateescape")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = next(reader)
    return header, (r for r in reader if r)  # a blank line is no record


def has_surrogate(fields):
    return any(re.search("[\udc80-\udcff]", f) for f in fields)


def resolver(district_path, data_dir):
    base = os.path.dirname(os.path.abspath(district_path))

    def resolve(path):
        path = str(path).replace("${data}", data_dir)
        return os.path.normpath(os.path.join(base, path))
    return resolve


def count(district_path, data_dir_override=None, unit_order=None):
    """Counts by reason; with polygon units also `per_unit` ({unit id: accepted rows}). `unit_order`
    (unit ids) decides which unit a point on a shared border goes to: the first in that order."""
    district = yaml.safe_load(open(district_path, encoding="utf-8"))
    base = os.path.dirname(os.path.abspath(district_path))
    override = data_dir_override or os.environ.get("RISKGRID_DATA_DIR")
    data_dir = os.path.abspath(override) if override else \
        os.path.normpath(os.path.join(base, district.get("data_dir", ".")))
    resolve = resolver(district_path, data_dir)
    hist = district["history"]
    cols = hist["columns"]
    decimal = hist.get("decimal", ".")
    fmt = hist.get("time_format", "iso")
    src_crs = hist.get("crs", "EPSG:4326")
    to_lonlat = None if src_crs.upper() in ("EPSG:4326", "OGC:CRS84") else \
        pyproj.Transformer.from_crs(src_crs, "EPSG:4326", always_xy=True)
    units = Units(district["units"], resolve)
    if unit_order:
        units.rank_by(unit_order)
    per_unit = {} if units.ids is None else {unit: 0 for unit in units.ids}
    known_category = category_matcher(hist.get("categories", {}))

    header, rows = records(resolve(hist["path"]), hist.get("delimiter", ","))
    index = {name: i for i, name in enumerate(header)}

    def col(name):
        return index[name]
    def time_reader(spec):
        """A function row -> None (no time: an empty cell), True (valid) or False (bad)."""
        if isinstance(spec, dict):
            parts = {k: col(v) for k, v in spec.items()}
            return lambda row: parts_time_ok(row, parts)
        c = col(spec)
        return lambda row: None if row[c].strip().lower() in MISSING else time_ok(row[c], fmt)
    created_ok = time_reader(cols["created"])
    closed_ok = time_reader(cols["closed"]) if "closed" in cols else (lambda row: None)
    coord_cols = {k: col(cols[k]) for k in ("lon", "lat", "x", "y", "location") if k in cols}
    category_col = col(cols["category"]) if "category" in cols else None

    tally = {"read": 0, "accepted": 0, **{r: 0 for r in REASONS}}
    for row in rows:
        tally["read"] += 1
        try:
            if len(row) != len(header):
                raise Rejected("malformed_row")
            if has_surrogate(row):
                raise Rejected("invalid_utf8")
            if not created_ok(row) or closed_ok(row) is False:
                raise Rejected("bad_time")
            if category_col is not None and not known_category(row[category_col]):
                raise Rejected("unknown_category")
            first, second = coordinates(row, coord_cols, decimal)
            lon, lat = (first, second) if to_lonlat is None else to_lonlat.transform(first, second)
            if not (math.isfinite(lon) and math.isfinite(lat) and -180 <= lon <= 180 and -90 <= lat <= 90):
                raise Rejected("bad_coordinates")
            unit = units.locate(lon, lat)
            if unit is None:
                raise Rejected("outside_units")
            if unit >= 0:
                per_unit[units.ids[unit]] += 1
            tally["accepted"] += 1
        except Rejected as r:
            tally[r.reason] += 1
    tally["units"] = units.count
    if units.ambiguous:
        print(f"check_ingest_counts: {district_path}: {units.ambiguous} points lie just outside the grid's "
              "extent, where edge cells may still hold them: choose a wider extent", file=sys.stderr)
    tally["ambiguous"] = units.ambiguous
    if units.ids is not None:
        tally["per_unit"] = per_unit
    return tally


def district_file(arg):
    return os.path.join(arg, "district.yaml") if os.path.isdir(arg) else arg


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("examples", nargs="+")
    parser.add_argument("--data-dir")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    short = {"malformed_row": "malformed", "invalid_utf8": "utf8", "bad_time": "time",
             "missing_coordinates": "no_xy", "bad_coordinates": "bad_xy", "outside_units": "outside",
             "unknown_category": "category"}
    if not args.json:
        print(f"{'example':<12} {'read':>7} {'accepted':>8} " + " ".join(f"{short[r]:>9}" for r in REASONS))
    for arg in args.examples:
        path = district_file(arg)
        name = os.path.basename(os.path.dirname(os.path.abspath(path)))
        t = count(path, os.path.abspath(args.data_dir) if args.data_dir else None)
        assert t["read"] == t["accepted"] + sum(t[r] for r in REASONS)
        if args.json:
            t.pop("per_unit", None)
            print(json.dumps({"example": name, **t}), flush=True)
        else:
            print(f"{name:<12} {t['read']:>7} {t['accepted']:>8} " + " ".join(f"{t[r]:>9}" for r in REASONS),
                  flush=True)


if __name__ == "__main__":
    sys.exit(main())

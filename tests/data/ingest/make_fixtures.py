#!/usr/bin/env python3
"""Rebuilds the ingest test fixtures: small slices of the real files in ../shared/data (kept verbatim,
byte for byte, header first) and a square test district around each. Run from the repository root:
    python3 tests/data/ingest/make_fixtures.py /work/shared/data
The hand-made nasty file (nasty.csv) is not generated: it is written by hand."""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def lines(path):
    with open(path, 'rb') as f:
        return f.read().split(b'\n')


def slice_rows(src, dst, picks):
    """Header plus the given 1-based data line numbers (physical lines; none of these files has
    newlines inside quotes in the picked rows)."""
    ls = lines(src)
    out = [ls[0]] + [ls[n] for n in picks]
    with open(dst, 'wb') as f:
        f.write(b'\n'.join(out) + b'\n')


def square(lon0, lat0, lon1, lat1):
    return [[[lon0, lat0], [lon1, lat0], [lon1, lat1], [lon0, lat1], [lon0, lat0]]]


def collection(name, features):
    return {"type": "FeatureCollection", "name": name, "features": features}


def feature(props, rings):
    return {"type": "Feature", "properties": props, "geometry": {"type": "Polygon", "coordinates": rings}}


def district(folder, bbox):
    """A 2 x 2 grid of squares over bbox (lon0, lat0, lon1, lat1): ids sw, se, nw, ne; one town."""
    lon0, lat0, lon1, lat1 = bbox
    mlon, mlat = (lon0 + lon1) / 2, (lat0 + lat1) / 2
    cells = {"sw": (lon0, lat0, mlon, mlat), "se": (mlon, lat0, lon1, mlat),
             "nw": (lon0, mlat, mlon, lat1), "ne": (mlon, mlat, lon1, lat1)}
    grids = [feature({"id": k, "name": k.upper(), "town": "all", "population": 1000.0, "staff": 1},
                     square(*v)) for k, v in cells.items()]
    town = feature({"id": "all", "name": "All", "population": 4000.0, "staff": 4}, square(*bbox))
    for name, obj in (("outline.geojson", collection("outline", [town])),
                      ("towns.geojson", collection("towns", [town])),
                      ("grids.geojson", collection("grids", grids))):
        with open(os.path.join(folder, name), 'w') as f:
            json.dump(obj, f, indent=0)


def main(data):
    d = lambda *p: os.path.join(data, *p)
    o = lambda *p: os.path.join(HERE, *p)
    # Houston: 120 rows from the start, the rows with NA coordinates, one with a comma in a quoted field.
    slice_rows(d('houston', 'houston_crime_2010.csv'), o('houston.csv'),
               list(range(1, 121)) + [17823, 61840, 85084])  # NA coordinates (index = physical line - 1)
    # Medellin: ';' and decimal commas, zoned times, NA coordinates.
    ls = lines(d('medellin', 'medellin_homicides.csv'))
    na = [i for i, l in enumerate(ls) if b';NA;NA;' in l][:5]
    slice_rows(d('medellin', 'medellin_homicides.csv'), o('medellin.csv'), list(range(1, 61)) + na)
    # Vancouver: UTM 10N x/y, split time columns, rows without coordinates.
    ls = lines(d('vancouver', 'vancouver_crimes_2020.csv'))
    empty = [i for i, l in enumerate(ls) if l.rstrip(b'\r').endswith((b',,', b',0.0,0.0'))][:5]
    slice_rows(d('vancouver', 'vancouver_crimes_2020.csv'), o('vancouver.csv'), list(range(1, 81)) + empty)
    # NYC 311 web export: Title Case headers, US times with AM/PM, Closed Date, Agency.
    slice_rows(d('nyc', 'nyc311_2023-02-28_web_export.csv'), o('nyc311_web.csv'), list(range(1, 61)))
    # SF fire calls: "(lat, lon)" text.
    slice_rows(d('sf', 'sf_fire_calls_2016-12-31_week.csv'), o('sf_fire.csv'), list(range(1, 61)))
    # Cincinnati: zero / NA coordinates, a fake Z.
    ls = lines(d('cincinnati', 'cincinnati_burglary.csv'))
    na = [i for i, l in enumerate(ls) if l.endswith(b',NA,NA')][:6]
    slice_rows(d('cincinnati', 'cincinnati_burglary.csv'), o('cincinnati.csv'), list(range(1, 51)) + na)
    # The test districts: four squares over a box around each slice (some points fall outside).
    for name, box in BOXES.items():
        os.makedirs(o(name), exist_ok=True)
        district(o(name), box)


BOXES = {
    'houston': (-95.55, 29.6, -95.25, 29.9),
    'medellin': (-75.63, 6.2, -75.53, 6.32),
    'vancouver': (-123.2, 49.2, -123.0, 49.32),
    'nyc311_web': (-74.05, 40.55, -73.7, 40.92),
    'sf_fire': (-122.52, 37.7, -122.35, 37.82),
    'cincinnati': (-84.7, 39.05, -84.35, 39.25),
    'nasty': (121.40, 31.20, 121.50, 31.30),
}

if __name__ == '__main__':
    main(sys.argv[1] if len(sys.argv) > 1 else '../shared/data')

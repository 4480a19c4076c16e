#!/usr/bin/env python3
"""Opens riskgrid's HDF5 files the way analysts do (xarray with both netCDF engines, netCDF4, h5py,
ncdump) and prints `key value` lines for the C++ test to compare with riskgrid's own reader.

usage: netcdf_open.py results FILE SCENARIO | backtest FILE | comparison FILE
Exit 77 when xarray is not installed (the test skips with that message)."""
import shutil
import subprocess
import sys

try:
    import h5py
    import numpy as np
    import xarray as xr
except ImportError as e:  # Debian: apt-get install python3-xarray python3-h5netcdf python3-netcdf4
    print(f"skip: {e}")
    sys.exit(77)


def engines():
    found = []
    for engine, module in (("h5netcdf", "h5netcdf"), ("netcdf4", "netCDF4")):
        try:
            __import__(module)
            found.append(engine)
        except ImportError:
            pass
    if not found:
        print("skip: neither h5netcdf nor netCDF4 is installed")
        sys.exit(77)
    return found


def expect_dims(ds, wanted, where):
    missing = set(wanted) - set(ds.dims)
    if missing:
        sys.exit(f"{where}: dimensions {sorted(ds.dims)} lack {sorted(missing)}")


def ncdump(path):
    if shutil.which("ncdump"):
        subprocess.run(["ncdump", "-h", path], check=True, stdout=subprocess.DEVNULL)
        print("ncdump ok")


def results(path, scenario):
    for engine in engines():
        root = xr.open_dataset(path, engine=engine)  # no options: the coordinates describe themselves
        expect_dims(root, ["time", "unit", "category", "town"], f"{engine} /")
        if not np.issubdtype(root["time"].dtype, np.datetime64):
            sys.exit(f"{engine}: time is {root['time'].dtype}, expected CF-decoded datetime64")
        group = f"scenarios/{scenario}"
        ds = xr.open_dataset(path, engine=engine, group=group)
        expect_dims(ds, ["time", "unit", "category"], f"{engine} {group}")
        if ds["mean"].dims != ("time", "unit") or ds["mean_by_category"].dims != ("time", "unit", "category"):
            sys.exit(f"{engine}: mean is {ds['mean'].dims}, mean_by_category {ds['mean_by_category'].dims}")
        horizon = xr.open_dataset(path, engine=engine, group=group + "/horizon")
        expect_dims(horizon, ["unit"], f"{engine} {group}/horizon")
        levels = xr.open_dataset(path, engine=engine, group=group + "/levels")
        expect_dims(levels, ["level"], f"{engine} {group}/levels")
        units = xr.open_dataset(path, engine=engine, group="units")
        print(f"{engine} time0 {root['time'].values[0].astype('datetime64[s]').astype(str).replace('T', ' ')}")
        print(f"{engine} unit2 {root['unit'].values[2]}")
        print(f"{engine} mean_1_2 {float(ds['mean'].values[1, 2])!r}")
        print(f"{engine} horizon_mean_0 {float(horizon['mean'].values[0])!r}")
        print(f"{engine} population_2 {float(units['population'].values[2])!r}")
        print(f"{engine} level_3 {levels['level'].values[3]}")
    if hasattr(xr, "open_datatree"):  # xarray 2024.10 and later: the whole file as a tree
        tree = xr.open_datatree(path)
        print(f"datatree groups {len(tree.groups)}")
    with h5py.File(path, "r") as f:
        print(f"h5py mean_1_2 {float(f[f'scenarios/{scenario}/mean'][1, 2])!r}")
        print(f"h5py dims {','.join(d.label for d in f[f'scenarios/{scenario}/mean'].dims)}")
    ncdump(path)


def backtest(path):
    for engine in engines():
        ds = xr.open_dataset(path, engine=engine)  # no phony_dims
        expect_dims(ds, ["model", "origin", "score", "area_share"], f"{engine} /")
        if ds["errors"].dims != ("model", "origin"):
            sys.exit(f"{engine}: errors is {ds['errors'].dims}, expected (model, origin)")
        print(f"{engine} scores_0_0_0 {float(ds['scores'].values[0, 0, 0])!r}")
        print(f"{engine} model0 {ds['model'].values[0]}")
    with h5py.File(path, "r") as f:
        print(f"h5py scores_0_0_0 {float(f['scores'][0, 0, 0])!r}")
        print(f"h5py version {f.attrs['riskgrid_version']}")
    ncdump(path)


def comparison(path):
    for engine in engines():
        ds = xr.open_dataset(path, engine=engine)
        expect_dims(ds, ["run", "unit"], f"{engine} /")
        print(f"{engine} change_0_0 {float(ds['change'].values[0, 0])!r}")
    with h5py.File(path, "r") as f:
        print(f"h5py change_0_0 {float(f['change'][0, 0])!r}")
        print(f"h5py version {f.attrs['riskgrid_version']}")
    ncdump(path)


if __name__ == "__main__":
    kind = sys.argv[1]
    if kind == "results":
        results(sys.argv[2], sys.argv[3])
    elif kind == "backtest":
        backtest(sys.argv[2])
    elif kind == "comparison":
        comparison(sys.argv[2])
    else:
        sys.exit(f"unknown kind {kind}")

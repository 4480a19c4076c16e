#!/usr/bin/python3
"""The rolling-origin backtest of `riskgrid backtest ... level: grid`, written the way an analyst would
in Python from Debian packages (pandas, geopandas, statsmodels, scikit-learn, scipy): the bench peer of
riskgrid's forecast models (bench/backtest_bench.sh, bench/README.md).

Counts per unit x day (pandas); at each weekly origin every model is refitted on the history before it
and its negative-binomial predictive distribution of each unit x day of the horizon is scored with the
definitions of docs/backtest.md (models/include/riskgrid/models/forecast/scores.hpp):
  - glm_negbin: statsmodels GLM, log link, unit + weekday terms; Poisson fit, NB alpha by the
    Cameron-Trivedi auxiliary regression, then the GLM refitted with family NegativeBinomial(alpha)
    (peer of riskgrid's negbin_glm, which has no annual terms with less than a year of training);
  - last_4_weeks: mean daily count of the last 28 days per unit, NB k by moments over the last 12 weeks;
  - kde_hotspot: the district's daily rate of the last 28 days spread by a scikit-learn Gaussian
    KernelDensity (bandwidth 500 m) of the last 12 weeks' incidents, summed over a lattice of points in
    each unit (250 m apart by default; rtol 1e-2: exact to 1%), 1% spread by area; NB k by moments as above.
Rates never go below 1e-4 per unit and day (as riskgrid). Scores: MAE, RMSE, log score, CRPS (exact
sum over the count distribution), coverage of the central 90% interval, hit rate and PAI at 5% of the
area (the last unit pro rata), the oracle PAI.

Usage (both forms read the data from scratch; the wall time printed covers load + all origins):
  backtest_python.py --units GEOJSON --unit-id FIELD --history CSV --time-col COL [--unit-col COL]
                     --first YYYY-MM-DD --last YYYY-MM-DD [--every-days 7] [--horizon-days 7]
                     [--lattice-m 100] [--out CSV]
Points are assigned to units by a spatial join unless --unit-col names a column already holding the unit.
"""
import argparse
import sys
import time

import geopandas as gpd
import numpy as np
import pandas as pd
import statsmodels.api as sm
from scipy import stats
from sklearn.neighbors import KernelDensity

MIN_RATE = 1e-4          # riskgrid's kMinDailyRate
K_MIN, K_MAX = 0.05, 1000.0
BANDWIDTH_M = 500.0
AREA_SHARE = 0.05
INTERVAL = 0.9


def load(args):
    units = gpd.read_file(args.units)
    units = units[units[args.unit_id].notna()].dissolve(by=args.unit_id).reset_index()
    metric = units.estimate_utm_crs()
    units_m = units.to_crs(metric)
    units_m["area"] = units_m.geometry.area
    units_m = units_m.sort_values(args.unit_id).reset_index(drop=True)
    cols = [args.time_col, args.lon, args.lat] + ([args.unit_col] if args.unit_col else [])
    df = pd.read_csv(args.history, usecols=cols)
    df = df.dropna(subset=[args.lon, args.lat])
    df = df[(df[args.lon] != 0) & (df[args.lat] != 0)]
    df["time"] = pd.to_datetime(df[args.time_col])
    pts = gpd.GeoDataFrame(df, geometry=gpd.points_from_xy(df[args.lon], df[args.lat]), crs="EPSG:4326")
    pts = pts.to_crs(metric)
    if args.unit_col:
        pts["unit"] = pts[args.unit_col].astype(str)
    else:
        joined = gpd.sjoin(pts, units_m[[args.unit_id, "geometry"]], how="inner", predicate="within")
        joined = joined[~joined.index.duplicated()]
        pts = joined.rename(columns={args.unit_id: "unit"})
    ids = units_m[args.unit_id].astype(str).tolist()
    pts = pts[pts["unit"].isin(ids)]
    pts["day"] = pts["time"].dt.normalize()
    pts["x"], pts["y"] = pts.geometry.x, pts.geometry.y
    return units_m, ids, pts[["unit", "day", "x", "y"]]


def lattice_units(units_m, unit_id, spacing):
    """Lattice points at `spacing` metres inside the units and the unit index of each (fixed, made once)."""
    x0, y0, x1, y1 = units_m.total_bounds
    xs = np.arange(x0 + spacing / 2, x1, spacing)
    ys = np.arange(y0 + spacing / 2, y1, spacing)
    gx, gy = np.meshgrid(xs, ys)
    grid = gpd.GeoDataFrame(geometry=gpd.points_from_xy(gx.ravel(), gy.ravel()), crs=units_m.crs)
    joined = gpd.sjoin(grid, units_m[[unit_id, "geometry"]].reset_index(), how="inner", predicate="within")
    joined = joined[~joined.index.duplicated()]
    return np.column_stack([joined.geometry.x, joined.geometry.y]), joined["index"].to_numpy()


def daily_counts(pts, ids, start, end):
    days = pd.date_range(start, end - pd.Timedelta(days=1), freq="D")
    sel = pts[(pts["day"] >= start) & (pts["day"] < end)]
    table = sel.groupby(["unit", "day"]).size().unstack(fill_value=0)
    return table.reindex(index=ids, columns=days, fill_value=0).to_numpy(dtype=float), days


def k_by_moments(y, mu):
    """riskgrid's pooled method of moments: 1/k = (sum (y-mu)^2 - sum y) / sum mu^2."""
    mu = np.broadcast_to(mu, y.shape)
    inverse = (((y - mu) ** 2).sum() - y.sum()) / (mu ** 2).sum()
    return float(np.clip(1 / inverse, K_MIN, K_MAX)) if inverse > 0 else K_MAX


def fit_glm(train, days, horizon_days):
    """unit + weekday NB GLM on the long table; returns means [unit, horizon day] and k."""
    n_units, n_days = train.shape
    long = pd.DataFrame({"y": train.ravel(),
                         "unit": np.repeat(np.arange(n_units), n_days),
                         "wd": np.tile(days.weekday.to_numpy(), n_units)})
    X = pd.get_dummies(long[["unit", "wd"]].astype("category"), drop_first=True, dtype=float)
    X = sm.add_constant(X)
    poisson = sm.GLM(long["y"], X, family=sm.families.Poisson()).fit()
    mu = poisson.mu
    aux = ((long["y"] - mu) ** 2 - long["y"]) / mu          # Cameron-Trivedi: = alpha * mu + error
    alpha = max(float(sm.OLS(aux, mu).fit().params.iloc[0]), 1 / K_MAX)
    nb = sm.GLM(long["y"], X, family=sm.families.NegativeBinomial(alpha=alpha)).fit(start_params=poisson.params)
    hx = pd.DataFrame({"unit": np.repeat(np.arange(n_units), len(horizon_days)),
                       "wd": np.tile(horizon_days.weekday.to_numpy(), n_units)})
    hX = pd.get_dummies(pd.concat([long[["unit", "wd"]], hx]).astype("category"), drop_first=True,
                        dtype=float).iloc[len(long):]
    hX = sm.add_constant(hX, has_constant="add")
    mean = nb.predict(hX).to_numpy().reshape(n_units, len(horizon_days))
    return mean, float(np.clip(1 / alpha, K_MIN, K_MAX))


def fit_last_4_weeks(train, horizon):
    rate = train[:, -28:].mean(axis=1)
    mean = np.repeat(np.maximum(rate, MIN_RATE)[:, None], horizon, axis=1)
    return mean, k_by_moments(train[:, -84:], mean[:, :1])


def fit_kde(train, pts, origin, lattice, lattice_unit, area):
    recent = pts[(pts["day"] >= origin - pd.Timedelta(weeks=12)) & (pts["day"] < origin)]
    kde = KernelDensity(bandwidth=BANDWIDTH_M, kernel="gaussian", rtol=1e-2).fit(recent[["x", "y"]].to_numpy())
    density = np.exp(kde.score_samples(lattice))
    per_unit = np.bincount(lattice_unit, weights=density, minlength=len(area))
    share = 0.99 * per_unit / per_unit.sum() + 0.01 * area / area.sum()
    district_rate = train[:, -28:].sum() / 28
    return np.maximum(district_rate * share, MIN_RATE), share


def crps_nb(mean, k, y):
    """Exact CRPS of a count forecast, sum over x of (F(x) - 1{x >= y})^2, vectorised over cells."""
    top = int(max(y.max(), stats.nbinom.ppf(1 - 1e-12, k, k / (k + mean)).max())) + 1
    x = np.arange(top + 1)[:, None]
    cdf = stats.nbinom.cdf(x, k, (k / (k + mean))[None, :])
    step = (x >= y[None, :]).astype(float)
    return ((cdf - step) ** 2).sum(axis=0)


def hotspot_pai(forecast, observed, area, share):
    order = np.argsort(-(forecast / area), kind="stable")
    room, flagged = share * area.sum(), 0.0
    for u in order:
        if room <= 0:
            break
        part = min(1.0, room / area[u])
        flagged += part * observed[u]
        room -= part * area[u]
    total = observed.sum()
    return (flagged / total if total > 0 else 0.0) / share


def score(mean, k, observed, area):
    mu, y = mean.ravel(), observed.ravel()
    p = k / (k + mu)
    low, high = stats.nbinom.ppf((1 - INTERVAL) / 2, k, p), stats.nbinom.ppf((1 + INTERVAL) / 2, k, p)
    return {"mae": np.abs(mu - y).mean(), "rmse": np.sqrt(((mu - y) ** 2).mean()),
            "logS": -stats.nbinom.logpmf(y, k, p).mean(), "crps": crps_nb(mu, k, y).mean(),
            "cov90": ((low <= y) & (y <= high)).mean(),
            "pai5": hotspot_pai(mean.sum(axis=1), observed.sum(axis=1), area, AREA_SHARE),
            "oracle_pai5": hotspot_pai(observed.sum(axis=1), observed.sum(axis=1), area, AREA_SHARE)}


def run(args):
    t0 = time.perf_counter()
    units_m, ids, pts = load(args)
    area = units_m["area"].to_numpy()
    lattice, lattice_unit = lattice_units(units_m, args.unit_id, args.lattice_m)
    t_load = time.perf_counter() - t0
    history_start = pts["day"].min()
    origins = pd.date_range(args.first, args.last, freq=f"{args.every_days}D")
    rows, fit_time = [], {"glm_negbin": 0.0, "last_4_weeks": 0.0, "kde_hotspot": 0.0}
    for origin in origins:
        train, days = daily_counts(pts, ids, history_start, origin)
        end = origin + pd.Timedelta(days=args.horizon_days)
        observed, hdays = daily_counts(pts, ids, origin, end)
        t = time.perf_counter()
        mean, k = fit_glm(train, days, hdays)
        fit_time["glm_negbin"] += time.perf_counter() - t
        rows.append({"model": "glm_negbin", "origin": origin, **score(np.maximum(mean, MIN_RATE), k, observed, area)})
        t = time.perf_counter()
        mean, k = fit_last_4_weeks(train, args.horizon_days)
        fit_time["last_4_weeks"] += time.perf_counter() - t
        rows.append({"model": "last_4_weeks", "origin": origin, **score(mean, k, observed, area)})
        t = time.perf_counter()
        rate, _ = fit_kde(train, pts, origin, lattice, lattice_unit, area)
        k = k_by_moments(train[:, -84:], rate[:, None])
        fit_time["kde_hotspot"] += time.perf_counter() - t
        mean = np.repeat(rate[:, None], args.horizon_days, axis=1)
        rows.append({"model": "kde_hotspot", "origin": origin, **score(mean, k, observed, area)})
        print(f"origin {origin.date()} done at {time.perf_counter() - t0:.0f} s", file=sys.stderr, flush=True)
    scores = pd.DataFrame(rows)
    if args.out:
        scores.to_csv(args.out, index=False)
    wall = time.perf_counter() - t0
    summary = scores.drop(columns="origin").groupby("model", sort=False).mean()
    summary.insert(0, "origins", scores.groupby("model", sort=False).size())
    summary["fit_s"] = pd.Series(fit_time)
    print(f"python backtest: {len(ids)} units, {len(pts)} incidents, {len(origins)} origins "
          f"{origins[0].date()}..{origins[-1].date()}, {args.horizon_days}-day horizons per unit x day; "
          f"lattice {len(lattice)} points at {args.lattice_m:g} m")
    print(summary.to_string(float_format=lambda v: f"{v:.4f}"))
    print(f"load {t_load:.1f} s, wall {wall:.1f} s")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--units", required=True)
    ap.add_argument("--unit-id", required=True)
    ap.add_argument("--history", required=True)
    ap.add_argument("--time-col", required=True)
    ap.add_argument("--lon", default="lon")
    ap.add_argument("--lat", default="lat")
    ap.add_argument("--unit-col")
    ap.add_argument("--first", required=True)
    ap.add_argument("--last", required=True)
    ap.add_argument("--every-days", type=int, default=7)
    ap.add_argument("--horizon-days", type=int, default=7)
    ap.add_argument("--lattice-m", type=float, default=250.0)
    ap.add_argument("--out")
    run(ap.parse_args())


if __name__ == "__main__":
    sys.exit(main())

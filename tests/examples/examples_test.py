#!/usr/bin/python3
"""Integration tests over the example districts of scenarios/examples and the real data of
../shared/data (registered in tests/CMakeLists.txt; skipped, saying so, when the data is absent).

  examples_test.py counts RISKGRID DATA_DIR   `riskgrid ingest` on every example: its read / accepted /
                                              quarantined-by-reason counts, and the rows of every
                                              polygon unit, must equal, exactly, those of the
                                              independent scripts/check_ingest_counts.py
  examples_test.py drills RISKGRID DATA_DIR   every example's drill scenario end to end with
                                              `riskgrid run --replicas 50`; prints the ingest counts
  examples_test.py backtest RISKGRID DATA_DIR `riskgrid backtest` of NYC's precincts and Vancouver's
                                              1 km cells on 2 origins: its files exist and every
                                              scored model's mean scores are finite

DATA_DIR is overridden by RISKGRID_DATA_DIR. Prints SKIPPED: ... and exits 0 when the data folder or
the Python packages the check needs are missing.
"""
import datetime
import glob
import math
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
EXAMPLES = os.path.join(REPO, "scenarios", "examples")
REASONS = ["malformed_row", "invalid_utf8", "bad_time", "missing_coordinates", "bad_coordinates",
           "outside_units", "unknown_category"]
NOT_SCENARIOS = {"district.yaml", "categories.yaml", "baseline.yaml"}


def skip(why):
    print(f"SKIPPED: {why}")
    sys.exit(0)


def examples():
    return sorted(os.path.dirname(p) for p in glob.glob(os.path.join(EXAMPLES, "*", "district.yaml")))


def h5_attributes(path):
    """Integer attributes anywhere in an HDF5 file, by name (the first of each name), via h5dump."""
    text = subprocess.run(["h5dump", "-A", path], check=True, capture_output=True, text=True).stdout
    found = {}
    for name, value in re.findall(r'ATTRIBUTE "([^"]+)" \{.*?DATA \{\s*\(0\): ("?[^\s}]+)', text, re.S):
        if name not in found and re.fullmatch(r"-?\d+", value):
            found[name] = int(value)
    return found


def h5_unit_counts(path, scratch):
    """{unit id: accepted rows} from the store's /units (ids) and /unit (index per row), via h5dump."""
    text = subprocess.run(["h5dump", "-d", "/units", "-y", "-w", "0", path], check=True, capture_output=True,
                          text=True).stdout
    data = text[text.index("DATA {"):]
    data = data[:data.index("\n   }")]  # the dataset's values, not its attributes
    ids = [re.sub(r"\\(.)", r"\1", m) for m in re.findall(r'"((?:[^"\\]|\\.)*)"', data)]
    subprocess.run(["h5dump", "-d", "/unit", "-b", "LE", "-o", scratch, path], check=True, capture_output=True)
    raw = open(scratch, "rb").read()
    counts = {unit: 0 for unit in ids}
    for (index,) in struct.iter_unpack("<I", raw):
        counts[ids[index]] += 1
    return ids, counts


def riskgrid_counts(binary, example, data_dir, out):
    run = subprocess.run([binary, "ingest", os.path.join(example, "district.yaml"), "--out", out,
                          "--data-dir", data_dir, "--no-cache"], capture_output=True, text=True)
    if run.returncode != 0:
        raise RuntimeError(f"riskgrid ingest {example} exited {run.returncode}:\n{run.stdout}{run.stderr}")
    attrs = h5_attributes(os.path.join(out, "incidents.h5"))
    counts = {"read": attrs.get("read"), "accepted": attrs.get("accepted")}
    counts.update({r: attrs.get(f"quarantined_{r}", 0) for r in REASONS})
    if counts["read"] is None or counts["accepted"] is None:
        raise RuntimeError(f"{out}/incidents.h5 has no read/accepted attributes: {sorted(attrs)}")
    counts["unit_ids"], counts["per_unit"] = h5_unit_counts(os.path.join(out, "incidents.h5"),
                                                            os.path.join(out, "unit.bin"))
    return counts, run.stdout


def table_row(name, who, c):
    return f"{name:<12} {who:<9} {c['read']:>7} {c['accepted']:>8} " + " ".join(f"{c[r]:>9}" for r in REASONS)


def test_counts(binary, data_dir):
    try:
        sys.path.insert(0, os.path.join(REPO, "scripts"))
        import check_ingest_counts
    except ImportError as e:
        skip(f"the independent check needs Debian python3-pandas/-geopandas/-shapely/-pyproj/-yaml ({e})")
    print(f"{'example':<12} {'':<9} {'read':>7} {'accepted':>8} " + " ".join(f"{r[:9]:>9}" for r in REASONS))
    failures = []
    with tempfile.TemporaryDirectory(prefix="riskgrid_examples_") as tmp:
        for example in examples():
            name = os.path.basename(example)
            try:
                ours, _ = riskgrid_counts(binary, example, data_dir, os.path.join(tmp, name))
            except (RuntimeError, subprocess.CalledProcessError) as e:
                failures.append(f"{name}: {e}")
                continue
            # riskgrid's unit order only decides which unit a point on a shared border goes to.
            expected = check_ingest_counts.count(os.path.join(example, "district.yaml"), data_dir,
                                                 ours["unit_ids"])
            print(table_row(name, "riskgrid", ours))
            print(table_row(name, "check", expected), flush=True)
            differs = [k for k in ["read", "accepted"] + REASONS if ours[k] != expected[k]]
            if differs:
                failures.append(f"{name}: riskgrid and the independent check differ in {', '.join(differs)}")
            if ours["read"] != ours["accepted"] + sum(ours[r] for r in REASONS):
                failures.append(f"{name}: read != accepted + quarantined")
            if "per_unit" in expected:  # polygon units: every unit's accepted rows too
                units = sorted(set(ours["per_unit"]) | set(expected["per_unit"]))
                wrong = [(u, ours["per_unit"].get(u), expected["per_unit"].get(u)) for u in units
                         if ours["per_unit"].get(u) != expected["per_unit"].get(u)]
                print(f"{name:<12} {'units':<9} {len(ours['per_unit'])} units, "
                      f"{len(units) - len(wrong)} with equal counts")
                if wrong:
                    failures.append(f"{name}: rows per unit differ (unit, riskgrid, check): {wrong[:5]}")
    return failures


def drill_of(example):
    names = [p for p in sorted(glob.glob(os.path.join(example, "*.yaml")))
             if os.path.basename(p) not in NOT_SCENARIOS
             and not os.path.basename(p).startswith(("backtest", "district"))]
    return names[0] if names else None


def ingest_block(lines):
    """The ingest summary riskgrid run prints: from `ingest FILE` to the quarantine file's line."""
    start = next((i for i, l in enumerate(lines) if re.search(r"\bingest \S", l)), None)
    if start is None:
        return []
    end = next((i for i in range(start, len(lines)) if "quarantined rows" in lines[i]), start + 12)
    return lines[start:end + 1]


def test_drills(binary, data_dir):
    failures = []
    with tempfile.TemporaryDirectory(prefix="riskgrid_drills_") as tmp:
        for example in examples():
            name = os.path.basename(example)
            drill = drill_of(example)
            if drill is None:
                failures.append(f"{name}: no drill scenario")
                continue
            run = subprocess.run([binary, "run", drill, "--replicas", "50", "--data-dir", data_dir,
                                  "--out", os.path.join(tmp, name)], capture_output=True, text=True,
                                 env={**os.environ, "RISKGRID_CACHE_DIR": os.path.join(tmp, "cache")})
            lines = (run.stdout + run.stderr).splitlines()
            print(f"== {name}: riskgrid run {os.path.relpath(drill, REPO)} --replicas 50 -> exit {run.returncode}")
            print("\n".join("   " + l for l in (ingest_block(lines) or lines[-15:])), flush=True)
            if run.returncode != 0:
                failures.append(f"{name}: riskgrid run exited {run.returncode}: {lines[-1] if lines else ''}")
            elif not os.path.exists(os.path.join(tmp, name, "results.h5")):
                failures.append(f"{name}: no results.h5")
    return failures


BACKTESTS = ["nyc_thefts/backtest.yaml", "vancouver/backtest_cells.yaml"]
BACKTEST_FILES = ["backtest.h5", "backtest_scores.csv", "backtest_summary.csv", "backtest.png"]


def two_origins(scenario):
    """A copy of a committed backtest scenario with only its first two origins (same folder, so that
    extends: and district: resolve as in the original)."""
    text = open(scenario).read()
    first = re.search(r"origins: \{first: (\d{4}-\d\d-\d\d)", text).group(1)

    second = (datetime.date.fromisoformat(first) + datetime.timedelta(days=7)).isoformat()
    text = re.sub(r"origins: \{[^}]*\}", f"origins: {{first: {first}, last: {second}, every_days: 7}}", text)
    path = os.path.join(os.path.dirname(scenario), f".test_{os.getpid()}_{os.path.basename(scenario)}")
    open(path, "w").write(text)
    return path


def test_backtests(binary, data_dir):
    failures = []
    with tempfile.TemporaryDirectory(prefix="riskgrid_backtests_") as tmp:
        for rel in BACKTESTS:
            scenario = two_origins(os.path.join(EXAMPLES, rel))
            out = os.path.join(tmp, rel.replace("/", "_"))
            try:
                run = subprocess.run([binary, "backtest", scenario, "--quiet", "--data-dir", data_dir, "--out", out],
                                     capture_output=True, text=True,
                                     env={**os.environ, "RISKGRID_CACHE_DIR": os.path.join(tmp, "cache")})
            finally:
                os.remove(scenario)
            print(f"== riskgrid backtest {rel} (2 origins) -> exit {run.returncode}")
            print("\n".join("   " + l for l in (run.stdout + run.stderr).splitlines()), flush=True)
            if run.returncode != 0:
                failures.append(f"{rel}: riskgrid backtest exited {run.returncode}")
                continue
            failures += [f"{rel}: no {f}" for f in BACKTEST_FILES if not os.path.isfile(os.path.join(out, f))]
            summary = os.path.join(out, "backtest_summary.csv")
            if not os.path.isfile(summary):
                continue
            rows = [l.split(",") for l in open(summary).read().splitlines()]
            scored = [r for r in rows[1:] if r[0] != "oracle" and r[1] != "0"]
            if len(scored) < 8:
                failures.append(f"{rel}: only {len(scored)} models scored")
            for r in scored:
                bad = [h for h, v in zip(rows[0][2:], r[2:]) if not (v and math.isfinite(float(v)))]
                if bad:
                    failures.append(f"{rel}: {r[0]}: scores not finite: {', '.join(bad)}")
    return failures


def main():
    if len(sys.argv) != 4 or sys.argv[1] not in ("counts", "drills", "backtest"):
        print(__doc__)
        return 2
    mode, binary, data_dir = sys.argv[1], os.path.abspath(sys.argv[2]), sys.argv[3]
    data_dir = os.path.abspath(os.environ.get("RISKGRID_DATA_DIR") or data_dir)
    if not os.path.isfile(os.path.join(data_dir, "houston", "houston_crime_2010.csv")):
        skip(f"no shared data at {data_dir} (set RISKGRID_DATA_DIR to a copy of ../shared/data)")
    if shutil.which("h5dump") is None:
        skip("h5dump (Debian hdf5-tools) is needed to read incidents.h5")
    tests = {"counts": test_counts, "drills": test_drills, "backtest": test_backtests}
    failures = tests[mode](binary, data_dir)
    for f in failures:
        print("FAIL:", f)
    print(f"{mode}: {len(examples())} examples, {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

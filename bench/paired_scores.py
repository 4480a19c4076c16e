#!/usr/bin/env python3
"""Paired comparison of backtest scores over origins (bench/README.md, "New models on real data").

For each score, the best baseline is the model not in --new with the best mean; every model is then
compared with it origin by origin: the mean difference, its standard error (paired over origins), the
t ratio and the origins the model wins. Only origins both models were scored at count.

  python3 bench/paired_scores.py OUT/backtest_scores.csv --new shrunk_level,damped_trend,...
  (--baseline mean_1_year: compare every model with that one instead)
"""
import argparse
import csv
import math
from collections import defaultdict

LOWER_IS_BETTER = {"mae", "rmse", "log_score", "crps", "field_crps"}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("scores_csv")
    ap.add_argument("--new", required=True, help="comma-separated models that are not baselines")
    ap.add_argument("--scores", default="log_score,field_log_score,field_crps,pai_5pct,field_pai_5pct,field_pai_1pct")
    ap.add_argument("--markdown", action="store_true", help="one table: each score's mean, then diff (t, wins)")
    ap.add_argument("--baseline", help="compare with this model instead of each score's best baseline")
    args = ap.parse_args()
    new = set(args.new.split(","))
    rows = list(csv.DictReader(open(args.scores_csv)))
    models = list(dict.fromkeys(r["model"] for r in rows))
    if args.markdown:
        return markdown(rows, models, new, [s for s in args.scores.split(",") if s in rows[0]], args.baseline)
    for score in args.scores.split(","):
        if score not in rows[0]:
            print(f"(no column {score})\n")
            continue
        by = defaultdict(dict)
        for r in rows:
            if r.get("scored", "1") == "1" and r[score] not in ("", "nan"):
                by[r["model"]][r["origin"]] = float(r[score])
        sign = -1 if score in LOWER_IS_BETTER else 1  # sign * score: higher is better
        mean = {m: sum(v.values()) / len(v) for m, v in by.items() if v}
        ref = args.baseline or max((m for m in mean if m not in new), key=lambda m: sign * mean[m])
        print(f"{score} ({'lower' if sign < 0 else 'higher'} is better); {'baseline' if args.baseline else 'best baseline'}: {ref}")
        print(f"{'model':22s} {'origins':>7s} {'mean':>9s} {'diff':>9s} {'se':>8s} {'t':>6s} {'wins':>7s} {'tied':>4s}"
              "   (diff = model - best baseline, paired over origins; t > 0 and wins: better)")
        for m in models:
            if m not in mean:
                continue
            common = sorted(set(by[m]) & set(by[ref]))
            d = [sign * (by[m][o] - by[ref][o]) for o in common]
            n = len(d)
            md = sum(d) / n
            sd = math.sqrt(sum((x - md) ** 2 for x in d) / (n - 1)) if n > 1 else float("nan")
            se = sd / math.sqrt(n) if n > 1 else float("nan")
            t = md / se if se and se > 0 else float("nan")
            wins = sum(1 for x in d if x > 0)
            ties = sum(1 for x in d if x == 0)
            tag = " *" if m in new else ""
            print(f"{m + tag:22s} {n:7d} {mean[m]:9.4f} {sign * md:+9.4f} {se:8.4f} {t:6.2f} {wins:3d}/{n:<3d} {ties:4d}")
        print()


def paired(rows, score):
    by = defaultdict(dict)
    for r in rows:
        if r.get("scored", "1") == "1" and r[score] not in ("", "nan"):
            by[r["model"]][r["origin"]] = float(r[score])
    return by


def markdown(rows, models, new, scores, baseline=None):
    """| model | per score: mean, diff vs that score's best baseline (t, wins/origins, ties) |

    The difference is model - baseline in the score's own units; t is signed so that t > 0 means the
    model is better (for a lower-is-better score a negative difference has a positive t). Origins with
    exactly the same score (common for PAI, where models flag the same units) are counted as tied,
    neither won nor lost."""
    cells = {m: [] for m in models}
    header = []
    for score in scores:
        by = paired(rows, score)
        sign = -1 if score in LOWER_IS_BETTER else 1
        mean = {m: sum(v.values()) / len(v) for m, v in by.items() if v}
        ref = baseline or max((m for m in mean if m not in new), key=lambda m: sign * mean[m])
        header.append(f"{score} ({'baseline' if baseline else 'best baseline'} {ref})")
        for m in models:
            if m not in mean:
                cells[m].append("n/a")
                continue
            common = sorted(set(by[m]) & set(by[ref]))
            d = [sign * (by[m][o] - by[ref][o]) for o in common]
            n = len(d)
            md = sum(d) / n
            sd = math.sqrt(sum((x - md) ** 2 for x in d) / (n - 1)) if n > 1 else 0
            t = md / (sd / math.sqrt(n)) if sd > 0 else float("nan")
            wins = sum(1 for x in d if x > 0)
            ties = sum(1 for x in d if x == 0)
            if m == ref:
                cells[m].append(f"{mean[m]:.4f}")
            elif ties == n:  # the same score at every origin: no difference to test
                cells[m].append(f"{mean[m]:.4f} (= {ref} at every origin)")
            else:
                tied = f", {ties} tied" if ties else ""
                cells[m].append(f"{mean[m]:.4f} ({sign * md:+.4f}, t {t:+.1f}, {wins}/{n}{tied})")
    print("| model | " + " | ".join(header) + " |")
    print("|---|" + "---|" * len(header))
    for m in models:
        print(f"| {m}{' (new)' if m in new else ''} | " + " | ".join(cells[m]) + " |")


if __name__ == "__main__":
    main()

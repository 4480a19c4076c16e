"""Prints the figures a planner reads off a run's summary.json, one `key value` per line, for the
risk-map tests: grids above the lowest level, the Spearman rank correlation of the ratio to normal with
population, and the towns of the five worst-ranked grids."""
import json
import sys


def ranks(values):
    order = sorted(range(len(values)), key=lambda i: values[i])
    r = [0.0] * len(values)
    i = 0
    while i < len(order):  # ties share their mean rank
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            r[order[k]] = (i + j) / 2
        i = j + 1
    return r


def spearman(x, y):
    rx, ry = ranks(x), ranks(y)
    n = len(x)
    mx, my = sum(rx) / n, sum(ry) / n
    cov = sum((a - mx) * (b - my) for a, b in zip(rx, ry))
    vx = sum((a - mx) ** 2 for a in rx)
    vy = sum((b - my) ** 2 for b in ry)
    return cov / (vx * vy) ** 0.5 if vx > 0 and vy > 0 else 0.0


summary = json.load(open(sys.argv[1], encoding="utf-8"))
grids = summary["grids"]
print("grids", len(grids))
print("above_lowest", sum(1 for g in grids if g["level"] > 0))
print("spearman_ratio_population", spearman([g["ratio_to_normal"] for g in grids], [g["population"] for g in grids]))
print("top5_towns", ",".join(g["town"] for g in grids[:5]))
print("ranks_in_order", all(g["rank"] == i + 1 for i, g in enumerate(grids)))
print("reasons", all(g["level_reason"] for g in grids))

"""The coverage benchmark: `python -m benchmarks.coverage [--hubs 100000] [--min-population 1000]`.

No database: synthetic hub points straight from dihub.catalogue.synthetic (seeded, so
every run sees the same hubs), and every place of the EU from the gazetteer with at
least --min-population inhabitants. Times, with the k-d tree (dihub.insights.coverage):
the nearest-hub distances and the whole coverage (region summaries and the suggestion)
for one technology, for each technology separately (total) and for any hub. The baseline,
measured in the same run: all pairs with numpy haversine, on a sample of places,
extrapolated to all of them. A tree figure's ratio is its time over the baseline's.
"""

import argparse
import json
import sys
import time
from itertools import islice

import numpy as np

from dihub.insights import coverage as C
from dihub.insights import places as P

from .machine import cpu_model
from .timing import median_of

TARGET_S = 5.0


def say(text):
    print(f"  [coverage] {text}", file=sys.stderr, flush=True)


def hub_points(n, seed=42):
    """(lat, lon, NUTS 3, technology names) of n synthetic hubs with coordinates."""
    from dihub.catalogue.synthetic import synthetic_records

    rows = []
    for r in islice(synthetic_records(n, seed), n):
        if r.lat is not None and r.lon is not None:
            rows.append((r.lat, r.lon, r.region or "",
                         {t.name for t in r.terms if t.kind == "technology"}))
    return rows


def brute_seconds(places, mask, lat, lon, sample):
    """All pairs on `sample` places of the mask, extrapolated to every place of it."""
    idx = np.flatnonzero(mask)
    rng = np.random.default_rng(1)
    part = rng.choice(idx, size=min(sample, len(idx)), replace=False)
    start = time.perf_counter()
    d = C.nearest_km_brute(lat, lon, places.lat[part], places.lon[part])
    seconds = (time.perf_counter() - start) * len(idx) / len(part)
    return seconds, part, d


def run(args) -> list[dict]:
    start = time.perf_counter()
    places, names, _ = P.all_places()
    mask = P.mask(places, P.EU, args.min_population)
    say(f"{int(mask.sum()):,} EU places of {args.min_population:,}+ inhabitants "
        f"({int(places.population[mask].sum()):,} people) in {time.perf_counter() - start:.1f} s")
    start = time.perf_counter()
    hubs = hub_points(args.hubs)
    say(f"{len(hubs):,} synthetic hubs in {time.perf_counter() - start:.1f} s")
    lat = np.array([h[0] for h in hubs])
    lon = np.array([h[1] for h in hubs])
    region = [h[2] for h in hubs]
    techs = sorted({t for h in hubs for t in h[3]})
    offering = {t: np.array([t in h[3] for h in hubs]) for t in techs}
    one = args.technology if args.technology in offering else max(
        techs, key=lambda t: offering[t].sum())
    sel = offering[one]
    sel_region = [r for r, s in zip(region, sel, strict=True) if s]
    n_places = int(mask.sum())
    results = []

    def add(key, label, seconds, **extra):
        results.append({"key": key, "label": label, "seconds": seconds, **extra})
        say(f"{label}: {seconds:.3f} s")

    # one technology: the nearest-hub distances, brute force then the tree
    brute, part, brute_d = brute_seconds(places, mask, lat[sel], lon[sel], args.sample)
    add("nearest-brute", f"nearest hub, all pairs, 1 technology ({int(sel.sum()):,} hubs; "
        f"{len(part):,} places timed, x{n_places / len(part):.0f})", brute, is_baseline=True)
    tree_s, tree_d = median_of(lambda: C.nearest_km(places, lat[sel], lon[sel]), args.repeat)
    add("nearest-tree", "nearest hub, k-d tree, 1 technology", tree_s, baseline="nearest-brute")
    error = float(np.abs(tree_d[part] - brute_d).max())
    say(f"largest difference tree - brute force on the sample: {error:.2e} km")

    full_s, result = median_of(lambda: C.coverage(places, lat[sel], lon[sel], sel_region, mask),
                             args.repeat)
    add("coverage-one", f"whole coverage, 1 technology ({one})", full_s,
        baseline="nearest-brute", target=TARGET_S)
    s = result.suggestion
    say(f"  mean {result.overall['mean_km']:.1f} km, median {result.overall['median_km']:.1f} "
        f"km; one more hub in {names[s.place]}: mean {s.mean_before:.1f} -> {s.mean_after:.1f} "
        f"km ({s.candidates} candidates)")

    # each technology separately
    brute_all = 0.0
    for t in techs:
        b, _, _ = brute_seconds(places, mask, lat[offering[t]], lon[offering[t]],
                                max(50, args.sample // 4))
        brute_all += b
    add("all-brute", f"nearest hub, all pairs, each of {len(techs)} technologies (extrapolated)",
        brute_all, is_baseline=True)
    start = time.perf_counter()
    for t in techs:
        C.nearest_km(places, lat[offering[t]], lon[offering[t]])
    add("all-tree", f"nearest hub, k-d tree, each of {len(techs)} technologies",
        time.perf_counter() - start, baseline="all-brute")
    start = time.perf_counter()
    for t in techs:
        m = offering[t]
        C.coverage(places, lat[m], lon[m], [r for r, k in zip(region, m, strict=True) if k], mask)
    add("all-coverage", f"whole coverage, each of {len(techs)} technologies",
        time.perf_counter() - start, baseline="all-brute")

    # any hub: all of them
    brute_any, _, _ = brute_seconds(places, mask, lat, lon, max(50, args.sample // 10))
    add("any-brute", f"nearest hub, all pairs, any hub ({len(hubs):,} hubs)", brute_any,
        is_baseline=True)
    any_s, _ = median_of(lambda: C.coverage(places, lat, lon, region, mask), args.repeat)
    add("any-coverage", "whole coverage, any hub", any_s, baseline="any-brute")
    return results


def table(results: list[dict]) -> str:
    by_key = {r["key"]: r for r in results}
    rows = [("benchmark", "figure", "vs baseline")]
    for r in results:
        if r.get("is_baseline"):
            ratio = "baseline"
        else:
            base = by_key[r["baseline"]]["seconds"]
            ratio = f"x{r['seconds'] / base:.4f} ({base / r['seconds']:,.0f} times faster)"
        figure = f"{r['seconds']:9.3f} s"
        if "target" in r:
            met = "met" if r["seconds"] < r["target"] else "MISSED"
            figure += f"  (target < {r['target']:g} s: {met})"
        rows.append((r["label"], figure, ratio))
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip()
             for row in rows]
    lines.insert(1, "-" * len(lines[0]))
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m benchmarks.coverage", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--hubs", type=int, default=100_000)
    parser.add_argument("--min-population", type=int, default=1000)
    parser.add_argument("--technology", default="", help="default: the one most hubs offer")
    parser.add_argument("--sample", type=int, default=1000,
                        help="places timed for the all-pairs baseline (one technology)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per tree figure (median)")
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args(argv)
    results = run(args)
    print(f"coverage benchmark: {args.hubs:,} synthetic hubs, EU places of "
          f"{args.min_population:,}+ inhabitants; {cpu_model()}")
    print(table(results))
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(results, f, indent=2)


if __name__ == "__main__":
    main()

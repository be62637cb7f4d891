"""The DMA benchmark: `python -m benchmarks.maturity [--assessments 1000000] [--sample 20000]`.

No database. One million synthetic SME assessments (seeded, so every run sees the same):
each has a NUTS 2 region (NUTS 2024, EU), a NACE section and answers to the eleven scored
questions of sme v1, drawn around a maturity of its own (a Beta(2, 3) propensity: ticks,
cells, scale steps and half-points are drawn with that probability; one in twenty
exclusive "none" items ticked alone).

Measured: scoring every assessment with the vectorised scorer (dihub.maturity.batch) and
aggregating per NUTS 2 region x sector (mean overall and per dimension, count per level),
median of --repeat runs. The baseline, measured in the same run: a plain Python loop
calling dihub.maturity.scoring.score() on each assessment's answers and aggregating in a
dict, timed on --sample assessments and extrapolated to all of them. The two paths are
checked on the sample: the same floats for every assessment, the same group figures.
"""

import argparse
import json
import sys
import time

import numpy as np

from dihub.maturity import batch, loader
from dihub.maturity.scoring import LEVELS, score
from dihub.regions.nuts import read_regions

from .machine import cpu_model
from .timing import median_of

TARGET_S = 5.0
TARGET_RATIO = 50.0
GEN_CHUNK = 100_000


def say(text):
    print(f"  [maturity] {text}", file=sys.stderr, flush=True)


def nuts2_codes() -> list[str]:
    return sorted(r.code for r in read_regions()
                  if r.level == 2 and r.scheme == "NUTS2024" and not r.code.endswith("ZZ"))


def synthetic(definition, n: int, seed: int):
    """(answers array (n, columns) int8, region index (n,), sector index (n,)), seeded."""
    lay = batch.layout(definition)
    rng = np.random.default_rng(seed)
    regions = rng.integers(0, len(nuts2_codes()), size=n, dtype=np.int32)
    sectors = rng.integers(0, len(definition.question("sector_primary").options), size=n,
                           dtype=np.int32)
    x = np.empty((n, len(lay.columns)), dtype=np.int8)
    top = lay.top.astype(np.int64)
    for start in range(0, n, GEN_CHUNK):
        m = min(GEN_CHUNK, n - start)
        p = rng.beta(2.0, 3.0, size=(m, 1))
        part = rng.binomial(top[None, :], p).astype(np.int8)
        for col, others in lay.exclusive:
            alone = rng.random(m) < 0.05
            part[:, col] = alone
            part[np.ix_(alone, others)] = 0
        x[start:start + m] = part
    return x, regions, sectors


def aggregate_vectorised(definition, x, regions, sectors, n_regions, n_sectors):
    """Score every row and sum per region x sector: counts, mean overall and dimensions,
    count per level."""
    found = batch.score_batch(definition, x)
    groups = n_regions * n_sectors
    group = regions.astype(np.int64) * n_sectors + sectors
    count = np.bincount(group, minlength=groups)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean_overall = np.bincount(group, weights=found.overall, minlength=groups) / count
        mean_dims = np.stack([np.bincount(group, weights=found.dimensions[:, d],
                                          minlength=groups)
                              for d in range(found.dimensions.shape[1])], axis=1) / count[:, None]
    levels = np.bincount(group * len(LEVELS) + found.level,
                         minlength=groups * len(LEVELS)).reshape(groups, len(LEVELS))
    return found, {"count": count, "overall": mean_overall, "dimensions": mean_dims,
                   "levels": levels}


def aggregate_loop(definition, many, regions, sectors):
    """The baseline: score() on each assessment, sums in a dict of lists."""
    groups, scores = {}, []
    level_index = {key: i for i, (key, _, _) in enumerate(LEVELS)}
    for answers, region, sector in zip(many, regions, sectors, strict=True):
        result = score(definition, answers)
        scores.append(result)
        g = groups.get((region, sector))
        if g is None:
            g = groups[(region, sector)] = [0, 0.0, [0.0] * len(result.dimensions),
                                            [0] * len(LEVELS)]
        g[0] += 1
        g[1] += result.overall
        for i, d in enumerate(result.dimensions):
            g[2][i] += d.score
        g[3][level_index[result.level]] += 1
    return scores, groups


def run(args) -> dict:
    definition = loader.get("sme", 1)
    codes = nuts2_codes()
    sector_keys = [o.key.upper() for o in definition.question("sector_primary").options]
    n = args.assessments

    start = time.perf_counter()
    x, regions, sectors = synthetic(definition, n, args.seed)
    gen_s = time.perf_counter() - start
    say(f"{n:,} synthetic assessments ({x.shape[1]} answer columns, {len(codes)} NUTS 2 "
        f"regions x {len(sector_keys)} sectors) generated in {gen_s:.1f} s")

    vec_s, (found, agg) = median_of(
        lambda: aggregate_vectorised(definition, x, regions, sectors, len(codes),
                                     len(sector_keys)), args.repeat)
    say(f"vectorised: score + aggregate {n:,} in {vec_s:.3f} s (median of {args.repeat})")
    score_s, _ = median_of(lambda: batch.score_batch(definition, x), args.repeat)

    sample = min(args.sample, n)
    start = time.perf_counter()
    many = [batch.decode(definition, row) for row in x[:sample]]
    decode_s = time.perf_counter() - start
    start = time.perf_counter()
    loop_scores, loop_groups = aggregate_loop(definition, many, regions[:sample].tolist(),
                                              sectors[:sample].tolist())
    loop_sample_s = time.perf_counter() - start
    loop_s = loop_sample_s * n / sample
    say(f"loop: score + aggregate {sample:,} in {loop_sample_s:.3f} s "
        f"(answers decoded beforehand in {decode_s:.1f} s, not timed)")

    # the two paths on the sample: identical floats per assessment, same group figures
    same = sum(
        1 for i, s in enumerate(loop_scores)
        if s.overall == found.overall[i] and batch.LEVEL_KEYS[found.level[i]] == s.level
        and all(d.score == found.dimensions[i, j] for j, d in enumerate(s.dimensions)))
    _, sample_agg = aggregate_vectorised(definition, x[:sample], regions[:sample],
                                         sectors[:sample], len(codes), len(sector_keys))
    worst = 0.0
    for (region, sector), (count, total, dims, levels) in loop_groups.items():
        g = region * len(sector_keys) + sector
        assert sample_agg["count"][g] == count and list(sample_agg["levels"][g]) == levels
        worst = max(worst, abs(sample_agg["overall"][g] - total / count),
                    *(abs(sample_agg["dimensions"][g, j] - v / count)
                      for j, v in enumerate(dims)))
    return {"n": n, "sample": sample, "generate_s": gen_s, "vectorised_s": vec_s,
            "score_only_s": score_s, "loop_sample_s": loop_sample_s, "loop_s": loop_s,
            "same": same, "groups_compared": len(loop_groups), "worst_group_diff": worst,
            "codes": codes, "sectors": sector_keys, "found": found, "agg": agg,
            "dimension_names": [d.name for d in definition.dimensions]}


def timing_table(r) -> str:
    ratio = r["loop_s"] / r["vectorised_s"]
    met_s = "met" if r["vectorised_s"] < TARGET_S else "MISSED"
    met_x = "met" if ratio >= TARGET_RATIO else "MISSED"
    rows = [
        ("figure", "seconds", "vs baseline"),
        (f"per-assessment loop, score() + dict sums ({r['sample']:,} timed: "
         f"{r['loop_sample_s']:.3f} s, x{r['n'] / r['sample']:g} extrapolated)",
         f"{r['loop_s']:9.3f}", "baseline"),
        ("vectorised, score_batch() only", f"{r['score_only_s']:9.3f}",
         f"{r['loop_s'] / r['score_only_s']:,.0f} times faster"),
        (f"vectorised, score_batch() + aggregation by NUTS 2 x sector (target < {TARGET_S:g} s:"
         f" {met_s})", f"{r['vectorised_s']:9.3f}",
         f"{ratio:,.0f} times faster (target >= {TARGET_RATIO:g}x: {met_x})"),
    ]
    return _table(rows)


def _table(rows) -> str:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip()
             for row in rows]
    lines.insert(1, "-" * max(len(line) for line in lines))
    return "\n".join(lines)


def results_tables(r, top: int) -> str:
    found, agg = r["found"], r["agg"]
    out = []
    rows = [("", "mean score", *[name for _, name, _ in LEVELS])]
    counts = np.bincount(found.level, minlength=len(LEVELS))
    rows.append(("overall", f"{found.overall.mean():.2f}",
                 *[f"{c:,} ({c / r['n']:.1%})" for c in counts]))
    dim_levels = found.dimension_levels()
    for j, name in enumerate(r["dimension_names"]):
        c = np.bincount(dim_levels[:, j], minlength=len(LEVELS))
        rows.append((name, f"{found.dimensions[:, j].mean():.2f}",
                     *[f"{v:,}" for v in c]))
    out.append(f"All {r['n']:,} assessments: mean score and count per level")
    out.append(_table(rows))

    count = agg["count"]
    smallest = min(50, int(count.max()))
    order = np.argsort(-np.where(count >= smallest, agg["overall"], -1), kind="stable")[:top]
    n_sectors = len(r["sectors"])
    short = ["strategy", "readiness", "human", "data", "AI", "green"]
    rows = [("NUTS 2", "sector", "n", "overall", *short, "Basic", "Avg", "Mod.adv", "Adv")]
    for g in order:
        rows.append((r["codes"][g // n_sectors], r["sectors"][g % n_sectors], f"{count[g]:,}",
                     f"{agg['overall'][g]:.2f}", *[f"{v:.1f}" for v in agg["dimensions"][g]],
                     *[f"{v:,}" for v in agg["levels"][g]]))
    filled = int((count > 0).sum())
    out.append("")
    out.append(f"Per NUTS 2 region x sector: {filled:,} groups with assessments (of "
               f"{len(count):,}, {count.min():,} to {count.max():,} each); the {top} highest "
               f"mean overall scores (groups of {smallest} or more); mean scores, then the "
               "count per level")
    out.append(_table(rows))
    return "\n".join(out)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m benchmarks.maturity", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--assessments", type=int, default=1_000_000)
    parser.add_argument("--sample", type=int, default=20_000,
                        help="assessments timed for the per-assessment loop (baseline)")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--repeat", type=int, default=3, help="vectorised runs (median)")
    parser.add_argument("--top", type=int, default=10, help="groups shown")
    parser.add_argument("--csv", help="also write every region x sector group to this file")
    parser.add_argument("--json", help="also write the timings to this file")
    args = parser.parse_args(argv)
    r = run(args)
    print(f"DMA benchmark: {r['n']:,} synthetic SME assessments (sme v1, seed {args.seed}), "
          f"{len(r['codes'])} NUTS 2 regions x {len(r['sectors'])} NACE sections; "
          f"{cpu_model()}")
    print(f"generating the answers: {r['generate_s']:.1f} s (not in the figures below)")
    print(timing_table(r))
    print(f"check on the {r['sample']:,} sampled assessments: {r['same']:,} of {r['sample']:,} "
          f"identical (overall, 6 dimensions, level); {r['groups_compared']:,} groups: same "
          f"counts per level, largest difference of a group mean {r['worst_group_diff']:.1e}")
    print()
    print(results_tables(r, args.top))
    if args.csv:
        write_csv(args.csv, r)
    if args.json:
        keep = ("n", "sample", "generate_s", "vectorised_s", "score_only_s", "loop_sample_s",
                "loop_s", "same", "groups_compared", "worst_group_diff")
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump({k: r[k] for k in keep} | {"cpu": cpu_model()}, f, indent=2)
    if r["same"] != r["sample"]:
        print("the two paths disagree", file=sys.stderr)
        return 1
    return 0


def write_csv(path, r):
    import csv

    agg, n_sectors = r["agg"], len(r["sectors"])
    with open(path, "w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(["nuts2", "sector", "n", "overall", *r["dimension_names"],
                      *[name for _, name, _ in LEVELS]])
        for g in np.flatnonzero(agg["count"]):
            out.writerow([r["codes"][g // n_sectors], r["sectors"][g % n_sectors],
                          int(agg["count"][g]), round(float(agg["overall"][g]), 3),
                          *[round(float(v), 3) for v in agg["dimensions"][g]],
                          *[int(v) for v in agg["levels"][g]]])


if __name__ == "__main__":
    sys.exit(main())

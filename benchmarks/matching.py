"""The matching benchmark: `python -m benchmarks.matching [--services 100000] [--needs 10000]`.

No database. A synthetic catalogue (seeded, so every run sees the same): hubs in 30
European cities, each with a few services scattered around it, 150 term ids (technologies
and sectors, a few popular, most rare), a few languages per hub, descriptions drawn from a
small vocabulary of domain words, prices, places left, DMA dimensions. Needs drawn the same
way: a company near one of the cities, a short text, a few technologies, usually an
assessment, sometimes a budget.

Measured: building the ServiceTable (once), then table.rank() for every need (median, p95,
total). The baseline, in the same run: rank_loop() (every pair through the per-pair
function, the corpus built beforehand, not timed) for the first --loop-needs needs. The two
are checked on those needs: the same services, scores, parts and explanations.
"""

import argparse
import json
import statistics
import sys
import time

import numpy as np

from dihub.services.matching import Need, ServiceFacts, ServiceTable, rank_loop

from .machine import cpu_model
from .timing import latency_summary, timed

TARGET_MS = 50.0
TARGET_RATIO = 50.0

CITIES = [  # country, language, lat, lon
    ("AT", "de", 48.21, 16.37), ("BE", "nl", 50.85, 4.35), ("BG", "bg", 42.70, 23.32),
    ("HR", "hr", 45.81, 15.98), ("CY", "el", 35.17, 33.36), ("CZ", "cs", 50.08, 14.44),
    ("DK", "da", 55.68, 12.57), ("EE", "et", 59.44, 24.75), ("FI", "fi", 60.17, 24.94),
    ("FR", "fr", 48.86, 2.35), ("DE", "de", 52.52, 13.40), ("GR", "el", 37.98, 23.73),
    ("HU", "hu", 47.50, 19.04), ("IE", "en", 53.35, -6.26), ("IT", "it", 41.90, 12.50),
    ("LV", "lv", 56.95, 24.11), ("LT", "lt", 54.69, 25.28), ("LU", "fr", 49.61, 6.13),
    ("MT", "mt", 35.90, 14.51), ("NL", "nl", 52.37, 4.90), ("PL", "pl", 52.23, 21.01),
    ("PT", "pt", 38.72, -9.14), ("RO", "ro", 44.43, 26.10), ("SK", "sk", 48.15, 17.11),
    ("SI", "sl", 46.06, 14.51), ("ES", "es", 40.42, -3.70), ("SE", "sv", 59.33, 18.07),
    ("NO", "no", 59.91, 10.75), ("IS", "is", 64.15, -21.94), ("CH", "de", 46.95, 7.45),
]
WORDS = """
artificial intelligence machine learning data analytics cloud computing cybersecurity
robotics automation sensors internet things digital twin simulation blockchain
manufacturing agriculture food logistics energy health construction tourism textile
retail mobility water waste circular green sustainable testing experimentation pilot
prototype laboratory training skills workshop course coaching mentoring investment
funding grants financing networking matchmaking ecosystem partners startups
companies public administration smart city platform software hardware edge computing
high performance quantum photonics additive printing laser inspection quality vision
language models chatbots process optimisation maintenance predictive supply chain
""".split()
CATEGORIES = ["test_before_invest", "skills_training", "investment", "ecosystem_networking"]
DIMENSIONS = ["digital_business_strategy", "digital_readiness", "human_centric_digitalisation",
              "data_management", "automation_ai", "green_digitalisation"]
TARGETS = ["sme", "small_midcap", "public_sector", "startup"]
SIZES = ["micro", "small", "medium", "large"]
N_TERMS = 150  # ids 1-120 technologies, 121-150 sectors
TECHS = np.arange(1, 121)
SECTORS = np.arange(121, N_TERMS + 1)


def say(text):
    print(f"  [matching] {text}", file=sys.stderr, flush=True)


def _zipf(n: int, a: float = 1.1) -> np.ndarray:
    p = 1.0 / np.arange(1, n + 1) ** a
    return p / p.sum()


class Draw:
    """Seeded draws of the catalogue's and the needs' facts."""

    def __init__(self, seed: int):
        self.rng = np.random.default_rng(seed)
        self.p_word = _zipf(len(WORDS), 0.9)
        self.p_tech = _zipf(len(TECHS))
        self.p_sector = _zipf(len(SECTORS), 0.8)

    def pick(self, values, k, p=None) -> list:
        k = min(k, len(values))
        return list(self.rng.choice(values, size=k, replace=False, p=p))

    def text(self, lo: int, hi: int) -> str:
        k = int(self.rng.integers(lo, hi + 1))
        return " ".join(self.rng.choice(WORDS, size=k, p=self.p_word))

    def place(self, city, spread: float) -> tuple[float, float]:
        _, _, lat, lon = city
        return (float(lat + self.rng.normal(0, spread)),
                float(lon + self.rng.normal(0, spread * 1.5)))

    def terms(self, lo_t, hi_t, lo_s, hi_s) -> tuple[frozenset, frozenset]:
        techs = self.pick(TECHS, int(self.rng.integers(lo_t, hi_t + 1)), self.p_tech)
        sectors = self.pick(SECTORS, int(self.rng.integers(lo_s, hi_s + 1)), self.p_sector)
        return frozenset(int(t) for t in techs), frozenset(int(s) for s in sectors)


def catalogue(n: int, seed: int) -> list[ServiceFacts]:
    d = Draw(seed)
    rng = d.rng
    out, hub = [], 0
    while len(out) < n:
        hub += 1
        city = CITIES[int(rng.integers(len(CITIES)))]
        country, language = city[0], city[1]
        lat, lon = d.place(city, 1.2)
        langs = {language} | ({"en"} if rng.random() < 0.7 else set())
        if rng.random() < 0.15:
            langs.add(str(rng.choice(["de", "fr", "es", "it"])))
        served = (frozenset({country, str(rng.choice([c[0] for c in CITIES]))})
                  if rng.random() < 0.2 else frozenset())
        cross_border = bool(rng.random() < 0.25)
        for _ in range(int(rng.integers(5, 60))):
            if len(out) == n:
                break
            techs, sectors = d.terms(1, 6, 0, 3)
            model = str(rng.choice(["free", "subsidised", "paid"], p=[0.4, 0.35, 0.25]))
            lo = None if model == "free" else float(rng.choice([0, 100, 500, 1000, 5000]))
            hi = None if lo is None else lo * float(rng.choice([1, 2, 5]))
            delivery = set(d.pick(["on_site", "remote", "at_company"],
                                  int(rng.integers(1, 3)), p=[0.5, 0.3, 0.2]))
            title = d.text(2, 5)
            out.append(ServiceFacts(
                id=len(out) + 1, hub_id=hub, title=title,
                text=f"{title} {d.text(10, 40)}",
                category=str(rng.choice(CATEGORIES, p=[0.4, 0.3, 0.1, 0.2])),
                technologies=techs, sectors=sectors,
                targets=frozenset(d.pick(TARGETS, 2)) if rng.random() < 0.4 else frozenset(),
                sizes=frozenset(d.pick(SIZES, 3)) if rng.random() < 0.2 else frozenset(),
                delivery=frozenset(delivery), languages=frozenset(langs), country=country,
                countries_served=served, cross_border=cross_border, price_model=model,
                price_min=lo, price_max=hi,
                capacity_left=(None if rng.random() < 0.7 else int(rng.integers(0, 20))),
                lat=lat, lon=lon,
                dimensions=frozenset(d.pick(DIMENSIONS, int(rng.integers(1, 4))))))
    return out


def needs(n: int, seed: int) -> list[Need]:
    d = Draw(seed + 1)
    rng = d.rng
    out = []
    for _ in range(n):
        city = CITIES[int(rng.integers(len(CITIES)))]
        lat, lon = d.place(city, 1.5)
        techs, sectors = d.terms(1, 4, 0, 2)
        gaps = ({k: round(float(rng.beta(2, 2)), 2) for k in DIMENSIONS}
                if rng.random() < 0.6 else {})
        out.append(Need(
            text=d.text(4, 15), technologies=techs, sectors=sectors,
            target=str(rng.choice(TARGETS, p=[0.8, 0.1, 0.05, 0.05])),
            size=str(rng.choice(SIZES, p=[0.4, 0.35, 0.2, 0.05])), country=city[0],
            lat=lat, lon=lon,
            languages=frozenset({city[1]} | ({"en"} if rng.random() < 0.5 else set())),
            budget=(None if rng.random() < 0.5 else float(rng.choice([0, 500, 2000, 10000]))),
            gaps=gaps, max_km=float(rng.choice([100, 300, 500], p=[0.2, 0.6, 0.2])),
            categories=(frozenset() if rng.random() < 0.7
                        else frozenset(d.pick(CATEGORIES, 2)))))
    return out


def run(args) -> dict:
    start = time.perf_counter()
    services = catalogue(args.services, args.seed)
    asked = needs(args.needs, args.seed)
    gen_s = time.perf_counter() - start
    say(f"{len(services):,} services of {services[-1].hub_id:,} hubs and {len(asked):,} needs "
        f"generated in {gen_s:.1f} s")

    build_s, table = timed(ServiceTable.build, services)
    say(f"table built in {build_s:.2f} s")
    samples, results, start = [], [], time.perf_counter()
    for i, need in enumerate(asked):
        seconds, found = timed(table.rank, need, args.limit)
        samples.append(seconds)
        if i < args.loop_needs:
            results.append(found)
    table_total_s = time.perf_counter() - start
    say(f"table: {len(asked):,} needs ranked in {table_total_s:.1f} s")

    loop_samples, same, empty = [], 0, 0
    for i, need in enumerate(asked[:args.loop_needs]):
        seconds, found = timed(rank_loop, need, table.services, args.limit, table.corpus)
        loop_samples.append(seconds)
        same += found == results[i]
        empty += not found
        say(f"loop: need {i + 1} of {args.loop_needs} in {seconds:.2f} s")
    return {"services": len(services), "hubs": services[-1].hub_id, "needs": len(asked),
            "limit": args.limit, "generate_s": gen_s, "build_s": build_s,
            "table": latency_summary(samples), "table_total_s": table_total_s,
            "loop": latency_summary(loop_samples), "same": same, "compared": len(loop_samples),
            "empty": empty, "found": statistics.mean(len(r) for r in results) if results else 0}


def _table(rows) -> str:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip()
             for row in rows]
    lines.insert(1, "-" * max(len(line) for line in lines))
    return "\n".join(lines)


def timing_table(r) -> str:
    t, loop = r["table"], r["loop"]
    ratio = loop["median_ms"] / t["median_ms"]
    met_ms = "met" if t["median_ms"] <= TARGET_MS and t["p95_ms"] <= TARGET_MS else "MISSED"
    met_x = "met" if ratio >= TARGET_RATIO else "MISSED"
    rows = [
        ("figure", "median ms", "p95 ms", "vs baseline"),
        (f"rank_loop(), per-pair Python loop ({loop['n']} needs)",
         f"{loop['median_ms']:10.2f}", f"{loop['p95_ms']:10.2f}", "baseline"),
        (f"ServiceTable.rank(), arrays ({t['n']:,} needs; target <= {TARGET_MS:g} ms: "
         f"{met_ms})", f"{t['median_ms']:10.2f}", f"{t['p95_ms']:10.2f}",
         f"{ratio:,.0f} times faster (target >= {TARGET_RATIO:g}x: {met_x})"),
    ]
    return _table(rows)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m benchmarks.matching", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--services", type=int, default=100_000)
    parser.add_argument("--needs", type=int, default=10_000)
    parser.add_argument("--loop-needs", type=int, default=20,
                        help="needs ranked by the per-pair loop too (baseline and check)")
    parser.add_argument("--limit", type=int, default=10, help="matches per need")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--json", help="also write the timings to this file")
    args = parser.parse_args(argv)
    args.loop_needs = max(1, min(args.loop_needs, args.needs))
    r = run(args)
    print(f"Matching benchmark: {r['services']:,} synthetic services of {r['hubs']:,} hubs, "
          f"{r['needs']:,} needs, top {r['limit']} (seed {args.seed}); {cpu_model()}")
    print(f"generating: {r['generate_s']:.1f} s; building the table once: {r['build_s']:.2f} s; "
          f"ranking every need with the table: {r['table_total_s']:.1f} s "
          "(not in the figures below)")
    print(timing_table(r))
    print(f"check on the {r['compared']} needs ranked both ways: {r['same']} of {r['compared']} "
          f"identical (services, scores, parts, explanations); {r['found']:.1f} matches per "
          f"need on average, {r['empty']} with none")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(r | {"cpu": cpu_model(), "seed": args.seed}, f, indent=2)
    if r["same"] != r["compared"]:
        print("the table and the loop disagree", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

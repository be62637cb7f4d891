"""python -m benchmarks [--db sqlite|postgres|both] [--hubs 100000] [--quick]

Runs each group of benchmarks in a child process on a fresh database, prints a
table with every figure's ratio to its baseline, and writes the results to
benchmarks/results/<timestamp>.json.
"""

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from . import machine, report
from .databases import DEFAULT_PG_SERVER, fresh_database, pg_available

GROUPS = ("baseline", "edih", "synthetic", "search")
RESULTS = Path(__file__).resolve().parent / "results"
ROOT = Path(__file__).resolve().parent.parent


def run_group(engine, group, args, pg_server) -> dict:
    with fresh_database(engine, group, pg_server) as env, tempfile.NamedTemporaryFile(
        suffix=".json"
    ) as out:
        command = [sys.executable, "-m", "benchmarks.suite", "--group", group,
                   "--hubs", str(args.hubs), "--seed", str(args.seed),
                   "--requests", str(args.requests), "--max-seconds", str(args.max_seconds),
                   "--search-sizes", args.search_sizes,
                   "--out", out.name]
        done = subprocess.run(command, cwd=ROOT, env={**_environ(), **env}, check=False)
        if done.returncode:
            return {"results": [{"key": group, "label": f"{group} benchmarks",
                                 "skipped": f"failed with exit code {done.returncode}"}]}
        return json.loads(Path(out.name).read_text())


def _environ():
    import os

    return {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DIHUB_VAR_DIR"}}


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m benchmarks",
                                     description="Import and latency benchmarks of dihub.")
    parser.add_argument("--db", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument("--hubs", type=int, default=100_000, help="synthetic hubs (default 100000)")
    parser.add_argument("--quick", action="store_true", help="small sizes: 2000 hubs, 10 requests")
    parser.add_argument("--requests", type=int, default=50, help="measured GETs per endpoint")
    parser.add_argument("--max-seconds", type=float, default=60.0,
                        help="time limit of the GETs of one endpoint")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--search-sizes", default="10000,100000",
                        help="hubs at which the search group measures (each capped by --hubs)")
    parser.add_argument("--pg-server", default=DEFAULT_PG_SERVER,
                        help="PostgreSQL server URL without a database name")
    parser.add_argument("--groups", default=",".join(GROUPS),
                        help=f"comma-separated subset of {','.join(GROUPS)}")
    parser.add_argument("--no-save", action="store_true", help="do not write the JSON results")
    args = parser.parse_args(argv)
    if args.quick:
        args.hubs, args.requests = min(args.hubs, 2000), min(args.requests, 10)
    groups = [g for g in args.groups.split(",") if g]
    if unknown := set(groups) - set(GROUPS):
        parser.error(f"unknown group(s) {', '.join(sorted(unknown))}")

    engines = ["sqlite", "postgres"] if args.db == "both" else [args.db]
    info = machine.describe()
    results = []
    for engine in engines:
        if engine == "postgres" and (reason := pg_available(args.pg_server)):
            print(f"PostgreSQL skipped: {reason}", file=sys.stderr)
            results.append({"db": engine, "key": "postgres", "label": "all benchmarks",
                            "skipped": f"no PostgreSQL at {args.pg_server}"})
            continue
        for group in groups:
            print(f"== {engine}: {group}", file=sys.stderr, flush=True)
            data = run_group(engine, group, args, args.pg_server)
            if data.get("database"):
                info[engine] = data["database"]
            results += [{"db": engine, **r} for r in data["results"]]

    report.add_ratios(results)
    print()
    print(report.machine_lines(info))
    print()
    print(report.table(results))
    if not args.no_save:
        RESULTS.mkdir(exist_ok=True)
        path = RESULTS / f"{time.strftime('%Y%m%d-%H%M%S')}.json"
        options = {k: v for k, v in vars(args).items() if k != "pg_server"}
        path.write_text(json.dumps({"machine": info, "options": options, "results": results},
                                   indent=1))
        print(f"\nresults written to {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

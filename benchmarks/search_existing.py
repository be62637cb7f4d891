"""The search group's measurements on a database that already holds the hubs (an earlier
import of the synthetic catalogue, same seed), without importing them again: the figures of
`--groups search` at one size, in minutes instead of the import's quarter of an hour.

    DATABASE_URL=sqlite:////path/100k.sqlite3 python -m benchmarks.search_existing [--map]

It migrates the database first, and renames one hub (the write-to-answer figure). Results
are printed, not saved.
"""

import argparse
import os
import sys
import tempfile


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m benchmarks.search_existing")
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--max-seconds", type=float, default=20.0)
    parser.add_argument("--map", action="store_true",
                        help="also GeoJSON, points and the map in Chromium")
    args = parser.parse_args(argv)
    if not os.environ.get("DATABASE_URL"):
        sys.exit("set DATABASE_URL to the database to measure")
    os.environ.setdefault("DIHUB_VAR_DIR", tempfile.mkdtemp(prefix="dihub-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dihub.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from dihub.catalogue.models import Hub

    from . import report
    from .search import measure_size

    call_command("migrate", verbosity=0, interactive=False)
    db = "postgres" if connection.vendor == "postgresql" else "sqlite"
    os.environ["DIHUB_BENCH_DB"] = db
    size = Hub.objects.filter(validation="published").count()
    results = measure_size(args, size, first=args.map)
    for row in results:
        row["db"] = db
    print(report.table(report.add_ratios(results)))


if __name__ == "__main__":
    main()

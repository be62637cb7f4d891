"""One group of benchmarks in one fresh database, run as a child process.

The parent (`python -m benchmarks`) sets DATABASE_URL and DIHUB_VAR_DIR before
this module starts Django, and reads the JSON it writes to --out.

    python -m benchmarks.suite --group baseline|edih|synthetic|search --hubs N --out FILE
"""

import argparse
import json
import os
import random
import sys
from pathlib import Path

from .timing import latency_summary, sample, timed

EDIH_FILE = (Path(__file__).resolve().parent.parent.parent / "shared" / "data"
             / "edih-catalogue-export-2025-05-05.xls")
BATCH = 500  # the importer writes in batches of this size too


def say(text):
    print(f"  [{os.environ.get('DIHUB_BENCH_DB', '?')}] {text}", file=sys.stderr, flush=True)


def setup():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dihub.settings")
    import django

    django.setup()
    from django.core.management import call_command

    seconds, _ = timed(call_command, "migrate", verbosity=0, interactive=False)
    say(f"migrated a fresh database in {seconds:.1f} s")


def geocoder_warm_up() -> list[dict]:
    """Load the geocoder's gazetteer before the imports, timed on its own, so that the
    first import does not pay for it (or for building it, on a machine without its cache)."""
    from dihub.regions import gazetteer

    cached = gazetteer.cache_path().is_file()
    seconds, _ = timed(gazetteer.load)
    how = "from its cache" if cached else "built, no cache yet"
    say(f"geocoder gazetteer loaded ({how}) in {seconds:.1f} s")
    return [result("gazetteer.load", "geocoder gazetteer first load", seconds)]


def database_version() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("select sqlite_version()")
            return f"SQLite {cursor.fetchone()[0]}"
        cursor.execute("show server_version")
        return f"PostgreSQL {cursor.fetchone()[0]}"


def result(key, label, seconds, rows=None, baseline="", **extra):
    data = {"key": key, "label": label, "seconds": seconds, "baseline": baseline, **extra}
    if rows is not None:
        data["rows"] = rows
        data["rows_per_s"] = rows / seconds if seconds else None
    return data


def skipped(key, label, reason):
    say(f"{label}: skipped, {reason}")
    return {"key": key, "label": label, "skipped": reason}


# -- baseline: raw inserts ------------------------------------------------------

def plain_hubs(records, prefix):
    """Hub rows with a record's own fields only: what a raw insert of the same hubs writes."""
    from dihub.catalogue.models import Hub
    from dihub.regions.models import Region

    regions = set(Region.objects.values_list("code", flat=True))
    return [
        Hub(slug=f"{prefix}-{i}", name=r.name[:300], title=r.title[:500],
            description=r.description, hub_type=r.hub_type or "other",
            status=r.status or "unknown", street=r.street, postcode=r.postcode[:20],
            city=r.city[:120], country=r.country, address_text=r.address_text[:500],
            lat=r.lat, lon=r.lon, region_id=r.region if r.region in regions else None,
            website=r.website, social=r.social)
        for i, r in enumerate(records)
    ]


def bulk_insert(hubs):
    from django.db import transaction

    from dihub.catalogue.models import Hub

    def insert():
        with transaction.atomic():
            Hub.objects.bulk_create(hubs, batch_size=BATCH)

    seconds, _ = timed(insert)
    return seconds


def baseline_group(args):
    from dihub.catalogue.synthetic import synthetic_records

    out = []
    if EDIH_FILE.exists():
        from dihub.catalogue.imports import import_records, read_file

        _, records = import_records(read_file(EDIH_FILE))
        seconds = bulk_insert(plain_hubs(records, "edih"))
        out.append(result("bulk.edih", "bulk_create of the EDIH hubs", seconds, len(records),
                          is_baseline=True))
        say(f"bulk_create of {len(records)} EDIH hubs: {seconds:.2f} s")
    records = list(synthetic_records(args.hubs, args.seed))
    seconds = bulk_insert(plain_hubs(records, "syn"))
    out.append(result("bulk.synthetic", f"bulk_create of {args.hubs} hubs", seconds, args.hubs,
                      is_baseline=True))
    say(f"bulk_create of {args.hubs} synthetic hubs: {seconds:.2f} s")
    return out


# -- imports --------------------------------------------------------------------

def edih_group(args):
    label = "EDIH import"
    if not EDIH_FILE.exists():
        return [skipped("import.edih", label, f"{EDIH_FILE} not found")]
    from dihub.catalogue.imports import import_file, import_records, read_file

    out = geocoder_warm_up()
    parse_s, (_, records) = timed(import_records, read_file(EDIH_FILE))
    rows = len(records)
    out += [result("parse.edih", "EDIH parse (no database)", parse_s, rows)]
    for key, what in (("import.edih", label), ("reimport.edih", "EDIH re-import")):
        seconds, report = timed(import_file, EDIH_FILE)
        out.append(result(key, what, seconds, rows, baseline="bulk.edih",
                          created=report.created, updated=report.updated,
                          unchanged=report.unchanged, rejected=report.rejected))
        say(f"{what}: {seconds:.2f} s, {report.created} created, {report.updated} updated, "
            f"{report.unchanged} unchanged")
    return out


def synthetic_group(args):
    from dihub.catalogue.importers.apply import run
    from dihub.catalogue.models import Hub
    from dihub.catalogue.synthetic import synthetic_records

    gen_s, records = timed(lambda: list(synthetic_records(args.hubs, args.seed)))
    say(f"generated {args.hubs} hubs in {gen_s:.1f} s")
    out = [result("generate.synthetic", f"generate {args.hubs} hubs (no database)", gen_s,
                  args.hubs)] + geocoder_warm_up()
    seconds, report = timed(run, records, file_name="synthetic", fmt="synthetic")
    del records
    hubs = Hub.objects.count()
    say(f"import of {args.hubs} hubs: {seconds:.1f} s, {report.created} created, {hubs} in the db")
    out.append(result("import.synthetic", f"import of {args.hubs} hubs", seconds, args.hubs,
                      baseline="bulk.synthetic", created=report.created, hubs_in_db=hubs))
    if args.requests:
        out += latencies(args.requests, args.seed, args.max_seconds)
    return out


# -- latencies -----------------------------------------------------------------

def latencies(requests, seed, max_seconds=60.0):
    """Median and p95 of GETs through Django's test client, in this process."""
    from django.conf import settings
    from django.test import Client
    from django.urls import clear_url_caches

    from dihub.catalogue.models import Hub

    settings.ROOT_URLCONF = "benchmarks.urls"  # the product's URLs plus a trivial view
    clear_url_caches()
    client = Client(HTTP_HOST="127.0.0.1", raise_request_exception=False)
    hubs = list(Hub.objects.order_by("pk").values_list("pk", "slug"))
    if not hubs:
        return [skipped("latency", "latencies", "no hubs in the database")]
    picked = random.Random(seed).sample(hubs, min(len(hubs), requests + 10))
    deep = deep_page(client, len(hubs))
    def hub(i):
        return picked[i % len(picked)]

    endpoints = [
        ("latency.trivial", "GET trivial JSON view (baseline)", lambda i: "/_bench/ping"),
        ("latency.fact_sheet", "GET /hubs/<slug>/", lambda i: f"/hubs/{hub(i)[1]}/"),
        ("latency.api_list", "GET /api/hubs (first page)", lambda i: "/api/hubs"),
        ("latency.api_list_deep", f"GET {deep or '/api/hubs deep page'}", lambda i: deep),
        ("latency.api_detail", "GET /api/hubs/{id}", lambda i: f"/api/hubs/{hub(i)[0]}"),
    ]
    out = []
    for key, label, url in endpoints:
        if not url(0):
            out.append(skipped(key, label, "could not find how /api/hubs pages"))
            continue
        status = client.get(url(0)).status_code
        if status != 200:
            out.append(skipped(key, label, f"{url(0)} answered HTTP {status}"))
            continue

        def get(i, url=url):
            response = client.get(url(i))
            if response.status_code != 200:
                raise RuntimeError(f"{url(i)} answered HTTP {response.status_code}")
            return response

        samples = sample(get, count=requests, max_seconds=max_seconds)
        summary = latency_summary(samples)
        first = key == "latency.trivial"
        out.append({"key": key, "label": label, "baseline": "" if first else "latency.trivial",
                    "is_baseline": first, "url": url(0), **summary})
        say(f"{label}: median {summary['median_ms']:.1f} ms, p95 {summary['p95_ms']:.1f} ms")
    return out


def deep_page(client, total) -> str:
    """The URL of a page of /api/hubs near the end of the list, however the API pages."""
    response = client.get("/api/hubs")
    if response.status_code != 200:
        return ""
    first = response.json()
    items = first.get("items", first.get("results")) if isinstance(first, dict) else first
    size = len(items or []) or 1
    count = first.get("count", total) if isinstance(first, dict) else total
    offset = max(0, (count - 1) // size * size)
    for url in (f"/api/hubs?page={offset // size + 1}", f"/api/hubs?offset={offset}"):
        page = client.get(url)
        if page.status_code == 200 and page.content != response.content:
            return url
    return ""


def search_group(args):
    from .search import search_group

    return search_group(args)


GROUPS = {"baseline": baseline_group, "edih": edih_group, "synthetic": synthetic_group,
          "search": search_group}


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m benchmarks.suite")
    parser.add_argument("--group", choices=sorted(GROUPS), required=True)
    parser.add_argument("--hubs", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--max-seconds", type=float, default=60.0)
    parser.add_argument("--search-sizes", default="10000,100000")
    parser.add_argument("--out", required=True)
    args = parser.parse_args(argv)
    setup()
    data = {"database": database_version(), "results": GROUPS[args.group](args)}
    Path(args.out).write_text(json.dumps(data, indent=1))


if __name__ == "__main__":
    main()

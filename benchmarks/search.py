"""The search group: GET /api/hubs over real HTTP, dihub against Datasette, and the map in
Chromium. Runs inside the child process of `benchmarks.suite` (Django set up, fresh database).

For each size (10,000 then 100,000 hubs by default) it imports the synthetic hubs up to that
size, starts `dihub serve` (waitress) on a free port of 127.0.0.1 and times each query type;
on SQLite it also copies the database, adds a denormalised `hubs` table for Datasette and
times the equivalent Datasette URL. At the first size it also times /api/hubs.geojson and
/api/hubs.points (gzipped and not) and
the search page in Chromium. Each query type gets at most 30 timed requests and 20 s (fewer
if --requests or --max-seconds say so), after 3 warm-up requests.
"""

import json
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from itertools import islice
from pathlib import Path

from . import search_index
from .timing import latency_summary, sample, timed

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu",
                 "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync"]
BROWSER_RUNS = 5
MAX_REQUESTS, MAX_SECONDS = 30, 20.0  # per query type and server, below --requests/--max-seconds
PAGE_SIZE = 24  # dihub's default page size; Datasette is asked for the same
# Words that occur in synthetic names, titles, descriptions or terms (see catalogue/synthetic.py)
WORDS = ["robotics", "health", "manufacturing", "energy", "tourism", "logistics", "agrifood",
         "university", "training", "investors", "mobility", "cybersecurity"]
COUNTRIES = ["IT", "DE", "ES", "FR", "PL", "NL", "BE", "PT", "HR", "SE"]
BOXES = [(5, 45, 15, 55), (-10, 36, 3, 44), (10, 40, 20, 48), (14, 49, 24, 55), (0, 48, 8, 53)]
PLACES = [(48.14, 11.58), (41.39, 2.17), (45.46, 9.19), (52.52, 13.40), (48.86, 2.35),
          (50.06, 19.94), (38.72, -9.14), (59.33, 18.07)]
KM_PER_DEGREE = 111.195  # as dihub.search.engine
# Datasette: every facet dihub returns, and a page of the same size
DS_FACETS = [("_facet", "country"), ("_facet", "nuts2"), ("_facet", "hub_type"),
             ("_facet", "status"), ("_facet_array", "technologies"),
             ("_facet_array", "sectors"), ("_facet_array", "services"),
             ("_facet_size", "max"), ("_size", str(PAGE_SIZE))]
DS_SETTINGS = {"suggest_facets": "off", "sql_time_limit_ms": "60000",
               "facet_time_limit_ms": "60000", "max_returned_rows": "1000"}


def say(text):
    print(f"  [{os.environ.get('DIHUB_BENCH_DB', '?')}] {text}", file=sys.stderr, flush=True)


def sizes_of(args) -> list[int]:
    sizes = {min(int(s), args.hubs) for s in str(args.search_sizes).split(",") if s.strip()}
    return sorted(sizes or {args.hubs})


def search_group(args):
    from dihub.catalogue.importers.apply import run
    from dihub.catalogue.synthetic import synthetic_records

    from .suite import geocoder_warm_up, result

    sizes = sizes_of(args)
    out = geocoder_warm_up()
    records, loaded = synthetic_records(sizes[-1], args.seed), 0
    for size in sizes:
        seconds, _ = timed(run, islice(records, size - loaded), file_name="synthetic",
                           fmt="synthetic")
        say(f"imported hubs {loaded + 1}-{size} in {seconds:.1f} s")
        out.append(result(f"search.import.{size}", f"import up to {size} hubs (search group)",
                          seconds, size - loaded))
        loaded = size
        out += measure_size(args, size, first=size == sizes[0])
    return out


def measure_size(args, size, first):
    from django.db import connection

    connection.close()  # the servers read the database on their own
    sqlite = connection.vendor == "sqlite"
    queries = query_types(size)
    rows, extra = [], []
    with dihub_server() as base:
        for key, label, dihub_url, _ in queries:
            rows.append(timed_gets(base, f"{key}.dihub", f"{label} (dihub)", dihub_url, args,
                                   baseline=f"{key}.datasette" if sqlite else ""))
        extra = search_index.measure(f"{size // 1000}k", queries, base)
        if first:
            extra += [geojson(base, size, args), points(base, size, args),
                      *browser(base, size)]
    if not sqlite:
        return rows + extra
    ds_rows = datasette(args, queries, size)
    return [r for pair in zip(ds_rows, rows, strict=True) for r in pair] + extra


# -- the query types --------------------------------------------------------------

def query_types(size):
    """(key, label, dihub URL of request i, Datasette URL of request i) per query type."""
    from dihub.taxonomy.models import Term

    tech = list(Term.objects.filter(kind="technology", hub_terms__isnull=False)
                .values_list("slug", flat=True).distinct().order_by("slug"))
    sect = list(Term.objects.filter(kind="sector", hub_terms__isnull=False)
                .values_list("slug", flat=True).distinct().order_by("slug"))

    def pick(values, i):
        return values[i % len(values)]

    def box(i):
        return pick(BOXES, i)

    def near(i):
        return pick(PLACES, i)

    ds = "/dihub/hubs.json"
    n = f"{size // 1000}k"
    return [
        (f"search.{n}.text", f"{n} text only", lambda i: url("/api/hubs", q=pick(WORDS, i)),
         lambda i: url(ds, _search=fts5(pick(WORDS, i)), _searchmode="raw")),
        (f"search.{n}.facets", f"{n} facets only (technology, country)",
         lambda i: url("/api/hubs", technology=pick(tech, i), country=pick(COUNTRIES, i)),
         lambda i: url(ds, technologies__arraycontains=pick(tech, i),
                       country=pick(COUNTRIES, i), _sort="name")),
        (f"search.{n}.text_facets", f"{n} text + two facets",
         lambda i: url("/api/hubs", q=pick(WORDS, i), technology=pick(tech, i + 3),
                       country=pick(COUNTRIES, i)),
         lambda i: url(ds, _search=fts5(pick(WORDS, i)), _searchmode="raw",
                       technologies__arraycontains=pick(tech, i + 3),
                       country=pick(COUNTRIES, i))),
        (f"search.{n}.bbox", f"{n} bbox",
         lambda i: url("/api/hubs", bbox=",".join(map(str, box(i)))),
         lambda i: url(ds, _where=bbox_sql(*box(i)), _sort="name")),
        (f"search.{n}.near", f"{n} near + radius_km=100",
         lambda i: url("/api/hubs", near=f"{near(i)[0]},{near(i)[1]}", radius_km=100),
         lambda i: url(ds, _where=near_sql(*near(i), 100))),
        (f"search.{n}.all_facets", f"{n} no filter, all facet counts",
         lambda i: url("/api/hubs"), lambda i: url(ds, _sort="name")),
        (f"search.{n}.many_filters", f"{n} four filters, all facet counts",
         lambda i: url("/api/hubs", technology=pick(tech, i), sector=pick(sect, i),
                       country=pick(COUNTRIES, i), type="dih"),
         lambda i: url(ds, technologies__arraycontains=pick(tech, i),
                       sectors__arraycontains=pick(sect, i), country=pick(COUNTRIES, i),
                       hub_type="dih", _sort="name")),
    ]


def url(path, **params):
    from urllib.parse import urlencode

    facets = DS_FACETS if path.endswith(".json") else []
    query = urlencode([*params.items(), *facets])
    return f"{path}?{query}" if query else path


def fts5(word):
    """dihub's own FTS5 expression for one word (dihub.search.fts._fts5_query)."""
    return f'("{word}" OR "{word}"*)'


def bbox_sql(w, s, e, n):
    return f"lat >= {s} and lat <= {n} and lon >= {w} and lon <= {e}"


def near_sql(lat0, lon0, km):
    """dihub's near filter (engine.hubs): a box, then the equirectangular distance."""
    import math

    kx = KM_PER_DEGREE * math.cos(math.radians(lat0))
    dlat, dlon = km / KM_PER_DEGREE, km / kx
    return (f"lat >= {lat0 - dlat} and lat <= {lat0 + dlat} and lon >= {lon0 - dlon} "
            f"and lon <= {lon0 + dlon} and ((lat - {lat0}) * {KM_PER_DEGREE}) * "
            f"((lat - {lat0}) * {KM_PER_DEGREE}) + ((lon - {lon0}) * {kx}) * "
            f"((lon - {lon0}) * {kx}) <= {km * km}")


# -- HTTP -------------------------------------------------------------------------------

def fetch(base, path, headers=None) -> bytes:
    request = urllib.request.Request(base + path, headers=headers or {})
    with urllib.request.urlopen(request, timeout=120) as response:
        return response.read()


def fetch_response(base, path, headers=None):
    """(status, headers, body as sent: urllib does not decompress); a 304 too."""
    request = urllib.request.Request(base + path, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as exc:
        if exc.code != 304:
            raise
        return exc.code, exc.headers, exc.read()


def timed_gets(base, key, label, path_of, args, baseline="", is_baseline=False):
    """Median and p95 of GETs of path_of(i), after 3 warm-ups; the first answer's count."""
    try:
        first = json.loads(fetch(base, path_of(0)))
    except (urllib.error.URLError, OSError, ValueError) as exc:
        return skipped(key, label, f"{path_of(0)}: {exc}")
    samples = sample(lambda i: fetch(base, path_of(i)), count=min(args.requests, MAX_REQUESTS),
                     warmup=3, max_seconds=min(args.max_seconds, MAX_SECONDS))
    summary = latency_summary(samples)
    count = first.get("count", first.get("filtered_table_rows_count"))
    say(f"{label}: median {summary['median_ms']:.1f} ms, p95 {summary['p95_ms']:.1f} ms, "
        f"{count} hubs found by {path_of(0)[:90]}")
    return {"key": key, "label": label, "baseline": baseline, "is_baseline": is_baseline,
            "url": path_of(0), "count": count, **summary}


def skipped(key, label, reason):
    say(f"{label}: skipped, {reason}")
    return {"key": key, "label": label, "skipped": reason}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def server(command, probe, env=None, log_name="server"):
    """Start command (it gets {port}), wait until GET probe answers, yield the base URL, and
    stop it whatever happens."""
    port = free_port()
    log = open(Path(os.environ["DIHUB_VAR_DIR"]) / f"{log_name}.log", "wb")
    process = subprocess.Popen([c.format(port=port) for c in command], stdout=log,
                               stderr=subprocess.STDOUT, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                fetch(base, probe)
                break
            except urllib.error.HTTPError:
                break  # it answers
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"{command[0]} did not start: see {log.name}") from None
                time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def dihub_server():
    return server([sys.executable, "-m", "dihub.cli", "serve", "--port", "{port}"],
                  "/api/hubs/suggest?q=ab", log_name="dihub")


# -- /api/hubs.geojson and the map in Chromium --------------------------------------------

def geojson(base, size, args):
    key, label = "search.geojson", f"GET /api/hubs.geojson, {size} hubs"
    body = fetch(base, "/api/hubs.geojson")
    features = len(json.loads(body)["features"])
    samples = sample(lambda i: fetch(base, "/api/hubs.geojson"), count=min(args.requests, 20),
                     warmup=2, max_seconds=args.max_seconds)
    summary = latency_summary(samples)
    say(f"{label}: median {summary['median_ms']:.0f} ms, {len(body) / 1e6:.2f} MB, "
        f"{features} features")
    return {"key": key, "label": label, "bytes": len(body), "features": features, **summary}


GZIP = {"Accept-Encoding": "gzip"}


def points(base, size, args):
    """/api/hubs.points as the map asks for it: bytes on the wire with gzip, bytes of the
    JSON itself, median of gzipped GETs, and of revalidations with the ETag (304)."""
    import gzip

    key, label = "search.points", f"GET /api/hubs.points, gzip, {size} hubs"
    plain = fetch(base, "/api/hubs.points")
    status, headers, wire = fetch_response(base, "/api/hubs.points", GZIP)
    if headers.get("Content-Encoding") != "gzip" or gzip.decompress(wire) != plain:
        return skipped(key, label, "the gzipped answer is not the JSON answer gzipped")
    count = json.loads(plain)["count"]
    samples = sample(lambda i: fetch(base, "/api/hubs.points", GZIP),
                     count=min(args.requests, 20), warmup=2, max_seconds=args.max_seconds)
    summary = latency_summary(samples)
    again = {**GZIP, "If-None-Match": headers["ETag"]}
    if fetch_response(base, "/api/hubs.points", again)[0] != 304:
        return skipped(key, label, "If-None-Match with the ETag did not answer 304")
    revalidate = latency_summary(sample(
        lambda i: fetch_response(base, "/api/hubs.points", again), count=min(args.requests, 20),
        warmup=2, max_seconds=args.max_seconds))
    say(f"{label}: median {summary['median_ms']:.1f} ms, p95 {summary['p95_ms']:.1f} ms, "
        f"{len(wire) / 1e6:.3f} MB on the wire, {len(plain) / 1e6:.3f} MB uncompressed, "
        f"{count} points; 304 revalidation median {revalidate['median_ms']:.1f} ms")
    return {"key": key, "label": label, "bytes": len(wire), "bytes_uncompressed": len(plain),
            "count": count, "revalidate_median_ms": revalidate["median_ms"],
            "revalidate_p95_ms": revalidate["p95_ms"], **summary}


# Polled every animation frame: notes when each attribute is first seen set.
MARKS = """() => {
  const box = document.getElementById('search-map');
  if (!box) return false;
  const m = window.__marks || (window.__marks = {});
  if (!m.points && /^(\\d+|failed)$/.test(box.dataset.points || ''))
    m.points = [performance.now(), box.dataset.points];
  if (!m.outlines && box.dataset.outlines === 'loaded') m.outlines = performance.now();
  return m.points && m.outlines ? m : false;
}"""
# The hubs the map shows: single pins plus the hubs each cluster stands for (as the tests).
MARKER_TOTAL = """() => {
  const pins = document.querySelectorAll('#search-map .leaflet-marker-icon.hub-pin').length;
  const clustered = [...document.querySelectorAll('#search-map .marker-cluster span')]
    .reduce((sum, s) => sum + Number(s.textContent), 0);
  return pins + clustered;
}"""


def browser(base, size):
    """Seconds from navigation start to /hubs/ to: the outlines drawn, data-points set, and
    every hub shown in the clusters; median of BROWSER_RUNS cold loads (a new context each)."""
    labels = {"outlines": f"browser: /hubs/ to country outlines ({size} hubs)",
              "points": f"browser: /hubs/ to data-points set ({size} hubs)",
              "clustered": f"browser: /hubs/ to all hubs clustered on the map ({size} hubs)"}
    if not CHROMIUM.exists():
        return [skipped(f"search.browser.{k}", v, f"{CHROMIUM} not found")
                for k, v in labels.items()]
    from playwright.sync_api import sync_playwright

    runs, failures = {k: [] for k in labels}, []
    try:
        with sync_playwright() as p:
            chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            try:
                for i in range(BROWSER_RUNS + 1):  # the first one warms the servers up
                    marks = load_map(chromium, base)
                    if marks.get("failed"):
                        failures.append(marks["failed"])
                    if i:
                        for k in labels:
                            runs[k].append(marks.get(k))
            finally:
                chromium.close()
    except Exception as exc:  # a browser that crashes is reported, not fatal
        failures.append(f"{exc.__class__.__name__}: {str(exc).splitlines()[0]}")
    out = []
    for k, label in labels.items():
        values = sorted(v for v in runs[k] if v is not None)
        if not values:
            reason = failures[0] if failures else "never happened within 60 s"
            out.append(skipped(f"search.browser.{k}", label, reason))
            continue
        median = values[len(values) // 2]
        say(f"{label}: median {median:.2f} s of {[round(v, 2) for v in values]}")
        out.append({"key": f"search.browser.{k}", "label": label, "seconds": median,
                    "runs": values, "n": len(values), "tried": BROWSER_RUNS})
    return out


def load_map(chromium, base) -> dict:
    """Seconds since navigation start of each mark; "failed" says why points are missing."""
    context = chromium.new_context()
    try:
        page = context.new_page()
        errors = []
        page.on("console", lambda m: errors.append(m.text) if m.type in ("error", "warning")
                else None)
        page.goto(f"{base}/hubs/")
        got = page.wait_for_function(MARKS, polling="raf", timeout=60000).json_value()
        marks = {"outlines": got["outlines"] / 1000}
        at, points = got["points"]
        if points == "failed":
            return {**marks, "failed": "the map did not load the points: "
                    + "; ".join(errors or ["data-points=failed"])}
        marks["points"] = at / 1000
        try:
            page.wait_for_function(f"() => ({MARKER_TOTAL})() === {points}", polling="raf",
                                   timeout=60000)
            marks["clustered"] = page.evaluate("performance.now()") / 1000
        except Exception as exc:  # reported as missing, not fatal
            say(f"map: the clusters never showed {points} hubs ({exc.__class__.__name__})")
        return marks
    finally:
        context.close()


# -- Datasette ------------------------------------------------------------------------

DENORMALISE = """
CREATE TABLE hubs (id INTEGER PRIMARY KEY, slug TEXT, name TEXT, title TEXT, hub_type TEXT,
  status TEXT, country TEXT, region TEXT, nuts2 TEXT, city TEXT, lat REAL, lon REAL,
  technologies TEXT, sectors TEXT, services TEXT);
INSERT INTO hubs SELECT h.id, h.slug, h.name, h.title, h.hub_type, h.status, h.country,
  h.region_id, substr(h.region_id, 1, 4), h.city, h.lat, h.lon, {terms}
  FROM catalogue_hub h WHERE h.validation = 'published';
CREATE INDEX hubs_country ON hubs (country);
CREATE INDEX hubs_type_country ON hubs (hub_type, country);
CREATE INDEX hubs_name ON hubs (name, id);
CREATE INDEX hubs_nuts2 ON hubs (nuts2);
ANALYZE;
"""
TERMS = ("(SELECT json_group_array(t.slug) FROM catalogue_hubterm ht JOIN taxonomy_term t "
         "ON t.id = ht.term_id WHERE ht.hub_id = h.id AND t.kind = '{kind}')")


def datasette_copy(folder) -> Path:
    """A copy of the dihub database with a denormalised `hubs` table: one row per published
    hub, its term slugs as JSON arrays (for _facet_array), indexes like catalogue_hub's."""
    from django.conf import settings

    source, copy = settings.DATABASES["default"]["NAME"], Path(folder) / "dihub.db"
    with sqlite3.connect(source) as src, sqlite3.connect(copy) as dst:
        src.backup(dst)
    terms = ", ".join(TERMS.format(kind=k) for k in ("technology", "sector", "service"))
    with sqlite3.connect(copy) as db:
        db.executescript(DENORMALISE.format(terms=terms))
    return copy


def datasette(args, queries, size):
    labels = [(f"{key}.datasette", f"{label} (Datasette)") for key, label, _, _ in queries]
    command = shutil.which("datasette", path=str(Path(sys.executable).parent))
    if not command:
        return [skipped(k, label, "datasette is not installed (pip install datasette)")
                for k, label in labels]
    folder = Path(os.environ["DIHUB_VAR_DIR"]) / f"datasette-{size}"
    folder.mkdir()
    seconds, copy = timed(datasette_copy, folder)
    say(f"Datasette copy with its denormalised hubs table built in {seconds:.1f} s")
    metadata = folder / "metadata.json"
    metadata.write_text(json.dumps({"databases": {"dihub": {"tables": {
        "hubs": {"fts_table": "search_fts", "fts_pk": "id"}}}}}))
    settings = [a for k, v in DS_SETTINGS.items() for a in ("--setting", k, v)]
    out = []
    try:
        with server([command, "serve", str(copy), "--host", "127.0.0.1", "--port", "{port}",
                     "--metadata", str(metadata), *settings], "/-/versions.json",
                    log_name=f"datasette-{size}") as base:
            for (key, label), (_, _, _, ds_url) in zip(labels, queries, strict=True):
                out.append(timed_gets(base, key, label, ds_url, args, is_baseline=True))
    except RuntimeError as exc:
        return [skipped(k, label, str(exc)) for k, label in labels]
    finally:
        copy.unlink(missing_ok=True)
    return out

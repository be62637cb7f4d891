"""The search engine in the process, without HTTP: each query type through engine.run (bitmap
index, facets and page) against the bare SQL of the same filter without facets (count and
first page, as dihub answered before the index); the index's rebuild; and how soon a
server answers with a hub just changed. Called by benchmarks.search for each size."""

import json
import time
import urllib.request
from urllib.parse import urlencode, urlsplit

from django.db.models import F, Q
from django.db.models.expressions import RawSQL
from django.http import QueryDict
from django.utils.translation import get_language

from .timing import latency_summary, sample, timed

RUNS = 15


def measure(n, queries, base):
    """Rows for the benchmark table: rebuild, engine vs bare SQL per query, write to answer."""
    from dihub.search import engine, state

    seconds, index = timed(state.rebuilt)
    out = [{"key": f"search.{n}.rebuild", "label": f"{n} rebuild of the bitmap index "
            f"({len(index.published)} hubs)", "seconds": seconds}]
    state.current()
    engine.run(_params("/api/hubs?q=warmup"))  # the process's first translations, URLs...
    for key, label, dihub_url, _ in queries:
        asked = [_params(dihub_url(i)) for i in range(RUNS)]
        bare = _summary(lambda i, asked=asked: count_and_page(asked[i]))
        ours = _summary(lambda i, asked=asked: engine.run(asked[i]))
        out += [{"key": f"{key}.sql", "label": f"{label} (bare SQL, no facets)",
                 "is_baseline": True, **bare},
                {"key": f"{key}.engine", "label": f"{label} (engine, all facets)",
                 "baseline": f"{key}.sql", **ours}]
    out.append(after_a_write(n, base))
    return out


def _params(url):
    from dihub.search.filters import SearchParams

    return SearchParams.from_query(QueryDict(urlsplit(url).query))


def _summary(run) -> dict:
    """Median and p95 of RUNS calls run(i), each query of the rotation once, no warm-up:
    the engine's first answer for a word pays its full-text query, later ones use the
    index's cache of it, as a server does."""
    return latency_summary(sample(run, count=RUNS, warmup=0))


def after_a_write(n, base, times=5):
    """A hub renamed in this process, then the server's first answer to a search for the
    new name: it must find it (the server patched its index within that request)."""
    from dihub.catalogue.models import Hub

    samples = []
    hub = Hub.objects.filter(validation="published").order_by("id").first()
    for i in range(times):
        word = f"renamedhub{i}x{int(time.time())}"
        hub.name = f"{word} hub"
        hub.save()
        start = time.perf_counter()
        with urllib.request.urlopen(f"{base}/api/hubs?{urlencode({'q': word})}") as answer:
            found = json.loads(answer.read())["count"]
        samples.append(time.perf_counter() - start)
        assert found == 1, f"the server did not see the change: {found} hubs for {word}"
    return {"key": f"search.{n}.after_write", "label": f"{n} first answer after a write "
            "(found, index patched)", **latency_summary(samples)}


# -- the bare SQL: dihub's search before the bitmap index, without its facets ---------------

def count_and_page(params):
    from dihub.search import engine, fts
    from dihub.search.text import words

    qs = sql_hubs(params)
    count = qs.count()
    if params.effective_sort == "relevance":
        sql, sql_params = qs.values("id").query.sql_with_params()
        return count, ranked(fts.backend(), words(params.q), sql, sql_params)
    if params.effective_sort == "distance":
        ordered = qs.alias(dist=_d2(*params.near_point, engine)).order_by("dist", "name", "id")
    else:
        ordered = qs.order_by("name", "slug")
    return count, list(ordered.values_list("id", flat=True)[: params.page_size])


def ranked(backend, query_words, ids_sql, ids_params, limit=24):
    from django.db import connection

    lang = get_language()
    if connection.vendor == "sqlite":
        from dihub.search.fts import _fts5_query

        w = ", ".join(str(x) for x in backend.weights)
        sql = (f"SELECT rowid FROM {backend.table} WHERE {backend.table} MATCH %s AND +rowid "
               f"IN ({ids_sql}) ORDER BY bm25({backend.table}, {w}), rowid LIMIT %s")
        args = [_fts5_query(query_words, lang), *ids_params, limit]
    else:
        query, qparams = backend._query(query_words, lang)
        sql = (f"SELECT hub_id FROM {backend.table}, (SELECT {query} AS query) q WHERE "
               f"document @@ q.query AND hub_id IN ({ids_sql}) ORDER BY "
               "ts_rank_cd('{0.05, 0.1, 0.3, 1.0}', document, q.query) DESC, hub_id LIMIT %s")
        args = [*qparams, *ids_params, limit]
    with connection.cursor() as cursor:
        cursor.execute(sql, args)
        return [r[0] for r in cursor.fetchall()]


def _match(query_words):
    from django.db import connection

    from dihub.search import fts

    backend = fts.backend()
    lang = get_language()
    if connection.vendor == "sqlite":
        return (f"SELECT rowid FROM {backend.table} WHERE {backend.table} MATCH %s",
                [fts._fts5_query(query_words, lang)])
    query, params = backend._query(query_words, lang)
    return f"SELECT hub_id FROM {backend.table} WHERE document @@ ({query})", params


def sql_hubs(params):
    """The published hubs matching params, as one SQL query."""
    from dihub.catalogue.models import Hub, HubTerm, ServiceLanguage, Validation
    from dihub.search import engine
    from dihub.search.filters import TERM_KINDS
    from dihub.search.text import words

    qs = Hub.objects.filter(validation=Validation.PUBLISHED)
    if words(params.q):
        qs = qs.filter(id__in=RawSQL(*_match(words(params.q))))
    for kind in TERM_KINDS:
        if kind in params.term_ids:
            links = HubTerm.objects.filter(term_id__in=params.term_ids[kind])
            if params.min_level is not None:
                links = links.filter(level__gte=params.min_level)
            qs = qs.filter(id__in=links.values("hub_id"))
    if params.country:
        qs = qs.filter(country__in=params.country)
    if params.region:
        qs = qs.filter(region__code__startswith=params.region)
    for name, field in (("type", "hub_type"), ("status", "status")):
        if getattr(params, name):
            qs = qs.filter(**{field: getattr(params, name)})
    if params.language:
        qs = qs.filter(id__in=ServiceLanguage.objects.filter(code__in=params.language)
                       .values("hub_id"))
    if params.bbox:
        w, s, e, n = params.bbox
        qs = qs.filter(lat__gte=s, lat__lte=n)
        qs = qs.filter(lon__gte=w, lon__lte=e) if w <= e else qs.filter(
            Q(lon__gte=w) | Q(lon__lte=e))
    if params.near_point:
        lat0, lon0 = params.near_point
        r = params.radius_km
        dlat, dlon = r / engine.KM_PER_DEGREE, r / max(engine.km_factor(lat0), 1e-6)
        qs = qs.filter(lat__gte=lat0 - dlat, lat__lte=lat0 + dlat,
                       lon__gte=lon0 - dlon, lon__lte=lon0 + dlon)
        qs = qs.alias(d2=_d2(lat0, lon0, engine)).filter(d2__lte=r * r)
    return qs


def _d2(lat0, lon0, engine):
    dy = (F("lat") - lat0) * engine.KM_PER_DEGREE
    dx = (F("lon") - lon0) * engine.km_factor(lat0)
    return dy * dy + dx * dx

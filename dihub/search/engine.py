"""The search: hubs matching SearchParams, a page of compact results, facets, GeoJSON.

Filters and facets run on the bitmap index (state.current()), the text on the database's
full-text index (fts.py), pages in the database's own orders; the hubs of a page are read
from the database."""

import math
from dataclasses import dataclass

import numpy as np
from django.db import connection
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from pyroaring import BitMap

from dihub.catalogue.models import Hub, HubTerm
from dihub.regions.models import Region

from . import fts, orders, state
from .bitmaps import bitmap, ids_of
from .filters import TERM_KINDS, BadParameter, SearchParams
from .text import plain, snippet, words

KM_PER_DEGREE = 111.195


@dataclass
class SearchResult:
    count: int
    results: list
    facets: dict
    page: int
    page_size: int


def km_factor(lat0):
    """km per degree of longitude at lat0 (equirectangular, as the SQL filter uses)."""
    return KM_PER_DEGREE * math.cos(math.radians(lat0))


def distance_km(lat0, lon0, lat, lon):
    dx = (lon - lon0) * km_factor(lat0)
    dy = (lat - lat0) * KM_PER_DEGREE
    return math.hypot(dx, dy)


def matching(params: SearchParams, leave_out: str = "", index=None) -> BitMap:
    """The published hubs matching every filter of params but `leave_out`, as a bitmap."""
    index = index or state.current()
    return BitMap.intersection(index.published, *_filters(params, index, leave_out))


def _filters(params, index, leave_out):
    if words(params.q) and leave_out != "q":
        yield _text(params, index)
    for kind in TERM_KINDS:
        if kind in params.term_ids and kind != leave_out:
            yield BitMap.union(BitMap(), *(index.with_term(t, params.min_level)
                                           for t in params.term_ids[kind]))
    if params.min_level is not None and not params.term_ids:
        yield index.with_any_term(params.min_level)
    if params.country and leave_out != "country":
        yield index.union(("country", c) for c in params.country)
    if params.region and leave_out != "region":
        yield index.get("region", params.region)
    if params.type and leave_out != "type":
        yield index.get("type", params.type)
    if params.status and leave_out != "status":
        yield index.get("status", params.status)
    if params.language and leave_out != "language":
        yield index.union(("language", c) for c in params.language)
    if params.bbox and leave_out != "bbox":
        w, s, e, n = params.bbox
        yield index.in_box(s, n, w, e)
    if params.near_point and leave_out != "near":
        lat0, lon0 = params.near_point
        yield index.near(lat0, lon0, params.radius_km, KM_PER_DEGREE, km_factor(lat0))


def _text(params, index) -> BitMap:
    """The hubs with the query's words, once per index and language."""
    key = ("text", tuple(words(params.q)), get_language())
    return index.cached(key, lambda: bitmap(fts.backend().matching(list(key[1]), key[2])))


def run(params: SearchParams) -> SearchResult:
    """A page of results, their count and the facets. BadParameter past the last page."""
    from .facets import facets

    index = state.current()
    found = matching(params, index=index)
    count = len(found)
    last = max(1, math.ceil(count / params.page_size))
    if params.page > last:
        raise BadParameter("page", _("page %(page)s does not exist: the last page is %(last)s")
                           % {"page": params.page, "last": last}, [str(last)], status=404)
    ids = page_ids(params, found, index)
    parts = params.query_parts()
    filters = tuple(parts[k] for k in parts if k not in ("sort", "page", "page_size"))
    counted = index.cached(("facets", get_language(), filters), lambda: facets(params, index))
    return SearchResult(count=count, results=compact(params, ids, index), facets=counted,
                        page=params.page, page_size=params.page_size)


def page_ids(params, found: BitMap, index=None) -> list[int]:
    """The ids of the page of params among the hubs found, in the order params ask."""
    index = index or state.current()
    start, size = (params.page - 1) * params.page_size, params.page_size
    sort = params.effective_sort
    if sort == "relevance" and words(params.q):
        return _page_of(_ranked(params, index), found, index, start, size)
    if sort == "distance" and params.near_point:
        ids = ids_of(found)
        lat0, lon0 = params.near_point
        d2 = index.d2(ids, lat0, lon0, KM_PER_DEGREE, km_factor(lat0))
        by_name = orders.rank(index, "name,id")
        order = ids[np.lexsort((ids, by_name[ids], d2))]
        return order[start : start + size].tolist()
    return _page_of(orders.order(index, "updated" if sort == "updated" else "name"), found,
                    index, start, size)


def _page_of(order: np.ndarray, found: BitMap, index, start, size) -> list[int]:
    """The hubs of found in this order (hub ids, best first), from start."""
    mask = index.mask(found)
    order = order[order < len(mask)]
    return order[mask[order]][start : start + size].tolist()


def _ranked(params, index) -> np.ndarray:
    """Every hub with the query's words, best first: one query per index and language;
    a filtered page keeps this order (what ranking among the filtered hubs gives)."""
    key = ("ranked", tuple(words(params.q)), get_language())
    return index.cached(key, lambda: np.array(fts.backend().ordered(list(key[1]), key[2]),
                                              dtype=np.int32))


PAGE_COLUMNS = ("id", "slug", "name", "title", "hub_type", "status", "country", "region_id",
                "city", "lat", "lon", "description")


def compact(params, ids, index=None):
    """Compact result dicts for these hub ids, in this order: two plain SQL queries (the
    ORM would take longer to write them than the database to answer), term names from
    the index."""
    from django.urls import reverse

    if not ids:
        return []
    index = index or state.current()
    marks = ", ".join(["%s"] * len(ids))
    hub, region = Hub._meta.db_table, Region._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join('h.' + c for c in PAGE_COLUMNS)}, r.name "
                       f"FROM {hub} h LEFT JOIN {region} r ON r.code = h.region_id "
                       f"WHERE h.id IN ({marks})", ids)
        rows = {r[0]: r for r in cursor.fetchall()}
        cursor.execute(f"SELECT hub_id, term_id, level FROM {HubTerm._meta.db_table} "
                       f"WHERE hub_id IN ({marks})", ids)
        links = cursor.fetchall()
    terms = {hub_id: {kind: [] for kind in TERM_KINDS} for hub_id in rows}
    named = [(hub_id, *index.terms.get(term_id, ("", "", ""))[::2], level)
             for hub_id, term_id, level in links]
    for hub_id, kind, name, _level in sorted(named, key=lambda t: (-(t[3] or 0), t[2])):
        names = terms[hub_id].get(kind)
        if names is not None and name not in names:
            names.append(name)
    base = reverse("hub-detail", args=["x"])[:-2]
    query_words = words(params.q)
    return [result_dict(rows[i], terms[i], params, query_words, base) for i in ids if i in rows]


def result_dict(row, terms, params, query_words, base):
    (hub_id, slug, name, title, hub_type, status, country, region, city, lat, lon, description,
     region_name) = row
    dist = None
    if params.near_point and lat is not None and lon is not None:
        dist = round(distance_km(*params.near_point, lat, lon), 1)
    return {
        "id": hub_id, "slug": slug, "name": name, "title": title, "type": hub_type,
        "status": status, "country": country,
        "region": {"code": region, "name": region_name} if region else None,
        "city": city, "lat": lat, "lon": lon, "distance_km": dist,
        "technologies": terms["technology"], "sectors": terms["sector"],
        "services": terms["service"],
        "snippet": snippet(plain(description), query_words),  # name, title shown beside
        "url": f"{base}{slug}/",
    }


def located(params: SearchParams, index=None):
    """(id, slug, name, type, lat, lon) of the matching hubs with coordinates, in id order,
    from the index: what the map's answers hold."""
    index = index or state.current()
    for hub_id in ids_of(matching(params, index=index)).tolist():
        _country, _region, hub_type, _status, lat, lon, name, slug = index.hubs[hub_id]
        if lat is not None and lon is not None:
            yield hub_id, slug, name, hub_type, lat, lon


def geojson(params: SearchParams) -> dict:
    """Every matching hub with coordinates (not paged), compact, for the map."""
    from django.urls import reverse

    base = reverse("hub-detail", args=["x"])[:-2]
    features = [
        {"type": "Feature", "id": i,
         "geometry": {"type": "Point", "coordinates": [round(lon, 5), round(lat, 5)]},
         "properties": {"id": i, "slug": slug, "name": name, "type": t, "url": f"{base}{slug}/"}}
        for i, slug, name, t, lat, lon in located(params)]
    return {"type": "FeatureCollection", "features": features}

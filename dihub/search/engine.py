"""The search: hubs matching SearchParams, a page of compact results, facets, GeoJSON."""

import math
from dataclasses import dataclass

from django.db.models import F, Q
from django.db.models.expressions import RawSQL
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from dihub.catalogue.models import Hub, HubTerm, ServiceLanguage, Validation

from . import fts
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


def hubs(params: SearchParams, leave_out: str = ""):
    """Published hubs matching every filter of params but `leave_out`."""
    qs = Hub.objects.filter(validation=Validation.PUBLISHED)
    query_words = words(params.q)
    if query_words and leave_out != "q":
        sql, sql_params = fts.backend().match(query_words, get_language())
        qs = qs.filter(id__in=RawSQL(sql, sql_params))
    for kind in TERM_KINDS:
        if kind in params.term_ids and kind != leave_out:
            links = HubTerm.objects.filter(term_id__in=params.term_ids[kind])
            if params.min_level is not None:
                links = links.filter(level__gte=params.min_level)
            qs = qs.filter(id__in=links.values("hub_id"))
    if params.min_level is not None and not params.term_ids:
        qs = qs.filter(id__in=HubTerm.objects.filter(level__gte=params.min_level)
                       .values("hub_id"))
    if params.country and leave_out != "country":
        qs = qs.filter(country__in=params.country)
    if params.region and leave_out != "region":
        qs = qs.filter(region__code__startswith=params.region)
    if params.type and leave_out != "type":
        qs = qs.filter(hub_type=params.type)
    if params.status and leave_out != "status":
        qs = qs.filter(status=params.status)
    if params.language and leave_out != "language":
        qs = qs.filter(id__in=ServiceLanguage.objects.filter(code__in=params.language)
                       .values("hub_id"))
    if params.bbox and leave_out != "bbox":
        w, s, e, n = params.bbox
        qs = qs.filter(lat__gte=s, lat__lte=n)
        qs = qs.filter(lon__gte=w, lon__lte=e) if w <= e else qs.filter(
            Q(lon__gte=w) | Q(lon__lte=e))
    if params.near_point and leave_out != "near":
        lat0, lon0 = params.near_point
        r = params.radius_km
        dlat, dlon = r / KM_PER_DEGREE, r / max(km_factor(lat0), 1e-6)
        qs = qs.filter(lat__gte=lat0 - dlat, lat__lte=lat0 + dlat,
                       lon__gte=lon0 - dlon, lon__lte=lon0 + dlon)
        qs = qs.alias(d2=_d2(lat0, lon0)).filter(d2__lte=r * r)
    return qs


def _d2(lat0, lon0):
    dy = (F("lat") - lat0) * KM_PER_DEGREE
    dx = (F("lon") - lon0) * km_factor(lat0)
    return dy * dy + dx * dx


def run(params: SearchParams) -> SearchResult:
    """A page of results, their count and the facets. BadParameter past the last page."""
    from .facets import facets

    qs = hubs(params)
    count = qs.count()
    last = max(1, math.ceil(count / params.page_size))
    if params.page > last:
        raise BadParameter("page", _("page %(page)s does not exist: the last page is %(last)s")
                           % {"page": params.page, "last": last}, [str(last)], status=404)
    ids = page_ids(params, qs)
    return SearchResult(count=count, results=compact(params, ids), facets=facets(params),
                        page=params.page, page_size=params.page_size)


def page_ids(params, qs):
    start, size = (params.page - 1) * params.page_size, params.page_size
    sort = params.effective_sort
    query_words = words(params.q)
    if sort == "relevance" and query_words:
        sql, sql_params = qs.values("id").query.sql_with_params()
        return fts.backend().ranked(query_words, get_language(), sql, list(sql_params), size,
                                    start)
    if sort == "distance" and params.near_point:
        ordered = qs.alias(dist=_d2(*params.near_point)).order_by("dist", "name", "id")
    elif sort == "updated":
        ordered = qs.order_by("-updated_at", "name", "id")
    else:
        ordered = qs.order_by("name", "slug")
    return list(ordered.values_list("id", flat=True)[start : start + size])


def compact(params, ids):
    """Compact result dicts for these hub ids, in this order."""
    found = Hub.objects.filter(id__in=ids).select_related("region").prefetch_related(
        "hub_terms__term")
    by_id = {h.id: h for h in found}
    query_words = words(params.q)
    out = []
    for hub_id in ids:
        hub = by_id.get(hub_id)
        if hub is not None:
            out.append(result_dict(hub, params, query_words))
    return out


def result_dict(hub, params, query_words):
    terms = {kind: [] for kind in TERM_KINDS}
    for ht in sorted(hub.hub_terms.all(), key=lambda t: (-(t.level or 0), t.term.name)):
        names = terms[ht.term.kind]
        if ht.term.name not in names:
            names.append(ht.term.name)
    dist = None
    if params.near_point and hub.lat is not None and hub.lon is not None:
        dist = round(distance_km(*params.near_point, hub.lat, hub.lon), 1)
    text = plain(hub.description)  # name and title are shown beside it
    return {
        "id": hub.id,
        "slug": hub.slug,
        "name": hub.name,
        "title": hub.title,
        "type": hub.hub_type,
        "status": hub.status,
        "country": hub.country,
        "region": {"code": hub.region.code, "name": hub.region.name} if hub.region else None,
        "city": hub.city,
        "lat": hub.lat,
        "lon": hub.lon,
        "distance_km": dist,
        "technologies": terms["technology"],
        "sectors": terms["sector"],
        "services": terms["service"],
        "snippet": snippet(text, query_words),
        "url": hub.get_absolute_url(),
    }


def geojson(params: SearchParams) -> dict:
    """Every matching hub with coordinates (not paged), compact, for the map."""
    from django.urls import reverse

    rows = hubs(params).exclude(lat=None).exclude(lon=None).order_by("id").values_list(
        "id", "slug", "name", "hub_type", "lat", "lon")
    base = reverse("hub-detail", args=["x"])[:-2]
    features = [
        {"type": "Feature", "id": i,
         "geometry": {"type": "Point", "coordinates": [round(lon, 5), round(lat, 5)]},
         "properties": {"id": i, "slug": slug, "name": name, "type": t,
                        "url": f"{base}{slug}/"}}
        for i, slug, name, t, lat, lon in rows
    ]
    return {"type": "FeatureCollection", "features": features}

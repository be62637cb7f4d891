"""The search API: GET /api/hubs, /api/hubs.geojson, /api/hubs.points, /api/hubs/suggest.

The query string is read by SearchParams.from_query, the one definition the page uses too;
any bad value answers 400 with {"detail", "param", "suggestions"}.
"""

import json

from django.http import HttpResponse, HttpResponseNotModified
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.http import parse_etags
from ninja import Field, Router, Schema, Status

from dihub import params as P
from dihub.schemas import BadRequest, RegionRef

from . import engine, points
from .facets import selectable
from .filters import PARAMS, BadParameter, SearchParams
from .suggest import suggest as suggest_terms

JSON = "application/json; charset=utf-8"
router = Router(tags=["search"])
geo_router = Router(tags=["search"])
OPENAPI = P.openapi(*PARAMS)
PARAMS_DOC = ("Repeated values of one parameter are alternatives (OR), different parameters "
              "all apply (AND). Terms are matched by name or slug in either vocabulary and "
              "through the crosswalk.")


class FacetValue(Schema):
    value: str = Field(description="what the parameter takes: a slug, code or type")
    label: str
    count: int = Field(description="hubs found with this value, the facet's own filter "
                                   "left out")
    selected: bool = Field(description="whether the query chose it (by value or by label)")
    url: str = Field(description="this search with the value toggled, from page 1")


class HubHit(Schema):
    id: int
    slug: str
    name: str
    title: str
    type: str
    status: str
    country: str
    region: RegionRef | None
    city: str
    lat: float | None
    lon: float | None
    distance_km: float | None = Field(description="from the near place, when given")
    technologies: list[str]
    sectors: list[str]
    services: list[str]
    snippet: str = Field(description="HTML: matched words in <mark>, the rest escaped")
    url: str


class SearchPage(Schema):
    count: int
    page: int
    page_size: int
    results: list[HubHit]
    facets: dict[str, list[FacetValue]]


class Suggestion(Schema):
    label: str
    kind: str = Field(description="hub, technology, sector, service or place")
    value: str
    url: str | None = None


def bad(exc: BadParameter):
    return Status(exc.status, exc.as_dict())


@router.get("", response={200: SearchPage, 400: BadRequest, 404: BadRequest}, summary="Search hubs",
            url_name="hubs-list", description=PARAMS_DOC, openapi_extra=OPENAPI)
def search_hubs(request):
    """Published hubs matching the query, a page at a time, with facet counts."""
    try:
        params = SearchParams.from_query(request.GET)
        result = engine.run(params)
    except BadParameter as exc:
        return bad(exc)
    base = reverse("api-1:hubs-list") + "?"
    facets = {kind: [{"value": f["value"], "label": f["label"], "count": f["count"],
                      "selected": f["selected"], "url": base + f["query"]} for f in items]
              for kind, items in selectable(result.facets, params).items()}
    # written as it is: the dict has SearchPage's shape (tests validate it), and checking
    # it again on every search costs more than finding the hubs
    return HttpResponse(json.dumps({
        "count": result.count, "page": result.page, "page_size": result.page_size,
        "results": result.results, "facets": facets}), content_type=JSON)


@router.get("/suggest", response={200: list[Suggestion]}, summary="Suggestions while typing",
            url_name="hubs-suggest")
def suggest(request, q: str = ""):
    """Hub names, technologies, sectors, services and places starting with or containing q."""
    return suggest_terms(q)


@geo_router.get("/hubs.geojson", response={200: dict, 400: BadRequest},
                summary="Matching hubs as GeoJSON", url_name="hubs-geojson",
                description=PARAMS_DOC + " Not paged: every matching hub with coordinates.",
                openapi_extra=OPENAPI)
def hubs_geojson(request):
    """A FeatureCollection of every matching hub, compact properties, for the map."""
    try:
        params = SearchParams.from_query(request.GET)
        return engine.geojson(params)
    except BadParameter as exc:
        return bad(exc)


class HubPoints(Schema):
    """Columns: the i-th value of id, lat, lon, type, slug and name is the i-th hub."""

    count: int = Field(description="hubs found with coordinates: the length of each column")
    scale: int = Field(description="lat and lon are degrees x scale, rounded (100000: "
                                   "5 decimals)")
    types: list[str] = Field(description="the hub types that `type` indexes, every type "
                                         "in a fixed order")
    url: str = Field(description="a hub's fact-sheet is url + slug + '/'")
    id: list[int]
    lat: list[int] = Field(description="latitude x scale")
    lon: list[int] = Field(description="longitude x scale")
    type: list[int] = Field(description="index into types")
    slug: list[str]
    name: list[str]


POINTS_HEADERS = {
    "ETag": {"description": "a hash of the JSON body (weak, W/, when gzipped): send it back "
                            "in If-None-Match", "required": True, "schema": {"type": "string"}},
    "Cache-Control": {"description": "no-cache: revalidate every time (an edited hub shows "
                                     "at once)", "required": True,
                      "schema": {"type": "string"}},
}
POINTS_DOC = (PARAMS_DOC + " Not paged: every matching hub with coordinates, in id order, "
              "as columns (docs/api.md). Gzipped when Accept-Encoding allows gzip; "
              "If-None-Match with the ETag of the same answer gets 304 and no body.")


@geo_router.get("/hubs.points", response={200: HubPoints, 304: None, 400: BadRequest},
                summary="Matching hubs as compact map points", url_name="hubs-points",
                description=POINTS_DOC,
                openapi_extra={**OPENAPI, "responses": {
                    200: {"headers": POINTS_HEADERS},
                    304: {"description": "Not Modified: the ETag sent is the answer's",
                          "headers": POINTS_HEADERS}}})
def hubs_points(request):
    """The map's points: ids, coordinates, types, slugs and names in columns."""
    try:
        params = SearchParams.from_query(request.GET)
        answer = points.encoded(params)
    except BadParameter as exc:
        return bad(exc)
    return points_response(request, answer)


def points_response(request, answer: points.Encoded) -> HttpResponse:
    """The body, gzipped when the client takes gzip, with its ETag; 304 when the client
    already has it. The ETag is strong for the JSON, weak (W/) for its gzip (another
    representation of the same data, as Django's GZipMiddleware marks it)."""
    gzipped = answer.gzipped if answer.gzipped is not None and accepts_gzip(request) else None
    etag = f"W/{answer.etag}" if gzipped is not None else answer.etag
    if none_match(request, answer.etag):
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(gzipped if gzipped is not None else answer.body,
                                content_type="application/json")
        if gzipped is not None:
            response["Content-Encoding"] = "gzip"
    response["ETag"] = etag
    response["Cache-Control"] = "no-cache"
    patch_vary_headers(response, ("Accept-Encoding", "Accept-Language"))
    return response


def accepts_gzip(request) -> bool:
    """Whether Accept-Encoding allows gzip (by name, x-gzip or *, with a q above 0)."""
    quality = {}
    for part in request.META.get("HTTP_ACCEPT_ENCODING", "").split(","):
        coding, *options = (piece.strip() for piece in part.split(";"))
        q = 1.0
        for option in options:
            name, _, value = option.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if coding:
            quality[coding.lower()] = q
    found = next((quality[c] for c in ("gzip", "x-gzip", "*") if c in quality), 0.0)
    return found > 0


def none_match(request, etag: str) -> bool:
    """If-None-Match names this ETag (weak comparison, as RFC 9110 says for it) or is *."""
    given = parse_etags(request.headers.get("If-None-Match", ""))
    return "*" in given or etag in (tag.removeprefix("W/") for tag in given)

"""The search API: GET /api/hubs, /api/hubs.geojson, /api/hubs/suggest.

The query string is read by SearchParams.from_query, the one definition the page uses too;
any bad value answers 400 with {"detail", "param", "suggestions"}.
"""

from ninja import Field, Router, Schema, Status

from . import engine
from .filters import BadParameter, SearchParams
from .suggest import suggest as suggest_terms

router = Router(tags=["search"])
geo_router = Router(tags=["search"])

PARAMS_DOC = (
    "Parameters: q (full text), technology, sector, service (repeatable; name or slug of a "
    "term of either vocabulary, matched through the crosswalk), min_level (1-5), country "
    "(ISO code, repeatable), region (NUTS code, any level), type, status, "
    "bbox=west,south,east,north, near=<place name or lat,lon>, radius_km (default 50), "
    "sort=relevance|name|distance|updated, page, page_size (1-100)."
)


class BadRequest(Schema):
    detail: str
    param: str
    suggestions: list[str]


class FacetValue(Schema):
    value: str
    label: str
    count: int


class RegionRef(Schema):
    code: str
    name: str


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
    return Status(400, {"detail": str(exc), "param": exc.param, "suggestions": exc.suggestions})


@router.get("", response={200: SearchPage, 400: BadRequest}, summary="Search hubs",
            url_name="hubs-list", description=PARAMS_DOC)
def search_hubs(request):
    """Published hubs matching the query, a page at a time, with facet counts."""
    try:
        params = SearchParams.from_query(request.GET)
        result = engine.run(params)
    except BadParameter as exc:
        return bad(exc)
    return {"count": result.count, "page": result.page, "page_size": result.page_size,
            "results": result.results, "facets": result.facets}


@router.get("/suggest", response={200: list[Suggestion]}, summary="Suggestions while typing",
            url_name="hubs-suggest")
def suggest(request, q: str = ""):
    """Hub names, technologies, sectors, services and places starting with or containing q."""
    return suggest_terms(q)


@geo_router.get("/hubs.geojson", response={200: dict, 400: BadRequest},
                summary="Matching hubs as GeoJSON", url_name="hubs-geojson",
                description=PARAMS_DOC + " Not paged: every matching hub with coordinates.")
def hubs_geojson(request):
    """A FeatureCollection of every matching hub, compact properties, for the map."""
    try:
        params = SearchParams.from_query(request.GET)
        return engine.geojson(params)
    except BadParameter as exc:
        return bad(exc)

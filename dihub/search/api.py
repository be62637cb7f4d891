"""The search API: GET /api/hubs, /api/hubs.geojson, /api/hubs/suggest.

The query string is read by SearchParams.from_query, the one definition the page uses too;
any bad value answers 400 with {"detail", "param", "suggestions"}.
"""

from ninja import Field, Router, Schema, Status

from dihub.catalogue.models import HubType
from dihub.catalogue.models import Status as HubStatus

from . import engine
from .filters import MAX_PAGE_SIZE, MAX_RADIUS_KM, SORTS, TERM_KINDS, BadParameter, SearchParams
from .suggest import suggest as suggest_terms

router = Router(tags=["search"])
geo_router = Router(tags=["search"])

# (name, JSON schema, description): the query parameters SearchParams reads, for OpenAPI.
PARAMETERS = [
    ("q", {"type": "string", "maxLength": 200}, "full text"),
    *((kind, {"type": "array", "items": {"type": "string"}},
       f"{kind} name or slug, either vocabulary (repeatable, OR)") for kind in TERM_KINDS),
    ("min_level", {"type": "integer", "minimum": 1, "maximum": 5},
     "engagement level of the terms"),
    ("country", {"type": "array", "items": {"type": "string"}},
     "ISO 3166 alpha-2 code (repeatable, OR)"),
    ("region", {"type": "string"}, "NUTS code, any level"),
    ("type", {"type": "string", "enum": list(HubType.values)}, "hub type"),
    ("status", {"type": "string", "enum": list(HubStatus.values)}, "hub status"),
    ("bbox", {"type": "string"}, "west,south,east,north in degrees"),
    ("near", {"type": "string"}, "place name or lat,lon"),
    ("radius_km", {"type": "number", "exclusiveMinimum": 0, "maximum": MAX_RADIUS_KM},
     "radius around near, default 50"),
    ("sort", {"type": "string", "enum": list(SORTS)}, "order of the results"),
    ("page", {"type": "integer", "minimum": 1}, "page, from 1"),
    ("page_size", {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
     "results per page, default 24"),
]
OPENAPI = {"parameters": [
    {"in": "query", "name": name, "required": False, "schema": schema,
     "description": text, **({"style": "form", "explode": True}
                             if schema["type"] == "array" else {})}
    for name, schema, text in PARAMETERS]}

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
            url_name="hubs-list", description=PARAMS_DOC, openapi_extra=OPENAPI)
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
                description=PARAMS_DOC + " Not paged: every matching hub with coordinates.",
                openapi_extra=OPENAPI)
def hubs_geojson(request):
    """A FeatureCollection of every matching hub, compact properties, for the map."""
    try:
        params = SearchParams.from_query(request.GET)
        return engine.geojson(params)
    except BadParameter as exc:
        return bad(exc)

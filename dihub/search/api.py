"""The search API: GET /api/hubs, /api/hubs.geojson, /api/hubs/suggest.

The query string is read by SearchParams.from_query, the one definition the page uses too;
any bad value answers 400 with {"detail", "param", "suggestions"}.
"""

from django.urls import reverse
from ninja import Field, Router, Schema, Status

from dihub import params as P
from dihub.schemas import BadRequest, RegionRef

from . import engine
from .facets import selectable
from .filters import PARAMS, BadParameter, SearchParams
from .suggest import suggest as suggest_terms

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
    facets = {kind: [{**item, "url": base + item["query"]} for item in items]
              for kind, items in selectable(result.facets, params).items()}
    return {"count": result.count, "page": result.page, "page_size": result.page_size,
            "results": result.results, "facets": facets}


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

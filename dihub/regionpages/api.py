"""The regions API, mounted at /api/regions: the JSON twins of /regions/ and /regions/<code>/.

Bad parameters answer 400 {"detail", "param", "suggestions"}; an unknown code 404
{"detail"}; a NUTS 2021 code NUTS 2024 replaced by one region redirects (301) to it, one it
split answers 404 with the codes it became.
"""

from django.http import HttpResponsePermanentRedirect, JsonResponse
from django.urls import reverse
from ninja import Field, Router, Schema, Status

from dihub import params as P
from dihub.regions import boundaries
from dihub.schemas import BadRequest, Message

from .listing import PARAMS, BadParameter, ListParams, boundary_codes, region_list
from .summary import Moved, NotFound, find_region, hub_counts, region_summary

router = Router(tags=["regions"])


class RegionLink(Schema):
    code: str = Field(description="NUTS code")
    name: str
    level: int
    url: str


class Child(RegionLink):
    hubs: int = Field(description="published hubs in it and below it")


class Former(Schema):
    code: str = Field(description="NUTS 2021 code (the region's own when only its name changed)")
    name: str = Field(description="its NUTS 2021 name")
    kind: str = Field(description="Eurostat's word: Code change, Boundary shift, Split, ...")


class RegionHub(Schema):
    slug: str
    name: str
    type: str
    type_label: str
    city: str
    country: str = Field(description="ISO 3166 alpha-2")
    region: dict | None
    lat: float | None
    lon: float | None
    url: str
    distance_km: float | None = None


class Hubs(Schema):
    count: int = Field(description="published hubs in the region and below it")
    shown: list[RegionHub] = Field(description="the first few, by name")
    search_url: str
    geojson_url: str


class TermCount(Schema):
    value: str = Field(description="term slug, as the search takes it")
    label: str
    count: int
    url: str


class Centre(Schema):
    lat: float
    lon: float
    source: str = Field(description="seat, hubs or boundary (docs/regions.md)")
    label: str


class Boundaries(Schema):
    loaded: bool
    url: str | None


class RegionOut(Schema):
    """region_summary's dict: a section added there is declared here too (one line)."""

    code: str
    name: str
    name_latin: str = Field(description="the name in Latin letters, when it is in Cyrillic "
                                        "or Greek; else empty")
    level: int = Field(description="0 for a country, then 1 to 3")
    country: str = Field(description="NUTS country code (EL, UK)")
    country_name: str
    scheme: str = Field(description="NUTS2024, SR2024 or NUTS2018")
    url: str
    parents: list[RegionLink] = Field(description="the country first")
    children: list[Child]
    formerly: list[Former]
    hubs: Hubs
    technologies: list[TermCount]
    sectors: list[TermCount]
    services: list[TermCount]
    centre: Centre | None = Field(description="where distances are measured from")
    nearest: list[RegionHub] = Field(description="the nearest published hubs outside")
    boundaries: Boundaries


class Listed(Schema):
    code: str
    name: str
    name_latin: str = Field(description="in Latin letters, for Cyrillic and Greek names")
    level: int
    country: str
    country_name: str
    hubs: int = Field(description="published hubs in it and below it")
    boundary: bool = Field(description="whether its boundary is loaded")
    url: str


class RegionPage(Schema):
    count: int
    page: int
    page_size: int
    pages: int
    level: int | None
    country: str
    sort: str
    results: list[Listed]
    boundaries_url: str | None = Field(description="the choropleth's GeoJSON, when loaded")


def _bad(exc: BadParameter):
    return JsonResponse(exc.as_dict(), status=exc.status)


def _moved(exc: Moved, name, **kwargs):
    if len(exc.became) == 1:
        url = reverse(name, kwargs={"code": exc.became[0]})
        return HttpResponsePermanentRedirect(url)
    return JsonResponse({"detail": str(exc), "became": exc.became}, status=404)


@router.get("", url_name="regions-list", summary="Regions with their hub counts",
            response={200: RegionPage, 400: BadRequest, 404: BadRequest},
            openapi_extra=P.openapi(*PARAMS))
def list_regions(request):
    """NUTS regions (statistical regions outside the EU), each with the number of published
    hubs in it and its sub-regions; filtered by level and country, sorted, paged."""
    try:
        return region_list(ListParams.parse(request.GET))
    except BadParameter as exc:
        return _bad(exc)


@router.get("/boundaries", url_name="regions-boundaries",
            summary="Boundaries of the listed regions (GeoJSON)",
            response={200: dict, 400: BadRequest}, openapi_extra=P.openapi(*PARAMS[:2]))
def list_boundaries(request):
    """The loaded boundaries of the regions GET /api/regions lists (every page), simplified,
    with their hub counts: a choropleth. Empty when no boundaries are loaded."""
    try:
        params = ListParams.parse(request.GET)
    except BadParameter as exc:
        return _bad(exc)
    return boundaries.geojson(boundary_codes(params), hub_counts())


@router.get("/{code}", url_name="region-detail-api", summary="One region",
            response={200: RegionOut, 404: Message})
def get_region(request, code: str):
    """A region: name, level, parents, children, former NUTS 2021 codes, its published hubs
    (count, the first few, a search link), their technologies, sectors and services with
    counts, the nearest hubs outside it, and whether boundaries are loaded."""
    try:
        return region_summary(code)
    except Moved as exc:
        return _moved(exc, "api-1:region-detail-api")
    except NotFound as exc:
        return Status(404, {"detail": str(exc)})


@router.get("/{code}/boundaries", url_name="region-boundaries",
            summary="Boundaries of a region's sub-regions (GeoJSON)",
            response={200: dict, 404: Message})
def get_boundaries(request, code: str):
    """The loaded boundaries of the regions directly below this one (or its own when none
    are), simplified, with their published hub counts."""
    try:
        region = find_region(code)
    except Moved as exc:
        return _moved(exc, "api-1:region-boundaries")
    except NotFound as exc:
        return Status(404, {"detail": str(exc)})
    kids = list(region.children.values_list("code", flat=True))
    data = boundaries.geojson(kids, hub_counts())
    if not data["features"]:
        data = boundaries.geojson([region.code], hub_counts())
    return data

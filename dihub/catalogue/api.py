"""The catalogue's read API, mounted at /api/hubs: the JSON twins of the pages."""

import math
import re

from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from .serialize import BadFilter, hub_dict, hubs_queryset, summary_data

router = Router(tags=["hubs"])
MAX_PAGE_SIZE = 100
SLUG = re.compile(r"[-a-zA-Z0-9_]{1,120}")


class Address(Schema):
    street: str
    postcode: str
    city: str
    country: str = Field(description="ISO 3166 alpha-2")
    text: str = Field(description="the address as the source wrote it")


class RegionRef(Schema):
    code: str = Field(description="NUTS code")
    name: str


class TermLevel(Schema):
    name: str
    vocabulary: str = Field(description="edih or jrc")
    level: int | None = Field(description="engagement 1-5")


class ContactOut(Schema):
    name: str
    role: str
    email: str
    phone: str
    publish: bool


class OrganisationOut(Schema):
    name: str
    role: str
    country: str
    website: str


class ExampleOut(Schema):
    title: str
    client_profile: str
    need: str
    solution: str
    result: str


class FundingOut(Schema):
    programme: str
    description: str


class SourceOut(Schema):
    source: str
    source_id: str


class HubOut(Schema):
    id: int
    slug: str
    name: str
    local_name: str
    title: str
    description: str = Field(description="sanitized HTML")
    local_description: str = Field(description="sanitized HTML")
    type: str
    status: str
    validation: str
    address: Address
    lat: float | None
    lon: float | None
    region: RegionRef | None
    website: str
    social: dict[str, str]
    initiative: str = Field(description="sanitized HTML")
    technologies: list[TermLevel]
    sectors: list[TermLevel]
    services: list[TermLevel]
    contacts: list[ContactOut] = Field(description="published contacts only")
    organisations: list[OrganisationOut]
    examples: list[ExampleOut]
    funding: list[FundingOut]
    sources: list[SourceOut]
    updated_at: str | None


class HubPage(Schema):
    count: int
    page: int
    page_size: int
    results: list[HubOut]


class HubFilters(Schema):
    page: int = Field(1, ge=1, le=1_000_000, description="1 for the first page")
    page_size: int = Field(24, ge=1, le=MAX_PAGE_SIZE)
    country: str = Field("", max_length=50, description="ISO 3166 alpha-2, e.g. DE")
    type: str = Field("", max_length=50, description="edih, seal, dih, competence-centre, other")


class Message(Schema):
    detail: str


class Counted(Schema):
    key: str
    label: str
    count: int


class Summary(Schema):
    total: int
    by_type: list[Counted]
    by_country: list[Counted]


def page_of(queryset, page: int, page_size: int):
    """(count, hubs of the page); HttpError 404 past the last page."""
    total = queryset.count()
    last = max(1, math.ceil(total / page_size))
    if page > last:
        raise HttpError(404, f"page {page} does not exist: the last page is {last}")
    start = (page - 1) * page_size
    return total, list(queryset[start : start + page_size])


@router.get("", response={200: HubPage, 400: Message, 404: Message}, summary="List hubs",
            url_name="hubs-list")
def list_hubs(request, filters: Query[HubFilters]):
    """Published hubs by name, a page at a time, filtered by country and type."""
    try:
        hubs = hubs_queryset(country=filters.country, hub_type=filters.type)
    except BadFilter as exc:
        raise HttpError(400, str(exc)) from exc
    total, items = page_of(hubs, filters.page, filters.page_size)
    return {
        "count": total,
        "page": filters.page,
        "page_size": filters.page_size,
        "results": [hub_dict(h) for h in items],
    }


@router.get("/summary", response=Summary, summary="Counts of hubs", url_name="hubs-summary")
def summary(request):
    """How many published hubs there are, by type and by country."""
    return summary_data()


@router.get("/{id}", response={200: HubOut, 404: Message}, summary="One hub's fact-sheet",
            url_name="hubs-detail")
def get_hub(request, id: str):
    """The whole public fact-sheet of a hub, by its numeric id or its slug."""
    hubs = hubs_queryset()
    key = id.strip()
    hub = None
    if key.isdigit() and len(key) < 19:
        hub = hubs.filter(pk=int(key)).first()
    if hub is None and SLUG.fullmatch(key):
        hub = hubs.filter(slug=key).first()
    if hub is None:
        raise HttpError(404, f"no published hub with id or slug {key[:120]!r}")
    return hub_dict(hub)

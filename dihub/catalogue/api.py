"""The catalogue's read API, mounted at /api/hubs: the JSON twins of the pages."""


from typing import Annotated

from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.errors import HttpError
from pydantic import WithJsonSchema

from dihub.schemas import Message, RegionRef

from .models import RESERVED_SLUGS
from .serialize import hub_dict, languages_dict, published_hub, summary_data

router = Router(tags=["hubs"])
# stated in the schema, kept by the routes: /summary is matched before /{id}
HubKey = Annotated[str, WithJsonSchema({
    "type": "string", "description": "a hub's numeric id or its slug",
    "pattern": rf"^(?!({'|'.join(sorted(RESERVED_SLUGS))})$)[^/]+$"})]


class Address(Schema):
    street: str
    postcode: str
    city: str
    country: str = Field(description="ISO 3166 alpha-2")
    text: str = Field(description="the address as the source wrote it")


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
    translations: dict[str, dict[str, str]] = Field(
        {}, description="the example in other languages: {language: {field: text}}")


class FundingOut(Schema):
    programme: str
    description: str


class SourceOut(Schema):
    source: str
    source_id: str


class SheetOut(Schema):
    """A fact-sheet as a document: what a manager edits (the write API's sheet)."""

    name: str
    local_name: str
    title: str
    description: str = Field(description="sanitized HTML")
    local_description: str = Field(description="sanitized HTML")
    type: str
    status: str
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
    contacts: list[ContactOut] = Field(description="every contact person; publish says "
                                                   "who agreed to be shown")
    organisations: list[OrganisationOut]
    examples: list[ExampleOut]
    funding: list[FundingOut]
    languages: list[str] = Field([], description="ISO 639-1 codes of the languages the hub serves "
                                             "its customers in")
    translations: dict[str, dict[str, str]] = Field(
        {}, description="the hub's own name, title and description in other languages: "
                    "{language: {field: text}}; what is missing is in the original")


class HubOut(SheetOut):
    """The public fact-sheet: the sheet with its read-only keys."""

    id: int
    slug: str
    validation: str
    contacts: list[ContactOut] = Field(description="published contacts only")
    sources: list[SourceOut]
    updated_at: str | None


class Counted(Schema):
    key: str
    label: str
    count: int


class Summary(Schema):
    total: int
    by_type: list[Counted]
    by_country: list[Counted]


@router.get("/summary", response=Summary, summary="Counts of hubs", url_name="hubs-summary")
def summary(request):
    """How many published hubs there are, by type and by country."""
    return summary_data()


@router.get("/{id}", response={200: HubOut, 404: Message}, summary="One hub's fact-sheet",
            url_name="hubs-detail")
def get_hub(request, id: HubKey):
    """The whole public fact-sheet of a hub, by its numeric id or its slug."""
    hub = published_hub(id)
    if hub is None:
        raise HttpError(404, _("no published hub with id or slug %(key)s")
                        % {"key": repr(id.strip()[:120])})
    return {**hub_dict(hub), **languages_dict(hub)}

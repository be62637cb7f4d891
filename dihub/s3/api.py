"""The S3 API, mounted at /api/s3: a hub's alignment with its regions' priorities, and a
region's priorities, the uncovered ones and its indicators."""

from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from dihub.catalogue.serialize import published_hub
from dihub.schemas import FieldErrors, Message, RegionRef

from . import alignment, summary

router = Router(tags=["s3"])
PERIOD = Query(None, pattern=r"^[0-9]{4}-[0-9]{4}$",
               description="programming period, e.g. 2021-2027; default the latest")


class RegionLevel(RegionRef):
    level: int = Field(description="0 for a country, 1-3 for NUTS levels")


class PriorityOut(Schema):
    id: int
    region: RegionRef
    period: str = Field(description="programming period, e.g. 2021-2027")
    title: str
    description: str
    nace_codes: list[str] = Field(description="NACE Rev.2 codes: C, C26, C26.11")
    scientific_domains: list[str]
    policy_objectives: list[str]
    source: str
    imported_at: str | None


class PriorityMet(PriorityOut):
    met: bool
    sectors: list[str] = Field(description="the hub's sectors that meet the priority")
    technologies: list[str] = Field(description="the hub's technologies that meet it")


class S3HubRef(Schema):
    id: int
    slug: str
    name: str


class Alignment(Schema):
    hub: S3HubRef
    region: RegionRef | None
    regions: list[RegionLevel] = Field(description="the hub's region and those above it")
    described: bool = Field(description="the hub names sectors or technologies to match")
    score: int | None = Field(description="share of the priorities met, 0-100")
    met: int
    total: int
    priorities: list[PriorityMet]


class PriorityCovered(PriorityOut):
    covered: bool
    hub_count: int = Field(description="published hubs near the region meeting it")
    hubs: list[S3HubRef] = Field(description="the first few of them, by name")


class Near(Schema):
    code: str
    name: str
    rule: str


class IndicatorOut(Schema):
    name: str
    value: float
    unit: str
    year: int
    source: str


class RegionS3(Schema):
    region: RegionLevel
    near: Near
    priorities: list[PriorityCovered]
    covered_count: int = Field(description="priorities met by a published hub near")
    uncovered: list[PriorityCovered]
    indicators: list[IndicatorOut] = Field(description="latest value of each indicator")


@router.get("/hubs/{id}/alignment", response={200: Alignment, 404: Message, 422: FieldErrors},
            summary="How a hub meets its regions' S3 priorities", url_name="s3-hub-alignment")
def hub_alignment(request, id: str, period: str | None = PERIOD):
    """The priorities of the hub's region and of every region above it (latest programming
    period of each, or `period`), which of them the hub's sectors and technologies meet,
    and the share met (0-100). See docs/s3.md."""
    hub = published_hub(id)
    if hub is None:
        raise HttpError(404, _("no published hub with id or slug %(id)s")
                        % {"id": repr(id.strip()[:120])})
    return alignment.for_hub(hub, period)


@router.get("/regions/{code}", response={200: RegionS3, 404: Message, 422: FieldErrors},
            summary="A region's S3 priorities and indicators", url_name="s3-region")
def region(request, code: str, period: str | None = PERIOD):
    """The region's own priorities (latest period, or `period`), each with the published
    hubs near it that meet it; the ones none meets; the latest value of each indicator
    with its year and source."""
    try:
        return summary.for_region(code.strip(), period)
    except summary.UnknownRegion as exc:
        raise HttpError(404, str(exc)) from exc

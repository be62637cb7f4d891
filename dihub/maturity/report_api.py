"""The report of a completed assessment as JSON, the twin of /maturity/assessments/<pk>/report/:

    GET /api/maturity/assessments/{assessment_id}/report

A person is needed (a token or a session: dihub.accounts.api_auth.auth, 401 otherwise);
an assessment they may not see (dihub.maturity.privacy.can_see), or one not completed yet,
answers 404 {"detail"}.
"""

from datetime import datetime

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from dihub.accounts.api_auth import auth
from dihub.schemas import errors

from .report_views import visible_report

router = Router(tags=["maturity"])


class ReportHubRef(Schema):
    slug: str
    name: str


class AssessmentRef(Schema):
    id: int
    questionnaire: str
    version: int
    title: str
    phase: str
    completed_at: datetime
    sector: str
    size_class: str
    region: str | None
    hub: ReportHubRef | None


class CompanyRef(Schema):
    id: int
    name: str
    country: str


class DimensionHelp(Schema):
    measures: str
    low: str
    first_steps: str


class ReportDimension(Schema):
    key: str
    name: str
    score: float
    level: str
    level_name: str
    peer_median: float | None
    help: DimensionHelp


class PeersOut(Schema):
    count: int
    overall_median: float
    dimensions: dict[str, float]


class PlaceOut(Schema):
    name: str
    country: str
    lat: float
    lon: float
    near: str
    source: str


class ReportTerm(Schema):
    name: str
    slug: str
    url: str


class ReportHub(Schema):
    id: int
    slug: str
    name: str
    city: str
    country: str
    distance_km: float | None
    url: str


class WeakOut(Schema):
    key: str
    name: str
    score: float
    level: str
    services: list[ReportTerm]
    technologies: list[ReportTerm]
    hubs: list[ReportHub]
    search_url: str
    radius_km: float | None


class ReportOut(Schema):
    assessment: AssessmentRef
    company: CompanyRef
    overall: float
    level: str
    level_name: str
    dimensions: list[ReportDimension]
    peers: PeersOut | None
    peers_reason: str | None
    peers_message: str
    place: PlaceOut | None
    weakest: list[WeakOut]


@router.get("/assessments/{assessment_id}/report", auth=auth, url_name="maturity-report",
            response={200: ReportOut, **errors(401, 404, 422)},
            summary="The report of a completed assessment",
            description=(
                "The scores and levels of a completed assessment, each dimension explained; "
                "the medians of peers (the latest completed assessment of each other company "
                "with the same questionnaire, sector and size class), or `peers: null` with "
                "`peers_reason` (`no_profile`, `too_few_peers`: fewer than 5) and a message; "
                "the two weakest dimensions (a tie goes to the one the questionnaire lists "
                "first) with the EDIH services and technologies that address them, the "
                "nearest hubs offering those services (distance from `place`, the "
                "company's largest town or its capital) and the search listing them all. "
                "404 for an assessment the caller may not see or one not completed."))
def assessment_report(request, assessment_id: int):
    try:
        found = visible_report(request, assessment_id)
    except Http404 as exc:
        return Status(404, {"detail": str(exc) or _("No such assessment.")})
    return Status(200, found.to_dict())

"""The stored assessments over the API, the JSON twins of the /maturity/ pages:

    GET    /api/maturity/assessments                    mine (started by me, or my companies')
    POST   /api/maturity/assessments                    start one
    GET    /api/maturity/assessments/{id}               answers and scores
    PATCH  /api/maturity/assessments/{id}               {answers, step?}: some answers
    POST   /api/maturity/assessments/{id}/complete      score it and keep the scores
    POST   /api/maturity/assessments/{id}/share         {hub}: its managers see it
    DELETE /api/maturity/assessments/{id}/share/{hub}   they no longer do
    GET    /api/maturity/assessments/{id}/progress      a T1 against its T0
    GET    /api/maturity/companies/{id}/members         who acts for a company
    POST   /api/maturity/companies/{id}/members         {email}: add a signed-up person
    DELETE /api/maturity/companies/{id}/members/{user}  take one off (not the last)
    GET    /api/maturity/hubs/{id}/assessments          shared with a hub (its managers)
    GET    /api/maturity/hubs/{id}/progress             the hub's T0/T1 pairs (its managers)
    GET    /api/maturity/aggregates                     ?questionnaire=&hub=&region=&sector=
                                                        public, small cells suppressed

Everything but the aggregates needs a person (a token or a session: 401). An assessment
the person may not see (dihub.maturity.privacy) answers 404, as one that does not exist;
one they see but may not change, 403. Bodies are read here, not by ninja, so that any body
answers 4xx, never 500: 400 {detail, errors} when the body cannot be used or the state does
not allow the step, 422 {detail, errors: [{question, item, reason, message}]} when answers
break the definition (nothing of them is kept).
"""

import functools
import json
from datetime import datetime

from django.core.exceptions import RequestDataTooBig
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from dihub import bodylimit
from dihub.accounts.api_auth import auth
from dihub.catalogue.models import Hub
from dihub.params import blank_or
from dihub.schemas import EMAIL, REQUIRED, plain_text

from . import aggregates, assessments, companies, i18n, loader, privacy, scoring
from .models import Assessment, Company

router = Router(tags=["maturity"])
MAX_BODY = 1_000_000
MAX_ERRORS = 100
MAX_ID = 2**63 - 1


# -- schemas (names unique in the whole API: ninja files them by class name) -------------------

class MaturityDetail(Schema):
    detail: str


class AssessmentError(Schema):
    question: str | None
    item: str | None
    reason: str
    message: str


class AssessmentErrors(Schema):
    detail: str
    errors: list[AssessmentError]


class AssessmentHub(Schema):
    id: int
    slug: str
    name: str


class AssessmentCompany(Schema):
    id: int
    name: str


class AssessmentListed(Schema):
    id: int
    questionnaire: str
    version: int = Field(description="the questionnaire version it is answered against, "
                                     "for good")
    title: str
    company: AssessmentCompany
    hub: AssessmentHub | None = Field(description="the hub that supports the company")
    phase: str = Field(description="'' (self-assessment), t0 or t1")
    baseline: int | None = Field(description="a T1's T0")
    step: int = Field(description="where answering stopped, 0-based")
    steps: int
    completed_at: datetime | None
    overall: float | None
    level: str
    level_name: str
    created_at: datetime
    updated_at: datetime
    url: str = Field(description="the page")
    report_url: str | None


class AssessmentDimension(Schema):
    key: str
    name: str
    score: float | None
    level: str


class AssessmentOut(AssessmentListed):
    answers: dict
    dimensions: list[AssessmentDimension] = Field(
        description="kept at completion; before, the scores of the answers so far")
    sector: str
    size_class: str
    region: str | None
    shared_with: list[AssessmentHub] | None = Field(
        description="to the company's members and the person who started it; null to "
                    "others")


class AssessmentShares(Schema):
    shared_with: list[AssessmentHub]


class ProgressMoment(Schema):
    id: int
    completed_at: datetime
    overall: float
    level: str


class ProgressChange(Schema):
    t0: float | None
    t1: float | None
    change: float | None


class ProgressDimension(ProgressChange):
    key: str
    name: str


class AssessmentProgress(Schema):
    questionnaire: str
    company: str
    hub: str
    t0: ProgressMoment
    t1: ProgressMoment
    overall: ProgressChange
    dimensions: list[ProgressDimension]


class HubProgressDimension(ProgressDimension):
    pairs: int


class HubProgressGroup(Schema):
    questionnaire: str
    title: str
    pairs: int
    overall: ProgressChange
    dimensions: list[HubProgressDimension]


class HubProgressOut(Schema):
    hub: AssessmentHub
    groups: list[HubProgressGroup]


class AggregateLevel(Schema):
    key: str
    name: str
    count: int | None = Field(description="null: 1 to 4 companies (suppressed)")
    suppressed: bool


class AggregateOverall(Schema):
    mean: float
    median: float
    level: str


class AggregateDimension(Schema):
    key: str
    name: str
    mean: float | None
    median: float | None
    level: str | None


class AggregateFilters(Schema):
    questionnaire: str
    hub: str | None
    region: str | None
    sector: str | None


class AggregateCell(Schema):
    key: str
    label: str
    threshold: int
    suppressed: bool = Field(description="fewer than `threshold` companies: no figure shown")
    companies: int | None
    note: str
    levels: list[AggregateLevel] | None
    overall: AggregateOverall | None
    dimensions: list[AggregateDimension] | None


class AggregateBreakdowns(Schema):
    sector: list[AggregateCell] | None
    country: list[AggregateCell] | None


class AggregatesOut(Schema):
    filters: AggregateFilters
    version: int
    label: str
    threshold: int
    suppressed: bool
    companies: int | None
    note: str
    levels: list[AggregateLevel] | None
    overall: AggregateOverall | None
    dimensions: list[AggregateDimension] | None
    breakdowns: AggregateBreakdowns


def errors(*codes) -> dict:
    return {code: AssessmentErrors if code in (400, 409, 422) else MaturityDetail
            for code in codes}


def _body_doc(properties, required=(), description="", **more) -> dict:
    return {"requestBody": {"required": True, "description": description, "content": {
        "application/json": {"schema": {"type": "object", "properties": plain_text(properties),
                                        "required": list(required),
                                        "additionalProperties": False, **more}}}}}


ID_OR_SLUG = {"anyOf": [{"type": "integer", "minimum": 1}, {"type": "string"}]}
CREATE_BODY = _body_doc({
    "questionnaire": {"type": "string", "enum": loader.keys(), "default": "sme",
                      "description": "its current version is answered"},
    "company": {"type": "string", "minLength": 1, "maxLength": 200, **REQUIRED,
                "description": "the company's name (or company_id)"},
    "company_id": {"type": "integer", "minimum": 1, "description": "a company I act for"},
    "hub": {**ID_OR_SLUG, "description": "the hub that supports the company (id or slug)"},
    "phase": {"type": "string", "enum": ["", "t0", "t1"]},
    "baseline": {"type": "integer", "minimum": 1, "description": "a T1's T0 (default: the "
                 "latest completed T0 of the company with the hub)"},
    "for_customer": {"type": "boolean", "description": "a manager of `hub` starts it for a "
                     "customer of the hub"},
}, [], "company or company_id is needed; a T0 or T1 needs its hub, a baseline a T1",
    anyOf=[{"required": ["company"]}, {"required": ["company_id"]}],
    dependentSchemas={"baseline": {"properties": {"phase": {"const": "t1"}},
                                   "required": ["phase"]}},
    **{"if": {"properties": {"phase": {"enum": ["t0", "t1"]}}, "required": ["phase"]},
       "then": {"required": ["hub"]}})
PATCH_BODY = _body_doc({
    "answers": {"type": "object", "description": "question key -> answer (null clears it); "
                "only what is sent is checked and changed"},
    "step": {"type": "integer", "minimum": 0, "description": "where to resume"},
}, ["answers"])
SHARE_BODY = _body_doc({"hub": {**ID_OR_SLUG, "description": "a published hub"}}, ["hub"])
MEMBER_BODY = _body_doc({"email": {"type": "string", **EMAIL,
                                   "description": "a verified address of a signed-up person"}},
                        ["email"])


# -- helpers -----------------------------------------------------------------------------------

def _refuse(status, reason, message, question=None):
    raise _BodyRefused(status, reason, message, question)


class _BodyRefused(Exception):
    def __init__(self, status, reason, message, question=None):
        super().__init__(message)
        self.status = status
        self.body = {"detail": message, "errors": [
            {"question": question, "item": None, "reason": reason, "message": message}]}


def _answer_errors(status, found) -> Status:
    shown = found[:MAX_ERRORS]
    return Status(status, {"detail": i18n.invalid_answers(found, MAX_ERRORS),
                           "errors": [e.to_dict() for e in shown]})


def guarded(view):
    """The domain's refusals as answers: NotAllowed 403, InvalidAnswers 422, Conflict 409,
    NotFound 404, Invalid and a body that cannot be used 400."""

    @functools.wraps(view)
    def call(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except _BodyRefused as exc:
            return Status(exc.status, exc.body)
        except assessments.NotAllowed as exc:
            return Status(403, {"detail": str(exc)})
        except assessments.InvalidAnswers as exc:
            return _answer_errors(422, exc.errors)
        except assessments.Invalid as exc:
            status, reason = ((409, "conflict") if isinstance(exc, assessments.Conflict) else
                              (404, "not_found") if isinstance(exc, assessments.NotFound) else
                              (400, "invalid"))
            return Status(status, {"detail": str(exc), "errors": [
                {"question": None, "item": None, "reason": reason, "message": str(exc)}]})

    return call


def _read(request) -> dict:
    refused = bodylimit.refusal(request, MAX_BODY)
    if refused:  # by its Content-Length, before reading
        raise HttpError(*refused)
    try:
        raw = request.body
    except RequestDataTooBig:
        _refuse(400, "too_large", _("The body is too large."))
    if len(raw) > MAX_BODY:
        _refuse(400, "too_large", _("The body is too large: at most %(n)s bytes.") % {
            "n": MAX_BODY})
    try:
        body = json.loads(raw)
    except (ValueError, RecursionError):
        _refuse(400, "not_json", _("the body is not JSON"))
    if not isinstance(body, dict):
        _refuse(400, "wrong_type", _("the body: expected an object"))
    if _unstorable(body):
        _refuse(400, "bad_format", _("the body holds a NUL character or a lone surrogate, "
                                   "which cannot be stored"))
    return body


def _unstorable(value, depth=0) -> bool:
    if depth > 50:
        return False
    if isinstance(value, str):
        return bool(assessments._UNSTORABLE.search(value))
    if isinstance(value, dict):
        return any(_unstorable(k, depth + 1) or _unstorable(v, depth + 1)
                   for k, v in value.items())
    if isinstance(value, list):
        return any(_unstorable(v, depth + 1) for v in value)
    return False


def _fields(body, allowed):
    if unknown := [k for k in body if k not in allowed]:
        shown = ", ".join(repr(k)[:40] for k in unknown[:5])
        _refuse(400, "unknown_field", _("unknown field(s) %(fields)s; expected "
                                        "%(expected)s") % {"fields": shown,
                                                           "expected": ", ".join(allowed)})


def _number(text) -> int | None:
    if isinstance(text, bool):
        return None
    if isinstance(text, float) and text.is_integer():
        text = int(text)  # 2.0 is a whole number in JSON
    if isinstance(text, int):
        return text if 0 < text <= MAX_ID else None
    if isinstance(text, str) and text.isascii() and text.isdigit() and len(text) < 19:
        value = int(text)
        return value if value > 0 else None
    return None


def _visible(request, key) -> Assessment:
    pk = _number(key)
    found = None
    if pk is not None:
        found = (privacy.visible_assessments(request.user)
                 .select_related("company", "hub", "baseline", "region").filter(pk=pk).first())
    if found is None:
        raise HttpError(404, _("No assessment with this id."))
    return found


def _hub(key, published_only=True):
    """A hub by id or slug; None when there is none."""
    found = Hub.objects.by_key(key) if isinstance(key, int | str) and not isinstance(
        key, bool) else None
    if found is not None and published_only and found.validation != "published":
        return None
    return found


def _hub_ref(hub):
    return {"id": hub.pk, "slug": hub.slug, "name": hub.name} if hub else None


def _report_url(a):
    from .views import report_url

    return report_url(a) if a.is_complete else None


def listed(a) -> dict:
    try:
        definition = i18n.localize(assessments.definition_of(a))
        title, count = definition.title, len(assessments.steps(definition))
    except loader.UnknownQuestionnaire:
        title, count = a.questionnaire, 1
    return {
        "id": a.pk, "questionnaire": a.questionnaire, "version": a.version, "title": title,
        "company": {"id": a.company.pk, "name": a.company.name}, "hub": _hub_ref(a.hub),
        "phase": a.phase, "baseline": a.baseline_id, "step": a.step, "steps": count,
        "completed_at": a.completed_at, "overall": a.overall, "level": a.level or "",
        "level_name": i18n.level_name(a.level), "created_at": a.created_at,
        "updated_at": a.updated_at, "url": reverse("maturity-resume", args=[a.pk]),
        "report_url": _report_url(a),
    }


def detail(a, user) -> dict:
    definition = i18n.localize(assessments.definition_of(a))
    names = {d.key: d.name for d in definition.dimensions}
    if a.is_complete:
        dims = [{"key": d.key, "name": d.name, "score": a.dimensions.get(d.key),
                 "level": scoring.level(a.dimensions[d.key]) if d.key in a.dimensions else ""}
                for d in definition.dimensions]
    else:
        scores = assessments.scores_of(a)
        dims = [{"key": d.key, "name": names.get(d.key, d.name), "score": d.score,
                 "level": d.level} for d in scores.dimensions] if scores else []
    owner = privacy.can_edit(user, a)
    return {**listed(a), "answers": a.answers, "dimensions": dims, "sector": a.sector,
            "size_class": a.size_class, "region": a.region_id,
            "shared_with": [_hub_ref(h) for h in a.shared_with.order_by("name")]
            if owner else None}


# -- assessments ---------------------------------------------------------------------------------

@router.get("/assessments", auth=auth, response={200: list[AssessmentListed], **errors(401)},
            summary="My assessments", url_name="maturity-assessments")
def my_assessments(request):
    """The assessments I started and those of the companies I act for, latest first."""
    user = request.user
    found = (Assessment.objects.filter(Q(created_by=user) | Q(company__members=user))
             .distinct().select_related("company", "hub").order_by("-updated_at", "-pk"))
    return [listed(a) for a in found[:1000]]


@router.post("/assessments", auth=auth,
             response={201: AssessmentOut, **errors(400, 401, 403, 404, 409)},
             summary="Start an assessment", openapi_extra=CREATE_BODY)
@guarded
def create(request):
    """A new assessment on the questionnaire's current version, for a company I act for
    (by name: mine of that name, or a new one with me as member; or by company_id), maybe
    with the hub that supports it (shared with it). A manager of `hub` starts one for a
    customer with for_customer. A T1 is linked to its T0 (baseline, or the latest)."""
    body = _read(request)
    _fields(body, ("questionnaire", "company", "company_id", "hub", "phase", "baseline",
                   "for_customer"))
    key = body.get("questionnaire", "sme")
    if not isinstance(key, str):
        _refuse(400, "wrong_type", _("questionnaire: expected a key such as sme"), "questionnaire")
    phase = body.get("phase") or ""
    if not isinstance(phase, str):
        _refuse(400, "wrong_type", _("phase: expected '', t0 or t1"), "phase")
    as_hub = body.get("for_customer", False)
    if not isinstance(as_hub, bool):
        _refuse(400, "wrong_type", _("for_customer: expected true or false"), "for_customer")
    hub = None
    if body.get("hub") is not None:
        hub = _hub(body["hub"], published_only=not as_hub)
        if hub is None:
            raise HttpError(404, _("No published hub with this id or slug."))
    company = body.get("company")
    if body.get("company_id") is not None:
        pk = _number(body["company_id"])
        company = Company.objects.filter(pk=pk).first() if pk else None
        if company is None or not privacy.can_act_for(request.user, company,
                                                      hub if as_hub else None):
            raise HttpError(404, _("No company with this id that you act for."))
    elif not isinstance(company, str):
        _refuse(400, "missing" if company is None else "wrong_type",
                _("company: expected the company's name (or company_id)"), "company")
    baseline = None
    if body.get("baseline") is not None:
        pk = _number(body["baseline"])
        baseline = (privacy.visible_assessments(request.user).filter(pk=pk).first()
                    if pk else None)
        if baseline is None:
            raise HttpError(404, _("No assessment with this id (baseline)."))
    made = assessments.start(request.user, key, company, hub=hub, phase=phase,
                             baseline=baseline, as_hub=as_hub)
    made = Assessment.objects.select_related("company", "hub", "region").get(pk=made.pk)
    return Status(201, detail(made, request.user))


@router.get("/assessments/{assessment_id}", auth=auth,
            response={200: AssessmentOut, **errors(401, 404)}, summary="One assessment",
            url_name="maturity-assessment")
def one(request, assessment_id: str):
    """Answers, scores (kept at completion, or those of the answers so far), profile."""
    return detail(_visible(request, assessment_id), request.user)


@router.patch("/assessments/{assessment_id}", auth=auth,
              response={200: AssessmentOut, **errors(400, 401, 403, 404, 409, 422)},
              summary="Save some answers", openapi_extra=PATCH_BODY)
@guarded
def patch(request, assessment_id: str):
    """Merge answers into the assessment: only what is sent is checked; any problem refuses
    all of it (422, each with question, item and reason) and nothing is kept. An answer
    null clears the question. A completed assessment does not change (400)."""
    a = _visible(request, assessment_id)
    body = _read(request)
    _fields(body, ("answers", "step"))
    if "answers" not in body:
        _refuse(400, "missing", _("answers: expected an object keyed by question"), "answers")
    if not isinstance(body["answers"], dict):
        _refuse(400, "wrong_type", _("answers: expected an object keyed by question"), "answers")
    step = body.get("step")
    if step is not None and (isinstance(step, bool) or not isinstance(step, int) or step < 0):
        _refuse(400, "wrong_type", _("step: expected a whole number from 0"), "step")
    if step is not None:
        step = min(step, 1000)
    assessments.save_answers(a, body["answers"], request.user, step=step)
    return detail(a, request.user)


@router.post("/assessments/{assessment_id}/complete", auth=auth,
             response={200: AssessmentOut, **errors(401, 403, 404, 409)},
             summary="Complete an assessment")
@guarded
def complete(request, assessment_id: str):
    """Score the answers and keep the scores; 409 when it is already completed, or names
    the required questions left unanswered (answer them, then complete)."""
    a = _visible(request, assessment_id)
    try:
        assessments.complete(a, request.user)
    except assessments.InvalidAnswers as exc:
        return _answer_errors(409, exc.errors)
    return detail(a, request.user)


@router.post("/assessments/{assessment_id}/share", auth=auth,
             response={200: AssessmentShares, **errors(400, 401, 403, 404)},
             summary="Share with a hub", openapi_extra=SHARE_BODY)
@guarded
def share(request, assessment_id: str):
    """Let a published hub's managers see the assessment (the company's members only)."""
    a = _visible(request, assessment_id)
    body = _read(request)
    _fields(body, ("hub",))
    if body.get("hub") is None:
        _refuse(400, "missing", _("hub: expected a hub's id or slug"), "hub")
    hub = _hub(body["hub"])
    if hub is None:
        raise HttpError(404, _("No published hub with this id or slug."))
    assessments.share(a, hub, request.user)
    return {"shared_with": [_hub_ref(h) for h in a.shared_with.order_by("name")]}


@router.delete("/assessments/{assessment_id}/share/{hub}", auth=auth,
               response={200: AssessmentShares, **errors(400, 401, 403, 404)},
               summary="Stop sharing with a hub")
@guarded
def unshare(request, assessment_id: str, hub: str):
    """The hub's managers no longer see the assessment (the company's members only)."""
    a = _visible(request, assessment_id)
    found = _hub(hub, published_only=False)
    if found is None:
        raise HttpError(404, _("No hub with this id or slug."))
    assessments.unshare(a, found, request.user)
    return {"shared_with": [_hub_ref(h) for h in a.shared_with.order_by("name")]}


class CompanyMember(Schema):
    id: int
    email: str


def _company(request, key) -> Company:
    """A company whose people the person may manage; 404 otherwise (existence hidden)."""
    number = _number(key)
    company = Company.objects.filter(pk=number).first() if number else None
    if company is None or not privacy.can_manage_members(request.user, company):
        raise HttpError(404, _("No such company."))
    return company


def _members(company) -> list[dict]:
    return [{"id": m.pk, "email": m.email} for m in company.members.order_by("email", "pk")]


@router.get("/companies/{company_id}/members", auth=auth,
            response={200: list[CompanyMember], **errors(401, 404)},
            summary="Who acts for a company")
@guarded
def members(request, company_id: str):
    """The people who see and answer all the company's assessments (for its members and
    whoever made its record)."""
    return _members(_company(request, company_id))


@router.post("/companies/{company_id}/members", auth=auth,
             response={200: list[CompanyMember], **errors(400, 401, 403, 404, 409)},
             summary="Add a person to a company", openapi_extra=MEMBER_BODY)
@guarded
def add_member(request, company_id: str):
    """Add the signed-up person who verified this address; they then see all the
    company's assessments."""
    company = _company(request, company_id)
    body = _read(request)
    _fields(body, ("email",))
    if not isinstance(body.get("email"), str):
        _refuse(400, "missing", _("email: expected a verified e-mail address"), "email")
    companies.add_member(request.user, company, body["email"])
    return _members(company)


@router.delete("/companies/{company_id}/members/{member_id}", auth=auth,
               response={200: list[CompanyMember], **errors(400, 401, 403, 404, 409)},
               summary="Take a person off a company")
@guarded
def remove_member(request, company_id: str, member_id: str):
    """The person no longer acts for the company; its last member cannot leave."""
    company = _company(request, company_id)
    number = _number(member_id)
    if number is None:
        raise HttpError(404, _("This person does not act for the company."))
    companies.remove_member(request.user, company, number)
    return _members(company)


@router.get("/assessments/{assessment_id}/progress", auth=auth,
            response={200: AssessmentProgress, **errors(400, 401, 404, 409)},
            summary="Progress of a T1", url_name="maturity-progress")
@guarded
def progress(request, assessment_id: str):
    """A completed T1 against its T0: each dimension and the overall score, and the
    change. 404 when the T0 is not shared with me; 400 when it is not a completed T1."""
    a = _visible(request, assessment_id)
    if a.baseline_id and not privacy.can_see(request.user, a.baseline):
        raise HttpError(404, _("The T0 of this assessment is not shared with you."))
    return assessments.progress(a)


# -- hubs ------------------------------------------------------------------------------------------

def _managed(request, key) -> Hub:
    hub = _hub(key, published_only=False)
    if hub is None:
        raise HttpError(404, _("No hub with this id or slug."))
    if not privacy.manages(request.user, hub):
        raise HttpError(403, _("Only the managers of %(hub)s see its customers' "
                               "assessments.") % {"hub": hub.name})
    return hub


@router.get("/hubs/{id_or_slug}/assessments", auth=auth,
            response={200: list[AssessmentListed], **errors(401, 403, 404)},
            summary="A hub's customers' assessments", url_name="maturity-hub-assessments")
def hub_assessments(request, id_or_slug: str):
    """The assessments shared with the hub (its managers)."""
    hub = _managed(request, id_or_slug)
    found = (privacy.shared_with_hub(hub).select_related("company", "hub")
             .order_by("company__name", "-created_at"))
    return [listed(a) for a in found[:5000]]


@router.get("/hubs/{id_or_slug}/progress", auth=auth,
            response={200: HubProgressOut, **errors(401, 403, 404)},
            summary="A hub's T0/T1 progress", url_name="maturity-hub-progress")
def hub_progress(request, id_or_slug: str):
    """Per questionnaire: the number of T0/T1 pairs (each company's latest completed T1
    with the hub and its T0, both shared with the hub) and the mean scores at T0, at T1
    and the mean change, overall and per dimension (the hub's managers)."""
    hub = _managed(request, id_or_slug)
    return {"hub": _hub_ref(hub), "groups": assessments.hub_progress(hub)}


# -- aggregates (public) -----------------------------------------------------------------------

@router.get("/aggregates", response={200: AggregatesOut, **errors(400, 404)},
            summary="Digital maturity in figures", url_name="maturity-aggregates",
            openapi_extra={"parameters": [
                {"in": "query", "name": n, "required": False, "schema": blank_or(schema),
                 "description": d} for n, schema, d in (
                    ("questionnaire", {"type": "string", "enum": loader.keys()},
                     "sme (default) or public"),
                    ("hub", {"type": "string", "maxLength": 200},
                     "a published hub's slug or id: its customers"),
                    ("region", {"type": "string",
                                "pattern": "^[A-Za-z]{2}[A-Za-z0-9]{0,3}$"},
                     "a NUTS code of any level, its sub-regions included"),
                    ("sector", {"type": "string", "pattern": "^[A-Ua-u]$"},
                     "a NACE Rev. 2 section letter, A to U"))]})
def aggregates_api(request):
    """Each company once, with its latest completed assessment: the number of companies,
    companies per level, mean and median overall and per dimension, and the same by sector
    and by country. A group of fewer than 5 companies is suppressed (no number, no
    score), and so is a level held by 1 to 4."""
    params = {k: request.GET.get(k, "") for k in ("questionnaire", "hub", "region", "sector")}
    try:
        filters = aggregates.clean(**params)
    except aggregates.BadFilter as exc:
        return Status(exc.status, {"detail": str(exc), "errors": [
            {"question": exc.param, "item": None, "reason": "bad_filter",
             "message": str(exc)}]} if exc.status == 400 else {"detail": str(exc)})
    group = aggregates.aggregate(filters)
    return {**group, "breakdowns": {
        "sector": None if filters.sector else aggregates.breakdown(filters, "sector"),
        "country": None if filters.region else aggregates.breakdown(filters, "country")}}

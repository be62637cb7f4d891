"""The write API of a hub: its draft, the review, its history, registering and archiving.

Mounted at /api/hubs beside the catalogue's read API (POST /api/hubs, registering a hub,
joins the router that holds GET /api/hubs: see `add_register`). Every call needs a person
(a token, or a session with its CSRF token: dihub.accounts.api_auth) and anything that
changes data goes through one step of dihub.editing.steps, which says who may: the pages
call the same steps. The answers, in the order they are decided:

- 401: nobody signed in, or a wrong token; 403 for a session call without its CSRF token;
- 404: no such hub (or draft, or version). A hub that is not published is 404 for anyone
  who may not edit it: its existence is not told;
- 400: the body is not JSON (or is too large);
- 422: a body that cannot be used, each bad field named:
  ``{"detail": "...", "errors": [{"field": "contacts.0.email", "reason": "..."}]}``
  (text holding a NUL character, which PostgreSQL refuses, is one);
- 403: the person may not (a step raised NotAllowed);
- 409: the state does not allow the step now (a step raised Conflict), e.g. no draft to
  submit, a hub archived already;
- 400: the input does not allow the step (a step raised Invalid), e.g. no comment;
- 422: the fact-sheet sent has bad fields (the step raised sheet.SheetError);
- 409: two writes met (a second draft started at the same moment, a slug just taken).

Each call is one transaction: a call refused or failed half-way keeps nothing.
"""

import functools
import json
from datetime import datetime
from typing import Literal

from django.core.exceptions import RequestDataTooBig
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError
from pydantic import BaseModel, ConfigDict, ValidationError
from pydantic import Field as BodyField

from dihub import bodylimit
from dihub.accounts import permissions
from dihub.accounts.api import any_hub, hub_ref
from dihub.accounts.api_auth import auth
from dihub.accounts.flows import Conflict, Invalid, NotAllowed
from dihub.catalogue import sheet as sheets
from dihub.catalogue import workflow
from dihub.catalogue.api import SheetOut
from dihub.catalogue.models import Draft, HubVersion, Validation
from dihub.params import ascii_int
from dihub.schemas import HubRef, errors, field_reason, plain_text

from . import steps

router = Router(tags=["editing"], auth=auth)

MAX_BODY = 1_000_000  # bytes; a whole fact-sheet at its limits is smaller


# -- answers ----------------------------------------------------------------------------


class Completeness(Schema):
    score: int = Field(description="0-100")
    missing: list[str] = Field(description="what the sheet lacks, most important first")


class DraftOut(Schema):
    id: int
    hub: HubRef
    state: Literal[tuple(Draft.State.values)] = Field(
        description="editing, submitted, sent-back (open); published, withdrawn (closed)")
    sheet: SheetOut
    comment: str = Field(description="the coordinator's, when the draft was sent back")
    created_at: datetime
    updated_at: datetime
    submitted_at: datetime | None
    decided_at: datetime | None
    created_by: str | None = Field(description="who started it; null if erased")
    updated_by: str | None
    completeness: Completeness
    moved_since_start: bool = Field(description="the published sheet changed after the "
                                                "draft began (an import, a revert)")


class Change(Schema):
    """One field that changed: a value (old, new) or a list (added and removed lines; an
    edited item is one of each)."""

    field: str
    label: str
    old: str | None = None
    new: str | None = None
    added: list[str] | None = None
    removed: list[str] | None = None


class ChangesOut(Schema):
    draft: int = Field(description="the draft's id")
    state: str
    moved_since_start: bool
    changes: list[Change] = Field(description="the draft against the published sheet")


class VersionOut(Schema):
    id: int
    date: datetime
    user: str | None = Field(description="who made the change; null for an import, the "
                                         "system or an erased person")
    reason: str
    changes: list[Change] = Field(description="against the version before (none for the "
                                              "first)")


class HubChange(Schema):
    hub: HubRef
    version: VersionOut = Field(description="the version this call made")


class Confirmed(Schema):
    hub: HubRef
    checked_at: datetime
    stale: bool


# -- bodies: read here rather than by ninja, so that every bad body answers one 422 ------


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class SendBackIn(Body):
    comment: str = BodyField(max_length=4000, description="what should change; required")


class ArchiveIn(Body):
    reason: str = BodyField("", max_length=250, description="why, kept in the history")


class RegisterIn(Body):
    name: str = BodyField(min_length=1, max_length=300, pattern=r"\S")
    country: str = BodyField(max_length=2, pattern="^([A-Za-z]{2})?$",
                             description="ISO 3166 alpha-2, or empty")


class BodyError(sheets.SheetError):
    """A body that cannot be used: 422 with its errors, as a bad sheet."""


def _inline(schema, defs):
    """A JSON schema with its local $refs replaced by what they name (OpenAPI cannot see
    pydantic's $defs)."""
    if isinstance(schema, dict):
        if "$ref" in schema:
            return _inline(defs[schema["$ref"].rsplit("/", 1)[-1]], defs)
        return {k: _inline(v, defs) for k, v in schema.items() if k != "$defs"}
    if isinstance(schema, list):
        return [_inline(v, defs) for v in schema]
    return schema


def body_doc(model, description, extra_properties=None) -> dict:
    """The OpenAPI requestBody of a body read by `read_body`, for `openapi_extra=`."""
    schema = model.model_json_schema()
    schema = plain_text(_inline(schema, schema.get("$defs", {})))
    schema["properties"].update(extra_properties or {})
    return {"requestBody": {"required": True, "description": description,
                            "content": {"application/json": {"schema": schema}}}}


IGNORED = {"description": "read-only: ignored"}
SHEET_BODY = body_doc(
    sheets.SheetIn,
    "The whole fact-sheet, as GET /api/hubs/{id} returns it (with every contact): lists "
    "replace the hub's. id, slug, validation, sources and updated_at are ignored.",
    {"id": {**IGNORED, "type": "integer"}, "slug": {**IGNORED, "type": "string"},
     "validation": {**IGNORED, "type": "string"}, "sources": {**IGNORED, "type": "array"},
     "updated_at": {**IGNORED, "anyOf": [{"type": "string"}, {"type": "null"}]}},
)
# lat and lon come together, both numbers or neither (sheet.check says so too)
SHEET_BODY["requestBody"]["content"]["application/json"]["schema"]["allOf"] = [
    {"if": {"properties": {a: {"type": "number"}}, "required": [a]},
     "then": {"properties": {b: {"type": "number"}}, "required": [b]}}
    for a, b in (("lat", "lon"), ("lon", "lat"))]


def _text_errors(doc) -> list[dict]:
    """Text the database cannot hold: a NUL character (PostgreSQL refuses it) or a lone
    surrogate (not UTF-8), in any key or value, however deep."""
    found, stack = [], [("", doc)]
    while stack and len(found) < 20:
        path, value = stack.pop()
        if isinstance(value, dict):
            for key, item in value.items():
                where = f"{path}.{key}" if path else str(key)
                if _bad(key):
                    found.append({"field": path, "reason": _(
                        "a key holds a NUL character or is not valid Unicode")})
                stack.append((where[:200], item))
        elif isinstance(value, list):
            stack.extend((f"{path}.{n}" if path else str(n), item)
                         for n, item in enumerate(value))
        elif _bad(value):
            found.append({"field": path, "reason": _(
                "cannot hold a NUL character or a lone surrogate")})
    return found


def _bad(value) -> bool:
    if not isinstance(value, str):
        return False
    if "\x00" in value:
        return True
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def read_json(request):
    """The body as JSON (an empty body is {}); 400 when it is not JSON, 422 when its text
    cannot be stored. Too large by its Content-Length: 413 before reading."""
    refused = bodylimit.refusal(request, MAX_BODY)
    if refused:
        raise HttpError(*refused)
    try:
        raw = request.body
    except RequestDataTooBig:
        raise HttpError(400, _("The body is too large.")) from None
    if len(raw) > MAX_BODY:
        raise HttpError(400, _("The body is too large: at most %(count)d bytes.")
                        % {"count": MAX_BODY})
    if not raw.strip():
        return {}
    try:
        doc = json.loads(raw)
    except (ValueError, RecursionError):
        raise HttpError(400, _("The body is not JSON.")) from None
    bad = _text_errors(doc)
    if bad:
        raise BodyError(bad)
    return doc


def read_body(request, model):
    """The body checked by a pydantic model: 400 or 422 as read_json, 422 for bad fields."""
    try:
        return model.model_validate(read_json(request))
    except ValidationError as exc:
        raise BodyError([{"field": ".".join(str(p) for p in e["loc"]),
                          "reason": field_reason(e)}
                         for e in exc.errors()]) from None


def answers(view):
    """One call, one transaction (a refused or failed call keeps nothing), and the steps'
    refusals as answers: NotAllowed 403, Conflict 409, Invalid 400, SheetError 422; a
    write that met
    another at the same moment (a second open draft, a slug just taken) 409."""

    @functools.wraps(view)
    def call(request, *args, **kwargs):
        try:
            with transaction.atomic():
                return view(request, *args, **kwargs)
        except IntegrityError:
            return Status(409, {"detail": _("Another change met this one at the same "
                                            "moment: read the hub again and retry.")})
        except NotAllowed as exc:
            return Status(403, {"detail": str(exc)})
        except Conflict as exc:
            return Status(409, {"detail": str(exc)})
        except Invalid as exc:
            return Status(400, {"detail": str(exc)})
        except sheets.SheetError as exc:
            return Status(422, {"detail": str(exc), "errors": exc.errors})

    return call


# -- helpers ----------------------------------------------------------------------------


def editable_hub(request, key: str):
    """Any hub by numeric id or slug; 404 when there is none, and when it is not published
    and the person may not edit it."""
    hub = any_hub(key)
    if hub is None or not (hub.validation == Validation.PUBLISHED
                           or permissions.can_edit_hub(request.user, hub)):
        raise HttpError(404, _("No hub with this id or slug."))
    return hub


def open_draft(request, hub) -> Draft:
    draft = steps.draft_of(request.user, hub)  # 403 for those who may not edit the hub
    if draft is None:
        raise HttpError(404, _("%(hub)s has no open draft: PUT a fact-sheet to start one.")
                        % {"hub": hub.name})
    return draft


def name_of(user) -> str | None:
    return (user.get_full_name() or user.get_username()) if user else None


def same_draft(seen: str, draft) -> bool:
    """`seen` (an If-Match header: a draft's updated_at, or empty for none) is this draft."""
    seen = seen.strip().strip('"')
    if draft is None or not seen:
        return draft is None and not seen
    try:
        seen = parse_datetime(seen)
    except ValueError:
        return False
    # the JSON answers carry milliseconds (Django's encoder): compare at that precision
    return seen is not None and seen.tzinfo is not None and \
        seen.replace(microsecond=seen.microsecond // 1000 * 1000) == \
        draft.updated_at.replace(microsecond=draft.updated_at.microsecond // 1000 * 1000)


def draft_out(draft) -> dict:
    score, missing = sheets.completeness(draft.sheet)
    return {
        "id": draft.pk, "hub": hub_ref(draft.hub), "state": draft.state, "sheet": draft.sheet,
        "comment": draft.comment, "created_at": draft.created_at,
        "updated_at": draft.updated_at, "submitted_at": draft.submitted_at,
        "decided_at": draft.decided_at, "created_by": name_of(draft.created_by),
        "updated_by": name_of(draft.updated_by),
        "completeness": {"score": score, "missing": missing},
        "moved_since_start": draft.is_open and workflow.moved_since_start(draft),
    }


def version_out(version, changes=None) -> dict:
    """A version; its changes against the one before unless given."""
    if changes is None:
        before = (HubVersion.objects.filter(hub_id=version.hub_id)
                  .filter(Q(created_at__lt=version.created_at)
                          | Q(created_at=version.created_at, pk__lt=version.pk))
                  .order_by("-created_at", "-pk").first())
        changes = sheets.diff(before.sheet, version.sheet) if before else []
    return {"id": version.pk, "date": version.created_at, "user": name_of(version.user),
            "reason": version.reason, "changes": changes}


def hub_change(hub, version) -> dict:
    hub.refresh_from_db()
    return {"hub": hub_ref(hub), "version": version_out(version)}


# -- the draft --------------------------------------------------------------------------


@router.get("/{id_or_slug}/draft", response={200: DraftOut, **errors(401, 403, 404)},
            summary="The hub's open draft", url_name="api-draft")
@answers
def get_draft(request, id_or_slug: str):
    """The open draft of the hub (managers of the hub and coordinators): its state, the
    sheet, the coordinator's comment, its dates and how complete it is. 404 when the hub
    has no open draft."""
    return draft_out(open_draft(request, editable_hub(request, id_or_slug)))


@router.post("/{id_or_slug}/draft", response={200: DraftOut, **errors(400, 401, 403, 404, 409)},
             summary="Start the hub's draft")
@answers
def start_draft(request, id_or_slug: str):
    """The hub's open draft, started if there is none with the current fact-sheet and
    every contact person (managers of the hub and coordinators): the sheet to change and
    PUT back. 400 for an archived hub."""
    return draft_out(steps.edit(request.user, editable_hub(request, id_or_slug)))


@router.put("/{id_or_slug}/draft",
            response={200: DraftOut, **errors(400, 401, 403, 404, 409, 412, 422)},
            summary="Save the hub's draft", openapi_extra=SHEET_BODY)
@answers
def put_draft(request, id_or_slug: str):
    """Keep the whole fact-sheet sent as the hub's draft, starting one if there is none
    (managers of the hub and coordinators). Lists replace the hub's: the read API shows
    published contacts only, so start from the draft's sheet (POST .../draft) to keep the
    others. Nothing is public until a coordinator publishes it. A submitted or sent-back
    draft becomes a draft being edited again. 422 names every bad field; nothing is kept
    then. To be sure no one else saved the draft meanwhile, send the `updated_at` of the
    draft you started from in an `If-Match` header (empty when there was no draft): 412 if
    it changed."""
    hub = editable_hub(request, id_or_slug)
    doc = read_json(request)
    seen = request.headers.get("If-Match")
    if seen is not None and not same_draft(seen, steps.draft_of(request.user, hub)):
        return Status(412, {"detail": _("Someone saved this draft after the version you "
                                        "started from: read it again (GET .../draft), then "
                                        "save.")})
    return draft_out(steps.edit(request.user, hub, doc))


@router.post("/{id_or_slug}/draft/submit",
             response={200: DraftOut, **errors(400, 401, 403, 404, 409)},
             summary="Submit the draft for review")
@answers
def submit_draft(request, id_or_slug: str):
    """Ask the coordinators to publish the open draft (managers of the hub and
    coordinators). Submitting twice is fine; 409 when there is no open draft."""
    return draft_out(steps.submit(request.user, editable_hub(request, id_or_slug)))


@router.post("/{id_or_slug}/draft/withdraw",
             response={200: DraftOut, **errors(400, 401, 403, 404, 409)},
             summary="Withdraw the draft")
@answers
def withdraw_draft(request, id_or_slug: str):
    """Drop the open draft; the published sheet stays as it is (managers of the hub and
    coordinators). 409 when there is no open draft."""
    return draft_out(steps.withdraw(request.user, editable_hub(request, id_or_slug)))


@router.get("/{id_or_slug}/draft/changes", response={200: ChangesOut, **errors(401, 403, 404)},
            summary="What the draft changes")
@answers
def draft_changes(request, id_or_slug: str):
    """The open draft against the published sheet, field by field (managers of the hub and
    coordinators), and whether the published sheet moved since the draft began."""
    draft = open_draft(request, editable_hub(request, id_or_slug))
    return {"draft": draft.pk, "state": draft.state,
            "moved_since_start": workflow.moved_since_start(draft),
            "changes": workflow.changes(draft)}


@router.post("/{id_or_slug}/draft/publish",
             response={200: HubChange, **errors(400, 401, 403, 404, 409)},
             summary="Publish the submitted draft")
@answers
def publish_draft(request, id_or_slug: str):
    """Make the submitted draft the hub's public fact-sheet, kept as a new version
    (coordinators). 409 when the hub has no submitted draft."""
    hub = editable_hub(request, id_or_slug)
    return hub_change(hub, steps.publish(request.user, hub))


@router.post("/{id_or_slug}/draft/send-back",
             response={200: DraftOut, **errors(400, 401, 403, 404, 409, 422)},
             summary="Send the submitted draft back",
             openapi_extra=body_doc(SendBackIn, "What the managers should change."))
@answers
def send_back_draft(request, id_or_slug: str):
    """Return the submitted draft to the hub's managers with a comment, which they are
    e-mailed (coordinators). 400 without a comment or a submitted draft."""
    hub = editable_hub(request, id_or_slug)
    body = read_body(request, SendBackIn)
    return draft_out(steps.send_back(request.user, hub, body.comment))


# -- history ----------------------------------------------------------------------------


@router.get("/{id_or_slug}/history", response={200: list[VersionOut], **errors(401, 403, 404)},
            summary="The hub's versions")
@answers
def hub_history(request, id_or_slug: str):
    """Every version of the published fact-sheet, newest first: when, who, why and what
    changed from the version before (managers of the hub and coordinators)."""
    hub = editable_hub(request, id_or_slug)
    return [version_out(item["version"], item["changes"])
            for item in steps.history(request.user, hub)]


@router.post("/{id_or_slug}/history/{version_id}/revert",
             response={200: HubChange, **errors(400, 401, 403, 404, 409)},
             summary="Revert to an earlier version")
@answers
def revert_hub(request, id_or_slug: str, version_id: str):
    """Make an earlier version the published fact-sheet again, as a new version
    (coordinators). version_id is a numeric id from the hub's history."""
    hub = editable_hub(request, id_or_slug)
    pk = ascii_int(version_id, 1)
    exists = pk is not None and HubVersion.objects.filter(hub=hub, pk=pk).exists()
    if not exists and permissions.can_edit_hub(request.user, hub):  # they see the history
        raise HttpError(404, _("%(hub)s has no version with this id.") % {"hub": hub.name})
    return hub_change(hub, steps.revert(request.user, hub, pk))


# -- the hub ----------------------------------------------------------------------------


@router.post("/{id_or_slug}/confirm", response={200: Confirmed, **errors(401, 403, 404)},
             summary="Confirm the fact-sheet is still right")
@answers
def confirm_hub(request, id_or_slug: str):
    """Say that the published fact-sheet is still current, so that it is no longer listed
    as stale (managers of the hub and coordinators)."""
    hub = editable_hub(request, id_or_slug)
    steps.confirm_current(request.user, hub)
    hub.refresh_from_db()
    return {"hub": hub_ref(hub), "checked_at": hub.checked_at, "stale": workflow.is_stale(hub)}


@router.post("/{id_or_slug}/archive",
             response={200: HubChange, **errors(400, 401, 403, 404, 409, 422)},
             summary="Archive a hub",
             openapi_extra=body_doc(ArchiveIn, "Optional: why (an empty body is fine)."))
@answers
def archive_hub(request, id_or_slug: str):
    """Take the hub out of the public catalogue; its data and history stay, its open draft
    is withdrawn (coordinators)."""
    hub = editable_hub(request, id_or_slug)
    body = read_body(request, ArchiveIn)
    return hub_change(hub, steps.archive(request.user, hub, body.reason))


@router.post("/{id_or_slug}/restore", response={200: HubChange, **errors(400, 401, 403, 404, 409)},
             summary="Restore an archived hub")
@answers
def restore_hub(request, id_or_slug: str):
    """Put the hub back in the public catalogue (coordinators)."""
    hub = editable_hub(request, id_or_slug)
    return hub_change(hub, steps.restore(request.user, hub))


@answers
def register_hub(request):
    """A new hub, with its first draft holding the name and country given; it is not
    public until a coordinator publishes that draft (coordinators)."""
    body = read_body(request, RegisterIn)
    try:
        draft = steps.register(request.user, body.name, body.country)
    except sheets.SheetError as exc:  # the sheet's names for the body's fields
        raise BodyError([{**e, "field": e["field"].removeprefix("address.")}
                         for e in exc.errors]) from None
    return Status(201, draft_out(draft))


def add_register(hubs_router: Router):
    """POST /api/hubs shares its path with the search's GET /api/hubs, and ninja answers a
    path from one router only: so registering joins the router that holds GET /hubs.
    Call it before that router is added to the API."""
    hubs_router.add_api_operation(
        "", ["POST"], register_hub, auth=auth, tags=["editing"],
        response={201: DraftOut, **errors(400, 401, 403, 409, 422)}, summary="Register a hub",
        url_name="api-hubs-register",
        openapi_extra=body_doc(RegisterIn, "The new hub's name and country."))

"""The accounts API: who am I, my API tokens, claims and invitations.

The JSON twins of the accounts pages: the same permission functions
(dihub.accounts.permissions) and the same flows (dihub.accounts.flows). Every call needs
a person (a token or a session, see api_auth): 401 for anonymous, 403 for a person
without the right, 404 for an unknown object, 409 when the object's state does not allow
the step now (a claim already decided), 400 with {"detail": ...} for input that cannot be
used, 422 naming each bad field (dihub.schemas.FieldErrors) for a malformed body or path.
"""

from datetime import datetime

from allauth.account.models import EmailAddress
from django.utils.translation import gettext as _
from ninja import Field, Path, Router, Schema, Status
from ninja.errors import HttpError

from dihub.catalogue.models import Hub
from dihub.params import MAX_ID
from dihub.schemas import EMAIL, REQUIRED, TEXT, HubRef, errors

from . import erasure, flows, permissions
from .api_auth import auth
from .models import ApiToken, Claim

router = Router(tags=["accounts"], auth=auth)

ID = Path(..., ge=1, le=MAX_ID, description="numeric id")


ERRORS = errors(400, 401, 403, 404, 409, 422)


class EmailOut(Schema):
    email: str
    verified: bool
    primary: bool


class Me(Schema):
    id: int
    username: str
    email: str
    emails: list[EmailOut]
    date_joined: datetime
    roles: list[str] = Field(description="visitor is never one: company user, hub manager, "
                                         "evaluator, coordinator, administrator")
    coordinator: bool
    hubs: list[HubRef] = Field(description="the hubs I manage")
    auth: str = Field(description="how this call was authenticated: token or session")


class TokenIn(Schema):
    name: str = Field(description="what the token is for, 1-100 characters", max_length=100,
                      json_schema_extra=REQUIRED)


class TokenOut(Schema):
    id: int
    name: str
    prefix: str = Field(description="the secret's first characters, to tell tokens apart")
    created_at: datetime
    last_used_at: datetime | None = Field(description="updated at most once a minute")


class TokenCreated(TokenOut):
    secret: str = Field(description="shown this once: send it as 'Authorization: Bearer ...'")


class ClaimIn(Schema):
    message: str = Field("", description="who you are and your role at the hub",
                         max_length=4000, json_schema_extra=TEXT)


class RefuseIn(Schema):
    reason: str = Field(description="why, e-mailed to the person", min_length=1, max_length=4000,
                        json_schema_extra=REQUIRED)


class ClaimOut(Schema):
    id: int
    hub: HubRef
    username: str = Field(description="who claims")
    email: str = Field(description="their verified address when they claimed")
    domain_matches: bool = Field(description="the address's domain is the hub website's")
    message: str
    state: str = Field(description="pending, approved or refused")
    reason: str = Field(description="why it was refused")
    created_at: datetime
    decided_at: datetime | None


class InviteIn(Schema):
    email: str = Field(description="the address invited; only a person who verified it "
                                   "can accept", json_schema_extra=EMAIL)


class InvitationOut(Schema):
    id: int
    hub: HubRef
    email: str
    created_at: datetime
    expires_at: datetime
    accepted_at: datetime | None


class MembershipOut(Schema):
    hub: HubRef
    role: str
    created_at: datetime


# -- helpers ----------------------------------------------------------------------------


def hub_ref(hub) -> dict:
    return {"id": hub.pk, "slug": hub.slug, "name": hub.name, "validation": hub.validation,
            "url": hub.get_absolute_url()}


def token_out(token) -> dict:
    return {"id": token.pk, "name": token.name, "prefix": token.prefix,
            "created_at": token.created_at, "last_used_at": token.last_used_at}


def claim_out(claim) -> dict:
    return {"id": claim.pk, "hub": hub_ref(claim.hub), "username": claim.user.username,
            "email": claim.email, "domain_matches": claim.domain_matches,
            "message": claim.message, "state": claim.state, "reason": claim.reason,
            "created_at": claim.created_at, "decided_at": claim.decided_at}


def invitation_out(invitation) -> dict:
    return {"id": invitation.pk, "hub": hub_ref(invitation.hub), "email": invitation.email,
            "created_at": invitation.created_at, "expires_at": flows.expires_at(invitation),
            "accepted_at": invitation.accepted_at}


def membership_out(membership) -> dict:
    return {"hub": hub_ref(membership.hub), "role": membership.role,
            "created_at": membership.created_at}


def require(allowed: bool, message: str = ""):
    if not allowed:
        raise HttpError(403, message or _("You may not do this."))


def run(step, *args, **kwargs):
    """Call a flow; its refusals become 403, 409 or 400 with the flow's message."""
    try:
        return step(*args, **kwargs)
    except flows.NotAllowed as exc:
        raise HttpError(403, str(exc)) from None
    except flows.Conflict as exc:
        raise HttpError(409, str(exc)) from None
    except flows.Invalid as exc:
        raise HttpError(400, str(exc)) from None


def any_hub(key: str):
    """Any hub (published or not) by numeric id or slug; None when there is none."""
    return Hub.objects.by_key(key)


def pending_claim(pk) -> Claim:
    claim = Claim.objects.select_related("hub", "user").filter(pk=pk).first()
    if claim is None:
        raise HttpError(404, _("No claim with this id."))
    return claim


# -- who am I ---------------------------------------------------------------------------


@router.get("/me", response={200: Me, **ERRORS}, summary="Who am I", url_name="api-me")
def me(request):
    """The signed-in person (or the token's owner): addresses, roles, the hubs they manage."""
    user = request.user
    return {
        "id": user.pk, "username": user.get_username(), "email": user.email,
        "emails": list(EmailAddress.objects.filter(user=user)
                       .order_by("-primary", "email").values("email", "verified", "primary")),
        "date_joined": user.date_joined,
        "roles": permissions.role_names(user),
        "coordinator": permissions.is_coordinator(user),
        "hubs": [hub_ref(m.hub) for m in user.memberships.select_related("hub")],
        "auth": "token" if getattr(request, "api_token", None) else "session",
    }


# -- API tokens -------------------------------------------------------------------------


@router.get("/me/tokens", response={200: list[TokenOut], **ERRORS}, summary="My API tokens",
            url_name="api-tokens")
def list_tokens(request):
    """My unrevoked tokens, newest first. Secrets are never shown again."""
    return [token_out(t) for t in request.user.api_tokens.filter(revoked_at__isnull=True)]


@router.post("/me/tokens", response={201: TokenCreated, **ERRORS}, summary="Make an API token")
def create_token(request, body: TokenIn):
    """A new token; the answer holds its secret, this once. Only a signed-in session can
    make tokens (403 with a token): a leaked token cannot make more of itself."""
    require(getattr(request, "api_token", None) is None,
            _("Make new tokens while signed in (a session), not with a token."))
    token, secret = run(flows.create_token, request.user, body.name)
    return Status(201, {**token_out(token), "secret": secret})


@router.delete("/me/tokens/{token_id}", response={204: None, **ERRORS},
               summary="Revoke an API token")
def revoke_token(request, token_id: int = ID):
    """Revoke one of my tokens (it answers 401 from now on). Revoking twice is fine; another
    person's token is 404."""
    token = ApiToken.objects.filter(pk=token_id, user=request.user).first()
    if token is None:
        raise HttpError(404, _("You have no token with this id."))
    run(flows.revoke_token, token)
    return Status(204, None)


# -- claims -----------------------------------------------------------------------------


@router.post("/hubs/{id_or_slug}/claim", response={201: ClaimOut, **ERRORS},
             summary="Ask to manage a hub")
def claim_hub(request, id_or_slug: str, body: ClaimIn):
    """A claim of a published hub, for a coordinator to decide. A second claim of the same
    hub answers the pending one; a manager of the hub cannot claim it (400)."""
    hub = any_hub(id_or_slug)
    if hub is None or not flows.claimable(hub):
        raise HttpError(404, _("No published hub with this id or slug: only published hubs "
                               "can be claimed."))
    if not permissions.can_claim(request.user, hub):
        raise HttpError(400, _("You already manage %(hub)s.") % {"hub": hub.name})
    claim = run(flows.make_claim, request.user, hub, body.message)
    return Status(201, claim_out(claim))


@router.get("/claims", response={200: list[ClaimOut], **ERRORS}, summary="Pending claims")
def list_claims(request):
    """Every pending claim, newest first (coordinators)."""
    require(permissions.can_review_claims(request.user), _("Only coordinators review claims."))
    pending = Claim.objects.filter(state=Claim.State.PENDING).select_related("hub", "user")
    return [claim_out(c) for c in pending]


@router.post("/claims/{claim_id}/approve", response={200: ClaimOut, **ERRORS},
             summary="Approve a claim")
def approve_claim(request, claim_id: int = ID):
    """Make the claimant a manager of the hub and e-mail them (coordinators). A claim
    already decided answers 409."""
    require(permissions.can_review_claims(request.user), _("Only coordinators review claims."))
    claim = run(flows.approve, pending_claim(claim_id), request.user, request)
    return claim_out(claim)


@router.post("/claims/{claim_id}/refuse", response={200: ClaimOut, **ERRORS},
             summary="Refuse a claim")
def refuse_claim(request, body: RefuseIn, claim_id: int = ID):
    """Refuse a claim with a reason, which is e-mailed to the claimant (coordinators)."""
    require(permissions.can_review_claims(request.user), _("Only coordinators review claims."))
    claim = run(flows.refuse, pending_claim(claim_id), request.user, body.reason)
    return claim_out(claim)


# -- invitations ------------------------------------------------------------------------


@router.post("/hubs/{id_or_slug}/invitations", response={201: InvitationOut, **ERRORS},
             summary="Invite a manager of a hub")
def invite(request, id_or_slug: str, body: InviteIn):
    """E-mail an invitation to manage the hub, valid 14 days (managers of this hub and
    coordinators). The invitation's secret link goes only to the invited address."""
    hub = any_hub(id_or_slug)
    allowed = hub is not None and permissions.can_manage_members(request.user, hub)
    if hub is None or not (allowed or flows.claimable(hub)):
        raise HttpError(404, _("No hub with this id or slug."))  # unpublished ones stay unseen
    require(allowed, _("Only managers of %(hub)s and coordinators invite its managers.")
            % {"hub": hub.name})
    invitation = run(flows.invite, hub, body.email, request.user, request)
    return Status(201, invitation_out(invitation))


@router.post("/invitations/{token}/accept", response={200: MembershipOut, **ERRORS},
             summary="Accept an invitation")
def accept_invitation(request, token: str):
    """Become a manager of the invitation's hub: once, within 14 days, and only with a
    verified address equal to the invited one (403 otherwise)."""
    invitation = flows.open_invitation(token)
    if invitation is None:
        raise HttpError(404, _("No open invitation with this token: used, expired or "
                               "unknown."))
    return membership_out(run(flows.accept, invitation, request.user))


# -- personal data ----------------------------------------------------------------------


class EraseIn(Schema):
    password: str = Field(max_length=4096, description="the account's password, to confirm")


@router.get("/me/data", response={200: dict, **ERRORS}, summary="Download my data",
            url_name="api-my-data")
def my_data(request):
    """Everything dihub holds about me: account, roles, hubs, claims, invitations, tokens
    (without secrets), and where my addresses appear as a contact person (fact-sheets,
    drafts, history)."""
    return erasure.export(request.user)


@router.post("/me/erase", response={204: None, **ERRORS}, summary="Erase my account",
             url_name="api-erase")
def erase_me(request, body: EraseIn):
    """Delete my account and remove my addresses everywhere, history included (replaced
    by "[erased]"). Needs the password, even with a token. Cannot be undone."""
    if "\x00" in body.password or not request.user.check_password(body.password):
        raise HttpError(403, _("This is not your password."))
    erasure.erase_account(request.user)
    return Status(204, None)

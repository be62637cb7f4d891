"""Claims, invitations and API tokens: the steps, with their e-mails. The pages and the
API only call these, after asking dihub.accounts.permissions who may.

A step that cannot be done raises NotAllowed (the person may not: 403) or Invalid (the
input or the object's state does not allow it: 400), each with a message for the person."""

from datetime import timedelta

from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from dihub.catalogue.models import Validation

from . import tokens
from .domains import domain_matches
from .models import ApiToken, Claim, Invitation, Membership

INVITATION_DAYS = 14  # an invitation link works once, within this many days
MAX_TOKENS = 50  # unrevoked API tokens a person may hold
TOKEN_TOUCH_SECONDS = 60  # last_used_at is written at most this often


class NotAllowed(Exception):
    """The person may not do this (403); str() is the message for them."""


class Invalid(ValueError):
    """The input does not allow this (400)."""


class Conflict(Invalid):
    """The state of the object does not allow this now (409), e.g. a claim already
    decided: the same request may succeed in another state."""


def _text(value, label, max_length=4000, missing="") -> str:
    """Text a person wrote, stripped and checked: Invalid when empty (if `missing` says what
    to do then), too long, or holding a NUL character (which PostgreSQL refuses) or a lone
    surrogate (JSON can carry one, UTF-8 cannot: no database stores it). `label` names the
    text at the start of a sentence, translated ("The message")."""
    value = (value or "").strip()
    if missing and not value:
        raise Invalid(missing)
    if len(value) > max_length:
        raise Invalid(ngettext("%(field)s has at most %(count)d character.",
                               "%(field)s has at most %(count)d characters.", max_length)
                      % {"field": label, "count": max_length})
    if "\x00" in value:
        raise Invalid(_("%(field)s cannot hold a NUL character.") % {"field": label})
    if not value.isascii() and any("\ud800" <= c <= "\udfff" for c in value):
        raise Invalid(_("%(field)s is not valid Unicode text.") % {"field": label})
    return value


def _mail(template, to, context):
    subject, _, body = render_to_string(template, context).strip().partition("\n")
    send_mail(subject.strip(), body.strip() + "\n", None, [to])


def verified_email(user) -> str:
    """The person's verified primary address (or any verified one); "" if none."""
    addresses = EmailAddress.objects.filter(user=user, verified=True).order_by("-primary")
    first = addresses.first()
    return first.email if first else ""


def has_verified_address(user, email) -> bool:
    """Has the person verified this address (case-insensitive)?"""
    return EmailAddress.objects.filter(
        user=user, verified=True, email__iexact=email.strip()).exists()


def claimable(hub) -> bool:
    """Only published hubs can be claimed."""
    return hub.validation == Validation.PUBLISHED


def make_claim(user, hub, message) -> Claim:
    """A pending claim of a published hub; a second one for the same hub returns the first."""
    if not claimable(hub):
        raise Invalid(_("%(hub)s is not published: only published hubs can be claimed.")
                      % {"hub": hub.name})
    message = _text(message, _("The message"))
    pending = Claim.objects.filter(user=user, hub=hub, state=Claim.State.PENDING).first()
    if pending:
        return pending
    verified = verified_email(user)
    email = verified or user.email
    try:
        with transaction.atomic():
            return Claim.objects.create(
                user=user, hub=hub, message=message, email=email,
                domain_matches=bool(verified) and domain_matches(email, hub.website),
            )
    except IntegrityError:  # the same person's claim, sent twice at once
        return Claim.objects.get(user=user, hub=hub, state=Claim.State.PENDING)


def make_manager(user, hub) -> Membership:
    membership, _created = Membership.objects.get_or_create(
        user=user, hub=hub, defaults={"role": Membership.Role.MANAGER}
    )
    return membership


def _still_pending(claim) -> Claim:
    """The claim, locked, if no one decided it meanwhile; Invalid otherwise."""
    locked = Claim.objects.select_for_update().select_related("hub", "user").get(pk=claim.pk)
    if locked.state != Claim.State.PENDING:
        raise Conflict({Claim.State.APPROVED: _("This claim was already approved."),
                        Claim.State.REFUSED: _("This claim was already refused.")}
                       .get(locked.state, _("This claim was already decided.")))
    return locked


@transaction.atomic
def approve(claim, coordinator, request=None) -> Claim:
    claim = _still_pending(claim)
    claim.state, claim.decided_by, claim.decided_at = (
        Claim.State.APPROVED, coordinator, timezone.now())
    claim.save()
    make_manager(claim.user, claim.hub)
    url = reverse("accounts-home")
    _mail("accounts/email/claim_approved.txt", claim.email, {
        "claim": claim, "url": request.build_absolute_uri(url) if request else url})
    return claim


@transaction.atomic
def refuse(claim, coordinator, reason) -> Claim:
    reason = _text(reason, _("The reason"), missing=_("Give a reason to refuse a claim."))
    claim = _still_pending(claim)
    claim.state, claim.reason, claim.decided_by, claim.decided_at = (
        Claim.State.REFUSED, reason, coordinator, timezone.now())
    claim.save()
    _mail("accounts/email/claim_refused.txt", claim.email, {"claim": claim})
    return claim


def invite(hub, email, invited_by, request=None) -> Invitation:
    email = (email or "").strip()
    try:
        if len(email) > Invitation._meta.get_field("email").max_length:
            raise ValidationError("too long")
        validate_email(email)
        _text(email, "An address")  # the domain may hold a lone surrogate
    except (ValidationError, Invalid):
        raise Invalid(_("Not an e-mail address: %(address)s.")
                      % {"address": repr(email[:100])}) from None
    invitation = Invitation.objects.create(hub=hub, email=email, invited_by=invited_by)
    url = reverse("accounts-accept", args=[invitation.token])
    _mail("accounts/email/invitation.txt", email, {
        "invitation": invitation, "url": request.build_absolute_uri(url) if request else url})
    return invitation


def open_invitations():
    since = timezone.now() - timedelta(days=INVITATION_DAYS)
    return Invitation.objects.filter(accepted_at__isnull=True, created_at__gte=since)


def open_invitation(token):
    """The open invitation with this link token; None when there is none (or the token
    could not be one: no query for it)."""
    if not (isinstance(token, str) and 0 < len(token) <= 64
            and all(c.isascii() and (c.isalnum() or c in "-_") for c in token)):
        return None
    return open_invitations().select_related("hub", "invited_by").filter(token=token).first()


def expires_at(invitation):
    return invitation.created_at + timedelta(days=INVITATION_DAYS)


def may_accept(invitation, user) -> bool:
    """An invitation is for its address: only a person who verified it may accept."""
    return user.is_authenticated and has_verified_address(user, invitation.email)


@transaction.atomic
def accept(invitation, user) -> Membership:
    """Make the person a manager; only once, and only if they verified the invited address."""
    if not may_accept(invitation, user):
        raise NotAllowed(
            _("This invitation is for %(email)s. Sign in with that address, or add and "
              "verify it under E-mail addresses, to accept it.") % {"email": invitation.email})
    invitation = open_invitations().select_for_update().filter(pk=invitation.pk).first()
    if invitation is None:
        raise Conflict(_("This invitation was already used or has expired."))
    invitation.accepted_at, invitation.accepted_by = timezone.now(), user
    invitation.save()
    return make_manager(user, invitation.hub)


# -- API tokens -------------------------------------------------------------------------


def create_token(user, name) -> tuple[ApiToken, str]:
    """A new token and its secret: the secret is returned once and never stored."""
    name = _text(name, _("A token's name"), max_length=100,
                 missing=_("Give the token a name, e.g. what it is for."))
    if user.api_tokens.filter(revoked_at__isnull=True).count() >= MAX_TOKENS:
        raise Conflict(ngettext("You have %(count)d token: revoke one first.",
                                "You have %(count)d tokens: revoke one first.", MAX_TOKENS)
                       % {"count": MAX_TOKENS})
    secret = tokens.new_secret()
    token = ApiToken.objects.create(user=user, name=name, prefix=tokens.prefix_of(secret),
                                    key_hash=tokens.hash_secret(secret))
    return token, secret


def revoke_token(token) -> ApiToken:
    """Revoke a token (again: nothing changes)."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
            revoked_at=token.revoked_at)
    return token


def token_for_secret(secret) -> ApiToken | None:
    """The unrevoked token of an active person with this secret; None otherwise."""
    if not tokens.looks_like_secret(secret):
        return None
    return (ApiToken.objects.select_related("user")
            .filter(key_hash=tokens.hash_secret(secret), revoked_at__isnull=True,
                    user__is_active=True).first())


def mark_used(token) -> None:
    """Note that the token was used, at most once a minute (one UPDATE, no read)."""
    now = timezone.now()
    if token.last_used_at and now - token.last_used_at < timedelta(seconds=TOKEN_TOUCH_SECONDS):
        return
    token.last_used_at = now
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)

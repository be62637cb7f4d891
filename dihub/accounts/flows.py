"""Claims and invitations: the steps, with their e-mails. Views only call these."""

from datetime import timedelta

from allauth.account.models import EmailAddress
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from .domains import domain_matches
from .models import Claim, Invitation, Membership

INVITATION_DAYS = 14  # an invitation link works once, within this many days


def _mail(template, to, context):
    subject, _, body = render_to_string(template, context).strip().partition("\n")
    send_mail(subject.strip(), body.strip() + "\n", None, [to])


def verified_email(user) -> str:
    """The person's verified primary address (or any verified one); "" if none."""
    addresses = EmailAddress.objects.filter(user=user, verified=True).order_by("-primary")
    first = addresses.first()
    return first.email if first else ""


def make_claim(user, hub, message) -> Claim:
    """A pending claim; a second one for the same hub returns the first."""
    pending = Claim.objects.filter(user=user, hub=hub, state=Claim.State.PENDING).first()
    if pending:
        return pending
    email = verified_email(user) or user.email
    return Claim.objects.create(
        user=user, hub=hub, message=message, email=email,
        domain_matches=bool(verified_email(user)) and domain_matches(email, hub.website),
    )


def make_manager(user, hub) -> Membership:
    membership, _ = Membership.objects.get_or_create(
        user=user, hub=hub, defaults={"role": Membership.Role.MANAGER}
    )
    return membership


@transaction.atomic
def approve(claim, coordinator, request=None):
    claim.state, claim.decided_by, claim.decided_at = (
        Claim.State.APPROVED, coordinator, timezone.now())
    claim.save()
    make_manager(claim.user, claim.hub)
    url = reverse("accounts-home")
    _mail("accounts/email/claim_approved.txt", claim.email, {
        "claim": claim, "url": request.build_absolute_uri(url) if request else url})


def refuse(claim, coordinator, reason):
    claim.state, claim.reason, claim.decided_by, claim.decided_at = (
        Claim.State.REFUSED, reason, coordinator, timezone.now())
    claim.save()
    _mail("accounts/email/claim_refused.txt", claim.email, {"claim": claim})


def invite(hub, email, invited_by, request=None) -> Invitation:
    invitation = Invitation.objects.create(hub=hub, email=email, invited_by=invited_by)
    url = reverse("accounts-accept", args=[invitation.token])
    _mail("accounts/email/invitation.txt", email, {
        "invitation": invitation, "url": request.build_absolute_uri(url) if request else url})
    return invitation


def open_invitations():
    since = timezone.now() - timedelta(days=INVITATION_DAYS)
    return Invitation.objects.filter(accepted_at__isnull=True, created_at__gte=since)


@transaction.atomic
def accept(invitation, user) -> Membership:
    invitation.accepted_at, invitation.accepted_by = timezone.now(), user
    invitation.save()
    return make_manager(user, invitation.hub)

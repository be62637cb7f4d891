"""A person's data held by accounts, for a personal-data export, and the registry of the
other apps' parts.

``personal_data(user)`` answers plain JSON-ready values (strings, numbers, booleans,
ISO 8601 dates, lists and dicts). Other apps extend the export and the erasure with their
own parts: each registers a provider in its AppConfig.ready (`register("maturity", export,
erase)`), so that accounts imports none of them. Nothing secret is in the export: no
password hash, no token hash or secret, no invitation token (the link's secret).
"""

from collections.abc import Callable
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.db.models import Q

from .models import Claim, Invitation


def _date(value):
    return value.isoformat() if value else None


def _hub(hub):
    return {"id": hub.pk, "slug": hub.slug, "name": hub.name} if hub else None


def personal_data(user) -> dict:
    """Everything accounts holds about this person."""
    invitations = (Invitation.objects.filter(Q(invited_by=user) | Q(accepted_by=user))
                   .select_related("hub").order_by("created_at", "pk"))
    return {
        "account": {
            "id": user.pk,
            "username": user.get_username(),
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "date_joined": _date(user.date_joined),
            "last_login": _date(user.last_login),
            "is_active": user.is_active,
        },
        "email_addresses": [
            {"email": a.email, "verified": a.verified, "primary": a.primary}
            for a in EmailAddress.objects.filter(user=user).order_by("-primary", "email")
        ],
        "groups": sorted(user.groups.values_list("name", flat=True)),
        "memberships": [
            {"hub": _hub(m.hub), "role": m.role, "created_at": _date(m.created_at)}
            for m in user.memberships.select_related("hub").order_by("created_at", "pk")
        ],
        "claims": [
            {"hub": _hub(c.hub), "message": c.message, "email": c.email,
             "domain_matches": c.domain_matches, "state": c.state, "reason": c.reason,
             "created_at": _date(c.created_at), "decided_at": _date(c.decided_at)}
            for c in user.claims.select_related("hub").order_by("created_at", "pk")
        ],
        "claims_decided": [  # as a coordinator: which hub, what, when (not who claimed)
            {"hub": _hub(c.hub), "state": c.state, "decided_at": _date(c.decided_at)}
            for c in Claim.objects.filter(decided_by=user).select_related("hub")
            .order_by("decided_at", "pk")
        ],
        "invitations_sent": [
            {"hub": _hub(i.hub), "email": i.email, "created_at": _date(i.created_at),
             "accepted_at": _date(i.accepted_at)}
            for i in invitations if i.invited_by_id == user.pk
        ],
        "invitations_accepted": [
            {"hub": _hub(i.hub), "email": i.email, "created_at": _date(i.created_at),
             "accepted_at": _date(i.accepted_at)}
            for i in invitations if i.accepted_by_id == user.pk
        ],
        "api_tokens": [
            {"name": t.name, "prefix": t.prefix, "created_at": _date(t.created_at),
             "last_used_at": _date(t.last_used_at), "revoked_at": _date(t.revoked_at)}
            for t in user.api_tokens.order_by("created_at", "pk")
        ],
    }


@dataclass(frozen=True)
class Provider:
    """Another app's part of a person's data: export(user) -> JSON-ready data under `name`;
    erase(user) -> {kind: rows removed}, called inside the erasure's transaction before the
    account is deleted."""

    name: str
    export: Callable
    erase: Callable


PROVIDERS: dict[str, Provider] = {}


def register(name: str, export: Callable, erase: Callable):
    PROVIDERS[name] = Provider(name, export, erase)


def providers() -> list[Provider]:
    return list(PROVIDERS.values())

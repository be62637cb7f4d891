"""Who may do what: plain functions used by the pages and, later, the API.

Roles: visitor (anonymous), company user (signed in), hub manager (a Membership),
evaluator and coordinator (Django groups), administrator (superuser, all rights)."""

from django.utils.translation import gettext_lazy as _

from .models import Membership

EVALUATOR, COORDINATOR = "evaluator", "coordinator"


def _in_group(user, name) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return user.groups.filter(name=name).exists()


def is_coordinator(user) -> bool:
    return _in_group(user, COORDINATOR)


def is_evaluator(user) -> bool:
    return _in_group(user, EVALUATOR)


def is_manager(user, hub) -> bool:
    return user.is_authenticated and Membership.objects.filter(
        user=user, hub=hub, role=Membership.Role.MANAGER
    ).exists()


def can_edit_hub(user, hub) -> bool:
    return is_manager(user, hub) or is_coordinator(user)


def can_publish(user, hub) -> bool:
    return is_coordinator(user)


def can_manage_members(user, hub) -> bool:
    """Invite co-managers of this hub."""
    return is_manager(user, hub) or is_coordinator(user)


def can_claim(user, hub) -> bool:
    return user.is_authenticated and not is_manager(user, hub)


def can_review_claims(user) -> bool:
    return is_coordinator(user)


def role_names(user) -> list[str]:
    """The roles a person holds, for their dashboard."""
    if not user.is_authenticated:
        return ["visitor"]
    roles = ["company user"]
    if user.memberships.exists():
        roles.append("hub manager")
    if is_evaluator(user):
        roles.append("evaluator")
    if is_coordinator(user):
        roles.append("coordinator")
    if user.is_superuser:
        roles.append("administrator")
    return roles


ROLE_LABELS = {"visitor": _("visitor"), "company user": _("company user"),
               "hub manager": _("hub manager"), "evaluator": _("evaluator"),
               "coordinator": _("coordinator"), "administrator": _("administrator")}


def role_labels(user) -> list[str]:
    """role_names in the reader's language (the API keeps the names)."""
    return [str(ROLE_LABELS.get(name, name)) for name in role_names(user)]

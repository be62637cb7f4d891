"""Who sees an assessment's answers and scores. Plain functions, asked by the pages, the
API, the exports and the aggregates alike.

An assessment is seen by

- the members of its company (the people who act for it),
- the person who started it (a company user, or a hub manager for a customer),
- the managers of every hub it is shared with (`shared_with`; the assessment's own hub,
  the one that supports the company, is shared automatically when it is started).

Nobody else: not coordinators, not administrators (outside Django's admin), not the
managers of other hubs, not anonymous visitors. The pages and the API answer 404 to them,
so that whether an assessment exists does not leak. Aggregates over many companies are
public only with small cells suppressed (dihub.maturity.aggregates).

Editing the answers: the company's members and the person who started it, until it is
completed. Sharing with a hub, or taking a share back: the company's members only.
"""

from django.db.models import Exists, OuterRef, Q

from dihub.accounts.models import Membership
from dihub.catalogue.models import Hub

from .models import Assessment, Company


def managed_hubs(user):
    """The hubs the person manages (a queryset)."""
    if not user.is_authenticated:
        return Hub.objects.none()
    return Hub.objects.filter(memberships__user=user,
                              memberships__role=Membership.Role.MANAGER).distinct()


def manages(user, hub) -> bool:
    return bool(user.is_authenticated and hub is not None and Membership.objects.filter(
        user=user, hub=hub, role=Membership.Role.MANAGER).exists())


def is_member(user, company) -> bool:
    return bool(user.is_authenticated and company is not None
                and company.members.filter(pk=user.pk).exists())


def can_see(user, assessment) -> bool:
    if not user.is_authenticated or assessment is None:
        return False
    if assessment.created_by_id == user.pk or is_member(user, assessment.company):
        return True
    return assessment.shared_with.filter(
        memberships__user=user, memberships__role=Membership.Role.MANAGER).exists()


def visible_assessments(user):
    """Every assessment the person may see (a queryset without duplicates)."""
    if not user.is_authenticated:
        return Assessment.objects.none()
    member = Company.members.through.objects.filter(company=OuterRef("company_id"), user=user)
    shared = Assessment.shared_with.through.objects.filter(
        assessment=OuterRef("pk"), hub__memberships__user=user,
        hub__memberships__role=Membership.Role.MANAGER)
    return Assessment.objects.filter(Q(Exists(member)) | Q(created_by=user) | Q(Exists(shared)))


def can_edit(user, assessment) -> bool:
    """May change the answers (while the assessment is not completed)."""
    return bool(user.is_authenticated and (
        assessment.created_by_id == user.pk or is_member(user, assessment.company)))


def can_share(user, assessment) -> bool:
    """May share the assessment with a hub, or take a share back."""
    return is_member(user, assessment.company)


def shared_with_hub(hub):
    """The assessments a hub's managers see: those shared with the hub."""
    return Assessment.objects.filter(shared_with=hub)


def hub_companies(hub):
    """The hub's customers: companies with an assessment shared with the hub."""
    return Company.objects.filter(
        Exists(Assessment.shared_with.through.objects.filter(
            hub=hub, assessment__company=OuterRef("pk"))))


def can_act_for(user, company, hub=None) -> bool:
    """May start an assessment of this company: a member; the person who made the company
    record; a manager of `hub` when the company is a customer of that hub."""
    if not user.is_authenticated:
        return False
    if company.created_by_id == user.pk or is_member(user, company):
        return True
    return manages(user, hub) and hub_companies(hub).filter(pk=company.pk).exists()


def can_manage_members(user, company) -> bool:
    """May add or remove the people who act for a company: its members, and the person who
    made the company record (a hub manager, for a customer, hands it over this way)."""
    return bool(user.is_authenticated and company is not None and (
        company.created_by_id == user.pk or is_member(user, company)))

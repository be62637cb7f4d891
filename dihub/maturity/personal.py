"""A person's part of the maturity data, for the personal-data export and erasure
(dihub.accounts.erasure): the companies they act for and the assessments they started.
Registered with accounts in MaturityConfig.ready."""

from django.db.models import Count, Q

from .models import Assessment, Company


def export(user) -> dict:
    assessments = (Assessment.objects.filter(Q(created_by=user) | Q(company__members=user))
                   .select_related("company", "hub").distinct().order_by("created_at", "pk"))
    return {
        "companies": [{"name": c.name, "country": c.country}
                      for c in user.companies.order_by("name", "pk")],
        "assessments": [
            {"company": a.company.name, "questionnaire": a.questionnaire, "version": a.version,
             "phase": a.phase, "hub": a.hub.name if a.hub else None, "answers": a.answers,
             "overall": a.overall, "level": a.level, "dimensions": a.dimensions,
             "created_at": a.created_at.isoformat(),
             "completed_at": a.completed_at.isoformat() if a.completed_at else None}
            for a in assessments],
    }


def erase(user) -> dict:
    """Companies that only this person acted for, and that no hub's customer records hold
    (no assessment shared with a hub), go with their assessments; the rest stays, without
    the person."""
    own = (Company.objects.filter(pk__in=user.companies.values("pk"))
           .annotate(people=Count("members", distinct=True),
                     shared=Count("assessments__shared_with", distinct=True))
           .filter(people=1, shared=0))
    companies = own.count()
    assessments = Assessment.objects.filter(company__in=own).count()
    Company.objects.filter(pk__in=list(own.values_list("pk", flat=True))).delete()
    return {"companies": companies, "assessments": assessments}

"""People, hubs, companies and assessments for the DMA tests, straight through the ORM
and the domain functions."""

from datetime import timedelta
from statistics import fmean

from django.utils import timezone

from dihub.accounts.models import Membership
from dihub.accounts.tests.helpers import person
from dihub.catalogue.tests.factories import make_hub
from dihub.maturity import loader, scoring
from dihub.maturity.models import Assessment, Company

SME_DIMENSIONS = tuple(d.key for d in loader.get("sme", 1).dimensions)

# the profile and every step of the SME questionnaire, valid (the worked example's
# module 2: overall 32.26, Average; see test_scoring.WORKED)
PROFILE = {"company_name": "Acme Tools", "size_class": "small", "sector_primary": "c",
           "country": "BE", "nuts_region": "BE24"}


def hub(name="Hub A", **fields):
    return make_hub(name, **fields)


def manager(email, *hubs):
    user = person(email)
    for h in hubs:
        Membership.objects.create(user=user, hub=h, role=Membership.Role.MANAGER)
    return user


def company(name, *members, created_by=None, key=None):
    made = Company.objects.create(name=name, created_by=created_by,
                                  **({"key": key} if key else {}))
    made.members.add(*members)
    return made


def scores(*values):
    """Dimension scores in the SME order; fewer values repeat the last."""
    values = list(values) + [values[-1]] * (len(SME_DIMENSIONS) - len(values))
    return dict(zip(SME_DIMENSIONS, values, strict=True))


def done(company, dims, *, hub=None, phase="", baseline=None, days_ago=0, sector="C",
         region=None, shared=None, created_by=None, questionnaire="sme", answers=None):
    """A completed assessment with these dimension scores (the overall is their mean),
    shared with `shared` (default: its hub)."""
    overall = fmean(dims.values())
    made = Assessment.objects.create(
        company=company, questionnaire=questionnaire, version=1, hub=hub, phase=phase,
        baseline=baseline, answers=answers or {}, dimensions=dims, overall=overall,
        level=scoring.level(overall), completed_at=timezone.now() - timedelta(days=days_ago),
        sector=sector, region=region, created_by=created_by)
    made.shared_with.add(*(shared if shared is not None else ([hub] if hub else [])))
    return made

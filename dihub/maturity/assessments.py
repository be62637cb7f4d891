"""Stored assessments: start one, save answers step by step, complete it, share it, link
a T1 to its T0 and measure the progress. The pages, the API, the CSV import and the
commands only call these, after asking dihub.maturity.privacy who may see what.

A step that cannot be done raises NotAllowed (the person may not: 403, or 404 where the
assessment must not be seen), Invalid (the input does not allow it: 400), Conflict (the
state does not allow it now: 409) or NotFound (what it names does not exist: 404);
refused answers raise InvalidAnswers, an Invalid whose .errors are scoring.AnswerError
(question, item, reason, message), and nothing of them is kept.

An assessment is answered against the questionnaire version current when it was started
and keeps it (`version`): later versions never change old answers or scores.
"""

import re
from dataclasses import dataclass
from functools import lru_cache
from statistics import fmean

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dihub.accounts import flows
from dihub.catalogue.models import Hub, Validation
from dihub.regions.countries import nuts_country
from dihub.regions.models import Region

from . import i18n, loader, privacy, scoring
from .models import Assessment, Company

PHASES = {"": "Self-assessment", "t0": "T0 (before the hub's support)",
          "t1": "T1 (after the hub's support)"}
MISSING = "missing"  # the reason of a required question left unanswered
REASONS = {**scoring.REASONS, MISSING: "a required question is not answered"}
NAME_QUESTIONS = ("company_name", "organisation_name")  # module 1: who answers
SECTOR_QUESTIONS = ("sector_primary",)
SIZE_QUESTIONS = ("size_class", "staff_size")
_NUTS = re.compile(r"^[A-Z]{2}[0-9A-Z]{0,3}$")
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")  # PostgreSQL refuses NUL; no lone surrogate


class NotAllowed(flows.NotAllowed):
    """The person may not do this; str() is the message for them."""


class Invalid(flows.Invalid):
    """The input, or the assessment's state, does not allow this."""


class Conflict(Invalid):
    """The state does not allow this now (the same request may succeed later)."""


class NotFound(Invalid):
    """What the request names does not exist."""


class InvalidAnswers(Invalid):
    """Answers refused: .errors lists each (question, item, reason, message)."""

    def __init__(self, errors):
        self.errors = list(errors)
        first = "; ".join(e.message for e in self.errors[:3])
        n = len(self.errors)
        text = _("%(n)s invalid answer(s): %(first)s") % {"n": n, "first": first}
        if n > 3:
            text += " " + _("(and %(n)s more)") % {"n": n - 3}
        super().__init__(text)


# -- steps -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Step:
    """One page of the questionnaire: an unscored module (the profile) or a dimension."""

    index: int
    key: str
    title: str
    description: str
    questions: tuple  # loader.Question
    profile: bool


@lru_cache(maxsize=32)
def steps(definition: loader.Questionnaire) -> tuple[Step, ...]:
    out = []
    for module in definition.modules:
        if not module.scored:
            out.append(Step(len(out), module.key, module.title, module.description,
                            tuple(definition.question(k) for k in module.questions), True))
            continue
        for d in definition.dimensions:
            if d.questions and definition.question(d.questions[0]).module == module.key:
                out.append(Step(len(out), d.key, d.name, d.description,
                                tuple(definition.question(k) for k in d.questions), False))
    return tuple(out)


def definition_of(assessment) -> loader.Questionnaire:
    return loader.get(assessment.questionnaire, assessment.version)


def missing(definition, answers, keys=None) -> list[scoring.AnswerError]:
    """The required questions (of `keys`, or all) that the answers leave unanswered."""
    out = []
    for q in definition.questions:
        if q.required and (keys is None or q.key in keys):
            value = answers.get(q.key)
            if value is None or (isinstance(value, str) and not value.strip()):
                out.append(scoring.AnswerError(q.key, None, MISSING,
                                               f"{q.key}: an answer is required"))
    return out


# -- the profile, copied for peers and aggregates ----------------------------------------------

def _first(answers, keys) -> str:
    for key in keys:
        value = answers.get(key)
        if isinstance(value, str) and value:
            return value
    return ""


def region_for(code: str, country: str = ""):
    """The deepest known region of a NUTS code (DE212 -> DE212, DE21, DE2 or DE), else the
    country's; None when none is known."""
    codes = []
    code = (code or "").strip().upper()
    if _NUTS.match(code):
        codes += [code[:n] for n in range(len(code), 1, -1)]
    country = (country or "").strip().upper()
    if len(country) == 2 and country.isalpha():
        codes.append(nuts_country(country))
    if not codes:
        return None
    found = {r.code: r for r in Region.objects.filter(code__in=codes)}
    return next((found[c] for c in codes if c in found), None)


def copy_profile(assessment, definition=None):
    """Sector, size class and region from the answers of module 1."""
    answers = assessment.answers or {}
    assessment.sector = _first(answers, SECTOR_QUESTIONS).upper()[:2]
    assessment.size_class = _first(answers, SIZE_QUESTIONS)[:20]
    assessment.region = region_for(answers.get("nuts_region") or "",
                                   answers.get("country") or "")


# -- start --------------------------------------------------------------------------------------

def _name(value) -> str:
    if not isinstance(value, str):
        raise Invalid(_("Give the company's name."))
    value = " ".join(value.split())
    if not value:
        raise Invalid(_("Give the company's name."))
    if len(value) > 200:
        raise Invalid(_("The company's name has at most 200 characters."))
    if _UNSTORABLE.search(value):
        raise Invalid(_("The company's name cannot hold a NUL character."))
    return value


def _company(user, company, hub, as_hub) -> Company:
    if isinstance(company, Company):
        if not privacy.can_act_for(user, company, hub if as_hub else None):
            raise NotAllowed(_("You do not act for this company."))
        return company
    name = _name(company)
    if as_hub:  # a customer of the hub, or a new company record without members
        found = privacy.hub_companies(hub).filter(name__iexact=name).order_by("pk").first()
        return found or Company.objects.create(name=name, created_by=user)
    found = user.companies.filter(name__iexact=name).order_by("pk").first()
    if found:
        return found
    made = Company.objects.create(name=name, created_by=user)
    made.members.add(user)
    return made


def latest_t0(company, hub, exclude=None):
    """The latest completed T0 of the company with this hub."""
    found = Assessment.objects.filter(company=company, hub=hub, phase="t0",
                                      completed_at__isnull=False)
    if exclude is not None:
        found = found.exclude(pk=exclude.pk)
    return found.order_by("-completed_at", "-pk").first()


def check_baseline(t1_company, hub, baseline):
    if not (baseline.company_id == t1_company.pk and baseline.hub_id == getattr(hub, "pk", None)
            and baseline.phase == "t0" and baseline.is_complete):
        raise Conflict(_("The baseline must be a completed T0 of the same company with the "
                      "same hub."))


def start(user, questionnaire, company, *, hub=None, phase="", baseline=None,
          as_hub=False) -> Assessment:
    """A new assessment on the current version of `questionnaire`.

    company: a Company the person acts for, or a name: a company user's company of that
    name (made, with them as member, if they have none); with as_hub=True, a manager of
    `hub` starts it for a customer: the hub's customer of that name, or a new company
    record. hub: the hub that supports the company (shared automatically); T0 and T1
    need one. phase: "", "t0" or "t1"; a T1 is linked to `baseline` or else to the
    company's latest completed T0 with the same hub (Invalid when there is none)."""
    if not user.is_authenticated:
        raise NotAllowed(_("Sign in to take an assessment."))
    try:
        definition = loader.get(questionnaire if isinstance(questionnaire, str) else "")
    except loader.UnknownQuestionnaire as exc:
        raise Invalid(str(exc)) from None
    if phase not in PHASES:
        raise Invalid(_("phase: expected one of %(phases)s") % {
            "phases": ", ".join(repr(p) for p in PHASES)})
    if hub is not None and not isinstance(hub, Hub):
        raise Invalid(_("hub: not a hub"))
    if as_hub:
        if not privacy.manages(user, hub):
            raise NotAllowed(_("Only the hub's managers start assessments for its customers."))
    elif hub is not None and hub.validation != Validation.PUBLISHED:
        raise Invalid(_("Choose a published hub."))
    if phase and hub is None:
        raise Invalid(_("T0 and T1 are taken with a hub: choose the hub that supports the "
                      "company."))
    if baseline is not None and phase != "t1":
        raise Invalid(_("Only a T1 has a baseline."))
    with transaction.atomic():
        company = _company(user, company, hub, as_hub)
        if phase == "t1":
            if baseline is None:
                baseline = latest_t0(company, hub)
                if baseline is None:
                    raise Conflict(_("%(company)s has no completed T0 with %(hub)s: take "
                                     "the T0 first.") % {"company": company.name,
                                                         "hub": hub.name})
            check_baseline(company, hub, baseline)
        answers = {}
        for key in NAME_QUESTIONS:
            q = definition.question(key)
            if q is not None:
                answers[key] = company.name[: q.max_length or None]
        if company.country and definition.question("country") is not None:
            answers["country"] = company.country
        made = Assessment(company=company, questionnaire=definition.key,
                          version=definition.version, answers=answers, hub=hub, phase=phase,
                          baseline=baseline, created_by=user)
        copy_profile(made, definition)
        made.save()
        if hub is not None:
            made.shared_with.add(hub)
    return made


# -- answers ------------------------------------------------------------------------------------

def _locked(assessment):
    """The assessment again, locked for the transaction, still open."""
    fresh = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if fresh.is_complete:
        raise Conflict(_("This assessment is completed: its answers no longer change. Start a "
                      "new one to measure again."))
    return fresh


def save_answers(assessment, answers, user, *, step=None, require=()) -> Assessment:
    """Merge answers for some questions (an answer None clears the question).

    Only what is sent is validated; any problem refuses the whole lot (InvalidAnswers)
    and nothing is kept. `require`: question keys that must be answered now (the required
    questions of a step the person moves on from). `step`: where to resume."""
    if not privacy.can_edit(user, assessment):
        raise NotAllowed(_("Only the company's members and the person who started it change "
                         "its answers."))
    definition = definition_of(assessment)
    errors = scoring.validate(definition, answers)
    if not errors and require:
        merged = {**assessment.answers, **answers}
        errors = missing(definition, merged, set(require))
    if errors:
        raise InvalidAnswers(errors)
    with transaction.atomic():
        fresh = _locked(assessment)
        merged = dict(fresh.answers)
        for key, value in answers.items():
            if value is None:
                merged.pop(key, None)
            else:
                merged[key] = value
        fresh.answers = merged
        if step is not None:
            fresh.step = max(0, min(int(step), len(steps(definition)) - 1))
        copy_profile(fresh, definition)
        fresh.save()
    assessment.refresh_from_db()
    return assessment


def problems(assessment) -> list[scoring.AnswerError]:
    """What stops the assessment from being completed: invalid or missing answers."""
    definition = definition_of(assessment)
    return (scoring.validate(definition, assessment.answers)
            or missing(definition, assessment.answers))


def complete(assessment, user=None) -> Assessment:
    """Score the answers and keep the scores (overall, level, dimension: score), the
    completion time and the profile; a T1 without a baseline gets the latest T0. `user`:
    who completes it (None: the system, e.g. an import)."""
    if user is not None and not privacy.can_edit(user, assessment):
        raise NotAllowed(_("Only the company's members and the person who started it "
                         "complete it."))
    definition = definition_of(assessment)
    with transaction.atomic():
        fresh = _locked(assessment)
        if errors := (scoring.validate(definition, fresh.answers)
                      or missing(definition, fresh.answers)):
            raise InvalidAnswers(errors)
        store_scores(fresh, definition)
        fresh.completed_at = timezone.now()
        if fresh.phase == "t1" and fresh.baseline_id is None:
            fresh.baseline = latest_t0(fresh.company, fresh.hub, exclude=fresh)
        fresh.save()
    assessment.refresh_from_db()
    return assessment


def store_scores(assessment, definition=None):
    definition = definition or definition_of(assessment)
    scores = scoring.score(definition, assessment.answers)
    assessment.overall, assessment.level = scores.overall, scores.level
    assessment.dimensions = {d.key: d.score for d in scores.dimensions}
    copy_profile(assessment, definition)
    return scores


def scores_of(assessment):
    """The scoring.Scores of the answers as they stand; None when they cannot be scored."""
    try:
        return scoring.score(definition_of(assessment), assessment.answers)
    except (scoring.InvalidAnswers, loader.UnknownQuestionnaire):
        return None


# -- sharing ------------------------------------------------------------------------------------

def share(assessment, hub, user):
    """Let the managers of `hub` see the assessment (company members only)."""
    if not privacy.can_share(user, assessment):
        raise NotAllowed(_("Only the company's members share its assessments."))
    if not isinstance(hub, Hub) or hub.validation != Validation.PUBLISHED:
        raise Invalid(_("Choose a published hub to share with."))
    assessment.shared_with.add(hub)


def unshare(assessment, hub, user):
    """Take a share back: the hub's managers no longer see the assessment."""
    if not privacy.can_share(user, assessment):
        raise NotAllowed(_("Only the company's members share its assessments."))
    assessment.shared_with.remove(hub)


def set_shares(assessment, hubs, user):
    """Share with exactly these hubs."""
    if not privacy.can_share(user, assessment):
        raise NotAllowed(_("Only the company's members share its assessments."))
    hubs = list(hubs)
    if any(h.validation != Validation.PUBLISHED for h in hubs
           if h not in assessment.shared_with.all()):
        raise Invalid(_("Choose published hubs to share with."))
    assessment.shared_with.set(hubs)


# -- T0 and T1 ----------------------------------------------------------------------------------

def progress(t1) -> dict:
    """A T1 against its T0: each dimension's and the overall score at T0 and T1 and the
    change (T1 - T0). Invalid when it is not a completed T1 with a completed baseline."""
    t0 = t1.baseline
    if t1.phase != "t1" or t0 is None or not (t1.is_complete and t0.is_complete):
        raise Conflict(_("Progress is measured between a completed T1 and its completed T0."))
    definition = i18n.localize(definition_of(t1))
    dims = [{"key": d.key, "name": d.name, "t0": t0.dimensions.get(d.key),
             "t1": t1.dimensions.get(d.key)} for d in definition.dimensions]
    for d in dims:
        d["change"] = None if d["t0"] is None or d["t1"] is None else d["t1"] - d["t0"]
    return {
        "questionnaire": t1.questionnaire, "company": t1.company.name,
        "hub": t1.hub.name if t1.hub else "",
        "t0": {"id": t0.pk, "completed_at": t0.completed_at, "overall": t0.overall,
               "level": t0.level},
        "t1": {"id": t1.pk, "completed_at": t1.completed_at, "overall": t1.overall,
               "level": t1.level},
        "overall": {"t0": t0.overall, "t1": t1.overall, "change": t1.overall - t0.overall},
        "dimensions": dims,
    }


def _mean(values):
    values = [v for v in values if v is not None]
    return fmean(values) if values else None


def hub_pairs(hub):
    """The hub's T0/T1 pairs: the latest completed T1 of each company with the hub, whose
    completed T0 is shared with the hub too."""
    t1s = (Assessment.objects
           .filter(shared_with=hub, hub=hub, phase="t1", completed_at__isnull=False,
                   baseline__completed_at__isnull=False, baseline__shared_with=hub)
           .select_related("baseline", "company")
           .order_by("company_id", "questionnaire", "-completed_at", "-pk"))
    seen, out = set(), []
    for t1 in t1s:
        if (t1.company_id, t1.questionnaire) not in seen:
            seen.add((t1.company_id, t1.questionnaire))
            out.append(t1)
    return out


def hub_progress(hub) -> list[dict]:
    """Per questionnaire: the number of pairs and the mean score at T0, at T1 and the mean
    change, overall and per dimension, over the hub's pairs (hub_pairs)."""
    groups: dict[str, list] = {}
    for t1 in hub_pairs(hub):
        groups.setdefault(t1.questionnaire, []).append(t1)
    out = []
    for key in sorted(groups):
        pairs = groups[key]
        definition = i18n.localize(loader.get(key))
        dims = []
        for d in definition.dimensions:
            both = [(t.baseline.dimensions.get(d.key), t.dimensions.get(d.key)) for t in pairs]
            both = [(a, b) for a, b in both if a is not None and b is not None]
            dims.append({"key": d.key, "name": d.name, "pairs": len(both),
                         "t0": _mean(a for a, _ in both), "t1": _mean(b for _, b in both),
                         "change": _mean(b - a for a, b in both)})
        out.append({
            "questionnaire": key, "title": definition.title, "pairs": len(pairs),
            "overall": {"t0": _mean(t.baseline.overall for t in pairs),
                        "t1": _mean(t.overall for t in pairs),
                        "change": _mean(t.overall - t.baseline.overall for t in pairs)},
            "dimensions": dims,
        })
    return out

"""The DMA pages under /maturity/: the landing page, starting and answering an assessment
step by step (usable without JavaScript), my assessments and their sharing, the hub's
customers, T0/T1 progress, aggregates, CSV export and import. Thin: they ask
dihub.maturity.privacy and call dihub.maturity.assessments, aggregates and csvio, as the
API does.

An assessment the person may not see answers 404, whether or not it exists, to anonymous
visitors too (the pages of one assessment do not send them to sign in)."""

import io
from datetime import UTC, datetime
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from dihub.accounts import permissions
from dihub.bodylimit import FORM_FRAMING, body_limit
from dihub.catalogue.models import Hub

from . import aggregates, assessments, companies, csvio, i18n, loader, privacy, scoring
from .forms import ImportForm, ShareForm, StartForm, describe_phase, published_hubs
from .models import Assessment, Company

ACTIONS = ("next", "back", "leave", "finish")


def report_url(assessment) -> str:
    """The report page (maturity-report) when it exists, else the summary."""
    try:
        return reverse("maturity-report", args=[assessment.pk])
    except NoReverseMatch:
        return reverse("maturity-summary", args=[assessment.pk])


def _visible(request, pk) -> Assessment:
    """The assessment if the person may see it; 404 otherwise (existence does not leak)."""
    if not (0 < pk < 2**63):
        raise Http404
    found = (privacy.visible_assessments(request.user)
             .select_related("company", "hub", "baseline").filter(pk=pk).first())
    if found is None:
        raise Http404(_("No assessment here."))
    return found


def _managed_hub(request, slug) -> Hub:
    hub = get_object_or_404(Hub, slug=slug)
    if not privacy.manages(request.user, hub):
        raise PermissionDenied
    return hub


def _row(a, user=None) -> dict:
    """What the lists show of one assessment."""
    try:
        definition = i18n.localize(assessments.definition_of(a))
        title, count = definition.title, len(assessments.steps(definition))
    except loader.UnknownQuestionnaire:
        title, count = a.questionnaire, 1
    return {"a": a, "title": title, "steps": count, "step": min(a.step, count - 1) + 1,
            "phase": describe_phase(a.phase),
            "level_name": i18n.level_name(a.level),
            "report": report_url(a) if a.is_complete else "",
            "progress": (reverse("maturity-progress", args=[a.pk])
                         if a.phase == "t1" and a.is_complete and a.baseline_id else ""),
            "member": user is not None and privacy.is_member(user, a.company)}


# -- landing, start ---------------------------------------------------------------------------

def home(request):
    user = request.user
    return render(request, "maturity/home.html", {
        "questionnaires": i18n.available(),
        "hubs": privacy.managed_hubs(user) if user.is_authenticated else [],
        "coordinator": permissions.is_coordinator(user),
        "mine": _mine(user).count() if user.is_authenticated else 0,
        "json_url": reverse("api-1:maturity-questionnaires"),
    })


def _start(request, form, hub=None):
    data = form.cleaned_data
    try:
        made = assessments.start(
            request.user, data["questionnaire"], data["company"],
            hub=hub if hub is not None else data.get("hub"), phase=data.get("phase") or "",
            as_hub=hub is not None)
    except (assessments.Invalid, assessments.NotAllowed) as exc:
        form.add_error(None, str(exc))
        return None
    return redirect("maturity-step", made.pk, 0)


@login_required
def start(request):
    initial = {"questionnaire": request.GET.get("questionnaire", "sme")}
    form = StartForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        if done := _start(request, form):
            return done
    return render(request, "maturity/start.html", {
        "form": form, "companies": request.user.companies.all()[:100]})


@login_required
def hub_start(request, slug):
    hub = _managed_hub(request, slug)
    initial = {"questionnaire": request.GET.get("questionnaire", "sme")}
    form = StartForm(request.POST or None, initial=initial, hubs=[hub])
    if request.method == "POST" and form.is_valid():
        if done := _start(request, form, hub=hub):
            return done
    return render(request, "maturity/start.html", {
        "form": form, "hub": hub,
        "companies": privacy.hub_companies(hub).order_by("name")[:500]})


# -- answering --------------------------------------------------------------------------------

def _checked_id(*parts) -> str:
    return "-".join(str(p) for p in parts)


def _question_view(q, answer, errors) -> dict:
    """A question as the template draws it: its inputs with their state."""
    view = {"q": q, "id": f"q-{q.key}", "errors": errors, "type": q.type}
    if q.type == "checkbox":
        ticked = answer if isinstance(answer, list) else []
        view["items"] = [{"item": i, "id": _checked_id("f", q.key, i.key),
                          "checked": i.key in ticked} for i in q.items]
    elif q.type == "matrix":
        ticked = answer if isinstance(answer, dict) else {}
        view["cells"] = [{"key": c, "label": i18n.cell_label(c)} for c in q.cells]
        view["rows"] = [{
            "item": i, "id": _checked_id("r", q.key, i.key),
            "cells": [{"cell": c, "id": _checked_id("f", q.key, i.key, c),
                       "name": f"{q.key}.{i.key}",
                       "checked": isinstance(ticked.get(i.key), list) and c in ticked[i.key]}
                      for c in q.cells]} for i in q.items]
    elif q.type in ("scale", "ternary"):
        given = answer if isinstance(answer, dict) else {}
        values = (list(enumerate(q.labels)) if q.type == "scale"
                  else [(v, i18n.ternary_label(v)) for v in loader.TERNARY])
        view["items"] = [{
            "item": i, "id": _checked_id("f", q.key, i.key), "name": f"{q.key}.{i.key}",
            "unanswered": given.get(i.key) is None,
            "options": [{"value": v, "label": label, "id": _checked_id("f", q.key, i.key, v),
                         "checked": given.get(i.key) is not None and str(given.get(i.key))
                         == str(v)} for v, label in values]} for i in q.items]
    elif q.type == "text":
        view["value"] = answer if isinstance(answer, str) else ""
    elif q.type == "choice":
        view["value"] = answer if isinstance(answer, str) else ""
    return view


def answers_from_form(step, data) -> dict:
    """The answers of one step's form: every question of the step, None when nothing is
    ticked or given (the question is then unanswered)."""
    out = {}
    for q in step.questions:
        if q.type == "checkbox":
            out[q.key] = data.getlist(q.key) or None
        elif q.type == "matrix":
            areas = {}
            for i in q.items:
                if cells := data.getlist(f"{q.key}.{i.key}"):
                    areas[i.key] = cells
            out[q.key] = areas or None
        elif q.type in ("scale", "ternary"):
            given = {}
            for i in q.items:
                value = data.get(f"{q.key}.{i.key}", "")
                if value == "":
                    continue
                if q.type == "scale" and value.isascii() and value.isdigit() and len(value) < 4:
                    value = int(value)
                given[i.key] = value
            out[q.key] = given or None
        else:
            value = data.get(q.key, "").strip()
            out[q.key] = value or None
    return out


def _errors_by_question(definition, errors) -> dict:
    out = {}
    for e in errors:
        q = definition.question(e.question)
        item = q.item(e.item) if q is not None and e.item else None
        out.setdefault(e.question, []).append({
            "reason": e.reason, "explained": i18n.reason(e.reason),
            "item": item.label if item else "", "message": e.message,
            "question": q.text if q is not None else e.question})
    return out


def resume(request, pk):
    a = _visible(request, pk)
    if a.is_complete:
        return redirect(report_url(a))
    if not privacy.can_edit(request.user, a):
        return redirect("maturity-summary", a.pk)
    return redirect("maturity-step", a.pk, a.step)


@never_cache
def step(request, pk, index):
    a = _visible(request, pk)
    if a.is_complete:
        return redirect(report_url(a))
    if not privacy.can_edit(request.user, a):
        raise PermissionDenied
    definition = i18n.localize(assessments.definition_of(a))
    all_steps = assessments.steps(definition)
    if index >= len(all_steps):
        raise Http404
    current = all_steps[index]
    answers, errors = dict(a.answers), []
    if request.method == "POST":
        action = request.POST.get("action", "next")
        action = action if action in ACTIONS else "next"
        given = answers_from_form(current, request.POST)
        moving_on = action in ("next", "finish")
        target = {"next": index + 1, "back": index - 1, "leave": index,
                  "finish": index}[action]
        target = max(0, min(target, len(all_steps) - 1))
        try:
            assessments.save_answers(
                a, given, request.user, step=target,
                require=[q.key for q in current.questions] if moving_on else ())
        except assessments.InvalidAnswers as exc:
            errors = exc.errors
            answers.update(given)  # shown again as typed, but not kept
        except assessments.Invalid as exc:  # completed meanwhile
            messages.error(request, str(exc))
            return redirect("maturity-resume", a.pk)
        else:
            if action == "leave":
                messages.success(request, _("Saved. Continue where you stopped from My "
                                            "assessments."))
                return redirect("maturity-mine")
            if action == "finish":
                return _finish(request, a, all_steps)
            return redirect("maturity-step", a.pk, target)
    elif request.GET.get("check"):
        keys = {q.key for q in current.questions}
        errors = [e for e in assessments.problems(a) if e.question in keys]
    by_question = _errors_by_question(definition, errors)
    return render(request, "maturity/step.html", {
        "a": a, "definition": definition, "steps": all_steps, "step": current,
        "number": index + 1, "last": index == len(all_steps) - 1,
        "questions": [_question_view(q, answers.get(q.key), by_question.get(q.key, []))
                      for q in current.questions],
        "errors": errors, "by_question": by_question,
        "phase": describe_phase(a.phase),
    })  # 200 with the errors, as a form does (a 4xx page is a console error in browsers)


def _finish(request, a, all_steps):
    try:
        assessments.complete(a, request.user)
    except assessments.InvalidAnswers as exc:
        first = {e.question for e in exc.errors}
        where = next((s.index for s in all_steps
                      if any(q.key in first for q in s.questions)), 0)
        messages.error(request, _("Some questions still need an answer before the "
                                  "assessment can be completed."))
        return redirect(reverse("maturity-step", args=[a.pk, where]) + "?check=1")
    messages.success(request, _("Completed: overall %(score)s of 100, %(level)s.") % {
        "score": number_format(round(a.overall, 1), 1), "level": i18n.level_name(a.level)})
    return redirect(report_url(a))


# -- results ----------------------------------------------------------------------------------

def _dimensions(definition, scores: dict) -> list[dict]:
    out = []
    for d in definition.dimensions:
        value = (scores or {}).get(d.key)
        out.append({"key": d.key, "name": d.name, "score": value,
                    "level": i18n.level_name(scoring.level(value))
                    if value is not None else ""})
    return out


def summary(request, pk):
    a = _visible(request, pk)
    if not a.is_complete:
        if privacy.can_edit(request.user, a):
            return redirect("maturity-step", a.pk, a.step)
        return render(request, "maturity/summary.html", {
            "a": a, "row": _row(a), "definition": i18n.localize(assessments.definition_of(a))})
    definition = i18n.localize(assessments.definition_of(a))
    return render(request, "maturity/summary.html", {
        "a": a, "row": _row(a), "definition": definition,
        "dimensions": _dimensions(definition, a.dimensions),
        "level_name": i18n.level_name(a.level),
        "can_share": privacy.can_share(request.user, a),
        "json_url": reverse("api-1:maturity-assessment", args=[a.pk]),
    })


def progress(request, pk):
    a = _visible(request, pk)
    if a.baseline_id and not privacy.can_see(request.user, a.baseline):
        raise Http404(_("The baseline is not shared with you."))
    try:
        found = assessments.progress(a)
    except assessments.Invalid as exc:
        return render(request, "maturity/progress.html", {"a": a, "problem": str(exc)},
                      status=404)
    return render(request, "maturity/progress.html", {
        "a": a, "p": found, "json_url": reverse("api-1:maturity-progress", args=[a.pk])})


def _mine(user):
    """The assessments a person started and those of the companies they act for."""
    return Assessment.objects.filter(Q(created_by=user) | Q(company__members=user)).distinct()


@login_required
def mine(request):
    user = request.user
    found = _mine(user).select_related("company", "hub").order_by("-updated_at", "-pk")
    return render(request, "maturity/mine.html", {
        "rows": [_row(a, user) for a in found[:500]],
        "hubs": privacy.managed_hubs(user),
        "json_url": reverse("api-1:maturity-assessments"),
    })


def share(request, pk):
    a = _visible(request, pk)
    if not privacy.can_share(request.user, a):
        raise PermissionDenied
    form = ShareForm(request.POST or None)
    known = {h.pk: h for h in a.shared_with.all()}
    for other in Assessment.objects.filter(company=a.company).exclude(hub=None).select_related(
            "hub"):
        known.setdefault(other.hub.pk, other.hub)
    if request.method == "POST" and form.is_valid():
        chosen = set()
        for raw in request.POST.getlist("hub"):
            if raw.isascii() and raw.isdigit() and int(raw) in known:
                chosen.add(known[int(raw)])
        if form.cleaned_data.get("add"):
            chosen.add(form.cleaned_data["add"])
        try:
            assessments.set_shares(a, chosen, request.user)
        except assessments.Invalid as exc:
            form.add_error(None, str(exc))
        else:
            if chosen:
                messages.success(request, _("Shared with %(hubs)s.") % {
                    "hubs": ", ".join(sorted(h.name for h in chosen))})
            else:
                messages.success(request, _("Shared with no hub."))
            return redirect("maturity-share", a.pk)
    shared = set(a.shared_with.values_list("pk", flat=True))
    return render(request, "maturity/share.html", {
        "a": a, "form": form, "row": _row(a),
        "hubs": [{"hub": h, "shared": h.pk in shared} for h in
                 sorted(known.values(), key=lambda h: h.name)]})


# -- hubs -------------------------------------------------------------------------------------

@login_required
def hub(request, slug):
    hub = _managed_hub(request, slug)
    found = (privacy.shared_with_hub(hub).select_related("company", "hub", "baseline")
             .order_by("company__name", "-created_at"))
    return render(request, "maturity/hub.html", {
        "hub": hub, "rows": [_row(a) for a in found[:1000]],
        "questionnaires": i18n.available(), "form": ImportForm(),
        "json_url": reverse("api-1:maturity-hub-assessments", args=[hub.pk]),
    })


@login_required
def hub_progress(request, slug):
    hub = _managed_hub(request, slug)
    return render(request, "maturity/hub_progress.html", {
        "hub": hub, "groups": assessments.hub_progress(hub),
        "pairs": [_row(t1) for t1 in assessments.hub_pairs(hub)],
        "json_url": reverse("api-1:maturity-hub-progress", args=[hub.pk])})


def _csv_response(name) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _questionnaire(request):
    key = request.GET.get("questionnaire", "sme")
    try:
        return loader.get(key if isinstance(key, str) else "sme")
    except loader.UnknownQuestionnaire:
        raise Http404(_("No such questionnaire.")) from None


@login_required
def hub_export(request, slug):
    hub = _managed_hub(request, slug)
    definition = _questionnaire(request)
    text = io.StringIO()
    csvio.export_hub(text, hub, definition.key, definition.version)
    stamp = datetime.now(UTC).strftime("%Y%m%d")
    response = _csv_response(f"dma-{definition.key}-v{definition.version}-{hub.slug}-"
                             f"{stamp}.csv")
    response.write(text.getvalue())
    return response


@login_required
def export_all(request):
    if not permissions.is_coordinator(request.user):
        raise PermissionDenied
    definition = _questionnaire(request)
    text = io.StringIO()
    csvio.export_all(text, definition.key, definition.version)
    stamp = datetime.now(UTC).strftime("%Y%m%d")
    response = _csv_response(f"dma-{definition.key}-v{definition.version}-anonymised-"
                             f"{stamp}.csv")
    response.write(text.getvalue())
    return response


@body_limit(csvio.MAX_BYTES, FORM_FRAMING)  # refused by Content-Length, before the upload
@login_required
def hub_import(request, slug):
    hub = _managed_hub(request, slug)
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > csvio.MAX_BYTES:
            form.add_error("file", _("The file is larger than %(size)s MB.") % {
                "size": csvio.MAX_BYTES // (1024 * 1024)})
        else:
            report = csvio.import_csv(upload.read(), hub, request.user)
    return render(request, "maturity/import.html", {"hub": hub, "form": form,
                                                    "report": report})


# -- aggregates -------------------------------------------------------------------------------

def aggregates_page(request):
    params = {k: request.GET.get(k, "") for k in ("questionnaire", "hub", "region", "sector")}
    try:
        filters = aggregates.clean(**params)
    except aggregates.BadFilter as exc:
        return render(request, "maturity/aggregates.html", {
            "problem": str(exc), "params": params, "hubs": published_hubs(),
            "questionnaires": i18n.available(), "sectors": aggregates.SECTORS},
            status=exc.status)
    group = aggregates.aggregate(filters)
    breakdowns = []
    if not filters.sector:
        breakdowns.append(("sector", _("By sector (NACE section)"), _("Sector"),
                           aggregates.breakdown(filters, "sector")))
    if not filters.region:
        breakdowns.append(("country", _("By country"), _("Country"),
                           aggregates.breakdown(filters, "country")))
    query = urlencode({k: v for k, v in params.items() if v})
    return render(request, "maturity/aggregates.html", {
        "filters": filters, "group": group, "breakdowns": breakdowns, "params": params,
        "hubs": published_hubs(), "questionnaires": i18n.available(),
        "sectors": aggregates.SECTORS, "threshold": aggregates.THRESHOLD,
        "json_url": reverse("api-1:maturity-aggregates") + (f"?{query}" if query else ""),
    })


# -- the people who act for a company ---------------------------------------------------------

@login_required
def people(request, pk):
    """Who acts for the company (sees and answers all its assessments): add, remove."""
    company = get_object_or_404(Company, pk=pk)
    if not privacy.can_manage_members(request.user, company):
        raise Http404(_("No such company."))  # as for assessments: existence does not leak
    if request.method == "POST":
        try:
            if request.POST.get("remove", "").isdigit():
                companies.remove_member(request.user, company, int(request.POST["remove"]))
                messages.success(request, _("The person no longer acts for the company."))
            else:
                added = companies.add_member(request.user, company, request.POST.get("email"))
                messages.success(request, _("%(email)s now acts for %(company)s.") % {
                    "email": added.email, "company": company.name})
        except (companies.Invalid, companies.NotAllowed) as exc:
            messages.error(request, str(exc))
        return redirect("maturity-people", company.pk)
    return render(request, "maturity/people.html", {
        "company": company, "members": company.members.order_by("email", "pk")})

"""The pages of the editorial workflow: edit a hub's draft, review it, its history.

Thin: every change goes through dihub.editing.steps, which checks who may do it; a
step's NotAllowed is a 403 page, Invalid a message, SheetError errors next to the fields.
Reading asks steps too where one reads (draft_of, history) and the permission functions
elsewhere."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from dihub.accounts import permissions
from dihub.accounts.flows import Invalid, NotAllowed
from dihub.catalogue import sheet as sheets
from dihub.catalogue import workflow
from dihub.catalogue.models import Draft, Hub, HubVersion, Validation
from dihub.regions.countries import nuts_country
from dihub.regions.models import Region

from . import steps
from .forms import Editor, country_choices, friendly

RICH_FIELDS = set(sheets.RICH)


def editing_view(view):
    """Signed-in people only (others go to the log-in page); a step's NotAllowed becomes a
    403 page that says why."""

    @wraps(view)
    @login_required
    @never_cache
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except NotAllowed as exc:
            return render(request, "editing/forbidden.html", {"reason": str(exc)}, status=403)

    return wrapper


def _posted(request, key, limit) -> str:
    """A posted text, trimmed, without NUL characters (PostgreSQL cannot store them)."""
    return request.POST.get(key, "").replace("\x00", "").strip()[:limit]


def _hub(request, slug) -> Hub:
    """The hub; one that is not public is not found by those who may not edit it, as in
    the API, so its existence does not leak."""
    hub = get_object_or_404(Hub, slug=slug)
    if hub.validation != Validation.PUBLISHED and not permissions.can_edit_hub(request.user, hub):
        raise Http404("No such hub.")
    return hub


def who(user, reason="") -> str:
    if user is not None:
        return user.get_full_name() or user.email or user.username
    return _("import") if reason.startswith("import") else _("system")


def when(moment) -> str:
    """A date and time for a message, in the reader's format and time zone."""
    return formats.date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")


def shown_changes(changes):
    """sheet.diff's changes, with `rich` set for the HTML fields (shown sanitized)."""
    return [dict(c, rich=c["field"] in RICH_FIELDS) for c in changes]


# -- edit -----------------------------------------------------------------------------------

@editing_view
def edit(request, slug):
    hub = _hub(request, slug)
    draft = steps.draft_of(request.user, hub)  # NotAllowed for people who may not edit
    if request.method == "POST":
        editor = Editor(data=request.POST)
        if editor.is_valid():
            seen = request.POST.get("seen", "")
            if draft is not None and seen != workflow.stamp(draft):
                messages.error(request, _(
                    "%(who)s saved this draft at %(when)s while you were editing it. Your "
                    "changes are not saved yet: check them and save again to replace that "
                    "version.") % {"who": who(draft.updated_by), "when": when(draft.updated_at)})
                return _edit_page(request, hub, draft, editor)
            try:
                draft = steps.edit(request.user, hub, editor.document())
            except sheets.SheetError as exc:
                editor.add_sheet_errors(exc.errors)
            except Invalid as exc:
                messages.error(request, str(exc))
            else:
                if request.POST.get("action") == "submit":
                    return _submit(request, hub)
                messages.success(request, _("The draft was saved. The public fact-sheet "
                                            "does not change until a coordinator publishes "
                                            "it."))
                return redirect("editing-edit", hub.slug)
        return _edit_page(request, hub, draft, editor)
    sheet = draft.sheet if draft else sheets.of_hub(hub)
    return _edit_page(request, hub, draft, Editor(sheet=sheet))


def _edit_page(request, hub, draft, editor):
    sheet = draft.sheet if draft else sheets.of_hub(hub)
    score, missing = sheets.completeness(sheet)
    regions = Region.objects.filter(country=nuts_country(hub.country), level__gte=1)
    return render(request, "editing/edit.html", {
        "hub": hub, "draft": draft, "editor": editor, "form": editor.main,
        "score": score, "missing": missing, "seen": workflow.stamp(draft),
        "summary": editor.error_summary() if request.method == "POST" else [],
        "moved": draft is not None and workflow.moved_since_start(draft),
        "archived": hub.validation == Validation.ARCHIVED,
        "public": hub.validation == Validation.PUBLISHED,
        "coordinator": permissions.can_publish(request.user, hub),
        "regions": regions.only("code", "name")[:2000],
        "countries": country_choices(),
    })


def _attempt(request, step, *args, done: str) -> bool:
    """Run a step as the person; its refusal (Invalid) becomes an error message, success
    the `done` message."""
    try:
        step(request.user, *args)
    except Invalid as exc:
        messages.error(request, str(exc))
        return False
    messages.success(request, done)
    return True


def _submit(request, hub):
    _attempt(request, steps.submit, hub, done=_("The draft was submitted for review: a "
             "coordinator will publish it or send it back with a comment."))
    return redirect("editing-edit", hub.slug)


@editing_view
@require_POST
def submit(request, slug):
    return _submit(request, _hub(request, slug))


@editing_view
@require_POST
def withdraw(request, slug):
    hub = _hub(request, slug)
    if request.POST.get("confirm") != "yes":
        messages.error(request, _("Tick the box to confirm that the draft's changes should "
                                  "be dropped."))
        return redirect("editing-edit", hub.slug)
    _attempt(request, steps.withdraw, hub, done=_("The draft was withdrawn; the published "
             "fact-sheet stays as it is."))
    return redirect("editing-edit", hub.slug)


@editing_view
@require_POST
def confirm_current(request, slug):
    hub = _hub(request, slug)
    steps.confirm_current(request.user, hub)
    messages.success(request, _("Thank you: %(hub)s is marked as still current.")
                     % {"hub": hub.name})
    return redirect("accounts-home")


# -- review ---------------------------------------------------------------------------------

@editing_view
def review(request, slug):
    hub = _hub(request, slug)
    draft = steps.draft_of(request.user, hub)
    return _review_page(request, hub, draft)


def _review_page(request, hub, draft, comment="", comment_error=""):
    return render(request, "editing/review.html", {
        "hub": hub, "draft": draft,
        "changes": shown_changes(workflow.changes(draft)) if draft else [],
        "moved": draft is not None and workflow.moved_since_start(draft),
        "coordinator": permissions.can_publish(request.user, hub),
        "submitted": draft is not None and draft.state == Draft.State.SUBMITTED,
        "comment": comment, "comment_error": comment_error,
        "score": sheets.completeness(draft.sheet)[0] if draft else None,
    })


@editing_view
@require_POST
def publish(request, slug):
    hub = _hub(request, slug)
    try:
        steps.publish(request.user, hub)
    except Invalid as exc:
        messages.error(request, str(exc))
        return redirect("editing-review", hub.slug)
    messages.success(request, _("%(hub)s was published: its public fact-sheet shows the "
                                "new version.") % {"hub": hub.name})
    return redirect("accounts-coordinator")


@editing_view
@require_POST
def send_back(request, slug):
    hub = _hub(request, slug)
    comment = _posted(request, "comment", 4000)
    try:
        steps.send_back(request.user, hub, comment)
    except Invalid as exc:
        draft = steps.draft_of(request.user, hub)
        if draft is None or draft.state != Draft.State.SUBMITTED:
            messages.error(request, str(exc))
            return redirect("editing-review", hub.slug)
        return _review_page(request, hub, draft, comment, comment_error=str(exc))
    messages.success(request, _("The draft of %(hub)s was sent back to its managers "
                                "with your comment.") % {"hub": hub.name})
    return redirect("accounts-coordinator")


# -- history --------------------------------------------------------------------------------

@editing_view
def history(request, slug):
    hub = _hub(request, slug)
    versions = steps.history(request.user, hub)
    rows = [{"version": v["version"], "changes": shown_changes(v["changes"]),
             "who": who(v["version"].user, v["version"].reason), "current": n == 0}
            for n, v in enumerate(versions)]
    return render(request, "editing/history.html", {
        "hub": hub, "versions": rows,
        "coordinator": permissions.can_publish(request.user, hub),
        "archived": hub.validation == Validation.ARCHIVED,
        "public": hub.validation == Validation.PUBLISHED,
        "draft": workflow.open_draft(hub),
    })


@editing_view
def revert(request, slug, pk):
    hub = _hub(request, slug)
    version = get_object_or_404(HubVersion, hub=hub, pk=pk)
    if request.method == "POST":
        _attempt(request, steps.revert, hub, version.pk, done=_(
            "%(hub)s was reverted to the version of %(when)s.")
            % {"hub": hub.name, "when": when(version.created_at)})
        return redirect("editing-history", hub.slug)
    if not permissions.can_publish(request.user, hub):
        raise NotAllowed(_("Only a coordinator can revert a hub."))
    changes = sheets.diff(sheets.of_hub(hub), version.sheet)
    return render(request, "editing/revert.html", {
        "hub": hub, "version": version, "who": who(version.user, version.reason),
        "source": ": ".join(p for p in (who(version.user, version.reason),
                                        workflow.reason_label(version.reason)) if p),
        "changes": shown_changes(changes),
        "draft": workflow.open_draft(hub)})


@editing_view
@require_POST
def archive(request, slug):
    hub = _hub(request, slug)
    _attempt(request, steps.archive, hub, _posted(request, "reason", 250),
             done=_("%(hub)s was archived: it is no longer in the public catalogue. Its "
                    "history stays here.") % {"hub": hub.name})
    return redirect("editing-history", hub.slug)


@editing_view
@require_POST
def restore(request, slug):
    hub = _hub(request, slug)
    _attempt(request, steps.restore, hub, done=_("%(hub)s was restored to the public "
                                                 "catalogue.") % {"hub": hub.name})
    return redirect("editing-history", hub.slug)


# -- register -------------------------------------------------------------------------------

@editing_view
@require_POST
def register(request):
    name, country = _posted(request, "name", 1000), _posted(request, "country", 2)
    if country not in {code for code, _ in country_choices() if code}:
        country = ""
    try:
        draft = steps.register(request.user, name, country)
    except sheets.SheetError as exc:
        for error in exc.errors:
            label = {"name": _("Name"), "address.country": _("Country")}.get(
                error["field"], error["field"])
            messages.error(request, _("The hub was not registered: %(field)s: %(reason)s")
                           % {"field": label, "reason": friendly(error["reason"])})
    except Invalid as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("%(hub)s was registered. It is not public until its "
                                    "first draft is published: fill in its fact-sheet now.")
                         % {"hub": draft.hub.name})
        return redirect("editing-edit", draft.hub.slug)
    return redirect(reverse("accounts-coordinator") + "#register")

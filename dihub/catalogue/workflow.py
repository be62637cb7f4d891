"""The editorial workflow and a hub's history, as plain functions.

A manager edits a draft, submits it; a coordinator publishes it or sends it back. Every
change to a published hub (a publication, a revert, an import, an edit in the admin)
leaves a `HubVersion`: the whole sheet, who, when, why. Who may call what is the caller's
business (dihub.accounts.permissions); who is told is the listeners' (the signals below).
"""

import re
from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.dispatch import Signal
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import sheet as sheets
from .models import RESERVED_SLUGS, Draft, Hub, HubVersion, Validation
from .signals import changed

# sent with draft=..., by=user; the accounts app e-mails the people concerned
draft_submitted = Signal()
draft_published = Signal()
draft_sent_back = Signal()

STALE_AFTER = timedelta(days=365)


class WorkflowError(ValueError):
    """A step that cannot be done; the message says why."""


class StateError(WorkflowError):
    """The hub's or the draft's state does not allow the step now (a draft already
    published, a hub archived already)."""


# -- history -----------------------------------------------------------------

def record(hub, user=None, reason="", sheet=None) -> HubVersion:
    """Keep the hub's sheet as it is now (or `sheet`) as a new version."""
    return HubVersion.objects.create(
        hub=hub, sheet=sheet if sheet is not None else sheets.of_hub(hub),
        user=user if user is not None and user.is_authenticated else None, reason=reason[:300],
    )


def ensure_baseline(hub):
    """Before the first recorded change of a hub, keep the sheet it had (dated when the hub
    was created), so that every later version has one to be compared with."""
    if hub.pk and not HubVersion.objects.filter(hub=hub).exists():
        HubVersion.objects.create(hub=hub, sheet=sheets.of_hub(hub), reason="first known state",
                                  created_at=hub.created_at or timezone.now())


def change(hub, sheet, user, reason) -> HubVersion:
    """Write a checked sheet to the hub and keep it as a version."""
    with transaction.atomic():
        ensure_baseline(hub)
        sheets.apply(hub, sheet)
        version = record(hub, user, reason)
    changed([hub.pk])
    return version


def history(hub) -> list[dict]:
    """The hub's versions, newest first, each with what changed from the one before."""
    versions = list(HubVersion.objects.filter(hub=hub).select_related("user")
                    .order_by("created_at", "id"))
    out, before = [], None
    for version in versions:
        out.append({"version": version, "changes": sheets.diff(before, version.sheet)
                    if before is not None else []})
        before = version.sheet
    return out[::-1]


def revert(hub, version: HubVersion, user) -> HubVersion:
    """Make an earlier version the published sheet again, as a new version."""
    if version.hub_id != hub.pk:
        raise WorkflowError(_("that version belongs to another hub"))
    try:
        sheet = sheets.check(version.sheet)
    except sheets.SheetError as e:
        raise WorkflowError(_("this version cannot be restored: %(reason)s")
                            % {"reason": e}) from None
    when = f"{version.created_at:%Y-%m-%d %H:%M}"
    return change(hub, sheet, user, f"reverted to the version of {when}")


# -- drafts ------------------------------------------------------------------

def open_draft(hub) -> Draft | None:
    return Draft.objects.filter(hub=hub, state__in=Draft.OPEN).first()


def stamp(draft) -> str:
    """What a person saw of the open draft (its last save), to find out whether someone
    else saved it meanwhile: "" when there was none."""
    return draft.updated_at.isoformat() if draft else ""


def start_draft(hub, user) -> Draft:
    """The hub's open draft, or a new one holding its current sheet."""
    draft = open_draft(hub)
    if draft:
        return draft
    if hub.validation == Validation.ARCHIVED:
        raise StateError(_("the hub is archived: a coordinator must restore it first"))
    current = sheets.of_hub(hub)
    return Draft.objects.create(hub=hub, sheet=current, base=current, created_by=user,
                                updated_by=user)


def save_draft(draft, doc, user) -> Draft:
    """Check and keep the edited sheet (SheetError names bad fields; nothing is kept then).
    Editing a submitted or sent-back draft makes it a draft being edited again."""
    _require_open(draft)
    draft.sheet = sheets.check(doc)
    draft.state, draft.updated_by = Draft.State.EDITING, user
    draft.save()
    return draft


def submit(draft, user) -> Draft:
    _require_open(draft)
    if draft.state == Draft.State.SUBMITTED:
        return draft
    draft.state, draft.updated_by, draft.submitted_at = Draft.State.SUBMITTED, user, timezone.now()
    draft.comment = ""
    draft.save()
    draft_submitted.send(sender=Draft, draft=draft, by=user)
    return draft


def changes(draft) -> list[dict]:
    """The draft against the hub's published sheet (not against the sheet it started from)."""
    return sheets.diff(sheets.of_hub(draft.hub), draft.sheet)


def moved_since_start(draft) -> bool:
    """The published sheet changed after the draft began (an import, a revert)."""
    return sheets.of_hub(draft.hub) != draft.base


def publish(draft, user) -> HubVersion:
    if draft.state != Draft.State.SUBMITTED:
        raise StateError(_("only a submitted draft can be published"))
    hub = draft.hub
    with transaction.atomic():
        if hub.validation != Validation.PUBLISHED:
            hub.validation = Validation.PUBLISHED
        version = change(hub, draft.sheet, user, "published a submitted draft")
        _decide(draft, Draft.State.PUBLISHED, user)
    draft_published.send(sender=Draft, draft=draft, by=user)
    return version


def send_back(draft, user, comment: str) -> Draft:
    if draft.state != Draft.State.SUBMITTED:
        raise StateError(_("only a submitted draft can be sent back"))
    if not comment.strip():
        raise WorkflowError(_("say what should change: a comment is needed to send a draft "
                              "back"))
    draft.comment = comment.strip()
    _decide(draft, Draft.State.SENT_BACK, user)
    draft_sent_back.send(sender=Draft, draft=draft, by=user)
    return draft


def withdraw(draft, user) -> Draft:
    """Drop an open draft; the published sheet stays as it is."""
    _require_open(draft)
    draft.updated_by = user
    _decide(draft, Draft.State.WITHDRAWN, user)
    return draft


def _decide(draft, state, user):
    draft.state, draft.decided_by, draft.decided_at = state, user, timezone.now()
    draft.save()


def _require_open(draft):
    if not draft.is_open:
        raise StateError(_("this draft is published: start a new one")
                         if draft.state == Draft.State.PUBLISHED
                         else _("this draft is withdrawn: start a new one"))


# -- hubs ----------------------------------------------------------------------

def register(name: str, country: str, user) -> Draft:
    """A new hub, not public until its first draft is published."""
    sheet = sheets.check({"name": name, "address": {"country": country}})
    base = slugify(sheet["name"])[:80].strip("-") or "hub"
    slug, n = base, 2
    while slug in RESERVED_SLUGS or Hub.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    hub = Hub.objects.create(slug=slug, name=sheet["name"], country=sheet["address"]["country"],
                             validation=Validation.DRAFT)
    record(hub, user, "registered")
    return start_draft(hub, user)


def archive(hub, user, reason: str = "") -> HubVersion:
    """Take a hub out of the public catalogue; its history and data stay."""
    if hub.validation == Validation.ARCHIVED:
        raise StateError(_("the hub is archived already"))
    reason = f"archived: {reason}" if reason else "archived"
    return _set_validation(hub, Validation.ARCHIVED, user, reason)


def restore(hub, user) -> HubVersion:
    """Bring an archived hub back to the public catalogue."""
    if hub.validation != Validation.ARCHIVED:
        raise StateError(_("only an archived hub can be restored (a new hub is published "
                              "by publishing its draft)"))
    return _set_validation(hub, Validation.PUBLISHED, user, "restored from the archive")


# the reasons kept with versions are data in English; these are their words for a reader
REASONS = {
    "first known state": gettext_lazy("first known state"),
    "registered": gettext_lazy("registered"),
    "published a submitted draft": gettext_lazy("published a submitted draft"),
    "archived": gettext_lazy("archived"),
    "restored from the archive": gettext_lazy("restored from the archive"),
    "edited in the admin": gettext_lazy("edited in the admin"),
}
REASON_PATTERNS = (
    (re.compile(r"^reverted to the version of (?P<date>.+)$"),
     gettext_lazy("reverted to the version of %(date)s")),
    (re.compile(r"^archived: (?P<reason>.+)$", re.S), gettext_lazy("archived: %(reason)s")),
    (re.compile(r"^import of (?P<source>.+)$", re.S), gettext_lazy("import of %(source)s")),
)


def reason_label(reason: str) -> str:
    """A version's reason in the reader's language (as kept when it is none of dihub's)."""
    if reason in REASONS:
        return str(REASONS[reason])
    for pattern, words in REASON_PATTERNS:
        if found := pattern.match(reason or ""):
            return str(words) % found.groupdict()
    return reason


def _set_validation(hub, validation, user, reason):
    with transaction.atomic():
        ensure_baseline(hub)
        hub.validation = validation
        hub.save(update_fields=["validation", "updated_at"])
        Draft.objects.filter(hub=hub, state__in=Draft.OPEN).update(state=Draft.State.WITHDRAWN)
        version = record(hub, user, reason)
    changed([hub.pk])
    return version


def confirm_current(hub, user):
    """A manager says the fact-sheet is still right: it is no longer stale."""
    hub.checked_at = timezone.now()
    hub.save(update_fields=["checked_at"])


# -- freshness -----------------------------------------------------------------

def last_confirmed(hub):
    return max(d for d in (hub.updated_at, hub.checked_at) if d is not None)


def is_stale(hub, now=None) -> bool:
    return hub.validation == Validation.PUBLISHED and \
        last_confirmed(hub) < (now or timezone.now()) - STALE_AFTER


def stale_hubs(now=None):
    """Published hubs neither changed nor confirmed for 12 months, the oldest first."""
    limit = (now or timezone.now()) - STALE_AFTER
    return (Hub.objects.filter(validation=Validation.PUBLISHED, updated_at__lt=limit)
            .filter(Q(checked_at__isnull=True) | Q(checked_at__lt=limit))
            .order_by("updated_at"))

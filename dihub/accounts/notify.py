"""E-mails about drafts and stale hubs: who is told what, when the workflow moves."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.core.mail import send_mail
from django.db.models import Q
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from dihub.catalogue import workflow

from .models import Membership, Reminder
from .permissions import COORDINATOR

REMIND_EVERY = timedelta(days=30)  # a stale hub's managers hear of it at most this often


def absolute(path: str) -> str:
    return settings.DIHUB_SITE_URL.rstrip("/") + path


def _send(template, recipients, context):
    subject, _, body = render_to_string(template, context).strip().partition("\n")
    for to in sorted(set(recipients)):
        send_mail(subject.strip(), body.strip() + "\n", None, [to])


def managers_of(hub) -> list[str]:
    return [m.user.email for m in Membership.objects.filter(hub=hub, user__is_active=True)
            .select_related("user") if m.user.email]


def coordinators() -> list[str]:
    people = User.objects.filter(Q(groups__name=COORDINATOR) | Q(is_superuser=True),
                                 is_active=True).exclude(email="")
    return list(people.values_list("email", flat=True).distinct())


@receiver(workflow.draft_submitted)
def _submitted(sender, draft, by, **kwargs):
    _send("accounts/email/draft_submitted.txt", coordinators(), {
        "draft": draft, "hub": draft.hub,
        "url": absolute(reverse("editing-review", args=[draft.hub.slug]))})


@receiver(workflow.draft_published)
def _published(sender, draft, by, **kwargs):
    _send("accounts/email/draft_published.txt", managers_of(draft.hub), {
        "draft": draft, "hub": draft.hub, "url": absolute(draft.hub.get_absolute_url())})


@receiver(workflow.draft_sent_back)
def _sent_back(sender, draft, by, **kwargs):
    _send("accounts/email/draft_sent_back.txt", managers_of(draft.hub), {
        "draft": draft, "hub": draft.hub,
        "url": absolute(reverse("editing-edit", args=[draft.hub.slug]))})


def remind(now=None, dry_run=False) -> dict:
    """Tell the managers of each stale hub, unless they were told in the last 30 days.
    Sent without a request (cron): in settings.LANGUAGE_CODE, as no account keeps a
    language of its own.

    Answers {"reminded": [hub names], "unmanaged": [hub names], "skipped": count}."""
    now = now or timezone.now()
    recent = set(Reminder.objects.filter(sent_at__gte=now - REMIND_EVERY)
                 .values_list("hub_id", flat=True))
    report = {"reminded": [], "unmanaged": [], "skipped": 0}
    for hub in workflow.stale_hubs(now):
        if hub.pk in recent:
            report["skipped"] += 1
            continue
        to = managers_of(hub)
        if not to:
            report["unmanaged"].append(hub.name)
            continue
        report["reminded"].append(hub.name)
        if dry_run:
            continue
        with translation.override(settings.LANGUAGE_CODE):
            _send("accounts/email/stale.txt", to, {
                "hub": hub, "since": workflow.last_confirmed(hub),
                "edit_url": absolute(reverse("editing-edit", args=[hub.slug])),
                "home_url": absolute(reverse("accounts-home"))})
        Reminder.objects.create(hub=hub, sent_at=now, recipients=len(to))
    return report

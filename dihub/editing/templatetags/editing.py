"""The editorial workflow on pages other apps render: {% load editing %}.

- {% hub_notices slug %} on the public fact-sheet: "not updated for over 12 months", and
  links to edit and history for the hub's managers and coordinators;
- {% managed_hub hub %} on My hubs: the draft's state, completeness, staleness, links;
- {% editorial_dashboard %} on the coordinator's dashboard: submitted drafts, stale hubs,
  the least complete hubs, registering a hub.
"""

import heapq

from django import template

from dihub.accounts import permissions
from dihub.catalogue import sheet as sheets
from dihub.catalogue import workflow
from dihub.catalogue.models import Draft, Hub, Validation
from dihub.catalogue.serialize import hubs_queryset

from ..forms import country_choices

register = template.Library()

LEAST_COMPLETE = 20
STALE_SHOWN = 50


@register.inclusion_tag("editing/_hub_notices.html", takes_context=True)
def hub_notices(context, slug):
    hub = Hub.objects.filter(slug=slug).only(
        "slug", "validation", "updated_at", "checked_at").first()
    if hub is None:
        return {}
    request = context.get("request")
    user = getattr(request, "user", None)
    editor = user is not None and user.is_authenticated and permissions.can_edit_hub(user, hub)
    return {
        "hub": hub,
        "stale": workflow.is_stale(hub),
        "since": workflow.last_confirmed(hub),
        "editor": editor,
        "coordinator": editor and permissions.can_publish(user, hub),
        "draft": workflow.open_draft(hub) if editor else None,
    }


def hub_state(hub) -> dict:
    """What a manager wants to know of one hub: the open draft (or the last decided one),
    completeness of what is being edited, staleness."""
    draft = workflow.open_draft(hub)
    last = None if draft else (Draft.objects.filter(hub=hub, decided_at__isnull=False)
                               .order_by("-decided_at").first())
    sheet = draft.sheet if draft else sheets.of_hub(hub)
    score, missing = sheets.completeness(sheet)
    return {"hub": hub, "draft": draft, "last": last, "score": score, "missing": missing,
            "stale": workflow.is_stale(hub), "since": workflow.last_confirmed(hub),
            "public": hub.validation == Validation.PUBLISHED,
            "archived": hub.validation == Validation.ARCHIVED}


@register.inclusion_tag("editing/_managed_hub.html", takes_context=True)
def managed_hub(context, hub):
    return hub_state(hub)


def least_complete(limit=LEAST_COMPLETE):
    """The published hubs whose fact-sheets miss the most, from one pass over the
    prefetched catalogue (a fixed number of queries however many hubs)."""
    scored = ((sheets.completeness(sheets.of_hub(hub)), hub.name, hub) for hub in
              hubs_queryset())
    return [{"hub": hub, "score": score, "missing": missing}
            for (score, missing), _, hub in heapq.nsmallest(limit, scored,
                                                            key=lambda s: (s[0][0], s[1]))]


@register.inclusion_tag("editing/_dashboard.html", takes_context=True)
def editorial_dashboard(context):
    stale = workflow.stale_hubs()
    return {
        "submitted": Draft.objects.filter(state=Draft.State.SUBMITTED)
        .select_related("hub", "updated_by").order_by("submitted_at"),
        "sent_back": Draft.objects.filter(state=Draft.State.SENT_BACK).count(),
        "stale": stale[:STALE_SHOWN], "stale_count": stale.count(),
        "least": least_complete(),
        "countries": country_choices(),
        "unpublished": Hub.objects.filter(validation=Validation.DRAFT).order_by("name"),
    }

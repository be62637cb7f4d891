"""The editorial workflow on pages other apps render: {% load editing %}.

- {% hub_notices slug %} on the public fact-sheet: "not updated for over 12 months", and
  links to edit and history for the hub's managers and coordinators;
- {% managed_hub hub %} on My hubs: the draft's state, completeness, staleness, links;
- {% editorial_dashboard %} on the coordinator's dashboard: submitted drafts, stale hubs,
  the least complete hubs, registering a hub.
"""

import heapq

from django import template
from django.utils.translation import pgettext_lazy

from dihub.accounts import permissions
from dihub.catalogue import sheet as sheets
from dihub.catalogue import workflow
from dihub.catalogue.models import (
    Contact,
    Draft,
    FundingSource,
    Hub,
    HubTerm,
    Organisation,
    ServiceExample,
    Validation,
)
from dihub.catalogue.serialize import hubs_queryset

from ..forms import country_choices

register = template.Library()

LEAST_COMPLETE = 20
STALE_SHOWN = 50


DRAFT_STATES = {  # a draft's state inside a sentence ("Draft: submitted for review")
    Draft.State.EDITING: pgettext_lazy("draft state", "being edited"),
    Draft.State.SUBMITTED: pgettext_lazy("draft state", "submitted for review"),
    Draft.State.SENT_BACK: pgettext_lazy("draft state", "sent back"),
    Draft.State.PUBLISHED: pgettext_lazy("draft state", "published"),
    Draft.State.WITHDRAWN: pgettext_lazy("draft state", "withdrawn"),
}


@register.filter
def draft_state(draft) -> str:
    """The draft's state in words that fit inside a sentence, in the reader's language."""
    return str(DRAFT_STATES.get(getattr(draft, "state", draft), ""))


@register.filter
def version_reason(reason) -> str:
    """A version's reason, as kept, in the reader's language."""
    return workflow.reason_label(reason)


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
    """The published hubs whose fact-sheets miss the most, scored by sheet.completeness in
    one pass over the catalogue: six queries of plain values, however many hubs (the
    prefetched hubs of serialize.hubs_queryset take a second for a thousand)."""
    try:
        scored = _scored_outlines()
    except (KeyError, TypeError, AttributeError):  # completeness reads more than outlines
        scored = [(sheets.completeness(sheets.of_hub(hub)), hub.name, hub.pk)
                  for hub in hubs_queryset()]
    lowest = heapq.nsmallest(limit, scored, key=lambda s: (s[0][0], s[1], s[2]))
    hubs = Hub.objects.in_bulk([pk for _s, _n, pk in lowest])
    return [{"hub": hubs[pk], "score": score, "missing": missing}
            for (score, missing), _, pk in lowest]


def _scored_outlines():
    """[(completeness, name, id)] of every published hub, from sheets holding only what
    completeness reads: the fields it tests, and list items as placeholders."""
    hubs = Hub.objects.filter(validation=Validation.PUBLISHED)
    outlines = {}
    for row in hubs.values("pk", "name", "description", "website", "city", "country", "lat",
                           "region_id"):
        outlines[row["pk"]] = {
            "name": row["name"], "description": row["description"],
            "website": row["website"], "lat": row["lat"],
            "address": {"city": row["city"], "country": row["country"]},
            "region": {"code": row["region_id"]} if row["region_id"] else None,
            **{key: [] for key in (*sheets.TERM_LISTS, *sheets.CHILD_LISTS)},
        }
    keys = {kind: key for key, kind in sheets.TERM_LISTS.items()}
    for hub_id, kind, level in HubTerm.objects.filter(hub__in=hubs).values_list(
            "hub_id", "term__kind", "level"):
        if hub_id in outlines and kind in keys:
            outlines[hub_id][keys[kind]].append({"level": level})
    for hub_id, publish in Contact.objects.filter(hub__in=hubs).values_list("hub_id",
                                                                            "publish"):
        if hub_id in outlines:
            outlines[hub_id]["contacts"].append({"publish": publish})
    for key, model in (("organisations", Organisation), ("examples", ServiceExample),
                       ("funding", FundingSource)):
        for hub_id in model.objects.filter(hub__in=hubs).values_list("hub_id", flat=True):
            if hub_id in outlines:
                outlines[hub_id][key].append({})
    return [(sheets.completeness(o), o["name"], pk) for pk, o in outlines.items()]


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

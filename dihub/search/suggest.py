"""Suggestions while typing: hub names, terms and places."""

from django.db.models import Q

from dihub.catalogue.models import Hub, Validation
from dihub.taxonomy.models import Term

from . import places

PLACE_MIN_POPULATION = 10_000  # while typing, towns people search from, not every hamlet


def suggest(prefix: str, limit: int = 8) -> list[dict]:
    """[{label, kind: hub|technology|sector|service|place, value, url?}], hubs first."""
    prefix = " ".join((prefix or "").replace("\x00", "").split())[:100]
    if len(prefix) < 2:
        return []
    out = []
    hubs = (Hub.objects.filter(validation=Validation.PUBLISHED)
            .filter(Q(name__istartswith=prefix) | Q(name__icontains=f" {prefix}"))
            .order_by("name")[:limit])
    for hub in hubs:
        out.append({"label": hub.name, "kind": "hub", "value": hub.slug,
                    "url": hub.get_absolute_url()})
    seen = set()
    for term in Term.objects.filter(name__icontains=prefix).order_by("name")[: limit * 2]:
        key = (term.kind, term.name.lower())
        if key not in seen:
            seen.add(key)
            out.append({"label": term.name, "kind": term.kind, "value": term.slug})
    for label in places.starting_with(prefix, limit, PLACE_MIN_POPULATION):
        out.append({"label": label, "kind": "place", "value": label})
    # a fair share of each kind
    kinds = {}
    for item in out:
        kinds.setdefault(item["kind"], []).append(item)
    mixed = []
    while len(mixed) < limit and any(kinds.values()):
        for items in kinds.values():
            if items and len(mixed) < limit:
                mixed.append(items.pop(0))
    return mixed

"""The one serializer of a hub's fact-sheet: the API, the pages' JSON twins and the exports.

`hub_dict(hub)` reads only what `hubs_queryset()` prefetched, so listing N hubs costs a
constant number of queries.
"""

from django.db.models import Count, Prefetch
from django.utils.translation import pgettext

from dihub import params as P

from .languages import EXAMPLE_TRANSLATED, country_label, translations
from .models import (
    Contact,
    FundingSource,
    Hub,
    HubTerm,
    HubType,
    ServiceExample,
    Validation,
)

TERM_LISTS = (("technologies", "technology"), ("sectors", "sector"), ("services", "service"))


def published_hub(key: str):
    """The published hub with this id or slug, prefetched for hub_dict; None when none."""
    return hubs_queryset().by_key(key)


def country_name(code: str) -> str:
    """The name of a country code in the reader's language (English: the short name the EU
    portals write); the code itself when no country has it."""
    return country_label(code)


def clean_filters(country: str | None = "", hub_type: str | None = "") -> dict:
    """The listing filters, checked by the shared rules: {"country": "DE", "type": "edih"}
    (empty ones left out). BadParameter for a bad value."""
    found = P.read((P.country("ISO 3166 code"), P.choice("type", HubType.values, "hub type")),
                   {"country": country or "", "type": (hub_type or "").strip().lower()})
    return {k: v for k, v in found.items() if v}


def hubs_queryset(*, public=True, country="", hub_type=""):
    """Hubs, filtered, ordered by name and slug, with everything hub_dict reads prefetched
    (a fixed number of queries however many hubs). BadParameter for a bad filter value."""
    filters = clean_filters(country, hub_type)
    hubs = Hub.objects.order_by("name", "slug")
    if public:
        hubs = hubs.filter(validation=Validation.PUBLISHED)
    if "country" in filters:
        hubs = hubs.filter(country=filters["country"])
    if "type" in filters:
        hubs = hubs.filter(hub_type=filters["type"])
    contacts = Contact.objects.order_by("position", "id")
    if public:
        contacts = contacts.filter(publish=True)
    return hubs.select_related("region").prefetch_related(
        Prefetch("hub_terms", queryset=HubTerm.objects.select_related("term")),
        Prefetch("contacts", queryset=contacts),
        "organisations",
        Prefetch("examples", queryset=ServiceExample.objects.order_by("id")),
        Prefetch("funding", queryset=FundingSource.objects.order_by("id")),
        "sources",
        "service_languages",
    )


def term_sort_key(item: dict):
    """Highest engagement first, terms without a level last, then by vocabulary and name."""
    level = item["level"]
    return (level is None, -(level or 0), item["vocabulary"], item["name"].lower(), item["name"])


def terms_of(hub, kind: str) -> list[dict]:
    items = [
        {"name": ht.term.name, "vocabulary": ht.term.vocabulary, "level": ht.level}
        for ht in hub.hub_terms.all()
        if ht.term.kind == kind
    ]
    return sorted(items, key=term_sort_key)


def contact_dict(contact) -> dict:
    return {
        "name": contact.name,
        "role": contact.role,
        "email": contact.email,
        "phone": contact.phone,
        "publish": contact.publish,
    }


def languages_dict(hub) -> dict:
    """The languages a hub serves customers in, and its own texts in other languages."""
    return {"languages": [lang.code for lang in hub.service_languages.all()],
            "translations": translations(hub.i18n)}


def hub_dict(hub, *, public=True) -> dict:
    """Every field of a hub's fact-sheet as plain JSON-ready data.

    With public=True, contacts that did not agree to be shown are left out, even when the
    queryset fetched them.
    """
    contacts = [c for c in hub.contacts.all() if c.publish or not public]
    data = {
        "id": hub.pk,
        "slug": hub.slug,
        "name": hub.name,
        "local_name": hub.local_name,
        "title": hub.title,
        "description": hub.description,
        "local_description": hub.local_description,
        "type": hub.hub_type,
        "status": hub.status,
        "validation": hub.validation,
        "address": {
            "street": hub.street,
            "postcode": hub.postcode,
            "city": hub.city,
            "country": hub.country,
            "text": hub.address_text,
        },
        "lat": hub.lat,
        "lon": hub.lon,
        "region": {"code": hub.region.code, "name": hub.region.name} if hub.region else None,
        "website": hub.website,
        "social": dict(sorted((hub.social or {}).items())),
        "initiative": hub.initiative,
    }
    for key, kind in TERM_LISTS:
        data[key] = terms_of(hub, kind)
    data["contacts"] = [contact_dict(c) for c in contacts]
    data["organisations"] = sorted(
        (
            {"name": o.name, "role": o.role, "country": o.country, "website": o.website}
            for o in hub.organisations.all()
        ),
        key=lambda o: (o["role"], o["name"], o["country"], o["website"]),
    )
    data["examples"] = [
        {
            "title": e.title,
            "client_profile": e.client_profile,
            "need": e.need,
            "solution": e.solution,
            "result": e.result,
            "translations": translations(e.i18n, EXAMPLE_TRANSLATED),
        }
        for e in hub.examples.all()
    ]
    data["funding"] = [
        {"programme": f.programme, "description": f.description} for f in hub.funding.all()
    ]
    data["sources"] = sorted(
        ({"source": s.source, "source_id": s.source_id} for s in hub.sources.all()),
        key=lambda s: (s["source"], s["source_id"]),
    )
    data["updated_at"] = hub.updated_at.isoformat() if hub.updated_at else None
    return data


def summary_data() -> dict:
    """Counts of published hubs: total, by type and by country (the home page's figures)."""
    hubs = Hub.objects.filter(validation=Validation.PUBLISHED)
    labels = dict(Hub._meta.get_field("hub_type").choices)
    by_type = hubs.values("hub_type").annotate(n=Count("id")).order_by("-n", "hub_type")
    by_country = hubs.values("country").annotate(n=Count("id")).order_by("-n", "country")
    return {
        "total": hubs.count(),
        "by_type": [
            {"key": r["hub_type"], "label": str(labels.get(r["hub_type"], r["hub_type"])),
             "count": r["n"]}
            for r in by_type
        ],
        "by_country": [
            {"key": r["country"],
             "label": country_name(r["country"]) or pgettext("country", "unknown"),
             "count": r["n"]}
            for r in by_country
        ],
    }

"""The catalogue's pages: thin views over serialize.py, the same data as the API."""

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language

from dihub.regions.maps import map_data
from dihub.taxonomy.labels import label_map

from .exporters.jsonld import organization
from .languages import EXAMPLE_TRANSLATED, in_language, language_name
from .models import HubType, Organisation, Status, Validation
from .serialize import TERM_LISTS, country_name, hub_dict, hubs_queryset, languages_dict

TYPE_LABELS = dict(HubType.choices)
STATUS_LABELS = dict(Status.choices)
VALIDATION_LABELS = dict(Validation.choices)
ROLE_LABELS = dict(Organisation.Role.choices)
TOP_TECHNOLOGIES = 3


def presented(hub) -> dict:
    """hub_dict with the labels a page shows."""
    data = hub_dict(hub)
    data["type_label"] = TYPE_LABELS.get(data["type"], data["type"])
    data["status_label"] = STATUS_LABELS.get(data["status"], data["status"])
    data["validation_label"] = VALIDATION_LABELS.get(data["validation"], data["validation"])
    data["organisations"] = [{**o, "role_label": ROLE_LABELS.get(o["role"], o["role"])}
                             for o in data["organisations"]]
    data["updated"] = hub.updated_at  # for the page's localized date (updated_at: ISO)
    data["country_name"] = country_name(data["address"]["country"])
    shown = label_map(ht.term for ht in hub.hub_terms.all())  # prefetched: no query
    for key, kind in TERM_LISTS:
        data[key] = [{**t, "label": shown.get((t["vocabulary"], kind, t["name"]), t["name"])}
                     for t in data[key]]
    lang = get_language()
    data.update(languages_dict(hub))
    data["in_original"] = in_language(data, data["translations"], lang)
    for example in data["examples"]:
        data["in_original"] |= in_language(example, example["translations"], lang,
                                           EXAMPLE_TRANSLATED)
    data["languages"] = [{"code": code, "name": language_name(code)}
                         for code in data["languages"]]
    names = list(dict.fromkeys(t["name"] for t in data["technologies"]))
    data["top_technologies"] = names[:TOP_TECHNOLOGIES]
    return data


def hub_detail(request, slug):
    hub = hubs_queryset().filter(slug=slug).first()
    if hub is None:
        raise Http404("no published hub with this address")
    data = presented(hub)
    url = request.build_absolute_uri(hub.get_absolute_url())
    has_place = data["lat"] is not None and data["lon"] is not None
    context = {
        "hub": data,
        "json_ld": organization(data, url, country_name),
        "json_url": reverse("api-1:hubs-detail", args=[hub.slug]),
        "map_data": map_data(lat=data["lat"], lon=data["lon"], name=data["name"])
        if has_place else None,
    }
    return render(request, "catalogue/hub_detail.html", context)

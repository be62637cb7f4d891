"""The catalogue's pages: thin views over serialize.py, the same data as the API."""

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse

from dihub.regions.maps import map_data

from .exporters.jsonld import organization
from .models import HubType, Status
from .serialize import country_name, hub_dict, hubs_queryset

TYPE_LABELS = dict(HubType.choices)
STATUS_LABELS = dict(Status.choices)
TOP_TECHNOLOGIES = 3


def presented(hub) -> dict:
    """hub_dict with the labels a page shows."""
    data = hub_dict(hub)
    data["type_label"] = TYPE_LABELS.get(data["type"], data["type"])
    data["status_label"] = STATUS_LABELS.get(data["status"], data["status"])
    data["country_name"] = country_name(data["address"]["country"])
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

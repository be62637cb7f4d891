"""The catalogue's pages: thin views over serialize.py, the same data as the API."""

from django.conf import settings
from django.core.paginator import EmptyPage, Paginator
from django.http import Http404
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.http import urlencode

from .exporters.jsonld import organization
from .models import Hub, HubType, Status, Validation
from .serialize import BadFilter, clean_filters, country_name, hub_dict, hubs_queryset

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


def filter_choices():
    hubs = Hub.objects.filter(validation=Validation.PUBLISHED)
    codes = hubs.exclude(country="").values_list("country", flat=True).distinct()
    countries = sorted(((c, country_name(c)) for c in codes), key=lambda c: c[1])
    return {"countries": countries, "types": HubType.choices}


def hub_list(request):
    country, hub_type = request.GET.get("country", ""), request.GET.get("type", "")
    context = {"choices": filter_choices(), "country": country, "type": hub_type}
    try:
        filters = clean_filters(country, hub_type)
    except BadFilter as exc:
        context["error"] = str(exc)
        return render(request, "catalogue/hub_list.html", context, status=400)
    raw_page = request.GET.get("page", "1")
    if not raw_page.isdigit() or not 0 < int(raw_page) < 10**9:
        context["error"] = "page: expected a whole number from 1"
        return render(request, "catalogue/hub_list.html", context, status=400)
    paginator = Paginator(hubs_queryset(country=filters.get("country", ""),
                                        hub_type=filters.get("type", "")),
                          settings.DIHUB_PAGE_SIZE)
    try:
        page = paginator.page(int(raw_page))
    except EmptyPage as exc:
        raise Http404(f"page {raw_page} does not exist") from exc
    query = {"country": filters.get("country", ""), "type": filters.get("type", "")}
    query = {k: v for k, v in query.items() if v}
    context.update({
        "page": page,
        "hubs": [presented(h) for h in page.object_list],
        "count": paginator.count,
        "query": urlencode(query),
        "json_url": reverse("api-1:hubs-list") + "?" + urlencode(
            {**query, "page": page.number, "page_size": settings.DIHUB_PAGE_SIZE}),
        "country": query.get("country", ""),
        "type": query.get("type", ""),
    })
    return render(request, "catalogue/hub_list.html", context)


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
        "map_data": {
            "lat": data["lat"],
            "lon": data["lon"],
            "name": data["name"],
            "outlines": static("vendor/world-atlas/countries-50m.json"),
            "tiles": settings.DIHUB_TILE_URL,
        } if has_place else None,
    }
    return render(request, "catalogue/hub_detail.html", context)

"""The region pages: thin views over listing.py and summary.py, the same data as the API."""

from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy

from dihub.regions.maps import map_data
from dihub.regions.models import Region
from dihub.s3.summary import for_region as s3_section

from .listing import SORTS, BadParameter, ListParams, region_list
from .summary import Moved, NotFound, change_kind, region_summary

LEVELS = ((0, gettext_lazy("Countries")), (1, "NUTS 1"), (2, "NUTS 2"), (3, "NUTS 3"))


def region_list_page(request):
    context = {"levels": LEVELS, "sorts": SORTS, "form": request.GET,
               "countries": Region.objects.filter(level=0).order_by("name")}
    try:
        params = ListParams.parse(request.GET)
        data = region_list(params)
    except BadParameter as exc:
        context["error"] = f"{exc.param}: {exc.message}"
        return render(request, "regionpages/region_list.html", context, status=exc.status)
    query = params.query()
    context.update(
        data=data, params=params,
        sort_links={s: "?" + params.query(sort=s, page=1) for s in SORTS},
        prev_query=params.query(page=params.page - 1) if params.page > 1 else None,
        next_query=params.query(page=params.page + 1) if params.page < data["pages"] else None,
        json_url=reverse("api-1:regions-list") + (f"?{query}" if query else ""),
        map_data=map_data(boundaries=data["boundaries_url"]) if data["boundaries_url"] else None,
    )
    return render(request, "regionpages/region_list.html", context)


def region_detail(request, code):
    try:
        data = region_summary(code)
    except Moved as exc:
        if len(exc.became) == 1:
            return redirect("region-detail", code=exc.became[0], permanent=True)
        return render(request, "regionpages/region_missing.html", {
            "message": str(exc), "change": exc.change,
            "became": Region.objects.filter(code__in=exc.became).order_by("code")}, status=404)
    except NotFound as exc:
        return render(request, "regionpages/region_missing.html", {"message": str(exc)}, status=404)
    if data["code"] != code:
        return redirect("region-detail", code=data["code"], permanent=True)
    for f in data["formerly"]:  # Eurostat's word in the reader's language, for the page only
        f["kind_label"] = change_kind(f["kind"])
    hubs = data["hubs"]
    context = {"region": data, "json_url": reverse("api-1:region-detail-api", args=[data["code"]]),
               "map_data": map_data(points=hubs["geojson_url"], nearest=data["nearest"],
                                centre=data["centre"], boundaries=data["boundaries"]["url"])}
    context["s3"] = s3_section(data["code"])  # S3 priorities, uncovered ones, indicators
    return render(request, "regionpages/region_detail.html", context)

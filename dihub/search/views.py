"""The search page, /hubs/: the same SearchParams and engine as GET /api/hubs.

A plain GET renders the whole page (it works without JavaScript); an htmx request gets the
results and, out of band, the facets, and pushes the canonical URL.
"""

from django.http import QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy, pgettext_lazy

from dihub.catalogue.models import HubType
from dihub.catalogue.serialize import country_name
from dihub.regions.countries import iso_from_nuts
from dihub.regions.maps import map_data
from dihub.taxonomy.labels import labels_by_name, labels_by_slug

from . import engine
from .facets import selectable
from .filters import LABELS, BadParameter, SearchParams

TYPE_LABELS = dict(HubType.choices)
FACET_KINDS = ("technology", "sector", "service", "language", "type", "status")
RADIO_KINDS = ("type", "status")
NOT_FILTERS = ("page", "page_size", "sort")
SORTS = (("", gettext_lazy("Best match")), ("name", pgettext_lazy("sort", "Name")),
         ("distance", pgettext_lazy("sort", "Distance")),
         ("updated", gettext_lazy("Last updated")))
# a filter's name inside a sentence ("without country “FR”"): lower case in English, not in
# every language
IN_SENTENCE = {
    "q": pgettext_lazy("without … “x”", "text"),
    "technology": pgettext_lazy("without … “x”", "technology"),
    "sector": pgettext_lazy("without … “x”", "sector"),
    "service": pgettext_lazy("without … “x”", "service"),
    "min_level": pgettext_lazy("without … “x”", "minimum level"),
    "country": pgettext_lazy("without … “x”", "country"),
    "region": pgettext_lazy("without … “x”", "region"),
    "type": pgettext_lazy("without … “x”", "type"),
    "status": pgettext_lazy("without … “x”", "status"),
    "language": pgettext_lazy("without … “x”", "language of service"),
    "bbox": pgettext_lazy("without … “x”", "map area"),
    "near": pgettext_lazy("without … “x”", "near"),
    "radius_km": pgettext_lazy("without … “x”", "radius (km)"),
}


def hub_list(request):
    partial = request.headers.get("HX-Request") and not request.headers.get(
        "HX-History-Restore-Request")  # a history restore needs the whole page
    context = {"form": request.GET, "sorts": SORTS, "map_data": map_data(
        points=reverse("api-1:hubs-points"),
        suggest=reverse("api-1:hubs-suggest"),
        types={k: str(v) for k, v in TYPE_LABELS.items()},
    )}
    status = 200
    try:
        params = SearchParams.from_query(request.GET)
        found = engine.run(params)
    except BadParameter as exc:
        status = exc.status
        context.update(error=f"{exc.param}: {exc.message}", suggestions=exc.suggestions,
                       query="", facets=facet_context({}, QueryDict()), active=[])
    else:
        canonical = params.to_query()
        context.update(results_context(found, params, QueryDict(canonical)), query=canonical,
                       json_url=reverse("api-1:hubs-list") + "?" + canonical,
                       near_circle=near_circle(params))
    template = "search/_search_partial.html" if partial else "search/hub_list.html"
    response = render(request, template, context, status=status)
    if partial and status == 200:
        response["HX-Push-Url"] = reverse("hub-list") + (f"?{canonical}" if canonical else "")
    response["Vary"] = "HX-Request, HX-History-Restore-Request"
    return response


def results_context(found, params, query: QueryDict) -> dict:
    pages = max(1, -(-found.count // found.page_size))
    base = query.copy()
    base.pop("page", None)
    base = base.urlencode()
    return with_term_labels({
        "found": found,
        "count": found.count,
        "results": [labelled(r) for r in found.results],
        "near": bool(query.get("near")),
        "facets": facet_context(selectable(found.facets, params), query),
        "active": active_filters(query, counted=not found.count),
        "pages": pages,
        "prev_query": _with_page(base, found.page - 1) if found.page > 1 else None,
        "next_query": _with_page(base, found.page + 1) if found.page < pages else None,
    })


def near_circle(params) -> str:
    """lat,lon,radius_km of the near filter, for the map to draw; "" without one."""
    if not params.near_point:
        return ""
    lat, lon = params.near_point
    return f"{lat:.5f},{lon:.5f},{params.radius_km:g}"


def country_groups(countries: list[dict], regions: list[dict]):
    """Country facet items, each with the region items (NUTS codes) of that country."""
    groups = {c["value"]: {**c, "checked": c["selected"], "regions": []} for c in countries}
    for item in regions:
        iso = iso_from_nuts(item["value"])
        group = groups.get(iso) or groups.setdefault(
            iso, {"value": iso, "label": country_name(iso), "count": None,
                  "checked": False, "regions": []})
        group["regions"].append({**item, "checked": item["selected"]})
    return sorted(groups.values(), key=lambda g: (not g["checked"], g["label"]))


def active_filters(query: QueryDict, counted=False) -> list[dict]:
    """Each filter of the canonical query with the query string that drops it; counted: with
    the number of hubs found without it, most first (to explain an empty result)."""
    active = []
    for key, values in query.lists():
        if key in NOT_FILTERS:
            continue
        for value in values:
            rest = query.copy()
            rest.setlist(key, [v for v in values if v != value])
            rest.pop("page", None)
            active.append({"param": key, "label": LABELS.get(key, key), "value": value,
                           "in_sentence": IN_SENTENCE.get(key, key),
                           "without": rest.urlencode()})
    if counted:
        for item in active:
            params = SearchParams.from_query(QueryDict(item["without"]))
            item["count"] = len(engine.matching(params))
        active.sort(key=lambda item: -item["count"])
    return active


def facet_context(facets: dict, query: QueryDict) -> dict:
    """The facets of selectable() as the form shows them."""
    lists = []
    for kind in FACET_KINDS:
        items = facets.get(kind) or []
        if not items and not query.get(kind):
            continue
        lists.append({"kind": kind, "label": LABELS[kind], "radio": kind in RADIO_KINDS,
                      "any_checked": not query.get(kind),
                      "items": [{**i, "checked": i["selected"]} for i in items]})
    return {
        "countries": country_groups(facets.get("country") or [], facets.get("region") or []),
        "region": query.get("region", ""),
        "lists": lists,
        "hidden": [(k, v) for k in ("bbox", "min_level") for v in query.getlist(k)],
    }


def labelled(result: dict) -> dict:
    return {**result, "type_label": TYPE_LABELS.get(result.get("type"), result.get("type")),
            "country_name": country_name(result.get("country") or "")}


def _with_page(base: str, page: int) -> str:
    suffix = f"page={page}" if page > 1 else ""
    return "&".join(p for p in (base, suffix) if p)


TERM_LISTS = (("technologies", "technology"), ("sectors", "sector"), ("services", "service"))


def with_term_labels(context: dict) -> dict:
    """The page's terms in the reader's language: result cards, term facets and filter chips
    show labels; values, queries and URLs keep slugs and canonical names (two queries)."""
    slugs = {(item["kind"], i["value"]) for item in context["facets"]["lists"]
             if item["kind"] in TERM_LISTS_KINDS for i in item["items"]}
    slugs |= {(f["param"], f["value"]) for f in context["active"] if f["param"] in TERM_LISTS_KINDS}
    names = {(kind, name) for r in context["results"] for key, kind in TERM_LISTS
             for name in r.get(key) or ()}
    names |= {(f["param"], f["value"]) for f in context["active"] if f["param"] in TERM_LISTS_KINDS}
    by_slug, by_name = labels_by_slug(slugs), labels_by_name(names)
    for r in context["results"]:
        for key, kind in TERM_LISTS:
            r[key] = list(dict.fromkeys(by_name.get((kind, n), n) for n in r.get(key) or ()))
    for item in context["facets"]["lists"]:
        if item["kind"] in TERM_LISTS_KINDS:
            for i in item["items"]:
                i["label"] = by_slug.get((item["kind"], i["value"]), i["label"])
    for f in context["active"]:
        if f["param"] in TERM_LISTS_KINDS:
            pair = (f["param"], f["value"])
            f["value"] = by_slug.get(pair) or by_name.get(pair) or f["value"]
    return context


TERM_LISTS_KINDS = tuple(kind for _, kind in TERM_LISTS)

"""Facet counts, in SQL: each facet counted over the search with its own filter left out;
and the facets as data, each value with whether it is selected and the query toggling it."""

from dataclasses import replace

from django.db.models import Count, Min
from django.db.models.functions import Substr

from dihub.catalogue.languages import language_name
from dihub.catalogue.models import HubTerm, HubType, ServiceLanguage, Status
from dihub.catalogue.serialize import country_name
from dihub.regions.models import Region

from .filters import TERM_KINDS

TYPE_LABELS = dict(HubType.choices)
STATUS_LABELS = dict(Status.choices)
NUTS2_LENGTH = 4


def _rows(rows, label):
    out = [{"value": v, "label": label(v), "count": n} for v, n in rows if v]
    return sorted(out, key=lambda f: (-f["count"], f["label"]))


def facets(params) -> dict:
    from .engine import hubs

    result = {}
    rows = hubs(params, "country").values_list("country").annotate(n=Count("id"))
    result["country"] = _rows(rows.order_by(), country_name)

    rows = (hubs(params, "region").exclude(region=None)
            .annotate(nuts2=Substr("region_id", 1, NUTS2_LENGTH))
            .values_list("nuts2").annotate(n=Count("id")).order_by())
    rows = list(rows)
    names = dict(Region.objects.filter(code__in=[r[0] for r in rows])
                 .values_list("code", "name"))
    result["region"] = _rows(rows, lambda code: names.get(code, code))

    # a filtered kind is counted without its own filter; the others together, over the
    # same hubs (leaving out a filter they do not have changes nothing)
    filtered = [(kind,) for kind in TERM_KINDS if kind in params.term_ids]
    rest = tuple(kind for kind in TERM_KINDS if kind not in params.term_ids)
    for kinds in filtered + ([rest] if rest else []):
        links = HubTerm.objects.filter(term__kind__in=kinds,
                                       hub_id__in=hubs(params, kinds[0]).values("id"))
        if params.min_level is not None:
            links = links.filter(level__gte=params.min_level)
        rows = (links.values("term__kind", "term__slug")
                .annotate(n=Count("hub_id", distinct=True), label=Min("term__name")).order_by())
        for kind in kinds:
            result[kind] = []
        for r in rows:
            result[r["term__kind"]].append(
                {"value": r["term__slug"], "label": r["label"], "count": r["n"]})
        for kind in kinds:
            result[kind].sort(key=lambda f: (-f["count"], f["label"]))

    rows = hubs(params, "type").values_list("hub_type").annotate(n=Count("id")).order_by()
    result["type"] = _rows(rows, lambda v: str(TYPE_LABELS.get(v, v)))
    rows = hubs(params, "status").values_list("status").annotate(n=Count("id")).order_by()
    result["status"] = _rows(rows, lambda v: str(STATUS_LABELS.get(v, v)))
    rows = (ServiceLanguage.objects.filter(hub_id__in=hubs(params, "language").values("id"))
            .values_list("code").annotate(n=Count("hub_id")).order_by())
    result["language"] = _rows(rows, language_name)
    return result


REPEATED = ("country", "language", *TERM_KINDS)  # several values at once (OR); the others take one


def selectable(found: dict, params) -> dict:
    """The facets as data: each value with `selected` and `query`, the canonical query
    string that toggles it (page 1). A term typed as a name ("Internet of things") selects
    the value it names; one chosen but counted nowhere is listed with count 0, so that the
    next click keeps it."""
    out = {}
    for kind, items in found.items():
        chosen = _chosen(kind, params)
        rows = []
        for item in items:
            matched = [c for c in chosen if _names(item, c)]
            rows.append({**item, "selected": bool(matched),
                         "query": _toggled(params, kind, item["value"], matched)})
        for value in chosen:
            if not any(_names(r, value) for r in rows):
                slug, label = _named(kind, value)
                rows.append({"value": slug, "label": label, "count": 0, "selected": True,
                             "query": _toggled(params, kind, value, [value])})
        out[kind] = rows
    return out


def _chosen(kind, params) -> list:
    if kind in REPEATED:
        return list(getattr(params, kind))
    if kind == "region":
        return [params.region] if params.region else []
    return [getattr(params, kind)] if getattr(params, kind) else []


def _names(item, given) -> bool:
    """Whether a value given in the query names this facet value (slug, code or label)."""
    return given == item["value"] or given.casefold() == item["label"].casefold()


def _named(kind, value) -> tuple:
    """(value as the facet gives it, label) of a value given in the query."""
    if kind in TERM_KINDS:
        from dihub.taxonomy.models import Term

        term = (Term.objects.filter(kind=kind, slug=value).first()
                or Term.objects.filter(kind=kind, name__iexact=value).first())
        return (term.slug, term.name) if term else (value, value)
    if kind == "country":
        return value, country_name(value)
    if kind == "language":
        return value, language_name(value)
    if kind == "region":
        return value, Region.objects.filter(code=value).values_list("name", flat=True).first(
        ) or value
    labels = TYPE_LABELS if kind == "type" else STATUS_LABELS
    return value, str(labels.get(value, value))


def _toggled(params, kind, value, matched) -> str:
    if kind in REPEATED:
        now = getattr(params, kind)
        new = tuple(v for v in now if v not in matched) if matched else (*now, value)
    else:
        new = "" if matched else value
    return replace(params, **{kind: new}, page=1).to_query()

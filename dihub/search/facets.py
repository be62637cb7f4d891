"""Facet counts, in SQL: each facet counted over the search with its own filter left out."""

from django.db.models import Count, Min
from django.db.models.functions import Substr

from dihub.catalogue.models import HubTerm, HubType, Status
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
    return result

"""What the region page and GET /api/regions/{code} show: region_summary(code) -> dict.

Each section is one key of the dict, built by one function here: a new section (S3
priorities, indicators) is one more line in region_summary, and one field in api.RegionOut
for the API to pass it on. Only published hubs count.
A region's hubs are those placed in it or in any region below it.
"""

import math
import re
from urllib.parse import urlencode

from django.db.models import Count, F, Min
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext_lazy

from dihub.catalogue.models import Hub, HubTerm, HubType, Validation
from dihub.catalogue.serialize import country_name
from dihub.regions import versions
from dihub.regions.countries import iso_from_nuts
from dihub.regions.models import Region, RegionBoundary
from dihub.regions.nuts import latin_names
from dihub.taxonomy.labels import labels_by_slug

HUBS_SHOWN = 10
NEAREST = 5
KM_PER_DEGREE = 111.195
SEARCH_BOXES_KM = (100, 300, 1000, None)
TERM_KINDS = (("technologies", "technology"), ("sectors", "sector"), ("services", "service"))
TYPE_LABELS = dict(HubType.choices)
CODE = re.compile(r"[A-Z]{2}[0-9A-Z]{0,3}")
# Eurostat's words for a change from NUTS 2021 to 2024, as a reader sees them
CHANGE_KINDS = {
    "code change": pgettext_lazy("NUTS change", "code change"),
    "boundary shift": pgettext_lazy("NUTS change", "boundary shift"),
    "name change": pgettext_lazy("NUTS change", "name change"),
    "split": pgettext_lazy("NUTS change", "split"),
    "merged": pgettext_lazy("NUTS change", "merged"),
    "new region": pgettext_lazy("NUTS change", "new region"),
    "new region / name change": pgettext_lazy("NUTS change", "new region / name change"),
}


def change_kind(kind: str) -> str:
    """Eurostat's word for a change, lower case, in the reader's language when known."""
    key = " ".join((kind or "").split()).lower()
    return str(CHANGE_KINDS.get(key, key))


class NotFound(LookupError):
    """No region has this code: the caller answers 404 with the message."""


class Moved(LookupError):
    """A NUTS 2021 code NUTS 2024 dropped; .became lists its successors."""

    def __init__(self, change):
        self.change = change
        self.became = list(change.new)
        super().__init__(_("%(old)s is a NUTS 2021 code (%(name)s) that NUTS 2024 replaced: "
                           "it became %(new)s (%(kind)s)")
                         % {"old": change.old, "name": change.name,
                            "new": ", ".join(change.new), "kind": change_kind(change.kind)})


def find_region(code: str) -> Region:
    """The region with this code (any case); Moved for a dropped 2021 code, else NotFound."""
    key = (code or "").strip().upper()
    if CODE.fullmatch(key):
        region = Region.objects.select_related("parent").filter(code=key).first()
        if region is not None:
            return region
        change = versions.dropped(key)
        if change is not None:
            raise Moved(change)
    shown = "".join(c for c in key[:10] if c.isalnum())
    raise NotFound(_("no region has the NUTS code %(code)s") % {"code": repr(shown)})


def region_summary(code: str) -> dict:
    """Everything the region page shows. NotFound or Moved for a code that is not current."""
    region = find_region(code)
    codes = descendants(region.code)
    hubs = published().filter(region_id__in=codes)
    data = header(region)
    data["formerly"] = formerly(region.code)
    data["children"] = children(region)
    data["hubs"] = hub_section(region, hubs)
    data.update(term_counts(region, hubs))
    data["centre"] = centre(region, codes, hubs)
    data["nearest"] = nearest(data["centre"], codes, iso_from_nuts(region.country))
    data["boundaries"] = boundary_section(region)
    return data


def published():
    return Hub.objects.filter(validation=Validation.PUBLISHED)


def header(region) -> dict:
    return {
        "code": region.code,
        "name": region.name,
        "name_latin": latin_names().get(region.code, ""),
        "level": region.level,
        "country": region.country,
        "country_name": country_name(region.country),
        "scheme": region.scheme,
        "parents": [ref(r) for r in region.ancestors()[:-1]],
        "url": reverse("region-detail", args=[region.code]),
    }


def ref(region) -> dict:
    return {"code": region.code, "name": region.name, "level": region.level,
            "url": reverse("region-detail", args=[region.code])}


def formerly(code) -> list[dict]:
    """The NUTS 2021 regions or names this region replaced."""
    return [{"code": c.old, "name": c.name, "kind": c.kind} for c in versions.formerly(code)]


# -- the tree -------------------------------------------------------------------------

def tree() -> dict:
    """{parent code: [child codes]} over every region."""
    kids = {}
    for code, parent in Region.objects.values_list("code", "parent_id"):
        kids.setdefault(parent, []).append(code)
    return kids


def descendants(code, kids=None) -> list:
    """This code and every code below it (through parents, not prefixes: UKN0 holds UKN10)."""
    kids = tree() if kids is None else kids
    out, todo = [], [code]
    while todo:
        c = todo.pop()
        out.append(c)
        todo.extend(kids.get(c, ()))
    return out


def hub_counts() -> dict:
    """{region code: published hubs in it and below it}, every region with at least one."""
    parents = dict(Region.objects.values_list("code", "parent_id"))
    counts = {}
    rows = published().exclude(region=None).values_list("region_id").annotate(n=Count("id"))
    for code, n in rows.order_by():
        seen = set()
        while code and code not in seen:
            seen.add(code)
            counts[code] = counts.get(code, 0) + n
            code = parents.get(code)
    return counts


def children(region) -> list[dict]:
    counts = hub_counts()
    return [{**ref(r), "hubs": counts.get(r.code, 0)} for r in region.children.order_by("code")]


# -- hubs and what they offer -----------------------------------------------------------

def search_url(code, **more) -> str:
    return reverse("hub-list") + "?" + urlencode({"region": code, **more})


def hub_section(region, hubs) -> dict:
    rows = hubs.select_related("region").order_by("name", "slug")[:HUBS_SHOWN]
    return {
        "count": hubs.count(),
        "shown": [hub_ref(h) for h in rows],
        "search_url": search_url(region.code),
        "geojson_url": reverse("api-1:hubs-geojson") + "?" + urlencode({"region": region.code}),
    }


def hub_ref(hub, distance_km=None) -> dict:
    return {
        "slug": hub.slug, "name": hub.name, "type": hub.hub_type,
        "type_label": str(TYPE_LABELS.get(hub.hub_type, hub.hub_type)),
        "city": hub.city, "country": hub.country,
        "region": {"code": hub.region.code, "name": hub.region.name} if hub.region else None,
        "lat": hub.lat, "lon": hub.lon, "url": hub.get_absolute_url(),
        "distance_km": None if distance_km is None else round(distance_km, 1),
    }


def term_counts(region, hubs) -> dict:
    """{"technologies": [{value, label, count, url}], "sectors": ..., "services": ...}, most
    hubs first; a term is counted by slug across both vocabularies, as the search's facets."""
    out = {}
    for key, kind in TERM_KINDS:
        rows = (HubTerm.objects.filter(term__kind=kind, hub_id__in=hubs.values("id"))
                .values("term__slug").annotate(n=Count("hub_id", distinct=True),
                                               label=Min("term__name")).order_by())
        items = [{"value": r["term__slug"], "label": r["label"], "count": r["n"],
                  "url": search_url(region.code, **{kind: r["term__slug"]})} for r in rows]
        out[key] = items
    # the label in the reader's language (the value, a slug, stays), in one query
    shown = labels_by_slug((kind, t["value"]) for key, kind in TERM_KINDS for t in out[key])
    for key, kind in TERM_KINDS:
        for t in out[key]:
            t["label"] = shown.get((kind, t["value"]), t["label"])
        out[key].sort(key=lambda t: (-t["count"], t["label"]))
    return out


# -- where it is and what lies near it ---------------------------------------------------

def centre(region, codes, hubs) -> dict | None:
    """Where distances are measured from: the region's largest town the gazetteer places in
    it; else the mean of its hubs' coordinates; else the middle of its boundary's box."""
    from dihub.regions import gazetteer

    gaz = gazetteer.load()
    seats = [gaz.seat(c) for c in codes if len(c) == 5 or c == region.code]
    seats = [s for s in seats if s is not None]
    if seats:
        seat = max(seats, key=lambda s: (s.population, s.name))
        return {"lat": seat.lat, "lon": seat.lon, "source": "seat", "label": seat.name}
    points = list(hubs.exclude(lat=None).exclude(lon=None).values_list("lat", "lon"))
    if points:
        return {"lat": sum(p[0] for p in points) / len(points),
                "lon": sum(p[1] for p in points) / len(points),
                "source": "hubs",
                "label": ngettext("the coordinates of %(n)s hub",
                                  "the mean of the coordinates of %(n)s hubs",
                                  len(points)) % {"n": len(points)}}
    box = RegionBoundary.objects.filter(region_id=region.code).first()
    if box is not None:
        return {"lat": (box.south + box.north) / 2, "lon": (box.west + box.east) / 2,
                "source": "boundary", "label": _("the middle of the region's boundary")}
    return None


def km(lat1, lon1, lat2, lon2) -> float:
    """Great-circle distance in km."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2)
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


def nearest(where, codes, country="", n=NEAREST) -> list[dict]:
    """The n published hubs nearest to `where` that lie outside these regions, nearest first;
    hubs of the country (ISO code) in no region may lie inside, so they are left out.
    Searched in growing boxes; a box's answer stands once its n-th hub lies within its
    radius, so no hub outside the box can be nearer."""
    if where is None:
        return []
    lat0, lon0 = where["lat"], where["lon"]
    kx = KM_PER_DEGREE * max(math.cos(math.radians(lat0)), 0.01)
    outside = (published().exclude(lat=None).exclude(lon=None)
               .exclude(region_id__in=codes).exclude(region=None, country=country)
               .select_related("region"))
    d2 = ((F("lat") - lat0) * KM_PER_DEGREE) ** 2 + ((F("lon") - lon0) * kx) ** 2
    found = []
    for r in SEARCH_BOXES_KM:
        qs = outside
        if r is not None:
            dlat, dlon = r / KM_PER_DEGREE, r / kx
            qs = qs.filter(lat__range=(lat0 - dlat, lat0 + dlat),
                           lon__range=(lon0 - dlon, lon0 + dlon))
        found = list(qs.alias(d2=d2).order_by("d2", "id")[: n * 3])
        found = sorted((km(lat0, lon0, h.lat, h.lon), h.id, h) for h in found)[:n]
        if r is None or (len(found) == n and found[-1][0] <= r * 0.99):
            break
    return [hub_ref(h, d) for d, _, h in found]


def boundary_section(region) -> dict:
    """Whether boundaries are loaded for the regions below, and where their GeoJSON is."""
    has = RegionBoundary.objects.filter(region__parent_id=region.code).exists()
    return {"loaded": has,
            "url": reverse("api-1:region-boundaries", args=[region.code]) if has else None}

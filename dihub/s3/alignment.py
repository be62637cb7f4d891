"""How a hub meets its region's S3 priorities, and which priorities no hub near covers.

Matching is in match.py (no Django); here the data is fetched and the answers shaped.

- A hub meets the priorities of its region and of every region above it (a hub in ES413
  meets those of ES41, ES4 and ES). Of each region, only its latest programming period
  counts, unless a period is asked for.
- Score: the share of those priorities the hub meets (by a sector, a technology or both),
  0-100.
- A region's priority is covered when a published hub "near" it meets it: a hub placed in
  the region's parent region, which holds the region itself, its sub-regions and its
  neighbours under the same parent (for a country: any hub in the country).
"""

from django.db.models import Q

from dihub.catalogue.models import Hub, HubTerm, Validation
from dihub.regions.models import Region
from dihub.taxonomy.models import Kind

from . import match
from .models import Priority

COVERING_SHOWN = 5  # hubs named per covered priority


def latest_priorities(region_codes, period: str | None = None) -> list[Priority]:
    """The priorities of these regions: of each region its latest period, or `period`."""
    rows = list(Priority.objects.filter(region_id__in=list(region_codes))
                .select_related("region").order_by("region_id", "title"))
    if period:
        return [p for p in rows if p.period == period]
    latest = {}
    for p in rows:
        latest[p.region_id] = max(latest.get(p.region_id, ""), p.period, key=_period_end)
    return [p for p in rows if p.period == latest[p.region_id]]


def _period_end(period: str):
    return period[-4:], period


def priority_dict(p: Priority) -> dict:
    return {
        "id": p.pk, "region": {"code": p.region_id, "name": p.region.name},
        "period": p.period, "title": p.title, "description": p.description,
        "nace_codes": p.nace_codes, "scientific_domains": p.scientific_domains,
        "policy_objectives": p.policy_objectives, "source": p.source,
        "imported_at": p.imported_at.isoformat() if p.imported_at else None,
    }


def _wanted(p: Priority):
    return match.priority_terms({"nace_codes": p.nace_codes, "title": p.title,
                                 "description": p.description,
                                 "scientific_domains": p.scientific_domains})


def hub_terms(hub) -> tuple[list, list]:
    """(sectors, technologies) of a hub as (vocabulary, name), from its prefetched terms."""
    terms = [ht.term for ht in hub.hub_terms.all()]
    return ([(t.vocabulary, t.name) for t in terms if t.kind == Kind.SECTOR],
            [(t.vocabulary, t.name) for t in terms if t.kind == Kind.TECHNOLOGY])


def for_hub(hub, period: str | None = None) -> dict:
    """The priorities of the hub's region and the regions above it, each with what of the
    hub meets it, and the score (None when the regions have no priorities)."""
    chain = hub.region.ancestors() if hub.region_id else []
    priorities = latest_priorities([r.code for r in chain], period)
    sectors, technologies = hub_terms(hub)
    depth = {r.code: i for i, r in enumerate(chain)}
    priorities.sort(key=lambda p: (-depth[p.region_id], p.title))  # own region first
    items = []
    for p in priorities:
        met = match.meets(_wanted(p), sectors, technologies)
        items.append({**priority_dict(p), **met,
                      "met": bool(met["sectors"] or met["technologies"])})
    met_count = sum(i["met"] for i in items)
    return {
        "hub": {"id": hub.pk, "slug": hub.slug, "name": hub.name},
        "region": {"code": hub.region.code, "name": hub.region.name} if hub.region_id else None,
        "regions": [{"code": r.code, "name": r.name, "level": r.level} for r in chain],
        "described": bool(sectors or technologies),
        "score": match.score(met_count, len(items)),
        "met": met_count,
        "total": len(items),
        "priorities": items,
    }


def for_hub_page(hub) -> dict | None:
    """for_hub for the fact-sheet: None when the hub's regions have no priorities."""
    data = for_hub(hub)
    return data if data["total"] else None


def subtree(code: str) -> set[str]:
    """A region's code and those of every region below it."""
    region = Region.objects.filter(code=code).only("country").first()
    if region is None:
        return set()
    children: dict[str, list[str]] = {}
    for child, parent in Region.objects.filter(country=region.country).values_list(
            "code", "parent_id"):
        children.setdefault(parent, []).append(child)
    found, todo = set(), [code]
    while todo:
        current = todo.pop()
        found.add(current)
        todo.extend(children.get(current, ()))
    return found


def near_area(region: Region) -> str:
    """The code of the area whose hubs count as near the region: its parent, or itself."""
    return region.parent_id or region.code


def hubs_terms_near(region: Region) -> dict[int, dict]:
    """Published hubs near the region: id -> {slug, name, sectors, technologies}."""
    hubs = {
        pk: {"id": pk, "slug": slug, "name": name, "sectors": [], "technologies": []}
        for pk, slug, name in Hub.objects.filter(
            validation=Validation.PUBLISHED, region_id__in=subtree(near_area(region))
        ).values_list("pk", "slug", "name")
    }
    terms = HubTerm.objects.filter(hub_id__in=list(hubs)).filter(
        Q(term__kind=Kind.SECTOR) | Q(term__kind=Kind.TECHNOLOGY))
    for hub_id, kind, vocabulary, name in terms.values_list(
            "hub_id", "term__kind", "term__vocabulary", "term__name"):
        key = "sectors" if kind == Kind.SECTOR else "technologies"
        hubs[hub_id][key].append((vocabulary, name))
    return hubs


def coverage(region: Region, period: str | None = None) -> list[dict]:
    """The region's own priorities, each with the published hubs near it that meet it."""
    priorities = latest_priorities([region.code], period)
    hubs = hubs_terms_near(region) if priorities else {}
    out = []
    for p in priorities:
        wanted = _wanted(p)
        covering = [
            {"id": h["id"], "slug": h["slug"], "name": h["name"]}
            for h in sorted(hubs.values(), key=lambda h: h["name"])
            if any(match.meets(wanted, h["sectors"], h["technologies"]).values())
        ]
        out.append({**priority_dict(p), "covered": bool(covering),
                    "hub_count": len(covering), "hubs": covering[:COVERING_SHOWN]})
    return out


def uncovered(region: Region, period: str | None = None) -> list[dict]:
    """The region's own priorities that no published hub near it meets."""
    return [p for p in coverage(region, period) if not p["covered"]]

"""Region boundaries in the database: load a GISCO file, place hubs in them, serve them.

The file's reading and the point-in-polygon test are in shapes.py (no Django).
"""

import json
from dataclasses import dataclass, field

from django.db import transaction

from dihub.catalogue.models import Hub, Placement
from dihub.catalogue.signals import changed as hubs_changed

from . import shapes, versions
from .models import Region, RegionBoundary

BATCH = 500


@dataclass
class LoadReport:
    loaded: int = 0
    renamed: list = field(default_factory=list)  # (2021 code, 2024 code) stored under the new
    unknown: list = field(default_factory=list)  # codes no region has
    placed: int = 0  # hubs with coordinates inside some boundary
    changed: int = 0  # hubs whose region changed
    outside: int = 0  # hubs with coordinates outside every boundary
    kept: int = 0  # hubs placed by hand, or with only a country's coordinates: left alone

    def lines(self) -> list[str]:
        out = [f"boundaries loaded: {self.loaded}"]
        if self.renamed:
            out.append(f"NUTS 2021 codes stored under their 2024 code: {len(self.renamed)} "
                       f"({', '.join(f'{a}->{b}' for a, b in self.renamed[:5])})")
        if self.unknown:
            out.append(f"codes no region has, left out: {len(self.unknown)} "
                       f"({', '.join(self.unknown[:10])})")
        out.append(f"hubs placed: {self.placed}, region changed: {self.changed}, "
                   f"outside every boundary: {self.outside}, left alone: {self.kept}")
        return out


def load(found: list, source: str, replace: bool = False) -> LoadReport:
    """Store the shapes under their regions (a 2021 code under its one 2024 successor), then
    place the hubs. With replace, boundaries the file lacks are deleted first."""
    report = LoadReport()
    known = set(Region.objects.values_list("code", flat=True))
    rows = {}
    for s in found:
        code = s.code
        if code not in known and versions.current(code) in known:
            report.renamed.append((code, versions.current(code)))
            code = versions.current(code)
        if code not in known:
            report.unknown.append(s.code)
            continue
        w, so, e, n = s.geometry.bounds
        rows[code] = RegionBoundary(
            region_id=code, geometry=shapes.to_geojson(s.geometry),
            simple=shapes.to_geojson(s.geometry, simplify=True),
            west=w, south=so, east=e, north=n, source=source[:300])
    with transaction.atomic():
        if replace:
            RegionBoundary.objects.all().delete()
        else:
            RegionBoundary.objects.filter(region_id__in=list(rows)).delete()
        RegionBoundary.objects.bulk_create(rows.values(), batch_size=BATCH)
    report.loaded = len(rows)
    place_hubs(report)
    return report


def stored_shapes() -> list:
    """Every stored boundary as a shapes.Shape."""
    levels = dict(Region.objects.values_list("code", "level"))
    return [shapes.Shape(code, levels[code], code[:2], "", shapes.from_geojson(text))
            for code, text in RegionBoundary.objects.values_list("region_id", "geometry")]


def place_hubs(report: LoadReport | None = None) -> LoadReport:
    """Put every hub with coordinates in the deepest region whose boundary holds it.

    Hubs set by hand, and hubs whose coordinates are only their country's, are left alone;
    a hub already in a region below the one found keeps it (a file of level 2 does not undo
    a postcode's level 3)."""
    report = report or LoadReport()
    found = stored_shapes()
    parents = dict(Region.objects.values_list("code", "parent_id"))
    hubs = list(Hub.objects.exclude(lat=None).exclude(lon=None)
                .only("id", "lat", "lon", "region_id", "region_from", "coords_from"))
    free = [h for h in hubs if h.region_from != Placement.MANUAL
            and h.coords_from != Placement.COUNTRY]
    report.kept = len(hubs) - len(free)
    codes = shapes.place(found, [(h.lat, h.lon) for h in free])
    changed = []
    for hub, code in zip(free, codes, strict=True):
        if not code:
            report.outside += 1
            continue
        report.placed += 1
        if _below(hub.region_id, code, parents):
            continue
        hub.region_id, hub.region_from = code, Placement.BOUNDARY
        changed.append(hub)
    with transaction.atomic():
        Hub.objects.bulk_update(changed, ["region", "region_from"], batch_size=BATCH)
    if changed:
        hubs_changed([h.id for h in changed])  # the search index holds the region's name
    report.changed = len(changed)
    return report


def _below(code, ancestor, parents) -> bool:
    """Whether code is ancestor or lies below it."""
    seen = set()
    while code and code not in seen:
        if code == ancestor:
            return True
        seen.add(code)
        code = parents.get(code)
    return False


def geojson(codes, counts: dict) -> dict:
    """A FeatureCollection of the simplified boundaries of these regions, with their names and
    published hub counts (regions without a boundary are left out)."""
    names = dict(Region.objects.filter(code__in=codes).values_list("code", "name"))
    rows = RegionBoundary.objects.filter(region_id__in=codes).values_list("region_id", "simple")
    features = [{"type": "Feature", "id": code, "geometry": json.loads(text),
                 "properties": {"code": code, "name": names.get(code, ""),
                                "hubs": counts.get(code, 0)}}
                for code, text in rows.order_by("region_id")]
    return {"type": "FeatureCollection", "features": features}

"""Region boundaries in the database: load a GISCO file, read them back, serve them.

The file's reading and the point-in-polygon test are in shapes.py (no Django). After a load
the boundaries_loaded signal is sent; the catalogue places its hubs in them
(catalogue/placement.py) and answers with a report that has lines().
"""

import json
from dataclasses import dataclass, field

from django.db import transaction
from django.dispatch import Signal

from . import shapes, versions
from .models import Region, RegionBoundary

BATCH = 500
boundaries_loaded = Signal()  # receivers place what they hold and return a report


def place_all() -> list[str]:
    """Tell the apps that place things in boundaries to do so; their report lines."""
    return [line for _, report in boundaries_loaded.send(sender=None) for line in report.lines()]


@dataclass
class LoadReport:
    loaded: int = 0
    renamed: list = field(default_factory=list)  # (2021 code, 2024 code) stored under the new
    unknown: list = field(default_factory=list)  # codes no region has
    placed: list = field(default_factory=list)  # the lines of what was placed in them

    def lines(self) -> list[str]:
        out = [f"boundaries loaded: {self.loaded}"]
        if self.renamed:
            out.append(f"NUTS 2021 codes stored under their 2024 code: {len(self.renamed)} "
                       f"({', '.join(f'{a}->{b}' for a, b in self.renamed[:5])})")
        if self.unknown:
            out.append(f"codes no region has, left out: {len(self.unknown)} "
                       f"({', '.join(self.unknown[:10])})")
        return out + self.placed


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
    report.placed = place_all()
    return report


def stored_shapes() -> list:
    """Every stored boundary as a shapes.Shape."""
    levels = dict(Region.objects.values_list("code", "level"))
    return [shapes.Shape(code, levels[code], code[:2], "", shapes.from_geojson(text))
            for code, text in RegionBoundary.objects.values_list("region_id", "geometry")]


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

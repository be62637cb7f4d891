"""Where a hub lies: its coordinates and NUTS region, from its address or the boundaries.

The one module that places hubs; the importer, the fact-sheet writer and the boundary
loader all call it. What a person set by hand (Placement.MANUAL) is never replaced by a
guess, and a hub already in a region below the one a boundary file finds keeps it.
"""

from dataclasses import dataclass

from django.db import transaction

from dihub.regions import boundaries, geo, shapes
from dihub.regions.models import Region

from .models import Hub, Placement
from .signals import changed

BATCH = 500


def deepest_known(code: str, known) -> str:
    """The code, or its nearest ancestor that `known` holds (a NUTS 3 code of a newer or
    older version may be unknown while its NUTS 2 is); "" below the country level."""
    while len(code) > 2 and code not in known:
        code = code[:-1]
    return code if len(code) > 2 else ""


def known_regions() -> set:
    return set(Region.objects.values_list("code", flat=True))


def from_address(hub, known=None, *, region=True) -> geo.Placement:
    """Fill in what the hub lacks from its address: coordinates when it has none, and with
    `region` the deepest known region of its postcode or place. Returns the gazetteer's
    answer (its reason says why a part stayed empty)."""
    found = geo.place(hub.country, hub.postcode, hub.city, hub.address_text)
    if hub.coords_from != Placement.MANUAL and hub.lat is None and found.lat is not None:
        hub.lat, hub.lon, hub.coords_from = found.lat, found.lon, found.coords_from
    if region and hub.region_from != Placement.MANUAL and found.nuts3:
        code = deepest_known(found.nuts3, known_regions() if known is None else known)
        if code:
            hub.region_id, hub.region_from = code, found.region_from
    return found


@dataclass
class BoundaryReport:
    placed: int = 0  # hubs with coordinates inside some boundary
    changed: int = 0  # hubs whose region changed
    outside: int = 0  # hubs with coordinates outside every boundary
    kept: int = 0  # hubs placed by hand, or with only a country's coordinates: left alone

    def lines(self) -> list[str]:
        return [f"hubs placed: {self.placed}, region changed: {self.changed}, "
                f"outside every boundary: {self.outside}, left alone: {self.kept}"]


def in_boundaries(**_signal) -> BoundaryReport:
    """Put every hub with coordinates in the deepest region whose stored boundary holds it.

    Hubs set by hand, and hubs whose coordinates are only their country's, are left alone;
    a hub already in a region below the one found keeps it (a file of level 2 does not undo
    a postcode's level 3). Connected to regions' boundaries_loaded signal."""
    report = BoundaryReport()
    found = boundaries.stored_shapes()
    parents = dict(Region.objects.values_list("code", "parent_id"))
    hubs = list(Hub.objects.exclude(lat=None).exclude(lon=None)
                .only("id", "lat", "lon", "region_id", "region_from", "coords_from"))
    free = [h for h in hubs if h.region_from != Placement.MANUAL
            and h.coords_from != Placement.COUNTRY]
    report.kept = len(hubs) - len(free)
    codes = shapes.place(found, [(h.lat, h.lon) for h in free])
    moved = []
    for hub, code in zip(free, codes, strict=True):
        if not code:
            report.outside += 1
            continue
        report.placed += 1
        if _below(hub.region_id, code, parents):
            continue
        hub.region_id, hub.region_from = code, Placement.BOUNDARY
        moved.append(hub)
    with transaction.atomic():
        Hub.objects.bulk_update(moved, ["region", "region_from"], batch_size=BATCH)
    if moved:
        changed([h.id for h in moved])  # the search index holds the region's name
    report.changed = len(moved)
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

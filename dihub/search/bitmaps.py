"""The search index in memory: for each filter value, a compressed bitmap of the published
hubs that have it (pyroaring), and the hubs' coordinates in arrays.

A filter is an intersection of bitmaps; a facet value is counted by intersecting it with the
hubs matching every other filter. The index is read-only once built: `patched()` makes a
new one that shares every bitmap the changed hubs are not in. Keys of `sets`:
("country", "DE"), ("region", prefix of the NUTS code), ("type", ...), ("status", ...),
("language", "de"), ("term", term id, level or 0), ("nuts2", "DE11").
"""

from array import array

import numpy as np
from pyroaring import BitMap

LEVELS = range(1, 6)
NO_LEVEL = 0
CACHED = 256  # answers kept per index: word orders, facet counts of a filter...
NUTS2_LENGTH = 4


def bitmap(ids) -> BitMap:
    if isinstance(ids, np.ndarray):
        return BitMap(array("I", np.sort(ids).astype(np.uint32).tobytes()))
    return BitMap(array("I", sorted(ids)))


def ids_of(found: BitMap) -> np.ndarray:
    return np.frombuffer(found.to_array(), dtype=np.uint32).astype(np.int64)


class HubRows:
    """What a rebuild or a patch reads of some hubs: fields, terms and languages."""

    def __init__(self):
        self.hubs = {}  # id -> (country, region, type, status, lat, lon, name, slug)
        self.keys = {}  # key -> [hub ids]

    def add_hub(self, hub_id, country, region, hub_type, status, lat, lon, name, slug):
        self.hubs[hub_id] = (country, region, hub_type, status, lat, lon, name, slug)
        self._key(("country", country), hub_id)
        self._key(("type", hub_type), hub_id)
        self._key(("status", status), hub_id)
        for n in range(1, len(region or "") + 1):
            self._key(("region", region[:n]), hub_id)
        if region:
            self._key(("nuts2", region[:NUTS2_LENGTH]), hub_id)  # the region facet's values

    def add_terms(self, links: np.ndarray):
        """Rows of (hub id, term id, level or 0) of any hubs: those of the hubs read."""
        if not len(links) or not self.hubs:
            return
        known = np.zeros(max(max(self.hubs), int(links[:, 0].max())) + 1, dtype=bool)
        known[list(self.hubs)] = True
        links = links[known[links[:, 0]]]
        keys = links[:, 1] * 8 + links[:, 2]
        order = np.argsort(keys, kind="stable")
        keys, hubs = keys[order], links[order, 0]
        starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
        for key, part in zip(keys[starts].tolist(), np.split(hubs, starts[1:]), strict=True):
            self.keys.setdefault(("term", key // 8, key % 8), []).extend(part.tolist())

    def add_language(self, hub_id, code):
        if hub_id in self.hubs:
            self._key(("language", code), hub_id)

    def _key(self, key, hub_id):
        self.keys.setdefault(key, []).append(hub_id)


class HubIndex:
    def __init__(self, generation, published: BitMap, sets: dict, hubs: dict, terms: dict,
                 coordinates=None):
        self.generation = generation
        self.published = published
        self.sets = sets
        self.hubs = hubs  # id -> (country, region, type, status, lat, lon, name, slug)
        self.terms = terms  # term id -> (kind, slug, name)
        size = max(hubs, default=0) + 1
        if coordinates is None:
            self.lat, self.lon = np.full(size, np.nan), np.full(size, np.nan)
            self._place(hubs)
        else:  # an earlier index's arrays, with these hubs placed again
            old_lat, old_lon, changed = coordinates
            self.lat, self.lon = np.full(size, np.nan), np.full(size, np.nan)
            n = min(size, len(old_lat))
            self.lat[:n], self.lon[:n] = old_lat[:n], old_lon[:n]
            gone = [i for i in changed if i < size]
            self.lat[gone] = self.lon[gone] = np.nan
            self._place({i: hubs[i] for i in changed if i in hubs})
        self.cache = {}  # derived data, built when first asked: see cached()

    def _place(self, hubs):
        for hub_id, row in hubs.items():
            if row[4] is not None and row[5] is not None:
                self.lat[hub_id], self.lon[hub_id] = row[4], row[5]

    @classmethod
    def built(cls, generation, rows: HubRows, terms: dict) -> "HubIndex":
        sets = {key: bitmap(ids) for key, ids in rows.keys.items()}
        return cls(generation, bitmap(rows.hubs), sets, rows.hubs, terms)

    def patched(self, generation, changed: set, rows: HubRows, terms: dict) -> "HubIndex":
        """A new index: these hubs taken out, then the ones still published (rows) put in."""
        gone = bitmap(changed)
        sets = {key: (found - gone) if found.intersect(gone) else found
                for key, found in self.sets.items()}
        for key, ids in rows.keys.items():
            sets[key] = sets.get(key, BitMap()) | bitmap(ids)
        hubs = dict(self.hubs)
        for hub_id in changed:
            hubs.pop(hub_id, None)
        hubs.update(rows.hubs)
        published = (self.published - gone) | bitmap(rows.hubs)
        return HubIndex(generation, published, {k: v for k, v in sets.items() if v}, hubs,
                        terms, (self.lat, self.lon, changed))

    def cached(self, key, make):
        """make() once per index (a race computes it twice, harmlessly); the oldest entries
        make room beyond CACHED."""
        found = self.cache.get(key)
        if found is None:
            found = self.cache[key] = make()
            while len(self.cache) > CACHED:
                try:
                    self.cache.pop(next(iter(self.cache)), None)
                except (RuntimeError, StopIteration):  # another thread took one first
                    break
        return found

    def get(self, *key) -> BitMap:
        return self.sets.get(key, BitMap())

    def union(self, keys) -> BitMap:
        return BitMap.union(BitMap(), *(self.sets[k] for k in keys if k in self.sets))

    def with_term(self, term_id, min_level=None) -> BitMap:
        """Hubs with this term, at min_level or above when given."""
        levels = LEVELS if min_level is None else range(min_level, 6)
        keys = [("term", term_id, lv) for lv in levels]
        if min_level is None:
            keys.append(("term", term_id, NO_LEVEL))
        return self.cached(("with_term", term_id, min_level), lambda: self.union(keys))

    def with_any_term(self, min_level) -> BitMap:
        return self.cached(("any_term", min_level), lambda: BitMap.union(
            BitMap(), *(self.with_term(t, min_level) for t in self.term_ids())))

    def term_ids(self):
        return self.cached("term_ids", lambda: sorted({k[1] for k in self.sets
                                                       if k[0] == "term"}))

    def values(self, field):
        """(value, bitmap) of every value of a field."""
        return self.cached(("values", field), lambda: [
            (k[1], found) for k, found in self.sets.items() if k[0] == field])

    def in_box(self, south, north, west, east) -> BitMap:
        lat, lon = self.lat, self.lon
        inside = (lat >= south) & (lat <= north)
        inside &= ((lon >= west) & (lon <= east)) if west <= east else (
            (lon >= west) | (lon <= east))
        return bitmap(np.flatnonzero(inside).tolist())

    def near(self, lat0, lon0, radius_km, km_per_degree, km_per_degree_lon) -> BitMap:
        """Within radius_km by the equirectangular distance, as the SQL of engine._d2."""
        dlat, dlon = radius_km / km_per_degree, radius_km / max(km_per_degree_lon, 1e-6)
        lat, lon = self.lat, self.lon
        box = np.flatnonzero((lat >= lat0 - dlat) & (lat <= lat0 + dlat)
                             & (lon >= lon0 - dlon) & (lon <= lon0 + dlon))
        d2 = self.d2(box, lat0, lon0, km_per_degree, km_per_degree_lon)
        return bitmap(box[d2 <= radius_km * radius_km].tolist())

    def d2(self, ids, lat0, lon0, km_per_degree, km_per_degree_lon):
        dy = (self.lat[ids] - lat0) * km_per_degree
        dx = (self.lon[ids] - lon0) * km_per_degree_lon
        return dy * dy + dx * dx

    def mask(self, found: BitMap) -> np.ndarray:
        """A boolean array by hub id, true for the hubs in found."""
        out = np.zeros(max(len(self.lat), (found.max() + 1) if found else 0), dtype=bool)
        out[ids_of(found)] = True
        return out

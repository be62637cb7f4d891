"""Coverage and white spots: how far people live from the nearest hub. No Django here.

Places and hubs are points on a sphere of radius EARTH_KM. A k-d tree on 3-D unit
vectors finds each place's nearest hub; the chord length between two unit vectors is
turned into the great-circle distance (2 R asin(chord / 2)), so the result equals the
haversine distance. Every figure is weighted by the population of the places.
docs/coverage.md explains the definitions and the suggestion's method.
"""

from dataclasses import dataclass, field
from itertools import chain

import numpy as np
from scipy.spatial import cKDTree

EARTH_KM = 6371.0
NEAR_KM, FAR_KM = 50.0, 100.0
MAX_CANDIDATES = 2000  # places tried as the site of one more hub
PAIR_BUDGET = 2_000_000  # (place, candidate) pairs the suggestion may look at


def unit_vectors(lat, lon) -> np.ndarray:
    """(n, 3) unit vectors of latitudes and longitudes in degrees."""
    lat, lon = np.radians(np.asarray(lat, float)), np.radians(np.asarray(lon, float))
    cos = np.cos(lat)
    return np.column_stack((cos * np.cos(lon), cos * np.sin(lon), np.sin(lat)))


def chord_to_km(chord):
    return 2 * EARTH_KM * np.arcsin(np.clip(np.asarray(chord) / 2, 0, 1))


def km_to_chord(km):
    return 2 * np.sin(np.minimum(np.asarray(km, float), np.pi * EARTH_KM) / (2 * EARTH_KM))


def haversine_km(lat1, lon1, lat2, lon2):
    """Great-circle distance in km, broadcast over numpy arrays (degrees)."""
    lat1, lon1, lat2, lon2 = (np.radians(np.asarray(a, float)) for a in (lat1, lon1, lat2, lon2))
    a = (np.sin((lat2 - lat1) / 2) ** 2
         + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2)
    return 2 * EARTH_KM * np.arcsin(np.sqrt(np.clip(a, 0, 1)))


def nearest_km_brute(hub_lat, hub_lon, lat, lon, chunk=2048) -> np.ndarray:
    """Distance from each point to its nearest hub, all pairs: the baseline of the tree."""
    hub_lat, hub_lon = np.asarray(hub_lat, float), np.asarray(hub_lon, float)
    out = np.empty(len(lat))
    for start in range(0, len(lat), chunk):
        part = slice(start, start + chunk)
        d = haversine_km(np.asarray(lat)[part, None], np.asarray(lon)[part, None],
                         hub_lat[None, :], hub_lon[None, :])
        out[part] = d.min(axis=1)
    return out


@dataclass
class Places:
    """Populated places, prepared once: unit vectors and region indices."""

    lat: np.ndarray
    lon: np.ndarray
    population: np.ndarray
    nuts3: list  # NUTS 3 code per place, "" when unknown
    country: list  # ISO code per place
    parent: dict = field(default_factory=dict)  # NUTS 3 -> NUTS 2 where not code[:4]

    def __post_init__(self):
        self.lat = np.asarray(self.lat, float)
        self.lon = np.asarray(self.lon, float)
        self.population = np.asarray(self.population, float)
        self.country = np.asarray(self.country, dtype=str)
        self.xyz = unit_vectors(self.lat, self.lon)
        self.codes3, self.region3 = np.unique(np.asarray(self.nuts3, dtype=str),
                                              return_inverse=True)
        two = np.array([self.nuts2_of(c) for c in self.codes3], dtype=str)
        self.codes2, inverse2 = np.unique(two, return_inverse=True)
        self.region2 = inverse2.reshape(-1)[self.region3]

    def nuts2_of(self, code: str) -> str:
        if len(code) < 5:
            return code if len(code) == 4 else ""
        return self.parent.get(code, code[:4])

    def __len__(self):
        return len(self.lat)


def nearest_km(places: Places, hub_lat, hub_lon) -> np.ndarray:
    """Great-circle km from each place to its nearest hub (inf with no hub at all)."""
    if len(hub_lat) == 0:
        return np.full(len(places), np.inf)
    tree = cKDTree(unit_vectors(hub_lat, hub_lon))
    chord, _ = tree.query(places.xyz, k=1)
    return chord_to_km(chord)


def weighted_medians(values, weights, groups, n_groups) -> np.ndarray:
    """Per group, the smallest value v with at least half the group's weight at or below v."""
    order = np.lexsort((values, groups))
    g, v, w = groups[order], values[order], weights[order]
    cum = np.cumsum(w)
    totals = np.bincount(g, weights=w, minlength=n_groups)
    before = np.concatenate(([0.0], np.cumsum(totals)[:-1]))
    target = before + totals / 2
    idx = np.searchsorted(cum, target - 1e-9 * np.maximum(totals, 1), side="left")
    idx = np.minimum(idx, len(v) - 1)
    out = np.where(totals > 0, v[idx] if len(v) else np.nan, np.nan)
    return out


def summarise(distance, weights, groups, n_groups) -> dict:
    """Per group: population, places, weighted median and mean km, shares beyond 50/100 km."""
    pop = np.bincount(groups, weights=weights, minlength=n_groups)
    safe = np.where(pop > 0, pop, 1)
    return {
        "population": pop,
        "places": np.bincount(groups, minlength=n_groups),
        "median_km": weighted_medians(distance, weights, groups, n_groups),
        "mean_km": np.bincount(groups, weights=weights * distance, minlength=n_groups) / safe,
        "beyond_50": np.bincount(groups, weights=weights * (distance > NEAR_KM),
                                 minlength=n_groups) / safe,
        "beyond_100": np.bincount(groups, weights=weights * (distance > FAR_KM),
                                  minlength=n_groups) / safe,
    }


def hub_counts(places: Places, hub_regions) -> tuple[np.ndarray, np.ndarray]:
    """Hubs per NUTS 3 and per NUTS 2 region of `places` (hubs elsewhere are not counted)."""
    codes3 = [c if len(c) >= 5 else "" for c in hub_regions]
    codes2 = [places.nuts2_of(c) for c in hub_regions]
    return _count(places.codes3, codes3), _count(places.codes2, codes2)


def _count(known, codes) -> np.ndarray:
    counts = np.zeros(len(known), int)
    if len(codes) == 0:
        return counts
    codes = np.asarray(codes, dtype=str)
    pos = np.searchsorted(known, codes)
    pos = np.minimum(pos, len(known) - 1)
    hit = (known[pos] == codes) & (codes != "")
    np.add.at(counts, pos[hit], 1)
    return counts


@dataclass
class Suggestion:
    place: int  # index into the places
    gain_km: float  # drop of the population-weighted mean distance
    mean_before: float
    mean_after: float
    newly_near: float  # people brought within NEAR_KM
    candidates: int  # how many places were tried


def candidate_places(places: Places, distance, mask, min_population, limit=MAX_CANDIDATES):
    """The places tried: within the mask, at least min_population, most population x
    distance first (what a hub there would save its own people), at most `limit`."""
    ok = np.flatnonzero(mask & (places.population >= min_population) & (distance > 0))
    score = places.population[ok] * distance[ok]
    return ok[np.argsort(-score, kind="stable")[:limit]]


def best_new_hub(places: Places, distance, mask, candidates,
                 budget=PAIR_BUDGET) -> Suggestion | None:
    """The candidate that cuts the population-weighted mean distance of the masked places
    the most. A candidate's gain is the sum, over the places closer to it than to their
    nearest hub, of population x (current distance - distance to the candidate): a tree of
    candidates is asked, for each place, for those within its current distance."""
    inside = np.flatnonzero(mask & np.isfinite(distance))
    if len(candidates) == 0 or len(inside) == 0:
        return None
    w, d = places.population[inside], distance[inside]
    total = w.sum()
    if total <= 0:
        return None
    radius = km_to_chord(d)
    # the pairs, estimated on a sample of places: too many, and fewer candidates are tried
    step = max(1, len(inside) // 2000)
    tree = cKDTree(places.xyz[candidates])
    pairs = step * int(tree.query_ball_point(places.xyz[inside[::step]], radius[::step],
                                             return_length=True).sum())
    if pairs > budget:
        candidates = candidates[:max(1, int(len(candidates) * budget / pairs))]
        tree = cKDTree(places.xyz[candidates])
    # lists only for the places with a candidate in reach: most have none
    lengths = tree.query_ball_point(places.xyz[inside], radius, return_length=True)
    rows = np.flatnonzero(lengths)
    found = tree.query_ball_point(places.xyz[inside[rows]], radius[rows], return_sorted=False)
    which = np.fromiter(chain.from_iterable(found), int, count=int(lengths.sum()))
    who = np.repeat(rows, lengths[rows])
    new = chord_to_km(np.linalg.norm(places.xyz[inside[who]] - places.xyz[candidates[which]],
                                     axis=1))
    saved = np.maximum(d[who] - new, 0.0)
    gain = np.bincount(which, weights=w[who] * saved, minlength=len(candidates))
    best = int(np.argmax(gain))
    near = (which == best) & (d[who] > NEAR_KM) & (new <= NEAR_KM)
    mean = float((w * d).sum() / total)
    return Suggestion(place=int(candidates[best]), gain_km=float(gain[best] / total),
                      mean_before=mean, mean_after=mean - float(gain[best] / total),
                      newly_near=float(w[who[near]].sum()), candidates=len(candidates))


@dataclass
class Result:
    distance: np.ndarray  # km per place of the mask (inf without hubs)
    mask: np.ndarray  # the places counted
    overall: dict  # the summary figures of all masked places
    nuts3: dict  # arrays per NUTS 3 code (places.codes3), plus "hubs"
    nuts2: dict
    suggestion: Suggestion | None


def coverage(places: Places, hub_lat, hub_lon, hub_regions, mask=None,
             candidate_population=10_000) -> Result:
    """Distances, summaries per region and the best site for one more hub.

    hub_lat, hub_lon, hub_regions: the hubs that offer what is asked (regions: NUTS 3
    codes or ""); mask: the places to count (a country filter, a population threshold).
    """
    mask = np.ones(len(places), bool) if mask is None else np.asarray(mask, bool)
    distance = nearest_km(places, hub_lat, hub_lon)
    idx = np.flatnonzero(mask)
    d, w = distance[idx], places.population[idx]
    overall = {k: v[0] for k, v in summarise(d, w, np.zeros(len(idx), int), 1).items()}
    overall["hubs"] = len(hub_lat)
    tables = []
    for groups, codes in ((places.region3, places.codes3), (places.region2, places.codes2)):
        table = summarise(d, w, groups[idx], len(codes))
        tables.append(table)
    tables[0]["hubs"], tables[1]["hubs"] = hub_counts(places, list(hub_regions))
    suggestion = None
    if len(hub_lat):
        floor = min(candidate_population, places.population[idx].max(initial=0))
        cands = candidate_places(places, distance, mask, floor)
        suggestion = best_new_hub(places, distance, mask, cands)
    return Result(distance=distance, mask=mask, overall=overall, nuts3=tables[0],
                  nuts2=tables[1], suggestion=suggestion)

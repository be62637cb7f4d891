"""The populated places that coverage counts, from the bundled gazetteer. No Django here.

A place is a geonames "populated place" (cities500: towns, villages and city districts
of 500 inhabitants or more, and seats of administrative divisions) of a country that has
NUTS or statistical regions. geonames also lists the districts of big cities (Paris's
arrondissements, Berlin's Ortsteile) beside the city, whose population already holds
theirs: a smaller place within section_km(P) of a place of P >= CITY inhabitants is taken
as such a section and left out. Its NUTS 3 region comes from the gazetteer; a place the
gazetteer could not place takes the region of the nearest placed place of the same
country within FILL_KM, or stays unplaced (counted in the totals, not in the regions).
"""

from functools import lru_cache

import numpy as np
from scipy.spatial import cKDTree

from dihub.regions import gazetteer
from dihub.regions.countries import iso_from_nuts
from dihub.regions.nuts import read_regions

from .coverage import Places, km_to_chord, unit_vectors

FILL_KM = 20.0
CITY = 100_000
DENSITY = 8000  # inhabitants per km2 of a big city's core, for section_km
GAZETTEER_MIN_POPULATION = 500  # geonames cities500
EU = frozenset("AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES "
               "SE".split())


@lru_cache(maxsize=1)
def regions() -> dict:
    """{code: RegionRow} of every NUTS / statistical region, all levels."""
    return {r.code: r for r in read_regions()}


@lru_cache(maxsize=1)
def countries() -> frozenset:
    """ISO codes of the countries with NUTS or statistical regions."""
    return frozenset(iso_from_nuts(r.country) for r in regions().values() if r.level == 0)


@lru_cache(maxsize=1)
def all_places() -> tuple[Places, list[str], np.ndarray]:
    """Every place of the gazetteer in `countries()`: (Places, names, how placed).

    how: 1 the gazetteer knew the region, 2 taken from a place nearby, 0 unplaced.
    """
    rows = [p for p in gazetteer.load()._places  # tuples: name, lat, lon, pop, cc, nuts3, how
            if gazetteer.OVERSEAS.get(p[4], p[4]) in countries() and p[3] > 0]
    sections = city_sections(np.array([p[1] for p in rows]), np.array([p[2] for p in rows]),
                             np.array([p[3] for p in rows], float))
    rows = [p for p, section in zip(rows, sections, strict=True) if not section]
    lat = np.array([p[1] for p in rows], float)
    lon = np.array([p[2] for p in rows], float)
    country = np.array([gazetteer.OVERSEAS.get(p[4], p[4]) for p in rows], dtype=str)
    nuts3 = np.array([p[5] if p[5] in regions() else "" for p in rows], dtype=object)
    how = np.where(nuts3 != "", 1, 0)
    fill(lat, lon, country, nuts3, how)
    parent = {code: r.parent for code, r in regions().items() if r.level == 3}
    places = Places(lat=lat, lon=lon, population=[p[3] for p in rows], nuts3=list(nuts3),
                    country=list(country), parent=parent)
    return places, [p[0] for p in rows], how


def section_km(population):
    """The radius of a city's core of this population at DENSITY."""
    return np.sqrt(np.asarray(population, float) / (np.pi * DENSITY))


def city_sections(lat, lon, population) -> np.ndarray:
    """True for each place within section_km of a more populous place of CITY or more."""
    xyz = unit_vectors(lat, lon)
    big = np.flatnonzero(population >= CITY)
    found = np.zeros(len(lat), bool)
    if len(big) == 0:
        return found
    near = cKDTree(xyz).query_ball_point(xyz[big], km_to_chord(section_km(population[big])))
    for city, members in zip(big, near, strict=True):
        members = np.asarray(members, int)
        found[members[population[members] < population[city]]] = True
    return found


def fill(lat, lon, country, nuts3, how, km=FILL_KM):
    """Give unplaced places the region of the nearest placed place of their country."""
    xyz = unit_vectors(lat, lon)
    for cc in np.unique(country):
        mine = country == cc
        known, unknown = np.flatnonzero(mine & (how == 1)), np.flatnonzero(mine & (how == 0))
        if len(known) == 0 or len(unknown) == 0:
            continue
        chord, nearest = cKDTree(xyz[known]).query(xyz[unknown],
                                                   distance_upper_bound=km_to_chord(km))
        ok = np.isfinite(chord)
        nuts3[unknown[ok]] = nuts3[known[nearest[ok]]]
        how[unknown[ok]] = 2


def mask(places: Places, chosen=(), min_population=0) -> np.ndarray:
    """The places of the chosen countries (all when none) with at least min_population."""
    keep = places.population >= min_population
    if chosen:
        keep &= np.isin(places.country, list(chosen))
    return keep


def region_name(code: str) -> str:
    row = regions().get(code)
    return row.name if row else ""

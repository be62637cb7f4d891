"""Coverage for a CoverageParams: the hubs from the database, the figures as plain data.

The page, the JSON and the CSV all call `report(params)`. Results are cached per
parameter set and catalogue state (Django's cache); the computation is in coverage.py.
"""

import hashlib
import math

import numpy as np
from django.core.cache import cache
from django.db.models import Count, Max
from django.utils.formats import number_format
from django.utils.translation import ngettext

from dihub.catalogue.models import Hub, HubTerm, Validation
from dihub.regions.countries import iso_from_nuts
from dihub.s3 import indicators
from dihub.s3.indicators import ENTERPRISES
from dihub.s3.models import IndicatorValue

from . import places
from .coverage import FAR_KM, NEAR_KM, coverage

CACHE_SECONDS = 600
MAP_PLACES = 3000  # places beyond FAR_KM drawn on the map, most populous first
MAP_HUBS = 5000
COLUMNS = ("level", "code", "name", "country", "places", "population", "hubs",
           "median_km", "mean_km", "beyond_50_km", "beyond_100_km", "enterprises",
           "hubs_per_100k_enterprises")


def hubs(params) -> list[tuple]:
    """(lat, lon, region code, country) of the published, placed hubs that offer it."""
    found = Hub.objects.filter(validation=Validation.PUBLISHED, lat__isnull=False,
                               lon__isnull=False)
    for ids in params.term_ids.values():
        level = {"hub_terms__level__gte": params.min_level} if params.min_level else {}
        found = found.filter(hub_terms__term_id__in=ids, **level)
    if params.min_level and not params.term_ids:
        found = found.filter(hub_terms__level__gte=params.min_level)
    if params.countries and not params.cross_border:
        found = found.filter(country__in=params.countries)
    return list(found.distinct().values_list("lat", "lon", "region_id", "country"))


def _stamp() -> str:
    """Changes whenever a hub or its terms change."""
    hub = Hub.objects.aggregate(n=Count("id"), t=Max("updated_at"))
    term = HubTerm.objects.aggregate(n=Count("id"), m=Max("id"))
    firms = IndicatorValue.objects.filter(name=ENTERPRISES).aggregate(
        n=Count("id"), t=Max("imported_at"))
    return f"{hub['n']}:{hub['t']}:{term['n']}:{term['m']}:{firms['n']}:{firms['t']}"


def report(params) -> dict:
    key = "insights:coverage:" + hashlib.sha256(
        f"{params.to_query()}|{_stamp()}".encode()).hexdigest()
    found = cache.get(key)
    if found is None:
        found = compute(params)
        cache.set(key, found, CACHE_SECONDS)
    if found["suggestion"]:  # the cache holds no words: the reader's language is added here
        found = {**found, "suggestion": {**found["suggestion"],
                                         "text": suggestion_text(found["suggestion"])}}
    return found


def suggestion_text(s: dict) -> str:
    """The suggestion in a sentence, in the active language."""
    people = s["newly_within_50_km"]
    return ngettext(
        "A hub in %(place)s (%(country)s) would bring %(people)s person within %(km)s km; "
        "the population-weighted mean distance falls from %(before)s to %(after)s km.",
        "A hub in %(place)s (%(country)s) would bring %(people)s people within %(km)s km; "
        "the population-weighted mean distance falls from %(before)s to %(after)s km.",
        people) % {
        "place": s["place"], "country": s["country"],
        "people": number_format(people, force_grouping=True),
        "km": f"{NEAR_KM:g}",
        "before": number_format(s["mean_km_before"], 1, force_grouping=True),
        "after": number_format(s["mean_km_after"], 1, force_grouping=True)}


def compute(params) -> dict:
    all_places, names, how = places.all_places()
    mask = places.mask(all_places, params.countries, params.min_population)
    rows = hubs(params)
    lat = [r[0] for r in rows]
    lon = [r[1] for r in rows]
    result = coverage(all_places, lat, lon, [r[2] or "" for r in rows], mask)
    idx = np.flatnonzero(mask)
    unplaced = all_places.population[idx[all_places.codes3[all_places.region3[idx]] == ""]]
    tables = {
        "nuts2": _rows(result.nuts2, all_places.codes2, 2),
        "nuts3": _rows(result.nuts3, all_places.codes3, 3),
    }
    with_firms = per_enterprises(tables["nuts2"] + tables["nuts3"])
    far = idx[result.distance[idx] > FAR_KM]
    far = far[np.argsort(-all_places.population[far], kind="stable")[:MAP_PLACES]]
    return {
        "query": params.to_query(),
        "terms": {kind: getattr(params, kind) for kind in params.term_ids},
        "summary": {
            "hubs": len(rows),
            "places": int(result.overall["places"]),
            "population": int(result.overall["population"]),
            "median_km": _km(result.overall["median_km"]),
            "mean_km": _km(result.overall["mean_km"]),
            "beyond_50_km": _share(result.overall["beyond_50"]),
            "beyond_100_km": _share(result.overall["beyond_100"]),
            "unplaced_population": int(unplaced.sum()),
            "regions_without_hub": {lvl: sum(1 for r in rows_ if r["hubs"] == 0)
                                    for lvl, rows_ in tables.items()},
            "regions_with_enterprises": with_firms,
        },
        "regions": tables,
        "without_hub": {lvl: sorted(({k: r[k] for k in ("code", "name", "population")}
                                     for r in rows_ if r["hubs"] == 0),
                                    key=lambda r: (-r["population"], r["code"]))
                        for lvl, rows_ in tables.items()},
        "suggestion": _suggestion(result.suggestion, all_places, names),
        "map": {
            "far": [[round(float(all_places.lat[i]), 4), round(float(all_places.lon[i]), 4),
                     int(all_places.population[i]), names[i], _km(result.distance[i])]
                    for i in far],
            "far_total": int((result.distance[idx] > FAR_KM).sum()),
            "hubs": [[round(a, 4), round(b, 4)] for a, b in zip(lat[:MAP_HUBS], lon[:MAP_HUBS],
                                                                  strict=True)],
        },
    }


def _rows(table, codes, level) -> list[dict]:
    rows = []
    for i, code in enumerate(codes):
        if not code or table["population"][i] <= 0:
            continue
        rows.append({
            "level": level, "code": str(code), "name": places.region_name(code),
            "country": iso_from_nuts(code[:2]),
            "places": int(table["places"][i]), "population": int(table["population"][i]),
            "hubs": int(table["hubs"][i]),
            "median_km": _km(table["median_km"][i]), "mean_km": _km(table["mean_km"][i]),
            "beyond_50_km": _share(table["beyond_50"][i]),
            "beyond_100_km": _share(table["beyond_100"][i]),
        })
    rows.sort(key=lambda r: (-(r["median_km"] if r["median_km"] is not None else math.inf),
                             r["code"]))
    return rows


def per_enterprises(rows) -> int:
    """Hubs per 100,000 enterprises, for the regions with an "enterprises" indicator (its
    latest year, dihub.s3.indicators.value); None elsewhere. How many regions have it."""
    known = set(IndicatorValue.objects.filter(name=ENTERPRISES)
                .values_list("region_id", flat=True).distinct())
    found = 0
    for row in rows:
        firms = indicators.value(row["code"], ENTERPRISES) if row["code"] in known else None
        row["enterprises"] = int(firms) if firms else None
        row["hubs_per_100k_enterprises"] = (round(row["hubs"] * 100_000 / firms, 2)
                                            if firms else None)
        found += firms is not None and firms > 0
    return found


def _suggestion(found, all_places, names) -> dict | None:
    if found is None or found.gain_km <= 0:
        return None
    i = found.place
    region = str(all_places.nuts3[i]) if i < len(all_places.nuts3) else ""
    name = names[i]
    people = int(round(found.newly_near))
    before, after = _km(found.mean_before), _km(found.mean_after)
    return {
        "place": name, "country": str(all_places.country[i]), "region": region,
        "region_name": places.region_name(region),
        "lat": float(all_places.lat[i]), "lon": float(all_places.lon[i]),
        "population": int(all_places.population[i]), "newly_within_50_km": people,
        "mean_km_before": before, "mean_km_after": after, "candidates": found.candidates,
        "text": "",  # suggestion_text, in the reader's language (report)
    }


def _km(value) -> float | None:
    value = float(value)
    return round(value, 1) if math.isfinite(value) else None


def _share(value) -> float | None:
    value = float(value)
    return round(value, 4) if math.isfinite(value) else None


def csv_rows(found: dict):
    """The per-region table as CSV rows, NUTS 2 then NUTS 3, header first."""
    yield list(COLUMNS)
    for level in ("nuts2", "nuts3"):
        for row in sorted(found["regions"][level], key=lambda r: r["code"]):
            yield ["" if row[c] is None else row[c] for c in COLUMNS]

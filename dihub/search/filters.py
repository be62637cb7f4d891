"""One definition of every search parameter, for the page and the API.

`SearchParams.from_query(querydict)` checks and resolves every parameter, raising
`BadParameter(param, message, suggestions)`; `to_query()` gives the canonical query string.
Within one parameter repeated values are alternatives (OR); different parameters all apply
(AND). Term values match a term's name or slug in either vocabulary, and every term the
crosswalk links to it.
"""

import math
import re
from dataclasses import dataclass, field, replace
from urllib.parse import urlencode

from dihub.catalogue.models import HubType, Status
from dihub.regions import versions
from dihub.regions.countries import iso_code
from dihub.taxonomy.models import Kind, Term

from . import places
from .text import fold

SORTS = ("relevance", "name", "distance", "updated")
TERM_KINDS = ("technology", "sector", "service")
DEFAULT_PAGE_SIZE = 24
MAX_PAGE_SIZE = 100
MAX_RADIUS_KM = 2000
DEFAULT_RADIUS_KM = 50.0
MAX_VALUES = 20
_REGION = re.compile(r"[A-Z]{2}[A-Z0-9]{0,3}")
_NUM = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d{1,3})?"
_LATLON = re.compile(rf"\s*({_NUM})\s*,\s*({_NUM})\s*")


class BadParameter(ValueError):
    """A parameter value that cannot be used: the caller answers 400 with this."""

    def __init__(self, param, message, suggestions=()):
        super().__init__(f"{param}: {message}")
        self.param = param
        self.message = message
        self.suggestions = list(suggestions)


@dataclass(frozen=True)
class SearchParams:
    q: str = ""
    technology: tuple = ()
    sector: tuple = ()
    service: tuple = ()
    min_level: int | None = None
    country: tuple = ()
    region: str = ""
    type: str = ""
    status: str = ""
    bbox: tuple | None = None  # (west, south, east, north)
    near: str = ""
    radius_km: float = DEFAULT_RADIUS_KM
    sort: str = ""  # "" means relevance with q, distance with near, else name
    page: int = 1
    page_size: int = DEFAULT_PAGE_SIZE
    # resolved, not part of the URL
    term_ids: dict = field(default_factory=dict, compare=False, repr=False)
    near_point: tuple | None = None  # (lat, lon)
    near_label: str = ""

    @property
    def effective_sort(self):
        if self.sort:
            return self.sort
        if self.q.strip():
            return "relevance"
        return "distance" if self.near_point else "name"

    def without(self, name):
        """The same search with one filter left out (a facet's own)."""
        empty = SearchParams()
        if name == "near":
            return replace(self, near="", near_point=None, radius_km=DEFAULT_RADIUS_KM)
        if name in TERM_KINDS:
            ids = {k: v for k, v in self.term_ids.items() if k != name}
            return replace(self, **{name: ()}, term_ids=ids)
        return replace(self, **{name: getattr(empty, name)})

    def to_query(self) -> str:
        pairs = []
        if self.q.strip():
            pairs.append(("q", self.q.strip()))
        for name in (*TERM_KINDS, "country"):
            pairs += [(name, v) for v in getattr(self, name)]
        if self.min_level is not None:
            pairs.append(("min_level", self.min_level))
        for name in ("region", "type", "status"):
            if getattr(self, name):
                pairs.append((name, getattr(self, name)))
        if self.bbox:
            pairs.append(("bbox", ",".join(_num(x) for x in self.bbox)))
        if self.near:
            pairs.append(("near", self.near))
            if self.radius_km != DEFAULT_RADIUS_KM:
                pairs.append(("radius_km", _num(self.radius_km)))
        if self.sort:
            pairs.append(("sort", self.sort))
        if self.page != 1:
            pairs.append(("page", self.page))
        if self.page_size != DEFAULT_PAGE_SIZE:
            pairs.append(("page_size", self.page_size))
        return urlencode(pairs)

    @classmethod
    def from_query(cls, query) -> "SearchParams":
        """From a QueryDict (or a dict of str or lists). BadParameter for any bad value."""
        get = _getter(query)
        values = {"q": _text(get("q"), "q", 200)}
        term_ids = {}
        for kind in TERM_KINDS:
            given = _many(get, kind)
            values[kind] = tuple(given)
            if given:
                term_ids[kind] = frozenset().union(*(resolve_term(kind, v) for v in given))
        values["min_level"] = _int(get("min_level"), "min_level", 1, 5, None)
        values["country"] = tuple(_country(c) for c in _many(get, "country"))
        values["region"] = _region(get("region"))
        values["type"] = _choice(get("type"), "type", HubType.values)
        values["status"] = _choice(get("status"), "status", Status.values)
        values["bbox"] = _bbox(get("bbox"))
        values["near"] = _text(get("near"), "near", 200).strip()
        values["radius_km"] = _float(get("radius_km"), "radius_km", DEFAULT_RADIUS_KM,
                                     0, MAX_RADIUS_KM)
        if values["near"]:
            values["near_point"], values["near_label"] = _place(values["near"],
                                                                values["country"])
        values["sort"] = _choice(get("sort"), "sort", SORTS)
        if values["sort"] == "distance" and not values["near"]:
            raise BadParameter("sort", "sort=distance needs near=<place or lat,lon>")
        values["page"] = _int(get("page"), "page", 1, 1_000_000, 1)
        values["page_size"] = _int(get("page_size"), "page_size", 1, MAX_PAGE_SIZE,
                                   DEFAULT_PAGE_SIZE)
        return cls(**values, term_ids=term_ids)


def resolve_term(kind, value) -> frozenset:
    """Ids of the terms of this kind named `value` (name or slug, either vocabulary) and
    their crosswalk equivalents."""
    terms = Term.objects.filter(kind=kind)
    found = terms.filter(slug=value) | terms.filter(name__iexact=value)
    ids = frozenset(found.with_equivalents().values_list("id", flat=True))
    if not ids:
        key = fold(value)
        names = [n for n in terms.order_by("name").values_list("name", flat=True).distinct()
                 if key and (key in fold(n) or fold(n) in key)]
        raise BadParameter(kind, f"no {Kind(kind).label.lower()} is named {value[:80]!r}",
                           names[:8])
    return ids


def _getter(query):
    def get(name):
        if hasattr(query, "getlist"):
            return query.getlist(name)
        value = query.get(name)
        if value is None:
            return []
        return list(value) if isinstance(value, (list, tuple)) else [value]
    return get


def _one(values, name):
    values = [v for v in values if str(v).strip() != ""]
    if len(values) > 1:
        raise BadParameter(name, "expected one value")
    return str(values[0]) if values else ""


def _clean(text, name):
    if "\x00" in text:
        raise BadParameter(name, "contains a NUL character")
    return text


def _text(values, name, limit):
    text = _clean(_one(values, name), name)
    if len(text) > limit:
        raise BadParameter(name, f"at most {limit} characters")
    return text


def _many(get, name):
    values = [_clean(str(v).strip(), name) for v in get(name) if str(v).strip()]
    if len(values) > MAX_VALUES:
        raise BadParameter(name, f"at most {MAX_VALUES} values")
    for v in values:
        if len(v) > 200:
            raise BadParameter(name, "at most 200 characters")
    return list(dict.fromkeys(values))


def _int(values, name, low, high, default):
    text = _one(values, name).strip()
    if not text:
        return default
    if not re.fullmatch(r"\d{1,9}", text) or not low <= int(text) <= high:
        raise BadParameter(name, f"expected a whole number from {low} to {high}")
    return int(text)


def _number(text, name):
    try:
        value = float(text)
    except ValueError:
        raise BadParameter(name, f"expected a number, got {text[:40]!r}") from None
    if not math.isfinite(value):
        raise BadParameter(name, "expected a finite number")
    return value


def _float(values, name, default, low, high):
    text = _one(values, name).strip()
    if not text:
        return default
    value = _number(_clean(text, name), name)
    if not low < value <= high:
        raise BadParameter(name, f"expected more than {_num(low)} and at most {_num(high)}")
    return value


def _choice(values, name, allowed):
    text = _one(values, name).strip().lower()
    if text and text not in allowed:
        raise BadParameter(name, f"expected one of {', '.join(allowed)}", list(allowed))
    return text


def _country(value):
    code = value.upper()
    if len(code) == 2 and code.isascii() and code.isalpha():
        return {"EL": "GR", "UK": "GB"}.get(code, code)
    guess = iso_code(value)
    raise BadParameter("country", f"expected a two-letter ISO 3166 code, got {value[:40]!r}",
                       [guess] if guess else [])


def _region(values):
    from dihub.regions.models import Region

    code = _clean(_one(values, "region"), "region").strip().upper()
    if not code:
        return ""
    if not _REGION.fullmatch(code):
        raise BadParameter("region", "expected a NUTS code such as ES41 or ES413")
    code = versions.current(code)  # a NUTS 2021 code that became one 2024 region
    if versions.became(code):
        raise BadParameter("region", f"the NUTS 2021 region {code} was split: choose one of "
                                     "the regions it became", versions.became(code))
    if not Region.objects.filter(code=code).exists():
        near = Region.objects.filter(code__startswith=code[:-1] if len(code) > 2 else code)
        raise BadParameter("region", f"no region has the NUTS code {code}",
                           list(near.values_list("code", flat=True)[:8]))
    return code


def _bbox(values):
    text = _clean(_one(values, "bbox"), "bbox").strip()
    if not text:
        return None
    parts = text.split(",")
    if len(parts) != 4:
        raise BadParameter("bbox", "expected west,south,east,north in degrees")
    w, s, e, n = (_number(p.strip(), "bbox") for p in parts)
    if not (-180 <= w <= 180 and -180 <= e <= 180 and -90 <= s <= n <= 90):
        raise BadParameter("bbox", "expected -180 <= west, east <= 180 and "
                                   "-90 <= south <= north <= 90")
    return (w, s, e, n)


def _place(text, countries):
    m = _LATLON.fullmatch(text)
    if m:
        lat, lon = float(m.group(1)), float(m.group(2))
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise BadParameter("near", "expected lat,lon with -90 <= lat <= 90, "
                                       "-180 <= lon <= 180")
        return (lat, lon), f"{lat:.4f}, {lon:.4f}"
    place = places.find(text, countries)
    if place is None:
        raise BadParameter("near", f"no known place is named {text[:80]!r}; give a town "
                                   "name (optionally ', CC') or lat,lon",
                           places.starting_with(text.split(",")[0][:4] or text))
    return (place.lat, place.lon), f"{place.name}, {place.country}"


def _num(x):
    return f"{x:g}"

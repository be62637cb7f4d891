"""One definition of every search parameter, for the page and the API.

`SearchParams.from_query(querydict)` checks and resolves every parameter, raising
`BadParameter(param, message, suggestions)`; `to_query()` gives the canonical query string.
Within one parameter repeated values are alternatives (OR); different parameters all apply
(AND). Term values match a term's name or slug in either vocabulary, and every term the
crosswalk links to it.
"""

from dataclasses import dataclass, field, replace
from urllib.parse import quote_plus, urlencode

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dihub import params as P
from dihub.catalogue.languages import is_language
from dihub.catalogue.models import HubType, Status
from dihub.params import TERM_KINDS, BadParameter

from . import places, terms

SORTS = ("relevance", "name", "distance", "updated")
DEFAULT_PAGE_SIZE = 24
MAX_PAGE_SIZE = 100
MAX_RADIUS_KM = 2000
DEFAULT_RADIUS_KM = 50.0

def _languages(values):
    codes = tuple(dict.fromkeys(v.strip().lower() for v in P.many(values, "language")))
    for code in codes:
        if not is_language(code):
            raise BadParameter("language", _("%(code)s is not a language code (ISO 639-1, "
                                             "e.g. de, fr, pl)") % {"code": repr(code[:20])})
    return codes


LANGUAGE = P.Param("language", _languages, {"type": "string", "pattern": "^[A-Za-z]{2}$"},
                   "language the hub serves customers in, ISO 639-1 (repeatable, OR)",
                   repeat=True, label=gettext_lazy("Language of service"))

# Every parameter of the search, in the order of the canonical query: the page reads
# them, the API reads them and documents them from here.
PARAMS = (
    P.text("q", "full text", label=gettext_lazy("Text")),
    *(P.terms(kind) for kind in TERM_KINDS),
    P.integer("min_level", "engagement level of the terms, 1-5", 1, 5,
              label=gettext_lazy("Minimum level")),
    P.countries("ISO 3166 alpha-2 code (EL and UK read as GR and GB; repeatable, OR)",
                label=gettext_lazy("Country")),
    replace(P.region(), label=gettext_lazy("Region")),
    P.choice("type", HubType.values, "hub type", label=gettext_lazy("Type")),
    P.choice("status", Status.values, "hub status", label=gettext_lazy("Status")),
    LANGUAGE,
    replace(P.bbox(), label=gettext_lazy("Map area")),
    P.text("near", "place name (optionally ', CC') or lat,lon", label=gettext_lazy("Near")),
    P.positive("radius_km", f"radius around near in km, default {DEFAULT_RADIUS_KM:g}",
               MAX_RADIUS_KM, DEFAULT_RADIUS_KM, label=gettext_lazy("Radius (km)")),
    P.choice("sort", SORTS, "order of the results (default: relevance with q, distance "
                            "with near, else name)"),
    P.page(),
    P.page_size(DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE),
)
LABELS = {p.name: p.label for p in PARAMS if p.label}


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
    language: tuple = ()
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

    def to_query(self) -> str:
        return join_query(self.query_parts())

    def query_parts(self) -> dict:
        """{parameter: its part of the canonical query string} in the canonical order."""
        near = [("near", self.near)] if self.near else []
        if near and self.radius_km != DEFAULT_RADIUS_KM:
            near.append(("radius_km", _num(self.radius_km)))
        return {
            "q": urlencode([("q", self.q.strip())] if self.q.strip() else []),
            **{name: part(name, getattr(self, name)) for name in (*TERM_KINDS, "country")},
            "min_level": part("min_level", self.min_level),
            **{name: part(name, getattr(self, name)) for name in ("region", "type", "status",
                                                                   "language")},
            "bbox": part("bbox", ",".join(_num(x) for x in self.bbox) if self.bbox else ""),
            "near": urlencode(near),
            "sort": part("sort", self.sort),
            "page": part("page", self.page if self.page != 1 else None),
            "page_size": part("page_size", self.page_size
                              if self.page_size != DEFAULT_PAGE_SIZE else None),
        }

    @classmethod
    def from_query(cls, query) -> "SearchParams":
        """From a QueryDict (or a dict of str or lists). BadParameter for any bad value."""
        values = P.read(PARAMS, query)
        term_ids = {kind: frozenset().union(*(terms.resolve(kind, v) for v in values[kind]))
                    for kind in TERM_KINDS if values[kind]}
        if values["near"]:
            values["near_point"], values["near_label"] = _place(values["near"],
                                                                values["country"])
        if values["sort"] == "distance" and not values["near"]:
            raise BadParameter("sort", _("sort=distance needs near=<place or lat,lon>"))
        return cls(**values, term_ids=term_ids)


def part(name, value) -> str:
    """One parameter's part of a query string: repeated for a tuple, none when empty (what
    urlencode gives, without its generality: facets make thousands of these)."""
    values = value if isinstance(value, tuple) else (() if value in ("", None) else (value,))
    return "&".join(f"{name}={quote_plus(str(v))}" for v in values)


def join_query(parts: dict) -> str:
    return "&".join(p for p in parts.values() if p)


def _place(text, countries):
    point = P.lat_lon(text)
    if point:
        return point, f"{point[0]:.4f}, {point[1]:.4f}"
    place = places.find(text, countries)
    if place is None:
        raise BadParameter("near", _("no known place is named %(name)s; give a town name "
                                     "(optionally ', CC') or lat,lon") % {"name": repr(text[:80])},
                           places.starting_with(text.split(",")[0][:4] or text))
    return (place.lat, place.lon), f"{place.name}, {place.country}"


def _num(x):
    return f"{x:g}"

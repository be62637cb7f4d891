"""The list of regions with their published hub counts: /regions/ and GET /api/regions.

`ListParams.parse(query)` checks level, country, sort, page and page_size with the shared
rules of dihub.params (BadParameter for a bad one); `region_list(params)` gives one page.
"""

import math
from dataclasses import asdict, dataclass
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dihub import params as P
from dihub.catalogue.serialize import country_name
from dihub.params import BadParameter
from dihub.regions.countries import iso_from_nuts, nuts_country
from dihub.regions.models import Region, RegionBoundary
from dihub.regions.nuts import latin_names

from .summary import hub_counts

SORTS = ("code", "name", "hubs")
DEFAULT_PAGE_SIZE = 100
MAX_PAGE_SIZE = 500

def nuts_countries() -> frozenset:
    """ISO codes of the countries that have regions."""
    return frozenset(iso_from_nuts(c) for c in
                     Region.objects.filter(level=0).values_list("code", flat=True))


PARAMS = (
    P.integer("level", "NUTS level, 0 (countries) to 3", 0, 3),
    P.country("country code, ISO or NUTS (EL, UK)", allowed=nuts_countries,
              expected=gettext_lazy("a country with NUTS or statistical regions, such as DE, EL "
                                   "or UK")),
    P.choice("sort", SORTS, "order: code (default), name or hubs (most first)",
             default="code"),
    P.page(100_000),
    P.page_size(DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE),
)


@dataclass(frozen=True)
class ListParams:
    level: int | None = None
    country: str = ""  # NUTS country code (EL, UK)
    sort: str = "code"
    page: int = 1
    page_size: int = DEFAULT_PAGE_SIZE

    @classmethod
    def parse(cls, query) -> "ListParams":
        values = P.read(PARAMS, query)
        return cls(**{**values, "country": nuts_country(values["country"])})

    def query(self, **change) -> str:
        """The canonical query string, with some values changed."""
        values = {**asdict(self), **change}
        defaults = asdict(ListParams())
        return urlencode({k: v for k, v in values.items() if v != defaults[k]})


def region_list(params: ListParams) -> dict:
    """One page of regions with their published hub counts (in them and below them).
    BadParameter past the last page."""
    regions = Region.objects.all()
    if params.level is not None:
        regions = regions.filter(level=params.level)
    if params.country:
        regions = regions.filter(country=params.country)
    rows = list(regions.values_list("code", "name", "level", "country"))
    counts, latin = hub_counts(), latin_names()
    keys = {"code": lambda r: r[0], "name": lambda r: (latin.get(r[0], r[1]).casefold(), r[0]),
            "hubs": lambda r: (-counts.get(r[0], 0), r[0])}
    rows.sort(key=keys[params.sort])
    last = max(1, math.ceil(len(rows) / params.page_size))
    if params.page > last:
        raise BadParameter("page", _("page %(page)s does not exist: the last page is %(last)s")
                           % {"page": params.page, "last": last}, [str(last)], status=404)
    start = (params.page - 1) * params.page_size
    page = rows[start:start + params.page_size]
    with_boundary = set(RegionBoundary.objects.filter(region_id__in=[r[0] for r in page])
                        .values_list("region_id", flat=True))
    return {
        "count": len(rows),
        "page": params.page,
        "page_size": params.page_size,
        "pages": last,
        "level": params.level,
        "country": params.country,
        "sort": params.sort,
        "results": [{"code": c, "name": n, "name_latin": latin.get(c, ""), "level": lv,
                     "country": cc,
                     "country_name": country_name(cc), "hubs": counts.get(c, 0),
                     "boundary": c in with_boundary,
                     "url": reverse("region-detail", args=[c])}
                    for c, n, lv, cc in page],
        "boundaries_url": _boundaries_url(params) if with_boundary else None,
    }


def _boundaries_url(params):
    query = urlencode({k: v for k, v in (("level", params.level), ("country", params.country))
                       if v not in (None, "")})
    return reverse("api-1:regions-boundaries") + (f"?{query}" if query else "")


def boundary_codes(params: ListParams) -> list:
    """The codes a list's map draws: every region of the list (not only one page)."""
    regions = Region.objects.all()
    if params.level is not None:
        regions = regions.filter(level=params.level)
    if params.country:
        regions = regions.filter(country=params.country)
    return list(regions.filter(boundary__isnull=False).values_list("code", flat=True))

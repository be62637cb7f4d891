"""The parameters of a coverage question, for the page, the JSON and the CSV.

`CoverageParams.from_query(querydict)` checks every value (the shared rules of dihub.params)
and resolves the term, name or slug of either vocabulary with its crosswalk equivalents; a
bad value raises BadParameter, which the caller answers with 400.
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.utils.translation import gettext_lazy

from dihub import params as P
from dihub.params import TERM_KINDS, resolve_term

from . import places

DEFAULT_MIN_POPULATION = 5000
MAX_MIN_POPULATION = 10_000_000

PARAMS = (
    *(P.terms(kind, f"{kind} name or slug, either vocabulary (crosswalk)", repeat=False)
      for kind in TERM_KINDS),
    P.integer("min_level", "engagement level of the term (with no term: any term at that "
                           "level)", 1, 5),
    P.countries("ISO code of a country with NUTS regions, or EU (repeatable); default: all",
                allowed=places.countries, extra=("EU",),
                expected=gettext_lazy("EU or the ISO code of a country with NUTS regions")),
    P.integer("min_population", "smallest place counted", places.GAZETTEER_MIN_POPULATION,
              MAX_MIN_POPULATION, DEFAULT_MIN_POPULATION),
    P.flag("cross_border", "0: only hubs of the chosen countries count"),
)


@dataclass(frozen=True)
class CoverageParams:
    technology: str = ""
    sector: str = ""
    service: str = ""
    min_level: int | None = None
    country: tuple = ()  # ISO codes, "EU" for the 27 member states
    min_population: int = DEFAULT_MIN_POPULATION
    cross_border: bool = True  # hubs in other countries count too
    term_ids: dict = field(default_factory=dict, compare=False, repr=False)

    @property
    def countries(self) -> frozenset:
        """The ISO codes chosen, EU expanded; empty for all."""
        found = set()
        for code in self.country:
            found |= places.EU if code == "EU" else {code}
        return frozenset(found)

    def to_query(self) -> str:
        pairs = [(kind, getattr(self, kind)) for kind in TERM_KINDS if getattr(self, kind)]
        if self.min_level is not None:
            pairs.append(("min_level", self.min_level))
        pairs += [("country", c) for c in self.country]
        if self.min_population != DEFAULT_MIN_POPULATION:
            pairs.append(("min_population", self.min_population))
        if not self.cross_border:
            pairs.append(("cross_border", "0"))
        return urlencode(pairs)

    @classmethod
    def from_query(cls, query) -> "CoverageParams":
        values = P.read(PARAMS, query)
        term_ids = {}
        for kind in TERM_KINDS:
            values[kind] = values[kind][0] if values[kind] else ""
            if values[kind]:
                term_ids[kind] = resolve_term(kind, values[kind])
        values["country"] = tuple(sorted(values["country"]))
        return cls(**values, term_ids=term_ids)

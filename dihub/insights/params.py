"""The parameters of a coverage question, for the page, the JSON and the CSV.

`CoverageParams.from_query(querydict)` checks every value and resolves the term through
dihub.search (name or slug of either vocabulary, with its crosswalk equivalents); a bad
value raises dihub.search.filters.BadParameter, which the caller answers with 400.
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from dihub.search.filters import (
    TERM_KINDS,
    BadParameter,
    _getter,
    _int,
    _many,
    _one,
    _text,
    resolve_term,
)

from . import places

DEFAULT_MIN_POPULATION = 5000
MAX_MIN_POPULATION = 10_000_000
FLAGS = {"1": True, "true": True, "yes": True, "on": True,
         "0": False, "false": False, "no": False, "off": False}


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
        get = _getter(query)
        values, term_ids = {}, {}
        for kind in TERM_KINDS:
            values[kind] = _text(get(kind), kind, 200).strip()
            if values[kind]:
                term_ids[kind] = resolve_term(kind, values[kind])
        values["min_level"] = _int(get("min_level"), "min_level", 1, 5, None)
        values["country"] = tuple(sorted(_country(c) for c in _many(get, "country")))
        values["min_population"] = _int(get("min_population"), "min_population",
                                        places.GAZETTEER_MIN_POPULATION, MAX_MIN_POPULATION,
                                        DEFAULT_MIN_POPULATION)
        flag = _one(get("cross_border"), "cross_border").strip().lower()
        if flag and flag not in FLAGS:
            raise BadParameter("cross_border", "expected 1 or 0", ["1", "0"])
        values["cross_border"] = FLAGS.get(flag, True)
        return cls(**values, term_ids=term_ids)


def _country(value: str) -> str:
    code = value.strip().upper()
    code = {"EL": "GR", "UK": "GB"}.get(code, code)
    if code == "EU" or code in places.countries():
        return code
    from dihub.regions.countries import iso_code

    guess = iso_code(value)
    hint = [guess] if guess in places.countries() else []
    raise BadParameter("country", f"expected EU or the ISO code of a country with NUTS "
                                  f"regions, got {value[:40]!r}", hint)

"""Request parameters shared by every page and API: their rules, errors and OpenAPI text.

A `Param` reads its value from a query (a QueryDict, or a dict of strings or lists) and
raises BadParameter for a value it cannot use; pages and APIs answer that with 400. The
same Param gives the OpenAPI description of the query parameter, so that the document says
what the code checks. Only ASCII digits make numbers: "²" or "٣" are text, never an id.
Country codes follow one rule everywhere: ISO 3166 alpha-2, the NUTS spellings EL and UK
accepted and read as GR and GB.
"""

import math
import re
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from dihub.regions import versions
from dihub.regions.countries import iso_code
from dihub.regions.gazetteer import fold
from dihub.taxonomy.models import Kind, Term

ASCII_DIGITS = re.compile(r"[0-9]+")
MAX_ID = 2**63 - 1  # the largest id a database column holds
MAX_VALUES = 20  # of a repeatable parameter
MAX_TEXT = 200
NUTS_CODE = re.compile(r"[A-Z]{2}[A-Z0-9]{0,3}")
_NUM = r"[-+]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]{1,3})?"
NUMBER = re.compile(_NUM)
LAT_LON = re.compile(rf"\s*({_NUM})\s*,\s*({_NUM})\s*")
TERM_KINDS = ("technology", "sector", "service")
# what a reader is told when no term of a kind has the name given (one sentence per kind:
# the languages inflect each differently)
NO_TERM = {"technology": gettext_lazy("no technology is named %(name)s"),
           "sector": gettext_lazy("no sector is named %(name)s"),
           "service": gettext_lazy("no service is named %(name)s")}
A_COUNTRY = gettext_lazy("the ISO 3166 code of a country")
COUNTRY_LABEL = gettext_lazy("Country")


class BadParameter(ValueError):
    """A parameter value that cannot be used: the caller answers `status` (400, or 404 for
    a page past the last) with this."""

    def __init__(self, param, message, suggestions=(), status=400):
        super().__init__(f"{param}: {message}")
        self.param = param
        self.message = message
        self.suggestions = list(suggestions)
        self.status = status

    def as_dict(self) -> dict:
        """The body of the 400 answer (schemas.BadRequest)."""
        return {"detail": str(self), "param": self.param, "suggestions": self.suggestions}


WHOLE_FRACTION = re.compile(r"(?<=[0-9])\.0+$")


def ascii_int(text, low=0, high=MAX_ID):
    """The whole number written in ASCII digits, when it lies in [low, high]; else None."""
    text = str(text).strip()
    if not ASCII_DIGITS.fullmatch(text) or len(text) > 19:
        return None
    value = int(text)
    return value if low <= value <= high else None


# -- reading raw values ------------------------------------------------------------------

def raw_values(query, name) -> list[str]:
    """The non-blank values of a parameter, stripped, checked for NUL and length."""
    if hasattr(query, "getlist"):
        given = query.getlist(name)
    else:
        given = query.get(name)
        given = [] if given is None else list(given) if isinstance(given, list | tuple) else [
            given]
    values = [str(v).strip() for v in given if str(v).strip() != ""]
    for v in values:
        if "\x00" in v:
            raise BadParameter(name, _("contains a NUL character"))
        if len(v) > MAX_TEXT:
            raise BadParameter(name, ngettext("at most %(n)s character", "at most %(n)s characters",
                                              MAX_TEXT) % {"n": MAX_TEXT})
    return values


def one(values, name) -> str:
    if len(values) > 1:
        raise BadParameter(name, _("expected one value"))
    return values[0] if values else ""


def many(values, name) -> tuple:
    if len(values) > MAX_VALUES:
        raise BadParameter(name, ngettext("at most %(n)s value", "at most %(n)s values",
                                          MAX_VALUES) % {"n": MAX_VALUES})
    return tuple(dict.fromkeys(values))


def whole_number(text, name, low, high, default=None):
    """An integer in [low, high]; 2.0 is one too, as JSON Schema counts it."""
    if not text:
        return default
    value = ascii_int(WHOLE_FRACTION.sub("", text.strip()), low, high)
    if value is None:
        raise BadParameter(name, _("expected a whole number from %(low)s to %(high)s")
                           % {"low": low, "high": high})
    return value


def real_number(text, name) -> float:
    if not NUMBER.fullmatch(text):
        raise BadParameter(name, _("expected a number, got %(value)s") % {"value": repr(text[:40])})
    value = float(text)
    if not math.isfinite(value):
        raise BadParameter(name, _("expected a finite number"))
    return value


def country_code(text, name="country", allowed: Callable[[], frozenset] | None = None,
                 expected=A_COUNTRY) -> str:
    """The ISO code of a two-letter country code (EL, UK read as GR, GB); with `allowed`, one
    of those codes only."""
    code = iso_code(text) if len(text) == 2 and text.isascii() else None
    if code and (allowed is None or code in allowed()):
        return code
    guess = iso_code(text)
    hint = [guess] if guess and (allowed is None or guess in allowed()) else []
    raise BadParameter(name, _("expected %(expected)s, got %(value)s")
                       % {"expected": expected, "value": repr(text[:40])}, hint)


def region_code(text, name="region") -> str:
    """A NUTS code of any level that some region has (a NUTS 2021 code read as its one
    2024 successor)."""
    from dihub.regions.models import Region

    code = text.upper()
    if not code:
        return ""
    if not NUTS_CODE.fullmatch(code):
        raise BadParameter(name, _("expected a NUTS code such as ES41 or ES413"))
    code = versions.current(code)
    if versions.became(code):
        raise BadParameter(name, _("the NUTS 2021 region %(code)s was split: choose one of "
                                   "the regions it became") % {"code": code},
                           versions.became(code))
    if not Region.objects.filter(code=code).exists():
        near = Region.objects.filter(code__startswith=code[:-1] if len(code) > 2 else code)
        raise BadParameter(name, _("no region has the NUTS code %(code)s") % {"code": code},
                           list(near.values_list("code", flat=True)[:8]))
    return code


def resolve_term(kind, value) -> frozenset:
    """Ids of the terms of this kind named `value` (name or slug, either vocabulary) and
    their crosswalk equivalents; BadParameter with close names when there is none."""
    terms = Term.objects.filter(kind=kind)
    found = terms.filter(slug=value) | terms.filter(name__iexact=value)
    ids = frozenset(found.with_equivalents().values_list("id", flat=True))
    if not ids:
        key = fold(value)
        names = [n for n in terms.order_by("name").values_list("name", flat=True).distinct()
                 if key and (key in fold(n) or fold(n) in key)]
        raise BadParameter(kind, NO_TERM[kind] % {"name": repr(value[:80])}, names[:8])
    return ids


def bounding_box(text, name="bbox"):
    if not text:
        return None
    parts = text.split(",")
    if len(parts) != 4:
        raise BadParameter(name, _("expected west,south,east,north in degrees"))
    w, s, e, n = (real_number(p.strip(), name) for p in parts)
    if not (-180 <= w <= 180 and -180 <= e <= 180 and -90 <= s <= n <= 90):
        raise BadParameter(name, _("expected -180 <= west, east <= 180 and "
                                   "-90 <= south <= north <= 90"))
    return (w, s, e, n)


def lat_lon(text, name="near"):
    """(lat, lon) of "lat,lon", or None when the text is not two numbers."""
    m = LAT_LON.fullmatch(text)
    if not m:
        return None
    lat, lon = float(m.group(1)), float(m.group(2))
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise BadParameter(name, _("expected lat,lon with -90 <= lat <= 90, "
                                   "-180 <= lon <= 180"))
    return lat, lon


# -- declared parameters -----------------------------------------------------------------

@dataclass(frozen=True)
class Param:
    """A query parameter: its name, how its raw values become its value, and its OpenAPI."""

    name: str
    read: Callable  # (list of raw values) -> value; BadParameter for a bad one
    schema: dict  # JSON schema of one value
    description: str
    repeat: bool = False
    label: str = ""  # what a page calls the filter

    def __call__(self, query):
        return self.read(raw_values(query, self.name))

    def openapi(self) -> dict:
        one_value = blank_or(self.schema)
        schema = {"type": "array", "items": one_value, "maxItems": MAX_VALUES} \
            if self.repeat else one_value
        out = {"in": "query", "name": self.name, "required": False, "schema": schema,
               "description": self.description}
        return {**out, "style": "form", "explode": True} if self.repeat else out


BLANK = r"[\s\x1c-\x1f]*"  # what str.strip removes (JSON Schema's \s lacks \x1c-\x1f)


def blank_or(schema: dict) -> dict:
    """The schema of a query value that may also be blank: a blank value is the same as
    none (raw_values), as an HTML form sends an empty field."""
    if schema.get("type") in ("integer", "number"):
        return {"anyOf": [schema, {"type": "string", "pattern": f"^{BLANK}$"}]}
    if schema.get("type") != "string":
        return schema
    out = {k: v for k, v in schema.items() if k != "minLength"}
    if "enum" in out:
        out["enum"] = ["", *out["enum"]]
    if "pattern" in out:
        inner = out["pattern"].removeprefix("^").removesuffix("$")
        out["pattern"] = f"^{BLANK}({inner})?{BLANK}$"
    return out


def unblank(schema: dict) -> dict:
    """The schema blank_or was given (for the docs' tables)."""
    if len(schema.get("anyOf", ())) == 2 and schema["anyOf"][1].get("pattern") == f"^{BLANK}$":
        return schema["anyOf"][0]
    out = {**schema, "enum": [v for v in schema["enum"] if v]} if "enum" in schema else schema
    head, tail = f"^{BLANK}(", f")?{BLANK}$"
    pattern = out.get("pattern", "")
    if pattern.startswith(head) and pattern.endswith(tail):
        out = {**out, "pattern": f"^{pattern[len(head):-len(tail)]}$"}
    return out


def openapi(*params: Param) -> dict:
    """The openapi_extra of an operation that reads these parameters."""
    return {"parameters": [p.openapi() for p in params]}


def read(params, query) -> dict:
    """{name: value} of every parameter; BadParameter for the first bad one."""
    return {p.name: p(query) for p in params}


def _text_schema(limit=MAX_TEXT, **more):
    return {"type": "string", "maxLength": limit, **more}


def text(name, description, label="", limit=MAX_TEXT) -> Param:
    return Param(name, lambda v: one(v, name), _text_schema(limit), description,
                 label=label)


def integer(name, description, low, high, default=None, label="") -> Param:
    schema = {"type": "integer", "minimum": low, "maximum": high}
    if default is not None:
        schema["default"] = default
    return Param(name, lambda v: whole_number(one(v, name), name, low, high, default),
                 schema, description, label=label)


def positive(name, description, high, default, label="") -> Param:
    """A number more than 0 and at most high."""
    def read_value(values):
        text = one(values, name)
        if not text:
            return default
        value = real_number(text, name)
        if not 0 < value <= high:
            raise BadParameter(name, _("expected more than 0 and at most %(high)s")
                               % {"high": f"{high:g}"})
        return value
    return Param(name, read_value, {"type": "number", "exclusiveMinimum": 0, "maximum": high,
                                    "default": default}, description, label=label)


def choice(name, allowed, description, default="", label="") -> Param:
    allowed = tuple(allowed)

    def read_value(values):
        value = one(values, name)
        if value and value not in allowed:
            raise BadParameter(name, _("expected one of %(values)s")
                               % {"values": ", ".join(allowed)}, list(allowed))
        return value or default
    return Param(name, read_value, {"type": "string", "enum": list(allowed)}, description,
                 label=label)


def flag(name, description, default=True) -> Param:
    words = {"1": True, "true": True, "yes": True, "on": True,
             "0": False, "false": False, "no": False, "off": False}

    def read_value(values):
        value = one(values, name).lower()
        if value and value not in words:
            raise BadParameter(name, _("expected 1 or 0"), ["1", "0"])
        return words.get(value, default)
    return Param(name, read_value, {"type": "string", "enum": sorted(words)}, description)


def countries(description, allowed=None, extra=(), name="country",
              label=COUNTRY_LABEL, expected=A_COUNTRY) -> Param:
    """Repeatable country codes; `extra` are other words taken as they are (EU)."""
    def read_value(values):
        return tuple(dict.fromkeys(
            v.upper() if v.upper() in extra else country_code(v, name, allowed, expected)
            for v in many(values, name)))
    return Param(name, read_value, _text_schema(2, minLength=2, pattern="^[A-Za-z]{2}$"),
                 description, repeat=True, label=label)


def country(description, allowed=None, name="country", expected=A_COUNTRY) -> Param:
    def read_value(values):
        value = one(values, name)
        return country_code(value, name, allowed, expected) if value else ""
    return Param(name, read_value, _text_schema(2, minLength=2, pattern="^[A-Za-z]{2}$"),
                 description, label=COUNTRY_LABEL)


def region(description="NUTS code of a region, any level (NUTS 2021 codes are read as "
                       "their 2024 successor)") -> Param:
    return Param("region", lambda v: region_code(one(v, "region")),
                 _text_schema(5, minLength=2, pattern="^[A-Za-z]{2}[A-Za-z0-9]{0,3}$"),
                 description, label=gettext_lazy("Region"))


def terms(kind, description=None, repeat=True) -> Param:
    """Names or slugs of terms of one kind, either vocabulary; the value is the tuple of
    names given, to resolve with resolve_term."""
    description = description or (f"{kind} name or slug, either vocabulary, with its "
                                   "crosswalk equivalents" + (" (repeatable, OR)" if repeat
                                                              else ""))

    def read_value(values):
        return many(values, kind) if repeat else tuple(v for v in [one(values, kind)] if v)
    return Param(kind, read_value, _text_schema(), description, repeat=repeat,
                 label=Kind(kind).label)


def bbox() -> Param:
    return Param("bbox", lambda v: bounding_box(one(v, "bbox")),
                 _text_schema(pattern=rf"^\s*{_NUM}(\s*,\s*{_NUM}){{3}}\s*$"),
                 "west,south,east,north in degrees", label=gettext_lazy("Map area"))


def page(high=1_000_000) -> Param:
    return integer("page", "page, from 1", 1, high, 1)


def page_size(default, high) -> Param:
    return integer("page_size", f"results per page, default {default}", 1, high, default)

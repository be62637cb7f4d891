"""Reading one value of an untrusted file: the type a field needs, or a Problem. No Django.

Every importer reads its values through these, so that a list where text belongs, a NaN
where a latitude belongs or text where an object belongs is reported the same way in every
format: the row, the column, what was expected. A required value (a name) that is wrong
rejects the row; an optional one is left out and the rest of the row kept. Sizes and
formats (e-mail addresses, links) are checked later against the fact-sheet's own rules
(importers.conform).
"""

import json
import math
import re

from . import clean
from .record import HubRecord

REJECTED = "(row rejected)"
LEFT_OUT = "left out"
UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
_NUMBER = re.compile(r"\s*[-+]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]{1,3})?\s*")


def shown(value) -> str:
    """A wrong value as the report shows it (the report keeps its first 200 characters)."""
    if isinstance(value, str):
        return value[:200]
    try:
        return json.dumps(value, ensure_ascii=False, default=str)[:200]
    except (TypeError, ValueError):
        return type(value).__name__


def as_text(value) -> str | None:
    """A string, or a finite number written out (12345.0 as 12345); None for other types."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float) and math.isfinite(value):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else str(value)
    return None


def _wrong(rec: HubRecord, column, expected, value, required):
    outcome = REJECTED if required else LEFT_OUT
    rec.problem(column, f"expected {expected}, found {kind_of(value)}: {outcome}", shown(value))


def kind_of(value) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, float) and not math.isfinite(value):
        return "NaN or Infinity"
    if isinstance(value, (int, float)):
        return "a number"
    return {dict: "an object", list: "a list", str: "text"}.get(type(value),
                                                               type(value).__name__)


def storable(text: str) -> bool:
    """Whether a database can hold the text: no NUL character (PostgreSQL refuses it), no
    lone surrogate (not UTF-8)."""
    return not UNSTORABLE.search(text)


def _raw(rec: HubRecord, column: str, value, required) -> str:
    raw = as_text(value)
    if raw is None:
        _wrong(rec, column, "text", value, required)
        return ""
    if not storable(raw):
        outcome = REJECTED if required else LEFT_OUT
        rec.problem(column, f"text with a NUL character or a lone surrogate: {outcome}")
        return ""
    return raw


def text(rec: HubRecord, column: str, value, *, required=False) -> str:
    """One line of plain text from text or a number; "" (and a Problem) for anything else."""
    if value is None:
        return ""
    return clean.plain(_raw(rec, column, value, required))


def rich(rec: HubRecord, column: str, value) -> str:
    """Sanitized HTML from text; "" (and a Problem) for anything else."""
    if value is None:
        return ""
    return clean.rich(_raw(rec, column, value, False))


def obj(rec: HubRecord, column: str, value, expected="an object") -> dict:
    """An object (JSON dict); {} (and a Problem unless absent) for anything else."""
    if value in (None, ""):
        return {}
    if not isinstance(value, dict):
        _wrong(rec, column, expected, value, False)
        return {}
    return value


def items(rec: HubRecord, column: str, value, expected="a list") -> list:
    """A list; [] (and a Problem unless absent) for anything else."""
    if value in (None, ""):
        return []
    if not isinstance(value, list):
        _wrong(rec, column, expected, value, False)
        return []
    return value


def number(value) -> float | None:
    """A finite number from a number or text written with ASCII digits; else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        result = float(value)
    elif isinstance(value, str) and _NUMBER.fullmatch(value):
        result = float(value)
    else:
        return None
    return result if math.isfinite(result) else None


def coordinates(rec: HubRecord, column: str, lat, lon):
    """rec.lat and rec.lon from two values, when both are numbers in range; a Problem (and
    no coordinates) otherwise. Two absent values are no problem."""
    if lat in (None, "") and lon in (None, ""):
        return
    y, x = number(lat), number(lon)
    if y is None or x is None or not (-90 <= y <= 90 and -180 <= x <= 180):
        rec.problem(column, "expected a latitude from -90 to 90 and a longitude from -180 to "
                    f"180: coordinates {LEFT_OUT}", f"{shown(lat)},{shown(lon)}")
        return
    rec.lat, rec.lon = y, x


def point(rec: HubRecord, column: str, geometry):
    """rec.lat and rec.lon from a GeoJSON Point ({"type": "Point", "coordinates": [lon, lat]})."""
    if geometry in (None, "", {}):
        return
    coords = geometry.get("coordinates") if isinstance(geometry, dict) else None
    if not (isinstance(geometry, dict) and geometry.get("type") == "Point"
            and isinstance(coords, list) and len(coords) >= 2):
        rec.problem(column, "expected a GeoJSON Point with coordinates [longitude, latitude]: "
                    f"coordinates {LEFT_OUT}", shown(geometry))
        return
    coordinates(rec, column, coords[1], coords[0])


def website(rec: HubRecord, column: str, value) -> str:
    """A web address from text ("example.eu" gets https://); "" and a Problem when the value
    is no usable link."""
    given = text(rec, column, value)
    url, reason = clean.website(given)
    if reason:
        rec.problem(column, reason, given)
    return url

